// Reconnect delays: exponential backoff with jitter, so that many desktops losing the same server do not all
// come back in the same millisecond.
#pragma once

#include <cstdint>

#include "desktop/core/state.hpp"

namespace desk {

// A uniform number in [0, 1) from the state's generator (splitmix64; deterministic for a given seed).
double next_unit_random(std::uint64_t& rng);

// The un-jittered delay before attempt `attempt` (0-based): initial * 2^attempt, capped at max.
double backoff_base_ms(const Settings& settings, int attempt);

// The delay actually waited: in [base * (1 - jitter), base].
double backoff_delay_ms(const Settings& settings, int attempt, std::uint64_t& rng);

}  // namespace desk
