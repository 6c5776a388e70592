#include "web_platform.hpp"

#include "browser_files.hpp"
#include "frame_fingerprint.hpp"
#include "js_imports.hpp"
#include "wheel_input.hpp"

#include "desktop/automation/widget_locator.hpp"

#include <algorithm>
#include <cmath>
#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/heap.h>
#include <malloc.h>
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <nlohmann/json.hpp>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_internal.h"  // GImGui->InputEventsQueue: is input waiting to be drawn?

namespace desk::web {

WebPlatform::WebPlatform(PlatformSettings settings, DesktopSettings desktop_settings,
                         std::vector<std::uint8_t> ui_font_ttf, std::vector<std::uint8_t> icon_font_ttf)
    : settings_(std::move(settings)),
      desktop_settings_(std::move(desktop_settings)),
      scheduler_(settings_.frames_per_wake, static_cast<std::size_t>(settings_.max_pending_timers)),
      glyphs_(std::move(ui_font_ttf), std::move(icon_font_ttf), settings_.glyph_font_family,
              settings_.max_browser_glyphs),
      display_(settings_.font_size_css_px),
      services_(glyphs_, [this](double delay_ms) { wake_after(delay_ms); }),
      text_input_(glyphs_, services_) {}

WebPlatform::~WebPlatform() {
    app_.reset();
    if (window_) {
        renderer_.reset();  // its GL objects go while the context lives
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        glfwDestroyWindow(window_);
        glfwTerminate();
    }
}

bool WebPlatform::start() {
    js_install_glfw_key_routing();  // before glfwInit adds GLFW's key listeners
    if (!glfwInit()) {
        js_show_fatal("The desktop could not start (glfwInit failed).");
        return false;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    // ImGui draws flat triangles over an opaque background: no depth, stencil or alpha buffers, which also makes
    // every present cheaper. boot.js creates the context early with these same attributes (see kEarlyContext).
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    glfwWindowHint(GLFW_ALPHA_BITS, 0);
    double metrics[3] = {};
    js_display_metrics(metrics);
    window_ = glfwCreateWindow(std::max(1, static_cast<int>(metrics[0])), std::max(1, static_cast<int>(metrics[1])),
                               "agentdesk", nullptr, nullptr);
    if (!window_) {
        js_show_fatal("This browser or its graphics driver offers no WebGL2: the desktop cannot run here.");
        return false;
    }
    glfwMakeContextCurrent(window_);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // Tab/arrows/Space reach every control (keyboard first)
    io.IniFilename = nullptr;                              // no file system; layout state is the App's business
    io.ConfigInputTextCursorBlink = false;                 // a blinking caret would need frames while idle
    io.ConfigMacOSXBehaviors = js_platform_is_mac() != 0;  // Cmd+C/V/Z and Mac word moves on a Mac
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    route_wheel_to_canvas_only();
    renderer_ = std::make_unique<UiRenderer>();
    renderer_->init();
    install_file_bridge();  // after the GL context exists: photos become textures in it
    text_input_.install();
    automation_ = settings_.automation || js_automation_requested() != 0;
    frame_listener_ = js_frame_listeners_present() != 0;
    desk::automation::set_widget_recording(automation_);
    js_configure_services(settings_.notifications_enabled, settings_.ring_tone_enabled);
    js_rtc_configure(settings_.rtc_json.c_str());
    services_.map_overlay().configure(desktop_settings_.map);

    const std::string server_url = take_js_string(js_resolve_server_url(settings_.server_url.c_str()));
    app_ = std::make_unique<App>(services_, DesktopConfig{server_url, desktop_settings_});
    display_dirty_ = true;
    wake();
    return true;
}

void WebPlatform::run() {
    emscripten_set_main_loop_arg([](void* self) { static_cast<WebPlatform*>(self)->tick(); }, this, 0, false);
    set_loop_timing(js_page_visible() != 0);
    // The first frame now, not on the next animation frame: the login screen (or the desk) is ready to be shown
    // up to one frame interval earlier, and the loading text goes away with it. Later frames follow the loop.
    tick();
}

void WebPlatform::set_loop_timing(bool page_visible) {
    if (page_visible) {
        emscripten_set_main_loop_timing(EM_TIMING_RAF, 1);
    } else {
        emscripten_set_main_loop_timing(EM_TIMING_SETTIMEOUT, static_cast<int>(settings_.hidden_frame_interval_ms));
    }
}

void WebPlatform::tick() {
    // Frame CPU time covers the whole tick that draws: display and glyph-atlas work done for that frame count.
    const double started_ms = emscripten_get_now();
    if (display_dirty_) {
        display_dirty_ = false;
        rendered_fingerprint_ = 0;  // a resized canvas is blank: render the next frame whatever it shows
        if (display_.apply(glyphs_)) scheduler_.wake();
    }
    if (glyphs_.rebuild_pending()) {  // between frames only: the last frame's draw lists point into the atlas
        glyphs_.rebuild();
        renderer_->upload_font_atlas();
        scheduler_.wake();
    }
    if (!scheduler_.take_frame(GImGui->InputEventsQueue.Size > 0)) {
        pause_loop();
        return;
    }
    draw_frame(js_now_ms());
    const double ended_ms = emscripten_get_now();
    frame_stats_.record(started_ms, ended_ms);
    if (frame_listener_)
        js_frame_drawn(static_cast<double>(scheduler_.frames_drawn()), started_ms, ended_ms, frame_rendered_ ? 1 : 0);
}

void WebPlatform::draw_frame(double now_ms) {
    if (!renderer_->font_atlas_uploaded()) renderer_->upload_font_atlas();  // builds the atlas if no rebuild did
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    desk::automation::begin_widget_frame();  // returns at once unless recording
    app_->draw(now_ms);
    diagnostics_.draw(DiagnosticsFacts{scheduler_.frames_drawn(), display_.dpr(), display_.width(), display_.height(),
                                       &glyphs_.stats(), glyphs_.ui_font_loaded()});
    if (overlay_took_focus_ && GImGui->InputEventsQueue.Size == 0) {
        // The agent clicked into the map: ImGui lets go of the composer, so no caret shows where keys don't go.
        // At the end of a frame whose input was all consumed: characters typed just before the click are in the
        // draft by now, not dropped with the deactivation.
        overlay_took_focus_ = false;
        ImGui::ClearActiveID();
    }
    ImGui::Render();

    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    const ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    const float clear[4] = {background.x, background.y, background.z, 1.0f};
    // A frame that looks exactly like the one on screen is not rendered (frame_fingerprint.hpp): the browser keeps
    // showing the last one, and the GPU process is free for the next frame that changes something.
    const std::uint64_t fingerprint = frame_fingerprint(*ImGui::GetDrawData(), width, height, clear);
    frame_rendered_ = fingerprint != rendered_fingerprint_;
    if (frame_rendered_) {
        glClearColor(clear[0], clear[1], clear[2], clear[3]);
        glClear(GL_COLOR_BUFFER_BIT);
        if (!renderer_->render(ImGui::GetDrawData(), width, height)) {
            pause_loop();  // the page shows why (no UI program); nothing can be drawn
            return;
        }
        rendered_fingerprint_ = fingerprint;
        ++frames_rendered_;
    }

    text_input_.after_frame();
    if (app_->animating()) wake_after(settings_.animation_frame_interval_ms);
    if (!ready_) {
        ready_ = true;
        js_mark_ready();
    }
}

void WebPlatform::pause_loop() {
    if (loop_paused_) return;
    loop_paused_ = true;
    emscripten_pause_main_loop();
}

void WebPlatform::resume_loop() {
    if (!loop_paused_) return;
    loop_paused_ = false;
    emscripten_resume_main_loop();
}

void WebPlatform::repaint() {
    rendered_fingerprint_ = 0;
    wake();
}

void WebPlatform::wake() {
    scheduler_.wake();
    resume_loop();
}

void WebPlatform::wake_after(double delay_ms) {
    if (!(delay_ms > 0)) {  // also catches NaN
        wake();
        return;
    }
    if (scheduler_.request_deadline(js_now_ms(), delay_ms)) arm_timer();
}

void WebPlatform::arm_timer() {
    const double at = scheduler_.next_deadline_ms();
    if (std::isinf(at)) return;
    if (timer_id_ != 0) {
        if (timer_at_ms_ <= at) return;  // the armed timer fires first anyway
        emscripten_clear_timeout(timer_id_);
    }
    timer_at_ms_ = at;
    timer_id_ = emscripten_set_timeout([](void* self) { static_cast<WebPlatform*>(self)->on_timer(); },
                                       std::max(0.0, at - js_now_ms()), this);
}

void WebPlatform::on_timer() {
    timer_id_ = 0;
    scheduler_.deadlines_reached(js_now_ms());
    resume_loop();
    arm_timer();
}

void WebPlatform::on_input() {
    wake();
    wake_after(settings_.hover_settle_ms);
}

void WebPlatform::on_display_changed() {
    display_dirty_ = true;
    wake();
}

void WebPlatform::on_visibility_changed(bool visible) {
    set_loop_timing(visible);
    app_->on_visibility_changed(visible, js_now_ms());
    wake();
}

void WebPlatform::on_socket_open() {
    app_->on_socket_open(js_now_ms());
    wake();
}

void WebPlatform::on_socket_message(std::string_view text) {
    app_->on_socket_message(text, js_now_ms());
    wake();
}

void WebPlatform::on_socket_close(int code, std::string_view reason) {
    app_->on_socket_close(code, reason, js_now_ms());
    wake();
}

void WebPlatform::on_call_media(std::string_view json) {
    app_->on_call_media(json, js_now_ms());
    wake();
}

void WebPlatform::on_text_input(const std::string& utf8) {
    text_input_.on_text(utf8);
    wake();
}

void WebPlatform::on_overlay_focus() {
    overlay_took_focus_ = true;
    wake();
}

void WebPlatform::on_files(const std::function<void(App&, double)>& report) {
    if (!app_) return;
    report(*app_, js_now_ms());
    wake();
}

void WebPlatform::on_paste(const std::string& utf8) {
    text_input_.on_paste(utf8);
    wake();
}

std::string WebPlatform::snapshot_json() const { return app_ ? app_->snapshot_json() : "null"; }

std::string WebPlatform::widgets_json() const { return automation_ ? desk::automation::widgets_json() : "null"; }

std::string WebPlatform::diagnostics_json() const {
    const GlyphAtlasStats& g = glyphs_.stats();
    const ImVec4 box = diagnostics_.text_box_rect();
    nlohmann::json out = {
        {"framesDrawn", scheduler_.frames_drawn()},
        {"loopPaused", loop_paused_},
        {"pendingTimers", scheduler_.pending_deadlines()},
        {"canvas", {{"width", display_.width()}, {"height", display_.height()}, {"dpr", display_.dpr()}}},
        {"fonts",
         {{"uiFontLoaded", glyphs_.ui_font_loaded()},
          {"iconFontLoaded", glyphs_.icon_font_loaded()},
          {"iconGlyphs", g.icon_glyphs},
          {"pixelSize", g.pixel_size},
          {"fontGlyphs", g.font_glyphs},
          {"browserGlyphs", g.browser_glyphs},
          {"unavailable", g.unavailable},
          {"atlasWidth", g.texture_width},
          {"atlasHeight", g.texture_height},
          {"rebuilds", g.rebuilds},
          {"lastRebuildMs", g.last_rebuild_ms}}},
        {"wantTextInput", ImGui::GetCurrentContext() && ImGui::GetIO().WantTextInput},
        {"visible", diagnostics_.visible},
        {"text", diagnostics_.text()},
        {"textBox", {{"x", box.x}, {"y", box.y}, {"width", box.z}, {"height", box.w}}},
    };
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string WebPlatform::frame_stats_json() const {
    const FrameStatsSummary s = frame_stats_.summary();
    nlohmann::json out = {
        {"count", s.count},
        {"sampled", s.sampled},
        {"p50", s.p50_ms},
        {"p99", s.p99_ms},
        {"max", s.max_ms},
        {"mean", s.mean_ms},
        {"lastEnd", s.last_end_ms},
        {"framesDrawn", scheduler_.frames_drawn()},
        {"framesRendered", frames_rendered_},
    };
    return out.dump();
}

std::string WebPlatform::memory_json() const {
    const struct mallinfo info = mallinfo();
    nlohmann::json out = {
        {"wasmBytes", emscripten_get_heap_size()},                      // the WebAssembly.Memory: only ever grows
        {"mallocInUseBytes", static_cast<std::size_t>(info.uordblks)},  // live allocations right now
        {"mallocArenaBytes", static_cast<std::size_t>(info.arena)},     // what malloc took from the memory
    };
    return out.dump();
}

void WebPlatform::show_diagnostics(bool visible) {
    diagnostics_.visible = visible;
    wake();
}

}  // namespace desk::web
