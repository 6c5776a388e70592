// Uploaded bytes on disk, content-addressed: <data>/files/<sha256 hex>. Written to a temp file in the same
// directory, flushed, then renamed into place, so a crash or refusal never leaves a half-written file under a
// real name. Identical uploads share one file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace server {

[[nodiscard]] std::string sha256_hex(std::string_view bytes);

class FileStore {
public:
    explicit FileStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

    // Stores `bytes`; returns their SHA-256 hex, or nullopt with `error` set (disk full, permissions).
    [[nodiscard]] std::optional<std::string> put(std::string_view bytes, std::string& error) const;
    // Where the bytes of `sha256` live (for sending). Only hex digests map to a path; anything else gives "".
    [[nodiscard]] std::filesystem::path path_of(std::string_view sha256) const;
    const std::filesystem::path& dir() const { return dir_; }

private:
    std::filesystem::path dir_;
};

}  // namespace server
