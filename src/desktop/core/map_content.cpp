#include "desktop/core/map_content.hpp"

#include <ctime>

#include <nlohmann/json.hpp>

namespace desk {

using nlohmann::json;

bool chat_has_map(const State& s, const Chat& chat) {
    return chat.last_location.has_value() || !chat.track.empty() ||
        (s.map_focus.serial && s.map_focus.chat_id == chat.id);
}

MapContentKey map_content_key(const State& s, const Chat& chat) {
    MapContentKey key{chat.id, chat.track.revision};
    if (chat.last_location) {
        key.last_ts = static_cast<double>(chat.last_location->ts);
        key.last_lat = chat.last_location->location.lat;
        key.last_lon = chat.last_location->location.lon;
    }
    if (s.map_focus.chat_id == chat.id) key.focus_serial = s.map_focus.serial;
    return key;
}

std::string clock_label_seconds(double ts) {
    const std::time_t seconds = static_cast<std::time_t>(ts / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%H:%M:%S", &local);
    return buffer;
}

std::string map_content_json(const State& s, const Chat& chat) {
    json marker = nullptr;
    // The chat summary's lastLocation is the truth for "where now" (a reload or a transfer brings it before the
    // history); the track adds where the customer was.
    if (chat.last_location) {
        const auto& l = *chat.last_location;
        marker = {{"lat", l.location.lat},
                  {"lon", l.location.lon},
                  {"accuracy", l.location.accuracy},
                  {"ts", l.ts},
                  {"time", clock_label_seconds(static_cast<double>(l.ts))}};
    } else if (!chat.track.empty()) {
        const auto& p = chat.track.latest();
        marker = {{"lat", p.lat},
                  {"lon", p.lon},
                  {"accuracy", p.accuracy},
                  {"ts", p.ts},
                  {"time", clock_label_seconds(p.ts)}};
    }
    json track = json::array();
    for (const auto& p : chat.track.points) track.push_back(json::array({p.lat, p.lon}));
    json focus = nullptr;
    if (s.map_focus.serial && s.map_focus.chat_id == chat.id)
        focus = {{"serial", s.map_focus.serial},
                 {"lat", s.map_focus.lat},
                 {"lon", s.map_focus.lon},
                 {"label", s.map_focus.label},
                 {"pin", !s.map_focus.is_track_point}};
    return json{
        {"chatId", chat.id}, {"customer", chat.customer.name}, {"marker", marker}, {"track", track}, {"focus", focus}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace desk
