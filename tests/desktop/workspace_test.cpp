// The workspace an agent arranges: column widths (bounds, storage per agent, restore at login), the borders that
// drag them, the map in the chat's place, and the keyboard help overlay.
#include <doctest/doctest.h>

#include "desktop/core/workspace_layout.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "harness.hpp"
#include "imgui_headless.hpp"

using namespace desk;
using namespace desk::test;

TEST_CASE("column widths stay within their bounds and leave the chat its minimum") {
    CHECK(clamp_columns({100, 100}) == ColumnWidths{kConversationsWidthMin, kCustomerWidthMin});
    CHECK(clamp_columns({5000, 5000}) == ColumnWidths{kConversationsWidthMax, kCustomerWidthMax});
    CHECK(clamp_columns({kConversationsWidthMin, kCustomerWidthMax}) ==
          ColumnWidths{kConversationsWidthMin, kCustomerWidthMax});
    // 1280 px wide: 500 + 700 + 320 do not fit; the customer column gives way first, then the list.
    const ColumnWidths fitted = clamp_columns({500, 700}, 1280);
    CHECK(fitted.conversations == 500);
    CHECK(fitted.customer == doctest::Approx(1280 - 500 - kChatColumnMin));
    const ColumnWidths squeezed = clamp_columns({500, 700}, 700);
    CHECK(squeezed.customer == kCustomerWidthMin);
    CHECK(squeezed.conversations == kConversationsWidthMin);  // and the chat gets what is left
    CHECK(clamp_columns({300, 400}, 1920) == ColumnWidths{300, 400});
}

TEST_CASE("stored column widths round-trip; anything else is refused") {
    const ColumnWidths widths{333, 444};
    CHECK(parse_columns(encode_columns(widths)) == widths);
    CHECK(parse_columns(R"({"conversations":10,"customer":99999})") ==
          ColumnWidths{kConversationsWidthMin, kCustomerWidthMax});
    for (const char* bad :
         {"", "null", "[]", "{}", R"({"conversations":300})", R"({"conversations":"300","customer":1})",
          R"({"conversations":1e999,"customer":300})", "{", "270;320"})
        CHECK_FALSE(parse_columns(bad).has_value());
    CHECK_FALSE(parse_columns(std::string(kColumnWidthsMaxBytes + 1, ' ')).has_value());
    CHECK(columns_storage_key("anna") == "agentdesk.prefs.columns.anna");
}

TEST_CASE("an agent's column widths are stored under their name and restored at their next login") {
    Harness h;
    h.log_in();
    const auto loads = of_type<cmd::StoreLoad>(h.last);
    REQUIRE(loads.size() == 1);
    CHECK(loads[0].key == "agentdesk.prefs.columns.anna");
    CHECK(h.s.columns == ColumnWidths{});

    h.apply(ev::StoredValue{"agentdesk.prefs.columns.anna", R"({"conversations":310,"customer":480})"});
    CHECK(h.s.columns == ColumnWidths{310, 480});
    h.apply(ev::StoredValue{"agentdesk.prefs.columns.bert", R"({"conversations":222,"customer":333})"});
    CHECK(h.s.columns == ColumnWidths{310, 480});  // someone else's
    h.apply(ev::StoredValue{"agentdesk.prefs.columns.anna", "garbage"});
    CHECK(h.s.columns == ColumnWidths{310, 480});  // unreadable: kept

    h.apply(intent::ResizeColumns{{1000, 100}});
    CHECK(h.s.columns == ColumnWidths{kConversationsWidthMax, kCustomerWidthMin});
    const auto stored = of_type<cmd::StoreSet>(h.last);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].key == "agentdesk.prefs.columns.anna");
    CHECK(parse_columns(stored[0].value) == h.s.columns);

    // A resume of the same agent keeps the widths and reads nothing again.
    h.apply(ev::SocketClosed{1006, ""});
    h.apply(ev::SocketOpened{});
    const auto resume = h.sent("agent.resume");
    if (resume.is_object()) {
        h.server(welcome(resume["rid"].get<std::string>()));
        CHECK(of_type<cmd::StoreLoad>(h.last).empty());
        CHECK(h.s.columns == ColumnWidths{kConversationsWidthMax, kCustomerWidthMin});
    }
}

