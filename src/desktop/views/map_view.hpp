// The map feature's view (map_view.cpp): the location panel of Context Information and, once per frame after
// every window is drawn, where the platform's map overlay goes and whether anything covers it.
#pragma once

#include "desktop/core/intents.hpp"
#include "desktop/core/state.hpp"
#include "desktop/map_overlay_frame.hpp"
#include "desktop/views/ui_state.hpp"

namespace desk {

// Inside the Context Information area: position text and actions, then the map region (the rest of the area).
void draw_location_panel(const State&, const Chat&, UiState&, Intents&);

// Over a "Location shared" transcript row (the last item): an invisible "Show on map" button covering the row;
// a click selects the chat's map and centres it on that position.
void location_row_action(const Chat&, const ChatEvent&, Intents&);

// After the whole desktop is drawn (popups included): the overlay's frame. Content JSON only when it changed.
[[nodiscard]] MapOverlayFrame finish_map_frame(const State&, UiState&);

// True when a modal is open or another window or popup overlaps the region drawn this frame.
[[nodiscard]] bool map_region_covered(const MapUi&);

}  // namespace desk
