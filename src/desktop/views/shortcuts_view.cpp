// Keyboard first: the work screen's shortcuts, and the overlay that lists them ("?" or F1). Buttons and fields are
// reached with Tab / arrows and activated with Space or Enter (ImGui's keyboard navigation, enabled by the
// platform); these shortcuts add what is used all shift long. Alt combinations, because the browser keeps most
// Ctrl+Shift ones (new tab, reopen tab) for itself.
#include <iterator>

#include "imgui.h"

#include "desktop/core/map_content.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"

namespace desk {

namespace {

struct ShortcutHelp {
    const char* keys;
    const char* action;
};

// What the overlay lists; kept beside the code that handles the keys.
constexpr ShortcutHelp kShortcuts[] = {
    {kAcceptShortcutLabel, "Accept the oldest ringing offer"},
    {"Alt+D", "Decline the oldest ringing offer"},
    {"Alt+Down / Alt+Up", "Next / previous conversation"},
    {"Alt+M", "Map in the chat's place (and back)"},
    {"Alt+T", "Transfer the selected chat"},
    {"Alt+E", "End the selected chat"},
    {"Alt+W", "Wrap-up of the selected (ended) chat"},
    {"Enter / Shift+Enter", "Send / new line in the composer"},
    {"/ + Tab", "Insert a canned response"},
    {"Tab / arrows, Space", "Move between controls, press the focused one"},
    {"Ctrl+Tab", "Next panel"},
    {"Esc", "Close a dialog or this help"},
    {"? or F1", "This help"},
};

void select_neighbour(const State& s, int step, Intents& intents) {
    if (s.chats.empty()) return;
    const int count = static_cast<int>(s.chats.size());
    int at = -1;
    for (int i = 0; i < count; ++i)
        if (s.chats[static_cast<std::size_t>(i)].id == s.selected_chat_id) at = i;
    const int next = at < 0 ? (step > 0 ? 0 : count - 1) : (at + step + count) % count;
    intents.push_back(intent::SelectChat{s.chats[static_cast<std::size_t>(next)].id});
}

const Offer* oldest_unanswered_offer(const State& s) {
    for (const auto& offer : s.offers)
        if (!offer.responding) return &offer;
    return nullptr;
}

}  // namespace

void handle_shortcuts(const State& s, UiState& ui, Intents& intents) {
    const ImGuiIO& io = ImGui::GetIO();
    // "?" types a character in a field: only outside one. F1 works everywhere.
    if (ImGui::IsKeyPressed(ImGuiKey_F1, false) ||
        (!io.WantTextInput && io.KeyShift && ImGui::IsKeyPressed(ImGuiKey_Slash, false)))
        ui.shortcuts_open = !ui.shortcuts_open;
    if (!ImGui::IsKeyDown(ImGuiMod_Alt) || io.KeyCtrl) return;
    const bool online = can_send_now(s);
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) select_neighbour(s, +1, intents);
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) select_neighbour(s, -1, intents);
    if (ImGui::IsKeyPressed(ImGuiKey_D, false) && online)
        if (const Offer* offer = oldest_unanswered_offer(s)) intents.push_back(intent::DeclineOffer{offer->offer_id});
    const Chat* chat = s.selected_chat();
    if (!chat) return;
    if (ImGui::IsKeyPressed(ImGuiKey_M, false)) ui.map_expanded = !ui.map_expanded && chat_has_map(s, *chat);
    const bool active = chat->status == proto::ChatStatus::active;
    if (ImGui::IsKeyPressed(ImGuiKey_T, false) && online && active && !chat->transfer_pending) {
        ui.transfer_chat = chat->id;
        ui.transfer_choice = -1;
        intents.push_back(intent::LoadAgents{});
    }
    if (ImGui::IsKeyPressed(ImGuiKey_E, false) && online && active && !chat->end_requested)
        ui.end_confirm_chat = chat->id;
    if (ImGui::IsKeyPressed(ImGuiKey_W, false) && chat->status == proto::ChatStatus::ended && !chat->wrapup_pending) {
        ui.wrapup_chat = chat->id;
        ui.wrapup_disposition = -1;
        ui.wrapup_notes.clear();
    }
}

void draw_shortcuts_help(const State&, UiState& ui) {
    constexpr const char* kHelpPopup = "Keyboard shortcuts";
    if (!ui.shortcuts_open) {
        if (ImGui::IsPopupOpen(kHelpPopup)) {
            ImGui::OpenPopup(kHelpPopup);  // reach it to close it (F1 pressed again)
            if (ImGui::BeginPopupModal(kHelpPopup)) {
                ImGui::CloseCurrentPopup();
                ImGui::EndPopup();
            }
        }
        return;
    }
    if (!ImGui::IsPopupOpen(kHelpPopup)) ImGui::OpenPopup(kHelpPopup);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    bool open = true;
    if (!ImGui::BeginPopupModal(kHelpPopup, &open,
                                ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        ui.shortcuts_open = false;
        return;
    }
    if (ImGui::BeginTable("##shortcuts", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        for (const auto& shortcut : kShortcuts) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(shortcut.keys);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(shortcut.action);
        }
        ImGui::EndTable();
    }
    if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGuiKey_Escape) || !open) {
        ui.shortcuts_open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace desk
