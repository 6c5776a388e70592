#include "glyph_atlas.hpp"

#include "js_imports.hpp"

#include "desktop/views/icons.hpp"

#include <chrono>
#include <cmath>
#include <cstring>

#include "imgui_internal.h"  // ImTextCharFromUtf8

namespace desk::web {
namespace {

// Characters that draw nothing by themselves: controls, zero-width joiners and marks, variation selectors, tags.
bool draws_nothing(unsigned c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x206F) ||
        (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c >= 0xE0000;
}

constexpr unsigned kAlwaysBakedLast = 0xFF;  // Basic Latin + Latin-1: the UI's own strings
constexpr float kIconScale = 0.85f;          // icon font size / UI font size (see rebuild)

}  // namespace

GlyphAtlas::GlyphAtlas(std::vector<std::uint8_t> ui_font_ttf, std::vector<std::uint8_t> icon_font_ttf,
                       std::string browser_font_family, int max_browser_glyphs)
    : ttf_(std::move(ui_font_ttf)),
      icon_ttf_(std::move(icon_font_ttf)),
      browser_font_family_(std::move(browser_font_family)),
      max_browser_glyphs_(max_browser_glyphs) {
    if (!ttf_.empty() && !coverage_.load(ttf_.data(), ttf_.size())) {
        js_console_warn("fonts/ui-sans.ttf is not a TrueType font; using the built-in font");
        ttf_.clear();
    }
    if (!icon_ttf_.empty() && !icon_coverage_.load(icon_ttf_.data(), icon_ttf_.size())) {
        js_console_warn("fonts/icons.ttf is not a TrueType font; buttons show labels only");
        icon_ttf_.clear();
    }
}

bool GlyphAtlas::need(std::string_view text) {
    bool added = false;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        unsigned int c = 0;
        const int used = ImTextCharFromUtf8(&c, p, end);
        if (used <= 0) break;
        p += used;
        if (draws_nothing(c) || (c >= 0x20 && c <= kAlwaysBakedLast && coverage_.loaded())) continue;
        if (c < 0x80) continue;                  // the built-in font has ASCII
        if (icon_coverage_.covers(c)) continue;  // always baked (a browser glyph would replace the icon)
        if (font_chars_.count(c) || browser_chars_.count(c) || unavailable_.count(c)) continue;
        if (coverage_.covers(c)) {
            font_chars_.insert(c);
        } else if (c > IM_UNICODE_CODEPOINT_MAX || c == IM_UNICODE_CODEPOINT_INVALID ||
                   static_cast<int>(browser_chars_.size()) >= max_browser_glyphs_) {
            // Drawn as ImGui's fallback glyph. Remembered (so it is not looked up again) up to the same cap:
            // text made of ever new code points must not grow memory without bound.
            if (static_cast<int>(unavailable_.size()) < max_browser_glyphs_) unavailable_.insert(c);
            continue;
        } else {
            browser_chars_.insert(c);
        }
        added = true;
    }
    dirty_ = dirty_ || added;
    return added;
}

void GlyphAtlas::set_pixel_size(float size_px) {
    if (size_px == pixel_size_) return;
    pixel_size_ = size_px;
    raster_cache_.clear();
    dirty_ = true;
}

bool GlyphAtlas::raster(unsigned codepoint, RasterGlyph& out) const {
    float m[6] = {};
    if (!js_glyph_rasterize(codepoint, coverage_.em_px(pixel_size_), browser_font_family_.c_str(), m)) return false;
    out.width = static_cast<int>(m[0]);
    out.height = static_cast<int>(m[1]);
    out.advance = m[2];
    out.offset_x = m[3];
    out.ascent = m[4];
    out.colored = m[5] != 0;
    out.rgba.resize(static_cast<std::size_t>(out.width) * out.height * 4);
    if (!out.rgba.empty()) js_glyph_copy(out.rgba.data());
    return true;
}

