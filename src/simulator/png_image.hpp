// A small picture made in code (no binary in the repository): what a customer photographs after an accident.
// Encoded as a valid PNG with uncompressed ("stored") deflate blocks, so no compression library is needed.
#pragma once

#include <cstdint>
#include <string>

namespace sim {

struct PictureSpec {
    int width = 160;  // pixels, 1..kMaxPictureSide
    int height = 120;
    std::uint32_t variant = 0;  // changes colours and the dent's position, so each customer's photo differs
};

inline constexpr int kMaxPictureSide = 2048;  // keeps a generated photo far below any upload limit

// PNG bytes (8-bit RGB) of a road scene with a car. Sides outside 1..kMaxPictureSide are clamped.
[[nodiscard]] std::string make_accident_png(const PictureSpec& spec);

// CRC-32 (ISO 3309, as PNG chunks use) and Adler-32 (zlib streams), exposed for tests.
[[nodiscard]] std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc = 0);
[[nodiscard]] std::uint32_t adler32(const std::uint8_t* data, std::size_t size);

}  // namespace sim
