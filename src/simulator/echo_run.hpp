// The echo baseline: the load benchmark's connections and sending against agentdesk-echo instead of the chat
// server, so scripts/bench.sh can put the chat server's CPU per delivered message beside the bare transport's CPU
// per echoed message, measured the same way in the same run.
#pragma once

#include "echo_report.hpp"
#include "options.hpp"

#include <cstdio>
#include <string>
#include <variant>

namespace sim {

struct EchoFailure {
    std::string message;  // why the baseline could not measure (no connection opened…)
    EchoReport partial;   // what was known by then
};

// Opens --chats sending and --agents idle connections (in batches, as the load does), measures --duration seconds.
// Progress lines go to `progress` (stderr in the CLI, so stdout holds only the JSON).
[[nodiscard]] std::variant<EchoReport, EchoFailure> run_echo(const SimOptions& options, std::FILE* progress);

}  // namespace sim
