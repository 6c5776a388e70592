// What the load and echo runs share: setup paced in batches, polling with a deadline, and the readings taken over
// the measuring window (CPU of the server and of this simulator, the server's memory at the window's end).
#pragma once

#include "load_report.hpp"
#include "process_memory.hpp"

#include <chrono>
#include <optional>
#include <thread>

namespace sim {

inline constexpr int kConnectBatch = 100;      // sockets opened at once during setup…
inline constexpr int kConnectBatchGapMs = 20;  // …then this pause, so the server's accept backlog keeps up
inline constexpr int kWindowLeadMs = 200;      // the window starts this long after setup (customers get the word)
inline constexpr int kDrainMs = 1'000;         // after the window, late deliveries still count for latency
inline constexpr int kProgressPollMs = 20;
inline constexpr int kCloseGraceMs = 200;  // after closing every socket, before the loop stops

// Polls `done` until it holds or `deadline` passes. True when it held.
template <typename Done>
bool wait_until(Done done, std::chrono::steady_clock::time_point deadline) {
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(kProgressPollMs));
    }
    return true;
}

// Call after opening socket number `opened` (1-based): pauses after every kConnectBatch of them.
void pause_between_batches(int opened);

// The window starting kWindowLeadMs from now and lasting `duration_s`.
[[nodiscard]] LoadWindow window_from_now(int duration_s);

struct WindowUsage {
    std::optional<double> server_cpu_ms;         // CPU the server used during the window (user + system)
    std::optional<double> sim_cpu_ms;            // CPU this simulator used during the window
    std::optional<ProcessMemory> server_memory;  // at the window's end, before any socket closes
};

// Sleeps until the window begins, reads the CPU times, sleeps until it ends, reads them again and the server's
// memory. `server_pid` 0 = no server readings. Returns at the window's end.
[[nodiscard]] WindowUsage measure_window(const LoadWindow& window, int server_pid);

}  // namespace sim
