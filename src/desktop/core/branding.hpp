// The admin's branding, from the "branding" section of config.json (edited next to index.html, no rebuild):
//   "branding": {"productName": "Claims Desk", "logoUrl": "brand/logo.png", "logoAlt": "ACME Insurance",
//                "logoMaxWidthPx": 240, "logoMaxHeightPx": 80}
// The product name is the login screen's heading and the tab's title; the logo, if any, is drawn above it on the
// login screen, fitted into a box of logoMaxWidthPx × logoMaxHeightPx design pixels (scaled with the UI font, so
// it is as sharp at devicePixelRatio 2). Every value is checked; a bad one keeps its default and is reported, so a
// typo never breaks the login. No logo by default: an install without the section looks as before.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace desk {

struct BrandingSettings {
    // branding.productName: 1..kProductNameMaxChars characters, no control characters.
    std::string product_name = "Agent Desktop";
    // branding.logoUrl: "" = no logo; a relative path inside the desktop's folder or an https:// URL
    // (validate_logo_url). Fetched and decoded by the browser like a photo, without the agent's token.
    std::string logo_url;
    // branding.logoAlt: what the logo says, for the accessibility tree and the snapshot ("" = the product name).
    std::string logo_alt;
    // branding.logoMaxWidthPx / logoMaxHeightPx: the box the logo is fitted into, in design pixels (scaled()).
    int logo_max_width_px = 240;
    int logo_max_height_px = 80;
};

// Limits of the values above (also in docs/desktop-platform.md).
inline constexpr std::size_t kProductNameMaxChars = 60;  // characters (code points): a heading, not a text
inline constexpr std::size_t kLogoUrlMaxBytes = 2048;    // as map.tileUrl
inline constexpr std::size_t kLogoAltMaxChars = 120;
inline constexpr int kLogoBoxMinPx = 16;          // smaller is no longer a logo
inline constexpr int kLogoMaxWidthLimitPx = 600;  // the login window is 360 design px wide (it grows)
inline constexpr int kLogoMaxHeightLimitPx = 300;
// The logo's texture is decoded with its longest side at most this many times the box's longest side: enough
// device pixels for devicePixelRatio up to 3 with a box at its configured size, and a 10-MP logo costs no more.
inline constexpr int kLogoTextureScale = 3;
// The id the logo's image load travels under through FileServices (photos use the server's file ids, which
// never contain ':').
inline constexpr const char* kLogoImageId = "branding:logo";

struct BrandingSettingsRead {
    BrandingSettings settings;
    std::vector<std::string> problems;  // "branding.logoUrl: must be … (default kept)"
};

// Reads the "branding" section of the parsed config.json (config_reader.hpp); a missing section keeps every default.
[[nodiscard]] BrandingSettingsRead read_branding_settings(const nlohmann::json& config);

// "" when `url` may be the logo's URL, else why not ("javascript: URLs are not allowed", …). Allowed: a path
// relative to the page that stays inside the desktop's folder (no "..", no leading "/", no "\\"), an https:// URL,
// or a data:image/png|jpeg|gif|webp;base64 URL. Refused: other schemes (javascript:, http:, file:, data: of
// another type), protocol-relative "//host", control characters, spaces.
[[nodiscard]] std::string validate_logo_url(std::string_view url);

// A product name's problem ("" = fine): empty, longer than kProductNameMaxChars, control characters, bad UTF-8.
[[nodiscard]] std::string validate_product_name(std::string_view name);

// The logo at runtime: loaded once at start when logoUrl is set (cmd::LoadLogo → ev::LogoLoaded / LogoFailed).
enum class LogoStatus { none, loading, loaded, failed };
struct Branding {
    BrandingSettings settings;
    LogoStatus logo = LogoStatus::none;
    std::uint32_t logo_texture = 0;       // an ImTextureID of the platform, while loaded
    int logo_width = 0, logo_height = 0;  // the texture's pixels
    std::string logo_error;               // why it failed (also a notice)
};

// The logo's size on screen: `width` × `height` pixels fitted into `box_w` × `box_h`, aspect kept, never
// enlarged past `max_scale` (the display's pixels per image pixel; 0 sizes give 0 × 0).
struct FittedSize {
    float width = 0, height = 0;
};
[[nodiscard]] FittedSize fit_logo(int width, int height, float box_w, float box_h, float max_scale);

}  // namespace desk
