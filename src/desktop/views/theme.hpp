// Light and dark themes: ImGui's style plus the few colours the desktop adds (roles, warnings, status).
#pragma once

#include <array>
#include <cstddef>

#include "imgui.h"

#include "desktop/core/state.hpp"

namespace desk {

inline constexpr std::size_t kAvatarColors = 6;

struct Palette {
    ImVec4 customer, agent, system, muted, warning, danger, ok, badge_bg, badge_text, ringing_bg;
    // Message bubbles (the text on them is ImGuiCol_Text; their header line is `customer` / `agent`).
    ImVec4 bubble_customer, bubble_agent;
    // Initials avatars: a background per person (avatar_color_index) under `avatar_text`.
    std::array<ImVec4, kAvatarColors> avatar;
    ImVec4 avatar_text;
    // A destructive button (hang up, end call): white text on a red that holds 4.5:1 in every state.
    ImVec4 danger_button, danger_button_hovered, danger_button_active, on_danger_button;
    // The photo viewer's area is dark in both themes (photos read best on it): its own status text colours.
    ImVec4 viewer_bg, viewer_text, viewer_danger;
};

void apply_theme(Theme theme);
const Palette& palette(Theme theme);

// The font size the views' pixel constants were designed at.
inline constexpr float kDesignFontSize = 16.0f;

// A layout length designed at 16 px text, in the pixels ImGui draws in now. The platform draws in device pixels
// (fonts at size × devicePixelRatio) and admins may pick another font size: widths of panels, dialogs and
// buttons must grow with the text or it gets clipped. Within a frame only (it reads the current font size).
inline float scaled(float design_px) { return design_px * ImGui::GetFontSize() / kDesignFontSize; }

}  // namespace desk
