#include "desktop/core/config_reader.hpp"

namespace desk {

using nlohmann::json;

namespace {

std::string path_of(const char* section, const char* key) {
    return section ? std::string(section) + "." + key : std::string(key);
}

// 0.5, 1000, 3600000: no trailing zeros in the messages admins read.
std::string format(double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

}  // namespace

json parse_config_json(std::string_view text, std::vector<std::string>& problems) {
    json config = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (config.is_discarded() || !config.is_object()) {
        problems.push_back("the file is not a JSON object (every default kept)");
        return json::object();
    }
    return config;
}

const json* find_config_value(const json& config, const char* section, const char* key) {
    if (!config.is_object()) return nullptr;
    const json* scope = &config;
    if (section != nullptr) {
        const auto it = config.find(section);
        if (it == config.end() || !it->is_object()) return nullptr;
        scope = &*it;
    }
    const auto it = scope->find(key);
    return it == scope->end() ? nullptr : &*it;
}

bool ConfigReader::section(const char* name) {
    const auto it = config_.find(name);
    if (it == config_.end()) return true;
    if (it->is_object()) return true;
    problems.push_back(std::string(name) + ": must be an object (every default kept)");
    return false;
}

void ConfigReader::problem(const char* section, const char* key, const std::string& expected) {
    problems.push_back(path_of(section, key) + ": " + expected + " (default kept)");
}

void ConfigReader::number(const char* section, const char* key, double& out, double min, double max) {
    const json* value = find_config_value(config_, section, key);
    if (!value) return;
    if (!value->is_number() || !(value->get<double>() >= min) || value->get<double>() > max)
        return problem(section, key, "must be a number in " + format(min) + ".." + format(max));
    out = value->get<double>();
}

void ConfigReader::number(const char* section, const char* key, float& out, double min, double max) {
    double wide = out;
    const std::size_t before = problems.size();
    number(section, key, wide, min, max);
    if (problems.size() == before) out = static_cast<float>(wide);
}

void ConfigReader::integer(const char* section, const char* key, int& out, int min, int max) {
    const json* value = find_config_value(config_, section, key);
    if (!value) return;
    if (!value->is_number_integer() || value->get<long long>() < min || value->get<long long>() > max)
        return problem(section, key, "must be an integer in " + std::to_string(min) + ".." + std::to_string(max));
    out = value->get<int>();
}

void ConfigReader::count(const char* section, const char* key, std::size_t& out, std::size_t min, std::size_t max) {
    const json* value = find_config_value(config_, section, key);
    if (!value) return;
    if (!value->is_number_integer() || value->get<long long>() < 0 ||
        static_cast<unsigned long long>(value->get<long long>()) < min ||
        static_cast<unsigned long long>(value->get<long long>()) > max)
        return problem(section, key, "must be an integer in " + std::to_string(min) + ".." + std::to_string(max));
    out = static_cast<std::size_t>(value->get<long long>());
}

void ConfigReader::text(const char* section, const char* key, std::string& out, std::size_t max_bytes) {
    const json* value = find_config_value(config_, section, key);
    if (!value) return;
    if (!value->is_string() || value->get_ref<const std::string&>().size() > max_bytes)
        return problem(section, key, "must be a string of at most " + std::to_string(max_bytes) + " bytes");
    out = value->get<std::string>();
}

void ConfigReader::flag(const char* section, const char* key, bool& out) {
    const json* value = find_config_value(config_, section, key);
    if (!value) return;
    if (!value->is_boolean()) return problem(section, key, "must be true or false");
    out = value->get<bool>();
}

}  // namespace desk
