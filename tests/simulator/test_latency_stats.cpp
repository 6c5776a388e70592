#include "latency_stats.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

using namespace sim;

TEST_CASE("nearest-rank percentiles") {
    std::vector<std::int64_t> one_to_hundred(100);
    for (int i = 0; i < 100; ++i) one_to_hundred[static_cast<std::size_t>(i)] = i + 1;
    CHECK(percentile_us(one_to_hundred, 50) == 50);
    CHECK(percentile_us(one_to_hundred, 99) == 99);
    CHECK(percentile_us(one_to_hundred, 99.5) == 100);
    CHECK(percentile_us(one_to_hundred, 100) == 100);
    CHECK(percentile_us(one_to_hundred, 0) == 1);
    CHECK(percentile_us(one_to_hundred, 1) == 1);
    CHECK(percentile_us(one_to_hundred, 1.01) == 2);
    CHECK(percentile_us(one_to_hundred, -5) == 1);     // clamped
    CHECK(percentile_us(one_to_hundred, 250) == 100);  // clamped
    CHECK(percentile_us({}, 50) == 0);
    CHECK(percentile_us({7}, 99) == 7);
    CHECK(percentile_us({1, 2, 3, 4}, 50) == 2);
    CHECK(percentile_us({1, 2, 3, 4}, 51) == 3);
}

TEST_CASE("summaries sort their input and report milliseconds") {
    std::vector<std::int64_t> samples(1000);
    for (int i = 0; i < 1000; ++i) samples[static_cast<std::size_t>(i)] = (i + 1) * 10;  // 10 µs … 10 ms
    std::shuffle(samples.begin(), samples.end(), std::mt19937(42));
    const auto s = summarize_latencies(samples);
    CHECK(std::is_sorted(samples.begin(), samples.end()));
    CHECK(s.count == 1000);
    CHECK(s.p50_ms == doctest::Approx(5.0));
    CHECK(s.p90_ms == doctest::Approx(9.0));
    CHECK(s.p99_ms == doctest::Approx(9.9));
    CHECK(s.max_ms == doctest::Approx(10.0));
    CHECK(s.mean_ms == doctest::Approx(5.005));
}

TEST_CASE("one slow outlier shows in max and p99 only when it is more than 1% of samples") {
    std::vector<std::int64_t> samples(200, 1000);
    samples[0] = 500'000;
    auto s = summarize_latencies(samples);
    CHECK(s.p99_ms == doctest::Approx(1.0));
    CHECK(s.max_ms == doctest::Approx(500.0));
    samples[1] = 500'000;
    samples[2] = 500'000;
    s = summarize_latencies(samples);
    CHECK(s.p99_ms == doctest::Approx(500.0));
}

TEST_CASE("no samples: all zero") {
    std::vector<std::int64_t> none;
    const auto s = summarize_latencies(none);
    CHECK(s.count == 0);
    CHECK(s.max_ms == 0);
}
