// A small ImGui window about the platform layer (frames, display, fonts, text input), drawn over the App when
// asked (URL "#diagnostics" or window.agentdesk.diagnostics.show(true)). Support uses it to check a browser's
// IME, clipboard and fonts; the browser tests type into its text box, which belongs to the platform layer, so
// they do not depend on the App's screens.
#pragma once

#include <string>

#include "imgui.h"

namespace desk::web {

struct GlyphAtlasStats;

struct DiagnosticsFacts {
    unsigned long long frames_drawn = 0;
    float dpr = 1;
    int width = 0, height = 0;
    const GlyphAtlasStats* glyphs = nullptr;
    bool ui_font_loaded = false;
};

class DiagnosticsWindow {
public:
    bool visible = false;

    void draw(const DiagnosticsFacts& facts);

    // The text box's content and its rectangle in canvas pixels (valid once drawn while visible).
    [[nodiscard]] std::string text() const { return text_; }
    [[nodiscard]] ImVec4 text_box_rect() const { return text_box_rect_; }

private:
    char text_[4096] = "";
    bool was_visible_ = false;
    ImVec4 text_box_rect_{0, 0, 0, 0};
};

}  // namespace desk::web
