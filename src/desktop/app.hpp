// The seam between the agent desktop's application (state, rules, views) and the platform it runs on.
//
// The application (src/desktop/core + src/desktop/views, built natively for tests and with Emscripten for the
// browser) knows nothing of the browser. The platform layer (src/desktop/web + web/desktop/*.js) owns the main
// loop, the GL context, input, the WebSocket, storage and other browser services, and drives the App through
// this interface. Data flows one way: the platform feeds events in; the App draws and asks for services.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "desktop/core/desktop_settings.hpp"
#include "desktop/map_overlay_frame.hpp"

namespace desk {

// File I/O of the files feature: the file picker, HTTP uploads with progress, photo decoding into textures,
// downloads (web: web/desktop/image-bridge.js). Results come back as App::on_file_* / on_image_* / on_upload_*.
// The token goes in an Authorization header.
class FileServices {
public:
    virtual ~FileServices() = default;
    virtual void pick_files(const std::string& chat_id) = 0;  // choices: on_file_offered(handle, chat_id, …)
    virtual void upload_start(const std::string& handle, const std::string& url, const std::string& token) = 0;
    virtual void upload_abort(const std::string& handle) = 0;    // no answer follows
    virtual void upload_release(const std::string& handle) = 0;  // forget the bytes
    // Fetch, decode with EXIF orientation, scale to at most max_px on the longest side, upload as a texture.
    virtual void image_load(const std::string& file_id, bool viewer, const std::string& url, const std::string& token,
                            int max_px, std::size_t head_bytes) = 0;
    virtual void texture_free(std::uint32_t texture) = 0;
    virtual void download(const std::string& url, const std::string& token, const std::string& name) = 0;
};

// Browser services the App may use. Implemented once per platform (web: src/desktop/web/browser_services.cpp;
// tests: a recording fake). Every call returns at once; results come back as App::on_* calls.
class PlatformServices {
public:
    virtual ~PlatformServices() = default;

    // One WebSocket at a time. open() replaces any previous socket; its outcome arrives as on_socket_open /
    // on_socket_close. send() on a socket that is not open is dropped (the App keeps its own outbox).
    virtual void socket_open(const std::string& url) = 0;
    virtual void socket_send(const std::string& text) = 0;
    virtual void socket_close() = 0;

    // Per-tab storage that survives a reload (sessionStorage in the browser).
    virtual void storage_set(const std::string& key, const std::string& value) = 0;
    virtual std::string storage_get(const std::string& key) = 0;  // "" when absent
    virtual void storage_remove(const std::string& key) = 0;

    // Attention: tab title, desktop notification and ring tone (the platform decides whether the tab is hidden).
    virtual void set_title(const std::string& title) = 0;
    virtual void notify(const std::string& title, const std::string& body) = 0;
    virtual void play_tone() = 0;
    virtual bool page_visible() = 0;

    virtual void clipboard_write(const std::string& text) = 0;
    virtual void open_url(const std::string& url) = 0;  // tel:, https: (new tab), file downloads
    // The file I/O, or null where there is none (then every upload and image load is reported failed at once).
    virtual FileServices* file_services() { return nullptr; }

    // The WebRTC media bridge (rtc-bridge.js): one JSON command ({"op":"start"|"offer"|"remote"|"mute"|"hold"|
    // "select"|"devices"|"stop", …}, docs/desktop-platform.md "Calls"); its reports come back as on_call_media.
    virtual void call_media(const std::string& command_json) = 0;

    // Text that will be drawn (arriving messages, names, typed input): the platform adds glyphs it has not seen
    // to the font atlas before the next frame, so no script needs a huge atlas up front. UTF-8.
    virtual void need_glyphs(std::string_view utf8_text) = 0;

    // The map overlay (web: map-bridge.js, Leaflet), once per drawn frame: where the region ImGui reserved for it
    // is, whether it may be seen, and (only when it changed) what it shows. See map_overlay_frame.hpp.
    virtual void map_frame(const MapOverlayFrame& frame) = 0;

    // Ask for a frame no later than `delay_ms` from now (timers: countdowns, reconnect backoff, typing expiry).
    virtual void wake_after(double delay_ms) = 0;
};

// Settings from config.json next to index.html (admins edit it without rebuilding). Unknown keys are ignored.
struct DesktopConfig {
    std::string server_url;  // ws(s)://host/ws; "" = the page's own origin + "/ws"
    DesktopSettings
        settings;  // from config.json (read_desktop_settings): read once by the platform, which logs the problems
};

class App {
public:
    App(PlatformServices& services, DesktopConfig config);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Events from the platform. `now_ms` is wall-clock milliseconds since the Unix epoch.
    void on_socket_open(double now_ms);
    void on_socket_message(std::string_view text, double now_ms);
    void on_socket_close(int code, std::string_view reason, double now_ms);
    void on_visibility_changed(bool visible, double now_ms);
    // Reports of FileServices (head = the file's first bytes: type check of an upload, EXIF of a photo).
    void on_file_offered(std::string handle, std::string chat_id, std::string name, std::int64_t size, std::string head,
                         double now_ms);
    void on_upload_progress(const std::string& handle, std::int64_t sent, double now_ms);
    void on_upload_finished(const std::string& handle, int http_status, std::string body, double now_ms);
    void on_image_loaded(std::string file_id, bool viewer, std::uint32_t texture, int width, int height,
                         std::string head, double now_ms);
    void on_image_failed(std::string file_id, bool viewer, std::string message, double now_ms);
    // A report of the WebRTC media bridge (JSON; validated here, a bad one is a notice, never a crash).
    void on_call_media(std::string_view json, double now_ms);

    // Draw one ImGui frame (between ImGui::NewFrame and ImGui::Render). Advances timers to `now_ms` first.
    void draw(double now_ms);

    // True while something on screen changes by itself (a countdown, a fading popup): the platform keeps
    // drawing at a low rate. When false, an idle desktop draws nothing until the next input or event.
    bool animating() const;

    // Read-only JSON snapshot of the state, for end-to-end tests and diagnostics (exposed to JS).
    std::string snapshot_json() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace desk
