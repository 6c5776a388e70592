#include "desktop/core/map_settings.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "desktop/core/config_reader.hpp"

namespace desk {

namespace {

using nlohmann::json;

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Absolute http(s), or relative to the page (an intranet tile server behind the same origin).
bool acceptable_tile_url(const std::string& url) {
    if (url.empty() || url.size() > kMapTileUrlMaxBytes) return false;
    if (url.find("{z}") == std::string::npos || url.find("{x}") == std::string::npos ||
        url.find("{y}") == std::string::npos)
        return false;
    if (url.find_first_of(" \t\r\n\"<>\\") != std::string::npos) return false;
    const auto colon = url.find(':');
    const auto slash = url.find('/');
    const bool has_scheme = colon != std::string::npos && (slash == std::string::npos || colon < slash);
    return !has_scheme || starts_with(url, "https://") || starts_with(url, "http://");
}

bool acceptable_link(const std::string& url) {
    if (url.empty()) return true;
    return url.size() <= kMapTileUrlMaxBytes && (starts_with(url, "https://") || starts_with(url, "http://")) &&
        url.find_first_of(" \t\r\n\"<>\\") == std::string::npos;
}

}  // namespace

MapSettingsReadResult read_map_settings(const json& root) {
    MapSettingsReadResult result;
    ConfigReader read(root);
    if (root.is_object() && read.section("map")) {
        MapSettings& s = result.settings;
        // The URLs need more than a length: a scheme the map may load, and the placeholders.
        auto url = [&](const char* key, std::string& out, bool (*accept)(const std::string&), const char* expected) {
            const json* value = find_config_value(root, "map", key);
            if (!value) return;
            if (!value->is_string() || !accept(value->get_ref<const std::string&>()))
                return read.problem("map", key, expected);
            out = value->get<std::string>();
        };
        url("tileUrl", s.tile_url, acceptable_tile_url, "must be an http(s) or relative URL with {z}, {x} and {y}");
        read.text("map", "attribution", s.attribution, kMapAttributionMaxBytes);
        url("attributionUrl", s.attribution_url, acceptable_link, "must be \"\" or an http(s) URL");
        read.integer("map", "maxZoom", s.max_zoom, 1, kMapMaxZoomLimit);
        read.integer("map", "zoom", s.zoom, 1, s.max_zoom);
        s.zoom = std::min(s.zoom, s.max_zoom);  // a lower maxZoom alone must not leave the default zoom above it
        read.count("map", "trackLimit", s.track_limit, 1, kMapTrackLimitMax);
        read.number("map", "tileTimeoutMs", s.tile_timeout_ms, 500, 120000);
    }
    result.problems = std::move(read.problems);
    return result;
}

std::string map_settings_json(const MapSettings& s) {
    return json{{"tileUrl", s.tile_url},
                {"attribution", s.attribution},
                {"attributionUrl", s.attribution_url},
                {"maxZoom", s.max_zoom},
                {"zoom", s.zoom},
                {"trackLimit", s.track_limit},
                {"tileTimeoutMs", s.tile_timeout_ms}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace desk
