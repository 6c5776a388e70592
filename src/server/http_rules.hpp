// The HTTP API's rules without any Beast type, so they are unit-tested directly: query strings, tokens, origins,
// upload inspection (size, magic bytes, extension, name, image size) and download headers.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hub.hpp"

namespace server {

// "?a=1&b=x%20y" → {a:1, b:"x y"}; a bad escape drops that pair.
[[nodiscard]] std::map<std::string, std::string> parse_query(std::string_view target);
// The path part of a target ("/api/files/f1?token=x" → "/api/files/f1").
[[nodiscard]] std::string_view target_path(std::string_view target);

// The token from "Authorization: Bearer T", else from ?token=T; "" when neither.
[[nodiscard]] std::string request_token(std::string_view authorization_header,
                                        const std::map<std::string, std::string>& query);

// True when `origin` may use the server: no Origin header (native clients), an empty allow-list, listed, or the
// server's own pages: the origin's host[:port] is the request's Host (the desktop and customer app the server serves
// itself, also behind a TLS-terminating proxy that passes Host on).
[[nodiscard]] bool origin_allowed(const std::vector<std::string>& allowed, std::string_view origin,
                                  std::string_view host = {});

// {"code":…,"message":…}
[[nodiscard]] std::string error_body(const HttpError& error);

// Everything about an upload that needs no chat state: name and clientId present, size within the limit, type by
// magic bytes on the allow-list, the name's extension not claiming another type, image size readable.
// The result lacks token and sha256 (filled in by the caller).
[[nodiscard]] std::variant<HttpError, UploadRequest> inspect_upload(const std::map<std::string, std::string>& query,
                                                                    std::string_view body,
                                                                    std::int64_t max_upload_bytes,
                                                                    std::int64_t max_name_chars,
                                                                    std::int64_t max_id_chars);

// "inline; filename=\"unfall.jpg\"" (attachment for PDF), with an RFC 5987 filename* for non-ASCII names.
[[nodiscard]] std::string content_disposition(const FileRecord& file);

// "/api/chats/c7/files" → "c7"; nullopt for other paths.
[[nodiscard]] std::optional<std::string> upload_chat_id(std::string_view path);
// "/api/files/f3" → "f3"; nullopt for other paths.
[[nodiscard]] std::optional<std::string> download_file_id(std::string_view path);

}  // namespace server
