// The map overlay's C++ side in the browser: hands the App's MapOverlayFrame to map-bridge.js (Leaflet in a
// positioned div over the canvas). Placement goes over only when it changed; content only when the App built
// new content. The bridge does all DOM work; nothing here knows Leaflet.
#pragma once

#include "desktop/core/map_settings.hpp"
#include "desktop/map_overlay_frame.hpp"

namespace desk::web {

class MapOverlay {
public:
    // Configures the bridge (tiles, attribution, zoom) from config.json's checked "map" settings. Leaflet itself
    // loads only when a map is first shown.
    void configure(const MapSettings& settings);
    // After every drawn frame.
    void apply(const MapOverlayFrame& frame);

private:
    MapOverlayFrame placed_;  // last placement sent (content_json unused)
    bool ever_placed_ = false;
};

}  // namespace desk::web
