// The top bar: who is logged in, Ready / Not Ready with a reason, the connection at a glance, theme, logout.
#include "imgui.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

namespace {

// The agent's status as one control: the state as a coloured word, then the one change that makes sense from it.
// Ready offers "Go Not Ready", which asks for the reason in a menu (no reason picker sits beside the Ready state,
// where it read as if the agent were already on a break); Not Ready offers "Go Ready".
void draw_presence(const State& s, Intents& intents) {
    const bool ready = s.presence.state == proto::PresenceState::ready;
    const Palette& p = palette(s.theme);
    soft_pill(ready ? "Ready" : "Not Ready" + (s.presence.reason.empty() ? "" : ": " + s.presence.reason),
              ready ? p.ok : p.warning);
    ImGui::SameLine();
    const bool can_change = can_send_now(s) && !s.presence_pending;
    if (!ready) {
        if (button_if(can_change, "Go Ready")) intents.push_back(intent::SetReady{});
        return;
    }
    const auto& reasons = s.config.not_ready_reasons;
    constexpr const char* kReasonMenu = "##not_ready_reasons";
    if (button_if(can_change, "Go Not Ready")) {
        if (reasons.empty())
            intents.push_back(intent::SetNotReady{""});
        else
            ImGui::OpenPopup(kReasonMenu);
    }
    if (ImGui::BeginPopup(kReasonMenu)) {
        ImGui::TextDisabled("Not Ready because:");
        for (const auto& reason : reasons)
            if (ImGui::Selectable(reason.c_str())) intents.push_back(intent::SetNotReady{reason});
        ImGui::EndPopup();
    }
}

void draw_connection(const State& s, const UiState& ui) {
    const Palette& p = palette(s.theme);
    const auto& c = s.connection;
    switch (c.phase) {
        case ConnectionPhase::connected:
            colored_text(p.ok, "Connected");
            break;
        case ConnectionPhase::connecting:
            colored_text(p.warning, "Connecting...");
            break;
        case ConnectionPhase::reconnecting:
            colored_text(p.warning, "Reconnecting in " + std::to_string(seconds_left(c.reconnect_at, ui.now)) + " s");
            break;
        case ConnectionPhase::offline:
            colored_text(p.danger, "Offline");
            break;
    }
}

}  // namespace

void draw_top_bar(const State& s, UiState& ui, Intents& intents) {
    const std::string who = s.agent ? s.agent->display_name : s.login.username;
    ImGui::TextUnformatted(who.c_str());
    const float gap = scaled(24);
    ImGui::SameLine(0, gap);
    draw_presence(s, intents);
    ImGui::SameLine(0, gap);
    draw_connection(s, ui);
    const auto unread = s.total_unread();
    if (unread > 0) {
        ImGui::SameLine(0, gap);
        ImGui::Text("Unread");
        ImGui::SameLine();
        badge(unread, palette(s.theme).badge_bg, palette(s.theme).badge_text);
    }
    const char* theme_label = s.theme == Theme::dark ? "Light theme" : "Dark theme";
    same_line_right(buttons_width({theme_label, "Log out"}));
    if (ImGui::Button(theme_label)) intents.push_back(intent::ToggleTheme{});
    ImGui::SameLine();
    if (ImGui::Button("Log out")) intents.push_back(intent::Logout{});
}

}  // namespace desk
