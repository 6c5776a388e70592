#include "platform_settings.hpp"

#include <nlohmann/json.hpp>

namespace desk::web {
namespace {

using nlohmann::json;

// Looks up "section.key"; absent (or section absent) returns nullptr.
const json* find(const json& root, const char* section, const char* key) {
    if (section == nullptr) {
        auto it = root.find(key);
        return it == root.end() ? nullptr : &*it;
    }
    auto sec = root.find(section);
    if (sec == root.end() || !sec->is_object()) return nullptr;
    auto it = sec->find(key);
    return it == sec->end() ? nullptr : &*it;
}

std::string path_of(const char* section, const char* key) {
    return section ? std::string(section) + "." + key : std::string(key);
}

class Reader {
public:
    explicit Reader(const json& root) : root_(root) {}

    template <typename Number>
    void number(const char* section, const char* key, Number& out, double min, double max) {
        const json* value = find(root_, section, key);
        if (!value) return;
        if (!value->is_number() || value->get<double>() < min || value->get<double>() > max) {
            problem(section, key, "must be a number in " + format(min) + ".." + format(max));
            return;
        }
        out = static_cast<Number>(value->get<double>());
    }

    void integer(const char* section, const char* key, int& out, int min, int max) {
        const json* value = find(root_, section, key);
        if (!value) return;
        if (!value->is_number_integer() || value->get<long long>() < min || value->get<long long>() > max) {
            problem(section, key, "must be an integer in " + std::to_string(min) + ".." + std::to_string(max));
            return;
        }
        out = value->get<int>();
    }

    void text(const char* section, const char* key, std::string& out, std::size_t max_chars) {
        const json* value = find(root_, section, key);
        if (!value) return;
        if (!value->is_string() || value->get_ref<const std::string&>().size() > max_chars) {
            problem(section, key, "must be a string of at most " + std::to_string(max_chars) + " bytes");
            return;
        }
        out = value->get<std::string>();
    }

    void flag(const char* section, const char* key, bool& out) {
        const json* value = find(root_, section, key);
        if (!value) return;
        if (!value->is_boolean()) {
            problem(section, key, "must be true or false");
            return;
        }
        out = value->get<bool>();
    }

    std::vector<std::string> problems;

private:
    static std::string format(double v) {
        std::string s = std::to_string(v);
        s.erase(s.find_last_not_of('0') + 1);
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    }
    void problem(const char* section, const char* key, const std::string& what) {
        problems.push_back(path_of(section, key) + ": " + what + " (default kept)");
    }
    const json& root_;
};

}  // namespace

SettingsReadResult read_platform_settings(std::string_view config_json) {
    SettingsReadResult result;
    json root = json::parse(config_json, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded() || !root.is_object()) {
        result.problems.push_back("config.json: not a JSON object (every default kept)");
        return result;
    }
    Reader read(root);
    PlatformSettings& s = result.settings;
    read.text(nullptr, "serverUrl", s.server_url, 2048);
    read.number("ui", "fontSizePx", s.font_size_css_px, 8, 48);
    read.text("ui", "glyphFontFamily", s.glyph_font_family, 512);
    read.integer("ui", "maxBrowserGlyphs", s.max_browser_glyphs, 0, 60000);
    read.integer("rendering", "framesPerWake", s.frames_per_wake, 1, 60);
    read.number("rendering", "animationFrameIntervalMs", s.animation_frame_interval_ms, 0, 1000);
    read.number("rendering", "hoverSettleMs", s.hover_settle_ms, 0, 5000);
    read.number("rendering", "hiddenFrameIntervalMs", s.hidden_frame_interval_ms, 1, 60000);
    read.integer("rendering", "maxPendingTimers", s.max_pending_timers, 1, 100000);
    read.flag("features", "notifications", s.notifications_enabled);
    read.flag("features", "ringTone", s.ring_tone_enabled);
    read.flag(nullptr, "automation", s.automation);
    result.problems = std::move(read.problems);
    return result;
}

}  // namespace desk::web
