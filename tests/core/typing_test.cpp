// TypingTracker: expiry after typing_timeout_ms without a refresh, refreshes, stops on message, per role.
#include "core/typing.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace core;
using proto::Role;

TEST_CASE("typing expires after the timeout without a refresh, exactly once") {
    TypingTracker typing(TypingSettings{5000});
    CHECK_FALSE(typing.next_deadline());
    CHECK(typing.typing_started("c1", Role::customer, 1000));
    CHECK(typing.next_deadline() == 6000);
    CHECK(typing.tick(5999).empty());
    CHECK(typing.tick(6000) == std::vector<TypingStopped>{{"c1", Role::customer}});
    CHECK(typing.tick(7000).empty());
    CHECK_FALSE(typing.is_typing("c1", Role::customer));
    CHECK_FALSE(typing.next_deadline());
}

TEST_CASE("a refresh pushes the expiry back and is not a new start") {
    TypingTracker typing(TypingSettings{5000});
    CHECK(typing.typing_started("c1", Role::customer, 1000));
    CHECK_FALSE(typing.typing_started("c1", Role::customer, 3000));  // refresh every 2 s
    CHECK(typing.next_deadline() == 8000);
    CHECK(typing.tick(6000).empty());
    CHECK(typing.tick(8000).size() == 1);
}

TEST_CASE("the typist's message or active:false stops typing at once; roles and chats are separate") {
    TypingTracker typing;
    CHECK(typing.typing_started("c1", Role::customer, 0));
    CHECK(typing.typing_started("c1", Role::agent, 100));
    CHECK(typing.typing_started("c2", Role::customer, 200));
    CHECK(typing.typist_count() == 3);

    CHECK(typing.typing_stopped("c1", Role::customer));        // the message arrived: relay active:false
    CHECK_FALSE(typing.typing_stopped("c1", Role::customer));  // already stopped: nothing to relay
    CHECK(typing.is_typing("c1", Role::agent));
    CHECK(typing.next_deadline() == 100 + proto::kDefaultTypingTimeoutMs);

    // Expiries come out in deadline order.
    CHECK(typing.tick(10000) == std::vector<TypingStopped>{{"c1", Role::agent}, {"c2", Role::customer}});
}

TEST_CASE("forgetting a chat drops its typists only") {
    TypingTracker typing;
    (void)typing.typing_started("c1", Role::customer, 0);
    (void)typing.typing_started("c1", Role::agent, 0);
    (void)typing.typing_started("c10", Role::customer, 0);
    typing.forget_chat("c1");
    CHECK(typing.typist_count() == 1);
    CHECK(typing.is_typing("c10", Role::customer));
    CHECK(typing.tick(proto::kDefaultTypingTimeoutMs) == std::vector<TypingStopped>{{"c10", Role::customer}});
}
