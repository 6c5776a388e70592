// JS → C++: the entry points the bridges call (Module._agentdesk_*). Each forwards to the one WebPlatform.
// Strings arrive as UTF-8 copies in wasm memory, owned and freed by the caller (boot.js withUtf8).
#include "js_exports.hpp"

#include "web_platform.hpp"

#include <emscripten.h>
#include <string>

namespace {
desk::web::WebPlatform* g_platform = nullptr;
std::string g_returned;  // keeps a returned string alive until the next call (JS copies it at once)

const char* hand_out(std::string text) {
    g_returned = std::move(text);
    return g_returned.c_str();
}
}  // namespace

namespace desk::web {
void set_export_target(WebPlatform* platform) { g_platform = platform; }
WebPlatform* export_target() { return g_platform; }
}  // namespace desk::web

extern "C" {

EMSCRIPTEN_KEEPALIVE void agentdesk_wake() {
    if (g_platform) g_platform->wake();
}
EMSCRIPTEN_KEEPALIVE void agentdesk_repaint() {
    if (g_platform) g_platform->repaint();
}
EMSCRIPTEN_KEEPALIVE void agentdesk_on_input() {
    if (g_platform) g_platform->on_input();
}
EMSCRIPTEN_KEEPALIVE void agentdesk_on_display_changed() {
    if (g_platform) g_platform->on_display_changed();
}
EMSCRIPTEN_KEEPALIVE void agentdesk_on_visibility_changed(int visible) {
    if (g_platform) g_platform->on_visibility_changed(visible != 0);
}

EMSCRIPTEN_KEEPALIVE void agentdesk_on_socket_open() {
    if (g_platform) g_platform->on_socket_open();
}
EMSCRIPTEN_KEEPALIVE void agentdesk_on_socket_message(const char* text, int length) {
    if (g_platform && text && length >= 0) g_platform->on_socket_message(std::string_view(text, length));
}
EMSCRIPTEN_KEEPALIVE void agentdesk_on_socket_close_text(const char* reason, int length, int code) {
    if (g_platform && reason && length >= 0) g_platform->on_socket_close(code, std::string_view(reason, length));
}

EMSCRIPTEN_KEEPALIVE void agentdesk_on_call_media(const char* json, int length) {
    if (g_platform && json && length >= 0) g_platform->on_call_media(std::string_view(json, length));
}
EMSCRIPTEN_KEEPALIVE void agentdesk_on_text_input(const char* utf8, int length) {
    if (g_platform && utf8 && length >= 0) g_platform->on_text_input(std::string(utf8, length));
}
EMSCRIPTEN_KEEPALIVE void agentdesk_on_overlay_focus() {
    if (g_platform) g_platform->on_overlay_focus();
}
EMSCRIPTEN_KEEPALIVE void agentdesk_on_paste(const char* utf8, int length) {
    if (g_platform && utf8 && length >= 0) g_platform->on_paste(std::string(utf8, length));
}

EMSCRIPTEN_KEEPALIVE const char* agentdesk_snapshot() {
    return hand_out(g_platform ? g_platform->snapshot_json() : "null");
}
EMSCRIPTEN_KEEPALIVE const char* agentdesk_widgets() {
    return hand_out(g_platform ? g_platform->widgets_json() : "null");
}
EMSCRIPTEN_KEEPALIVE const char* agentdesk_diagnostics() {
    return hand_out(g_platform ? g_platform->diagnostics_json() : "null");
}
EMSCRIPTEN_KEEPALIVE double agentdesk_frames_drawn() {
    return g_platform ? static_cast<double>(g_platform->frames_drawn()) : 0.0;
}
EMSCRIPTEN_KEEPALIVE const char* agentdesk_frame_stats() {
    return hand_out(g_platform ? g_platform->frame_stats_json() : "null");
}
EMSCRIPTEN_KEEPALIVE void agentdesk_reset_frame_stats() {
    if (g_platform) g_platform->reset_frame_stats();
}
EMSCRIPTEN_KEEPALIVE const char* agentdesk_memory() {
    return hand_out(g_platform ? g_platform->memory_json() : "null");
}
EMSCRIPTEN_KEEPALIVE void agentdesk_set_frame_listener(int on) {
    if (g_platform) g_platform->set_frame_listener(on != 0);
}
EMSCRIPTEN_KEEPALIVE void agentdesk_show_diagnostics(int visible) {
    if (g_platform) g_platform->show_diagnostics(visible != 0);
}

}  // extern "C"
