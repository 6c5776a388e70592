// The action buttons' icons (src/desktop/views/icons.hpp, widgets.hpp icon_button): the header's constants are
// exactly the code points the build cuts the icon font to, an icon button reports its plain label to automation
// while drawing the icon glyph, and widths that are measured include the icon. Without the icon in the font (the
// icon font did not load) the buttons are the plain labelled buttons they were.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "imgui_internal.h"
#include <nlohmann/json.hpp>

#include "desktop/automation/widget_locator.hpp"
#include "desktop/views/icons.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"
#include "harness.hpp"
#include "imgui_headless.hpp"

using namespace desk;
using namespace desk::test;

namespace {

unsigned codepoint_of(const char* utf8, int* bytes_used = nullptr) {
    unsigned int c = 0;
    const int used = ImTextCharFromUtf8(&c, utf8, nullptr);
    if (bytes_used) *bytes_used = used;
    return c;
}

// What the build subsets the font to: icons.cmake's reading of icons.hpp, as "U+F095,U+F03D,…".
std::set<unsigned> subset_list() {
    std::set<unsigned> out;
    std::stringstream list(AGENTDESK_ICON_UNICODES);
    std::string item;
    while (std::getline(list, item, ',')) {
        REQUIRE(item.rfind("U+", 0) == 0);
        out.insert(static_cast<unsigned>(std::stoul(item.substr(2), nullptr, 16)));
    }
    return out;
}

// The headless context's built-in font plus a stand-in glyph for every icon, as the web platform merges the icon
// font into the UI font.
void add_icon_glyphs() {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    ImFont* font = atlas->AddFontDefault();
    for (const char* icon : icons::kAll)
        atlas->AddCustomRectFontGlyph(font, static_cast<ImWchar>(codepoint_of(icon)), 11, 11, 13.0f, ImVec2(1, 1));
    atlas->Build();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    atlas->GetTexDataAsRGBA32(&pixels, &w, &h);
}

// True when the last rendered frame drew `icon`'s glyph (a vertex with the glyph's top-left texture coordinate).
bool frame_drew_glyph(const char* icon) {
    const ImFontGlyph* glyph =
        ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(codepoint_of(icon)));
    REQUIRE(glyph != nullptr);
    const ImDrawData* data = ImGui::GetDrawData();
    for (int l = 0; l < data->CmdListsCount; ++l)
        for (const ImDrawVert& v : data->CmdLists[l]->VtxBuffer)
            if (v.uv.x == glyph->U0 && v.uv.y == glyph->V0) return true;
    return false;
}

nlohmann::json widget_with_text(const std::string& text) {
    for (const auto& widget : nlohmann::json::parse(automation::widgets_json()))
        if (widget["text"] == text) return widget;
    return nullptr;
}

// One window with one icon button; returns whether it was clicked.
bool draw_button(HeadlessImGui& imgui, const char* icon, const char* label) {
    bool clicked = false;
    imgui.frame([&] {
        automation::begin_widget_frame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(600, 200));
        ImGui::Begin("Buttons");
        clicked = icon_button(icon, label);
        ImGui::End();
    });
    return clicked;
}

float label_button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

}  // namespace

TEST_CASE("every icon constant is one code point of Font Awesome 4.7's block, and exactly the subset's list") {
    const std::set<unsigned> subset = subset_list();
    std::set<unsigned> constants;
    for (const char* icon : icons::kAll) {
        int used = 0;
        const unsigned c = codepoint_of(icon, &used);
        CAPTURE(c);
        CHECK(used == static_cast<int>(std::char_traits<char>::length(icon)));  // one character, nothing else
        CHECK(c >= icons::kFirstCodepoint);
        CHECK(c <= icons::kLastCodepoint);
        CHECK(subset.count(c) == 1);        // in the font the build cuts
        CHECK(constants.insert(c).second);  // no icon twice
    }
    // Every code point the font is cut to is a constant in kAll (none forgotten in the list tests and views use).
    CHECK(constants == subset);
}

