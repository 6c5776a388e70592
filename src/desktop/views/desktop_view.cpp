// The screen's layout: login, or top bar / offers / three columns (conversations, chat, contact + context).
#include <algorithm>

#include "imgui.h"

#include "desktop/core/map_content.hpp"

#include "desktop/views/files_view.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"

namespace desk {

namespace {

// Contact Info (with the call panel while a call exists) is as tall as its content, but leaves the context panel,
// whose map takes the rest of the column, at least this much (in unscaled pixels) and at least this share of the
// column: the customer's position stays on screen during a call.
constexpr float kContextMinHeight = 360;
constexpr float kContextMinShare = 0.5f;

void draw_chat_column(const State& s, UiState& ui, Intents& intents) {
    const Chat* chat = s.selected_chat();
    if (!chat) {
        ImGui::TextDisabled("Select a conversation.");
        return;
    }
    if (s.history.viewer.open() && s.history.viewer.from_chat_id == chat->id) {
        draw_past_chat(s, ui, intents);  // an earlier chat of this customer, read-only, in the live chat's place
        return;
    }
    draw_chat_header(s, *chat, ui, intents);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float composer_height = ImGui::GetTextLineHeight() * 3 + style.FramePadding.y * 2 +
        ImGui::GetFrameHeightWithSpacing() * 2 + style.ItemSpacing.y * 2;
    const float transcript_height = std::max(80.0f, ImGui::GetContentRegionAvail().y - composer_height);
    draw_transcript(s, *chat, ui, intents, transcript_height);
    draw_composer(s, *chat, ui, intents);
}

// Contact Info in a panel `height` tall; records how tall its content is, which sizes the panel next frame.
void draw_contact_panel(const State& s, const Chat& chat, UiState& ui, Intents& intents, float height) {
    ImGui::BeginChild("##contact", ImVec2(0, height), ImGuiChildFlags_Border);
    draw_contact_info(s, chat, ui, intents);
    const ImGuiStyle& style = ImGui::GetStyle();
    // The cursor's position counts from the content's top (ImGui adds the scroll): the content's height.
    ui.contact_content_height = ImGui::GetCursorPosY() - style.ItemSpacing.y + style.WindowPadding.y;
    ImGui::EndChild();
}

// A supervisor sees the overview or the watched chat instead of one of their own held chats.
bool supervisor_pane_shown(const State& s) {
    if (!s.is_supervisor()) return false;
    const SupervisorPane pane = s.supervision.pane;
    return pane == SupervisorPane::overview || (pane == SupervisorPane::watched && s.supervision.watched.open()) ||
        !s.selected_chat();
}

// After the columns: shortcuts, dialogs and overlays, then the desktop window ends.
void finish_desktop(const State& s, UiState& ui, Intents& intents) {
    handle_shortcuts(s, ui, intents);
    draw_dialogs(s, ui, intents);
    draw_shortcuts_help(s, ui);
    draw_photo_viewer(s, ui, intents);
    ImGui::End();
}

// The map in the chat's place (the accident case): the wide column shows Context Information with the map, and
// the customer column keeps Contact Info over the transcript and composer, so the agent chats on beside it.
bool map_expanded(const State& s, const UiState& ui) {
    const Chat* chat = s.selected_chat();
    return ui.map_expanded && chat && chat_has_map(s, *chat);
}

void draw_info_column(const State& s, UiState& ui, Intents& intents) {
    const Chat* chat = s.selected_chat();
    if (!chat) return;
    if (map_expanded(s, ui)) {
        const float contact_height = ui.contact_content_height > 0
            ? std::min(ui.contact_content_height, ImGui::GetContentRegionAvail().y * 0.4f)
            : ImGui::GetContentRegionAvail().y * 0.4f;
        draw_contact_panel(s, *chat, ui, intents, contact_height);
        ImGui::BeginChild("##chat_beside_map", ImVec2(0, 0), ImGuiChildFlags_Border);
        draw_chat_column(s, ui, intents);
        ImGui::EndChild();
        return;
    }
    const float column = ImGui::GetContentRegionAvail().y;
    const float context_min = std::min(column * 0.6f, std::max(scaled(kContextMinHeight), column * kContextMinShare));
    const float contact_max = std::max(ImGui::GetFrameHeightWithSpacing() * 3, column - context_min);
    // Sized from what it held last frame (ImGui's own auto-resize ignores a maximum); more than fits scrolls.
    const float contact_height =
        ui.contact_content_height > 0 ? std::min(ui.contact_content_height, contact_max) : contact_max;
    draw_contact_panel(s, *chat, ui, intents, contact_height);
    ImGui::BeginChild("##context_area", ImVec2(0, 0), ImGuiChildFlags_Border);
    draw_context_info(s, *chat, ui, intents);
    ImGui::EndChild();
}

// Per-chat view state (drafts, transcript row heights, scroll position) goes with its chat: a shift of hundreds of
// chats must not grow the heap (the performance bench opens and files chats in rounds). The size check keeps this
// O(1) per frame; stale entries can never outnumber the chats on screen.
template <typename PerChat>
void drop_gone_chats(const State& s, PerChat& per_chat) {
    if (per_chat.size() <= s.chats.size() + (s.history.viewer.open() ? 1 : 0) + (s.supervision.watched.open() ? 1 : 0))
        return;
    for (auto it = per_chat.begin(); it != per_chat.end();) {
        if (s.find_readable_chat(it->first))
            ++it;
        else
            it = per_chat.erase(it);
    }
}

// A column border: an invisible handle between two columns, dragged to resize them (double-click: the default
// widths). While it moves, the widths live in the UiState; the drop hands them to the rules, which keep them.
void column_border(const char* id, float height, float direction, const ColumnWidths& stored, UiState& ui,
                   Intents& intents) {
    const ImVec2 size(ImGui::GetStyle().ItemSpacing.x, std::max(1.0f, height));
    ImGui::InvisibleButton(id, size);
    const bool active = ImGui::IsItemActive();
    if (ImGui::IsItemHovered() || active) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
        const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
        const float x = (min.x + max.x) * 0.5f;
        ImGui::GetWindowDrawList()->AddLine(
            ImVec2(x, min.y), ImVec2(x, max.y),
            ImGui::GetColorU32(active ? ImGuiCol_SeparatorActive : ImGuiCol_SeparatorHovered), scaled(2));
    }
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        ui.dragged_columns.reset();
        intents.push_back(intent::ResizeColumns{ColumnWidths{}});
        return;
    }
    if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0)) {
        ColumnWidths live = ui.dragged_columns.value_or(stored);
        const float delta = ImGui::GetIO().MouseDelta.x / (ImGui::GetFontSize() / kDesignFontSize);
        if (direction > 0)
            live.conversations += delta;
        else
            live.customer -= delta;
        ui.dragged_columns = clamp_columns(live);
    }
    if (ImGui::IsItemDeactivated() && ui.dragged_columns) {
        intents.push_back(intent::ResizeColumns{*ui.dragged_columns});
        ui.dragged_columns.reset();
    }
}

}  // namespace

