// C++ → JS: every call the platform layer makes into the page's bridges (web/desktop/*.js, which hang off
// globalThis.agentdeskBridges). Kept in one place so the whole JS surface the wasm depends on is visible at once.
// Strings are UTF-8, NUL-terminated unless a length is given. Functions returning char* hand over a malloc'ed
// string the caller frees (use take_js_string).
#pragma once

#include <cstdint>
#include <string>

extern "C" {
double js_now_ms();  // wall clock, ms since the Unix epoch

// Boot data fetched by boot.js before main() runs.
char* js_boot_config_text();
int js_boot_font_size();
void js_boot_font_copy(std::uint8_t* destination);
// The icon font (fonts/icons.ttf) boot.js fetched: 0 bytes when it failed.
int js_boot_icon_font_size();
void js_boot_icon_font_copy(std::uint8_t* destination);
char* js_resolve_server_url(const char* configured);  // "" → page origin + "/ws"; relative → absolute ws(s):
void js_console_warn(const char* message);
int js_platform_is_mac();
void js_show_fatal(const char* message);  // a message over the page: the desktop cannot run

// WebSocket bridge (socket-bridge.js).
void js_socket_open(const char* url);
void js_socket_send(const char* text, int length);
void js_socket_close();

// Storage, attention, clipboard, URLs (services-bridge.js).
void js_storage_set(const char* key, const char* value);
char* js_storage_get(const char* key);
void js_storage_remove(const char* key);
void js_set_title(const char* title);
void js_notify(const char* title, const char* body);
void js_play_tone();
int js_page_visible();
void js_clipboard_write(const char* text);
void js_open_url(const char* url);
void js_configure_services(int notifications_enabled, int ring_tone_enabled);

// WebRTC media (rtc-bridge.js): App commands as JSON; the ICE settings once at start.
void js_call_media(const char* command_json);
void js_rtc_configure(const char* settings_json);

// Display (display-bridge.js): out = {backing width, backing height, devicePixelRatio}.
void js_display_metrics(double* out);
void js_set_canvas_size(int width, int height);

// Keyboard, IME and clipboard routing (input-bridge.js).
void js_install_glfw_key_routing();  // before glfwInit
void js_ime_set_active(int active);
void js_ime_place(double x, double y, double line_height);  // canvas pixels

// Glyph rasteriser (glyph-rasterizer.js): metrics = {width, height, advance, offset_x, ascent, colored}.
int js_glyph_rasterize(unsigned codepoint, double em_px, const char* font_family, float* metrics);
void js_glyph_copy(std::uint8_t* destination_rgba);

// Map overlay (map-bridge.js): settings once, placement when it changed (canvas pixels), content when it changed.
void js_map_configure(const char* settings_json);
// `holes`: hole_count × {x0, y0, x1, y1} (MapOverlayFrame::holes).
void js_map_place(int visible, double x, double y, double width, double height, double clip_x0, double clip_y0,
                  double clip_x1, double clip_y1, const float* holes, int hole_count);
void js_map_show(const char* content_json);

// window.agentdesk diagnostics.
void js_mark_ready();
// The page URL asks for automation (?automation=1): widget recording for window.agentdesk.widgets().
int js_automation_requested();
// Whether window.agentdesk.onFrameDrawn listeners were added before the wasm ran (tests, the bench): then the
// platform reports from its very first frame on.
int js_frame_listeners_present();
// Each drawn frame while a JS listener is registered (window.agentdesk.onFrameDrawn): number, performance.now() span.
void js_frame_drawn(double frame, double start_ms, double end_ms, int rendered);
}

namespace desk::web {
// Takes ownership of a malloc'ed string from JS.
std::string take_js_string(char* text);
}  // namespace desk::web
