// The views in a headless ImGui context: a 100,000-event chat stays cheap per frame, auto-scroll follows only
// at the bottom, the composer's Enter / Shift+Enter / slash shortcut, and the panels emit the right intents.
#include <doctest/doctest.h>

#include <chrono>

#include "imgui_internal.h"
#include <nlohmann/json.hpp>

#include "desktop/automation/widget_locator.hpp"
#include "desktop/core/clock_text.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/views.hpp"
#include "desktop_frame.hpp"
#include "harness.hpp"
#include "imgui_headless.hpp"

using namespace desk;
using namespace desk::test;

namespace {

void fill_chat(Harness& h, const std::string& chat_id, int events) {
    for (int seq = 1; seq <= events; ++seq) {
        const auto role = seq % 3 == 0 ? proto::Role::agent : proto::Role::customer;
        std::string text = "Message number " + std::to_string(seq);
        if (seq % 7 == 0)
            text +=
                " which is long enough to wrap over several lines in a transcript of ordinary width, "
                "as customers describing an accident tend to write at length about what happened.";
        h.server(text_event(chat_id, seq, role, text, role == proto::Role::agent ? "m-" + std::to_string(seq) : ""));
    }
}

}  // namespace

TEST_CASE("a chat of 100,000 events: rows submitted per frame stay bounded, heights measured once") {
    HeadlessImGui imgui;
    Harness h;
    h.log_in({summary("c1")});
    fill_chat(h, "c1", 100000);
    REQUIRE(h.s.find_chat("c1")->events.size() == 100000);
    UiState ui;

    draw_desktop_frame(imgui, h.s, ui, h.now);  // first frame measures every row once
    CHECK(ui.transcript_rows_measured == 100000);
    CHECK(ui.transcript_rows_submitted > 0);
    CHECK(ui.transcript_rows_submitted < 60);

    draw_desktop_frame(imgui, h.s, ui, h.now);
    CHECK(ui.transcript_rows_measured == 0);
    ImGuiWindow* transcript = window_named("##transcript");
    REQUIRE(transcript != nullptr);
    CHECK(transcript->Scroll.y > 0);  // opened at the bottom
    CHECK(transcript->Scroll.y == doctest::Approx(transcript->ScrollMax.y).epsilon(0.001));

    // Scroll through the middle and the top: still a screenful of rows each frame, and fast.
    const auto started = std::chrono::steady_clock::now();
    for (float fraction : {0.5f, 0.25f, 0.0f, 0.9f}) {
        ImGui::SetScrollY(transcript, transcript->ScrollMax.y * fraction);
        draw_desktop_frame(imgui, h.s, ui, h.now);
        CHECK(ui.transcript_rows_submitted > 0);
        CHECK(ui.transcript_rows_submitted < 60);
        CHECK(ui.transcript_rows_measured == 0);
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    MESSAGE("4 frames over a 100,000-event chat: " << ms << " ms");
    CHECK(ms < 2000);  // generous for a loaded Debug build; the bound that matters is the row count

    // One more event: measured alone, and not scrolled to (the agent is reading above).
    h.server(text_event("c1", 100001, proto::Role::customer, "new"));
    draw_desktop_frame(imgui, h.s, ui, h.now);
    CHECK(ui.transcript_rows_measured == 1);
    CHECK(ui.scrolls["c1"].new_below);
    CHECK(transcript->Scroll.y < transcript->ScrollMax.y - 10);
}

TEST_CASE("auto-scroll follows new events only when at the bottom") {
    HeadlessImGui imgui;
    Harness h;
    h.log_in({summary("c1")});
    fill_chat(h, "c1", 200);
    UiState ui;
    draw_desktop_frame(imgui, h.s, ui, h.now);
    draw_desktop_frame(imgui, h.s, ui, h.now);
    ImGuiWindow* transcript = window_named("##transcript");
    REQUIRE(transcript);
    h.server(text_event("c1", 201, proto::Role::customer, "at the bottom"));
    draw_desktop_frame(imgui, h.s, ui, h.now);
    draw_desktop_frame(imgui, h.s, ui, h.now);
    CHECK(transcript->Scroll.y == doctest::Approx(transcript->ScrollMax.y).epsilon(0.001));
    CHECK_FALSE(ui.scrolls["c1"].new_below);
}

TEST_CASE("composer: Enter sends, Shift+Enter adds a line, /shortcut expands, typing is reported") {
    HeadlessImGui imgui;
    Harness h;
    h.log_in({summary("c1", "Max")});
    UiState ui;
    draw_desktop_frame(imgui, h.s, ui, h.now);
    draw_desktop_frame(imgui, h.s, ui, h.now);
    ui.focus_composer = true;
    draw_desktop_frame(imgui, h.s, ui, h.now);
    draw_desktop_frame(imgui, h.s, ui, h.now);
    ImGuiIO& io = ImGui::GetIO();

    io.AddInputCharactersUTF8("Hi");
    auto intents = draw_desktop_frame(imgui, h.s, ui, h.now);

    CHECK(ui.drafts["c1"] == "Hi");
    bool typing = false;
    for (const auto& i : intents) typing |= std::holds_alternative<intent::DraftEdited>(i);
    CHECK(typing);

    io.AddKeyEvent(ImGuiMod_Shift, true);
    io.AddKeyEvent(ImGuiKey_Enter, true);
    draw_desktop_frame(imgui, h.s, ui, h.now);
    io.AddKeyEvent(ImGuiKey_Enter, false);
    io.AddKeyEvent(ImGuiMod_Shift, false);
    draw_desktop_frame(imgui, h.s, ui, h.now);
    io.AddInputCharactersUTF8("there");
    draw_desktop_frame(imgui, h.s, ui, h.now);
    CHECK(ui.drafts["c1"] == "Hi\nthere");

    io.AddKeyEvent(ImGuiKey_Enter, true);
    intents = draw_desktop_frame(imgui, h.s, ui, h.now);
    io.AddKeyEvent(ImGuiKey_Enter, false);
    draw_desktop_frame(imgui, h.s, ui, h.now);
    std::string sent;
    for (const auto& i : intents)
        if (const auto* send = std::get_if<intent::SendText>(&i)) sent = send->text;
    CHECK(sent == "Hi\nthere");
    CHECK(ui.drafts["c1"].empty());

    io.AddInputCharactersUTF8("/hello");
    draw_desktop_frame(imgui, h.s, ui, h.now);
    io.AddKeyEvent(ImGuiKey_Enter, true);
    intents = draw_desktop_frame(imgui, h.s, ui, h.now);
    io.AddKeyEvent(ImGuiKey_Enter, false);
    draw_desktop_frame(imgui, h.s, ui, h.now);
    for (const auto& i : intents) CHECK_FALSE(std::holds_alternative<intent::SendText>(i));
    CHECK(ui.drafts["c1"] == "Hello Max, I am Anna Berger.");
}

namespace {
// Logged in, and offer "o1" for chat c9 (Erika) ringing with 20 s left; returns it (to push updates of it).
proto::Offer ring_offer(Harness& h) {
    h.log_in();
    proto::Offer offer;
    offer.offer_id = "o1";
    offer.chat = summary("c9", "Erika");
    offer.expires_in_ms = 20000;
    h.server(proto::OfferPush{offer});
    return offer;
}
}  // namespace

TEST_CASE("offer card: Ctrl+Shift+A accepts the oldest offer") {
    HeadlessImGui imgui;
    Harness h;
    ring_offer(h);
    UiState ui;
    draw_desktop_frame(imgui, h.s, ui, h.now);
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(ImGuiMod_Shift, true);
    io.AddKeyEvent(ImGuiKey_A, true);
    const auto intents = draw_desktop_frame(imgui, h.s, ui, h.now);
    std::string accepted;
    for (const auto& i : intents)
        if (const auto* a = std::get_if<intent::AcceptOffer>(&i)) accepted = a->offer_id;
    CHECK(accepted == "o1");
}

namespace {
// The text the offer cards drew in one frame (desktop_frame.hpp drawn_text).
std::string drawn_offers(HeadlessImGui& imgui, const State& s, UiState& ui, double now) {
    ui.now = now;
    Intents intents;
    return drawn_text(imgui, ImVec2(360, 700), [&] { draw_offers(s, ui, intents); });
}
}  // namespace

TEST_CASE("offer card: the customer's texts, latest first and prominent, or a line saying there are none yet") {
    HeadlessImGui imgui;
    Harness h;
    proto::Offer offer = ring_offer(h);
    UiState ui;
    drawn_offers(imgui, h.s, ui, h.now);  // the card sizes itself to its content on the first frame
    std::string drawn = drawn_offers(imgui, h.s, ui, h.now);
    CHECK(drawn.find("The customer has not written yet.") != std::string::npos);
    CHECK(drawn.find("no message yet") == std::string::npos);

    // The customer writes during the ring: the update shows both texts, the latest above the first.
    const std::string long_text = "Wir stehen auf dem Standstreifen, " + std::string(2000, 'x') + " ENDE";
    offer.customer_texts = {long_text, "Auf der A100", "Ich hatte einen Unfall"};
    offer.first_message = "Ich hatte einen Unfall";
    h.server(proto::OfferPush{offer});
    drawn_offers(imgui, h.s, ui, h.now);
    drawn = drawn_offers(imgui, h.s, ui, h.now);
    CHECK(drawn.find("The customer has not written yet.") == std::string::npos);
    const auto latest = drawn.find("Wir stehen auf dem Standstreifen");
    const auto older = drawn.find("Auf der A100");
    const auto first = drawn.find("Ich hatte einen Unfall");
    REQUIRE(latest != std::string::npos);
    REQUIRE(older != std::string::npos);
    REQUIRE(first != std::string::npos);
    CHECK(latest < older);
    CHECK(older < first);
    // A long text is cut to a few lines with an ellipsis; its end is not drawn.
    CHECK(drawn.find("ENDE") == std::string::npos);
    CHECK(drawn.find("...") != std::string::npos);
    // The buttons stay on the card below the texts.
    CHECK(drawn.find("Decline") != std::string::npos);
    CHECK(drawn.find("Decline") > first);
}

TEST_CASE("every panel draws in both themes, with ended chats, outbox rows, notices and dialogs") {
    HeadlessImGui imgui;
    Harness h;
    h.log_in({summary("c1"), summary("c2", "Erika")});
    fill_chat(h, "c1", 30);
    h.server(event_with("c1", 31, proto::LocationBody{{52.5, 13.4, 10}}, proto::Role::customer));
    h.server(
        text_event("c1", 32, proto::Role::customer, "Unfall \xF0\x9F\x9A\x97 auf der A100"));  // emoji above U+FFFF
    h.server(proto::TypingPush{"c1", proto::Role::customer, "Max", true});
    h.apply(ev::SocketClosed{1006, ""});
    h.apply(intent::SendText{"c1", "queued while offline"});
    h.server(event_with("c2", 1, proto::EndedBody{proto::Role::customer, ""}));
    UiState ui;
    for (Theme theme : {Theme::dark, Theme::light}) {
        h.s.theme = theme;
        ui.wrapup_chat = "c2";
        draw_desktop_frame(imgui, h.s, ui, h.now);
        draw_desktop_frame(imgui, h.s, ui, h.now);
        CHECK(ImGui::GetTopMostPopupModal() != nullptr);
        CHECK(window_named("##map_region") != nullptr);
        ui.wrapup_chat.clear();
        draw_desktop_frame(imgui, h.s, ui, h.now);
        for (int dialog = 0; dialog < 2; ++dialog) {
            (dialog == 0 ? ui.transfer_chat : ui.end_confirm_chat) = "c1";
            draw_desktop_frame(imgui, h.s, ui, h.now);
            draw_desktop_frame(imgui, h.s, ui, h.now);
            CHECK(ImGui::GetTopMostPopupModal() != nullptr);
            ui.transfer_chat.clear();
            ui.end_confirm_chat.clear();
            draw_desktop_frame(imgui, h.s, ui, h.now);
            CHECK(ImGui::GetTopMostPopupModal() == nullptr);
        }
    }
    CHECK(ImGui::GetIO().MetricsRenderVertices > 0);
}

TEST_CASE("ImGui is built with 32-bit characters, so emoji above U+FFFF are not replaced") {
    static_assert(sizeof(ImWchar) == 4, "agentdesk_imgui must define IMGUI_USE_WCHAR32");
    unsigned int decoded = 0;
    const char* car = "\xF0\x9F\x9A\x97";
    ImTextCharFromUtf8(&decoded, car, car + 4);
    CHECK(decoded == 0x1F697u);
}

TEST_CASE("the login view submits the form") {
    HeadlessImGui imgui;
    State s;
    UiState ui;
    ui.login_username = "anna";
    ui.login_password = "demo-anna";
    draw_desktop_frame(imgui, s, ui, 0);
    draw_desktop_frame(imgui, s, ui, 0);
    draw_desktop_frame(imgui, s, ui, 0);
    ImGuiIO& io = ImGui::GetIO();
    // Focus starts in the user name field: Enter submits.
    io.AddKeyEvent(ImGuiKey_Enter, true);
    const auto intents = draw_desktop_frame(imgui, s, ui, 0);
    io.AddKeyEvent(ImGuiKey_Enter, false);
    const intent::Login* login = nullptr;
    for (const auto& i : intents)
        if ((login = std::get_if<intent::Login>(&i))) break;
    REQUIRE(login != nullptr);
    CHECK(login->username == "anna");
    CHECK(login->password == "demo-anna");
    CHECK(ui.login_password.empty());
}

namespace {

nlohmann::json widget_with_text(const std::string& text) {
    for (const auto& widget : nlohmann::json::parse(automation::widgets_json()))
        if (widget["text"] == text) return widget;
    return nullptr;
}

void click(HeadlessImGui& imgui, const State& s, UiState& ui, double now, const nlohmann::json& widget,
           Intents& intents) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(widget["x"].get<float>() + widget["w"].get<float>() / 2,
                        widget["y"].get<float>() + widget["h"].get<float>() / 2);
    draw_recorded_frame(imgui, s, ui, now);
    io.AddMouseButtonEvent(0, true);
    for (auto& i : draw_recorded_frame(imgui, s, ui, now)) intents.push_back(i);
    io.AddMouseButtonEvent(0, false);
    for (auto& i : draw_recorded_frame(imgui, s, ui, now)) intents.push_back(i);
}

}  // namespace

