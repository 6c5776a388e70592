#include "report_json.hpp"

#include <cmath>

namespace sim {

double round3(double value) { return std::round(value * 1000.0) / 1000.0; }

nlohmann::json latency_json(const LatencySummary& s) {
    return {{"count", s.count},        {"p50", round3(s.p50_ms)}, {"p90", round3(s.p90_ms)},
            {"p99", round3(s.p99_ms)}, {"max", round3(s.max_ms)}, {"mean", round3(s.mean_ms)}};
}

nlohmann::json cpu_us_per_message(const std::optional<double>& cpu_ms, std::int64_t messages) {
    if (!cpu_ms || messages == 0) return nullptr;
    return round3(*cpu_ms * 1000.0 / static_cast<double>(messages));
}

nlohmann::json server_json(int pid, const std::optional<ProcessMemory>& memory, const std::optional<double>& cpu_ms,
                           std::int64_t messages) {
    if (pid <= 0) return nullptr;
    nlohmann::json server = {{"pid", pid}};
    if (memory) {
        server["vmRssKiB"] = memory->rss_kib;
        server["vmHwmKiB"] = memory->hwm_kib;
        server["vmHwmMiB"] = round3(static_cast<double>(memory->hwm_kib) / 1024.0);
    }
    if (cpu_ms) {
        server["cpuMs"] = round3(*cpu_ms);
        server["cpuUsPerMsg"] = cpu_us_per_message(cpu_ms, messages);
    }
    return server;
}

nlohmann::json simulator_json(const std::optional<double>& cpu_ms, std::int64_t messages) {
    return {{"cpuMs", cpu_ms ? nlohmann::json(round3(*cpu_ms)) : nlohmann::json(nullptr)},
            {"cpuUsPerMsg", cpu_us_per_message(cpu_ms, messages)}};
}

nlohmann::json errors_json(const std::map<std::string, std::int64_t>& by_code, std::int64_t disconnects) {
    nlohmann::json codes = nlohmann::json::object();
    std::int64_t total = 0;
    for (const auto& [code, count] : by_code) {
        codes[code] = count;
        total += count;
    }
    return {{"total", total}, {"byCode", codes}, {"disconnects", disconnects}};
}

}  // namespace sim
