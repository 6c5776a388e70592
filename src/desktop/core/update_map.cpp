// The map feature's rules: each chat's track of shared positions (bounded by Settings::map_track_limit), the
// pending location request, and the agent's "show this place on the map" (intent::ShowOnMap).
#include <algorithm>

#include "desktop/core/coordinates.hpp"
#include "desktop/core/update_internal.hpp"

namespace desk::detail {

void map_append_position(Chat& chat, const proto::Location& location, double ts, std::int64_t seq, std::size_t limit) {
    // The codec already refused out-of-range values; the track still never holds a point the map cannot draw.
    if (!geo::validate(location.lat, location.lon) || !geo::valid_accuracy(location.accuracy)) return;
    auto& points = chat.track.points;
    points.push_back(
        TrackPoint{geo::round_degrees(location.lat), geo::round_degrees(location.lon), location.accuracy, ts, seq});
    const std::size_t keep = std::max<std::size_t>(1, limit);
    if (points.size() > keep) points.erase(points.begin(), points.end() - static_cast<std::ptrdiff_t>(keep));
    chat.track.requested_at = 0;  // answered
    ++chat.track.revision;
}

void map_on_event(Step& step, Chat& chat, const proto::Event& e, ChatEvent& row) {
    if (const auto* location = std::get_if<proto::LocationBody>(&e.body)) {
        row.location = location->location;
        map_append_position(chat, location->location, static_cast<double>(e.ts), e.seq,
                            step.s.settings.map_track_limit);
    } else if (std::holds_alternative<proto::LocationRequestBody>(e.body)) {
        chat.track.requested_at = static_cast<double>(e.ts);
        ++chat.track.revision;
    }
}

void on_show_on_map(Step& step, const intent::ShowOnMap& show) {
    const Chat* chat = step.s.find_chat(show.chat_id);
    std::string label = show.label;
    // A place in the earlier chat open read-only: shown on the live chat's map (the same customer), marked so.
    const auto& viewer = step.s.history.viewer;
    if (!chat && viewer.open() && viewer.chat.id == show.chat_id) {
        chat = step.s.find_chat(viewer.from_chat_id);
        label = (label.empty() ? std::string("Location") : label) + " (earlier chat)";
    }
    if (!chat) {
        step.notice("not_found", "That conversation is no longer open.", show.chat_id);
        return;
    }
    const auto position = geo::validate(show.lat, show.lon);
    if (!position) {
        step.notice("invalid_location", "Cannot show this place on the map: " + position.error().message, show.chat_id);
        return;
    }
    const double lat = geo::round_degrees(show.lat), lon = geo::round_degrees(show.lon);
    const auto& points = chat->track.points;
    const bool on_track =
        std::any_of(points.begin(), points.end(), [&](const TrackPoint& p) { return p.lat == lat && p.lon == lon; });
    step.s.selected_chat_id = chat->id;
    auto& focus = step.s.map_focus;
    focus.chat_id = chat->id;
    focus.lat = lat;
    focus.lon = lon;
    focus.label = label;
    focus.is_track_point = on_track && label == show.label;
    ++focus.serial;
    step.glyphs(label);
}

void on_open_in_maps(Step& step, const intent::OpenInMaps& open) {
    const auto position = geo::validate(open.lat, open.lon);
    if (!position) {
        step.notice("invalid_location", "Cannot open this place in a map: " + position.error().message);
        return;
    }
    step.out.push_back(cmd::OpenUrl{geo::maps_link(position.value())});
}

}  // namespace desk::detail
