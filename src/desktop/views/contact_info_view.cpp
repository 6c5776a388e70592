// Contact Info: who the customer is, how to reach them, what their app can do, when the chat started and how
// long they waited in the queue. The capabilities decide which actions show.
#include "imgui.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

void draw_contact_info(const State& s, const Chat& chat, UiState& ui, Intents& intents) {
    const Palette& p = palette(s.theme);
    const auto& customer = chat.customer;
    ImGui::TextUnformatted("Contact Info");
    ImGui::Separator();
    ImGui::TextUnformatted(customer.name.c_str());
    if (customer.phone) {
        ImGui::TextUnformatted(customer.phone->c_str());
        ImGui::SameLine();
        if (copy_button("phone")) intents.push_back(intent::CopyText{*customer.phone});
    } else {
        ImGui::TextDisabled("No phone number");
    }
    std::string capabilities;
    for (auto c : proto::Capabilities::all)
        if (customer.capabilities.has(c))
            capabilities += (capabilities.empty() ? "" : ", ") + std::string(proto::to_string(c));
    ImGui::TextDisabled("App can: %s", capabilities.empty() ? "chat only" : capabilities.c_str());
    if (!customer.app.empty()) ImGui::TextDisabled("App: %s", customer.app.c_str());
    if (!customer.language.empty()) ImGui::TextDisabled("Language: %s", customer.language.c_str());
    if (chat.created_at > 0) {
        ImGui::Text("Chat started %s (%s ago)", clock_label(chat.created_at).c_str(),
                    elapsed_label(server_now(s, ui.now) - chat.created_at).c_str());
    }
    if (chat.assigned_at > 0 && chat.created_at > 0)
        ImGui::Text("Waited in queue: %s", elapsed_label(chat.assigned_at - chat.created_at).c_str());

    // Calls here; "Request location" lives with the map in Context Information (map_view.cpp).
    draw_call_panel(s, chat, ui, intents);
    (void)p;
}

}  // namespace desk
