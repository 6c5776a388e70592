#include "desktop/views/theme.hpp"

namespace desk {

void apply_theme(Theme theme) {
    ImGuiStyle& style = ImGui::GetStyle();
    if (theme == Theme::dark) {
        ImGui::StyleColorsDark(&style);
        // ImGui's bright blue hover/active fills leave white text at 3:1; darker blues of the same hue pass WCAG AA
        // (tests/desktop/contrast_test.cpp).
        style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.20f, 0.42f, 0.72f, 1);
        style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.10f, 0.36f, 0.70f, 1);
        style.Colors[ImGuiCol_HeaderHovered] = ImVec4(0.20f, 0.42f, 0.72f, 1);
        style.Colors[ImGuiCol_HeaderActive] = ImVec4(0.10f, 0.36f, 0.70f, 1);
        // The views use TextDisabled for information, not for inactive controls (hints, "Select a conversation.",
        // the offer's age), so it must be readable too: ImGui's 0.50 grey is 3:1 on a bubble.
        style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.66f, 0.66f, 0.66f, 1);
    } else {
        ImGui::StyleColorsLight(&style);
        style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.33f, 0.33f, 0.33f, 1);  // was 0.60: 2.4:1
    }
    style.WindowRounding = 0;
    style.ChildRounding = scaled(4);
    style.FrameRounding = scaled(4);
    style.PopupRounding = scaled(4);
}

namespace {

// Colours both themes share: they sit on their own fills (white on a saturated avatar or on the red button, light
// text on the photo viewer's dark area), so the window's theme does not change them.
constexpr ImVec4 kWhite{1, 1, 1, 1};
constexpr std::array<ImVec4, kAvatarColors> kAvatars{{{0.16f, 0.40f, 0.70f, 1},
                                                      {0.55f, 0.27f, 0.62f, 1},
                                                      {0.10f, 0.47f, 0.40f, 1},
                                                      {0.70f, 0.30f, 0.15f, 1},
                                                      {0.62f, 0.20f, 0.36f, 1},
                                                      {0.35f, 0.40f, 0.45f, 1}}};
constexpr ImVec4 kDangerButton{0.72f, 0.12f, 0.12f, 1};
constexpr ImVec4 kDangerButtonHovered{0.80f, 0.16f, 0.16f, 1};
constexpr ImVec4 kDangerButtonActive{0.60f, 0.08f, 0.08f, 1};
constexpr ImVec4 kViewerBg{16 / 255.0f, 16 / 255.0f, 18 / 255.0f, 1};
constexpr ImVec4 kViewerText{0.80f, 0.80f, 0.80f, 1};
constexpr ImVec4 kViewerDanger{1.00f, 0.52f, 0.52f, 1};

}  // namespace

const Palette& palette(Theme theme) {
    static const Palette dark{
        .customer = {0.55f, 0.80f, 1.00f, 1},
        .agent = {0.60f, 0.90f, 0.60f, 1},
        .system = {0.70f, 0.70f, 0.70f, 1},
        .muted = {0.68f, 0.68f, 0.68f, 1},
        .warning = {1.00f, 0.70f, 0.25f, 1},
        .danger = {1.00f, 0.52f, 0.52f, 1},
        .ok = {0.35f, 0.85f, 0.45f, 1},
        .badge_bg = {0.75f, 0.18f, 0.18f, 1},
        .badge_text = {1, 1, 1, 1},
        .ringing_bg = {0.28f, 0.20f, 0.04f, 1},
        .bubble_customer = {0.19f, 0.21f, 0.25f, 1},
        .bubble_agent = {0.13f, 0.24f, 0.19f, 1},
        .avatar = kAvatars,
        .avatar_text = kWhite,
        .danger_button = kDangerButton,
        .danger_button_hovered = kDangerButtonHovered,
        .danger_button_active = kDangerButtonActive,
        .on_danger_button = kWhite,
        .viewer_bg = kViewerBg,
        .viewer_text = kViewerText,
        .viewer_danger = kViewerDanger,
    };
    static const Palette light{
        .customer = {0.05f, 0.35f, 0.70f, 1},
        .agent = {0.05f, 0.40f, 0.10f, 1},
        .system = {0.35f, 0.35f, 0.35f, 1},
        .muted = {0.33f, 0.33f, 0.33f, 1},
        .warning = {0.50f, 0.27f, 0.00f, 1},
        .danger = {0.70f, 0.05f, 0.05f, 1},
        .ok = {0.04f, 0.38f, 0.10f, 1},
        .badge_bg = {0.85f, 0.20f, 0.20f, 1},
        .badge_text = {1, 1, 1, 1},
        .ringing_bg = {1.00f, 0.92f, 0.70f, 1},
        .bubble_customer = {0.90f, 0.92f, 0.95f, 1},
        .bubble_agent = {0.86f, 0.95f, 0.88f, 1},
        .avatar = kAvatars,
        .avatar_text = kWhite,
        .danger_button = kDangerButton,
        .danger_button_hovered = kDangerButtonHovered,
        .danger_button_active = kDangerButtonActive,
        .on_danger_button = kWhite,
        .viewer_bg = kViewerBg,
        .viewer_text = kViewerText,
        .viewer_danger = kViewerDanger,
    };
    return theme == Theme::dark ? dark : light;
}

}  // namespace desk
