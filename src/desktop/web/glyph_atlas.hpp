// The font atlas, grown on demand so no script needs a huge atlas (or font download) up front:
//   - a small Latin UI font file (fonts/ui-sans.ttf, a build-time subset of a Debian font) loaded at startup,
//     of which only Basic Latin + Latin-1 plus the characters seen so far are baked;
//   - the icon font (fonts/icons.ttf, a build-time subset of Font Awesome 4.7 holding the code points of
//     src/desktop/views/icons.hpp), merged into the UI font: fixed-width icons in the same ImFont;
//   - every other character (CJK, Hangul, Arabic, emoji, …) is rasterised by the browser with the agent's own
//     system fonts (2D canvas fillText) and added as a custom glyph rect.
// need() records characters; rebuild() bakes them, and only runs between frames.
#pragma once

#include "glyph_coverage.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"

namespace desk::web {

struct GlyphAtlasStats {
    int font_glyphs = 0;     // characters baked from the UI font beyond Latin-1
    int icon_glyphs = 0;     // icons merged from the icon font (0 without it)
    int browser_glyphs = 0;  // characters rasterised by the browser
    int unavailable = 0;     // characters refused (over the cap, not representable, or nothing drawn)
    int texture_width = 0, texture_height = 0;
    int rebuilds = 0;
    double last_rebuild_ms = 0;
    float pixel_size = 0;
};

class GlyphAtlas {
public:
    // `ui_font_ttf` may be empty (download failed): ImGui's built-in font is used for ASCII then. `icon_font_ttf`
    // may be empty too: the views then draw labels without icons (icon_button checks for the glyph).
    GlyphAtlas(std::vector<std::uint8_t> ui_font_ttf, std::vector<std::uint8_t> icon_font_ttf,
               std::string browser_font_family, int max_browser_glyphs);

    // Records the characters of `utf8_text`. True when some are new, i.e. a rebuild is needed to draw them.
    bool need(std::string_view utf8_text);

    // Font size in canvas pixels (CSS size × devicePixelRatio). A change re-rasterises everything.
    void set_pixel_size(float size_px);

    [[nodiscard]] bool rebuild_pending() const { return dirty_; }
    // Rebuilds io.Fonts (the caller uploads the new texture: UiRenderer::upload_font_atlas).
    void rebuild();

    [[nodiscard]] const GlyphAtlasStats& stats() const { return stats_; }
    [[nodiscard]] bool ui_font_loaded() const { return coverage_.loaded(); }
    [[nodiscard]] bool icon_font_loaded() const { return icon_coverage_.loaded(); }

private:
    struct RasterGlyph {
        int width = 0, height = 0;
        float advance = 0, offset_x = 0, ascent = 0;
        bool colored = false;
        std::vector<std::uint8_t> rgba;
    };

    bool raster(unsigned codepoint, RasterGlyph& out) const;
    void copy_custom_glyphs(const std::vector<std::pair<unsigned, int>>& rect_ids, ImFont* font);

    std::vector<std::uint8_t> ttf_;
    FontCoverage coverage_;
    std::vector<std::uint8_t> icon_ttf_;
    FontCoverage icon_coverage_;
    std::string browser_font_family_;
    int max_browser_glyphs_;

    float pixel_size_ = 16.0f;
    bool dirty_ = true;
    std::set<unsigned> font_chars_;  // beyond the always-baked Latin-1
    std::set<unsigned> browser_chars_;
    std::set<unsigned> unavailable_;
    std::map<unsigned, RasterGlyph> raster_cache_;  // at pixel_size_
    ImVector<ImWchar> ranges_;                      // must outlive the atlas build
    GlyphAtlasStats stats_;
};

}  // namespace desk::web
