#include "run_window.hpp"

#include "load_text.hpp"

namespace sim {

using namespace std::chrono;

void pause_between_batches(int opened) {
    if (opened % kConnectBatch == 0) std::this_thread::sleep_for(milliseconds(kConnectBatchGapMs));
}

LoadWindow window_from_now(int duration_s) {
    const std::int64_t now = monotonic_ns();
    return LoadWindow{now + kWindowLeadMs * 1'000'000LL, now + (kWindowLeadMs + duration_s * 1000LL) * 1'000'000LL};
}

WindowUsage measure_window(const LoadWindow& window, int server_pid) {
    std::this_thread::sleep_for(nanoseconds(window.begin_ns - monotonic_ns()));
    const auto server_cpu_start = server_pid > 0 ? read_process_cpu_ms(server_pid) : std::nullopt;
    const auto sim_cpu_start = read_process_cpu_ms(0);
    std::this_thread::sleep_for(nanoseconds(window.end_ns - monotonic_ns()));
    const auto server_cpu_end = server_pid > 0 ? read_process_cpu_ms(server_pid) : std::nullopt;
    const auto sim_cpu_end = read_process_cpu_ms(0);
    WindowUsage usage;
    if (server_pid > 0) usage.server_memory = read_process_memory(server_pid);
    if (server_cpu_start && server_cpu_end) usage.server_cpu_ms = *server_cpu_end - *server_cpu_start;
    if (sim_cpu_start && sim_cpu_end) usage.sim_cpu_ms = *sim_cpu_end - *sim_cpu_start;
    return usage;
}

}  // namespace sim