namespace {

void frames(HeadlessImGui& imgui, Harness& h, UiState& ui, Intents& intents, int count = 1) {
    for (int i = 0; i < count; ++i) {
        ui.now = h.now;
        imgui.frame([&] { draw_desktop(h.s, ui, intents); });
    }
}

}  // namespace

TEST_CASE("dragging the column borders resizes the columns and hands the widths to the rules on the drop") {
    HeadlessImGui imgui(1440, 900);
    Harness h;
    h.log_in({summary("c1")});
    h.s.selected_chat_id = "c1";
    UiState ui;
    Intents intents;
    frames(imgui, h, ui, intents, 2);
    ImGuiWindow* list = window_named("##list");
    ImGuiWindow* info = window_named("##info");
    REQUIRE(list != nullptr);
    REQUIRE(info != nullptr);
    // Widths are design px (16 px text); the headless font is ImGui's 13 px one.
    const float scale = ImGui::GetFontSize() / kDesignFontSize;
    CHECK(list->Size.x == doctest::Approx(270 * scale).epsilon(0.01));
    const float info_before = info->Size.x;

    // Grab the border right of the list, drag 80 px to the right, drop.
    ImGuiIO& io = ImGui::GetIO();
    const float border_x = list->Pos.x + list->Size.x + ImGui::GetStyle().ItemSpacing.x * 0.5f;
    const float y = list->Pos.y + 200;
    io.AddMousePosEvent(border_x, y);
    frames(imgui, h, ui, intents);
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
    frames(imgui, h, ui, intents);
    for (int step = 1; step <= 4; ++step) {
        io.AddMousePosEvent(border_x + 20.0f * static_cast<float>(step), y);
        frames(imgui, h, ui, intents);
    }
    frames(imgui, h, ui, intents);  // the list is drawn before its border moves: it follows one frame later
    CHECK(of_type<intent::ResizeColumns>(intents).empty());  // not before the drop
    CHECK(window_named("##list")->Size.x == doctest::Approx(270 * scale + 80).epsilon(0.01));
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    frames(imgui, h, ui, intents);
    auto resized = of_type<intent::ResizeColumns>(intents);
    REQUIRE(resized.size() == 1);
    const float dragged_list = 270 + 80 / scale;
    CHECK(resized[0].widths.conversations == doctest::Approx(dragged_list));
    CHECK(resized[0].widths.customer == doctest::Approx(320));
    h.apply(resized[0]);
    intents.clear();
    frames(imgui, h, ui, intents, 2);
    CHECK(window_named("##list")->Size.x == doctest::Approx(270 * scale + 80).epsilon(0.01));
    CHECK(window_named("##info")->Size.x == doctest::Approx(info_before));  // the chat column gave the room

    // The border between chat and customer column: dragging left widens the customer column.
    ImGuiWindow* chat = window_named("##chat");
    const float border2_x = chat->Pos.x + chat->Size.x + ImGui::GetStyle().ItemSpacing.x * 0.5f;
    io.AddMousePosEvent(border2_x, y);
    frames(imgui, h, ui, intents);
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
    frames(imgui, h, ui, intents);
    for (int step = 1; step <= 5; ++step) {
        io.AddMousePosEvent(border2_x - 20.0f * static_cast<float>(step), y);
        frames(imgui, h, ui, intents);
    }
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    frames(imgui, h, ui, intents);
    resized = of_type<intent::ResizeColumns>(intents);
    REQUIRE(resized.size() == 1);
    CHECK(resized[0].widths.customer == doctest::Approx(320 + 100 / scale));
    CHECK(resized[0].widths.conversations == doctest::Approx(dragged_list));
}

