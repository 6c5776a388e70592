// The soft-wrapped editors in a headless ImGui context, typed into as an agent would: the wrap-up notes and the
// composer wrap long text at their width (ImGui never scrolls them sideways, every line fits), and what is filed
// or sent is exactly what was typed. Before the soft wrap, a long note was one line scrolled to its end.
#include <doctest/doctest.h>

#include <algorithm>
#include <string_view>

#include <nlohmann/json.hpp>

#include "desktop/automation/widget_locator.hpp"
#include "desktop/views/views.hpp"
#include "desktop_frame.hpp"
#include "harness.hpp"
#include "imgui_headless.hpp"

using namespace desk;
using namespace desk::test;

namespace {

const std::vector<std::string> kSentences = {
    "Rear-end collision on the A100 near the Funkturm, nobody was hurt. ",
    "The customer sent two photos of the dented rear bumper and the broken tail light. ",
    "Claim KFZ-2231-77 opened; a tow truck was offered but the car can still be driven. ",
    "Stra\xC3\x9F"
    "enverkehrsordnung explained, follow-up call tomorrow morning."};

nlohmann::json widget_labelled(const std::string& label) {
    nlohmann::json found;
    for (const auto& widget : nlohmann::json::parse(automation::widgets_json()))
        if (widget["label"] == label || widget["text"] == label) found = widget;  // the last drawn wins
    return found;
}

Intents click(HeadlessImGui& imgui, const State& s, UiState& ui, double now, const std::string& label) {
    const nlohmann::json widget = widget_labelled(label);
    REQUIRE_MESSAGE(widget.is_object(), label);
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(widget["x"].get<float>() + widget["w"].get<float>() / 2,
                        widget["y"].get<float>() + widget["h"].get<float>() / 2);
    Intents intents = draw_recorded_frame(imgui, s, ui, now);
    io.AddMouseButtonEvent(0, true);
    for (auto& i : draw_recorded_frame(imgui, s, ui, now)) intents.push_back(i);
    io.AddMouseButtonEvent(0, false);
    for (auto& i : draw_recorded_frame(imgui, s, ui, now)) intents.push_back(i);
    return intents;
}

void press(HeadlessImGui& imgui, const State& s, UiState& ui, double now, ImGuiKey key, bool shift, Intents* out) {
    ImGuiIO& io = ImGui::GetIO();
    if (shift) io.AddKeyEvent(ImGuiMod_Shift, true);
    io.AddKeyEvent(key, true);
    Intents intents = draw_recorded_frame(imgui, s, ui, now);
    io.AddKeyEvent(key, false);
    if (shift) io.AddKeyEvent(ImGuiMod_Shift, false);
    for (auto& i : draw_recorded_frame(imgui, s, ui, now)) intents.push_back(i);
    if (out) *out = std::move(intents);
}

// What ImGui itself holds and shows for the field being edited: no sideways scroll, and each of its lines (it
// breaks only at '\n') fits between the frame's paddings, left of the scrollbar.
void check_editor_fits(const char* label) {
    const nlohmann::json widget = widget_labelled(label);
    REQUIRE(widget.is_object());
    const ImGuiInputTextState* state = ImGui::GetInputTextState(widget["id"].get<ImGuiID>());
    REQUIRE_MESSAGE(state != nullptr, label, " has the keyboard");
    CHECK(state->ScrollX == 0.0f);
    ImGuiWindow* frame = window_named(label);
    REQUIRE(frame != nullptr);
    const float room = frame->Size.x - frame->ScrollbarSizes.x - ImGui::GetStyle().FramePadding.x * 2;
    const std::string shown(state->TextA.Data, static_cast<std::size_t>(state->CurLenA));
    std::size_t start = 0;
    while (start <= shown.size()) {
        std::size_t end = shown.find('\n', start);
        if (end == std::string::npos) end = shown.size();
        const char* line = shown.data() + start;
        const float width =
            ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, 0, line, line + (end - start)).x;
        CAPTURE(std::string(line, end - start));
        CHECK(width <= room);
        start = end + 1;
    }
}

std::size_t lines_shown(const char* label) {
    const ImGuiInputTextState* state = ImGui::GetInputTextState(widget_labelled(label)["id"].get<ImGuiID>());
    REQUIRE(state != nullptr);
    return 1 + static_cast<std::size_t>(std::count(state->TextA.Data, state->TextA.Data + state->CurLenA, '\n'));
}

}  // namespace

