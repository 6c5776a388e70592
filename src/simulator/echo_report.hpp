// The echo baseline's result (agentdesk-sim --scenario echo against agentdesk-echo): what each connection recorded,
// its aggregation and its one-line JSON, with the load report's field names where they mean the same
// (`delivered` → `echoed`).
#pragma once

#include "latency_stats.hpp"
#include "load_report.hpp"
#include "process_memory.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sim {

inline constexpr std::size_t kMaxEchoSamplesPerConnection = 1'000'000;  // 8 MB; later echoes are counted only

// Read only after the event loop stopped.
struct EchoConnectionRecord {
    std::int64_t sent = 0;                       // texts written during the window
    std::int64_t echoed = 0;                     // echoes of texts sent in the window, received by the drain's end
    std::int64_t echoed_in_window = 0;           // … received by the window's end
    std::vector<std::int64_t> latency_us;        // send → echo of `echoed`, at most kMaxEchoSamplesPerConnection
    std::map<std::string, std::int64_t> errors;  // by kind, e.g. "unreadable_frame"
    std::string closed_because;                  // "" while connected
};

// Counts one echo of a text sent at `sent_ns` that came back at `received_ns`. Texts sent outside the window
// (none are, but a late echo of a warm-up text would be) are ignored, as in the load report.
void count_echo(EchoConnectionRecord& record, const LoadWindow& window, std::int64_t sent_ns, std::int64_t received_ns);

struct EchoSetup {
    int chats_requested = 0;   // connections that send
    int agents_requested = 0;  // idle connections (the load's agents only receive)
    int chats_connected = 0;
    int agents_connected = 0;
    double setup_ms = 0;
};

struct EchoReport {
    std::string url;
    int threads = 1;
    double duration_s = 0;
    double rate_target = 0;
    int in_flight = 1;
    int message_bytes = 0;
    EchoSetup setup;
    std::int64_t sent = 0;  // during the window
    std::int64_t echoed = 0;
    std::int64_t echoed_in_window = 0;
    double echoed_per_s = 0;  // echoed_in_window / window length
    LatencySummary latency;   // send → echo, of `echoed` (up to the sample cap)
    std::map<std::string, std::int64_t> errors;
    std::int64_t disconnects = 0;  // sockets lost before the run closed them (set by run_echo)
    std::optional<ProcessMemory> server_memory;
    int server_pid = 0;
    std::optional<double> server_cpu_ms;  // CPU the echo server used during the window (user + system)
    std::optional<double> sim_cpu_ms;     // CPU this simulator used during the window
};

// Aggregates the records of every connection (idle ones contribute errors only).
[[nodiscard]] EchoReport summarize_echo(const LoadWindow& window, const std::vector<EchoConnectionRecord>& connections);

// One JSON object on one line (no trailing newline): "scenario": "echo", CPU per echoed message in the window.
[[nodiscard]] std::string to_json_line(const EchoReport& report);

}  // namespace sim
