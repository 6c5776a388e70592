#include "latency_stats.hpp"

#include <algorithm>
#include <cmath>

namespace sim {

std::int64_t percentile_us(const std::vector<std::int64_t>& sorted_us, double p) {
    if (sorted_us.empty()) return 0;
    p = std::clamp(p, 0.0, 100.0);
    const auto n = sorted_us.size();
    // p·n first: p/100 is inexact in binary (0.99·100 may exceed 99 and round up a whole rank).
    auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(n) / 100.0));
    rank = std::clamp<std::size_t>(rank, 1, n);
    return sorted_us[rank - 1];
}

LatencySummary summarize_latencies(std::vector<std::int64_t>& samples_us) {
    LatencySummary summary;
    if (samples_us.empty()) return summary;
    std::sort(samples_us.begin(), samples_us.end());
    auto ms = [](std::int64_t us) { return static_cast<double>(us) / 1000.0; };
    summary.count = samples_us.size();
    summary.p50_ms = ms(percentile_us(samples_us, 50));
    summary.p90_ms = ms(percentile_us(samples_us, 90));
    summary.p99_ms = ms(percentile_us(samples_us, 99));
    summary.max_ms = ms(samples_us.back());
    long double total = 0;
    for (auto v : samples_us) total += v;
    summary.mean_ms = static_cast<double>(total / samples_us.size()) / 1000.0;
    return summary;
}

}  // namespace sim
