// TokenBucket: burst, refill rate, retry-after, and the edges of each.
#include "core/rate_limit.hpp"

#include <doctest/doctest.h>

using core::RateLimitSettings;
using core::TokenBucket;

TEST_CASE("a fresh bucket allows exactly `burst` takes at once") {
    TokenBucket bucket(RateLimitSettings{20, 40}, 0);
    for (int i = 0; i < 40; ++i) REQUIRE_FALSE(bucket.try_take(0));
    const auto refused = bucket.try_take(0);
    REQUIRE(refused);
    CHECK(*refused == 50);  // one token per 1000/20 ms
    CHECK(bucket.available(0) == 0);
}

TEST_CASE("tokens come back at the rate, exactly at the retry time") {
    TokenBucket bucket(RateLimitSettings{20, 2}, 1000);
    CHECK_FALSE(bucket.try_take(1000));
    CHECK_FALSE(bucket.try_take(1000));
    CHECK(bucket.try_take(1000) == 50);
    CHECK(bucket.try_take(1049) == 1);   // one millisecond early: refused, nothing consumed
    CHECK_FALSE(bucket.try_take(1050));  // exactly on time
    CHECK(bucket.try_take(1050) == 50);
}

TEST_CASE("a sustained rate at the limit passes, above it is refused") {
    TokenBucket bucket(RateLimitSettings{10, 1}, 0);
    int allowed = 0;
    for (std::int64_t t = 0; t < 10000; t += 100) allowed += bucket.try_take(t) ? 0 : 1;  // 10/s: all pass
    CHECK(allowed == 100);
    int refused = 0;
    for (std::int64_t t = 10000; t < 11000; t += 50) refused += bucket.try_take(t) ? 1 : 0;  // 20/s: half refused
    CHECK(refused == 10);
}

TEST_CASE("an idle bucket refills only up to its burst; a clock stepping back refills nothing") {
    TokenBucket bucket(RateLimitSettings{3, 5}, 0);
    for (int i = 0; i < 5; ++i) (void)bucket.try_take(0);
    CHECK(bucket.available(1'000'000'000'000) == 5);  // long idle: no overflow, capped at burst
    for (int i = 0; i < 5; ++i) (void)bucket.try_take(1'000'000'000'000);
    CHECK(bucket.available(0) == 0);
    CHECK(bucket.try_take(1'000'000'000'000 + 333) == 1);  // 3/s: a token per 333.33 ms, rounded up
    CHECK_FALSE(bucket.try_take(1'000'000'000'000 + 334));
}

TEST_CASE("settings below 1 are clamped to 1") {
    TokenBucket bucket(RateLimitSettings{0, 0}, 0);
    CHECK_FALSE(bucket.try_take(0));
    CHECK(bucket.try_take(0) == 1000);
}
