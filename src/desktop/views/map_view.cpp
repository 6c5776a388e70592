// The location panel in Context Information: when and how precisely the customer was last located, the
// coordinates as text (decimal and degrees-minutes-seconds) with copy buttons and a maps link, and below them
// the region the platform's map overlay (Leaflet, web/desktop/map-bridge.js) is laid exactly over.
// A chat without a position says so and offers "Request location" when the customer's app can share one.
//
// The overlay is HTML above the canvas, so it would hide anything ImGui draws over its region: finish_map_frame()
// hides it whenever a modal is open or another window or popup overlaps the region.
#include "desktop/views/map_view.hpp"

#include <algorithm>

#include "imgui.h"
#include "imgui_internal.h"  // the window list and popup stack: is anything drawn over the map region?

#include "desktop/core/clock_text.hpp"
#include "desktop/core/coordinates.hpp"
#include "desktop/core/map_content.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/icons.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

namespace {

// The map region is never smaller than this (design px at 16 px text); a shorter panel scrolls instead.
constexpr float kMapMinHeight = 180;
// A region clipped to less than this (canvas px) on either side is hidden rather than shown as a sliver.
constexpr float kMinVisiblePx = 8;

void draw_no_location(const State& s, const Chat& chat, Intents& intents) {
    const Palette& p = palette(s.theme);
    ImGui::TextDisabled("No location shared.");
    if (!chat.customer.capabilities.has(proto::Capability::location)) {
        ImGui::TextDisabled("The customer's app cannot share its location.");
        return;
    }
    if (chat.track.requested_at > 0)
        colored_text(
            p.muted,
            "Requested at " + clock_label(chat.track.requested_at) + ": waiting for the customer to share it.");
    const bool open = chat.status == proto::ChatStatus::active && can_send_now(s);
    if (icon_button_if(open, icons::kLocation,
                       chat.track.requested_at > 0 ? "Ask again##map" : "Request location##map"))
        intents.push_back(intent::RequestLocation{chat.id});
}

void draw_position_text(const State& s, const Chat& chat, UiState& ui, Intents& intents) {
    const Palette& p = palette(s.theme);
    double lat = 0, lon = 0, accuracy = 0, ts = 0;
    if (chat.last_location) {
        lat = chat.last_location->location.lat;
        lon = chat.last_location->location.lon;
        accuracy = chat.last_location->location.accuracy;
        ts = static_cast<double>(chat.last_location->ts);
    } else if (!chat.track.empty()) {
        const auto& latest = chat.track.latest();
        lat = latest.lat, lon = latest.lon, accuracy = latest.accuracy, ts = latest.ts;
    } else {
        return;  // only a pinned place (a photo's position): its line is drawn below
    }
    const geo::LatLon at{lat, lon};
    std::string updated =
        "Updated " + clock_label_seconds(ts) + " (" + elapsed_label(server_now(s, ui.now) - ts) + " ago)";
    const std::string accuracy_text = geo::accuracy_label(accuracy);
    if (!accuracy_text.empty()) updated += "  \xC2\xB7  " + accuracy_text;  // "·"
    colored_text(p.muted, updated);

    const std::string decimal = geo::format_decimal(at);
    ImGui::TextUnformatted(decimal.c_str());
    ImGui::SameLine();
    if (copy_button("map-decimal")) intents.push_back(intent::CopyText{decimal});
    const std::string dms = geo::format_dms(at);
    ImGui::TextUnformatted(dms.c_str());
    ImGui::SameLine();
    if (copy_button("map-dms")) intents.push_back(intent::CopyText{dms});

    if (small_icon_button(icons::kMap, "Open in maps")) intents.push_back(intent::OpenInMaps{lat, lon});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", geo::maps_link(at).c_str());
    same_line_or_wrap(buttons_width({{icons::kMapMarker, "Centre map"}}));
    if (small_icon_button(icons::kMapMarker, "Centre map")) intents.push_back(intent::ShowOnMap{chat.id, lat, lon, ""});
}

void draw_pinned_place(const State& s, const Chat& chat, Intents& intents) {
    const MapFocus& focus = s.map_focus;
    if (!focus.serial || focus.chat_id != chat.id || focus.is_track_point) return;
    const std::string where = geo::format_decimal({focus.lat, focus.lon});
    const std::string line = "Pin: " + (focus.label.empty() ? where : focus.label + "  " + where);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(line.c_str(), line.c_str() + line.size());  // customer text: never a format string
    ImGui::PopTextWrapPos();
    if (copy_button("map-pin")) intents.push_back(intent::CopyText{where});
}

// The section's title line; with a map, "Enlarge map" at its right end (the line is otherwise empty, and the
// map keeps the height a row of its own would take in a short column).
void draw_location_title(const Chat& chat, bool has_map, UiState& ui) {
    if (!has_map) {
        ImGui::SeparatorText("Location");
        return;
    }
    ImGui::TextUnformatted("Location");
    if (chat.track.points.size() > 1) {
        ImGui::SameLine();
        ImGui::TextDisabled("Track: %zu", chat.track.points.size());
    }
    // The accident case: the map in the chat's wide column, the chat beside it (Alt+M).
    const char* enlarge = ui.map_expanded ? "Map to the side" : "Enlarge map";
    const char* icon = ui.map_expanded ? icons::kCompress : icons::kExpand;
    same_line_right(buttons_width({{icon, enlarge}}));
    if (small_icon_button(icon, enlarge)) ui.map_expanded = !ui.map_expanded;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Alt+M");
    ImGui::Separator();
}

}  // namespace

