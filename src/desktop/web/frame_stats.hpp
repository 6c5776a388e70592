// Always-on, constant-cost record of how long the frame function took: a ring of the last `capacity` frame
// durations plus a running maximum. Read by the performance bench (window.agentdesk.frameStats()) and by anyone
// asking "is the desktop janky right now"; reset() starts a new measuring window. Recording is two stores and an
// index bump, so it stays on in production builds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace desk::web {

struct FrameStatsSummary {
    std::uint64_t count = 0;  // frames recorded since the last reset (may exceed the ring)
    std::size_t sampled = 0;  // frames the percentiles are computed over (the newest, at most the ring's size)
    double p50_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;       // over every frame since the last reset, not only the sampled ones
    double mean_ms = 0;      // over the sampled frames
    double last_end_ms = 0;  // clock of the caller (performance.now() in the browser) at the last frame's end
};

class FrameStats {
public:
    static constexpr std::size_t kDefaultCapacity = 4096;
    explicit FrameStats(std::size_t capacity = kDefaultCapacity);

    // One drawn frame that ran from start_ms to end_ms (same clock, end >= start; a negative span counts as 0).
    void record(double start_ms, double end_ms);
    void reset();
    // Percentiles by nearest rank over the sampled frames; all zero when none were recorded.
    [[nodiscard]] FrameStatsSummary summary() const;
    [[nodiscard]] std::size_t capacity() const { return ring_.size(); }

private:
    std::vector<float> ring_;
    std::size_t next_ = 0;
    std::uint64_t count_ = 0;
    double max_ms_ = 0;
    double last_end_ms_ = 0;
};

}  // namespace desk::web
