#include "desktop/automation/widget_locator.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdarg>
#include <string>
#include <vector>

namespace desk::automation {
namespace {

struct WidgetRecord {
    ImGuiID id;
    std::string label;
    std::string window;
    ImRect rect;
    bool disabled;
    // A window's own record: Begin reports it before it has placed the window (an auto-sized window's first
    // frame is still at ImGui's default 60,60) and before it knows whether the window is shown this frame, so
    // its rectangle is taken once the frame is complete (settle_windows).
    bool is_window = false;
};

// Written by the hooks during a frame; swapped into `published` at the next frame's start so readers always see
// one complete frame.
std::vector<WidgetRecord> recording;
std::vector<WidgetRecord> published;

// Between frames (where the browser's JS reads) the frame just drawn is complete: with render on demand it may
// be the last one for a long while, so it is the one to report. Inside a frame only the previous one is.
// Gives the window records of a complete frame the windows' final rectangles; drops windows that were not shown
// and ImGui's implicit "Debug" window (never drawn without content of its own).
void settle_windows(std::vector<WidgetRecord>& records) {
    std::erase_if(records, [](WidgetRecord& record) {
        if (!record.is_window) return false;
        ImGuiWindow* window = ImGui::FindWindowByID(record.id);
        if (!window || window->Hidden || window->IsFallbackWindow) return true;
        ImRect visible = window->Rect();
        visible.ClipWithFull(ImRect(ImVec2(0, 0), ImGui::GetIO().DisplaySize));
        record.rect = visible;
        record.is_window = false;  // settled: its rectangle is final
        return visible.GetWidth() <= 0.0f || visible.GetHeight() <= 0.0f;
    });
}

const std::vector<WidgetRecord>& last_complete_frame() {
    const ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (ctx && !ctx->WithinFrameScope) {
        settle_windows(recording);
        return recording;
    }
    return published;
}

std::string visible_text(const std::string& label) {
    const auto hidden = label.find("##");
    return hidden == std::string::npos ? label : label.substr(0, hidden);
}

}  // namespace

void set_widget_recording(bool enabled, ImGuiContext* context) {
    ImGuiContext* ctx = context ? context : ImGui::GetCurrentContext();
    if (ctx) ctx->TestEngineHookItems = enabled;
    if (!enabled) {
        recording.clear();
        published.clear();
    }
}

void begin_widget_frame() {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (!ctx || !ctx->TestEngineHookItems) return;
    settle_windows(recording);
    published.swap(recording);
    recording.clear();
}

std::string widgets_json() {
    nlohmann::json list = nlohmann::json::array();
    for (const WidgetRecord& widget : last_complete_frame()) {
        list.push_back({{"label", widget.label},
                        {"text", visible_text(widget.label)},
                        {"window", widget.window},
                        {"id", widget.id},
                        {"x", widget.rect.Min.x},
                        {"y", widget.rect.Min.y},
                        {"w", widget.rect.GetWidth()},
                        {"h", widget.rect.GetHeight()},
                        {"disabled", widget.disabled}});
    }
    return list.dump();
}

}  // namespace desk::automation

// Dear ImGui's test-engine hooks (declared in imgui_internal.h). Only ItemInfo carries a label; it is called right
// after the item was added, so LastItemData holds its rectangle.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, ImGuiID, const ImRect&, const ImGuiLastItemData*) {}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
    if (!label || !ctx->CurrentWindow) return;
    ImGuiWindow* window = ctx->CurrentWindow;
    if (id == window->ID) {
        desk::automation::recording.push_back({id, label, window->Name, ImRect(), false, true});
        return;
    }
    // A window ImGui lays out but does not show this frame (the first frame of an auto-sized window, whose size and
    // so its pivot-centred position are not known yet) has no widgets on screen: a click on its rectangles would
    // land where the window will not be. (Within the window's items, Hidden is already this frame's.)
    if (window->Hidden || window->RootWindow->Hidden) return;
    ImRect visible = ctx->LastItemData.Rect;
    visible.ClipWithFull(window->ClipRect);
    if (visible.GetWidth() <= 0.0f || visible.GetHeight() <= 0.0f) return;
    const bool disabled = (ctx->LastItemData.InFlags & ImGuiItemFlags_Disabled) != 0;
    desk::automation::recording.push_back({id, label, window->Name, visible, disabled});
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
