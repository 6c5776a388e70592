// Which file answers a GET for the agent desktop (`/`) or the customer app (`/customer/`): safe path mapping (no
// traversal, no hidden files), MIME types (incl. application/wasm) and precompressed .br/.gz variants when the
// client accepts them. No I/O beyond checking that files exist; the HTTP session sends the bytes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace server {

struct StaticRoots {
    std::optional<std::filesystem::path> desktop;   // served at /
    std::optional<std::filesystem::path> customer;  // served at /customer/
};

struct StaticFile {
    std::filesystem::path path;      // the file to send (maybe the .br/.gz variant)
    std::string mime;                // of the original file
    std::string encoding;            // "", "br" or "gzip"
    bool redirect_to_slash = false;  // "/customer" → "/customer/"
    bool immutable = false;          // a content-hashed name: may be cached for a year
};

// True for names of the form NAME.<10 lower-case hex digits>.EXT, as scripts/finalize-dist.mjs writes them
// ("agentdesk-desktop.3fa9c2e1d0.wasm"): such a file never changes, a new build gives it a new name.
[[nodiscard]] bool is_content_hashed_name(std::string_view file_name);

// Decodes %XX escapes; nullopt for a bad escape or an encoded NUL or slash trick.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text);

// MIME type for a file name by extension ("application/octet-stream" when unknown).
[[nodiscard]] std::string mime_for(const std::filesystem::path& file);

// The file for a request target ("/index.html?x=1") or nullopt (404). `accept_encoding` is the request header.
[[nodiscard]] std::optional<StaticFile> resolve_static(const StaticRoots& roots, std::string_view target,
                                                       std::string_view accept_encoding);

}  // namespace server
