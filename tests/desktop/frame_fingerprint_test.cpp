// The frame fingerprint (src/desktop/web/frame_fingerprint.cpp) decides whether the browser renders a frame: equal
// for frames that look the same, different for any change a person could see.
#include <doctest/doctest.h>

#include "desktop/views/views.hpp"
#include "harness.hpp"
#include "imgui_headless.hpp"
#include "desktop/web/frame_fingerprint.hpp"

using namespace desk;
using namespace desk::test;

namespace {

const float kClear[4] = {0.1f, 0.1f, 0.1f, 1.0f};

std::uint64_t fingerprint_of(HeadlessImGui& imgui, const State& s, UiState& ui, int width = 1440, int height = 900,
                             const float* clear = kClear) {
    Intents intents;
    imgui.frame([&] { draw_desktop(s, ui, intents); });
    return web::frame_fingerprint(*ImGui::GetDrawData(), width, height, clear);
}

}  // namespace

TEST_CASE("frame fingerprint: the same picture twice is equal; a new message, a size or a colour is not") {
    HeadlessImGui imgui(1440, 900);
    Harness h;
    h.log_in({summary("c1")});
    h.server(text_event("c1", 1, proto::Role::customer, "Hallo, ich hatte einen Unfall."));
    UiState ui;
    ui.now = h.now;
    for (int i = 0; i < 3; ++i) fingerprint_of(imgui, h.s, ui);  // layout and scroll settle
    const auto settled = fingerprint_of(imgui, h.s, ui);
    CHECK(fingerprint_of(imgui, h.s, ui) == settled);

    CHECK(fingerprint_of(imgui, h.s, ui, 1441, 900) != settled);  // the canvas changed size
    const float other_clear[4] = {0.2f, 0.1f, 0.1f, 1.0f};
    CHECK(fingerprint_of(imgui, h.s, ui, 1440, 900, other_clear) != settled);

    h.server(text_event("c1", 2, proto::Role::customer, "Hallo, ich hatte einen Unfall!"));  // one character differs
    const auto with_message = fingerprint_of(imgui, h.s, ui);
    CHECK(with_message != settled);

    // A texture name alone (same geometry) changes it: a photo texture replaced by another.
    ImDrawData& data = *ImGui::GetDrawData();
    REQUIRE(data.CmdLists.Size > 0);
    const auto before = web::frame_fingerprint(data, 1440, 900, kClear);
    ImDrawCmd& command = data.CmdLists[0]->CmdBuffer[0];
    const ImTextureID texture = command.TextureId;
    command.TextureId = reinterpret_cast<ImTextureID>(reinterpret_cast<std::intptr_t>(texture) + 1);
    CHECK(web::frame_fingerprint(data, 1440, 900, kClear) != before);
    command.TextureId = texture;
    CHECK(web::frame_fingerprint(data, 1440, 900, kClear) == before);
}
