// Entry point of the agent desktop in the browser. boot.js has already fetched config.json and the UI and
// icon fonts (main() runs only after they arrived); this reads them, starts the platform and hands the loop to the browser.
#include "js_exports.hpp"
#include "js_imports.hpp"
#include "desktop/core/config_reader.hpp"
#include "desktop/core/desktop_settings.hpp"
#include "platform_settings.hpp"
#include "web_platform.hpp"

#include <emscripten.h>

int main() {
    using namespace desk::web;
    // config.json is parsed once; the platform's keys and the desktop's are read from the same value, and every
    // refused value is reported on the console (the page still starts, with that value's default).
    std::vector<std::string> problems;
    const nlohmann::json config = desk::parse_config_json(take_js_string(js_boot_config_text()), problems);
    SettingsReadResult platform_read = read_platform_settings(config);
    desk::DesktopSettingsRead desktop_read = desk::read_desktop_settings(config);
    for (const auto* list : {&problems, &platform_read.problems, &desktop_read.problems})
        for (const std::string& problem : *list) js_console_warn(("config.json: " + problem).c_str());

    std::vector<std::uint8_t> ui_font(static_cast<std::size_t>(js_boot_font_size()));
    if (!ui_font.empty()) js_boot_font_copy(ui_font.data());
    std::vector<std::uint8_t> icon_font(static_cast<std::size_t>(js_boot_icon_font_size()));
    if (!icon_font.empty()) js_boot_icon_font_copy(icon_font.data());

    // Lives as long as the page: the browser keeps calling into it after main() returns.
    auto* platform = new WebPlatform(std::move(platform_read.settings), std::move(desktop_read.settings),
                                     std::move(ui_font), std::move(icon_font));
    if (!platform->start()) return 1;
    set_export_target(platform);
    platform->run();
    return 0;
}
