// Modal dialogs: transfer to another agent, confirm the end of a chat, the wrap-up (disposition and notes).
#include "imgui.h"
#include "imgui_stdlib.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/icons.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"
#include "desktop/views/wrapped_input.hpp"

namespace desk {

namespace {

constexpr const char* kTransferPopup = "Transfer chat";
constexpr const char* kEndPopup = "End chat?";
constexpr const char* kWrapupPopup = "Wrap-up";

// A dialog whose reason went away (chat removed, another dialog took over) must leave ImGui's popup stack too,
// or an invisible modal would linger there.
void close_if_open(const char* name) {
    if (ImGui::IsPopupOpen(name) && ImGui::BeginPopupModal(name)) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

void draw_transfer(const State& s, UiState& ui, Intents& intents) {
    const Chat* chat = s.find_chat(ui.transfer_chat);
    if (!chat) {
        ui.transfer_chat.clear();
        close_if_open(kTransferPopup);
        return;
    }
    if (!ImGui::IsPopupOpen(kTransferPopup)) ImGui::OpenPopup(kTransferPopup);
    ImGui::SetNextWindowSize(ImVec2(scaled(380), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(kTransferPopup, nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    ImGui::Text("Transfer the chat with %s to:", chat->customer.name.c_str());
    if (s.agents_loading)
        ImGui::TextDisabled("Loading agents...");
    else if (s.agents.empty())
        ImGui::TextDisabled("No other agent is logged in.");
    for (int i = 0; i < static_cast<int>(s.agents.size()); ++i) {
        const auto& a = s.agents[static_cast<std::size_t>(i)];
        const std::string label = a.display_name + "  (" + std::string(proto::to_string(a.state)) + ", " +
            std::to_string(a.load) + "/" + std::to_string(a.capacity) + ")##" + a.id;
        if (ImGui::RadioButton(label.c_str(), ui.transfer_choice == i)) ui.transfer_choice = i;
    }
    if (ImGui::SmallButton("Refresh")) intents.push_back(intent::LoadAgents{});
    const bool chosen = ui.transfer_choice >= 0 && ui.transfer_choice < static_cast<int>(s.agents.size());
    if (icon_button_if(chosen && can_send_now(s), icons::kTransfer, "Transfer")) {
        intents.push_back(intent::TransferChat{chat->id, s.agents[static_cast<std::size_t>(ui.transfer_choice)].id});
        ui.transfer_chat.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
        ui.transfer_chat.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void draw_end_confirm(const State& s, UiState& ui, Intents& intents) {
    const Chat* chat = s.find_chat(ui.end_confirm_chat);
    if (!chat) {
        ui.end_confirm_chat.clear();
        close_if_open(kEndPopup);
        return;
    }
    if (!ImGui::IsPopupOpen(kEndPopup)) ImGui::OpenPopup(kEndPopup);
    if (!ImGui::BeginPopupModal(kEndPopup, nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings))
        return;
    ImGui::Text("End the chat with %s?", chat->customer.name.c_str());
    ImGui::TextDisabled("The customer is told the chat has ended.");
    if (icon_button(icons::kEndChat, "End chat")) {
        intents.push_back(intent::EndChat{chat->id});
        ui.wrapup_chat = chat->id;  // the wrap-up follows
        ui.wrapup_disposition = -1;
        ui.wrapup_notes.clear();
        ui.end_confirm_chat.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
        ui.end_confirm_chat.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void draw_wrapup(const State& s, UiState& ui, Intents& intents) {
    const Chat* chat = s.find_chat(ui.wrapup_chat);
    if (!chat) {  // filed (chat.removed) or gone
        ui.wrapup_chat.clear();
        close_if_open(kWrapupPopup);
        return;
    }
    if (!ImGui::IsPopupOpen(kWrapupPopup)) ImGui::OpenPopup(kWrapupPopup);
    ImGui::SetNextWindowSize(ImVec2(scaled(420), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(kWrapupPopup, nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    ImGui::Text("Wrap-up: chat with %s", chat->customer.name.c_str());
    const auto& dispositions = s.config.dispositions;
    // Every disposition in sight, one click to choose (a combo hid them behind a second click).
    ImGui::TextUnformatted("Disposition");
    for (int i = 0; i < static_cast<int>(dispositions.size()); ++i) {
        const std::string label = dispositions[static_cast<std::size_t>(i)] + "##disposition";
        if (ImGui::RadioButton(label.c_str(), i == ui.wrapup_disposition)) ui.wrapup_disposition = i;
    }
    ImGui::TextUnformatted("Notes");
    // Agents write several sentences here: wrapped at the dialog's width, filed exactly as typed.
    if (input_text_wrapped("##notes", ui.wrapup_notes, ui.wrapup_notes_editor,
                           ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 5)))
        report_typed_text(ui.wrapup_notes, intents);
    const bool ended = chat->status == proto::ChatStatus::ended;
    const bool chosen = ui.wrapup_disposition >= 0 && ui.wrapup_disposition < static_cast<int>(dispositions.size());
    if (!ended) ImGui::TextDisabled("Ending the chat...");
    if (chat->wrapup_pending) ImGui::TextDisabled("Filing...");
    if (icon_button_if(ended && chosen && !chat->wrapup_pending && can_send_now(s), icons::kWrapUp, "File wrap-up")) {
        intents.push_back(intent::FileWrapup{chat->id, dispositions[static_cast<std::size_t>(ui.wrapup_disposition)],
                                             ui.wrapup_notes});
    }
    ImGui::SameLine();
    if (ImGui::Button("Later")) {  // the chat stays in the list as "Ended: wrap-up"
        ui.wrapup_chat.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace

void draw_dialogs(const State& s, UiState& ui, Intents& intents) {
    // One dialog at a time, in this order of precedence.
    if (!ui.transfer_chat.empty())
        draw_transfer(s, ui, intents);
    else
        close_if_open(kTransferPopup);
    if (ui.transfer_chat.empty() && !ui.end_confirm_chat.empty())
        draw_end_confirm(s, ui, intents);
    else
        close_if_open(kEndPopup);
    if (ui.transfer_chat.empty() && ui.end_confirm_chat.empty() && !ui.wrapup_chat.empty())
        draw_wrapup(s, ui, intents);
    else
        close_if_open(kWrapupPopup);
}

namespace {

std::string names_of(const std::vector<proto::AgentRef>& refs) {
    std::string names;
    for (const auto& ref : refs) names += (names.empty() ? "" : ", ") + ref.display_name;
    return names;
}

// The agent's "Flag for help": a small popup asks for an optional reason; a flagged chat offers to withdraw it.
// The button's label is stable per chat ("##flag"): browser tests click it by that.
void draw_flag_toggle(const State& s, const Chat& chat, const ChatSupervision* sup, UiState& ui, Intents& intents) {
    const bool flagged = sup && sup->flag;
    const bool enabled = can_send_now(s) && chat.status == proto::ChatStatus::active && !(sup && sup->flag_pending);
    constexpr const char* kFlagPopup = "##flag_popup";
    if (flagged) {
        if (icon_button_if(enabled, icons::kFlag, "Flagged \xC2\xB7 Withdraw##flag"))
            intents.push_back(intent::FlagChat{chat.id, false, ""});
        return;
    }
    if (icon_button_if(enabled, icons::kFlag, "Flag for help##flag")) {
        ui.flag_reason.clear();
        ImGui::OpenPopup(kFlagPopup);
    }
    if (!ImGui::BeginPopup(kFlagPopup)) return;
    ImGui::TextUnformatted("Ask a supervisor for help with this chat");
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(scaled(320));
    const bool entered = ImGui::InputTextWithHint("##flag_reason", "Reason (optional)", &ui.flag_reason,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    report_typed_text(ui.flag_reason, intents);
    if (icon_button_if(enabled, icons::kFlag, "Flag##send_flag") || (entered && enabled)) {
        intents.push_back(intent::FlagChat{chat.id, true, ui.flag_reason});
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel##flag")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

// Supervisors on the chat, as the agent sees them: who joined (the customer sees them too), who only watches. On a
// line of its own under the header's buttons, so a narrow chat column cuts neither.
void draw_supervisors_on_chat(const Palette& p, const ChatSupervision& sup) {
    if (!sup.barged_in.empty()) soft_pill(names_of(sup.barged_in) + " joined", p.warning);
    if (!sup.watchers.empty()) {
        const std::string label = "Supervisor watching: " + names_of(sup.watchers);
        if (!sup.barged_in.empty()) same_line_or_wrap(ImGui::CalcTextSize(label.c_str()).x + scaled(16));
        soft_pill(label, p.warning);
    }
}

}  // namespace

void draw_chat_header(const State& s, const Chat& chat, UiState& ui, Intents& intents) {
    const auto found = s.supervision.by_chat.find(chat.id);
    const ChatSupervision* sup = found == s.supervision.by_chat.end() ? nullptr : &found->second;
    ImGui::TextUnformatted(chat.customer.name.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s", std::string(proto::to_string(chat.status)).c_str());
    // How long the customer has waited for a reply: red once overdue, as in the conversation list.
    const TimeMs server_time = server_now(s, ui.now);
    if (const std::string waited = customer_wait_label(chat, server_time); !waited.empty()) {
        const Palette& p = palette(s.theme);
        ImGui::SameLine();
        if (reply_overdue(chat, s.settings, server_time))
            pill(waited, p.badge_bg, p.badge_text);
        else
            soft_pill(waited, p.muted);
    }
    const bool online = can_send_now(s);
    const bool active = chat.status == proto::ChatStatus::active;
    // Supervisors flag nothing: the flag asks one of them for help.
    const bool flaggable = !s.is_supervisor();
    const bool flagged = sup && sup->flag;
    const char* flag_label = flagged ? "Flagged \xC2\xB7 Withdraw" : "Flag for help";
    const float buttons = flaggable
        ? buttons_width({{icons::kFlag, flag_label},
                         {icons::kTransfer, "Transfer"},
                         {icons::kEndChat, "End chat"},
                         {icons::kWrapUp, "Wrap-up"}})
        : buttons_width({{icons::kTransfer, "Transfer"}, {icons::kEndChat, "End chat"}, {icons::kWrapUp, "Wrap-up"}});
    // Right-aligned after the name and pills, or on a line of their own when a long name leaves too little room.
    same_line_or_wrap(buttons);
    const float right_aligned = ImGui::GetContentRegionMax().x - buttons;
    if (right_aligned > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(right_aligned);
    if (flaggable) {
        draw_flag_toggle(s, chat, sup, ui, intents);
        ImGui::SameLine();
    }
    if (icon_button_if(online && active && !chat.transfer_pending, icons::kTransfer, "Transfer")) {
        ui.transfer_chat = chat.id;
        ui.transfer_choice = -1;
        intents.push_back(intent::LoadAgents{});
    }
    ImGui::SameLine();
    if (icon_button_if(online && active && !chat.end_requested, icons::kEndChat, "End chat"))
        ui.end_confirm_chat = chat.id;
    ImGui::SameLine();
    if (icon_button_if(chat.status == proto::ChatStatus::ended && !chat.wrapup_pending, icons::kWrapUp, "Wrap-up")) {
        ui.wrapup_chat = chat.id;
        ui.wrapup_disposition = -1;
        ui.wrapup_notes.clear();
    }
    if (sup && (!sup->watchers.empty() || !sup->barged_in.empty())) draw_supervisors_on_chat(palette(s.theme), *sup);
}

}  // namespace desk
