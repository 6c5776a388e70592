// Router: a chat is not re-offered to an agent who declined or missed it until every other eligible agent has.
#include <doctest/doctest.h>

#include "core/routing.hpp"
#include "routing_test_support.hpp"

using namespace core;
using core_test::count_of;
using core_test::ok;
using core_test::only;
using core_test::ready_agent;

TEST_CASE("a declined chat visits every other agent before coming back") {
    Router router;
    ready_agent(router, "a1", 0);
    ready_agent(router, "a2", 0);
    ready_agent(router, "a3", 0);
    CHECK(only<OfferMade>(ok(router.chat_queued("c1", 10))).agent == "a1");

    auto first = ok(router.decline_offer("a1", "o1", 20));
    CHECK(only<OfferRevoked>(first) == OfferRevoked{"o1", "a1", "c1", RevokeReason::declined});
    CHECK(to_wire(RevokeReason::declined) == proto::OfferRevokedReason::declined);
    CHECK(only<OfferMade>(first).agent == "a2");  // a1 was offered last at t=10; a2 and a3 never: a2 registered first
    CHECK(only<OfferMade>(ok(router.decline_offer("a2", "o2", 30))).agent == "a3");
    // Everyone declined: a new round starts with the agent who waited longest since its last offer.
    auto round = ok(router.decline_offer("a3", "o3", 40));
    CHECK(only<OfferMade>(round).agent == "a1");
    // In the new round the others come first again.
    CHECK(only<OfferMade>(ok(router.decline_offer("a1", "o4", 50))).agent == "a2");
}

TEST_CASE("an agent who declined gets younger chats while the declined one waits for the others") {
    Router router;
    ready_agent(router, "a1", 0);
    ready_agent(router, "a2", 0);
    (void)router.chat_queued("c1", 10);  // o1 -> a1
    (void)router.chat_queued("c2", 11);  // o2 -> a2
    (void)router.chat_queued("c3", 12);  // waits

    // a2 has not passed c1 and may still take it (it is eligible, answering c2): c1 waits, a1 gets c3.
    auto declined = ok(router.decline_offer("a1", "o1", 20));
    CHECK(only<OfferMade>(declined) == OfferMade{"o3", "a1", "c3", 20 + proto::kDefaultOfferTimeoutMs, std::nullopt});
    CHECK(router.chat("c1")->position == 1);

    // a2 accepts c2 and is free again: c1 goes to a2, not back to a1.
    (void)router.accept_offer("a1", "o3", 21);
    auto accepted = ok(router.accept_offer("a2", "o2", 22));
    CHECK(only<OfferMade>(accepted).agent == "a2");
    CHECK(only<OfferMade>(accepted).chat == "c1");
}

TEST_CASE("a lone agent who declined gets the other waiting chats first, then the declined one again") {
    Router router;
    ready_agent(router, "a1", 0);
    (void)router.chat_queued("c1", 1);  // o1
    (void)router.chat_queued("c2", 2);
    CHECK(only<OfferMade>(ok(router.decline_offer("a1", "o1", 3))).chat == "c2");
    // Both declined: every eligible agent (only a1) passed both, so the oldest comes back.
    CHECK(only<OfferMade>(ok(router.decline_offer("a1", "o2", 4))).chat == "c1");
}

TEST_CASE("a missed chat is not re-offered to the agent who missed it until the others passed it too") {
    RouterSettings settings;
    settings.offer_timeout_ms = 1000;
    Router router(settings);
    ready_agent(router, "a1", 0);
    ready_agent(router, "a2", 0);
    (void)router.chat_queued("c1", 0);  // o1 -> a1

    auto missed = router.tick(1000);
    CHECK(only<OfferMade>(missed).agent == "a2");
    CHECK(router.agent("a1")->presence.reason == "Missed offer");

    // a1 comes back while a2 still considers c1: a1 must not get c1.
    CHECK(count_of<OfferMade>(ok(router.set_presence("a1", {proto::PresenceState::ready, ""}, 1100))) == 0);
    // a2 misses it too: now every eligible agent passed c1 (a2 is not ready any more, a1 passed it),
    // so a new round starts and a1 gets it again.
    auto second = router.tick(2000);
    CHECK(only<PresenceChanged>(second).agent == "a2");
    CHECK(only<OfferMade>(second).agent == "a1");
}

TEST_CASE("an agent at full capacity is not waited for") {
    Router router;
    ready_agent(router, "a1", 0);
    ready_agent(router, "a2", 0, 1);
    auto offer = only<OfferMade>(ok(router.chat_queued("c0", 0)));  // -> a1
    (void)router.decline_offer("a1", offer.offer, 1);               // c0 -> a2
    (void)router.accept_offer("a2", "o2", 2);                       // a2 full
    (void)router.chat_queued("c1", 3);                              // o3 -> a1
    // a2 (full) is not eligible, so a1's decline of c1 means every eligible agent passed: it comes back.
    CHECK(only<OfferMade>(ok(router.decline_offer("a1", "o3", 4))).chat == "c1");
}
