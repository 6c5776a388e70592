// The load benchmark's result: pure aggregation of what the bots recorded, and its one-line JSON.
#pragma once

#include "agent_bot.hpp"
#include "latency_stats.hpp"
#include "load_customer.hpp"
#include "process_memory.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sim {

struct LoadWindow {
    std::int64_t begin_ns = 0;  // customers send from here…
    std::int64_t end_ns = 0;    // …until here; a delivery counts toward the rate if it arrived by end_ns
};

struct LoadSetup {
    int chats_requested = 0;
    int agents_requested = 0;
    int agents_ready = 0;
    int chats_welcomed = 0;
    int chats_assigned = 0;
    double setup_ms = 0;
};

struct LoadReport {
    std::string url;
    int threads = 1;
    double duration_s = 0;
    double rate_target = 0;
    int in_flight = 1;
    int message_bytes = 0;
    LoadSetup setup;
    std::int64_t sent = 0;  // during the window
    std::int64_t acked = 0;
    std::int64_t delivered = 0;            // sent during the window and received by an agent by the end of the drain
    std::int64_t delivered_in_window = 0;  // … received by the window's end
    double delivered_per_s = 0;            // delivered_in_window / window length
    LatencySummary delivery;               // customer send → agent receive, of `delivered`
    LatencySummary ack;                    // customer send → ack
    std::map<std::string, std::int64_t> errors;  // error frames by code (customers and agents)
    std::int64_t disconnects = 0;                // sockets lost before the run closed them (set by run_load)
    std::optional<ProcessMemory> server_memory;
    int server_pid = 0;
    std::optional<double> server_cpu_ms;  // CPU the server used during the window (user + system)
    std::optional<double> sim_cpu_ms;     // CPU this simulator used during the window
};

// Aggregates the records. Deliveries of messages sent outside the window are ignored (warm-up, drain).
[[nodiscard]] LoadReport summarize_load(const LoadWindow& window, const std::vector<LoadCustomerRecord>& customers,
                                        const std::vector<AgentRecord>& agents);

// One JSON object on one line (no trailing newline).
[[nodiscard]] std::string to_json_line(const LoadReport& report);

}  // namespace sim
