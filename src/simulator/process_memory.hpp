// Memory of another process (the server under load), read from /proc/PID/status.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sim {

struct ProcessMemory {
    std::int64_t rss_kib = 0;   // VmRSS: resident now
    std::int64_t hwm_kib = 0;   // VmHWM: peak resident
};

// Parses the text of a /proc/PID/status file. nullopt when VmRSS or VmHWM is missing.
[[nodiscard]] std::optional<ProcessMemory> parse_proc_status(std::string_view status_text);

// Reads /proc/PID/status. nullopt when the process does not exist or the file cannot be read.
[[nodiscard]] std::optional<ProcessMemory> read_process_memory(int pid);

}  // namespace sim
