// The login screen: the admin's logo and product name (config.json "branding"), user name and password, the last
// refusal, and the connection progress.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "imgui.h"
#include "imgui_internal.h"  // IMGUI_TEST_ENGINE_ITEM_INFO: the logo and the name are found by automation
#include "imgui_stdlib.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

namespace {

// Centres the next item of `width` in the window's content row (whole pixels, so the logo stays sharp).
void centre_next(float width) {
    const float avail = ImGui::GetContentRegionAvail().x;
    if (avail > width) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::floor((avail - width) * 0.5f));
}

// The logo (once its texture is in) fitted into the configured box, aspect kept and never enlarged past one
// image pixel per design pixel; then the product name. A logo that failed or is still loading leaves the name.
void draw_branding(const Branding& b) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (b.logo == LogoStatus::loaded) {
        const float box_w =
            std::min(scaled(static_cast<float>(b.settings.logo_max_width_px)), ImGui::GetContentRegionAvail().x);
        const FittedSize fit = fit_logo(b.logo_width, b.logo_height, box_w,
                                        scaled(static_cast<float>(b.settings.logo_max_height_px)), scaled(1));
        centre_next(fit.width);
        ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(b.logo_texture)),
                     ImVec2(fit.width, fit.height));
        const std::string& alt = b.settings.logo_alt.empty() ? b.settings.product_name : b.settings.logo_alt;
        if (!b.settings.logo_alt.empty()) ImGui::SetItemTooltip("%s", alt.c_str());
        IMGUI_TEST_ENGINE_ITEM_INFO(ImGui::GetID("##branding-logo"), (alt + "###branding-logo").c_str(), 0);
    }
    const std::string& name = b.settings.product_name;
    centre_next(ImGui::CalcTextSize(name.c_str(), name.c_str() + name.size()).x);
    ImGui::TextUnformatted(name.c_str(), name.c_str() + name.size());
    IMGUI_TEST_ENGINE_ITEM_INFO(ImGui::GetID("##branding-name"), (name + "###branding-name").c_str(), 0);
    (void)g;
    ImGui::Spacing();
}

}  // namespace

void draw_login(const State& s, UiState& ui, Intents& intents) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const Branding& brand = s.branding;
    // A logo box wider than the form widens the window rather than shrinking the logo.
    const float logo_w = brand.logo == LogoStatus::loaded
        ? scaled(static_cast<float>(brand.settings.logo_max_width_px)) + 2 * ImGui::GetStyle().WindowPadding.x
        : 0;
    const ImVec2 size(std::max(scaled(360), logo_w), 0);
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.4f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(size);
    // A fixed id: the title shows the product name, which the admin chooses (a "##" in it would hide the rest).
    ImGui::Begin("Agent login###login", nullptr,
                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                     ImGuiWindowFlags_NoSavedSettings);
    draw_branding(brand);
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
