// Context Information: the screen-pop data the customer's app sent (updated live), and below it the location
// panel with the map (map_view.cpp). A context value that is a coordinate pair gets a button to show it there.
#include "imgui.h"

#include "desktop/core/coordinates.hpp"
#include "desktop/views/icons.hpp"
#include "desktop/views/map_view.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

void draw_context_info(const State& s, const Chat& chat, UiState& ui, Intents& intents) {
    ImGui::TextUnformatted("Context Information");
    ImGui::Separator();
    if (chat.context.empty()) ImGui::TextDisabled("No context data.");
    if (!chat.context.empty() &&
        ImGui::BeginTable("##context", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        for (const auto& [key, value] : chat.context) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(key.c_str());
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(value.c_str());
            ImGui::PopTextWrapPos();
            if (ImGui::BeginPopupContextItem(key.c_str())) {
                if (ImGui::MenuItem("Copy value")) intents.push_back(intent::CopyText{value});
                ImGui::EndPopup();
            }
            if (const auto place = geo::parse_coordinates(value)) {
                ImGui::PushID(key.c_str());
                if (small_icon_button(icons::kMapMarker, "Show on map"))
                    intents.push_back(intent::ShowOnMap{chat.id, place.value().lat, place.value().lon, key});
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    draw_location_panel(s, chat, ui, intents);
}

}  // namespace desk
