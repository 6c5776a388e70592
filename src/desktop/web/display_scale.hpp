// HiDPI: ImGui renders in canvas (device) pixels. The canvas backing store is its CSS size × devicePixelRatio,
// the fonts are baked at size × dpr and the style's sizes are scaled by dpr, with FramebufferScale 1, so the
// picture is sharp and GLFW's mouse coordinates (canvas pixels) match ImGui's. The App's own pixel constants
// must scale the same way: multiply them by ImGui::GetFontSize() / (ui.fontSizePx) — see desktop-platform.md.
// 3.1.6's GLFW has no content scale and its canvas-resize path toggles fullscreen, so this follows the browser
// itself (display-bridge.js: resize, ResizeObserver, matchMedia for dpr) and sizes the canvas with
// Browser.setCanvasSize.
#pragma once

#include "imgui.h"

namespace desk::web {

class GlyphAtlas;

class DisplayScale {
public:
    explicit DisplayScale(float font_size_css_px) : font_size_css_px_(font_size_css_px) {}

    // Reads the browser's metrics and applies what changed. Between frames only. True when anything changed.
    bool apply(GlyphAtlas& glyphs);

    [[nodiscard]] float dpr() const { return dpr_; }
    [[nodiscard]] int width() const { return width_; }
    [[nodiscard]] int height() const { return height_; }

private:
    float font_size_css_px_;
    float dpr_ = 0.0f;  // 0 = not applied yet
    int width_ = 0, height_ = 0;
};

}  // namespace desk::web
