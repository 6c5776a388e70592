// JSON pieces both benchmark reports print (load and echo), so their lines keep the same field names and rounding.
#pragma once

#include "latency_stats.hpp"
#include "process_memory.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace sim {

// Rounded to 3 decimals: figures stay readable and stable across runs of the same build.
[[nodiscard]] double round3(double value);

// {"count", "p50", "p90", "p99", "max", "mean"} in milliseconds.
[[nodiscard]] nlohmann::json latency_json(const LatencySummary& summary);

// CPU µs per message, or null when the CPU was not measured or no message counted. Per message is steadier than
// msgs/s on a shared machine (see docs/performance.md).
[[nodiscard]] nlohmann::json cpu_us_per_message(const std::optional<double>& cpu_ms, std::int64_t messages);

// {"pid", "vmRssKiB", "vmHwmKiB", "vmHwmMiB", "cpuMs", "cpuUsPerMsg"} of the measured server; null without a pid.
[[nodiscard]] nlohmann::json server_json(int pid, const std::optional<ProcessMemory>& memory,
                                         const std::optional<double>& cpu_ms, std::int64_t messages);

// {"cpuMs", "cpuUsPerMsg"} of this simulator.
[[nodiscard]] nlohmann::json simulator_json(const std::optional<double>& cpu_ms, std::int64_t messages);

// {"total", "byCode", "disconnects"}.
[[nodiscard]] nlohmann::json errors_json(const std::map<std::string, std::int64_t>& by_code, std::int64_t disconnects);

}  // namespace sim