void draw_desktop(const State& s, UiState& ui, Intents& intents) {
    if (!ui.theme_applied || ui.applied_theme != s.theme) {
        apply_theme(s.theme);
        ui.applied_theme = s.theme;
        ui.theme_applied = true;
    }
    if (!s.agent) {
        draw_login(s, ui, intents);
        return;
    }
    drop_gone_chats(s, ui.drafts);
    drop_gone_chats(s, ui.layouts);
    drop_gone_chats(s, ui.scrolls);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::Begin("##desktop", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    draw_top_bar(s, ui, intents);
    draw_call_bar(s, ui, intents);  // a call in another chat stays in reach
    ImGui::Separator();
    draw_offers(s, ui, intents);

    // The agent's widths (or the ones being dragged), fitted to this window: the chat column keeps its minimum.
    const float border = ImGui::GetStyle().ItemSpacing.x;
    const float design_width = ImGui::GetContentRegionAvail().x / (ImGui::GetFontSize() / kDesignFontSize);
    const ColumnWidths columns = clamp_columns(ui.dragged_columns.value_or(s.columns), design_width);
    const float columns_height = ImGui::GetContentRegionAvail().y;
    ImGui::BeginChild("##list", ImVec2(scaled(columns.conversations), 0), ImGuiChildFlags_Border);
    draw_conversations(s, ui, intents);
    draw_notices(s, ui, intents);
    ImGui::EndChild();
    ImGui::SameLine(0, 0);
    column_border("##border_list_chat", columns_height, +1, s.columns, ui, intents);
    ImGui::SameLine(0, 0);
    // A supervisor's overview and watched chat take the chat and customer columns together: tables need the width,
    // and there is no held chat whose contact and map the customer column would show.
    if (supervisor_pane_shown(s)) {
        ImGui::BeginChild("##chat", ImVec2(0, 0), ImGuiChildFlags_Border);
        if (s.supervision.pane == SupervisorPane::watched)
            draw_watched_chat(s, ui, intents);
        else
            draw_supervisor_overview(s, ui, intents);
        ImGui::EndChild();
        finish_desktop(s, ui, intents);
        return;
    }
    const float chat_width =
        std::max(scaled(kChatColumnMin) * 0.5f, ImGui::GetContentRegionAvail().x - scaled(columns.customer) - border);
    const bool map_wide = map_expanded(s, ui);
    ImGui::BeginChild("##chat", ImVec2(chat_width, 0), ImGuiChildFlags_Border);
    if (map_wide)
        draw_context_info(s, *s.selected_chat(), ui, intents);
    else
        draw_chat_column(s, ui, intents);
    ImGui::EndChild();
    ImGui::SameLine(0, 0);
    column_border("##border_chat_customer", columns_height, -1, s.columns, ui, intents);
    ImGui::SameLine(0, 0);
    ImGui::BeginChild("##info", ImVec2(0, 0));
    draw_info_column(s, ui, intents);
    ImGui::EndChild();
    finish_desktop(s, ui, intents);
}

}  // namespace desk