void GlyphAtlas::rebuild() {
    const auto started = std::chrono::steady_clock::now();
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;

    ImFontGlyphRangesBuilder ranges;
    ranges.AddRanges(atlas->GetGlyphRangesDefault());  // Basic Latin + Latin-1
    ranges.AddChar(static_cast<ImWchar>(IM_UNICODE_CODEPOINT_INVALID));
    for (unsigned c : font_chars_) ranges.AddChar(static_cast<ImWchar>(c));
    ranges_.clear();
    ranges.BuildRanges(&ranges_);

    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // ttf_ lives as long as this object
    config.SizePixels = pixel_size_;
    // The atlas is built at the display's pixel size (display_scale.cpp), so glyphs can sit on whole pixels: one
    // rasterisation per glyph instead of ImGui's default two horizontal sub-pixel phases, which halves the build
    // (it runs on the first frame, before TurboFan has optimised anything) and keeps UI text crisp.
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    ImFont* font = nullptr;
    if (!ttf_.empty()) {
        font =
            atlas->AddFontFromMemoryTTF(ttf_.data(), static_cast<int>(ttf_.size()), pixel_size_, &config, ranges_.Data);
    } else {
        font = atlas->AddFontDefault(&config);
    }

    stats_.icon_glyphs = 0;
    if (!icon_ttf_.empty()) {
        // Merged into the UI font, so the views draw icons and labels with one ImFont. Font Awesome's em is its
        // whole line (ascent 1536 + descent 256 of 1792 units): at 85 % of the UI size an icon is a little taller
        // than a capital and centred on it when both share the baseline (ImGui merges on the first font's
        // baseline). Every icon gets the same advance, one UI em, so labels after icons line up in columns.
        ImFontConfig icon_config = config;
        icon_config.MergeMode = true;
        icon_config.SizePixels = pixel_size_ * kIconScale;
        icon_config.GlyphMinAdvanceX = icon_config.GlyphMaxAdvanceX = std::round(pixel_size_);
        static const ImWchar kIconRanges[] = {static_cast<ImWchar>(icons::kFirstCodepoint),
                                              static_cast<ImWchar>(icons::kLastCodepoint), 0};
        if (font) {
            atlas->AddFontFromMemoryTTF(icon_ttf_.data(), static_cast<int>(icon_ttf_.size()), icon_config.SizePixels,
                                        &icon_config, kIconRanges);
            for (unsigned c = icons::kFirstCodepoint; c <= icons::kLastCodepoint; ++c)
                stats_.icon_glyphs += icon_coverage_.covers(c) ? 1 : 0;
        }
    }

    // Custom glyphs sit on the UI font's baseline.
    const float baseline = coverage_.baseline_px(pixel_size_);
    std::vector<std::pair<unsigned, int>> rect_ids;
    for (auto it = browser_chars_.begin(); it != browser_chars_.end();) {
        auto cached = raster_cache_.find(*it);
        if (cached == raster_cache_.end()) {
            RasterGlyph glyph;
            if (!raster(*it, glyph)) {
                unavailable_.insert(*it);
                it = browser_chars_.erase(it);
                continue;
            }
            cached = raster_cache_.emplace(*it, std::move(glyph)).first;
        }
        const RasterGlyph& g = cached->second;
        rect_ids.emplace_back(*it,
                              atlas->AddCustomRectFontGlyph(font, static_cast<ImWchar>(*it), g.width, g.height,
                                                            g.advance, ImVec2(g.offset_x, baseline - g.ascent)));
        ++it;
    }

    atlas->Build();
    copy_custom_glyphs(rect_ids, font);
    dirty_ = false;

    stats_.font_glyphs = static_cast<int>(font_chars_.size());
    stats_.browser_glyphs = static_cast<int>(browser_chars_.size());
    stats_.unavailable = static_cast<int>(unavailable_.size());
    stats_.texture_width = atlas->TexWidth;
    stats_.texture_height = atlas->TexHeight;
    stats_.pixel_size = pixel_size_;
    stats_.rebuilds++;
    stats_.last_rebuild_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
}

void GlyphAtlas::copy_custom_glyphs(const std::vector<std::pair<unsigned, int>>& rect_ids, ImFont* font) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    atlas->GetTexDataAsRGBA32(&pixels, &width, &height);
    for (const auto& [codepoint, id] : rect_ids) {
        const ImFontAtlasCustomRect* rect = atlas->GetCustomRectByIndex(id);
        const RasterGlyph& g = raster_cache_.at(codepoint);
        if (!rect || !rect->IsPacked()) continue;
        for (int row = 0; row < g.height; ++row) {
            std::memcpy(pixels + (static_cast<std::size_t>(rect->Y + row) * width + rect->X) * 4,
                        g.rgba.data() + static_cast<std::size_t>(row) * g.width * 4,
                        static_cast<std::size_t>(g.width) * 4);
        }
        if (g.colored) {
            // Colour emoji keep their colours instead of being tinted with the text colour.
            if (const ImFontGlyph* glyph = font->FindGlyphNoFallback(static_cast<ImWchar>(codepoint)))
                const_cast<ImFontGlyph*>(glyph)->Colored = 1;
        }
    }
}

}  // namespace desk::web
