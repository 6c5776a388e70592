// What the App tells the platform's map overlay after each drawn frame (PlatformServices::map_frame).
// Coordinates are canvas (framebuffer) pixels, as ImGui draws them; the platform converts to page pixels.
#pragma once

#include <string>
#include <vector>

namespace desk {

struct MapOverlayFrame {
    // False: hide the overlay (no region this frame, a modal is open, a popup or window covers it, or the
    // region is scrolled out of view). The rest is meaningful only when true.
    bool visible = false;
    // The region ImGui reserved for the map.
    float x = 0, y = 0, width = 0, height = 0;
    // The part of that region not scrolled out of its parent windows (clip_x1/y1 exclusive corner).
    float clip_x0 = 0, clip_y0 = 0, clip_x1 = 0, clip_y1 = 0;
    // ImGui tooltips drawn over the region (canvas pixels, within the clip): the overlay leaves these holes so
    // they show instead of hiding the whole map under every tooltip the pointer brings up.
    struct Hole {
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        friend bool operator==(const Hole&, const Hole&) = default;
    };
    std::vector<Hole> holes;
    // "" = the bridge already shows the right content; else map_content_json() of the selected chat.
    std::string content_json;
};

}  // namespace desk