TEST_CASE("presence: a Ready agent sees Ready and one Go Not Ready, whose menu asks for the reason") {
    HeadlessImGui imgui(1440, 900);
    automation::set_widget_recording(true);
    Harness h;
    h.log_in();
    h.server(proto::PresenceUpdate{"", {proto::PresenceState::ready, ""}});
    REQUIRE(h.s.presence.state == proto::PresenceState::ready);
    UiState ui;
    draw_recorded_frame(imgui, h.s, ui, h.now);
    draw_recorded_frame(imgui, h.s, ui, h.now);
    // No reason picker beside "Ready" (it read as if the agent were on a break), and the empty list does not
    // tell a Ready agent to go Ready.
    for (const auto& widget : nlohmann::json::parse(automation::widgets_json())) CHECK(widget["label"] != "##reason");
    CHECK(widget_with_text("Break").is_null());
    CHECK(widget_with_text("Go Ready").is_null());
    CHECK(empty_conversations_hint(h.s).find("Go Ready") == std::string::npos);
    const auto go_not_ready = widget_with_text("Go Not Ready");
    REQUIRE(go_not_ready.is_object());
    Intents intents;
    click(imgui, h.s, ui, h.now, go_not_ready, intents);
    CHECK(intents.empty());                      // the menu opens; no presence change yet
    draw_recorded_frame(imgui, h.s, ui, h.now);  // an auto-sized popup is shown from its second frame
    const auto lunch = widget_with_text("Lunch");
    REQUIRE(lunch.is_object());
    CHECK(widget_with_text("Break").is_object());
    click(imgui, h.s, ui, h.now, lunch, intents);
    const intent::SetNotReady* not_ready = nullptr;
    for (const auto& i : intents)
        if ((not_ready = std::get_if<intent::SetNotReady>(&i))) break;
    REQUIRE(not_ready != nullptr);
    CHECK(not_ready->reason == "Lunch");

    // Not Ready: the reason in the status, "Go Ready" the one action, and the empty list says to go Ready.
    h.server(proto::PresenceUpdate{"", {proto::PresenceState::not_ready, "Lunch"}});
    draw_recorded_frame(imgui, h.s, ui, h.now);
    CHECK(widget_with_text("Go Ready").is_object());
    CHECK(widget_with_text("Go Not Ready").is_null());
    CHECK(empty_conversations_hint(h.s) == "No chats. Go Ready to receive offers.");
    automation::set_widget_recording(false);
}

TEST_CASE("the chat header's waiting time: while the customer's last message has no reply, overdue after 60 s") {
    HeadlessImGui imgui(1440, 900);
    Harness h;
    h.log_in({summary("c1")});
    h.server(text_event("c1", 1, proto::Role::customer, "Hallo?"));
    h.s.selected_chat_id = "c1";
    const Chat& chat = *h.s.find_chat("c1");
    const TimeMs written = chat.last_customer_message_at;
    CHECK(customer_wait_label(chat, written + 5000).rfind("Waiting ", 0) == 0);
    CHECK(customer_wait_label(chat, written + 5000) != customer_wait_label(chat, written + 90000));
    CHECK_FALSE(reply_overdue(chat, h.s.settings, written + 59000));
    CHECK(reply_overdue(chat, h.s.settings, written + 60000));
    UiState ui;
    for (const double at : {5000.0, 90000.0})
        draw_recorded_frame(imgui, h.s, ui, written - h.s.server_clock_offset_ms + at);
    h.server(text_event("c1", 2, proto::Role::agent, "Hallo!"));
    CHECK(customer_wait_label(*h.s.find_chat("c1"), written + 91000).empty());  // answered
    draw_recorded_frame(imgui, h.s, ui, h.now);
}
