#include <doctest/doctest.h>

#include <set>

#include "harness.hpp"

using namespace desk;
using namespace desk::test;

namespace {

void synced(Harness& h, const std::string& chat_id) {
    for (const auto& sync : h.all_sent("chat.sync"))
        if (sync["chatId"] == chat_id) h.server(proto::ChatSynced{sync["rid"].get<std::string>(), chat_id, 0, {}});
}

}  // namespace

TEST_CASE("send: chat.send with a clientId; the committed event replaces the outbox row (ack first or last)") {
    Harness h;
    h.log_in({summary("c1")});
    synced(h, "c1");
    h.apply(intent::SendText{"c1", "Hallo!"});
    const auto send = h.sent("chat.send");
    REQUIRE(send.is_object());
    CHECK(send["kind"] == "text");
    CHECK(send["body"]["text"] == "Hallo!");
    const std::string client_id = send["clientId"];
    CHECK_FALSE(client_id.empty());
    REQUIRE(h.s.outbox.size() == 1);
    CHECK(h.s.outbox[0].status == OutboxStatus::sending);

    SUBCASE("ack, then event") {
        h.server(proto::Ack{send["rid"].get<std::string>(), "c1", client_id, 1, 5});
        CHECK(h.s.outbox[0].status == OutboxStatus::acked);
        h.server(text_event("c1", 1, proto::Role::agent, "Hallo!", client_id));
    }
    SUBCASE("event, then ack") {
        h.server(text_event("c1", 1, proto::Role::agent, "Hallo!", client_id));
        h.server(proto::Ack{send["rid"].get<std::string>(), "c1", client_id, 1, 5});
    }
    CHECK(h.s.outbox.empty());
    CHECK(h.s.find_chat("c1")->events.size() == 1);  // shown once
}

TEST_CASE("offline: sends wait as queued, go out after the resume with the same clientId, shown once") {
    Harness h;
    h.log_in({summary("c1")});
    synced(h, "c1");
    h.apply(intent::SendText{"c1", "in flight when the line drops"});
    const std::string in_flight_id = h.sent("chat.send")["clientId"];
    h.apply(ev::SocketClosed{1006, ""});
    CHECK(h.s.outbox[0].status == OutboxStatus::queued);
    h.apply(intent::SendText{"c1", "written offline"});
    CHECK(h.sent("chat.send").is_null());
    REQUIRE(h.s.outbox.size() == 2);
    CHECK(h.s.outbox[1].status == OutboxStatus::queued);

    h.advance(h.s.connection.reconnect_at - h.now);
    h.apply(ev::SocketOpened{});
    h.server(welcome(h.sent("agent.resume")["rid"].get<std::string>(), {summary("c1", "Max", 1)}));
    // Sync first, then both resent, with their original clientIds.
    CHECK(h.sent("chat.sync")["after"] == 0);
    const auto resent = h.all_sent("chat.send");
    REQUIRE(resent.size() == 2);
    CHECK(resent[0]["clientId"] == in_flight_id);
    const std::string offline_id = resent[1]["clientId"];

    // The first had been committed before the drop: the sync brings it, the resend's ack repeats it.
    h.server(text_event("c1", 1, proto::Role::agent, "in flight when the line drops", in_flight_id));
    h.server(proto::Ack{resent[0]["rid"].get<std::string>(), "c1", in_flight_id, 1, 1});
    h.server(text_event("c1", 2, proto::Role::agent, "written offline", offline_id));
    h.server(proto::Ack{resent[1]["rid"].get<std::string>(), "c1", offline_id, 2, 2});
    CHECK(h.s.outbox.empty());
    CHECK(h.s.find_chat("c1")->events.size() == 2);
}

TEST_CASE("a refused send can be retried (same clientId) or discarded") {
    Harness h;
    h.log_in({summary("c1")});
    synced(h, "c1");
    h.apply(intent::SendText{"c1", "too fast"});
    const auto send = h.sent("chat.send");
    auto error = proto::Error::make(proto::ErrorCode::rate_limited, "slow down");
    error.retry_after_ms = 500;
    h.server(proto::ErrorReply{send["rid"].get<std::string>(), error});
    REQUIRE(h.s.outbox.size() == 1);
    CHECK(h.s.outbox[0].status == OutboxStatus::failed);
    CHECK(h.s.outbox[0].error_code == "rate_limited");

    SUBCASE("retry") {
        h.apply(intent::RetrySend{h.s.outbox[0].client_id});
        const auto again = h.sent("chat.send");
        CHECK(again["clientId"] == send["clientId"]);
        CHECK(again["rid"] != send["rid"]);
        CHECK(h.s.outbox[0].status == OutboxStatus::sending);
    }
    SUBCASE("discard") {
        h.apply(intent::DiscardSend{h.s.outbox[0].client_id});
        CHECK(h.s.outbox.empty());
    }
}

TEST_CASE("a message on its way cannot be discarded (it may already be committed)") {
    Harness h;
    h.log_in({summary("c1")});
    h.apply(intent::SendText{"c1", "x"});
    h.apply(intent::DiscardSend{h.s.outbox[0].client_id});
    CHECK(h.s.outbox.size() == 1);
}

TEST_CASE("limits: empty and over-long texts are refused locally; the outbox cap holds") {
    Harness h;
    h.log_in({summary("c1")});
    h.apply(intent::SendText{"c1", "  \n "});
    CHECK(h.s.outbox.empty());
    h.s.limits.max_text_chars = 5;
    h.apply(intent::SendText{"c1", "üüüüü"});  // 5 code points, 10 bytes: fits
    CHECK(h.s.outbox.size() == 1);
    h.apply(intent::SendText{"c1", "üüüüüü"});
    CHECK(h.s.outbox.size() == 1);
    CHECK(h.s.notices.back().code == "invalid_text");

    h.s.settings.outbox_cap = 3;
    h.apply(ev::SocketClosed{1006, ""});
    h.apply(intent::SendText{"c1", "a"});
    h.apply(intent::SendText{"c1", "b"});
    CHECK(h.s.outbox.size() == 3);
    h.apply(intent::SendText{"c1", "c"});
    CHECK(h.s.outbox.size() == 3);
    CHECK(h.s.notices.back().code == "outbox_full");
}

TEST_CASE("clientIds are unique") {
    Harness h;
    h.log_in({summary("c1")});
    std::set<std::string> ids;
    for (int i = 0; i < 200; ++i) h.apply(intent::SendText{"c1", "m"});
    for (const auto& item : h.s.outbox) ids.insert(item.client_id);
    CHECK(ids.size() == 200);
}
