#include "http_rules.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "media/file_types.hpp"
#include "protocol/utf8.hpp"
#include "static_files.hpp"

namespace server {

std::string_view target_path(std::string_view target) { return target.substr(0, target.find_first_of("?#")); }

std::map<std::string, std::string> parse_query(std::string_view target) {
    std::map<std::string, std::string> out;
    const auto q = target.find('?');
    if (q == std::string_view::npos) return out;
    std::string_view rest = target.substr(q + 1);
    rest = rest.substr(0, rest.find('#'));
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        const auto eq = pair.find('=');
        std::string key(pair.substr(0, eq));
        std::string value(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        for (auto& c : value) c = c == '+' ? ' ' : c;
        auto k = percent_decode(key);
        auto v = percent_decode(value);
        if (k && v && !out.count(*k)) out.emplace(std::move(*k), std::move(*v));
    }
    return out;
}

std::string request_token(std::string_view authorization, const std::map<std::string, std::string>& query) {
    constexpr std::string_view bearer = "Bearer ";
    if (authorization.substr(0, bearer.size()) == bearer) return std::string(authorization.substr(bearer.size()));
    const auto it = query.find("token");
    return it == query.end() ? std::string() : it->second;
}

bool origin_allowed(const std::vector<std::string>& allowed, std::string_view origin, std::string_view host) {
    if (origin.empty() || allowed.empty()) return true;
    const auto scheme_end = origin.find("://");
    if (!host.empty() && scheme_end != std::string_view::npos && origin.substr(scheme_end + 3) == host) return true;
    for (const auto& entry : allowed) {
        if (entry == "*" || entry == origin) return true;
    }
    return false;
}

std::string error_body(const HttpError& error) {
    return nlohmann::json{{"code", error.code}, {"message", error.message}}.dump();
}

std::variant<HttpError, UploadRequest> inspect_upload(const std::map<std::string, std::string>& query,
                                                      std::string_view body, std::int64_t max_upload_bytes,
                                                      std::int64_t max_name_chars, std::int64_t max_id_chars) {
    if (std::int64_t(body.size()) > max_upload_bytes) {
        return HttpError{413, "too_large", "upload over " + std::to_string(max_upload_bytes) + " bytes"};
    }
    const auto name = query.find("name");
    if (name == query.end() || name->second.empty()) { return HttpError{400, "invalid_field", "name: required"}; }
    const auto client_id = query.find("clientId");
    if (client_id == query.end() || client_id->second.empty() ||
        std::int64_t(client_id->second.size()) > max_id_chars || !proto::utf8::is_valid(client_id->second)) {
        return HttpError{400, "invalid_field", "clientId: required, 1 to " + std::to_string(max_id_chars) + " chars"};
    }
    if (body.empty()) return HttpError{400, "invalid_field", "body: empty upload"};
    const auto type = media::sniff_file_type(body);
    if (!type) return HttpError{415, "unsupported_type", "only JPEG, PNG, WebP, GIF and PDF files are accepted"};
    const std::string safe_name = media::sanitize_file_name(name->second, std::size_t(max_name_chars));
    if (!media::extension_matches(safe_name, type->kind)) {
        return HttpError{415, "unsupported_type",
                         "the name's extension does not match the content (" + std::string(type->mime) + ")"};
    }
    UploadRequest request;
    request.chat_id = "";
    request.client_id = client_id->second;
    request.name = safe_name;
    request.mime = std::string(type->mime);
    request.size = std::int64_t(body.size());
    if (type->kind != media::FileKind::pdf) {
        const auto size = media::image_size(body, type->kind);
        if (!size) return HttpError{415, "unsupported_type", "the image header is damaged"};
        request.width = size->width;
        request.height = size->height;
    }
    return request;
}

std::string content_disposition(const FileRecord& file) {
    const std::string kind = file.mime == "application/pdf" ? "attachment" : "inline";
    std::string ascii;
    bool plain = true;
    for (unsigned char c : file.name) {
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
            ascii.push_back(char(c));
        else {
            plain = false;
            ascii.push_back('_');
        }
    }
    std::string header = kind + "; filename=\"" + ascii + "\"";
    if (!plain) {
        static const char* hex = "0123456789ABCDEF";
        std::string encoded;
        for (unsigned char c : file.name) {
            if (std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~')
                encoded.push_back(char(c));
            else {
                encoded.push_back('%');
                encoded.push_back(hex[c >> 4]);
                encoded.push_back(hex[c & 15]);
            }
        }
        header += "; filename*=UTF-8''" + encoded;
    }
    return header;
}

std::optional<std::string> upload_chat_id(std::string_view path) {
    constexpr std::string_view prefix = "/api/chats/";
    constexpr std::string_view suffix = "/files";
    if (path.size() <= prefix.size() + suffix.size() || path.substr(0, prefix.size()) != prefix ||
        path.substr(path.size() - suffix.size()) != suffix) {
        return std::nullopt;
    }
    const std::string_view id = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    if (id.find('/') != std::string_view::npos) return std::nullopt;
    auto decoded = percent_decode(id);
    if (!decoded || decoded->empty()) return std::nullopt;
    return decoded;
}

std::optional<std::string> download_file_id(std::string_view path) {
    constexpr std::string_view prefix = "/api/files/";
    if (path.size() <= prefix.size() || path.substr(0, prefix.size()) != prefix) return std::nullopt;
    const std::string_view id = path.substr(prefix.size());
    if (id.find('/') != std::string_view::npos) return std::nullopt;
    auto decoded = percent_decode(id);
    if (!decoded || decoded->empty()) return std::nullopt;
    return decoded;
}

}  // namespace server