TEST_CASE("wrap-up notes wrap at the dialog's width and are filed exactly as typed") {
    HeadlessImGui imgui(1280, 800);
    automation::set_widget_recording(true);
    Harness h;
    h.log_in({summary("c1"), summary("c2", "Erika")});
    h.server(event_with("c2", 1, proto::EndedBody{proto::Role::customer, ""}));
    UiState ui;
    ui.wrapup_chat = "c2";
    for (int frame = 0; frame < 3; ++frame) draw_recorded_frame(imgui, h.s, ui, h.now);
    click(imgui, h.s, ui, h.now, "##notes");

    ImGuiIO& io = ImGui::GetIO();
    std::string typed;
    for (const auto& sentence : kSentences) {
        // Word by word, a frame each, as fast typing arrives: every frame re-wraps what came in.
        for (std::size_t at = 0; at < sentence.size();) {
            const std::size_t space = sentence.find(' ', at);
            const std::size_t end = space == std::string::npos ? sentence.size() : space + 1;
            io.AddInputCharactersUTF8(sentence.substr(at, end - at).c_str());
            typed += sentence.substr(at, end - at);
            at = end;
            draw_recorded_frame(imgui, h.s, ui, h.now);
            REQUIRE(ui.wrapup_notes == typed);
            check_editor_fits("##notes");
        }
    }
    CHECK(lines_shown("##notes") >= 4);  // several sentences, several lines
    CHECK(ui.wrapup_notes.find('\n') == std::string::npos);

    // Shift+Enter: a real new line, kept in the notes.
    press(imgui, h.s, ui, h.now, ImGuiKey_Enter, true, nullptr);
    io.AddInputCharactersUTF8("Second paragraph.");
    draw_recorded_frame(imgui, h.s, ui, h.now);
    typed += "\nSecond paragraph.";
    CHECK(ui.wrapup_notes == typed);
    check_editor_fits("##notes");

    // Backspace at the start of the second line takes the space the soft break stands for, as it looks; typed
    // back, the notes are as before.
    const ImGuiInputTextState* state = ImGui::GetInputTextState(widget_labelled("##notes")["id"].get<ImGuiID>());
    REQUIRE(state != nullptr);
    const std::size_t first_break = std::string_view(state->TextA.Data).find('\n');
    REQUIRE(typed[first_break] == ' ');  // the first line holds whole words: display and logical offsets agree
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    press(imgui, h.s, ui, h.now, ImGuiKey_Home, false, nullptr);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
    press(imgui, h.s, ui, h.now, ImGuiKey_DownArrow, false, nullptr);
    press(imgui, h.s, ui, h.now, ImGuiKey_Backspace, false, nullptr);
    CHECK(ui.wrapup_notes == typed.substr(0, first_break) + typed.substr(first_break + 1));
    io.AddInputCharactersUTF8(" ");
    draw_recorded_frame(imgui, h.s, ui, h.now);
    CHECK(ui.wrapup_notes == typed);
    check_editor_fits("##notes");

    // Copying the whole note copies what was typed, not the display's soft breaks.
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    press(imgui, h.s, ui, h.now, ImGuiKey_A, false, nullptr);
    press(imgui, h.s, ui, h.now, ImGuiKey_C, false, nullptr);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
    draw_recorded_frame(imgui, h.s, ui, h.now);
    CHECK(std::string(ImGui::GetClipboardText()) == typed);

    ui.wrapup_disposition = 0;
    const Intents intents = click(imgui, h.s, ui, h.now, "File wrap-up");
    const intent::FileWrapup* filed = nullptr;
    for (const auto& i : intents)
        if ((filed = std::get_if<intent::FileWrapup>(&i))) break;
    REQUIRE(filed != nullptr);
    CHECK(filed->notes == typed);
    automation::set_widget_recording(false);
}

TEST_CASE("composer: a long message wraps, Enter sends it as typed, Tab completes /shortcut, resizing re-wraps") {
    HeadlessImGui imgui(1280, 800);
    automation::set_widget_recording(true);
    Harness h;
    h.log_in({summary("c1", "Max")});
    UiState ui;
    draw_recorded_frame(imgui, h.s, ui, h.now);
    draw_recorded_frame(imgui, h.s, ui, h.now);
    ui.focus_composer = true;
    draw_recorded_frame(imgui, h.s, ui, h.now);
    draw_recorded_frame(imgui, h.s, ui, h.now);
    ImGuiIO& io = ImGui::GetIO();

    std::string typed;
    for (const auto& sentence : kSentences) {
        io.AddInputCharactersUTF8(sentence.c_str());
        typed += sentence;
        draw_recorded_frame(imgui, h.s, ui, h.now);
        REQUIRE(ui.drafts["c1"] == typed);
        check_editor_fits("##composer");
    }
    CHECK(lines_shown("##composer") >= 3);

    // A narrower window (a resized browser) narrows the chat column: the draft re-wraps, unchanged.
    const std::size_t wide_lines = lines_shown("##composer");
    io.DisplaySize = ImVec2(1024, 800);
    draw_recorded_frame(imgui, h.s, ui, h.now);
    draw_recorded_frame(imgui, h.s, ui, h.now);
    check_editor_fits("##composer");
    CHECK(lines_shown("##composer") > wide_lines);
    CHECK(ui.drafts["c1"] == typed);

    // Ctrl+Z takes back the last edit (the last sentence), Ctrl+Y brings it back.
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    press(imgui, h.s, ui, h.now, ImGuiKey_Z, false, nullptr);
    CHECK(ui.drafts["c1"] == typed.substr(0, typed.size() - kSentences.back().size()));
    press(imgui, h.s, ui, h.now, ImGuiKey_Y, false, nullptr);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
    draw_recorded_frame(imgui, h.s, ui, h.now);
    CHECK(ui.drafts["c1"] == typed);

    Intents intents;
    press(imgui, h.s, ui, h.now, ImGuiKey_Enter, false, &intents);
    std::string sent;
    for (const auto& i : intents)
        if (const auto* send = std::get_if<intent::SendText>(&i)) sent = send->text;
    CHECK(sent == typed);
    CHECK(ui.drafts["c1"].empty());
    CHECK(lines_shown("##composer") == 1);

    io.AddInputCharactersUTF8("/hel");
    draw_recorded_frame(imgui, h.s, ui, h.now);
    press(imgui, h.s, ui, h.now, ImGuiKey_Tab, false, &intents);
    CHECK(ui.drafts["c1"] == "Hello Max, I am Anna Berger.");
    for (const auto& i : intents) CHECK_FALSE(std::holds_alternative<intent::SendText>(i));
    io.AddInputCharactersUTF8(" How can I help?");
    draw_recorded_frame(imgui, h.s, ui, h.now);
    CHECK(ui.drafts["c1"] == "Hello Max, I am Anna Berger. How can I help?");
    automation::set_widget_recording(false);
}