TEST_CASE("the map can take the chat's wide column while the chat goes on beside it") {
    HeadlessImGui imgui(1280, 720);
    Harness h;
    h.log_in({summary("c1")});
    h.server(event_with("c1", 1, proto::LocationBody{{52.5, 13.4, 10}}, proto::Role::customer));
    h.s.selected_chat_id = "c1";
    UiState ui;
    Intents intents;
    frames(imgui, h, ui, intents, 3);
    const float side_map_width = ui.map.x1 - ui.map.x0;
    CHECK(side_map_width < 330);

    ImGui::GetIO().AddKeyEvent(ImGuiMod_Alt, true);
    ImGui::GetIO().AddKeyEvent(ImGuiKey_M, true);
    frames(imgui, h, ui, intents);
    ImGui::GetIO().AddKeyEvent(ImGuiKey_M, false);
    ImGui::GetIO().AddKeyEvent(ImGuiMod_Alt, false);
    frames(imgui, h, ui, intents, 3);
    REQUIRE(ui.map_expanded);
    ImGuiWindow* chat = window_named("##chat");
    REQUIRE(chat != nullptr);
    CHECK(ui.map.x0 >= chat->Pos.x);
    CHECK(ui.map.x1 <= chat->Pos.x + chat->Size.x);
    CHECK(ui.map.x1 - ui.map.x0 > 2 * side_map_width);
    CHECK(ui.map.y1 - ui.map.y0 > 400);
    // ... and the transcript and composer are still on screen, in the customer column.
    CHECK(window_named("##chat_beside_map") != nullptr);
    CHECK(window_named("##chat_beside_map")->Active);
    CHECK(window_named("##transcript") != nullptr);
}

TEST_CASE("F1 opens the keyboard help and Escape closes it") {
    HeadlessImGui imgui(1280, 720);
    Harness h;
    h.log_in({summary("c1")});
    UiState ui;
    Intents intents;
    frames(imgui, h, ui, intents, 2);
    CHECK_FALSE(ui.shortcuts_open);
    ImGui::GetIO().AddKeyEvent(ImGuiKey_F1, true);
    frames(imgui, h, ui, intents);
    ImGui::GetIO().AddKeyEvent(ImGuiKey_F1, false);
    frames(imgui, h, ui, intents, 2);
    CHECK(ui.shortcuts_open);
    ImGuiWindow* help = window_named("Keyboard shortcuts");
    REQUIRE(help != nullptr);
    CHECK(help->Active);
    CHECK(help->Size.x < 1280);
    ImGui::GetIO().AddKeyEvent(ImGuiKey_Escape, true);
    frames(imgui, h, ui, intents);
    ImGui::GetIO().AddKeyEvent(ImGuiKey_Escape, false);
    frames(imgui, h, ui, intents, 2);
    CHECK_FALSE(ui.shortcuts_open);
}

TEST_CASE("Alt+Down and Alt+Up walk the conversation list") {
    HeadlessImGui imgui(1280, 720);
    Harness h;
    h.log_in({summary("c1"), summary("c2", "Erika Musterfrau")});
    h.s.selected_chat_id = "c1";
    UiState ui;
    Intents intents;
    frames(imgui, h, ui, intents);
    ImGui::GetIO().AddKeyEvent(ImGuiMod_Alt, true);
    ImGui::GetIO().AddKeyEvent(ImGuiKey_DownArrow, true);
    frames(imgui, h, ui, intents);
    ImGui::GetIO().AddKeyEvent(ImGuiKey_DownArrow, false);
    ImGui::GetIO().AddKeyEvent(ImGuiMod_Alt, false);
    frames(imgui, h, ui, intents);
    const auto selected = of_type<intent::SelectChat>(intents);
    REQUIRE(selected.size() == 1);
    CHECK(selected[0].chat_id == "c2");
}
