// The transcript: committed events (virtualised: only rows on screen are submitted), then the outbox rows
// (queued / sending / failed with Retry and Discard), then "typing…". Auto-scrolls only when at the bottom.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>

#include "imgui.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/core/event_text.hpp"
#include "desktop/core/files_rules.hpp"
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

// Where a bubble goes in its row and what it looks like.
struct BubbleStyle {
    bool right = false;  // agents' messages on the right, the customer's on the left
    ImVec4 fill;
    std::string avatar_initials;
    ImVec4 avatar_fill;
    ImVec4 avatar_text;
};

BubbleStyle bubble_style(const State& s, proto::Role role, const std::string& person_id,
                         const std::string& person_name) {
    const Palette& p = palette(s.theme);
    return BubbleStyle{role == proto::Role::agent, role == proto::Role::agent ? p.bubble_agent : p.bubble_customer,
                       initials(person_name), p.avatar[avatar_color_index(person_id, p.avatar.size())], p.avatar_text};
}

// Draws the avatar and the bubble's background for a bubble `width` × `height` in a row `row_width` wide starting
// at the cursor, and leaves the cursor where the bubble's content starts. The content goes in a group the caller
// closes (so the row's hover, context menu and "Show on map" see the bubble as one item).
void begin_bubble(const BubbleStyle& style, const BubbleGeometry& g, float row_width, float width, float height) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 row = ImGui::GetCursorScreenPos();
    const float avatar_x = style.right ? row.x + row_width - g.avatar : row.x;
    const float bubble_x = style.right ? avatar_x - g.gap - width : row.x + g.avatar + g.gap;
    const ImVec2 centre(avatar_x + g.avatar * 0.5f, row.y + g.avatar * 0.5f);
    draw->AddCircleFilled(centre, g.avatar * 0.5f, ImGui::GetColorU32(style.avatar_fill));
    const char* initials_text = style.avatar_initials.c_str();
    // Initials of two wide letters may be wider than the circle at a small font: keep them centred anyway.
    const ImVec2 size = ImGui::CalcTextSize(initials_text);
    draw->AddText(ImVec2(std::floor(centre.x - size.x * 0.5f), std::floor(centre.y - size.y * 0.5f)),
                  ImGui::GetColorU32(style.avatar_text), initials_text);
    draw->AddRectFilled(ImVec2(bubble_x, row.y), ImVec2(bubble_x + width, row.y + height),
                        ImGui::GetColorU32(style.fill), g.pad_x);
    ImGui::SetCursorScreenPos(ImVec2(bubble_x + g.pad_x, row.y + g.pad_y));
    ImGui::BeginGroup();
}

// The outer width of a text bubble: as wide as its header or text needs, up to the geometry's widest.
float text_bubble_width(const BubbleGeometry& g, const std::string& header, const std::string& text) {
    const float header_width = ImGui::CalcTextSize(header.c_str()).x;
    const float text_width = ImGui::CalcTextSize(text.c_str(), text.c_str() + text.size(), false, g.text_width).x;
    return std::min(g.max_width, std::ceil(std::max(header_width, text_width)) + 2 * g.pad_x);
}

void draw_event_row(const State& s, const Chat& chat, const ChatEvent& e, const RowMetrics& metrics, Intents& intents,
                    std::vector<std::string>& shown_images) {
    const Palette& p = palette(s.theme);
    ImGui::PushID(static_cast<int>(e.seq));
    if (is_message_row(e)) {
        const bool own = e.role == proto::Role::agent && s.agent && e.author_id == s.agent->id;
        char header[256];
        std::snprintf(header, sizeof header, "%s  %s%s%s", own ? "You" : e.author_name.c_str(),
                      clock_label(e.ts).c_str(), own ? "  " : "", own ? own_message_status(chat, e) : "");
        const BubbleGeometry g = bubble_geometry(metrics);
        // A file row carries its actions on the header line and a photo's thumbnail under it.
        float width = text_bubble_width(g, header, e.text);
        if (e.file) {
            const float header_line = ImGui::CalcTextSize(header).x + file_actions_width(s, e);
            const float thumbnail =
                is_image_file(*e.file) ? thumbnail_box(*e.file, metrics.line_height, g.text_width).x : 0;
            width = std::min(g.max_width, std::max(width, std::ceil(std::max(header_line, thumbnail)) + 2 * g.pad_x));
        }
        begin_bubble(bubble_style(s, e.role, e.author_id, own ? s.agent->display_name : e.author_name), g,
                     metrics.wrap_width, width, bubble_height(e, metrics, g));
        colored_text(role_color(p, e.role), header);
        draw_file_actions(s, chat, e, intents);
        draw_thumbnail(s, chat, e, g.text_width, intents, shown_images);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + g.text_width);
        ImGui::TextUnformatted(e.text.c_str(), e.text.c_str() + e.text.size());
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
    } else {
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + metrics.wrap_width);
        ImGui::PushStyleColor(ImGuiCol_Text, p.system);
        // The time goes first so the text itself is drawn unformatted (it may hold '%').
        const std::string time = clock_label(e.ts) + "  ";
        ImGui::TextUnformatted(time.c_str());
        ImGui::SameLine(0, 0);
        ImGui::TextUnformatted(e.text.c_str(), e.text.c_str() + e.text.size());
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
    }
    if (e.location) location_row_action(chat, e, intents);  // "Location shared" focuses the map
    row_context_menu(e.text, intents);
    ImGui::PopID();
}

