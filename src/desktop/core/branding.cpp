#include "desktop/core/branding.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "desktop/core/config_reader.hpp"

namespace desk {

namespace {

constexpr const char* kSection = "branding";

// Code points of valid UTF-8, or -1 (bad UTF-8), or -2 (a control character: C0, DEL, C1, line/paragraph
// separators, bidi overrides that would turn the heading around).
long long checked_code_points(std::string_view text) {
    long long count = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > text.size()) return -1;
        char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
        for (std::size_t k = 1; k < len; ++k) {
            const auto c = static_cast<unsigned char>(text[i + k]);
            if ((c >> 6) != 0x2) return -1;
            cp = (cp << 6) | (c & 0x3F);
        }
        const std::array<char32_t, 5> min_of_len{0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_of_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
            (cp >= 0x2066 && cp <= 0x2069))
            return -2;
        ++count;
        i += len;
    }
    return count;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))) != prefix[i]) return false;
    return true;
}

}  // namespace

std::string validate_product_name(std::string_view name) {
    const long long chars = checked_code_points(name);
    if (chars == -1) return "must be valid UTF-8";
    if (chars == -2) return "must not contain control characters";
    if (chars < 1 || static_cast<std::size_t>(chars) > kProductNameMaxChars)
        return "must be 1.." + std::to_string(kProductNameMaxChars) + " characters";
    return "";
}

std::string validate_logo_url(std::string_view url) {
    if (url.size() > kLogoUrlMaxBytes) return "must be at most " + std::to_string(kLogoUrlMaxBytes) + " bytes";
    for (const char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return "must not contain spaces or control characters";
    // A scheme is letters, digits, "+", "-", "." before the first ':' (and before any '/', '?' or '#').
    const std::size_t colon = url.find(':');
    const std::size_t delimiter = url.find_first_of("/?#");
    if (colon != std::string_view::npos && (delimiter == std::string_view::npos || colon < delimiter)) {
        if (starts_with_ci(url, "https://")) return url.size() > 8 ? "" : "must name a host after https://";
        if (starts_with_ci(url, "data:")) {
            for (const char* type : {"data:image/png;base64,", "data:image/jpeg;base64,", "data:image/gif;base64,",
                                     "data:image/webp;base64,"})
                if (starts_with_ci(url, type)) return "";
            return "data: URLs must be base64 PNG, JPEG, GIF or WebP images (data:image/png;base64,...)";
        }
        const std::string scheme(url.substr(0, colon));
        return "the " + scheme + ": scheme is not allowed (a path inside the desktop's folder or an https:// URL)";
    }
    if (url.empty()) return "";  // no logo
    if (url.find('\\') != std::string_view::npos) return "must not contain backslashes";
    if (url.front() == '/')
        return "must be a path relative to the desktop's folder (no leading '/') or an https:// URL";
    // No ".." segment: the logo stays inside the folder the admin serves (and a relative URL works under any
    // path prefix). "%2e%2e" is refused as well, since the browser decodes it to "..".
    std::string lowered(url);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string_view path = std::string_view(lowered).substr(0, lowered.find_first_of("?#"));
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view segment = path.substr(start, end - start);
        if (segment == ".." || segment == "%2e%2e" || segment == ".%2e" || segment == "%2e.")
            return "must stay inside the desktop's folder (no '..')";
        start = end + 1;
    }
    return "";
}

BrandingSettingsRead read_branding_settings(const nlohmann::json& config) {
    BrandingSettingsRead out;
    BrandingSettings& b = out.settings;
    ConfigReader read(config);
    if (read.section(kSection)) {
        const auto string_value = [&](const char* key, std::string& target, auto&& check) {
            const nlohmann::json* value = find_config_value(config, kSection, key);
            if (!value) return;
            if (!value->is_string()) return read.problem(kSection, key, "must be a string");
            const std::string& text = value->get_ref<const std::string&>();
            const std::string why = check(text);
            if (!why.empty()) return read.problem(kSection, key, why);
            target = text;
        };
        string_value("productName", b.product_name, validate_product_name);
        string_value("logoUrl", b.logo_url, validate_logo_url);
        string_value("logoAlt", b.logo_alt, [](std::string_view alt) -> std::string {
            const long long chars = checked_code_points(alt);
            if (chars == -1) return "must be valid UTF-8";
            if (chars == -2) return "must not contain control characters";
            if (static_cast<std::size_t>(chars) > kLogoAltMaxChars)
                return "must be at most " + std::to_string(kLogoAltMaxChars) + " characters";
            return "";
        });
        read.integer(kSection, "logoMaxWidthPx", b.logo_max_width_px, kLogoBoxMinPx, kLogoMaxWidthLimitPx);
        read.integer(kSection, "logoMaxHeightPx", b.logo_max_height_px, kLogoBoxMinPx, kLogoMaxHeightLimitPx);
    }
    out.problems = std::move(read.problems);
    return out;
}

FittedSize fit_logo(int width, int height, float box_w, float box_h, float max_scale) {
    if (width <= 0 || height <= 0 || !(box_w > 0) || !(box_h > 0) || !(max_scale > 0)) return {};
    const float scale = std::min({box_w / static_cast<float>(width), box_h / static_cast<float>(height), max_scale});
    // Whole pixels: a logo drawn at a fractional size or position is resampled blurry.
    // (The small slack keeps 720 × (240.00002 / 720) from becoming 239.)
    return {std::max(1.0f, std::floor(static_cast<float>(width) * scale + 1e-3f)),
            std::max(1.0f, std::floor(static_cast<float>(height) * scale + 1e-3f))};
}

}  // namespace desk
