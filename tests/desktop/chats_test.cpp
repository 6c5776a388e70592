#include <doctest/doctest.h>

#include "desktop/core/clock_text.hpp"
#include "harness.hpp"

using namespace desk;
using namespace desk::test;

TEST_CASE("events apply exactly once and in order; a gap asks for a sync from the last seq") {
    Harness h;
    h.log_in({summary("c1")});
    const auto first_sync = h.sent("chat.sync");
    h.server(text_event("c1", 1, proto::Role::customer, "one"));
    h.server(text_event("c1", 2, proto::Role::customer, "two"));
    h.server(proto::ChatSynced{first_sync["rid"].get<std::string>(), "c1", 2, {}});
    Chat* chat = h.s.find_chat("c1");
    REQUIRE(chat->events.size() == 2);
    CHECK_FALSE(chat->sync_in_flight);

    h.server(text_event("c1", 2, proto::Role::customer, "two again"));  // duplicate
    CHECK(chat->events.size() == 2);
    CHECK(chat->events[1].text == "two");

    h.server(text_event("c1", 5, proto::Role::customer, "five"));  // gap: 3 and 4 missing
    CHECK(chat->events.size() == 2);
    const auto sync = h.sent("chat.sync");
    REQUIRE(sync.is_object());
    CHECK(sync["after"] == 2);
    h.server(text_event("c1", 6, proto::Role::customer, "six"));  // another gap while syncing: no second sync
    CHECK(h.sent("chat.sync").is_null());

    for (int seq = 3; seq <= 6; ++seq)
        h.server(text_event("c1", seq, proto::Role::customer, "#" + std::to_string(seq)));
    h.server(proto::ChatSynced{sync["rid"].get<std::string>(), "c1", 6, {}});
    REQUIRE(chat->events.size() == 6);
    for (std::size_t i = 0; i < 6; ++i) CHECK(chat->events[i].seq == static_cast<std::int64_t>(i + 1));
}

TEST_CASE("a sync that ends short of the server's last seq syncs again") {
    Harness h;
    h.log_in({summary("c1", "Max", 3)});
    const auto sync = h.sent("chat.sync");
    h.server(text_event("c1", 1, proto::Role::customer, "one"));
    h.server(proto::ChatSynced{sync["rid"].get<std::string>(), "c1", 3, {}});
    CHECK(h.sent("chat.sync")["after"] == 1);
}

TEST_CASE("unread: counted for chats not in view, cleared with a read mark when selected, in the title") {
    Harness h;
    h.log_in({summary("c1", "Max"), summary("c2", "Erika")});
    CHECK(h.s.selected_chat_id == "c1");
    const auto syncs = h.all_sent("chat.sync");
    REQUIRE(syncs.size() == 2);
    h.server(proto::ChatSynced{syncs[0]["rid"].get<std::string>(), "c1", 0, {}});
    h.server(proto::ChatSynced{syncs[1]["rid"].get<std::string>(), "c2", 0, {}});

    h.server(text_event("c2", 1, proto::Role::customer, "hello?"));
    h.server(text_event("c2", 2, proto::Role::customer, "anyone?"));
    CHECK(h.s.find_chat("c2")->unread == 2);
    CHECK(h.s.title == "(2) Agent Desktop");
    const auto mark = h.sent("chat.mark");
    CHECK(mark["chatId"] == "c2");
    CHECK(mark["delivered"] == 2);
    CHECK_FALSE(mark.contains("read"));

    h.server(text_event("c1", 1, proto::Role::customer, "in view"));
    CHECK(h.s.find_chat("c1")->unread == 0);
    CHECK(h.sent("chat.mark")["read"] == 1);

    h.apply(intent::SelectChat{"c2"});
    CHECK(h.s.find_chat("c2")->unread == 0);
    CHECK(h.sent("chat.mark")["read"] == 2);
    CHECK(h.s.title == "Agent Desktop");

    // A hidden page does not read: unread grows even for the selected chat, and is read when visible again.
    h.apply(ev::VisibilityChanged{false});
    h.server(text_event("c2", 3, proto::Role::customer, "?"));
    CHECK(h.s.find_chat("c2")->unread == 1);
    CHECK(h.s.title == "(1) Agent Desktop");
    h.apply(ev::VisibilityChanged{true});
    CHECK(h.s.find_chat("c2")->unread == 0);
    CHECK(h.sent("chat.mark")["read"] == 3);
}

