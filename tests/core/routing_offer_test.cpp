// Router: offers, accept, decline, expiry, capacity, queue positions, disconnects, customers leaving.
#include <doctest/doctest.h>

#include "core/routing.hpp"
#include "routing_test_support.hpp"

using namespace core;
using core_test::all_of;
using core_test::count_of;
using core_test::ok;
using core_test::only;
using core_test::position_of;
using core_test::ready_agent;

TEST_CASE("a queued chat is offered to the ready agent and accepting assigns it") {
    Router router;
    CHECK(count_of<OfferMade>(ready_agent(router, "a1", 0)) == 0);

    auto queued = ok(router.chat_queued("c1", 100));
    const auto offer = only<OfferMade>(queued);
    CHECK(offer == OfferMade{"o1", "a1", "c1", 100 + proto::kDefaultOfferTimeoutMs, std::nullopt});
    CHECK(position_of(queued, "c1") == 0);  // being offered
    CHECK(router.chat("c1")->stage == ChatStage::offered);
    CHECK(router.open_offer_of("a1")->chat == "c1");
    CHECK(router.next_deadline() == 100 + proto::kDefaultOfferTimeoutMs);
    // Looked up by chat (to re-send it when the customer writes): the same offer, its expiry unchanged.
    const auto by_chat = router.open_offer_of_chat("c1");
    REQUIRE(by_chat);
    CHECK(by_chat->offer == "o1");
    CHECK(by_chat->agent == "a1");
    CHECK(by_chat->expires_at == 100 + proto::kDefaultOfferTimeoutMs);
    CHECK_FALSE(router.open_offer_of_chat("c9"));

    auto accepted = ok(router.accept_offer("a1", "o1", 200));
    CHECK(only<ChatAssigned>(accepted) == ChatAssigned{"c1", "a1", std::nullopt});
    CHECK(router.chat("c1")->stage == ChatStage::assigned);
    CHECK(router.chat("c1")->agent == "a1");
    CHECK(router.agent("a1")->load == 1);
    CHECK_FALSE(router.open_offer_of("a1"));
    CHECK_FALSE(router.open_offer_of_chat("c1"));  // assigned: no offer open any more
    CHECK_FALSE(router.next_deadline());
}

TEST_CASE("offer answers are refused with typed errors") {
    Router router;
    ready_agent(router, "a1", 0);
    ready_agent(router, "a2", 0);
    (void)router.chat_queued("c1", 10);  // -> a1 (registered first)
    (void)router.chat_queued("c2", 10);  // -> a2

    CHECK(router.accept_offer("a1", "o99", 20).error->code == proto::ErrorCode::not_found);
    CHECK(router.accept_offer("a1", "x1", 20).error->code == proto::ErrorCode::not_found);
    CHECK(router.accept_offer("a1", "o01", 20).error->code == proto::ErrorCode::not_found);
    CHECK(router.accept_offer("a1", "o", 20).error->code == proto::ErrorCode::not_found);
    CHECK(router.accept_offer("a1", "o2", 20).error->code == proto::ErrorCode::forbidden);
    CHECK(router.decline_offer("a1", "o2", 20).error->code == proto::ErrorCode::forbidden);
    CHECK(ok(router.accept_offer("a1", "o1", 20)).size() == 1);
    // Already taken: the id existed, so it is a conflict, not an unknown offer.
    auto again = router.accept_offer("a1", "o1", 21);
    CHECK(again.error->code == proto::ErrorCode::conflict);
    CHECK(again.error->field == "offerId");
    CHECK(router.decline_offer("a1", "o1", 21).error->code == proto::ErrorCode::conflict);
    CHECK(router.accept_offer("zz", "o2", 21).error->code == proto::ErrorCode::forbidden);
}

TEST_CASE("offer ids carry the configured prefix, so ids of an earlier run are unknown") {
    RouterSettings settings;
    settings.offer_id_prefix = "r7-";
    Router router(settings);
    ready_agent(router, "a1", 0);
    CHECK(only<OfferMade>(ok(router.chat_queued("c1", 0))).offer == "r7-1");
    CHECK(router.accept_offer("a1", "o1", 1).error->code == proto::ErrorCode::not_found);
    CHECK(router.accept_offer("a1", "r7-2", 1).error->code == proto::ErrorCode::not_found);  // never issued
    CHECK(router.accept_offer("a1", "r7-1", 1).ok());
}

