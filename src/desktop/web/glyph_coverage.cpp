#include "glyph_coverage.hpp"

#include <cmath>

// A private copy of stb_truetype (static functions), the same file imgui_draw.cpp compiles.
#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#include "imstb_truetype.h"

namespace desk::web {

struct FontCoverage::Impl {
    stbtt_fontinfo info{};
    bool loaded = false;
};

FontCoverage::FontCoverage() : impl_(std::make_unique<Impl>()) {}
FontCoverage::~FontCoverage() = default;

bool FontCoverage::load(const std::uint8_t* ttf, std::size_t size) {
    impl_->loaded = false;
    if (ttf == nullptr || size < 12) return false;
    const int offset = stbtt_GetFontOffsetForIndex(ttf, 0);
    if (offset < 0 || static_cast<std::size_t>(offset) >= size) return false;
    impl_->loaded = stbtt_InitFont(&impl_->info, ttf, offset) != 0;
    return impl_->loaded;
}

bool FontCoverage::loaded() const { return impl_->loaded; }

bool FontCoverage::covers(unsigned codepoint) const {
    return impl_->loaded && stbtt_FindGlyphIndex(&impl_->info, static_cast<int>(codepoint)) != 0;
}

float FontCoverage::baseline_px(float size_px) const {
    if (!impl_->loaded) return std::round(size_px * 0.8f);
    int ascent = 0, descent = 0, line_gap = 0;
    stbtt_GetFontVMetrics(&impl_->info, &ascent, &descent, &line_gap);
    const float scale = stbtt_ScaleForPixelHeight(&impl_->info, size_px);
    return std::round(std::trunc(static_cast<float>(ascent) * scale + (ascent > 0 ? 1.0f : -1.0f)));
}

float FontCoverage::em_px(float size_px) const {
    if (!impl_->loaded) return size_px;
    return stbtt_ScaleForPixelHeight(&impl_->info, size_px) / stbtt_ScaleForMappingEmToPixels(&impl_->info, 1.0f);
}

}  // namespace desk::web
