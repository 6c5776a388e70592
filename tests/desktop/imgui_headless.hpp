// A Dear ImGui context without a renderer: frames are built and "rendered" to draw lists nobody displays.
#pragma once

#include <cstring>

#include "imgui.h"
#include "imgui_internal.h"

namespace desk::test {

class HeadlessImGui {
public:
    HeadlessImGui(float width = 1280, float height = 800) {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(width, height);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the default font atlas
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

    template <class DrawFn>
    void frame(DrawFn&& draw) {
        ImGui::NewFrame();
        draw();
        ImGui::Render();
    }
};

// The first window whose ImGui name contains `part` (children are named "parent/##child_ID").
inline ImGuiWindow* window_named(const char* part) {
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if (std::strstr(w->Name, part)) return w;
    return nullptr;
}

}  // namespace desk::test
