// The browser platform: owns the GLFW window and WebGL2 context, Dear ImGui, the services and the App, and runs
// the render-on-demand main loop. Bridge events (js_exports.cpp) land here on the main thread, between frames.
#pragma once

#include "browser_services.hpp"
#include "desktop/app.hpp"
#include "diagnostics_window.hpp"
#include "display_scale.hpp"
#include "frame_scheduler.hpp"
#include "frame_stats.hpp"
#include "glyph_atlas.hpp"
#include "platform_settings.hpp"
#include "text_input.hpp"
#include "ui_renderer.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct GLFWwindow;

namespace desk::web {

class WebPlatform {
public:
    // `icon_font_ttf` (fonts/icons.ttf) is merged into the UI font; empty when it did not load (labels only).
    WebPlatform(PlatformSettings settings, DesktopSettings desktop_settings, std::vector<std::uint8_t> ui_font_ttf,
                std::vector<std::uint8_t> icon_font_ttf);
    ~WebPlatform();
    WebPlatform(const WebPlatform&) = delete;
    WebPlatform& operator=(const WebPlatform&) = delete;

    // Creates the window, GL context, ImGui and the App. False (with a console message) when WebGL2 is missing.
    [[nodiscard]] bool start();
    // Hands the loop to the browser: requestAnimationFrame while the page is visible; timeouts while hidden,
    // where browsers stop animation frames but the App must still advance (reconnect backoff, timers).
    void run();
    // One main-loop tick: applies display and font changes, then draws a frame if one is due, else sleeps.
    void tick();

    // Wakes: something changed that needs frames.
    void wake();
    // Draws and renders the next frame even if it looks like the one on screen (tests that read pixels).
    void repaint();
    void wake_after(double delay_ms);
    void on_input();            // any keyboard, pointer or wheel event: frames now, one more after hover settles
    void on_display_changed();  // CSS size or devicePixelRatio changed
    void on_visibility_changed(bool visible);
    void on_timer();

    void on_socket_open();
    void on_socket_message(std::string_view text);
    void on_socket_close(int code, std::string_view reason);
    void on_text_input(const std::string& utf8);
    void on_call_media(std::string_view json);  // a report of rtc-bridge.js
    void on_paste(const std::string& utf8);
    // A report of the file bridge (image-bridge.js via files_exports.cpp): handed to the App, then a frame.
    void on_files(const std::function<void(App&, double now_ms)>& report);
    void on_overlay_focus();  // an HTML overlay (the map) took the keyboard focus

    [[nodiscard]] std::string snapshot_json() const;
    // Labelled widgets of the last drawn frame in canvas pixels (widget_locator.hpp); "null" unless automation is on.
    [[nodiscard]] std::string widgets_json() const;
    [[nodiscard]] std::string diagnostics_json() const;
    [[nodiscard]] std::uint64_t frames_drawn() const { return scheduler_.frames_drawn(); }
    void show_diagnostics(bool visible);
    // Performance instrumentation (window.agentdesk.frameStats / memory / onFrameDrawn).
    [[nodiscard]] std::string frame_stats_json() const;
    void reset_frame_stats() { frame_stats_.reset(); }
    [[nodiscard]] std::string memory_json() const;
    // While on, every drawn frame is reported to JS (bridges.api.frameDrawn) with its number and timing.
    void set_frame_listener(bool on) { frame_listener_ = on; }

private:
    void draw_frame(double now_ms);
    void set_loop_timing(bool page_visible);
    void pause_loop();
    void resume_loop();
    void arm_timer();

    PlatformSettings settings_;
    DesktopSettings desktop_settings_;  // handed to the App when it starts
    FrameScheduler scheduler_;
    GlyphAtlas glyphs_;
    DisplayScale display_;
    BrowserServices services_;
    TextInput text_input_;
    DiagnosticsWindow diagnostics_;
    FrameStats frame_stats_;
    bool frame_listener_ = false;
    std::unique_ptr<App> app_;

    GLFWwindow* window_ = nullptr;
    bool loop_paused_ = false;
    long timer_id_ = 0;
    double timer_at_ms_ = 0;
    bool display_dirty_ = true;
    std::unique_ptr<UiRenderer> renderer_;    // after the GL context; reset before it goes
    std::uint64_t rendered_fingerprint_ = 0;  // of the frame on screen (0: render the next one whatever it is)
    std::uint64_t frames_rendered_ = 0;
    bool frame_rendered_ =
        false;  // the last drawn frame went to WebGL       // frames that went to the GPU (frames drawn minus unchanged ones)
    bool ready_ = false;
    bool overlay_took_focus_ = false;
    bool automation_ = false;  // widget recording (config.json "automation" or ?automation=1)
};

}  // namespace desk::web
