// Memory and CPU time of a process (the server under load, and the simulator itself), read from /proc.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sim {

struct ProcessMemory {
    std::int64_t rss_kib = 0;  // VmRSS: resident now
    std::int64_t hwm_kib = 0;  // VmHWM: peak resident
};

// Parses the text of a /proc/PID/status file. nullopt when VmRSS or VmHWM is missing.
[[nodiscard]] std::optional<ProcessMemory> parse_proc_status(std::string_view status_text);

// Reads /proc/PID/status. nullopt when the process does not exist or the file cannot be read.
[[nodiscard]] std::optional<ProcessMemory> read_process_memory(int pid);

// User + system CPU time in milliseconds, from the text of /proc/PID/stat (fields utime and stime, in clock ticks
// of `ticks_per_second`). nullopt for malformed text.
[[nodiscard]] std::optional<double> parse_proc_stat_cpu_ms(std::string_view stat_text, long ticks_per_second);

// CPU time used so far by process `pid` (0 = this process), in milliseconds. nullopt when unreadable.
[[nodiscard]] std::optional<double> read_process_cpu_ms(int pid);

}  // namespace sim
