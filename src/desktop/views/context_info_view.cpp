// Context Information: the screen-pop data the customer's app sent (updated live), and below it the region
// the map feature will fill. Until then the region shows the last location as text.
#include <cstdio>

#include "imgui.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

void draw_context_info(const State& s, const Chat& chat, UiState& ui, Intents& intents) {
    ImGui::TextUnformatted("Context Information");
    ImGui::Separator();
    if (chat.context.empty()) ImGui::TextDisabled("No context data.");
    if (!chat.context.empty() && ImGui::BeginTable("##context", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
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
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    // The map feature places its Leaflet map over this child window (found by name).
    ImGui::BeginChild("##map_region", ImVec2(0, 0), ImGuiChildFlags_Border);
    if (chat.last_location) {
        const auto& l = *chat.last_location;
        ImGui::TextUnformatted("Last location");
        ImGui::Text("Lat %.6f, Lon %.6f", l.location.lat, l.location.lon);
        ImGui::Text("Accuracy %.0f m", l.location.accuracy);
        if (l.ts > 0) ImGui::Text("At %s (%s ago)", clock_label(static_cast<TimeMs>(l.ts)).c_str(),
                                  elapsed_label(server_now(s, ui.now) - static_cast<TimeMs>(l.ts)).c_str());
        char coordinates[64];
        std::snprintf(coordinates, sizeof coordinates, "%.6f, %.6f", l.location.lat, l.location.lon);
        if (copy_button("location")) intents.push_back(intent::CopyText{coordinates});
    } else {
        ImGui::TextDisabled("No location shared yet.");
    }
    ImGui::EndChild();
}

}  // namespace desk
