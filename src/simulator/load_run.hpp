// The load benchmark: M robot agents and N customers on one event loop, a measuring window, one JSON report.
#pragma once

#include "load_report.hpp"
#include "options.hpp"

#include <cstdio>
#include <variant>
#include <vector>

namespace sim {

// Setup batching, the window and the drain: run_window.hpp (shared with the echo baseline).

struct LoadFailure {
    std::string message;  // why the benchmark could not measure (no agent logged in, no chat assigned…)
    LoadReport partial;   // what was known by then
};

// Runs the benchmark. Progress lines go to `progress` (stderr in the CLI, so stdout holds only the JSON).
[[nodiscard]] std::variant<LoadReport, LoadFailure> run_load(const SimOptions& options,
                                                             const std::vector<AgentAccount>& accounts,
                                                             std::FILE* progress);

}  // namespace sim