TEST_CASE("agents that are not ready, or disconnected, get no offers") {
    Router router;
    auto queued = ok(router.chat_queued("c1", 0));
    CHECK(count_of<OfferMade>(queued) == 0);
    CHECK(position_of(queued, "c1") == 1);

    CHECK(router.agent_connected({"a1", "Anna", std::nullopt}, 10).empty());  // new agents start not_ready
    CHECK(router.agent("a1")->presence == proto::Presence{proto::PresenceState::not_ready, "Login"});

    auto lunch = ok(router.set_presence("a1", {proto::PresenceState::not_ready, "Lunch"}, 20));
    CHECK(only<PresenceChanged>(lunch).presence.reason == "Lunch");
    CHECK(count_of<OfferMade>(lunch) == 0);

    auto ready = ok(router.set_presence("a1", {proto::PresenceState::ready, "ignored"}, 30));
    CHECK(only<PresenceChanged>(ready).presence == proto::Presence{proto::PresenceState::ready, ""});
    CHECK(only<OfferMade>(ready).chat == "c1");
    CHECK(position_of(ready, "c1") == 0);

    // The same presence again changes nothing and says nothing.
    CHECK(ok(router.set_presence("a1", {proto::PresenceState::ready, ""}, 40)).empty());
    CHECK(router.set_presence("nobody", {proto::PresenceState::ready, ""}, 40).error->code ==
          proto::ErrorCode::not_found);
}

TEST_CASE("the agent with the fewest chats gets the offer; ties go to the longest since the last offer") {
    Router router;
    ready_agent(router, "a1", 0);
    ready_agent(router, "a2", 0);
    ready_agent(router, "a3", 0);
    // Never offered: registration order breaks the tie.
    CHECK(only<OfferMade>(ok(router.chat_queued("c1", 100))).agent == "a1");
    (void)router.accept_offer("a1", "o1", 110);
    CHECK(only<OfferMade>(ok(router.chat_queued("c2", 200))).agent == "a2");
    (void)router.accept_offer("a2", "o2", 210);
    CHECK(only<OfferMade>(ok(router.chat_queued("c3", 300))).agent == "a3");
    (void)router.accept_offer("a3", "o3", 310);
    // All hold one chat: a1's last offer (t=100) is the oldest.
    CHECK(only<OfferMade>(ok(router.chat_queued("c4", 400))).agent == "a1");
    (void)router.accept_offer("a1", "o4", 410);
    // a2 and a3 hold one chat, a1 two: a2 (offered at 200) before a3 (300).
    CHECK(only<OfferMade>(ok(router.chat_queued("c5", 500))).agent == "a2");
    // Fewest chats wins over a long wait: release a3's chat, a3 has 0 and gets the next one.
    (void)router.accept_offer("a2", "o5", 510);
    (void)router.chat_released("c3", 600);
    CHECK(only<OfferMade>(ok(router.chat_queued("c6", 700))).agent == "a3");
}

TEST_CASE("no offers past an agent's capacity; released chats free it") {
    SUBCASE("default capacity from the settings, at its edge") {
        RouterSettings settings;
        settings.agent_capacity = 3;
        Router router(settings);
        ready_agent(router, "a1", 0);
        for (int i = 1; i <= 3; ++i) {
            const std::string chat = "c" + std::to_string(i);
            auto offer = only<OfferMade>(ok(router.chat_queued(chat, i)));
            CHECK(ok(router.accept_offer("a1", offer.offer, i)).size() == 1);
        }
        CHECK(router.agent("a1")->load == 3);
        auto fourth = ok(router.chat_queued("c4", 10));
        CHECK(count_of<OfferMade>(fourth) == 0);
        CHECK(position_of(fourth, "c4") == 1);

        auto released = ok(router.chat_released("c2", 20));
        CHECK(only<OfferMade>(released).chat == "c4");
        CHECK(router.agent("a1")->load == 2);
    }
    SUBCASE("a profile's own capacity wins over the default") {
        Router router;
        ready_agent(router, "a1", 0, 1);
        auto offer = only<OfferMade>(ok(router.chat_queued("c1", 1)));
        (void)router.accept_offer("a1", offer.offer, 2);
        CHECK(count_of<OfferMade>(ok(router.chat_queued("c2", 3))) == 0);
        // Reconnecting with a larger capacity opens room at once.
        CHECK(only<OfferMade>(router.agent_connected({"a1", "Anna", 2}, 4)).chat == "c2");
    }
    SUBCASE("the default capacity is 4") {
        Router router;
        ready_agent(router, "a1", 0);
        for (int i = 1; i <= 5; ++i) {
            auto decisions = ok(router.chat_queued("c" + std::to_string(i), i));
            for (const auto& offer : all_of<OfferMade>(decisions)) (void)router.accept_offer("a1", offer.offer, i);
        }
        CHECK(router.agent("a1")->load == 4);
        CHECK(router.chat("c5")->stage == ChatStage::waiting);
    }
}

