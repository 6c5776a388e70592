// The map overlay's C++ side in the browser: hands the App's MapOverlayFrame to map-bridge.js (Leaflet in a
// positioned div over the canvas). Placement goes over only when it changed; content only when the App built
// new content. The bridge does all DOM work; nothing here knows Leaflet.
#pragma once

#include <string_view>

#include "desktop/map_overlay_frame.hpp"

namespace desk::web {

class MapOverlay {
public:
    // Reads the "map" section of config.json, reports bad values on the console and configures the bridge
    // (tiles, attribution, zoom). Leaflet itself loads only when a map is first shown.
    void configure(std::string_view config_json);
    // After every drawn frame.
    void apply(const MapOverlayFrame& frame);

private:
    MapOverlayFrame placed_;  // last placement sent (content_json unused)
    bool ever_placed_ = false;
};

}  // namespace desk::web
