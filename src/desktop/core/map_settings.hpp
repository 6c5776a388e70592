// The map feature's settings, from the "map" section of config.json (admins edit it without a rebuild):
//   "map": {"tileUrl": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "© OpenStreetMap
//           contributors", "attributionUrl": "https://www.openstreetmap.org/copyright", "maxZoom": 19,
//           "zoom": 16, "trackLimit": 100, "tileTimeoutMs": 6000}
// Every value is checked; a bad one keeps its default and is reported, so a typo never breaks the desktop.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace desk {

struct MapSettings {
    // map.tileUrl: raster tiles, Leaflet's template ({z} {x} {y}, optional {s}); http(s) or page-relative.
    std::string tile_url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    // map.attribution: plain text (never HTML) shown in the map's corner, as the tile provider requires.
    std::string attribution = "\xC2\xA9 OpenStreetMap contributors";
    // map.attributionUrl: where the attribution links to ("" = no link); http(s) only.
    std::string attribution_url = "https://www.openstreetmap.org/copyright";
    // map.maxZoom: the tile server's deepest level (1..22).
    int max_zoom = 19;
    // map.zoom: zoom a position is first shown at (1..maxZoom).
    int zoom = 16;
    // map.trackLimit: positions kept per chat for the track (1..10000; the newest is the marker).
    std::size_t track_limit = 100;
    // map.tileTimeoutMs: no tile loaded this long after the map needed them → the built-in vector basemap.
    double tile_timeout_ms = 6000;
};

// Limits of the values above (also the documentation's).
inline constexpr std::size_t kMapTileUrlMaxBytes = 2048;
inline constexpr std::size_t kMapAttributionMaxBytes = 300;
inline constexpr int kMapMaxZoomLimit = 22;
inline constexpr std::size_t kMapTrackLimitMax = 10000;

struct MapSettingsReadResult {
    MapSettings settings;
    std::vector<std::string> problems;  // "map.maxZoom: must be an integer in 1..22 (default kept)"
};

// Reads the "map" section of the parsed config.json (config_reader.hpp); a missing section keeps every default.
[[nodiscard]] MapSettingsReadResult read_map_settings(const nlohmann::json& config);

// The settings as the JSON the map bridge takes (map-bridge.js configure()).
[[nodiscard]] std::string map_settings_json(const MapSettings& settings);

}  // namespace desk