TEST_CASE("queue positions are pushed only when they change") {
    Router router;
    CHECK(position_of(ok(router.chat_queued("c1", 1)), "c1") == 1);
    CHECK(position_of(ok(router.chat_queued("c2", 2)), "c2") == 2);
    auto third = ok(router.chat_queued("c3", 3));
    CHECK(all_of<QueuePositionChanged>(third) == std::vector<QueuePositionChanged>{{"c3", 3}});
    auto fourth = ok(router.chat_queued("c4", 4));
    CHECK(all_of<QueuePositionChanged>(fourth) == std::vector<QueuePositionChanged>{{"c4", 4}});

    // c2 leaves: only the chats behind it move.
    auto left = ok(router.chat_left_queue("c2", 5));
    CHECK(all_of<QueuePositionChanged>(left) == std::vector<QueuePositionChanged>{{"c3", 2}, {"c4", 3}});

    // An agent takes c1: it is being offered (0), the others move up.
    auto ready = ready_agent(router, "a1", 6);
    CHECK(all_of<QueuePositionChanged>(ready) == std::vector<QueuePositionChanged>{{"c1", 0}, {"c3", 1}, {"c4", 2}});
    CHECK(router.chat("c4")->position == 2);

    // Declined: c1 returns to its place at the head (older than c3), everyone behind moves back.
    (void)ready_agent(router, "a2", 7);  // takes c3 (a1 holds an offer)
    auto declined = ok(router.decline_offer("a1", "o1", 8));
    // a1 is free again; c1 must not come back to a1 while a2 (eligible) has not passed it, so a1 gets c4.
    CHECK(only<OfferMade>(declined) == OfferMade{"o3", "a1", "c4", 8 + proto::kDefaultOfferTimeoutMs, std::nullopt});
    CHECK(all_of<QueuePositionChanged>(declined) == std::vector<QueuePositionChanged>{{"c4", 0}, {"c1", 1}});
    CHECK(router.waiting_count() == 1);
    CHECK(router.offered_count() == 2);
}

TEST_CASE("an unanswered offer expires: the agent goes not_ready (Missed offer), the chat moves on") {
    Router router;
    ready_agent(router, "a1", 0);
    ready_agent(router, "a2", 0);
    const std::int64_t timeout = proto::kDefaultOfferTimeoutMs;
    CHECK(only<OfferMade>(ok(router.chat_queued("c1", 100))).agent == "a1");
    CHECK(router.next_deadline() == 100 + timeout);

    CHECK(router.tick(100 + timeout - 1).empty());  // one millisecond early: nothing
    auto expired = router.tick(100 + timeout);
    CHECK(only<OfferRevoked>(expired) == OfferRevoked{"o1", "a1", "c1", RevokeReason::expired});
    CHECK(to_wire(RevokeReason::expired) == proto::OfferRevokedReason::expired);
    CHECK(only<PresenceChanged>(expired) == PresenceChanged{"a1", {proto::PresenceState::not_ready, "Missed offer"}});
    const auto next = only<OfferMade>(expired);
    CHECK(next.agent == "a2");
    CHECK(next.expires_at == 100 + 2 * timeout);
    CHECK(router.accept_offer("a1", "o1", 100 + timeout + 1).error->code == proto::ErrorCode::conflict);
}

TEST_CASE("an accept at or after the expiry is too late even if tick() was not called") {
    RouterSettings settings;
    settings.offer_timeout_ms = 500;
    settings.missed_offer_reason = "Away";
    Router router(settings);
    ready_agent(router, "a1", 0);
    (void)router.chat_queued("c1", 0);
    SUBCASE("one millisecond before the expiry is in time") {
        CHECK(ok(router.accept_offer("a1", "o1", 499)).size() == 1);
    }
    SUBCASE("at the expiry it is a conflict, and the expiry is reported with it") {
        auto late = router.accept_offer("a1", "o1", 500);
        REQUIRE(late.error);
        CHECK(late.error->code == proto::ErrorCode::conflict);
        CHECK(only<OfferRevoked>(late.decisions).reason == RevokeReason::expired);
        CHECK(only<PresenceChanged>(late.decisions).presence.reason == "Away");
        CHECK(router.chat("c1")->stage == ChatStage::waiting);  // a1 is not ready: nobody to offer it to
        CHECK(router.chat("c1")->position == 1);
    }
}

TEST_CASE("a disconnected agent's offer is revoked and its chat goes back to the queue") {
    Router router;
    ready_agent(router, "a1", 0);
    auto offer = only<OfferMade>(ok(router.chat_queued("c1", 1)));
    (void)router.accept_offer("a1", offer.offer, 2);
    (void)router.chat_queued("c2", 3);  // o2 to a1

    auto gone = ok(router.agent_disconnected("a1", 4));
    CHECK(only<OfferRevoked>(gone) == OfferRevoked{"o2", "a1", "c2", RevokeReason::disconnected});
    CHECK_FALSE(to_wire(RevokeReason::disconnected));
    CHECK(position_of(gone, "c2") == 1);
    CHECK(count_of<PresenceChanged>(gone) == 0);
    CHECK(router.agent("a1")->load == 1);  // assigned chats stay with the agent
    CHECK(router.connected_agents().empty());

    // Still disconnected: new chats wait.
    CHECK(count_of<OfferMade>(ok(router.chat_queued("c3", 5))) == 0);
    // Back (resume): presence and chats kept, and it gets the oldest chat again (a disconnect is no decline).
    auto back = router.agent_connected({"a1", "Anna", std::nullopt}, 6);
    CHECK(router.agent("a1")->presence.state == proto::PresenceState::ready);
    CHECK(only<OfferMade>(back).chat == "c2");
    CHECK(router.agent_disconnected("nobody", 7).error->code == proto::ErrorCode::not_found);
}

