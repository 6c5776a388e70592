#include "map_overlay.hpp"

#include "js_imports.hpp"

namespace desk::web {

void MapOverlay::configure(const MapSettings& settings) { js_map_configure(map_settings_json(settings).c_str()); }

void MapOverlay::apply(const MapOverlayFrame& f) {
    const MapOverlayFrame& p = placed_;
    const bool same_place = ever_placed_ && p.visible == f.visible &&
        (!f.visible ||
         (p.x == f.x && p.y == f.y && p.width == f.width && p.height == f.height && p.clip_x0 == f.clip_x0 &&
          p.clip_y0 == f.clip_y0 && p.clip_x1 == f.clip_x1 && p.clip_y1 == f.clip_y1 && p.holes == f.holes));
    // Placement first, so new content is laid out (fitted, centred) in the region's new size. Both happen in one
    // JS task: the page never paints in between.
    if (!same_place) {
        static_assert(sizeof(MapOverlayFrame::Hole) == 4 * sizeof(float), "holes go to JS as a flat float array");
        js_map_place(f.visible ? 1 : 0, f.x, f.y, f.width, f.height, f.clip_x0, f.clip_y0, f.clip_x1, f.clip_y1,
                     reinterpret_cast<const float*>(f.holes.data()), static_cast<int>(f.holes.size()));
        placed_ = f;
        placed_.content_json.clear();
        ever_placed_ = true;
    }
    if (!f.content_json.empty()) js_map_show(f.content_json.c_str());
}

}  // namespace desk::web
