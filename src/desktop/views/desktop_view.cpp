// The screen's layout: login, or top bar / offers / three columns (conversations, chat, contact + context).
#include <algorithm>

#include "imgui.h"

#include "desktop/views/files_view.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"

namespace desk {

namespace {

constexpr float kListWidth = 270;
constexpr float kInfoWidth = 320;
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
    draw_chat_header(s, *chat, ui, intents);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float composer_height = ImGui::GetTextLineHeight() * 3 + style.FramePadding.y * 2 +
        ImGui::GetFrameHeightWithSpacing() * 2 + style.ItemSpacing.y * 2;
    const float transcript_height = std::max(80.0f, ImGui::GetContentRegionAvail().y - composer_height);
    draw_transcript(s, *chat, ui, intents, transcript_height);
    draw_composer(s, *chat, ui, intents);
}

void draw_info_column(const State& s, UiState& ui, Intents& intents) {
    const Chat* chat = s.selected_chat();
    if (!chat) return;
    const float column = ImGui::GetContentRegionAvail().y;
    const float context_min = std::min(column * 0.6f, std::max(scaled(kContextMinHeight), column * kContextMinShare));
    const float contact_max = std::max(ImGui::GetFrameHeightWithSpacing() * 3, column - context_min);
    // Sized from what it held last frame (ImGui's own auto-resize ignores a maximum); more than fits scrolls.
    const float contact_height =
        ui.contact_content_height > 0 ? std::min(ui.contact_content_height, contact_max) : contact_max;
    ImGui::BeginChild("##contact", ImVec2(0, contact_height), ImGuiChildFlags_Border);
    draw_contact_info(s, *chat, ui, intents);
    const ImGuiStyle& style = ImGui::GetStyle();
    // The cursor's position counts from the content's top (ImGui adds the scroll): the content's height.
    ui.contact_content_height = ImGui::GetCursorPosY() - style.ItemSpacing.y + style.WindowPadding.y;
    ImGui::EndChild();
    ImGui::BeginChild("##context_area", ImVec2(0, 0), ImGuiChildFlags_Border);
    draw_context_info(s, *chat, ui, intents);
    ImGui::EndChild();
}

// Per-chat view state (drafts, transcript row heights, scroll position) goes with its chat: a shift of hundreds of
// chats must not grow the heap (the performance bench opens and files chats in rounds). The size check keeps this
// O(1) per frame; stale entries can never outnumber the chats on screen.
template <typename PerChat>
void drop_gone_chats(const State& s, PerChat& per_chat) {
    if (per_chat.size() <= s.chats.size()) return;
    for (auto it = per_chat.begin(); it != per_chat.end();) {
        if (s.find_chat(it->first))
            ++it;
        else
            it = per_chat.erase(it);
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

    ImGui::BeginChild("##list", ImVec2(scaled(kListWidth), 0), ImGuiChildFlags_Border);
    draw_conversations(s, ui, intents);
    draw_notices(s, ui, intents);
    ImGui::EndChild();
    ImGui::SameLine();
    const float chat_width =
        std::max(scaled(200), ImGui::GetContentRegionAvail().x - scaled(kInfoWidth) - ImGui::GetStyle().ItemSpacing.x);
    ImGui::BeginChild("##chat", ImVec2(chat_width, 0), ImGuiChildFlags_Border);
    draw_chat_column(s, ui, intents);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##info", ImVec2(0, 0));
    draw_info_column(s, ui, intents);
    ImGui::EndChild();

    draw_dialogs(s, ui, intents);
    draw_photo_viewer(s, ui, intents);
    ImGui::End();
}

}  // namespace desk
