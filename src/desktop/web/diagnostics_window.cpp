#include "diagnostics_window.hpp"

#include "glyph_atlas.hpp"

#include "imgui_internal.h"  // BringWindowToDisplayFront

namespace desk::web {

void DiagnosticsWindow::draw(const DiagnosticsFacts& f) {
    if (!visible) {
        was_visible_ = false;
        return;
    }
    const float s = f.dpr;
    ImGui::SetNextWindowPos(ImVec2(16 * s, 16 * s), ImGuiCond_Appearing);
    ImGui::SetNextWindowSize(ImVec2(440 * s, 300 * s), ImGuiCond_Appearing);
    if (!was_visible_) ImGui::SetNextWindowFocus();  // in front of the App's windows when shown
    if (ImGui::Begin("Platform diagnostics", &visible, ImGuiWindowFlags_NoCollapse)) {
        // In front of the App's windows without taking the focus (which would end the App's text editing).
        ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
        ImGui::Text("Frames drawn: %llu", f.frames_drawn);
        ImGui::Text("Canvas: %d x %d px, devicePixelRatio %.2f", f.width, f.height, f.dpr);
        if (f.glyphs) {
            const GlyphAtlasStats& g = *f.glyphs;
            ImGui::Text("UI font: %s, %.0f px", f.ui_font_loaded ? "ui-sans.ttf" : "built-in", g.pixel_size);
            ImGui::Text("Glyphs: %d from the font, %d from the browser, %d unavailable, %d icons", g.font_glyphs,
                        g.browser_glyphs, g.unavailable, g.icon_glyphs);
            ImGui::Text("Atlas: %d x %d, %d builds, last %.1f ms", g.texture_width, g.texture_height, g.rebuilds,
                        g.last_rebuild_ms);
        }
        ImGui::Text("Text input (IME, clipboard):");
        ImGui::InputTextMultiline("##diagnostics-text", text_, sizeof text_, ImVec2(-1, -1));
        const ImVec2 min = ImGui::GetItemRectMin();
        const ImVec2 max = ImGui::GetItemRectMax();
        text_box_rect_ = ImVec4(min.x, min.y, max.x - min.x, max.y - min.y);
    }
    ImGui::End();
    was_visible_ = visible;
}

}  // namespace desk::web
