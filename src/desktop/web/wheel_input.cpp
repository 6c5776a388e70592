#include "wheel_input.hpp"

#include <emscripten/html5.h>

#include "imgui.h"

namespace desk::web {
namespace {

// One ImGui wheel step is one notch: 100 pixels, 3 lines or 1/80 page of browser scrolling.
constexpr float kPixelsPerStep = 100.0f;
constexpr float kLinesPerStep = 3.0f;
constexpr float kStepsPerPage = 80.0f;

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* event, void*) {
    float steps_per_unit = 1.0f / kPixelsPerStep;
    if (event->deltaMode == DOM_DELTA_LINE) steps_per_unit = 1.0f / kLinesPerStep;
    if (event->deltaMode == DOM_DELTA_PAGE) steps_per_unit = kStepsPerPage;
    // The browser's positive delta scrolls down/right; ImGui's positive wheel scrolls up/left.
    ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(-event->deltaX) * steps_per_unit,
                                      static_cast<float>(-event->deltaY) * steps_per_unit);
    return EM_TRUE;  // the page itself never scrolls
}

}  // namespace

void route_wheel_to_canvas_only() {
    emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
    emscripten_set_wheel_callback("#canvas", nullptr, false, on_wheel);
}

}  // namespace desk::web
