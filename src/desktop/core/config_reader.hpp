// Reading config.json, the file admins edit next to index.html without a rebuild. One policy for every feature:
// the text is parsed once; a missing key keeps its default; a value of the wrong type or out of range keeps its
// default and is reported as "section.key: what is expected (default kept)"; unknown keys are ignored (forward
// compatibility). A typo never breaks the desktop, and the platform shows every problem in the console.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace desk {

// The parsed file. Text that is not a JSON object is reported once and read as {} (every default kept).
[[nodiscard]] nlohmann::json parse_config_json(std::string_view text, std::vector<std::string>& problems);

// Looks up `section.key` (`section` nullptr = a top-level key); nullptr when absent or the section is no object.
[[nodiscard]] const nlohmann::json* find_config_value(const nlohmann::json& config, const char* section,
                                                      const char* key);

// Checked reads of single values into a feature's settings; problems collect here.
class ConfigReader {
public:
    explicit ConfigReader(const nlohmann::json& config) : config_(config) {}

    // False (and reported, unless absent) when `section` is present but not an object.
    bool section(const char* section);
    void number(const char* section, const char* key, double& out, double min, double max);
    void number(const char* section, const char* key, float& out, double min, double max);
    void integer(const char* section, const char* key, int& out, int min, int max);
    void count(const char* section, const char* key, std::size_t& out, std::size_t min, std::size_t max);
    void text(const char* section, const char* key, std::string& out, std::size_t max_bytes);
    void flag(const char* section, const char* key, bool& out);
    void problem(const char* section, const char* key, const std::string& expected);

    std::vector<std::string> problems;

private:
    const nlohmann::json& config_;
};

}  // namespace desk
