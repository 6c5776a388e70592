#include "desktop/views/theme.hpp"

namespace desk {

void apply_theme(Theme theme) {
    ImGuiStyle& style = ImGui::GetStyle();
    if (theme == Theme::dark)
        ImGui::StyleColorsDark(&style);
    else
        ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0;
    style.ChildRounding = scaled(4);
    style.FrameRounding = scaled(4);
    style.PopupRounding = scaled(4);
}

const Palette& palette(Theme theme) {
    static const Palette dark{{0.55f, 0.80f, 1.00f, 1}, {0.60f, 0.90f, 0.60f, 1}, {0.70f, 0.70f, 0.70f, 1},
                              {0.60f, 0.60f, 0.60f, 1}, {1.00f, 0.70f, 0.25f, 1}, {1.00f, 0.35f, 0.35f, 1},
                              {0.35f, 0.85f, 0.45f, 1}, {0.85f, 0.25f, 0.25f, 1}, {1, 1, 1, 1},
                              {0.35f, 0.25f, 0.05f, 1}};
    static const Palette light{{0.05f, 0.35f, 0.70f, 1}, {0.10f, 0.50f, 0.15f, 1}, {0.35f, 0.35f, 0.35f, 1},
                               {0.45f, 0.45f, 0.45f, 1}, {0.75f, 0.45f, 0.00f, 1}, {0.80f, 0.10f, 0.10f, 1},
                               {0.10f, 0.60f, 0.20f, 1}, {0.85f, 0.20f, 0.20f, 1}, {1, 1, 1, 1},
                               {1.00f, 0.92f, 0.70f, 1}};
    return theme == Theme::dark ? dark : light;
}

}  // namespace desk
