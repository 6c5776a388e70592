// Modal dialogs: transfer to another agent, confirm the end of a chat, the wrap-up (disposition and notes).
#include "imgui.h"

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

void draw_chat_header(const State& s, const Chat& chat, UiState& ui, Intents& intents) {
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
    same_line_right(
        buttons_width({{icons::kTransfer, "Transfer"}, {icons::kEndChat, "End chat"}, {icons::kWrapUp, "Wrap-up"}}));
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
}

}  // namespace desk
