// Entry point of the agent desktop in the browser. boot.js has already fetched config.json and the UI font
// (main() runs only after they arrived); this reads them, starts the platform and hands the loop to the browser.
#include "js_exports.hpp"
#include "js_imports.hpp"
#include "platform_settings.hpp"
#include "web_platform.hpp"

#include <emscripten.h>

namespace {
desk::web::WebPlatform* g_platform = nullptr;  // lives as long as the page
void tick() { g_platform->tick(); }
}  // namespace

int main() {
    using namespace desk::web;
    std::string config_json = take_js_string(js_boot_config_text());
    SettingsReadResult read = read_platform_settings(config_json);
    for (const std::string& problem : read.problems) js_console_warn(("config.json: " + problem).c_str());

    std::vector<std::uint8_t> ui_font(static_cast<std::size_t>(js_boot_font_size()));
    if (!ui_font.empty()) js_boot_font_copy(ui_font.data());

    g_platform = new WebPlatform(std::move(read.settings), std::move(config_json), std::move(ui_font));
    if (!g_platform->start()) return 1;
    set_export_target(g_platform);
    emscripten_set_main_loop(tick, 0, false);  // requestAnimationFrame; paused whenever nothing is due
    return 0;
}
