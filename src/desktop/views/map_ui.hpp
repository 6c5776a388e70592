// The map view's per-frame bookkeeping (part of UiState): where the map region was drawn this frame, and
// which content the platform's overlay already shows. No ImGui types, so UiState stays light.
#pragma once

#include <string>

#include "desktop/core/map_content.hpp"

namespace desk {

struct MapUi {
    bool region_drawn = false;  // set by draw_location_panel, consumed by finish_map_frame
    std::string region_chat_id;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;                      // the region (canvas pixels)
    float clip_x0 = 0, clip_y0 = 0, clip_x1 = 0, clip_y1 = 0;  // its visible part
    unsigned host_root_id = 0;  // ImGuiID of the root window the region lives in (never counts as covering it)

    bool content_sent = false;
    MapContentKey sent_key;
    bool last_visible = false;  // for tests: the last frame's verdict
};

}  // namespace desk
