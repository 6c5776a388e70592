// Light and dark themes: ImGui's style plus the few colours the desktop adds (roles, warnings, status).
#pragma once

#include "imgui.h"

#include "desktop/core/state.hpp"

namespace desk {

struct Palette {
    ImVec4 customer, agent, system, muted, warning, danger, ok, badge_bg, badge_text, ringing_bg;
};

void apply_theme(Theme theme);
const Palette& palette(Theme theme);

}  // namespace desk
