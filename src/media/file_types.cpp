#include "media/file_types.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "media/exif.hpp"
#include "protocol/utf8.hpp"

namespace media {

namespace {

bool starts_with(std::string_view bytes, std::string_view magic) { return bytes.substr(0, magic.size()) == magic; }

std::uint32_t be16(std::string_view b, std::size_t at) {
    return (std::uint32_t(std::uint8_t(b[at])) << 8) | std::uint8_t(b[at + 1]);
}
std::uint32_t be32(std::string_view b, std::size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }
std::uint32_t le16(std::string_view b, std::size_t at) {
    return std::uint8_t(b[at]) | (std::uint32_t(std::uint8_t(b[at + 1])) << 8);
}
std::uint32_t le24(std::string_view b, std::size_t at) {
    return le16(b, at) | (std::uint32_t(std::uint8_t(b[at + 2])) << 16);
}

std::optional<ImageSize> jpeg_size(std::string_view b) {
    // The first start-of-frame (SOF0..SOF15 except DHT C4, JPG C8, DAC CC): precision, height, width.
    const auto frame = find_jpeg_segment(b, [](const JpegSegment& s) {
        return s.marker >= 0xC0 && s.marker <= 0xCF && s.marker != 0xC4 && s.marker != 0xC8 && s.marker != 0xCC;
    });
    if (!frame || frame->payload.size() < 5) return std::nullopt;
    const ImageSize size{be16(frame->payload, 3), be16(frame->payload, 1)};
    if (size.width == 0 || size.height == 0) return std::nullopt;
    // A phone stores a portrait photo as landscape pixels with an EXIF orientation: report it as it is shown.
    if (orientation_swaps_axes(exif_orientation(b))) return ImageSize{size.height, size.width};
    return size;
}

std::optional<ImageSize> png_size(std::string_view b) {
    // 8-byte signature, then the IHDR chunk: length(4) "IHDR"(4) width(4) height(4).
    if (b.size() < 24 || b.substr(12, 4) != "IHDR") return std::nullopt;
    const ImageSize size{be32(b, 16), be32(b, 20)};
    if (size.width == 0 || size.height == 0) return std::nullopt;
    return size;
}

std::optional<ImageSize> gif_size(std::string_view b) {
    if (b.size() < 10) return std::nullopt;
    const ImageSize size{le16(b, 6), le16(b, 8)};
    if (size.width == 0 || size.height == 0) return std::nullopt;
    return size;
}

std::optional<ImageSize> webp_size(std::string_view b) {
    // RIFF....WEBP then the first chunk: "VP8 " (lossy), "VP8L" (lossless) or "VP8X" (extended).
    if (b.size() < 30) return std::nullopt;
    const std::string_view chunk = b.substr(12, 4);
    if (chunk == "VP8 ") {
        // Frame header at 20: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
        if (b.substr(23, 3) != std::string_view("\x9d\x01\x2a", 3)) return std::nullopt;
        return ImageSize{le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF};
    }
    if (chunk == "VP8L") {
        if (std::uint8_t(b[20]) != 0x2F) return std::nullopt;
        const std::uint32_t bits = le16(b, 21) | (std::uint32_t(le16(b, 23)) << 16);
        return ImageSize{(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
    }
    if (chunk == "VP8X") return ImageSize{le24(b, 24) + 1, le24(b, 27) + 1};
    return std::nullopt;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

}  // namespace

std::optional<FileType> sniff_file_type(std::string_view b) {
    if (starts_with(b, "\xFF\xD8\xFF")) return FileType{FileKind::jpeg, "image/jpeg"};
    if (starts_with(b, "\x89PNG\r\n\x1a\n")) return FileType{FileKind::png, "image/png"};
    if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) return FileType{FileKind::gif, "image/gif"};
    if (b.size() >= 12 && starts_with(b, "RIFF") && b.substr(8, 4) == "WEBP")
        return FileType{FileKind::webp, "image/webp"};
    if (starts_with(b, "%PDF-")) return FileType{FileKind::pdf, "application/pdf"};
    return std::nullopt;
}

bool extension_matches(std::string_view name, FileKind kind) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return true;
    const std::string ext = lower(name.substr(dot + 1));
    switch (kind) {
        case FileKind::jpeg:
            return ext == "jpg" || ext == "jpeg" || ext == "jpe" || ext == "jfif";
        case FileKind::png:
            return ext == "png";
        case FileKind::webp:
            return ext == "webp";
        case FileKind::gif:
            return ext == "gif";
        case FileKind::pdf:
            return ext == "pdf";
    }
    return false;
}

std::optional<ImageSize> image_size(std::string_view bytes, FileKind kind) {
    switch (kind) {
        case FileKind::jpeg:
            return jpeg_size(bytes);
        case FileKind::png:
            return png_size(bytes);
        case FileKind::gif:
            return gif_size(bytes);
        case FileKind::webp:
            return webp_size(bytes);
        case FileKind::pdf:
            return std::nullopt;
    }
    return std::nullopt;
}

std::string sanitize_file_name(std::string_view name, std::size_t max_chars) {
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name = name.substr(slash + 1);
    if (!proto::utf8::is_valid(name)) return "file";
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const std::uint8_t c = std::uint8_t(name[i]);
        if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') continue;
        if (out.empty() && (c == '.' || c == ' ')) continue;  // no hidden files, no ".." names
        if ((c & 0xC0) != 0x80) {                             // a new code point starts
            if (chars == max_chars) break;
            ++chars;
        }
        out.push_back(char(c));
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
    return out.empty() ? "file" : out;
}

}  // namespace media
