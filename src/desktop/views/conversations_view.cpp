// Active Conversations: one entry per chat with unread badge, last message, time since the customer's last
// message (red when overdue), "typing…", and the state when ended. Also the notices list below it.
#include "imgui.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

namespace {

// The first line of a preview, cut to `max_bytes` on a UTF-8 boundary (bounded work: one entry per chat).
std::string first_line(const std::string& text, std::size_t max_bytes) {
    std::size_t end = std::min(text.find('\n'), text.size());
    if (end > max_bytes) {
        end = max_bytes;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        return text.substr(0, end) + "\xE2\x80\xA6";
    }
    return text.substr(0, end);
}

// `text` cut to `width` pixels with "…" where it does not fit: the list is narrow and wide scripts (CJK) or a
// large font would otherwise run into its edge mid-character. At most one measure per dropped character.
std::string fit_width(std::string text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    const std::string ellipsis = "\xE2\x80\xA6";
    if (text.size() >= ellipsis.size() && text.compare(text.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0)
        text.resize(text.size() - ellipsis.size());
    while (!text.empty()) {
        std::size_t end = text.size() - 1;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // one UTF-8 character
        text.resize(end);
        if (ImGui::CalcTextSize((text + ellipsis).c_str()).x <= width) break;
    }
    return text + ellipsis;
}

}  // namespace

void draw_conversations(const State& s, UiState& ui, Intents& intents) {
    const Palette& p = palette(s.theme);
    if (s.is_supervisor()) draw_supervisor_entries(s, ui, intents);  // the overview and the watched chat first
    ImGui::TextUnformatted("Active Conversations");
    ImGui::Separator();
    // Supervisors get no offers: their own chats are the ones they took over.
    if (s.chats.empty() && s.is_supervisor()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("Chats you take over appear here.");
        ImGui::PopTextWrapPos();
    } else if (s.chats.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", empty_conversations_hint(s).c_str());
        ImGui::PopTextWrapPos();
    }
    for (const auto& chat : s.chats) {
        ImGui::PushID(chat.id.c_str());
        const bool selected =
            chat.id == s.selected_chat_id && (!s.is_supervisor() || s.supervision.pane == SupervisorPane::chat);
        const float height = ImGui::GetTextLineHeightWithSpacing() * 3;
        const ImVec2 start = ImGui::GetCursorPos();
        // The chat id in the hidden label names the entry for automation (window.agentdesk.widgets()).
        const std::string entry_label = "##chat-" + chat.id;
        if (ImGui::Selectable(entry_label.c_str(), selected, ImGuiSelectableFlags_AllowOverlap, ImVec2(0, height)))
            intents.push_back(intent::SelectChat{chat.id});
        ImGui::SetCursorPos(start);
        ImGui::BeginGroup();
        ImGui::TextUnformatted(chat.customer.name.c_str());
        if (chat.unread > 0) {
            ImGui::SameLine();
            badge(chat.unread, p.badge_bg, p.badge_text);
        }
        if (chat.last_customer_message_at > 0) {
            ImGui::SameLine();
            const TimeMs server_time = server_now(s, ui.now);
            const std::string waited = elapsed_label(server_time - chat.last_customer_message_at);
            colored_text(reply_overdue(chat, s.settings, server_time) ? p.danger : p.muted, waited);
        }
        if (chat.customer_typing.active)
            colored_text(p.muted, "typing\xE2\x80\xA6");
        else
            colored_text(p.muted,
                         chat.last_message_preview.empty()
                             ? "-"
                             : fit_width(first_line(chat.last_message_preview, 48), ImGui::GetContentRegionAvail().x));
        if (chat.status == proto::ChatStatus::ended)
            colored_text(p.warning, chat.wrapup_pending ? "Filing wrap-up" : "Ended: wrap-up");
        else if (chat.transfer_pending)
            colored_text(p.warning, "Transferring...");
        ImGui::EndGroup();
        ImGui::SetCursorPos(ImVec2(start.x, start.y + height + ImGui::GetStyle().ItemSpacing.y));
        ImGui::Separator();
        ImGui::PopID();
    }
}

void draw_notices(const State& s, UiState&, Intents& intents) {
    if (s.notices.empty()) return;
    const Palette& p = palette(s.theme);
    ImGui::Separator();
    ImGui::TextUnformatted("Notices");
    // Newest first; each can be dismissed.
    for (std::size_t i = s.notices.size(); i-- > 0;) {
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton("x")) intents.push_back(intent::DismissNotice{i});
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0);
        colored_text(p.warning, s.notices[i].message);
        ImGui::PopTextWrapPos();
        ImGui::PopID();
    }
}

}  // namespace desk
