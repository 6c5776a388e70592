// Messages as bubbles beside initials avatars: the customer's on the left, agents' on the right, every bubble
// holding its own text (the transcript's row heights include the bubble's padding), and the avatar's initials.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "imgui_internal.h"

#include "desktop/core/event_text.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/transcript_layout.hpp"
#include "desktop/views/views.hpp"
#include "desktop_frame.hpp"
#include "harness.hpp"
#include "imgui_headless.hpp"

using namespace desk;
using namespace desk::test;

namespace {

struct Box {
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    void add(ImVec2 p) {
        x0 = std::min(x0, p.x);
        y0 = std::min(y0, p.y);
        x1 = std::max(x1, p.x);
        y1 = std::max(y1, p.y);
    }
    bool contains(ImVec2 p, float slack = 0.5f) const {
        return p.x >= x0 - slack && p.x <= x1 + slack && p.y >= y0 - slack && p.y <= y1 + slack;
    }
};

struct ColoredBox {
    ImU32 color;
    Box box;
};

// The transcript's draw list as runs of vertices of one colour (a filled rect or circle is one run, a line of
// text a run of glyph quads), in draw order, only inside the window's visible area.
std::vector<ColoredBox> colour_runs(const ImGuiWindow* w) {
    std::vector<ColoredBox> runs;
    const ImDrawList* list = w->DrawList;
    const ImRect visible = w->InnerClipRect;
    for (const ImDrawVert& v : list->VtxBuffer) {
        if (!visible.Contains(v.pos)) continue;
        if ((v.col & IM_COL32_A_MASK) == 0) continue;  // an anti-aliased fringe, interleaved with the shape's own
        if (runs.empty() || runs.back().color != v.col) runs.push_back({v.col, {}});
        runs.back().box.add(v.pos);
    }
    return runs;
}

std::vector<Box> runs_of(const std::vector<ColoredBox>& runs, ImVec4 color) {
    std::vector<Box> boxes;
    const ImU32 packed = ImGui::ColorConvertFloat4ToU32(color);
    for (const auto& r : runs)
        if (r.color == packed) boxes.push_back(r.box);
    return boxes;
}

}  // namespace

TEST_CASE("initials: first letters of the first and last words, in any script, never broken UTF-8") {
    CHECK(initials("Max Mustermann") == "MM");
    CHECK(initials("anna") == "A");
    CHECK(initials("  Eva   Maria  Schmidt ") == "ES");
    CHECK(initials("\xE5\xB1\xB1\xE7\x94\xB0 \xE5\xA4\xAA\xE9\x83\x8E") == "\xE5\xB1\xB1\xE5\xA4\xAA");  // 山田 太郎
    CHECK(initials("\xC3\x96zil \xC3\x9Cnal") == "\xC3\x96\xC3\x9C");                                    // Özil Ünal
    CHECK(initials("(Max) +49 151") == "M");
    CHECK(initials("") == "?");
    CHECK(initials("+49 151 12345678") == "?");
    CHECK(initials("\xE5\xB1") == "?");      // a cut-off sequence gives no initial, not half a character
    CHECK(initials("\x80\x80 Ben") == "B");  // stray continuation bytes are skipped
}

TEST_CASE("avatar colours: the same person keeps one colour, within the palette") {
    CHECK(avatar_color_index("a1", kAvatarColors) == avatar_color_index("a1", kAvatarColors));
    std::vector<std::size_t> seen;
    for (const char* id : {"a1", "a2", "a3", "c-17", "c-18", "customer-99", "b", "z"}) {
        const std::size_t index = avatar_color_index(id, kAvatarColors);
        CHECK(index < kAvatarColors);
        seen.push_back(index);
    }
    std::sort(seen.begin(), seen.end());
    CHECK(std::unique(seen.begin(), seen.end()) - seen.begin() >= 3);  // people get different colours
    CHECK(avatar_color_index("x", 0) == 0);
}

