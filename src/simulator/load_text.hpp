// The load benchmark's message text: it carries its send time, so the agent that receives it can measure the
// customer→agent delivery latency (both ends live in the simulator's process and share its monotonic clock).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sim {

// Nanoseconds of the monotonic clock (comparable within one process only).
inline std::int64_t monotonic_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// "load c<customer> #<seq> t=<sent_ns> " padded with letters to exactly `bytes` characters (more when the
// header alone is longer). ASCII only, so bytes == code points.
[[nodiscard]] std::string make_load_text(int customer, std::int64_t seq, std::int64_t sent_ns, int bytes);

// The sent_ns embedded by make_load_text; nullopt for any other text.
[[nodiscard]] std::optional<std::int64_t> parse_load_sent_ns(std::string_view text);

}  // namespace sim
