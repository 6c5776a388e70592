// One frame of the whole desktop in a headless ImGui context, for the view tests.
#pragma once

#include <functional>
#include <string>

#include "imgui_internal.h"

#include "desktop/automation/widget_locator.hpp"
#include "desktop/views/views.hpp"
#include "imgui_headless.hpp"

namespace desk::test {

// The text `draw` put on screen in one frame (only items that were not clipped), through ImGui's log capture, in a
// window of its own `size`: ImGui ends a capture at the end of any top-level window.
inline std::string drawn_text(HeadlessImGui& imgui, ImVec2 size, const std::function<void()>& draw) {
    std::string text;
    imgui.frame([&] {
        ImGui::SetNextWindowSize(size);
        ImGui::Begin("Drawn text");
        ImGui::LogToBuffer();
        draw();
        text = ImGui::GetCurrentContext()->LogBuffer.c_str();
        ImGui::LogFinish();
        ImGui::End();
    });
    return text;
}

// Draws the desktop at `now` and returns what the views asked for.
inline Intents draw_desktop_frame(HeadlessImGui& imgui, const State& s, UiState& ui, double now) {
    Intents intents;
    ui.now = now;
    imgui.frame([&] { draw_desktop(s, ui, intents); });
    return intents;
}

// The same, with the frame's widgets published for automation::widgets_json(), as the web platform's frame does.
inline Intents draw_recorded_frame(HeadlessImGui& imgui, const State& s, UiState& ui, double now) {
    Intents intents;
    ui.now = now;
    imgui.frame([&] {
        automation::begin_widget_frame();
        draw_desktop(s, ui, intents);
    });
    return intents;
}

}  // namespace desk::test
