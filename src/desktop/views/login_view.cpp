// The login screen: user name and password, the last refusal, and the connection progress.
#include "imgui.h"
#include "imgui_stdlib.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

void draw_login(const State& s, UiState& ui, Intents& intents) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const ImVec2 size(scaled(360), 0);
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.4f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin("Agent Desktop - Log in", nullptr,
                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                     ImGuiWindowFlags_NoSavedSettings);
    if (ui.login_username.empty() && !s.login.username.empty()) ui.login_username = s.login.username;
    const bool busy = s.login.in_flight || !s.token.empty();
    ImGui::BeginDisabled(busy);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-FLT_MIN);  // the fields line up with the full-width button below
    bool submit =
        ImGui::InputTextWithHint("##username", "User name", &ui.login_username, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemEdited()) report_typed_text(ui.login_username, intents);
    ImGui::SetNextItemWidth(-FLT_MIN);
    submit |= ImGui::InputTextWithHint("##password", "Password", &ui.login_password,
                                       ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    submit |= ImGui::Button("Log in", ImVec2(-1, 0));
    ImGui::EndDisabled();
    if (submit && !busy) {
        intents.push_back(intent::Login{ui.login_username, ui.login_password});
        ui.login_password.clear();  // the rules hold it until the welcome; the form does not keep a copy
    }
    const Palette& p = palette(s.theme);
    if (busy) colored_text(p.muted, s.token.empty() ? "Logging in..." : "Resuming your session...");
    if (s.connection.phase == ConnectionPhase::reconnecting) {
        colored_text(p.warning,
                     "Server unreachable; retrying in " +
                         std::to_string(seconds_left(s.connection.reconnect_at, ui.now)) + " s");
    }
    if (!s.token.empty() && ImGui::SmallButton("Forget this session")) intents.push_back(intent::Logout{});
    if (!s.login.error.empty()) {
        ImGui::PushTextWrapPos(0);
        colored_text(p.danger, s.login.error);
        ImGui::PopTextWrapPos();
    }
    if (ImGui::SmallButton(s.theme == Theme::dark ? "Light theme" : "Dark theme"))
        intents.push_back(intent::ToggleTheme{});
    ImGui::End();
}

}  // namespace desk
