#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "desktop/automation/widget_locator.hpp"

#include <imgui.h>

#include "desktop/imgui_headless.hpp"
#include <nlohmann/json.hpp>

namespace {

using desk::test::HeadlessImGui;

// One frame with its widgets recorded, `body` inside a 400x200 window "Offers" at the origin.
template <typename Body>
void offers_frame(HeadlessImGui& imgui, Body&& body) {
    imgui.frame([&] {
        desk::automation::begin_widget_frame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(400, 200));
        ImGui::Begin("Offers");
        body();
        ImGui::End();
    });
}

// One frame of the windows `body` draws, with its widgets recorded; returns them as read between frames.
template <typename Body>
nlohmann::json recorded_frame(HeadlessImGui& imgui, Body&& body) {
    imgui.frame([&] {
        desk::automation::begin_widget_frame();
        body();
    });
    return nlohmann::json::parse(desk::automation::widgets_json());
}

nlohmann::json find(const nlohmann::json& widgets, const std::string& text) {
    for (const auto& widget : widgets)
        if (widget["text"] == text) return widget;
    return nullptr;
}

}  // namespace

TEST_CASE("widgets of the frame just drawn are published with label, window and rectangle") {
    HeadlessImGui imgui(800, 600);
    desk::automation::set_widget_recording(true);
    offers_frame(imgui, [] {
        ImGui::Button("Accept##o9");
        ImGui::Button("Decline##o9");
    });

    // Read between frames, as the browser does: render on demand may draw no further frame for a long time.
    const auto widgets = nlohmann::json::parse(desk::automation::widgets_json());
    const auto accept = find(widgets, "Accept");
    REQUIRE(accept.is_object());
    CHECK(accept["label"] == "Accept##o9");
    CHECK(accept["window"] == "Offers");
    CHECK(accept["w"].get<float>() > 10.0f);
    const auto decline = find(widgets, "Decline");
    REQUIRE(decline.is_object());
    CHECK(decline["y"].get<float>() > accept["y"].get<float>());
    CHECK(accept["disabled"] == false);
}

TEST_CASE("a frame in progress reports the previous complete frame, never half a frame") {
    HeadlessImGui imgui(800, 600);
    desk::automation::set_widget_recording(true);
    offers_frame(imgui, [] { ImGui::Button("Accept##o9"); });
    nlohmann::json during;
    offers_frame(imgui, [&] {
        ImGui::Button("Send");
        during = nlohmann::json::parse(desk::automation::widgets_json());
    });
    CHECK(find(during, "Accept").is_object());
    CHECK(find(during, "Send").is_null());
    const auto after = nlohmann::json::parse(desk::automation::widgets_json());
    CHECK(find(after, "Send").is_object());
    CHECK(find(after, "Accept").is_null());
}

TEST_CASE("disabled widgets say so") {
    HeadlessImGui imgui(800, 600);
    desk::automation::set_widget_recording(true);
    offers_frame(imgui, [] {
        ImGui::BeginDisabled();
        ImGui::Button("Go Ready");
        ImGui::EndDisabled();
        ImGui::Button("Log out");
    });
    const auto widgets = nlohmann::json::parse(desk::automation::widgets_json());
    CHECK(find(widgets, "Go Ready")["disabled"] == true);
    CHECK(find(widgets, "Log out")["disabled"] == false);
}

TEST_CASE("widgets scrolled out of their window are not published") {
    HeadlessImGui imgui(800, 600);
    desk::automation::set_widget_recording(true);
    auto rows = [] {
        for (int row = 0; row < 100; ++row) ImGui::Button(("Row " + std::to_string(row)).c_str());
    };
    offers_frame(imgui, rows);
    const auto widgets = nlohmann::json::parse(desk::automation::widgets_json());
    CHECK(find(widgets, "Row 0").is_object());
    CHECK(find(widgets, "Row 99").is_null());
    CHECK(widgets.size() < 20);
}

TEST_CASE("recording off publishes nothing") {
    HeadlessImGui imgui(800, 600);
    desk::automation::set_widget_recording(false);
    offers_frame(imgui, [] { ImGui::Button("Accept"); });
    CHECK(desk::automation::widgets_json() == "[]");
}

TEST_CASE("widgets of a window not shown yet (an auto-sized window's first frame) are not published") {
    HeadlessImGui imgui(800, 600);
    desk::automation::set_widget_recording(true);
    auto frame = [&] {
        return recorded_frame(imgui, [] {
            // Centred by its pivot, height from its content: unknown on the first frame, which ImGui does not show.
            ImGui::SetNextWindowPos(ImVec2(400, 240), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
            ImGui::SetNextWindowSize(ImVec2(300, 0));
            ImGui::Begin("Log in");
            ImGui::Button("Field one");
            ImGui::Button("Field two");
            ImGui::Button("Log in##button");
            ImGui::End();
        });
    };
    CHECK(find(frame(), "Field one").is_null());
    const auto shown = find(frame(), "Field one");
    REQUIRE(shown.is_object());
    // Where it is drawn from now on.
    const auto again = find(frame(), "Field one");
    CHECK(again["y"].get<float>() == doctest::Approx(shown["y"].get<float>()));
    desk::automation::set_widget_recording(false);
}

TEST_CASE("a window is published with its own rectangle, not the one of the item before it") {
    // The login window is centred by its pivot; the record of the window itself once carried the rectangle of
    // ImGui's implicit "Debug" window's title bar (60,60 400x22), the last item before its Begin.
    HeadlessImGui imgui(1440, 900);
    desk::automation::set_widget_recording(true);
    ImVec2 drawn_pos, drawn_size;
    auto frame = [&] {
        return recorded_frame(imgui, [&] {
            ImGui::SetNextWindowPos(ImVec2(720, 360), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
            ImGui::SetNextWindowSize(ImVec2(360, 0));
            ImGui::Begin("Agent Desktop - Log in");
            ImGui::Button("Log in##button");
            drawn_pos = ImGui::GetWindowPos();
            drawn_size = ImGui::GetWindowSize();
            ImGui::End();
        });
    };
    // First frame: the window's size is not known, ImGui lays it out at its default 60,60 and does not show it.
    const auto first = frame();
    CHECK(find(first, "Agent Desktop - Log in").is_null());
    CHECK(find(first, "Debug").is_null());
    const auto widgets = frame();
    CHECK(find(widgets, "Debug").is_null());
    const auto window = find(widgets, "Agent Desktop - Log in");
    REQUIRE(window.is_object());
    CHECK(window["x"].get<float>() == doctest::Approx(drawn_pos.x));
    CHECK(window["y"].get<float>() == doctest::Approx(drawn_pos.y));
    CHECK(window["w"].get<float>() == doctest::Approx(drawn_size.x));
    CHECK(window["h"].get<float>() == doctest::Approx(drawn_size.y));
    CHECK(window["x"].get<float>() == doctest::Approx(720 - 180));
    desk::automation::set_widget_recording(false);
}
