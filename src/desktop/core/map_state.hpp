// The map feature's part of the desktop state: each chat's track of recent positions and the one map focus the
// agent asked for. Plain values, changed only by update() (update_map.cpp); the map view and the JS bridge
// (web/desktop/map-bridge.js) only read them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace desk {

// One position the customer's app shared (a `location` event), in the order they were committed.
struct TrackPoint {
    double lat = 0;
    double lon = 0;
    double accuracy = 0;   // metres, radius of the accuracy circle
    double ts = 0;         // server time of the event, ms since the epoch
    std::int64_t seq = 0;  // the event's seq (0 when the point came from a chat summary)
};

// The last `Settings::map_track_limit` positions of one chat, oldest first. The newest one is the marker.
struct LocationTrack {
    std::vector<TrackPoint> points;
    // Bumped on every change, so the platform resends the track to the map only when it changed.
    std::uint64_t revision = 0;
    // Server time of the agent's last location request in this chat (0 = none since the last shared position).
    double requested_at = 0;

    bool empty() const { return points.empty(); }
    const TrackPoint& latest() const { return points.back(); }
};

// "Show this place": a clicked "Location shared" row, a photo's GPS position (intent::ShowOnMap) or a
// coordinate in the screen-pop context. The map centres on it; `serial` tells a new request from an old one.
struct MapFocus {
    std::string chat_id;
    double lat = 0;
    double lon = 0;
    std::string label;            // shown beside the pin; customer text, so the bridge escapes it
    bool is_track_point = false;  // true: a shared position (the marker is there already); false: an extra pin
    std::uint64_t serial = 0;     // 0 = never asked
};

}  // namespace desk
