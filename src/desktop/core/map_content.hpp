// What the map overlay shows for the selected chat, as the JSON the map bridge takes (map-bridge.js show()).
// Built only when it changed (MapContentKey), so an idle desktop sends the bridge nothing.
//   {"chatId": str, "customer": str,
//    "marker": null | {"lat", "lon", "accuracy", "ts", "time": "14:03:05"},
//    "track": [[lat, lon], …]  (oldest first, at most Settings::map_track_limit),
//    "focus": null | {"serial", "lat", "lon", "label", "pin": bool}}   (pin: a place that is not on the track)
// Strings are customer text: the bridge puts them in the DOM as text, never as HTML.
#pragma once

#include <cstdint>
#include <string>

#include "desktop/core/state.hpp"

namespace desk {

// Whether the map should be shown for this chat at all: it has a position, or the agent asked for a place.
[[nodiscard]] bool chat_has_map(const State& state, const Chat& chat);

// Identifies one version of a chat's map content; equal keys mean the bridge already shows it.
struct MapContentKey {
    std::string chat_id;
    std::uint64_t track_revision = 0;
    double last_ts = 0, last_lat = 0, last_lon = 0;
    std::uint64_t focus_serial = 0;
    friend bool operator==(const MapContentKey&, const MapContentKey&) = default;
};
[[nodiscard]] MapContentKey map_content_key(const State& state, const Chat& chat);

[[nodiscard]] std::string map_content_json(const State& state, const Chat& chat);

// "14:03:05" in the browser's local time zone: live positions change by the second.
[[nodiscard]] std::string clock_label_seconds(double ts);

}  // namespace desk
