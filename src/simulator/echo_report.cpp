#include "echo_report.hpp"

#include "report_json.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace sim {

void count_echo(EchoConnectionRecord& record, const LoadWindow& window, std::int64_t sent_ns,
                std::int64_t received_ns) {
    if (sent_ns < window.begin_ns || sent_ns >= window.end_ns) return;
    ++record.echoed;
    if (received_ns <= window.end_ns) ++record.echoed_in_window;
    if (record.latency_us.size() < kMaxEchoSamplesPerConnection) {
        record.latency_us.push_back((received_ns - sent_ns) / 1000);
    }
}

EchoReport summarize_echo(const LoadWindow& window, const std::vector<EchoConnectionRecord>& connections) {
    EchoReport report;
    std::vector<std::int64_t> latency_us;
    for (const auto& c : connections) {
        report.sent += c.sent;
        report.echoed += c.echoed;
        report.echoed_in_window += c.echoed_in_window;
        latency_us.insert(latency_us.end(), c.latency_us.begin(), c.latency_us.end());
        for (const auto& [kind, count] : c.errors) report.errors[kind] += count;
    }
    const double window_s = static_cast<double>(window.end_ns - window.begin_ns) / 1e9;
    report.duration_s = window_s;
    report.echoed_per_s = window_s > 0 ? static_cast<double>(report.echoed_in_window) / window_s : 0;
    report.latency = summarize_latencies(latency_us);
    return report;
}

std::string to_json_line(const EchoReport& r) {
    nlohmann::json out = {
        {"scenario", "echo"},
        {"url", r.url},
        {"threads", r.threads},
        {"durationS", round3(r.duration_s)},
        {"rateTarget", r.rate_target},
        {"inFlight", r.in_flight},
        {"messageBytes", r.message_bytes},
        {"setup",
         {{"chats", r.setup.chats_requested},
          {"agents", r.setup.agents_requested},
          {"chatsConnected", r.setup.chats_connected},
          {"agentsConnected", r.setup.agents_connected},
          {"setupMs", round3(r.setup.setup_ms)}}},
        {"sent", r.sent},
        {"echoed", r.echoed},
        {"echoedInWindow", r.echoed_in_window},
        {"echoedPerSec", std::round(r.echoed_per_s)},
        {"lost", r.sent - r.echoed},
        {"latencyMs", latency_json(r.latency)},
        {"errors", errors_json(r.errors, r.disconnects)},
        // CPU per echoed message (within the window): the figure the load's CPU per delivered message is held to.
        {"server", server_json(r.server_pid, r.server_memory, r.server_cpu_ms, r.echoed_in_window)},
        {"simulator", simulator_json(r.sim_cpu_ms, r.echoed_in_window)},
    };
    return out.dump();
}

}  // namespace sim