TEST_CASE("a customer who leaves while being offered revokes the offer (ended)") {
    Router router;
    ready_agent(router, "a1", 0);
    (void)router.chat_queued("c1", 1);  // o1 to a1
    (void)router.chat_queued("c2", 2);  // waits

    auto left = ok(router.chat_left_queue("c1", 3));
    CHECK(only<OfferRevoked>(left) == OfferRevoked{"o1", "a1", "c1", RevokeReason::ended});
    CHECK(to_wire(RevokeReason::ended) == proto::OfferRevokedReason::ended);
    CHECK(only<OfferMade>(left).chat == "c2");  // a1 is free for the next chat
    CHECK_FALSE(router.chat("c1"));
    CHECK(router.chat_left_queue("c1", 4).error->code == proto::ErrorCode::not_found);

    (void)router.accept_offer("a1", "o2", 5);
    CHECK(router.chat_left_queue("c2", 6).error->code == proto::ErrorCode::conflict);  // assigned: use release
    CHECK(ok(router.chat_released("c2", 7)).empty());
    CHECK(router.agent("a1")->load == 0);
    CHECK(router.chat_released("c2", 8).error->code == proto::ErrorCode::not_found);
    CHECK(router.chat_queued("c3", 9).ok());
    CHECK(router.chat_queued("c3", 9).error->code == proto::ErrorCode::conflict);
}

TEST_CASE("restored chats keep their agents and their queue order") {
    Router router;
    CHECK(router.chat_assignment_restored("c1", {"a1", "Anna", 1}, 0).ok());
    CHECK(router.chat_assignment_restored("c1", {"a1", "Anna", 1}, 0).error->code == proto::ErrorCode::conflict);
    CHECK(router.agent("a1")->load == 1);
    CHECK_FALSE(router.agent("a1")->connected);
    // Queue time orders the queue, not the call order.
    (void)router.chat_queued("late", 1000, 500);
    (void)router.chat_queued("early", 1000, 100);
    CHECK(router.chat("early")->position == 1);
    CHECK(router.chat("late")->position == 2);
    // a1 is full (capacity 1); a2 gets the oldest.
    CHECK(count_of<OfferMade>(ready_agent(router, "a1", 1001, 1)) == 0);
    CHECK(only<OfferMade>(ready_agent(router, "a2", 1002)).chat == "early");
    CHECK(router.assigned_count() == 1);
    const auto list = router.connected_agents();
    REQUIRE(list.size() == 2);
    CHECK(list[0] == proto::AgentListEntry{"a1", "Agent a1", proto::PresenceState::ready, 1, 1});
}

TEST_CASE("an agent who goes not_ready while an offer rings may still answer it") {
    Router router;
    ready_agent(router, "a1", 0);
    (void)router.chat_queued("c1", 1);
    auto paused = ok(router.set_presence("a1", {proto::PresenceState::not_ready, "Break"}, 2));
    CHECK(count_of<OfferRevoked>(paused) == 0);
    CHECK(only<ChatAssigned>(ok(router.accept_offer("a1", "o1", 3))).agent == "a1");
    CHECK(count_of<OfferMade>(ok(router.chat_queued("c2", 4))) == 0);  // but gets no new ones
}

TEST_CASE("a moved router keeps working (its indexes point into moved nodes)") {
    Router original;
    ready_agent(original, "a1", 0);
    (void)original.chat_queued("c1", 1);
    (void)original.chat_queued("c2", 2);
    Router moved(std::move(original));
    auto accepted = ok(moved.accept_offer("a1", "o1", 3));
    CHECK(only<ChatAssigned>(accepted).chat == "c1");
    CHECK(only<OfferMade>(accepted).chat == "c2");  // a1 still has room
    Router assigned;
    assigned = std::move(moved);
    auto declined = ok(assigned.decline_offer("a1", "o2", 4));
    CHECK(only<OfferMade>(declined).chat == "c2");  // the lone agent gets it again
    CHECK(ok(assigned.chat_released("c1", 5)).empty());
    CHECK(assigned.agent("a1")->load == 0);
    CHECK(assigned.waiting_count() == 0);
}
