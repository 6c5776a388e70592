#include "desktop/core/map_settings.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace desk {

namespace {

using nlohmann::json;

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Absolute http(s), or relative to the page (an intranet tile server behind the same origin).
bool acceptable_tile_url(const std::string& url) {
    if (url.empty() || url.size() > kMapTileUrlMaxBytes) return false;
    if (url.find("{z}") == std::string::npos || url.find("{x}") == std::string::npos || url.find("{y}") == std::string::npos)
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
    if (!root.is_object()) return result;
    const auto section = root.find("map");
    if (section == root.end()) return result;
    if (!section->is_object()) {
        result.problems.push_back("map: must be an object (every default kept)");
        return result;
    }
    const json& m = *section;
    MapSettings& s = result.settings;
    auto problem = [&](const char* key, const std::string& what) {
        result.problems.push_back(std::string("map.") + key + ": " + what + " (default kept)");
    };
    auto text = [&](const char* key, std::string& out, std::size_t max_bytes, bool (*accept)(const std::string&),
                    const char* what) {
        const auto it = m.find(key);
        if (it == m.end()) return;
        if (!it->is_string() || it->get_ref<const std::string&>().size() > max_bytes ||
            (accept && !accept(it->get_ref<const std::string&>()))) {
            problem(key, what);
            return;
        }
        out = it->get<std::string>();
    };
    auto integer = [&](const char* key, long long min, long long max, auto& out) {
        const auto it = m.find(key);
        if (it == m.end()) return;
        if (!it->is_number_integer() || it->get<long long>() < min || it->get<long long>() > max) {
            problem(key, "must be an integer in " + std::to_string(min) + ".." + std::to_string(max));
            return;
        }
        out = static_cast<std::remove_reference_t<decltype(out)>>(it->get<long long>());
    };

    text("tileUrl", s.tile_url, kMapTileUrlMaxBytes, acceptable_tile_url,
         "must be an http(s) or relative URL with {z}, {x} and {y}");
    text("attribution", s.attribution, kMapAttributionMaxBytes, nullptr,
         ("must be a string of at most " + std::to_string(kMapAttributionMaxBytes) + " bytes").c_str());
    text("attributionUrl", s.attribution_url, kMapTileUrlMaxBytes, acceptable_link, "must be \"\" or an http(s) URL");
    integer("maxZoom", 1, kMapMaxZoomLimit, s.max_zoom);
    integer("zoom", 1, s.max_zoom, s.zoom);
    s.zoom = std::min(s.zoom, s.max_zoom);  // a lower maxZoom alone must not leave the default zoom above it
    integer("trackLimit", 1, static_cast<long long>(kMapTrackLimitMax), s.track_limit);
    if (const auto it = m.find("tileTimeoutMs"); it != m.end()) {
        if (!it->is_number() || !(it->get<double>() >= 500) || it->get<double>() > 120000)
            problem("tileTimeoutMs", "must be a number in 500..120000");
        else s.tile_timeout_ms = it->get<double>();
    }
    return result;
}

std::string map_settings_json(const MapSettings& s) {
    return json{{"tileUrl", s.tile_url}, {"attribution", s.attribution}, {"attributionUrl", s.attribution_url},
                {"maxZoom", s.max_zoom}, {"zoom", s.zoom}, {"trackLimit", s.track_limit},
                {"tileTimeoutMs", s.tile_timeout_ms}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace desk
