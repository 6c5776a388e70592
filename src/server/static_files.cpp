#include "static_files.hpp"

#include <map>
#include <system_error>

namespace server {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// True when the header lists `coding` with a non-zero q value ("gzip, br;q=0.8").
bool accepts(std::string_view header, std::string_view coding) {
    std::size_t start = 0;
    while (start <= header.size()) {
        const std::size_t comma = header.find(',', start);
        std::string_view item =
            header.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        const std::size_t semi = item.find(';');
        std::string_view name = item.substr(0, semi);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (name == coding) {
            if (semi == std::string_view::npos) return true;
            const std::string_view params = item.substr(semi + 1);
            const std::size_t q = params.find("q=");
            if (q == std::string_view::npos) return true;
            const std::string_view value = params.substr(q + 2);
            return !(value.substr(0, 1) == "0" && value.find_first_of("123456789") == std::string_view::npos);
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return false;
}

bool is_regular(const std::filesystem::path& path) {
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int hi = hex_value(text[i + 1]);
        const int lo = hex_value(text[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        const char c = char(hi * 16 + lo);
        if (c == '\0') return std::nullopt;
        out.push_back(c);
        i += 2;
    }
    return out;
}

std::string mime_for(const std::filesystem::path& file) {
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".wasm", "application/wasm"},
        {".map", "application/json"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".svg", "image/svg+xml"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".ttf", "font/ttf"},
        {".otf", "font/otf"},
        {".webmanifest", "application/manifest+json"},
        {".data", "application/octet-stream"},
        {".mp3", "audio/mpeg"},
        {".ogg", "audio/ogg"},
        {".wav", "audio/wav"},
        {".pdf", "application/pdf"},
    };
    const auto it = types.find(file.extension().string());
    return it == types.end() ? "application/octet-stream" : it->second;
}

bool is_content_hashed_name(std::string_view name) {
    constexpr std::size_t kHashDigits = 10;  // HASH_HEX_DIGITS in scripts/finalize-dist.mjs
    const auto last_dot = name.rfind('.');
    if (last_dot == std::string_view::npos || last_dot < kHashDigits + 1) return false;
    const auto hash_dot = last_dot - kHashDigits - 1;
    if (name[hash_dot] != '.' || hash_dot == 0) return false;
    for (std::size_t i = hash_dot + 1; i < last_dot; ++i) {
        const char c = name[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

std::optional<StaticFile> resolve_static(const StaticRoots& roots, std::string_view target,
                                         std::string_view accept_encoding) {
    const std::string_view path_part = target.substr(0, target.find_first_of("?#"));
    const auto decoded = percent_decode(path_part);
    if (!decoded || decoded->empty() || decoded->front() != '/') return std::nullopt;
    std::string_view path = *decoded;

    const std::filesystem::path* root = nullptr;
    if (path == "/customer") {
        if (!roots.customer) return std::nullopt;
        return StaticFile{{}, {}, {}, true};
    }
    if (path.substr(0, 10) == "/customer/") {
        if (!roots.customer) return std::nullopt;
        root = &*roots.customer;
        path.remove_prefix(10);
    } else {
        if (!roots.desktop) return std::nullopt;
        root = &*roots.desktop;
        path.remove_prefix(1);
    }

    // Walk the segments: no "..", no hidden files (".git", ".env"), no backslashes, no empty middle segments.
    std::filesystem::path relative;
    std::size_t start = 0;
    while (start < path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::string_view segment =
            path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (segment.empty() || segment.front() == '.' || segment.find('\\') != std::string_view::npos) {
            if (!(segment.empty() && slash == std::string_view::npos)) return std::nullopt;
        } else {
            relative /= std::string(segment);
        }
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    if (relative.empty() || path.empty() || path.back() == '/') relative /= "index.html";

    const std::filesystem::path file = *root / relative;
    if (!is_regular(file)) return std::nullopt;
    StaticFile result{file, mime_for(file), "", false};
    result.immutable = is_content_hashed_name(file.filename().string());
    if (accepts(accept_encoding, "br") && is_regular(file.string() + ".br")) {
        result.path = file.string() + ".br";
        result.encoding = "br";
    } else if (accepts(accept_encoding, "gzip") && is_regular(file.string() + ".gz")) {
        result.path = file.string() + ".gz";
        result.encoding = "gzip";
    }
    return result;
}

}  // namespace server
