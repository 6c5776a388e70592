// The chat a supervisor watches, in the chat column: who it is ("Watching Max Mustermann · Anna Berger"), the
// supervisor's actions (Barge in, Take over, Stop watching), its transcript with the whispers and flags among the
// events, the whisper field (to the agent only) and, once barged in, a field to write to the customer.
#include <algorithm>

#include "imgui.h"
#include "imgui_stdlib.h"

#include "desktop/core/rules.hpp"
#include "desktop/views/icons.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

namespace {

// A one-line field and its button on one row, the field taking what the button leaves. True when Enter was
// pressed in the field or the button clicked (and enabled).
bool field_with_button(const char* field_label, const char* hint, std::string& buffer, const char* button_label,
                       bool button_enabled, bool& active) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_width = ImGui::CalcTextSize(button_label, nullptr, true).x + style.FramePadding.x * 2;
    ImGui::SetNextItemWidth(
        std::max(scaled(120), ImGui::GetContentRegionAvail().x - button_width - style.ItemSpacing.x));
    const bool entered = ImGui::InputTextWithHint(field_label, hint, &buffer, ImGuiInputTextFlags_EnterReturnsTrue);
    active = ImGui::IsItemActive();
    ImGui::SameLine();
    const bool clicked = button_if(button_enabled, button_label);
    return (entered && button_enabled) || clicked;
}

void draw_whisper_field(const State& s, const WatchedChat& watched, UiState& ui, Intents& intents) {
    // The draft is the state's: kept when the server refused it, cleared once stored. The field shows it
    // unless the supervisor is typing in it right now.
    if (!ui.whisper_field_active) ui.whisper_buffer = watched.whisper_draft;
    const std::string before = ui.whisper_buffer;
    const std::string hint = "Whisper to " + (watched.agent_name.empty() ? "the agent" : watched.agent_name) +
        " (the customer does not see it)";
    const bool can_whisper = can_send_now(s) && watched.watching && watched.whisper_sending.empty();
    const bool send = field_with_button("##whisper", hint.c_str(), ui.whisper_buffer, "Whisper##watched", can_whisper,
                                        ui.whisper_field_active);
    if (ui.whisper_buffer != before) {
        intents.push_back(intent::EditWhisper{watched.chat.id, ui.whisper_buffer});
        report_typed_text(ui.whisper_buffer, intents);
    }
    if (send) {
        if (text_refusal(s, ui.whisper_buffer).empty())
            intents.push_back(intent::SendWhisper{watched.chat.id, ui.whisper_buffer});
        ui.whisper_field_active = false;  // Enter left the field: it shows the state's draft again
    }
    if (!watched.whisper_sending.empty()) ImGui::TextDisabled("Sending the whisper\xE2\x80\xA6");
}

void draw_customer_field(const State& s, const WatchedChat& watched, UiState& ui, Intents& intents) {
    const std::string before = ui.customer_message;
    bool active = false;
    const bool open = watched.chat.status == proto::ChatStatus::active;
    if (!open) {
        ImGui::TextDisabled("The chat has ended.");
        return;
    }
    const bool send = field_with_button("##message_to_customer", "Message to customer", ui.customer_message,
                                        "Send to customer##watched", true, active);
    if (ui.customer_message != before) report_typed_text(ui.customer_message, intents);
    if (send && text_refusal(s, ui.customer_message).empty()) {
        intents.push_back(intent::SendText{watched.chat.id, ui.customer_message});  // through the outbox
        ui.customer_message.clear();
    }
}

}  // namespace

void draw_watched_chat(const State& s, UiState& ui, Intents& intents) {
    const Palette& p = palette(s.theme);
    const WatchedChat& watched = s.supervision.watched;
    if (!watched.open()) return;
    const std::string& id = watched.chat.id;
    const bool online = can_send_now(s);

    std::string title = "Watching " + watched.customer_name;
    if (!watched.agent_name.empty()) title += " \xC2\xB7 " + watched.agent_name;
    icon_text(icons::kEye, ImGui::GetStyleColorVec4(ImGuiCol_Text), title);
    ImGui::SameLine();
    if (!watched.watching)
        soft_pill(online ? "Connecting\xE2\x80\xA6" : "Offline", p.warning);
    else if (watched.barged_in)
        soft_pill("Joined: the customer sees your messages", p.warning);
    else
        soft_pill("Read-only: the customer does not know", p.muted);
    const auto sup = s.supervision.by_chat.find(id);
    if (sup != s.supervision.by_chat.end() && sup->second.flag) {
        const auto& flag = *sup->second.flag;
        icon_text(icons::kFlag, p.danger,
                  flag.by.display_name + " asks for help" + (flag.reason.empty() ? "" : ": " + flag.reason));
        ImGui::SameLine();
        // The supervisor may clear it (handled, or resolved without them).
        if (button_if(online && !sup->second.flag_pending, "Clear flag##watched"))
            intents.push_back(intent::FlagChat{id, false, ""});
    }

    // Barge in, Take over, Stop watching: one row that wraps in a narrow column.
    const bool takeover_free = s.supervision.overview.takeover_chat_id.empty();
    const bool active = watched.chat.status == proto::ChatStatus::active;
    if (!watched.barged_in) {
        if (button_if(online && watched.watching && !watched.join_pending && active, "Barge in##watched"))
            intents.push_back(intent::BargeIn{id});
        same_line_or_wrap(buttons_width({"Take over"}));
    }
    if (button_if(online && takeover_free && active, "Take over##watched")) intents.push_back(intent::TakeOver{id});
    same_line_or_wrap(buttons_width({"Stop watching"}));
    if (ImGui::Button("Stop watching##watched")) intents.push_back(intent::StopWatching{});

    if (!watched.error.empty()) colored_text(p.warning, watched.error);
    if (watched.chat.last_seq() < watched.chat.server_last_seq && watched.error.empty())
        ImGui::TextDisabled("Loading the chat\xE2\x80\xA6 (%lld of %lld)",
                            static_cast<long long>(watched.chat.last_seq()),
                            static_cast<long long>(watched.chat.server_last_seq));
    ImGui::Separator();

    const ImGuiStyle& style = ImGui::GetStyle();
    const float rows = watched.barged_in ? 2.0f : 1.0f;
    const float below = (ImGui::GetFrameHeightWithSpacing() + style.ItemSpacing.y) * rows +
        (watched.whisper_sending.empty() ? 0.0f : ImGui::GetTextLineHeightWithSpacing());
    draw_transcript(s, watched.chat, ui, intents, std::max(80.0f, ImGui::GetContentRegionAvail().y - below));
    draw_whisper_field(s, watched, ui, intents);
    if (watched.barged_in) draw_customer_field(s, watched, ui, intents);
}

}  // namespace desk
