// The transcript: committed events (virtualised: only rows on screen are submitted), then the outbox rows
// (queued / sending / failed with Retry and Discard), then "typing…". Auto-scrolls only when at the bottom.
#include <cstdio>

#include "imgui.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/core/snapshot.hpp"
#include "desktop/views/map_view.hpp"
#include "desktop/views/files_view.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

namespace {

ImVec4 role_color(const Palette& p, proto::Role role) {
    switch (role) {
        case proto::Role::customer:
            return p.customer;
        case proto::Role::agent:
            return p.agent;
        case proto::Role::system:
            return p.system;
    }
    return p.system;
}

void row_context_menu(const std::string& text, Intents& intents) {
    if (ImGui::BeginPopupContextItem("row_menu")) {
        if (ImGui::MenuItem("Copy text")) intents.push_back(intent::CopyText{text});
        ImGui::EndPopup();
    }
}

void draw_event_row(const State& s, const Chat& chat, const ChatEvent& e, float wrap_width, Intents& intents,
                    std::vector<std::string>& shown_images) {
    const Palette& p = palette(s.theme);
    ImGui::PushID(static_cast<int>(e.seq));
    ImGui::BeginGroup();
    if (is_message_row(e)) {
        const bool own = e.role == proto::Role::agent && s.agent && e.author_id == s.agent->id;
        char header[256];
        std::snprintf(header, sizeof header, "%s  %s%s%s", own ? "You" : e.author_name.c_str(),
                      clock_label(e.ts).c_str(), own ? "  " : "", own ? own_message_status(chat, e) : "");
        colored_text(role_color(p, e.role), header);
        draw_file_actions(s, chat, e, intents);
        draw_thumbnail(s, chat, e, wrap_width, intents, shown_images);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_width);
        ImGui::TextUnformatted(e.text.c_str(), e.text.c_str() + e.text.size());
        ImGui::PopTextWrapPos();
    } else {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_width);
        ImGui::PushStyleColor(ImGuiCol_Text, p.system);
        // The time goes first so the text itself is drawn unformatted (it may hold '%').
        const std::string time = clock_label(e.ts) + "  ";
        ImGui::TextUnformatted(time.c_str());
        ImGui::SameLine(0, 0);
        ImGui::TextUnformatted(e.text.c_str(), e.text.c_str() + e.text.size());
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
    }
    ImGui::EndGroup();
    if (e.location) location_row_action(chat, e, intents);  // "Location shared" focuses the map
    row_context_menu(e.text, intents);
    ImGui::PopID();
}

void draw_outbox_rows(const State& s, const Chat& chat, float wrap_width, Intents& intents) {
    const Palette& p = palette(s.theme);
    for (const auto& item : s.outbox) {
        if (item.chat_id != chat.id) continue;
        ImGui::PushID(item.client_id.c_str());
        const bool failed = item.status == OutboxStatus::failed;
        // "acked" is a detail of the rules (committed, event not yet here): the agent sees it as sent.
        const char* status = item.status == OutboxStatus::acked ? "sent" : outbox_status_name(item.status);
        std::string header = "You  " + clock_label(item.created_at) + "  " + status;
        if (failed) header += ": " + item.error_message;
        colored_text(failed ? p.danger : p.muted, header);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_width);
        ImGui::TextUnformatted(item.text.c_str(), item.text.c_str() + item.text.size());
        ImGui::PopTextWrapPos();
        if (failed) {
            if (ImGui::SmallButton("Retry")) intents.push_back(intent::RetrySend{item.client_id});
            ImGui::SameLine();
            if (ImGui::SmallButton("Discard")) intents.push_back(intent::DiscardSend{item.client_id});
        } else if (item.status == OutboxStatus::queued) {
            if (ImGui::SmallButton("Discard")) intents.push_back(intent::DiscardSend{item.client_id});
        }
        ImGui::PopID();
    }
}

std::size_t outbox_rows(const State& s, const Chat& chat) {
    std::size_t n = 0;
    for (const auto& item : s.outbox) n += item.chat_id == chat.id;
    return n;
}

}  // namespace

void draw_transcript(const State& s, const Chat& chat, UiState& ui, Intents& intents, float height) {
    TranscriptLayout& layout = ui.layouts[chat.id];
    TranscriptScroll& scroll = ui.scrolls[chat.id];
    ui.transcript_rows_submitted = 0;

    // An always-present scrollbar keeps the wrap width the same when the transcript first overflows (otherwise
    // every row would be measured twice).
    ImGui::BeginChild("##transcript", ImVec2(0, height), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_AlwaysVerticalScrollbar);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float wrap_width = TranscriptLayout::quantize_width(ImGui::GetContentRegionAvail().x);
    ui.transcript_rows_measured =
        layout.sync(chat, RowMetrics{wrap_width, ImGui::GetTextLineHeight(), style.ItemSpacing.y * 2});

    // Where the agent is, judged on last frame's content (before this frame's new rows).
    const float scroll_y = ImGui::GetScrollY();
    const bool at_bottom = scroll_y >= ImGui::GetScrollMaxY() - 2;
    const std::size_t rows_now = chat.events.size() + outbox_rows(s, chat) + upload_rows(s, chat);
    if (rows_now != scroll.seen_rows) {
        if (at_bottom || scroll.follow_bottom)
            scroll.scroll_to_bottom = true;
        else
            scroll.new_below = true;
        scroll.seen_rows = rows_now;
    }
    if (at_bottom) scroll.new_below = false;
    scroll.follow_bottom = at_bottom;

    const float origin_y = ImGui::GetCursorPosY();
    const float view_bottom = scroll_y + ImGui::GetWindowHeight();
    std::vector<std::string> shown_images;
    for (std::size_t i = layout.first_row_below(scroll_y - origin_y); i < layout.rows(); ++i) {
        const float top = origin_y + layout.row_top(i);
        if (top > view_bottom) break;
        ImGui::SetCursorPosY(top);
        draw_event_row(s, chat, chat.events[i], wrap_width, intents, shown_images);
        ++ui.transcript_rows_submitted;
    }
    ImGui::SetCursorPosY(origin_y + layout.total_height());
    draw_outbox_rows(s, chat, wrap_width, intents);
    draw_upload_rows(s, chat, wrap_width, intents);
    report_shown_images(chat, ui, std::move(shown_images), intents);
    if (chat.customer_typing.active) {
        colored_text(palette(s.theme).muted, chat.customer_typing.name + " is typing\xE2\x80\xA6");  // "…"
    }
    ImGui::Dummy(ImVec2(1, 1));
    if (scroll.scroll_to_bottom) {
        ImGui::SetScrollHereY(1.0f);
        scroll.scroll_to_bottom = false;
        scroll.new_below = false;
    }

    if (scroll.new_below) {
        // Float the button over the transcript's bottom edge, in view whatever the scroll position.
        const char* label = "New messages \xE2\x86\x93";  // "↓"
        const ImVec2 size = ImGui::CalcTextSize(label);
        ImGui::SetCursorPos(
            ImVec2(ImGui::GetScrollX() + (ImGui::GetWindowWidth() - size.x) * 0.5f,
                   scroll_y + ImGui::GetWindowHeight() - size.y - style.FramePadding.y * 2 - style.WindowPadding.y));
        if (ImGui::Button(label)) scroll.scroll_to_bottom = true;
    }
    ImGui::EndChild();
}

}  // namespace desk
