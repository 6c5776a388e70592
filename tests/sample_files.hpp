// Minimal but well-formed file headers for upload and sniffing tests (built in code: no binary fixtures).
#pragma once

#include <cstdint>
#include <string>

namespace testing {

inline std::string be32(std::uint32_t v) {
    return {char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF), char(v & 0xFF)};
}
inline std::string le16(std::uint32_t v) { return {char(v & 0xFF), char((v >> 8) & 0xFF)}; }
inline std::string le24(std::uint32_t v) { return {char(v & 0xFF), char((v >> 8) & 0xFF), char((v >> 16) & 0xFF)}; }

inline std::string png_bytes(std::uint32_t width, std::uint32_t height) {
    std::string b("\x89PNG\r\n\x1a\n", 8);
    b += be32(13) + "IHDR" + be32(width) + be32(height) + std::string("\x08\x06\x00\x00\x00", 5) + be32(0);
    b += be32(0) + "IEND" + be32(0xAE426082);
    return b;
}

// SOI, an APP0 segment, then SOF0 with the size; filler after it.
inline std::string jpeg_bytes(std::uint32_t width, std::uint32_t height) {
    std::string b("\xFF\xD8", 2);
    b += std::string("\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
    b += std::string("\xFF\xC0\x00\x11\x08", 5) + char(height >> 8) + char(height & 0xFF) + char(width >> 8) +
        char(width & 0xFF) + std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
    b += std::string("\xFF\xD9", 2);
    return b;
}

// jpeg_bytes with an APP1 "Exif" segment whose IFD0 holds one Orientation entry (big-endian TIFF), as a phone
// writes for a portrait photo stored as landscape pixels (orientation 6: turn clockwise to show).
inline std::string jpeg_bytes_with_orientation(std::uint32_t width, std::uint32_t height, std::uint16_t orientation) {
    std::string tiff("MM\x00\x2A", 4);
    tiff += be32(8);                                       // IFD0 at 8
    tiff += std::string("\x00\x01", 2);                    // one entry
    tiff += std::string("\x01\x12\x00\x03", 4) + be32(1);  // Orientation, SHORT, count 1
    tiff += std::string({char(orientation >> 8), char(orientation & 0xFF), 0, 0});
    tiff += be32(0);  // no next IFD
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const std::size_t length = payload.size() + 2;
    const std::string plain = jpeg_bytes(width, height);
    return plain.substr(0, 2) + std::string("\xFF\xE1", 2) + char(length >> 8) + char(length & 0xFF) + payload +
        plain.substr(2);
}

inline std::string gif_bytes(std::uint32_t width, std::uint32_t height) {
    return "GIF89a" + le16(width) + le16(height) + std::string("\x00\x00\x00", 3) + ";";
}

inline std::string webp_vp8x_bytes(std::uint32_t width, std::uint32_t height) {
    std::string chunk =
        "VP8X" + std::string("\x0A\x00\x00\x00", 4) + std::string(4, '\0') + le24(width - 1) + le24(height - 1);
    return "RIFF" + std::string("\x16\x00\x00\x00", 4) + "WEBP" + chunk;
}

inline std::string webp_vp8l_bytes(std::uint32_t width, std::uint32_t height) {
    const std::uint32_t bits = (width - 1) | ((height - 1) << 14);
    std::string chunk = "VP8L" + std::string("\x05\x00\x00\x00", 4) + "\x2F" + le16(bits & 0xFFFF) + le16(bits >> 16);
    return "RIFF" + std::string("\x11\x00\x00\x00", 4) + "WEBP" + chunk + std::string(8, '\0');
}

inline std::string webp_vp8_bytes(std::uint32_t width, std::uint32_t height) {
    std::string chunk = "VP8 " + std::string("\x0A\x00\x00\x00", 4) + std::string("\x00\x00\x00\x9d\x01\x2a", 6) +
        le16(width) + le16(height);
    return "RIFF" + std::string("\x16\x00\x00\x00", 4) + "WEBP" + chunk + std::string(8, '\0');
}

inline std::string pdf_bytes() { return "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"; }

}  // namespace testing
