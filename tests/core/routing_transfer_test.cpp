// Router: transfers between agents (accept, decline, expiry, refusals, the chat ending meanwhile).
#include <doctest/doctest.h>

#include "core/routing.hpp"
#include "routing_test_support.hpp"

using namespace core;
using core_test::count_of;
using core_test::ok;
using core_test::only;
using core_test::ready_agent;

namespace {

// a1 holds c1; a2 is connected but not ready and full (capacity 1 with chat c2): transfers bypass both.
Router router_with_chat_on_a1() {
    RouterSettings settings;
    settings.offer_timeout_ms = 1000;
    Router router(settings);
    ready_agent(router, "a1", 0);
    ready_agent(router, "a2", 0, 1);
    auto first = only<OfferMade>(ok(router.chat_queued("c1", 1)));
    REQUIRE(first.agent == "a1");
    (void)router.accept_offer("a1", first.offer, 2);
    auto second = only<OfferMade>(ok(router.chat_queued("c2", 3)));
    REQUIRE(second.agent == "a2");
    (void)router.accept_offer("a2", second.offer, 4);
    (void)router.set_presence("a2", {proto::PresenceState::not_ready, "Meeting"}, 5);
    return router;
}

}  // namespace

TEST_CASE("a transfer offer reaches a busy, not-ready agent; accepting moves the chat") {
    Router router = router_with_chat_on_a1();
    auto requested = ok(router.request_transfer("c1", "a1", "a2", 10));
    CHECK(only<OfferMade>(requested) == OfferMade{"o3", "a2", "c1", 1010, AgentId{"a1"}});
    CHECK(count_of<QueuePositionChanged>(requested) == 0);
    CHECK(router.chat("c1")->stage == ChatStage::assigned);  // still a1's until accepted
    CHECK(router.chat("c1")->open_offer == "o3");
    const auto open = router.open_offer_of_chat("c1");  // the transfer offer, by chat
    REQUIRE(open);
    CHECK(open->offer == "o3");
    CHECK(open->agent == "a2");
    CHECK(open->transfer_from == AgentId{"a1"});

    auto accepted = ok(router.accept_offer("a2", "o3", 20));
    CHECK(only<ChatAssigned>(accepted) == ChatAssigned{"c1", "a2", AgentId{"a1"}});
    CHECK(router.chat("c1")->agent == "a2");
    CHECK(router.agent("a1")->load == 0);
    CHECK(router.agent("a2")->load == 2);  // over its capacity of 1: transfers may do that
    CHECK_FALSE(router.next_deadline());
}

TEST_CASE("a declined transfer leaves the chat with its source") {
    Router router = router_with_chat_on_a1();
    (void)router.request_transfer("c1", "a1", "a2", 10);
    auto declined = ok(router.decline_offer("a2", "o3", 20));
    CHECK(only<OfferRevoked>(declined) == OfferRevoked{"o3", "a2", "c1", RevokeReason::declined});
    CHECK(only<TransferFailed>(declined) == TransferFailed{"c1", "a1", "a2", proto::TransferFailedReason::declined});
    CHECK(count_of<OfferMade>(declined) == 0);
    CHECK(router.chat("c1")->agent == "a1");
    CHECK_FALSE(router.chat("c1")->open_offer);
    CHECK(router.agent("a1")->load == 1);
    // The source may try again.
    CHECK(router.request_transfer("c1", "a1", "a2", 30).ok());
}

TEST_CASE("an expired transfer fails and the target misses the offer") {
    Router router = router_with_chat_on_a1();
    (void)router.request_transfer("c1", "a1", "a2", 10);
    CHECK(router.next_deadline() == 1010);
    auto expired = router.tick(1010);
    CHECK(only<TransferFailed>(expired).reason == proto::TransferFailedReason::expired);
    CHECK(only<OfferRevoked>(expired).reason == RevokeReason::expired);
    CHECK(only<PresenceChanged>(expired) == PresenceChanged{"a2", {proto::PresenceState::not_ready, "Missed offer"}});
    CHECK(router.chat("c1")->agent == "a1");
}

