#include "log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace server {

namespace {
std::atomic<bool> g_enabled{true};
std::mutex g_mutex;
}  // namespace

void set_logging(bool enabled) { g_enabled = enabled; }

void log_event(std::string_view event, nlohmann::json fields) {
    if (!g_enabled) return;
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    nlohmann::json line = {{"ts", now}, {"event", event}};
    if (fields.is_object()) {
        for (auto& [key, value] : fields.items()) line[key] = std::move(value);
    }
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::lock_guard lock(g_mutex);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

}  // namespace server
