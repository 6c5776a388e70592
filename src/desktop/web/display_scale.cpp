#include "display_scale.hpp"

#include "glyph_atlas.hpp"
#include "js_imports.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace desk::web {

bool DisplayScale::apply(GlyphAtlas& glyphs) {
    double metrics[3] = {};
    js_display_metrics(metrics);
    const int width = std::max(1, static_cast<int>(metrics[0]));
    const int height = std::max(1, static_cast<int>(metrics[1]));
    const float dpr = metrics[2] > 0 ? static_cast<float>(metrics[2]) : 1.0f;
    bool changed = false;

    if (width != width_ || height != height_) {
        width_ = width;
        height_ = height;
        js_set_canvas_size(width, height);
        changed = true;
    }
    if (dpr != dpr_) {
        dpr_ = dpr;
        ImGuiStyle& live = ImGui::GetStyle();
        ImGuiStyle scaled = base_style_;
        scaled.ScaleAllSizes(dpr);
        std::memcpy(scaled.Colors, live.Colors, sizeof(scaled.Colors));
        scaled.Alpha = live.Alpha;
        live = scaled;
        glyphs.set_pixel_size(std::round(font_size_css_px_ * dpr));
        changed = true;
    }
    return changed;
}

}  // namespace desk::web