// A staff-only internal event (whisper, flag, a supervisor watching or joining): a tinted box across the row
// with an accent bar, so it never reads as something the customer saw.
void draw_internal_row(const State& s, const proto::InternalEvent& event, const RowMetrics& metrics, Intents& intents) {
    const Palette& p = palette(s.theme);
    const std::string text = internal_row_text(event);
    const ImVec2 pad = internal_row_padding(metrics);
    const float height = internal_row_height(text, metrics);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec4 tint(p.warning.x, p.warning.y, p.warning.z, 0.14f);
    draw->AddRectFilled(top, ImVec2(top.x + metrics.wrap_width, top.y + height), ImGui::GetColorU32(tint),
                        pad.x * 0.5f);
    draw->AddRectFilled(top, ImVec2(top.x + std::max(2.0f, pad.x * 0.25f), top.y + height),
                        ImGui::GetColorU32(p.warning));
    ImGui::PushID(static_cast<int>(-event.seq));  // apart from the chat events' ids (their seq)
    ImGui::SetCursorScreenPos(ImVec2(top.x + pad.x, top.y + pad.y));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(metrics.line_height, metrics.wrap_width - 2 * pad.x));
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    row_context_menu(event.text.empty() ? text : event.text, intents);
    ImGui::PopID();
}

// The agent's own messages not yet committed: bubbles like the committed ones, with their state on the header
// (queued, sending, failed: reason) and Retry / Discard under the text.
void draw_outbox_rows(const State& s, const Chat& chat, const RowMetrics& metrics, Intents& intents) {
    const Palette& p = palette(s.theme);
    const BubbleGeometry g = bubble_geometry(metrics);
    for (const auto& item : s.outbox) {
        if (item.chat_id != chat.id) continue;
        ImGui::PushID(item.client_id.c_str());
        const bool failed = item.status == OutboxStatus::failed;
        const bool has_actions = failed || item.status == OutboxStatus::queued;
        // "acked" is a detail of the rules (committed, event not yet here): the agent sees it as sent.
        const char* status = item.status == OutboxStatus::acked ? "sent" : outbox_status_name(item.status);
        std::string header = "You  " + clock_label(item.created_at) + "  " + status;
        if (failed) header += ": " + item.error_message;
        const char* text = item.text.c_str();
        const float text_height = ImGui::CalcTextSize(text, text + item.text.size(), false, g.text_width).y;
        const float actions_height = has_actions ? ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.y : 0;
        const float header_height = ImGui::CalcTextSize(header.c_str(), nullptr, false, g.text_width).y;
        const float height = 2 * g.pad_y + header_height + ImGui::GetStyle().ItemSpacing.y +
            std::max(text_height, metrics.line_height) + actions_height;
        const float width = std::max(text_bubble_width(g, header, item.text),
                                     std::min(g.max_width, buttons_width({"Retry", "Discard"}) + 2 * g.pad_x));
        const float top = ImGui::GetCursorPosY();
        begin_bubble(
            bubble_style(s, proto::Role::agent, s.agent ? s.agent->id : "", s.agent ? s.agent->display_name : ""), g,
            metrics.wrap_width, width, height);
        // The header wraps too, so a long server reason never pushes the bubble wider than the row.
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + g.text_width);
        colored_text(failed ? p.danger : p.muted, header);
        ImGui::TextUnformatted(text, text + item.text.size());
        ImGui::PopTextWrapPos();
        if (failed) {
            if (ImGui::SmallButton("Retry")) intents.push_back(intent::RetrySend{item.client_id});
            ImGui::SameLine();
            if (ImGui::SmallButton("Discard")) intents.push_back(intent::DiscardSend{item.client_id});
        } else if (item.status == OutboxStatus::queued) {
            if (ImGui::SmallButton("Discard")) intents.push_back(intent::DiscardSend{item.client_id});
        }
        ImGui::EndGroup();
        ImGui::SetCursorPosY(top + std::max(g.avatar, height) + metrics.row_spacing);
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
    // The chat's staff-only events go among its events (held chats and the watched one; never an earlier chat).
    std::span<const proto::InternalEvent> internal;
    if (const auto found = s.supervision.by_chat.find(chat.id); found != s.supervision.by_chat.end())
        internal = std::span<const proto::InternalEvent>(found->second.internal.data(), found->second.internal.size());
    ui.transcript_rows_submitted = 0;

    // An always-present scrollbar keeps the wrap width the same when the transcript first overflows (otherwise
    // every row would be measured twice).
    ImGui::BeginChild("##transcript", ImVec2(0, height), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_AlwaysVerticalScrollbar);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float wrap_width = TranscriptLayout::quantize_width(ImGui::GetContentRegionAvail().x);
    const RowMetrics metrics{wrap_width, ImGui::GetTextLineHeight(), style.ItemSpacing.y * 2};
    ui.transcript_rows_measured = layout.sync(chat, internal, metrics);

    // Where the agent is, judged on last frame's content (before this frame's new rows).
    const float scroll_y = ImGui::GetScrollY();
    const bool at_bottom = scroll_y >= ImGui::GetScrollMaxY() - 2;
    const std::size_t rows_now = layout.rows() + outbox_rows(s, chat) + upload_rows(s, chat);
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
        if (const auto j = layout.internal_at(i))
            draw_internal_row(s, internal[*j], metrics, intents);
        else
            draw_event_row(s, chat, chat.events[layout.event_at(i)], metrics, intents, shown_images);
        ++ui.transcript_rows_submitted;
    }
    ImGui::SetCursorPosY(origin_y + layout.total_height());
    draw_outbox_rows(s, chat, metrics, intents);
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
