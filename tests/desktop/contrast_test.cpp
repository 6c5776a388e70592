// WCAG 2.1 text contrast of both themes, measured on the real colours: apply_theme() on a headless ImGui context
// and palette(). Every (text colour, background it is drawn on) pairing the views use is listed as data; normal
// text needs >= 4.5:1 (WCAG AA 1.4.3). TextDisabled too: the views use it for information (hints, ages).
// AGENTDESK_CONTRAST_TABLE=1 prints the table (the figures in docs/desktop-platform.md, "Contrast").
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "desktop/views/theme.hpp"
#include "imgui_headless.hpp"

namespace {

double linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

// WCAG 2.1 relative luminance of an opaque sRGB colour (components 0..1).
double luminance(ImVec4 c) { return 0.2126 * linear(c.x) + 0.7152 * linear(c.y) + 0.0722 * linear(c.z); }

double contrast(ImVec4 a, ImVec4 b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// `top` (alpha < 1 allowed) drawn over the opaque `under`, as ImGui's blending does.
ImVec4 over(ImVec4 top, ImVec4 under) {
    const float a = top.w;
    return {top.x * a + under.x * (1 - a), top.y * a + under.y * (1 - a), top.z * a + under.z * (1 - a), 1};
}

ImVec4 rgb(int r, int g, int b) { return {r / 255.0f, g / 255.0f, b / 255.0f, 1}; }

struct Pairing {
    std::string name;  // "text on background"
    ImVec4 text, background;
};

// Every pairing of a theme, with backgrounds composited over what they are drawn on.
std::vector<Pairing> pairings(desk::Theme theme) {
    desk::apply_theme(theme);
    const ImGuiStyle& st = ImGui::GetStyle();
    const desk::Palette& p = desk::palette(theme);
    auto col = [&](ImGuiCol c) { return st.Colors[c]; };
    // The canvas is cleared dark/light under the root windows.
    const ImVec4 canvas = theme == desk::Theme::dark ? ImVec4(0, 0, 0, 1) : ImVec4(1, 1, 1, 1);
    const ImVec4 window = over(col(ImGuiCol_WindowBg), canvas);
    const ImVec4 child = over(col(ImGuiCol_ChildBg), window);
    const ImVec4 popup = over(col(ImGuiCol_PopupBg), window);
    const ImVec4 frame = over(col(ImGuiCol_FrameBg), window);
    const ImVec4 ringing = over(p.ringing_bg, window);
    auto soft = [&](ImVec4 c) {  // widgets.cpp soft_pill: 18 % of the colour over WindowBg
        const ImVec4 w = col(ImGuiCol_WindowBg);
        constexpr float t = 0.18f;
        return over(ImVec4(w.x + (c.x - w.x) * t, w.y + (c.y - w.y) * t, w.z + (c.z - w.z) * t, 1), window);
    };
    const ImVec4 text = col(ImGuiCol_Text), disabled = col(ImGuiCol_TextDisabled);
    std::vector<Pairing> out{
        {"Text on WindowBg", text, window},
        {"Text on ChildBg", text, child},
        {"Text on PopupBg", text, popup},
        {"Text on FrameBg", text, frame},
        {"Text on Button", text, over(col(ImGuiCol_Button), window)},
        {"Text on ButtonHovered", text, over(col(ImGuiCol_ButtonHovered), window)},
        {"Text on ButtonActive", text, over(col(ImGuiCol_ButtonActive), window)},
        {"Text on Header", text, over(col(ImGuiCol_Header), window)},
        {"Text on HeaderHovered", text, over(col(ImGuiCol_HeaderHovered), window)},
        {"Text on HeaderActive", text, over(col(ImGuiCol_HeaderActive), window)},
        {"Text on TitleBgActive", text, over(col(ImGuiCol_TitleBgActive), canvas)},
        {"Text on bubble_customer", text, over(p.bubble_customer, child)},
        {"Text on bubble_agent", text, over(p.bubble_agent, child)},
        {"Text on ringing_bg", text, ringing},
        {"Text on Button over ringing_bg", text, over(col(ImGuiCol_Button), ringing)},
        {"on_danger_button on danger_button (call_view)", p.on_danger_button, over(p.danger_button, window)},
        {"on_danger_button on danger_button_hovered", p.on_danger_button, over(p.danger_button_hovered, window)},
        {"on_danger_button on danger_button_active", p.on_danger_button, over(p.danger_button_active, window)},
        {"customer on bubble_customer", p.customer, over(p.bubble_customer, child)},
        {"agent on bubble_agent", p.agent, over(p.bubble_agent, child)},
        {"customer on ringing_bg", p.customer, ringing},
        {"muted on ringing_bg", p.muted, ringing},
        {"warning on ringing_bg", p.warning, ringing},
        {"system on ChildBg", p.system, child},
        {"muted on WindowBg", p.muted, window},
        {"warning on WindowBg", p.warning, window},
        {"danger on WindowBg", p.danger, window},
        {"ok on WindowBg", p.ok, window},
        {"muted on Header (selected chat)", p.muted, over(col(ImGuiCol_Header), window)},
        {"warning on Header (selected chat)", p.warning, over(col(ImGuiCol_Header), window)},
        {"danger on Header (selected chat)", p.danger, over(col(ImGuiCol_Header), window)},
        {"warning on PopupBg", p.warning, popup},
        {"muted on bubble_customer", p.muted, over(p.bubble_customer, child)},
        {"muted on bubble_agent", p.muted, over(p.bubble_agent, child)},
        {"danger on bubble_agent", p.danger, over(p.bubble_agent, child)},
        {"muted on FrameBg", p.muted, frame},
        {"danger on FrameBg", p.danger, frame},
        {"viewer_text on viewer_bg", p.viewer_text, over(p.viewer_bg, window)},
        {"viewer_danger on viewer_bg", p.viewer_danger, over(p.viewer_bg, window)},
        {"badge_text on badge_bg", p.badge_text, over(p.badge_bg, window)},
        {"ok on soft pill", p.ok, soft(p.ok)},
        {"warning on soft pill", p.warning, soft(p.warning)},
        {"muted on soft pill", p.muted, soft(p.muted)},
        {"TextDisabled on WindowBg", disabled, window},
        {"TextDisabled on ringing_bg", disabled, ringing},
        {"TextDisabled on bubble_customer", disabled, over(p.bubble_customer, child)},
        {"TextDisabled on bubble_agent", disabled, over(p.bubble_agent, child)},
        {"TextDisabled on ChildBg", disabled, child},
        {"TextDisabled on Header (selected chat)", disabled, over(col(ImGuiCol_Header), window)},
    };
    for (std::size_t i = 0; i < p.avatar.size(); ++i)
        out.push_back({"avatar_text on avatar[" + std::to_string(i) + "]", p.avatar_text, over(p.avatar[i], child)});
    return out;
}

}  // namespace

TEST_CASE("contrast: the WCAG 2.1 formula against known values") {
    const ImVec4 white(1, 1, 1, 1), black(0, 0, 0, 1);
    CHECK(contrast(white, black) == doctest::Approx(21.0));
    CHECK(contrast(black, white) == doctest::Approx(21.0));
    CHECK(contrast(white, white) == doctest::Approx(1.0));
    CHECK(contrast(rgb(0x77, 0x77, 0x77), white) == doctest::Approx(4.48).epsilon(0.002));
    CHECK(contrast(rgb(0x76, 0x76, 0x76), white) == doctest::Approx(4.54).epsilon(0.002));
    CHECK(contrast(rgb(0xff, 0, 0), white) == doctest::Approx(4.0).epsilon(0.002));
    CHECK(contrast(rgb(0, 0, 0xff), white) == doctest::Approx(8.59).epsilon(0.002));
    CHECK(luminance(rgb(0x80, 0x80, 0x80)) == doctest::Approx(0.2159).epsilon(0.002));
    // Compositing: 50 % white over black is sRGB 0.5, not linear 0.5.
    CHECK(over(ImVec4(1, 1, 1, 0.5f), black).x == doctest::Approx(0.5));
}

TEST_CASE("contrast: every text colour on its background passes WCAG AA (4.5:1) in both themes") {
    desk::test::HeadlessImGui imgui;
    const bool print = std::getenv("AGENTDESK_CONTRAST_TABLE") != nullptr;
    for (desk::Theme theme : {desk::Theme::light, desk::Theme::dark}) {
        const char* theme_name = theme == desk::Theme::dark ? "dark" : "light";
        for (const Pairing& pair : pairings(theme)) {
            const double ratio = contrast(pair.text, pair.background);
            if (print) std::printf("| %s | %s | %.2f |\n", theme_name, pair.name.c_str(), ratio);
            INFO(theme_name, ": ", pair.name, " = ", ratio);
            CHECK(ratio >= 4.5);
        }
    }
}
