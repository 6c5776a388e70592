#include "display_scale.hpp"

#include "glyph_atlas.hpp"
#include "js_imports.hpp"

#include "imgui_internal.h"  // the window list, to rescale windows when dpr changes

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
        // Windows keep their place and size in CSS pixels (ImGui keeps them in canvas pixels).
        if (ratio != 1.0f) {
            for (ImGuiWindow* window : GImGui->Windows) {
                window->Pos = ImVec2(window->Pos.x * ratio, window->Pos.y * ratio);
                window->Size = ImVec2(window->Size.x * ratio, window->Size.y * ratio);
                window->SizeFull = ImVec2(window->SizeFull.x * ratio, window->SizeFull.y * ratio);
            }
        }
        glyphs.set_pixel_size(std::round(font_size_css_px_ * dpr));
        changed = true;
    }
    return changed;
}

}  // namespace desk::web
