// Verified customers' earlier chats on the desktop: customer.history asked once per held verified chat (never for
// an unverified one), the list kept per chat, one earlier chat opened read-only (its own sync, paged, apart from
// the held chats), closed with its live chat, refusals shown; and what Contact Info and the viewer draw.
#include <doctest/doctest.h>

#include "imgui_internal.h"

#include "desktop/automation/widget_locator.hpp"
#include "desktop/views/views.hpp"
#include "desktop_frame.hpp"
#include "harness.hpp"
#include "imgui_headless.hpp"

using namespace desk;
using namespace desk::test;

namespace {

proto::ChatSummary verified(const std::string& chat_id, const std::string& user_id = "u-4711") {
    auto chat = summary(chat_id);
    chat.customer.user_id = user_id;
    return chat;
}

proto::PastChat past(const std::string& chat_id, std::int64_t last_seq) {
    proto::PastChat p;
    p.chat_id = chat_id;
    p.status = proto::ChatStatus::closed;
    p.created_at = static_cast<std::int64_t>(kStart) - 86'400'000;
    p.ended_at = p.created_at + 600'000;
    p.agent = proto::AgentRef{"a2", "Ben Koch"};
    p.disposition = "Claim opened";
    p.notes = "Tow truck ordered";
    p.first_lines = {"Ich hatte einen Unfall"};
    p.last_seq = last_seq;
    return p;
}

// Logs in with c1 (verified) and c2 (not), answers c1's history with `chats`.
void with_history(Harness& h, std::vector<proto::PastChat> chats) {
    h.log_in({verified("c1"), summary("c2")});
    const auto asked = h.all_sent("customer.history");
    REQUIRE(asked.size() == 1);
    CHECK(asked[0]["chatId"] == "c1");
    h.server(proto::HistoryReply{asked[0]["rid"].get<std::string>(), "c1", true, std::move(chats)});
}

std::string drawn_text(HeadlessImGui& imgui, const std::function<void()>& draw) {
    return test::drawn_text(imgui, ImVec2(420, 900), draw);
}

}  // namespace

TEST_CASE("history: asked once for a verified customer's chat, never for an unverified one") {
    Harness h;
    with_history(h, {past("c0", 3)});
    const auto& history = h.s.history.by_chat.at("c1");
    CHECK(history.loaded);
    CHECK_FALSE(history.loading);
    REQUIRE(history.chats.size() == 1);
    CHECK(history.chats[0].chat_id == "c0");
    CHECK_FALSE(h.s.history.by_chat.contains("c2"));
    h.advance(1000);
    CHECK(h.all_sent("customer.history").empty());  // not asked again

    // A chat assigned later is asked about too.
    h.server(proto::ChatAssigned{"", verified("c3", "u-9")});
    const auto asked = h.all_sent("customer.history");
    REQUIRE(asked.size() == 1);
    CHECK(asked[0]["chatId"] == "c3");
}

