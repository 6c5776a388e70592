// The platform settings read as main.cpp reads them: config.json parsed once (a parse problem first), then the
// platform's keys. Shared by the platform settings tests.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "desktop/core/config_reader.hpp"
#include "desktop/web/platform_settings.hpp"

inline desk::web::SettingsReadResult read_platform_settings(const std::string& text) {
    std::vector<std::string> problems;
    const nlohmann::json config = desk::parse_config_json(text, problems);
    auto read = desk::web::read_platform_settings(config);
    read.problems.insert(read.problems.begin(), problems.begin(), problems.end());
    return read;
}
