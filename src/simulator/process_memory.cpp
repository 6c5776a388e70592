#include "process_memory.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace sim {

namespace {

// "VmRSS:\t  12345 kB" -> 12345
std::optional<std::int64_t> field_kib(std::string_view text, std::string_view key) {
    std::size_t at = 0;
    while ((at = text.find(key, at)) != std::string_view::npos) {
        if (at == 0 || text[at - 1] == '\n') break;
        at += key.size();
    }
    if (at == std::string_view::npos) return std::nullopt;
    auto rest = text.substr(at + key.size());
    const auto digits = rest.find_first_of("0123456789");
    if (digits == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(digits);
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    if (ec != std::errc{}) return std::nullopt;
    return value;
}

}  // namespace

std::optional<ProcessMemory> parse_proc_status(std::string_view status_text) {
    auto rss = field_kib(status_text, "VmRSS:");
    auto hwm = field_kib(status_text, "VmHWM:");
    if (!rss || !hwm) return std::nullopt;
    return ProcessMemory{*rss, *hwm};
}

std::optional<ProcessMemory> read_process_memory(int pid) {
    if (pid <= 0) return std::nullopt;
    std::ifstream file("/proc/" + std::to_string(pid) + "/status");
    if (!file) return std::nullopt;
    std::ostringstream text;
    text << file.rdbuf();
    return parse_proc_status(text.str());
}

std::optional<double> parse_proc_stat_cpu_ms(std::string_view stat_text, long ticks_per_second) {
    // "PID (comm) S ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
    const auto close = stat_text.rfind(')');
    if (close == std::string_view::npos || ticks_per_second <= 0) return std::nullopt;
    std::istringstream fields{std::string(stat_text.substr(close + 1))};
    std::vector<std::string> after;
    std::string field;
    while (after.size() < 13 && fields >> field) after.push_back(field);
    if (after.size() < 13) return std::nullopt;
    // after[0] is field 3 (state); utime is field 14, stime field 15.
    try {
        const double ticks = std::stod(after[11]) + std::stod(after[12]);
        return ticks * 1000.0 / static_cast<double>(ticks_per_second);
    } catch (...) { return std::nullopt; }
}

std::optional<double> read_process_cpu_ms(int pid) {
    if (pid < 0) return std::nullopt;
    std::ifstream file(pid == 0 ? std::string("/proc/self/stat") : "/proc/" + std::to_string(pid) + "/stat");
    if (!file) return std::nullopt;
    std::ostringstream text;
    text << file.rdbuf();
    return parse_proc_stat_cpu_ms(text.str(), sysconf(_SC_CLK_TCK));
}

}  // namespace sim
