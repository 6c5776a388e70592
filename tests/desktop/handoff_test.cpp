#include <doctest/doctest.h>

#include "harness.hpp"

using namespace desk;
using namespace desk::test;

TEST_CASE("transfer: agents.list without ourselves, chat.transfer, then removed on success") {
    Harness h;
    h.log_in({summary("c1"), summary("c2")});
    h.apply(intent::LoadAgents{});
    const auto list = h.sent("agents.list");
    REQUIRE(list.is_object());
    h.server(proto::AgentsReply{list["rid"].get<std::string>(),
                                {{"a1", "Anna Berger", proto::PresenceState::ready, 1, 4},
                                 {"a2", "Ben Koch", proto::PresenceState::ready, 1, 4}}});
    REQUIRE(h.s.agents.size() == 1);
    CHECK(h.s.agents[0].id == "a2");

    h.apply(intent::TransferChat{"c1", "a2"});
    const auto transfer = h.sent("chat.transfer");
    CHECK(transfer["toAgentId"] == "a2");
    CHECK(h.s.find_chat("c1")->transfer_pending);
    h.server(proto::Ok{transfer["rid"].get<std::string>()});

    SUBCASE("accepted by the target") {
        h.server(proto::ChatRemoved{"c1", proto::ChatRemovedReason::transferred});
        CHECK(h.s.find_chat("c1") == nullptr);
        CHECK(h.s.selected_chat_id == "c2");
    }
    SUBCASE("declined by the target") {
        h.server(proto::TransferFailed{"c1", proto::TransferFailedReason::declined});
        CHECK_FALSE(h.s.find_chat("c1")->transfer_pending);
        CHECK(h.s.notices.back().code == "transfer_failed");
        CHECK(h.s.notices.back().message.find("declined") != std::string::npos);
    }
}

TEST_CASE("end and wrap-up: chat.end, the ended event, chat.wrapup with a configured disposition, removed") {
    Harness h;
    h.log_in({summary("c1")});
    h.apply(intent::FileWrapup{"c1", "Resolved", ""});  // not ended yet
    CHECK(h.sent("chat.wrapup").is_null());

    h.apply(intent::EndChat{"c1"});
    const auto end = h.sent("chat.end");
    CHECK(end["chatId"] == "c1");
    h.server(proto::Ok{end["rid"].get<std::string>()});
    h.server(event_with("c1", 1, proto::EndedBody{proto::Role::agent, "resolved"}));
    CHECK(h.s.find_chat("c1")->status == proto::ChatStatus::ended);

    h.apply(intent::SendText{"c1", "too late"});
    CHECK(h.s.outbox.empty());

    h.apply(intent::FileWrapup{"c1", "Not a disposition", ""});
    CHECK(h.sent("chat.wrapup").is_null());
    CHECK(h.s.notices.back().code == "invalid_field");

    h.s.limits.max_text_chars = 17;
    h.apply(intent::FileWrapup{"c1", "Claim opened", "Tow truck ordered!"});  // 18 characters: one over
    CHECK(h.sent("chat.wrapup").is_null());
    CHECK(h.s.notices.back().code == "too_large");
    h.apply(intent::FileWrapup{"c1", "Claim opened", "Tow truck ordered"});
    const auto wrapup = h.sent("chat.wrapup");
    CHECK(wrapup["disposition"] == "Claim opened");
    CHECK(wrapup["notes"] == "Tow truck ordered");
    h.server(proto::Ok{wrapup["rid"].get<std::string>()});
    CHECK(h.s.find_chat("c1") != nullptr);  // stays until chat.removed
    h.server(proto::ChatRemoved{"c1", proto::ChatRemovedReason::closed});
    CHECK(h.s.chats.empty());
    CHECK(h.s.selected_chat_id.empty());
}

TEST_CASE("a refused wrap-up can be filed again") {
    Harness h;
    h.log_in({summary("c1")});
    h.server(event_with("c1", 1, proto::EndedBody{proto::Role::customer, ""}));
    h.apply(intent::FileWrapup{"c1", "Resolved", ""});
    h.server(proto::ErrorReply{h.sent("chat.wrapup")["rid"].get<std::string>(),
                               proto::Error::make(proto::ErrorCode::unavailable, "storage failed")});
    CHECK_FALSE(h.s.find_chat("c1")->wrapup_pending);
    h.apply(intent::FileWrapup{"c1", "Resolved", ""});
    CHECK(h.sent("chat.wrapup").is_object());
}

TEST_CASE("request location only where the customer's app can share it") {
    Harness h;
    auto no_location = summary("c2");
    no_location.customer.capabilities = {proto::Capability::phone};
    h.log_in({summary("c1"), no_location});
    h.apply(intent::RequestLocation{"c1"});
    CHECK(h.sent("chat.send")["kind"] == "location_request");
    h.apply(intent::RequestLocation{"c2"});
    CHECK(h.sent("chat.send").is_null());
}
