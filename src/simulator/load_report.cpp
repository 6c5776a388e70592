#include "load_report.hpp"

#include "report_json.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace sim {

LoadReport summarize_load(const LoadWindow& window, const std::vector<LoadCustomerRecord>& customers,
                          const std::vector<AgentRecord>& agents) {
    LoadReport report;
    std::vector<std::int64_t> ack_us;
    for (const auto& c : customers) {
        report.sent += c.sent;
        report.acked += c.acked;
        ack_us.insert(ack_us.end(), c.ack_latency_us.begin(), c.ack_latency_us.end());
        for (const auto& [code, count] : c.errors) report.errors[code] += count;
    }
    std::vector<std::int64_t> delivery_us;
    for (const auto& a : agents) {
        for (const auto& d : a.deliveries) {
            if (d.sent_ns < window.begin_ns || d.sent_ns >= window.end_ns) continue;
            ++report.delivered;
            if (d.received_ns <= window.end_ns) ++report.delivered_in_window;
            delivery_us.push_back((d.received_ns - d.sent_ns) / 1000);
        }
        for (const auto& [code, count] : a.errors) report.errors[code] += count;
    }
    const double window_s = static_cast<double>(window.end_ns - window.begin_ns) / 1e9;
    report.duration_s = window_s;
    report.delivered_per_s = window_s > 0 ? static_cast<double>(report.delivered_in_window) / window_s : 0;
    report.delivery = summarize_latencies(delivery_us);
    report.ack = summarize_latencies(ack_us);
    return report;
}

std::string to_json_line(const LoadReport& r) {
    nlohmann::json out = {
        {"scenario", "load"},
        {"url", r.url},
        {"threads", r.threads},
        {"durationS", round3(r.duration_s)},
        {"rateTarget", r.rate_target},
        {"inFlight", r.in_flight},
        {"messageBytes", r.message_bytes},
        {"setup",
         {{"chats", r.setup.chats_requested},
          {"agents", r.setup.agents_requested},
          {"agentsReady", r.setup.agents_ready},
          {"chatsStarted", r.setup.chats_welcomed},
          {"chatsAssigned", r.setup.chats_assigned},
          {"setupMs", round3(r.setup.setup_ms)}}},
        {"sent", r.sent},
        {"acked", r.acked},
        {"delivered", r.delivered},
        {"deliveredInWindow", r.delivered_in_window},
        {"deliveredPerSec", std::round(r.delivered_per_s)},
        {"lost", r.sent - r.delivered},
        {"latencyMs", latency_json(r.delivery)},
        {"ackLatencyMs", latency_json(r.ack)},
        {"errors", errors_json(r.errors, r.disconnects)},
        // CPU per delivered message (within the window).
        {"server", server_json(r.server_pid, r.server_memory, r.server_cpu_ms, r.delivered_in_window)},
        {"simulator", simulator_json(r.sim_cpu_ms, r.delivered_in_window)},
    };
    return out.dump();
}

}  // namespace sim