void draw_location_panel(const State& s, const Chat& chat, UiState& ui, Intents& intents) {
    const bool has_map = chat_has_map(s, chat);
    draw_location_title(chat, has_map, ui);
    if (!has_map) {
        draw_no_location(s, chat, intents);
        return;
    }
    draw_position_text(s, chat, ui, intents);
    draw_pinned_place(s, chat, intents);

    const float height = std::max(scaled(kMapMinHeight), ImGui::GetContentRegionAvail().y);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::BeginChild("##map_region", ImVec2(0, height), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    // Under the overlay: seen only until Leaflet has drawn, or if its scripts cannot load.
    ImGui::SetCursorPos(ImVec2(ImGui::GetStyle().FramePadding.x, ImGui::GetStyle().FramePadding.y));
    ImGui::TextDisabled("Loading map\xE2\x80\xA6");  // "…"
    MapUi& map = ui.map;
    map.region_drawn = true;
    map.region_chat_id = chat.id;
    map.x0 = window->InnerRect.Min.x, map.y0 = window->InnerRect.Min.y;
    map.x1 = window->InnerRect.Max.x, map.y1 = window->InnerRect.Max.y;
    // InnerClipRect is already cut by every parent's clip rect: what is left is what the agent can see.
    map.clip_x0 = window->InnerClipRect.Min.x, map.clip_y0 = window->InnerClipRect.Min.y;
    map.clip_x1 = window->InnerClipRect.Max.x, map.clip_y1 = window->InnerClipRect.Max.y;
    map.host_root_id = window->RootWindow ? window->RootWindow->ID : 0;
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

void location_row_action(const Chat& chat, const ChatEvent& e, Intents& intents) {
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const ImVec2 after = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(min);
    // Named, so automation (and a screen reader, one day) finds it; the row's own text stays what is drawn.
    const bool clicked =
        ImGui::InvisibleButton("Show on map", ImVec2(std::max(1.0f, max.x - min.x), std::max(1.0f, max.y - min.y)));
    if (ImGui::IsItemHovered()) {
        ImGui::GetWindowDrawList()->AddRect(min, max, ImGui::GetColorU32(ImGuiCol_ButtonHovered), 3.0f);
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("Show on the map");
    }
    if (clicked) intents.push_back(intent::ShowOnMap{chat.id, e.location->lat, e.location->lon, ""});
    ImGui::SetCursorScreenPos(after);
}

// True when something ImGui draws covers the region so the map must hide (a modal, a popup, another window).
// Tooltips over it become `holes` instead: they come and go with the pointer, and hiding the map under every one
// would make it flicker.
bool map_region_covered(const MapUi& map, std::vector<MapOverlayFrame::Hole>& holes) {
    if (ImGui::GetTopMostPopupModal() != nullptr) return true;  // its dimming covers the whole screen
    const ImRect region(map.clip_x0, map.clip_y0, map.clip_x1, map.clip_y1);
    for (ImGuiWindow* w : GImGui->Windows) {
        if (!(w->Active || w->WasActive) || w->Hidden || w->IsFallbackWindow) continue;
        if (w->RootWindow != w || w->ID == map.host_root_id) continue;  // the region's own window tree
        if (!w->Rect().Overlaps(region)) continue;
        if (!(w->Flags & ImGuiWindowFlags_Tooltip)) return true;
        ImRect hole = w->Rect();
        hole.ClipWith(region);
        holes.push_back({hole.Min.x, hole.Min.y, hole.Max.x, hole.Max.y});
    }
    return false;
}

MapOverlayFrame finish_map_frame(const State& s, UiState& ui) {
    MapUi& map = ui.map;
    MapOverlayFrame frame;
    const Chat* chat = s.selected_chat();
    const bool drawn = map.region_drawn && chat && chat->id == map.region_chat_id;
    map.region_drawn = false;
    if (drawn && chat_has_map(s, *chat)) {
        const MapContentKey key = map_content_key(s, *chat);
        if (!map.content_sent || !(key == map.sent_key)) {
            frame.content_json = map_content_json(s, *chat);
            map.sent_key = key;
            map.content_sent = true;
        }
        frame.x = map.x0, frame.y = map.y0;
        frame.width = map.x1 - map.x0, frame.height = map.y1 - map.y0;
        frame.clip_x0 = map.clip_x0, frame.clip_y0 = map.clip_y0;
        frame.clip_x1 = map.clip_x1, frame.clip_y1 = map.clip_y1;
        const bool big_enough =
            map.clip_x1 - map.clip_x0 >= kMinVisiblePx && map.clip_y1 - map.clip_y0 >= kMinVisiblePx;
        frame.visible = big_enough && !map_region_covered(map, frame.holes);
        if (!frame.visible) frame.holes.clear();
    }
    map.last_visible = frame.visible;
    return frame;
}

}  // namespace desk
