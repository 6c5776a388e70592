// Latency samples and their summary (nearest-rank percentiles), for the load benchmark.
#pragma once

#include <cstdint>
#include <vector>

namespace sim {

struct LatencySummary {
    std::size_t count = 0;
    double p50_ms = 0;
    double p90_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
    double mean_ms = 0;
};

// Nearest-rank percentile of `sorted_us` (ascending): the smallest sample with at least p% of samples at or below
// it. p is clamped to 0..100; p = 0 gives the minimum. An empty input gives 0.
[[nodiscard]] std::int64_t percentile_us(const std::vector<std::int64_t>& sorted_us, double p);

// Summarises samples in microseconds (sorts them in place). Zeros when there are none.
[[nodiscard]] LatencySummary summarize_latencies(std::vector<std::int64_t>& samples_us);

}  // namespace sim
