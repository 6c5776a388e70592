// What the UI font file can draw, and its vertical metrics as Dear ImGui computes them, so glyphs rasterised by
// the browser line up with the font's baseline. Reads the TTF with the stb_truetype that ships with Dear ImGui.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace desk::web {

class FontCoverage {
public:
    FontCoverage();
    ~FontCoverage();
    FontCoverage(const FontCoverage&) = delete;
    FontCoverage& operator=(const FontCoverage&) = delete;

    // The bytes must outlive this object. False when they are not a TrueType font.
    [[nodiscard]] bool load(const std::uint8_t* ttf, std::size_t size);
    [[nodiscard]] bool loaded() const;

    [[nodiscard]] bool covers(unsigned codepoint) const;
    // Baseline distance from the line top for a font built at `size_px` (ImGui's rounding, imgui_draw.cpp).
    [[nodiscard]] float baseline_px(float size_px) const;
    // ImGui's size is ascent−descent; the browser's font size is the em. This converts the former to the latter.
    [[nodiscard]] float em_px(float size_px) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace desk::web
