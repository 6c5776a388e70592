#include "frame_stats.hpp"

#include <algorithm>
#include <cmath>

namespace desk::web {

FrameStats::FrameStats(std::size_t capacity) : ring_(std::max<std::size_t>(1, capacity), 0.0f) {}

void FrameStats::record(double start_ms, double end_ms) {
    double span = end_ms - start_ms;
    if (!(span > 0)) span = 0;  // also NaN
    ring_[next_] = static_cast<float>(span);
    next_ = (next_ + 1) % ring_.size();
    ++count_;
    max_ms_ = std::max(max_ms_, span);
    last_end_ms_ = end_ms;
}

void FrameStats::reset() {
    next_ = 0;
    count_ = 0;
    max_ms_ = 0;
}

FrameStatsSummary FrameStats::summary() const {
    FrameStatsSummary out;
    out.count = count_;
    out.max_ms = max_ms_;
    out.last_end_ms = last_end_ms_;
    out.sampled = static_cast<std::size_t>(std::min<std::uint64_t>(count_, ring_.size()));
    if (out.sampled == 0) return out;
    // The sampled frames are ring_[0, sampled) before the ring first wraps, the whole ring after.
    std::vector<float> sorted(ring_.begin(), ring_.begin() + static_cast<std::ptrdiff_t>(out.sampled));
    std::sort(sorted.begin(), sorted.end());
    auto rank = [&](double p) {
        const auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size()))) - 1;
        return static_cast<double>(sorted[std::min(index, sorted.size() - 1)]);
    };
    out.p50_ms = rank(0.50);
    out.p99_ms = rank(0.99);
    double sum = 0;
    for (float v : sorted) sum += v;
    out.mean_ms = sum / static_cast<double>(sorted.size());
    return out;
}

}  // namespace desk::web
