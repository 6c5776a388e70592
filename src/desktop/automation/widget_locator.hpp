// Widget locator: where each labelled ImGui widget was drawn on the last frame, for end-to-end tests and other
// automation that must click "Accept" or type into "Message" the way a person would, without knowing layout.
//
// It rides on Dear ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE, defined for agentdesk_imgui): every
// widget with an id reports its label and rectangle. Recording is off unless enabled, and then costs one small
// vector append per visible widget per drawn frame (ImGui only submits visible rows, so this is bounded by the
// screen, not by history).
#pragma once

#include <string>

struct ImGuiContext;

namespace desk::automation {

// Turns recording on or off for `context` (ImGui's current context when null).
void set_widget_recording(bool enabled, ImGuiContext* context = nullptr);

// Call once per frame right after ImGui::NewFrame(): starts recording the new frame.
void begin_widget_frame();

// The widgets of the last complete frame as a JSON array: [{"label":"Accept##o9","text":"Accept",
//  "window":"Offers","id":123,"x":10,"y":20,"w":80,"h":24,"disabled":false}], coordinates in ImGui display
// pixels, clipped to the widget's window. Between frames that is the frame just drawn; during a frame, the one
// before it.
std::string widgets_json();

}  // namespace desk::automation
