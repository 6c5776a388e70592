// The call panel and the call bar in a headless ImGui context: every phase draws (ImGui checks its id and
// stack rules on each frame), for the chat on the call and for another chat.
#include <doctest/doctest.h>

#include "desktop/views/views.hpp"
#include "harness.hpp"
#include "imgui_headless.hpp"

using namespace desk;
using namespace desk::test;

TEST_CASE("call panel and call bar draw in every phase") {
    HeadlessImGui imgui;
    Harness h;
    auto a = summary("c1");
    a.customer.capabilities = {proto::Capability::phone, proto::Capability::webrtc};
    auto b = summary("c2", "Erika Musterfrau");
    h.log_in({a, b});
    UiState ui;
    h.s.calls.devices.inputs = {{"mic1", "Headset"}};
    h.s.calls.devices.can_choose_output = true;
    h.s.calls.devices.outputs = {{"spk1", "Speakers"}};
    for (auto phase : {CallPhase::idle, CallPhase::requesting, CallPhase::ringing, CallPhase::connecting,
                       CallPhase::connected, CallPhase::on_hold, CallPhase::ended, CallPhase::failed}) {
        for (auto mode : {proto::CallMode::phone, proto::CallMode::webrtc}) {
            for (const char* selected : {"c1", "c2"}) {
                const std::string phase_name(to_string(phase));
                CAPTURE(phase_name);
                h.s.calls.call = Call{};
                h.s.calls.call.phase = phase;
                h.s.calls.call.mode = mode;
                h.s.calls.call.chat_id = "c1";
                h.s.calls.call.customer_name = "Max Mustermann";
                h.s.calls.call.connected_at = h.now - 61000;
                h.s.calls.call.reason = phase == CallPhase::failed ? "ice_failed" : "agent";
                h.s.calls.call.quality = CallQuality{42, 0.5, 4, 1000, 1000, h.now};
                h.s.selected_chat_id = selected;
                Intents intents;
                ui.now = h.now;
                imgui.frame([&] { draw_desktop(h.s, ui, intents); });
                imgui.frame([&] { draw_desktop(h.s, ui, intents); });
                for (const auto& i : intents)
                    CHECK_FALSE(std::holds_alternative<intent::CallControl>(i));  // drawing alone dials nothing
            }
        }
    }
}
