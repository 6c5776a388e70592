#include "load_report.hpp"

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

namespace {

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

nlohmann::json latency_json(const LatencySummary& s) {
    return {{"count", s.count},        {"p50", round3(s.p50_ms)}, {"p90", round3(s.p90_ms)},
            {"p99", round3(s.p99_ms)}, {"max", round3(s.max_ms)}, {"mean", round3(s.mean_ms)}};
}

}  // namespace

std::string to_json_line(const LoadReport& r) {
    nlohmann::json errors = nlohmann::json::object();
    std::int64_t error_total = 0;
    for (const auto& [code, count] : r.errors) {
        errors[code] = count;
        error_total += count;
    }
    // CPU per delivered message: steadier than msgs/s on a shared machine (see docs/performance.md).
    auto per_message_us = [&](const std::optional<double>& cpu_ms) -> nlohmann::json {
        if (!cpu_ms || r.delivered_in_window == 0) return nullptr;
        return round3(*cpu_ms * 1000.0 / static_cast<double>(r.delivered_in_window));
    };
    nlohmann::json server = nullptr;
    if (r.server_pid > 0) {
        server = {{"pid", r.server_pid}};
        if (r.server_memory) {
            server["vmRssKiB"] = r.server_memory->rss_kib;
            server["vmHwmKiB"] = r.server_memory->hwm_kib;
            server["vmHwmMiB"] = round3(static_cast<double>(r.server_memory->hwm_kib) / 1024.0);
        }
        if (r.server_cpu_ms) {
            server["cpuMs"] = round3(*r.server_cpu_ms);
            server["cpuUsPerMsg"] = per_message_us(r.server_cpu_ms);
        }
    }
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
        {"errors", {{"total", error_total}, {"byCode", errors}, {"disconnects", r.disconnects}}},
        {"server", server},
        {"simulator",
         {{"cpuMs", r.sim_cpu_ms ? nlohmann::json(round3(*r.sim_cpu_ms)) : nlohmann::json(nullptr)},
          {"cpuUsPerMsg", per_message_us(r.sim_cpu_ms)}}},
    };
    return out.dump();
}

}  // namespace sim