TEST_CASE("an icon button reports its plain label, draws the icon glyph and is wider by the icon") {
    HeadlessImGui imgui(800, 600);
    automation::set_widget_recording(true);
    add_icon_glyphs();
    draw_button(imgui, icons::kAttach, "Attach file");
    draw_button(imgui, icons::kAttach, "Attach file");  // the second frame: the window has its size

    const nlohmann::json widget = widget_with_text("Attach file");
    REQUIRE(widget.is_object());
    CHECK(widget["label"] == "Attach file");  // not "\uF0C6 Attach file": tests and screen readers see the words
    CHECK(frame_drew_glyph(icons::kAttach));
    const float prefix = icon_prefix_width(icons::kAttach);
    CHECK(prefix == doctest::Approx(13.0f + scaled(5)));  // the glyph's advance and the gap
    CHECK(widget["w"].get<float>() == doctest::Approx(label_button_width("Attach file") + prefix));
    CHECK(buttons_width({{icons::kAttach, "Attach file"}}) == doctest::Approx(widget["w"].get<float>()));
    CHECK(buttons_width({{icons::kAttach, "Attach file"}, "Cancel"}) ==
          doctest::Approx(widget["w"].get<float>() + ImGui::GetStyle().ItemSpacing.x + label_button_width("Cancel")));

    // A click lands on it like on any button (the widget's centre).
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(widget["x"].get<float>() + widget["w"].get<float>() / 2,
                        widget["y"].get<float>() + widget["h"].get<float>() / 2);
    draw_button(imgui, icons::kAttach, "Attach file");
    io.AddMouseButtonEvent(0, true);
    draw_button(imgui, icons::kAttach, "Attach file");
    io.AddMouseButtonEvent(0, false);
    CHECK(draw_button(imgui, icons::kAttach, "Attach file"));
    automation::set_widget_recording(false);
}

TEST_CASE("without the icon in the font an icon button is the plain labelled button") {
    HeadlessImGui imgui(800, 600);  // the built-in font only: as when fonts/icons.ttf did not load
    automation::set_widget_recording(true);
    draw_button(imgui, icons::kSend, "Send");
    draw_button(imgui, icons::kSend, "Send");
    const nlohmann::json widget = widget_with_text("Send");
    REQUIRE(widget.is_object());
    CHECK(widget["label"] == "Send");
    CHECK(icon_prefix_width(icons::kSend) == 0.0f);
    CHECK(widget["w"].get<float>() == doctest::Approx(label_button_width("Send")));
    CHECK(buttons_width({{icons::kSend, "Send"}}) == doctest::Approx(label_button_width("Send")));
    automation::set_widget_recording(false);
}

TEST_CASE("the desktop's action buttons carry icons and keep their labels; the header row fits its window") {
    HeadlessImGui imgui(1280, 800);
    automation::set_widget_recording(true);
    add_icon_glyphs();
    Harness h;
    h.log_in({summary("c1")});
    UiState ui;
    Intents intents;
    for (int frame = 0; frame < 3; ++frame) {
        ui.now = h.now;
        imgui.frame([&] {
            automation::begin_widget_frame();
            draw_desktop(h.s, ui, intents);
        });
    }
    for (const char* label : {"Transfer", "End chat", "Wrap-up", "Attach file", "Send"}) {
        CAPTURE(label);
        const nlohmann::json widget = widget_with_text(label);
        REQUIRE(widget.is_object());
        CHECK(widget["label"] == label);
        CHECK(widget["w"].get<float>() >= label_button_width(label) + icon_prefix_width(icons::kTransfer) - 0.5f);
    }
    for (const char* icon : {icons::kTransfer, icons::kEndChat, icons::kWrapUp, icons::kAttach, icons::kSend})
        CHECK(frame_drew_glyph(icon));
    // The right-aligned Transfer / End chat / Wrap-up row was measured with its icons: it ends inside the window
    // and its buttons do not overlap.
    const nlohmann::json transfer = widget_with_text("Transfer");
    const nlohmann::json end_chat = widget_with_text("End chat");
    const nlohmann::json wrap_up = widget_with_text("Wrap-up");
    CHECK(transfer["x"].get<float>() + transfer["w"].get<float>() <= end_chat["x"].get<float>());
    CHECK(end_chat["x"].get<float>() + end_chat["w"].get<float>() <= wrap_up["x"].get<float>());
    ImGuiWindow* window = ImGui::FindWindowByName(wrap_up["window"].get<std::string>().c_str());
    REQUIRE(window != nullptr);
    CHECK(wrap_up["x"].get<float>() + wrap_up["w"].get<float>() <= window->InnerClipRect.Max.x + 0.5f);
    automation::set_widget_recording(false);
}
