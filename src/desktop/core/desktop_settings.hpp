// Everything the desktop's rules take from config.json, read once at start from the parsed file
// (parse_config_json in config_reader.hpp) with one error policy. The browser platform reads its own keys (fonts,
// rendering, STUN/TURN) from the same parsed value (src/desktop/web/platform_settings.hpp).
//
//   "desktop": {"title", "reconnectInitialMs", "reconnectMaxMs", "reconnectJitter", "typingSendIntervalMs",
//               "unansweredWarningMs", "offerExpiryGraceMs", "outboxCap",
//               "maxLiveTextures", "maxImageLoads", "maxUploads", "thumbnailMaxPx", "viewerMaxPx"}
//   "map":     see map_settings.hpp        "calls": see call_state.hpp        "branding": see branding.hpp
// The tab's title is branding.productName unless desktop.title names another.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "desktop/core/branding.hpp"
#include "desktop/core/call_state.hpp"
#include "desktop/core/map_settings.hpp"
#include "desktop/core/state.hpp"

namespace desk {

struct DesktopSettings {
    Settings session;           // "desktop": reconnect, typing, unanswered warning, outbox, title; map.trackLimit
    FileSettings files;         // "desktop": photo textures, parallel loads and uploads, texture sizes
    MapSettings map;            // "map": tiles, attribution, zoom, track, tile timeout
    CallSettings calls;         // "calls": call timers, signaling payload size
    BrandingSettings branding;  // "branding": product name, the login screen's logo
};

struct DesktopSettingsRead {
    DesktopSettings settings;
    std::vector<std::string> problems;  // "desktop.outboxCap: must be an integer in 1..100000 (default kept)", …
};

[[nodiscard]] DesktopSettingsRead read_desktop_settings(const nlohmann::json& config);
// parse_config_json + the above (a parse problem first): for callers that hold only the text. A separate name,
// since a string literal converts to a JSON value too.
[[nodiscard]] DesktopSettingsRead read_desktop_settings_text(std::string_view config_text);

}  // namespace desk
