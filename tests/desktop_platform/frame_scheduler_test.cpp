#include "desktop/web/frame_scheduler.hpp"

#include <cmath>
#include <doctest/doctest.h>

using desk::web::FrameScheduler;

TEST_CASE("an idle scheduler draws nothing") {
    FrameScheduler s(3, 8);
    for (int i = 0; i < 100; ++i) CHECK_FALSE(s.take_frame(false));
    CHECK(s.frames_drawn() == 0);
}

TEST_CASE("a wake buys exactly frames_per_wake frames; wakes do not add up") {
    FrameScheduler s(3, 8);
    s.wake();
    s.wake();
    CHECK(s.take_frame(false));
    CHECK(s.take_frame(false));
    CHECK(s.take_frame(false));
    CHECK_FALSE(s.take_frame(false));
    CHECK(s.frames_drawn() == 3);
}

TEST_CASE("frames_per_wake below 1 is 1") {
    FrameScheduler s(0, 8);
    s.wake();
    CHECK(s.take_frame(false));
    CHECK_FALSE(s.take_frame(false));
}

TEST_CASE("queued ImGui input draws a frame without a wake, one per tick while it lasts") {
    FrameScheduler s(3, 8);
    CHECK(s.take_frame(true));
    CHECK(s.take_frame(true));
    CHECK_FALSE(s.take_frame(false));
    CHECK(s.frames_drawn() == 2);
}

TEST_CASE("deadlines: the earliest is armed, later ones wait, near ones merge") {
    FrameScheduler s(3, 8);
    CHECK(std::isinf(s.next_deadline_ms()));
    CHECK(s.request_deadline(1000, 500));                                   // 1500: first, arm
    CHECK_FALSE(s.request_deadline(1000, 2000));                            // 3000: later, the armed timer fires first
    CHECK(s.request_deadline(1000, 100));                                   // 1100: earlier, re-arm
    CHECK_FALSE(s.request_deadline(1000, 100 + FrameScheduler::kMergeMs));  // merges into 1100
    CHECK(s.pending_deadlines() == 3);
    CHECK(s.next_deadline_ms() == 1100);

    s.deadlines_reached(1100);
    CHECK(s.next_deadline_ms() == 1500);
    CHECK(s.frames_pending() == 3);
    s.deadlines_reached(1600);
    CHECK(s.next_deadline_ms() == 3000);
    s.deadlines_reached(3000);
    CHECK(std::isinf(s.next_deadline_ms()));
    CHECK(s.pending_deadlines() == 0);
}

TEST_CASE("a negative or zero delay is a deadline now") {
    FrameScheduler s(3, 8);
    CHECK(s.request_deadline(1000, -50));
    CHECK(s.next_deadline_ms() == 1000);
}

TEST_CASE("the deadline cap drops the latest, never the earliest") {
    FrameScheduler s(3, 2);
    CHECK(s.request_deadline(0, 100));
    CHECK_FALSE(s.request_deadline(0, 300));
    CHECK_FALSE(s.request_deadline(0, 200));  // 3 > cap 2: 300 goes
    CHECK(s.pending_deadlines() == 2);
    s.deadlines_reached(100);
    CHECK(s.next_deadline_ms() == 200);
    s.deadlines_reached(200);
    CHECK(s.pending_deadlines() == 0);
    CHECK(s.request_deadline(0, 50));  // a new earliest always gets in
    CHECK(s.request_deadline(0, 10));
    CHECK_FALSE(s.request_deadline(0, 500));  // over the cap and latest: dropped at once
    CHECK(s.pending_deadlines() == 2);
    CHECK(s.next_deadline_ms() == 10);
}