TEST_CASE("transfers are refused with typed errors") {
    Router router = router_with_chat_on_a1();
    auto code = [&](const ChatId& chat, const AgentId& from, const AgentId& to) {
        auto outcome = router.request_transfer(chat, from, to, 10);
        return outcome.error ? outcome.error->code : proto::ErrorCode{};
    };
    CHECK(code("nope", "a1", "a2") == proto::ErrorCode::not_found);
    CHECK(code("c2", "a1", "a2") == proto::ErrorCode::forbidden);  // a2's chat
    CHECK(code("c1", "a1", "a1") == proto::ErrorCode::invalid_field);
    CHECK(code("c1", "a1", "zz") == proto::ErrorCode::not_found);
    CHECK(router.request_transfer("c1", "a1", "zz", 10).error->field == "toAgentId");

    router.agent_connected({"a3", "Cem", std::nullopt}, 10);
    (void)router.agent_disconnected("a3", 11);
    CHECK(code("c1", "a1", "a3") == proto::ErrorCode::unavailable);

    // The target is answering another offer: one offer at a time.
    ready_agent(router, "a4", 12);
    (void)router.chat_queued("c3", 13);  // -> a4 (a1 has a chat, a4 none)
    REQUIRE(router.open_offer_of("a4"));
    CHECK(code("c1", "a1", "a4") == proto::ErrorCode::conflict);

    CHECK(router.request_transfer("c1", "a1", "a2", 14).ok());
    CHECK(code("c1", "a1", "a2") == proto::ErrorCode::conflict);   // already open
    CHECK(code("c3", "a4", "a2") == proto::ErrorCode::forbidden);  // c3 is only offered, not assigned
}

TEST_CASE("a chat that ends during its transfer revokes the transfer offer") {
    Router router = router_with_chat_on_a1();
    (void)router.request_transfer("c1", "a1", "a2", 10);
    auto ended = ok(router.chat_released("c1", 20));
    CHECK(only<OfferRevoked>(ended) == OfferRevoked{"o3", "a2", "c1", RevokeReason::ended});
    CHECK(only<TransferFailed>(ended).reason == proto::TransferFailedReason::ended);
    CHECK(router.agent("a1")->load == 0);
    CHECK_FALSE(router.open_offer_of("a2"));
    CHECK(router.accept_offer("a2", "o3", 21).error->code == proto::ErrorCode::conflict);
}

TEST_CASE("a transfer target that disconnects fails the transfer; the freed source takes queued chats") {
    Router router = router_with_chat_on_a1();
    (void)router.request_transfer("c1", "a1", "a2", 10);
    auto gone = ok(router.agent_disconnected("a2", 20));
    CHECK(only<OfferRevoked>(gone).reason == RevokeReason::disconnected);
    CHECK(only<TransferFailed>(gone).reason == proto::TransferFailedReason::expired);

    // A successful transfer frees the source's capacity for the queue.
    RouterSettings settings;
    Router other(settings);
    ready_agent(other, "a1", 0, 1);
    ready_agent(other, "a2", 0, 1);
    (void)other.chat_queued("c1", 1);  // -> a1
    (void)other.accept_offer("a1", "o1", 2);
    (void)other.set_presence("a2", {proto::PresenceState::not_ready, "Break"}, 3);
    (void)other.chat_queued("c2", 4);  // waits: a1 full, a2 not ready
    (void)other.request_transfer("c1", "a1", "a2", 5);
    auto moved = ok(other.accept_offer("a2", "o2", 6));
    CHECK(only<OfferMade>(moved) == OfferMade{"o3", "a1", "c2", 6 + proto::kDefaultOfferTimeoutMs, std::nullopt});
}
