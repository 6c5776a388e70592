// Contact Info: who the customer is, how to reach them, what their app can do, when the chat started and how
// long they waited in the queue. The capabilities decide which actions show.
#include "imgui.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

namespace {

// Whether the customer is who their app says: a verified customer's earlier chats follow (update_history.cpp).
void draw_identity(const Palette& p, const proto::CustomerInfo& customer) {
    if (customer.verified()) {
        soft_pill("Verified customer", p.ok);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("The contact center's app signed this customer's ID (%s).", customer.user_id->c_str());
    } else {
        ImGui::TextDisabled("Not verified");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("The app did not prove who this is, so no earlier chats are shown.");
    }
}

// One line per earlier chat: when, who, how it ended, and its first line; a click opens it read-only.
void draw_earlier_chats(const State& s, const Chat& chat, Intents& intents) {
    const Palette& p = palette(s.theme);
    const auto found = s.history.by_chat.find(chat.id);
    ImGui::Spacing();
    ImGui::TextUnformatted("Earlier chats");
    if (found == s.history.by_chat.end() || (found->second.loading && !found->second.loaded)) {
        ImGui::TextDisabled("Loading earlier chats\xE2\x80\xA6");
        return;
    }
    const CustomerHistory& history = found->second;
    if (!history.error.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        colored_text(p.warning, history.error);
        ImGui::PopTextWrapPos();
        if (button_if(!history.loading, "Try again")) intents.push_back(intent::ReloadHistory{chat.id});
        return;
    }
    if (history.chats.empty()) {
        ImGui::TextDisabled("No earlier chats.");
        return;
    }
    const auto& viewer = s.history.viewer;
    const ImGuiStyle& style = ImGui::GetStyle();
    for (const auto& past : history.chats) {
        // A row of up to three wrapped lines (the column may be narrow): when; who had it and how it ended; its
        // first line. The whole row is one selectable, sized to the lines and drawn under them.
        const std::string when = date_time_label(static_cast<TimeMs>(past.created_at));
        const std::string outcome = (past.agent ? past.agent->display_name : std::string("No agent")) + " \xC2\xB7 " +
            past.disposition.value_or(std::string(proto::to_string(past.status)));
        const std::string first = past.first_lines.empty() ? std::string() : past.first_lines.front();
        const float width = ImGui::GetContentRegionAvail().x;
        const float indent = style.IndentSpacing;
        const float height = ImGui::CalcTextSize(when.c_str(), nullptr, false, width).y + style.ItemSpacing.y +
            ImGui::CalcTextSize(outcome.c_str(), nullptr, false, width).y +
            (first.empty()
                 ? 0.0f
                 : style.ItemSpacing.y + ImGui::CalcTextSize(first.c_str(), nullptr, false, width - indent).y);
        const ImVec2 top = ImGui::GetCursorScreenPos();
        const bool open = viewer.open() && viewer.chat.id == past.chat_id;
        // Automation and e2e tests find the row by its label; what it says is drawn over it.
        const std::string label = "##past-" + past.chat_id;
        if (ImGui::Selectable(label.c_str(), open, ImGuiSelectableFlags_AllowOverlap, ImVec2(0, height)))
            intents.push_back(intent::OpenPastChat{chat.id, past.chat_id});
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open this chat (read-only)");
        ImGui::SetCursorScreenPos(top);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
        ImGui::TextUnformatted(when.c_str());
        ImGui::TextUnformatted(outcome.c_str());
        if (!first.empty()) {
            ImGui::Indent(indent);
            colored_text(p.muted, first);
            ImGui::Unindent(indent);
        }
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
    }
}

}  // namespace

void draw_contact_info(const State& s, const Chat& chat, UiState& ui, Intents& intents) {
    const Palette& p = palette(s.theme);
    const auto& customer = chat.customer;
    ImGui::TextUnformatted("Contact Info");
    ImGui::Separator();
    ImGui::TextUnformatted(customer.name.c_str());
    draw_identity(p, customer);
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
    if (customer.verified()) draw_earlier_chats(s, chat, intents);
}

}  // namespace desk
