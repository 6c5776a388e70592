// What an uploaded file really is: type by magic bytes (never by name), image size from the header bytes, and a
// file name that is safe to store and to put in a Content-Disposition header.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace server {

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
// Width and height read from the header (JPEG SOFn, PNG IHDR, GIF screen, WebP VP8/VP8L/VP8X); nullopt for PDF
// or a truncated/garbled header.
[[nodiscard]] std::optional<ImageSize> image_size(std::string_view bytes, FileKind kind);

// The last path component of `name` with control characters, quotes and backslashes removed, leading dots and
// spaces trimmed and cut to `max_chars` code points; invalid UTF-8 or an empty result becomes "file".
[[nodiscard]] std::string sanitize_file_name(std::string_view name, std::size_t max_chars);

// True when `text` is well-formed UTF-8.
[[nodiscard]] bool valid_utf8(std::string_view text);

}  // namespace server
