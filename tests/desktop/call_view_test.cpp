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

TEST_CASE("the map keeps a usable height on screen, with and without a call, at the sizes agents use") {
    for (const ImVec2 display : {ImVec2(1280, 720), ImVec2(1440, 900), ImVec2(1920, 1080)}) {
        CAPTURE(display.x);
        CAPTURE(display.y);
        HeadlessImGui imgui(display.x, display.y);
        Harness h;
        auto a = summary("c1");
        a.customer.capabilities = {proto::Capability::phone, proto::Capability::webrtc};
        a.customer.phone = "+4915112345678";
        h.log_in({a});
        h.server(event_with("c1", 1, proto::LocationBody{{52.5, 13.4, 10}}, proto::Role::customer));
        h.s.selected_chat_id = "c1";
        UiState ui;
        for (const bool on_call : {false, true}) {
            CAPTURE(on_call);
            h.s.calls.call = Call{};
            if (on_call) {
                h.s.calls.call.phase = CallPhase::connected;
                h.s.calls.call.mode = proto::CallMode::webrtc;
                h.s.calls.call.chat_id = "c1";
                h.s.calls.call.customer_name = "Max Mustermann";
                h.s.calls.call.connected_at = h.now - 61000;
            }
            Intents intents;
            ui.now = h.now;
            for (int frame = 0; frame < 3; ++frame) imgui.frame([&] { draw_desktop(h.s, ui, intents); });
            ImGuiWindow* contact = window_named("##contact");
            ImGuiWindow* map = window_named("##map_region");
            REQUIRE(contact != nullptr);
            REQUIRE(map != nullptr);
            // Contact Info is as tall as what it shows (no empty half-screen under a call panel) ...
            CHECK(contact->Size.y <= contact->ContentSize.y + 2 * ImGui::GetStyle().WindowPadding.y + 2);
            // ... and the map below it is on screen, whole, above its minimum and at least a quarter of the column (before:
            // 146 px, clamped at its minimum and pushed past the panel, at 1280x720 during a call).
            CHECK(map->Pos.y + map->Size.y <= display.y + 0.5f);
            CHECK(map->Size.y >= 180);
            CHECK(map->Size.y >= (display.y - contact->Pos.y) * 0.25f);
            MESSAGE("contact " << contact->Size.y << " px, map " << map->Size.y << " px");
        }
    }
}
