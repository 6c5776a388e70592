#include "frame_scheduler.hpp"

#include <algorithm>
#include <cmath>

namespace desk::web {

FrameScheduler::FrameScheduler(int frames_per_wake, std::size_t max_pending_deadlines)
    : frames_per_wake_(std::max(1, frames_per_wake)),
      max_pending_deadlines_(std::max<std::size_t>(1, max_pending_deadlines)) {}

void FrameScheduler::wake() { frames_pending_ = std::max(frames_pending_, frames_per_wake_); }

bool FrameScheduler::request_deadline(double now_ms, double delay_ms) {
    const double at = now_ms + std::max(0.0, delay_ms);
    auto near = deadlines_.lower_bound(at - kMergeMs);
    if (near != deadlines_.end() && *near <= at + kMergeMs) return false;
    const double earliest_before = next_deadline_ms();
    deadlines_.insert(at);
    if (deadlines_.size() > max_pending_deadlines_) deadlines_.erase(std::prev(deadlines_.end()));
    return at < earliest_before && deadlines_.count(at) != 0;
}

void FrameScheduler::deadlines_reached(double now_ms) {
    deadlines_.erase(deadlines_.begin(), deadlines_.upper_bound(now_ms + kMergeMs));
    wake();
}

double FrameScheduler::next_deadline_ms() const {
    return deadlines_.empty() ? std::numeric_limits<double>::infinity() : *deadlines_.begin();
}

bool FrameScheduler::take_frame(bool imgui_has_queued_input) {
    // Queued input is drained over several frames (ImGui trickles it), so it keeps frames coming by itself.
    if (imgui_has_queued_input) frames_pending_ = std::max(frames_pending_, 1);
    if (frames_pending_ == 0) return false;
    --frames_pending_;
    ++frames_drawn_;
    return true;
}

}  // namespace desk::web