TEST_CASE("bubble geometry: the widest bubble leaves room on the other side and fits narrow columns") {
    const RowMetrics wide{800, 16, 8};
    const BubbleGeometry g = bubble_geometry(wide);
    CHECK(g.max_width + g.avatar + g.gap <= wide.wrap_width);
    CHECK(g.max_width <= (wide.wrap_width - g.avatar - g.gap) * 0.8f + 1);
    CHECK(g.text_width == doctest::Approx(g.max_width - 2 * g.pad_x));
    const RowMetrics narrow{160, 16, 8};
    const BubbleGeometry n = bubble_geometry(narrow);
    CHECK(n.max_width + n.avatar + n.gap <= narrow.wrap_width);
    CHECK(n.text_width >= narrow.line_height);
    // At devicePixelRatio 2 the font is twice as tall: every length doubles with it.
    const BubbleGeometry big = bubble_geometry(RowMetrics{1600, 32, 16});
    CHECK(big.avatar == doctest::Approx(2 * g.avatar).epsilon(0.05));
    CHECK(big.pad_x == doctest::Approx(2 * g.pad_x).epsilon(0.1));
}

TEST_CASE("the transcript: customer bubbles left, the agent's right, each holding its text, avatars beside") {
    HeadlessImGui imgui(1440, 900);
    Harness h;
    h.log_in({summary("c1")});
    h.s.theme = Theme::light;  // black text, white initials: the two are told apart by colour below
    const std::string long_text =
        "Ich stehe auf dem Standstreifen der A9 kurz vor der Ausfahrt Garching, der Wagen vor mir hat stark "
        "gebremst und ich bin aufgefahren. Niemand ist verletzt, aber die Stoßstange ist ab.";
    h.server(text_event("c1", 1, proto::Role::customer, "Hallo?", ""));
    h.server(text_event("c1", 2, proto::Role::customer, long_text, ""));
    h.server(text_event("c1", 3, proto::Role::agent, "Guten Tag, sind Sie verletzt?", "m-3"));
    h.server(text_event("c1", 4, proto::Role::customer, "Zeile eins\nZeile zwei\nZeile drei", ""));
    h.server(text_event("c1", 5, proto::Role::agent, long_text, "m-5"));
    UiState ui;
    draw_desktop_frame(imgui, h.s, ui, h.now);
    draw_desktop_frame(imgui, h.s, ui, h.now);

    const ImGuiWindow* transcript = window_named("##transcript");
    REQUIRE(transcript != nullptr);
    const Palette& p = palette(Theme::light);
    const auto runs = colour_runs(transcript);
    const std::vector<Box> customer = runs_of(runs, p.bubble_customer);
    const std::vector<Box> agent = runs_of(runs, p.bubble_agent);
    REQUIRE(customer.size() == 3);
    REQUIRE(agent.size() == 2);

    const float left = transcript->ContentRegionRect.Min.x;
    const float right = transcript->ContentRegionRect.Max.x;
    for (const Box& b : customer) {
        CHECK(b.x0 > left + 16);                     // the avatar is to its left
        CHECK(b.x1 < left + (right - left) * 0.9f);  // and the right side stays free
    }
    for (const Box& b : agent) {
        CHECK(b.x1 < right - 16);                    // the avatar is to its right
        CHECK(b.x0 > left + (right - left) * 0.1f);  // and the left side stays free
        CHECK(b.x1 > right - 80);                    // right-aligned
    }
    // A short message gets a small bubble, a long one the widest.
    CHECK(customer[0].x1 - customer[0].x0 < (customer[1].x1 - customer[1].x0) * 0.5f);

    // Rows never overlap: each bubble ends before the next begins.
    std::vector<Box> all = customer;
    all.insert(all.end(), agent.begin(), agent.end());
    std::sort(all.begin(), all.end(), [](const Box& a, const Box& b) { return a.y0 < b.y0; });
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].y1 <= all[i].y0);

    // Every glyph of the messages and their header lines lies inside a bubble (heights include the padding).
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 customer_header = ImGui::ColorConvertFloat4ToU32(p.customer);
    const ImU32 agent_header = ImGui::ColorConvertFloat4ToU32(p.agent);
    int glyph_runs = 0;
    for (const auto& r : runs) {
        if (r.color != text && r.color != customer_header && r.color != agent_header) continue;
        ++glyph_runs;
        const bool inside = std::any_of(all.begin(), all.end(), [&](const Box& b) {
            return b.contains(ImVec2(r.box.x0, r.box.y0)) && b.contains(ImVec2(r.box.x1, r.box.y1));
        });
        CHECK_MESSAGE(inside, "text at ", r.box.x0, ",", r.box.y0, " - ", r.box.x1, ",", r.box.y1);
    }
    CHECK(glyph_runs >= 10);

    // Initials avatars: one circle per message, beside its bubble, with the person's initials on it.
    std::vector<Box> avatars;
    for (const auto& colour : p.avatar)
        for (const Box& b : runs_of(runs, colour)) avatars.push_back(b);
    CHECK(avatars.size() == 5);
    const auto initials_runs = runs_of(runs, p.avatar_text);
    CHECK(initials_runs.size() == 5);
    for (const Box& b : customer)
        CHECK(std::any_of(avatars.begin(), avatars.end(),
                          [&](const Box& a) { return a.x1 <= b.x0 && a.y0 >= b.y0 - 1; }));
    for (const Box& b : agent)
        CHECK(std::any_of(avatars.begin(), avatars.end(),
                          [&](const Box& a) { return a.x0 >= b.x1 && a.y0 >= b.y0 - 1; }));
}