TEST_CASE("history: a question lost with its socket is asked again after the reconnect") {
    Harness h;
    h.log_in({verified("c1")});
    REQUIRE(h.all_sent("customer.history").size() == 1);
    h.apply(ev::SocketClosed{1006, "lost"});
    CHECK_FALSE(h.s.history.by_chat.at("c1").loading);
    h.advance(60'000);  // the reconnect is due
    h.apply(ev::SocketOpened{});
    h.server(welcome(h.sent("agent.resume")["rid"].get<std::string>(), {verified("c1")}));
    CHECK(h.all_sent("customer.history").size() == 1);
}

TEST_CASE("history: a refusal is shown and not retried by itself") {
    Harness h;
    h.log_in({verified("c1")});
    h.server(proto::ErrorReply{h.sent("customer.history")["rid"].get<std::string>(),
                               proto::Error::make(proto::ErrorCode::unavailable, "storage failed")});
    const auto& history = h.s.history.by_chat.at("c1");
    CHECK(history.error.find("storage failed") != std::string::npos);
    h.advance(1000);
    CHECK(h.all_sent("customer.history").empty());
}

TEST_CASE("viewer: an earlier chat opens read-only with its own paged sync, apart from the held chats") {
    Harness h;
    with_history(h, {past("c0", 3)});
    h.apply(intent::OpenPastChat{"c1", "c9"});  // not in the list: nothing happens
    CHECK_FALSE(h.s.history.viewer.open());

    h.apply(intent::OpenPastChat{"c1", "c0"});
    const auto& viewer = h.s.history.viewer;
    REQUIRE(viewer.open());
    CHECK(viewer.chat.id == "c0");
    CHECK(h.s.selected_chat_id == "c1");
    const auto sync = h.sent("chat.sync");
    CHECK(sync["chatId"] == "c0");
    CHECK(sync["after"] == 0);

    // A first page of two events, then the rest.
    h.server(text_event("c0", 1, proto::Role::customer, "Ich hatte einen Unfall"));
    h.server(event_with("c0", 2, proto::LocationBody{{52.52, 13.405, 12.5}}, proto::Role::customer));
    h.server(proto::ChatSynced{sync["rid"].get<std::string>(), "c0", 3, {}});
    CHECK(viewer.chat.events.size() == 2);
    CHECK(viewer.chat.events[1].location.has_value());
    const auto next = h.sent("chat.sync");
    REQUIRE(next.is_object());
    CHECK(next["after"] == 2);
    h.server(text_event("c0", 3, proto::Role::agent, "Der Abschleppdienst kommt"));
    h.server(proto::ChatSynced{next["rid"].get<std::string>(), "c0", 3, {}});
    CHECK(viewer.chat.events.size() == 3);
    CHECK(h.sent("chat.sync").is_null());

    // Nothing of it leaks into the held chats, no read marks are sent for it, and the held chat is untouched.
    CHECK(h.s.find_chat("c0") == nullptr);
    CHECK(h.s.find_readable_chat("c0") == &viewer.chat);
    for (const auto& mark : h.all_sent("chat.mark")) CHECK(mark["chatId"] != "c0");
    CHECK(h.s.find_chat("c1")->events.empty());

    SUBCASE("a place of the earlier chat shows on the live chat's map, marked as earlier") {
        h.apply(intent::ShowOnMap{"c0", 52.52, 13.405, "Location shared"});
        CHECK(h.s.map_focus.chat_id == "c1");
        CHECK(h.s.map_focus.label == "Location shared (earlier chat)");
        CHECK_FALSE(h.s.map_focus.is_track_point);
        CHECK(h.s.history.viewer.open());  // the earlier chat stays in view
    }
    SUBCASE("back to the live chat") {
        h.apply(intent::ClosePastChat{});
        CHECK_FALSE(h.s.history.viewer.open());
        CHECK(h.s.find_readable_chat("c0") == nullptr);
    }
    SUBCASE("the live chat leaves: the earlier one closes with it (the server would refuse it now)") {
        h.server(proto::ChatRemoved{"c1", proto::ChatRemovedReason::closed});
        CHECK_FALSE(h.s.history.viewer.open());
        CHECK_FALSE(h.s.history.by_chat.contains("c1"));
    }
}

TEST_CASE("viewer: a refused sync shows why") {
    Harness h;
    with_history(h, {past("c0", 3)});
    h.apply(intent::OpenPastChat{"c1", "c0"});
    h.server(proto::ErrorReply{h.sent("chat.sync")["rid"].get<std::string>(),
                               proto::Error::make(proto::ErrorCode::forbidden, "not your chat")});
    CHECK(h.s.history.viewer.error.find("not your chat") != std::string::npos);
    h.advance(1000);
    CHECK(h.sent("chat.sync").is_null());  // no retry loop
}

TEST_CASE("views: Contact Info marks the customer and lists earlier chats; the viewer replaces the transcript") {
    HeadlessImGui imgui;
    Harness h;
    with_history(h, {past("c0", 1)});
    UiState ui;
    ui.now = h.now;
    const Chat& live = *h.s.find_chat("c1");
    const std::string contact = drawn_text(imgui, [&] {
        Intents intents;
        draw_contact_info(h.s, live, ui, intents);
    });
    CHECK(contact.find("Verified customer") != std::string::npos);
    CHECK(contact.find("Earlier chats") != std::string::npos);
    CHECK(contact.find("Ben Koch") != std::string::npos);
    CHECK(contact.find("Claim opened") != std::string::npos);
    CHECK(contact.find("Ich hatte einen Unfall") != std::string::npos);

    const std::string unverified = drawn_text(imgui, [&] {
        Intents intents;
        draw_contact_info(h.s, *h.s.find_chat("c2"), ui, intents);
    });
    CHECK(unverified.find("Not verified") != std::string::npos);
    CHECK(unverified.find("Earlier chats") == std::string::npos);

    h.apply(intent::OpenPastChat{"c1", "c0"});
    h.server(text_event("c0", 1, proto::Role::customer, "Ich hatte einen Unfall auf der A100"));
    const std::string viewer = drawn_text(imgui, [&] {
        Intents intents;
        draw_past_chat(h.s, ui, intents);
    });
    CHECK(viewer.find("Back to the live chat") != std::string::npos);
    CHECK(viewer.find("read-only") != std::string::npos);
    CHECK(viewer.find("Notes: Tow truck ordered") != std::string::npos);
    CHECK(viewer.find("Ich hatte einen Unfall auf der A100") != std::string::npos);

    // The whole desktop: the chat column shows the earlier chat and no composer.
    automation::set_widget_recording(true);
    draw_recorded_frame(imgui, h.s, ui, h.now);
    draw_recorded_frame(imgui, h.s, ui, h.now);
    const std::string widgets = automation::widgets_json();
    automation::set_widget_recording(false);
    CHECK(widgets.find("Back to the live chat") != std::string::npos);
    CHECK(widgets.find("\"Send\"") == std::string::npos);
    ImGuiWindow* transcript = window_named("##transcript");
    REQUIRE(transcript != nullptr);
    CHECK(transcript->Active);
}

TEST_CASE("views: an offer of a verified customer says so on its card") {
    HeadlessImGui imgui;
    Harness h;
    h.log_in();
    proto::Offer offer;
    offer.offer_id = "o1";
    offer.chat = verified("c5");
    offer.chat.status = proto::ChatStatus::offered;
    offer.expires_in_ms = 20000;
    h.server(proto::OfferPush{offer});
    offer.offer_id = "o2";
    offer.chat = summary("c6");
    offer.chat.status = proto::ChatStatus::offered;
    UiState ui;
    ui.now = h.now;
    std::string text = drawn_text(imgui, [&] {
        Intents intents;
        draw_offers(h.s, ui, intents);
    });
    CHECK(text.find("Verified customer") != std::string::npos);
    h.s.offers.clear();
    h.server(proto::OfferPush{offer});
    text = drawn_text(imgui, [&] {
        Intents intents;
        draw_offers(h.s, ui, intents);
    });
    CHECK(text.find("Incoming chat") != std::string::npos);
    CHECK(text.find("Verified customer") == std::string::npos);
}

TEST_CASE("viewer: an earlier chat that is still one of the agent's own is selected, not synced twice") {
    Harness h;
    // c0 waits for its wrap-up (held) and is listed as c1's earlier chat.
    h.log_in({verified("c1"), verified("c0")});
    for (const auto& asked : h.all_sent("customer.history"))
        h.server(proto::HistoryReply{asked["rid"].get<std::string>(),
                                     asked["chatId"].get<std::string>(),
                                     true,
                                     {past(asked["chatId"] == "c1" ? "c0" : "c1", 0)}});
    h.apply(intent::OpenPastChat{"c1", "c0"});
    CHECK_FALSE(h.s.history.viewer.open());
    CHECK(h.s.selected_chat_id == "c0");
    CHECK(h.sent("chat.sync").is_null());
    h.advance(1000);
    CHECK(h.sent("chat.sync").is_null());  // no loop
}

TEST_CASE("viewer: an earlier chat transferred to the agent becomes a held chat, the viewer closes") {
    Harness h;
    with_history(h, {past("c0", 1)});
    h.apply(intent::OpenPastChat{"c1", "c0"});
    REQUIRE(h.s.history.viewer.open());
    h.server(proto::ChatAssigned{"", verified("c0")});
    CHECK_FALSE(h.s.history.viewer.open());
    CHECK(h.s.find_chat("c0") != nullptr);
}

TEST_CASE("history: Try again after a refusal asks once more") {
    Harness h;
    h.log_in({verified("c1")});
    h.server(proto::ErrorReply{h.sent("customer.history")["rid"].get<std::string>(),
                               proto::Error::make(proto::ErrorCode::unavailable, "storage failed")});
    h.apply(intent::ReloadHistory{"c1"});
    const auto again = h.all_sent("customer.history");
    REQUIRE(again.size() == 1);
    h.server(proto::HistoryReply{again[0]["rid"].get<std::string>(), "c1", true, {past("c0", 1)}});
    CHECK(h.s.history.by_chat.at("c1").error.empty());
    CHECK(h.s.history.by_chat.at("c1").chats.size() == 1);
}
