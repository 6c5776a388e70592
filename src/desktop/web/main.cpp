// Entry point of the agent desktop in the browser. boot.js has already fetched config.json and the UI font
// (main() runs only after they arrived); this reads them, starts the platform and hands the loop to the browser.
#include "js_exports.hpp"
#include "js_imports.hpp"
#include "platform_settings.hpp"
#include "web_platform.hpp"

#include <emscripten.h>

int main() {
    using namespace desk::web;
    std::string config_json = take_js_string(js_boot_config_text());
    SettingsReadResult read = read_platform_settings(config_json);
    for (const std::string& problem : read.problems) js_console_warn(("config.json: " + problem).c_str());

    std::vector<std::uint8_t> ui_font(static_cast<std::size_t>(js_boot_font_size()));
    if (!ui_font.empty()) js_boot_font_copy(ui_font.data());

    // Lives as long as the page: the browser keeps calling into it after main() returns.
    auto* platform = new WebPlatform(std::move(read.settings), std::move(config_json), std::move(ui_font));
    if (!platform->start()) return 1;
    set_export_target(platform);
    platform->run();
    return 0;
}