TEST_CASE("a photo's bubble holds its thumbnail; an outbox message is a bubble on the agent's side too") {
    HeadlessImGui imgui(1280, 720);
    Harness h;
    h.log_in({summary("c1")});
    h.s.theme = Theme::dark;
    proto::FileInfo photo{"f1", "unfall.jpg", "image/jpeg", 1000, 3000, 4000};
    h.server(event_with("c1", 1, proto::FileBody{photo}, proto::Role::customer));
    h.s.outbox.push_back(OutboxItem{});
    h.s.outbox.back().chat_id = "c1";
    h.s.outbox.back().client_id = "m-9";
    h.s.outbox.back().text = "Bitte bleiben Sie am Fahrzeug.";
    h.s.outbox.back().status = OutboxStatus::queued;
    UiState ui;
    draw_desktop_frame(imgui, h.s, ui, h.now);
    draw_desktop_frame(imgui, h.s, ui, h.now);
    const ImGuiWindow* transcript = window_named("##transcript");
    REQUIRE(transcript != nullptr);
    const Palette& p = palette(Theme::dark);
    const auto runs = colour_runs(transcript);
    const auto customer = runs_of(runs, p.bubble_customer);
    const auto agent = runs_of(runs, p.bubble_agent);
    REQUIRE(customer.size() == 1);
    REQUIRE(agent.size() == 1);
    // The thumbnail placeholder (portrait, 3000x4000) sits inside the bubble with its padding around it.
    const auto placeholder = runs_of(runs, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
    const bool thumbnail_inside = std::any_of(placeholder.begin(), placeholder.end(), [&](const Box& b) {
        return b.y1 - b.y0 > 100 && customer[0].contains(ImVec2(b.x0, b.y0)) &&
            customer[0].contains(ImVec2(b.x1, b.y1)) && b.y1 < customer[0].y1 - 2;
    });
    CHECK(thumbnail_inside);
    // ...and is as wide as its header line and thumbnail need, not the widest a bubble may be.
    const float wrap = TranscriptLayout::quantize_width(transcript->ContentRegionRect.GetWidth());
    const BubbleGeometry g =
        bubble_geometry(RowMetrics{wrap, ImGui::GetTextLineHeight(), ImGui::GetStyle().ItemSpacing.y * 2});
    CHECK(customer[0].x1 - customer[0].x0 < g.max_width - 20);
    CHECK(agent[0].y0 >= customer[0].y1);  // the outbox row comes after the committed rows
    CHECK(agent[0].x0 > customer[0].x0);
}