TEST_CASE("after a reload the unread count comes from the stored read mark") {
    Harness h;
    h.log_in({summary("c1"), summary("c2")});
    const auto syncs = h.all_sent("chat.sync");
    for (int seq = 1; seq <= 5; ++seq) h.server(text_event("c2", seq, proto::Role::customer, "m"));
    proto::Receipts receipts;
    receipts.agent = {5, 3};
    h.server(proto::ChatSynced{syncs[1]["rid"].get<std::string>(), "c2", 5, receipts});
    CHECK(h.s.find_chat("c2")->unread == 2);
}

TEST_CASE("own messages: sent, delivered, read from the customer's receipts") {
    Harness h;
    h.log_in({summary("c1")});
    h.server(text_event("c1", 1, proto::Role::agent, "Hello", "m-1"));
    h.server(proto::ReceiptPush{"c1", proto::Role::customer, {1, 0}});
    CHECK(h.s.find_chat("c1")->customer_receipts.delivered == 1);
    h.server(proto::ReceiptPush{"c1", proto::Role::customer, {1, 1}});
    CHECK(h.s.find_chat("c1")->customer_receipts.read == 1);
    h.server(proto::ReceiptPush{"c1", proto::Role::customer, {0, 0}});  // marks never move back
    CHECK(h.s.find_chat("c1")->customer_receipts.read == 1);
}

TEST_CASE("typing: the customer's indicator expires; ours is throttled to one per interval") {
    Harness h;
    h.log_in({summary("c1")});
    h.server(proto::TypingPush{"c1", proto::Role::customer, "Max", true});
    CHECK(h.s.find_chat("c1")->customer_typing.active);
    h.advance(static_cast<double>(h.s.limits.typing_timeout_ms) + h.s.settings.typing_expiry_grace_ms - 1);
    CHECK(h.s.find_chat("c1")->customer_typing.active);
    h.advance(1);
    CHECK_FALSE(h.s.find_chat("c1")->customer_typing.active);

    h.server(proto::TypingPush{"c1", proto::Role::customer, "Max", true});
    h.server(text_event("c1", 1, proto::Role::customer, "done typing"));
    CHECK_FALSE(h.s.find_chat("c1")->customer_typing.active);

    h.apply(intent::DraftEdited{"c1", false});
    CHECK(h.sent("typing")["active"] == true);
    int sent = 0;
    for (int i = 0; i < 19; ++i) {  // 1.9 s of keystrokes
        h.now += 100;
        h.apply(intent::DraftEdited{"c1", false});
        sent += h.sent("typing").is_object();
    }
    CHECK(sent == 0);
    h.now += 100;  // 2 s after the first
    h.apply(intent::DraftEdited{"c1", false});
    CHECK(h.sent("typing")["active"] == true);
    h.apply(intent::DraftEdited{"c1", true});  // draft cleared
    CHECK(h.sent("typing")["active"] == false);
}

TEST_CASE("context and location events update the contact's live data; system events read well") {
    Harness h;
    h.log_in({summary("c1")});
    h.server(event_with("c1", 1, proto::ContextBody{{{"Vehicle", "VW Golf"}, {"Policy", ""}}}, proto::Role::customer));
    const Chat* chat = h.s.find_chat("c1");
    CHECK(chat->context.at("Vehicle") == "VW Golf");
    CHECK(chat->context.count("Policy") == 0);
    h.server(event_with("c1", 2, proto::LocationBody{{52.52, 13.405, 12.5}}, proto::Role::customer));
    REQUIRE(chat->last_location);
    CHECK(chat->last_location->location.lat == doctest::Approx(52.52));
    CHECK(chat->events[1].text.find("52.520000") != std::string::npos);
    h.server(event_with("c1", 3, proto::JoinedBody{proto::Role::agent, "Anna Berger"}));
    CHECK(chat->events[2].text == "Anna Berger joined (agent)");
    h.server(event_with("c1", 4, proto::TransferBody{"Ben Koch", "Anna Berger"}));
    CHECK(chat->events[3].text == "Transferred from Ben Koch to Anna Berger");
    h.server(event_with("c1", 5, proto::EndedBody{proto::Role::customer, "resolved"}));
    CHECK(chat->status == proto::ChatStatus::ended);
    CHECK(chat->events[4].text == "Chat ended by customer (resolved)");
}

