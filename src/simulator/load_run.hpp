// The load benchmark: M robot agents and N customers on one event loop, a measuring window, one JSON report.
#pragma once

#include "load_report.hpp"
#include "options.hpp"

#include <cstdio>
#include <variant>
#include <vector>

namespace sim {

inline constexpr int kConnectBatch = 100;      // sockets opened at once during setup…
inline constexpr int kConnectBatchGapMs = 20;  // …then this pause, so the server's accept backlog keeps up
inline constexpr int kWindowLeadMs = 200;      // the window starts this long after setup (customers get the word)
inline constexpr int kDrainMs = 1'000;         // after the window, late deliveries still count for latency
inline constexpr int kProgressPollMs = 20;

struct LoadFailure {
    std::string message;  // why the benchmark could not measure (no agent logged in, no chat assigned…)
    LoadReport partial;   // what was known by then
};

// Runs the benchmark. Progress lines go to `progress` (stderr in the CLI, so stdout holds only the JSON).
[[nodiscard]] std::variant<LoadReport, LoadFailure> run_load(const SimOptions& options,
                                                             const std::vector<AgentAccount>& accounts,
                                                             std::FILE* progress);

}  // namespace sim
