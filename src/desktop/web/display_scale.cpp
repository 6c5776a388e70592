#include "display_scale.hpp"

#include "glyph_atlas.hpp"
#include "js_imports.hpp"

#include <algorithm>
#include <cmath>

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
        // Scale the live style by the change, so sizes the App set (at any time, in scaled pixels) stay its own.
        const float ratio = dpr / (dpr_ > 0 ? dpr_ : 1.0f);
        dpr_ = dpr;
        ImGui::GetStyle().ScaleAllSizes(ratio);
        glyphs.set_pixel_size(std::round(font_size_css_px_ * dpr));
        changed = true;
    }
    return changed;
}

}  // namespace desk::web
