#include "desktop/web/frame_stats.hpp"

#include <cmath>
#include <doctest/doctest.h>

using desk::web::FrameStats;

TEST_CASE("frame stats: empty summary is all zero") {
    FrameStats stats(8);
    const auto s = stats.summary();
    CHECK(s.count == 0);
    CHECK(s.sampled == 0);
    CHECK(s.p50_ms == 0);
    CHECK(s.p99_ms == 0);
    CHECK(s.max_ms == 0);
}

TEST_CASE("frame stats: nearest-rank percentiles of 1..100 ms") {
    FrameStats stats(128);
    for (int i = 100; i >= 1; --i) stats.record(1000.0, 1000.0 + i);  // order must not matter
    const auto s = stats.summary();
    CHECK(s.count == 100);
    CHECK(s.sampled == 100);
    CHECK(s.p50_ms == doctest::Approx(50));
    CHECK(s.p99_ms == doctest::Approx(99));
    CHECK(s.max_ms == doctest::Approx(100));
    CHECK(s.mean_ms == doctest::Approx(50.5));
    CHECK(s.last_end_ms == doctest::Approx(1001));
}

TEST_CASE("frame stats: the ring keeps the newest frames; max covers every frame since reset") {
    FrameStats stats(4);
    stats.record(0, 500);  // overwritten below, but still the maximum
    for (int i = 0; i < 4; ++i) stats.record(0, 2);
    const auto s = stats.summary();
    CHECK(s.count == 5);
    CHECK(s.sampled == 4);
    CHECK(s.p99_ms == doctest::Approx(2));
    CHECK(s.max_ms == doctest::Approx(500));
}

TEST_CASE("frame stats: reset starts a new window; a backwards or NaN span counts as 0") {
    FrameStats stats(4);
    for (int i = 0; i < 10; ++i) stats.record(0, 9);
    stats.reset();
    CHECK(stats.summary().count == 0);
    stats.record(10, 5);
    stats.record(0, std::nan(""));
    stats.record(0, 3);
    const auto s = stats.summary();
    CHECK(s.count == 3);
    CHECK(s.sampled == 3);
    CHECK(s.p50_ms == doctest::Approx(0));
    CHECK(s.max_ms == doctest::Approx(3));
}

TEST_CASE("frame stats: capacity 0 is 1") {
    FrameStats stats(0);
    CHECK(stats.capacity() == 1);
    stats.record(0, 1);
    stats.record(0, 2);
    CHECK(stats.summary().p50_ms == doctest::Approx(2));
}
