// When a paced sender (a load customer, an echo client) sends next: pure arithmetic, shared and tested.
#pragma once

#include <algorithm>
#include <cstdint>

namespace sim {

inline constexpr int kPacingSpreadSlots = 997;  // first sends of paced senders spread over this many slots (prime)

// The first send of sender `index` in a window starting at `begin_ns`: spread over one interval, so paced senders
// do not all fire on the same tick. Unpaced senders (interval 0) start at once.
[[nodiscard]] inline std::int64_t first_send_ns(std::int64_t begin_ns, double interval_ns, int index) {
    const double spread = interval_ns * static_cast<double>(index % kPacingSpreadSlots) / kPacingSpreadSlots;
    return begin_ns + static_cast<std::int64_t>(spread);
}

// The send after one planned for `planned_ns` went out at `now_ns`. Paced from the planned time, not from now, so
// timer lateness does not lower the rate; but never more than one interval behind now, so a stall is not made up
// by a burst.
[[nodiscard]] inline std::int64_t next_send_ns(std::int64_t planned_ns, double interval_ns, std::int64_t now_ns) {
    const auto interval = static_cast<std::int64_t>(interval_ns);
    return std::max<std::int64_t>(planned_ns + interval, now_ns - interval);
}

}  // namespace sim
