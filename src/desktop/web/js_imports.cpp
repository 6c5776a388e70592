// Definitions of js_imports.hpp. Each body is a one-line hand-off to a bridge object, so the logic lives in
// plain, readable JS files rather than in strings inside C++.
#include "js_imports.hpp"

#include <cstdlib>
#include <emscripten.h>

// The EM_JS bodies are JavaScript, which clang-format would break (it splits `!==` into `!= =`).
// clang-format off
EM_JS(double, js_now_ms, (), { return Date.now(); });

EM_JS(char*, js_boot_config_text, (), {
    const text = globalThis.agentdeskBridges.boot.configText || "{}";
    const size = lengthBytesUTF8(text) + 1;
    const ptr = _malloc(size);
    stringToUTF8(text, ptr, size);
    return ptr;
});
EM_JS(int, js_boot_font_size, (), {
    const bytes = globalThis.agentdeskBridges.boot.fontBytes;
    return bytes ? bytes.length : 0;
});
EM_JS(void, js_boot_font_copy, (std::uint8_t* destination), {
    HEAPU8.set(globalThis.agentdeskBridges.boot.fontBytes, destination);
});
EM_JS(int, js_boot_icon_font_size, (), {
    const bytes = globalThis.agentdeskBridges.boot.iconFontBytes;
    return bytes ? bytes.length : 0;
});
EM_JS(void, js_boot_icon_font_copy, (std::uint8_t* destination), {
    HEAPU8.set(globalThis.agentdeskBridges.boot.iconFontBytes, destination);
});
EM_JS(char*, js_resolve_server_url, (const char* configured), {
    const url = globalThis.agentdeskBridges.boot.resolveServerUrl(UTF8ToString(configured));
    const size = lengthBytesUTF8(url) + 1;
    const ptr = _malloc(size);
    stringToUTF8(url, ptr, size);
    return ptr;
});
EM_JS(void, js_console_warn, (const char* message), { console.warn("agentdesk: " + UTF8ToString(message)); });

EM_JS(void, js_show_fatal, (const char* message), { globalThis.agentdeskBridges.api.fatal(UTF8ToString(message)); });
EM_JS(int, js_platform_is_mac, (), { return /Mac|iPhone|iPad/.test(navigator.platform || "") ? 1 : 0; });

EM_JS(void, js_socket_open, (const char* url), { globalThis.agentdeskBridges.socket.open(UTF8ToString(url)); });
EM_JS(void, js_socket_send, (const char* text, int length), {
    globalThis.agentdeskBridges.socket.send(UTF8ToString(text, length));
});
EM_JS(void, js_socket_close, (), { globalThis.agentdeskBridges.socket.close(); });

EM_JS(void, js_storage_set, (const char* key, const char* value), {
    globalThis.agentdeskBridges.services.storageSet(UTF8ToString(key), UTF8ToString(value));
});
EM_JS(char*, js_storage_get, (const char* key), {
    const text = globalThis.agentdeskBridges.services.storageGet(UTF8ToString(key));
    const size = lengthBytesUTF8(text) + 1;
    const ptr = _malloc(size);
    stringToUTF8(text, ptr, size);
    return ptr;
});
EM_JS(void, js_storage_remove, (const char* key), {
    globalThis.agentdeskBridges.services.storageRemove(UTF8ToString(key));
});
EM_JS(void, js_set_title, (const char* title), { globalThis.agentdeskBridges.services.setTitle(UTF8ToString(title)); });
EM_JS(void, js_notify, (const char* title, const char* body), {
    globalThis.agentdeskBridges.services.notify(UTF8ToString(title), UTF8ToString(body));
});
EM_JS(void, js_play_tone, (), { globalThis.agentdeskBridges.services.playTone(); });
EM_JS(int, js_page_visible, (), { return document.visibilityState !== "hidden" ? 1 : 0; });
EM_JS(void, js_clipboard_write, (const char* text), {
    globalThis.agentdeskBridges.services.clipboardWrite(UTF8ToString(text));
});
EM_JS(void, js_open_url, (const char* url), { globalThis.agentdeskBridges.services.openUrl(UTF8ToString(url)); });
EM_JS(void, js_configure_services, (int notifications_enabled, int ring_tone_enabled), {
    globalThis.agentdeskBridges.services.configure({notifications: !!notifications_enabled, ringTone: !!ring_tone_enabled});
});