TEST_CASE("the reply timer turns red after the threshold without an agent reply") {
    Harness h;
    h.log_in({summary("c1")});
    h.server(text_event("c1", 1, proto::Role::customer, "help"));
    const Chat* chat = h.s.find_chat("c1");
    const double asked_at = chat->last_customer_message_at;
    h.now = asked_at + h.s.settings.unanswered_warning_ms - 1;
    CHECK_FALSE(reply_overdue(*chat, h.s.settings, h.now));
    h.now += 1;
    CHECK(reply_overdue(*chat, h.s.settings, h.now));
    h.server(text_event("c1", 2, proto::Role::agent, "here", "m-x"));
    CHECK_FALSE(reply_overdue(*chat, h.s.settings, h.now + 1e6));
}

TEST_CASE("glyphs are requested for everything that will be shown") {
    Harness h;
    h.log_in({summary("c1")});
    h.server(text_event("c1", 1, proto::Role::customer, "こんにちは"));
    bool asked = false;
    for (const auto& g : of_type<cmd::NeedGlyphs>(h.last)) asked |= g.text == "こんにちは";
    CHECK(asked);
}

TEST_CASE("the reply timer uses the server's clock, estimated from live events") {
    Harness h;
    h.log_in({summary("c1")});
    h.server(proto::ChatSynced{h.sent("chat.sync")["rid"].get<std::string>(), "c1", 0, {}});
    // The server's clock is 30 s ahead of the browser's: the event is stamped 30 s "in the future".
    auto push = text_event("c1", 1, proto::Role::customer, "help");
    push.event.ts = static_cast<std::int64_t>(h.now) + 30000;
    h.server(push);
    CHECK(h.s.server_clock_offset_ms == doctest::Approx(30000));
    const Chat* chat = h.s.find_chat("c1");
    CHECK_FALSE(reply_overdue(*chat, h.s.settings, server_now(h.s, h.now + 59000)));
    CHECK(reply_overdue(*chat, h.s.settings, server_now(h.s, h.now + 60000)));
    CHECK(elapsed_label(server_now(h.s, h.now + 5000) - chat->last_customer_message_at) == "5 s");
    // And the page is woken when the red threshold is crossed, in local time.
    h.advance(59000);
    CHECK(h.s.wake_at <= h.now + 1000);
}

TEST_CASE("selecting a chat while offline clears its unread count; the read mark follows the reconnect") {
    Harness h;
    h.log_in({summary("c1"), summary("c2")});
    const auto syncs = h.all_sent("chat.sync");
    h.server(proto::ChatSynced{syncs[0]["rid"].get<std::string>(), "c1", 0, {}});
    h.server(proto::ChatSynced{syncs[1]["rid"].get<std::string>(), "c2", 0, {}});
    h.server(text_event("c2", 1, proto::Role::customer, "hello?"));
    CHECK(h.s.find_chat("c2")->unread == 1);
    h.apply(ev::SocketClosed{1006, ""});
    h.apply(intent::SelectChat{"c2"});
    CHECK(h.s.find_chat("c2")->unread == 0);
    CHECK(h.sent("chat.mark").is_null());
    h.advance(h.s.connection.reconnect_at - h.now);
    h.apply(ev::SocketOpened{});
    h.server(welcome(h.sent("agent.resume")["rid"].get<std::string>(), {summary("c1"), summary("c2", "Max", 1)}));
    const auto resync = h.all_sent("chat.sync");
    REQUIRE(resync.size() == 2);
    h.server(proto::ChatSynced{resync[1]["rid"].get<std::string>(), "c2", 1, {}});
    CHECK(h.sent("chat.mark")["read"] == 1);
}
