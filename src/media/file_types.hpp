// What a file really is: type by magic bytes (never by name), image size from the header bytes, and a file name
// that is safe to store and to put in a Content-Disposition header. The server judges uploads by it and the desktop
// judges a file by it before uploading, so both refuse the same files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace media {

enum class FileKind { jpeg, png, webp, gif, pdf };

struct FileType {
    FileKind kind;
    std::string_view mime;
};

// The type told by the first bytes, or nullopt when it is not on the allow-list (JPEG, PNG, WebP, GIF, PDF).
[[nodiscard]] std::optional<FileType> sniff_file_type(std::string_view bytes);

// True when `name` has no extension or one that belongs to `kind` (".jpg"/".jpeg" for JPEG, …), so a PDF named
// "photo.jpg" or a JPEG named "run.exe" is refused.
[[nodiscard]] bool extension_matches(std::string_view name, FileKind kind);

struct ImageSize {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};
// Width and height read from the header (JPEG SOFn, PNG IHDR, GIF screen, WebP VP8/VP8L/VP8X) as the picture is
// shown: a JPEG whose EXIF orientation turns it by a quarter has them swapped. nullopt for PDF or a
// truncated/garbled header.
[[nodiscard]] std::optional<ImageSize> image_size(std::string_view bytes, FileKind kind);

// One marker segment of a JPEG header: the marker and its payload (the bytes after the 2-byte length, cut to the
// bytes present).
struct JpegSegment {
    std::uint8_t marker = 0;
    std::string_view payload;
};
// Walks the marker segments after SOI (fill bytes and standalone markers skipped) and returns the first one
// `accept` takes; nullopt at scan data (SOS), EOI, the end of `bytes` or a malformed marker. The image size here
// and the desktop's EXIF reader (media/exif.cpp) both read JPEG headers through it.
template <typename Accept>
[[nodiscard]] std::optional<JpegSegment> find_jpeg_segment(std::string_view bytes, Accept&& accept) {
    std::size_t at = 2;
    while (at + 4 <= bytes.size()) {
        if (std::uint8_t(bytes[at]) != 0xFF) return std::nullopt;
        const std::uint8_t marker = std::uint8_t(bytes[at + 1]);
        if (marker == 0xFF) {  // fill byte
            ++at;
            continue;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length field
            at += 2;
            continue;
        }
        if (marker == 0xDA || marker == 0xD9) return std::nullopt;  // scan data or end: the header is over
        const std::size_t length = (std::size_t(std::uint8_t(bytes[at + 2])) << 8) | std::uint8_t(bytes[at + 3]);
        if (length < 2) return std::nullopt;
        const JpegSegment segment{marker, bytes.substr(at + 4, length - 2)};
        if (accept(segment)) return segment;
        at += 2 + length;
    }
    return std::nullopt;
}

// The last path component of `name` with control characters, quotes and backslashes removed, leading dots and
// spaces trimmed and cut to `max_chars` code points; invalid UTF-8 or an empty result becomes "file".
[[nodiscard]] std::string sanitize_file_name(std::string_view name, std::size_t max_chars);

}  // namespace media