EM_JS(void, js_call_media, (const char* command_json), {
    globalThis.agentdeskBridges.rtc.command(UTF8ToString(command_json));
});
EM_JS(void, js_rtc_configure, (const char* settings_json), {
    globalThis.agentdeskBridges.rtc.configure(JSON.parse(UTF8ToString(settings_json)));
});

EM_JS(void, js_display_metrics, (double* out), {
    const m = globalThis.agentdeskBridges.display.metrics();
    HEAPF64[out >> 3] = m.width;
    HEAPF64[(out >> 3) + 1] = m.height;
    HEAPF64[(out >> 3) + 2] = m.dpr;
});
// Browser.setCanvasSize, not glfwSetWindowSize: 3.1.6's GLFW toggles fullscreen from the latter (see notes).
EM_JS(void, js_set_canvas_size, (int width, int height), { Browser.setCanvasSize(width, height); });

EM_JS(void, js_install_glfw_key_routing, (), {
    // GLFW listens for keys on window and would take them from every HTML overlay; it only gets the events the
    // input bridge routes to it. The wrappers must be in place before glfwInit adds the listeners.
    const input = globalThis.agentdeskBridges.input;
    for (const name of ["onKeydown", "onKeyPress", "onKeyup"]) {
        const original = GLFW[name];
        GLFW[name] = (event) => { if (input.routeKeyToGlfw(name, event)) original(event); };
    }
    input.replayKey = (domKeyCode, down) => GLFW.onKeyChanged(domKeyCode, down ? 1 : 0);
});
EM_JS(void, js_ime_set_active, (int active), { globalThis.agentdeskBridges.input.setTextInputActive(!!active); });
EM_JS(void, js_ime_place, (double x, double y, double line_height), {
    globalThis.agentdeskBridges.input.placeImeAt(x, y, line_height);
});

EM_JS(int, js_glyph_rasterize, (unsigned codepoint, double em_px, const char* font_family, float* metrics), {
    const g = globalThis.agentdeskBridges.glyphs.rasterize(codepoint, em_px, UTF8ToString(font_family));
    if (!g) return 0;
    const i = metrics >> 2;
    HEAPF32[i] = g.width; HEAPF32[i + 1] = g.height; HEAPF32[i + 2] = g.advance;
    HEAPF32[i + 3] = g.offsetX; HEAPF32[i + 4] = g.ascent; HEAPF32[i + 5] = g.colored ? 1 : 0;
    return 1;
});
EM_JS(void, js_glyph_copy, (std::uint8_t* destination_rgba), {
    HEAPU8.set(globalThis.agentdeskBridges.glyphs.lastPixels(), destination_rgba);
});

EM_JS(void, js_map_configure, (const char* settings_json), {
    globalThis.agentdeskBridges.map.configure(JSON.parse(UTF8ToString(settings_json)));
});
EM_JS(void, js_map_place, (int visible, double x, double y, double width, double height, double clip_x0,
                           double clip_y0, double clip_x1, double clip_y1, const float* holes, int hole_count), {
    const flat = Array.from(HEAPF32.subarray(holes >> 2, (holes >> 2) + hole_count * 4));
    const list = [];
    for (let i = 0; i < hole_count; i++) list.push(flat.slice(i * 4, i * 4 + 4));
    globalThis.agentdeskBridges.map.place(!!visible, x, y, width, height, clip_x0, clip_y0, clip_x1, clip_y1, list);
});
EM_JS(void, js_map_show, (const char* content_json), {
    globalThis.agentdeskBridges.map.show(JSON.parse(UTF8ToString(content_json)));
});

EM_JS(void, js_mark_ready, (), { globalThis.agentdeskBridges.api.markReady(); });
EM_JS(int, js_automation_requested, (), { return globalThis.agentdeskBridges.boot.automationRequested ? 1 : 0; });
EM_JS(int, js_frame_listeners_present, (), { return globalThis.agentdeskBridges.api.hasFrameListeners() ? 1 : 0; });
EM_JS(void, js_frame_drawn, (double frame, double start_ms, double end_ms, int rendered), {
    globalThis.agentdeskBridges.api.frameDrawn(frame, start_ms, end_ms, rendered !== 0);
});
// clang-format on

namespace desk::web {
std::string take_js_string(char* text) {
    std::string result = text ? text : "";
    std::free(text);
    return result;
}
}  // namespace desk::web
