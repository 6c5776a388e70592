// Render on demand: decides, tick by tick, whether a frame is drawn. An idle desktop draws nothing (0 frames/s);
// a wake (input, socket message, timer, resize, bridge call) buys a few frames so ImGui can settle hover state
// and layout. Pure bookkeeping with no browser calls: the web platform arms the one real timer and pauses the
// main loop when take_frame says there is nothing to draw.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <set>

namespace desk::web {

class FrameScheduler {
public:
    // `frames_per_wake`: frames drawn after each wake. `max_pending_deadlines`: cap on remembered timer
    // requests; past it the latest ones are dropped (the App asks again on the frames it gets).
    FrameScheduler(int frames_per_wake, std::size_t max_pending_deadlines);

    // Something changed: draw the next frames_per_wake frames.
    void wake();

    // Asks for a frame at `now_ms + delay_ms`. Returns true when that is now the earliest pending deadline,
    // i.e. the caller must (re)arm its timer for it. Requests within kMergeMs of a pending one merge into it.
    [[nodiscard]] bool request_deadline(double now_ms, double delay_ms);
    // The armed timer fired at `now_ms`: deadlines up to then are consumed and frames are due.
    void deadlines_reached(double now_ms);
    // Earliest pending deadline (infinity when none): the time the caller's timer must be armed for.
    [[nodiscard]] double next_deadline_ms() const;
    [[nodiscard]] std::size_t pending_deadlines() const { return deadlines_.size(); }

    // Called once per main-loop tick. True: draw a frame now. False: nothing to draw, the loop may sleep.
    [[nodiscard]] bool take_frame(bool imgui_has_queued_input);

    [[nodiscard]] std::uint64_t frames_drawn() const { return frames_drawn_; }
    [[nodiscard]] int frames_pending() const { return frames_pending_; }

    static constexpr double kMergeMs = 16.0;  // one frame at 60 Hz: a later frame would not look different

private:
    int frames_per_wake_;
    std::size_t max_pending_deadlines_;
    int frames_pending_ = 0;
    std::uint64_t frames_drawn_ = 0;
    std::set<double> deadlines_;
};

}  // namespace desk::web
