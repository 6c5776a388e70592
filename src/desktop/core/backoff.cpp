#include "desktop/core/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace desk {

double next_unit_random(std::uint64_t& rng) {
    rng += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = rng;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * (1.0 / 9007199254740992.0);  // 53 bits → [0, 1)
}

double backoff_base_ms(const Settings& settings, int attempt) {
    // Past 2^40 the cap has long been reached; clamping the exponent keeps pow() finite.
    const double growth = std::pow(2.0, std::clamp(attempt, 0, 40));
    return std::min(settings.reconnect_max_ms, settings.reconnect_initial_ms * growth);
}

double backoff_delay_ms(const Settings& settings, int attempt, std::uint64_t& rng) {
    const double base = backoff_base_ms(settings, attempt);
    const double jitter = std::clamp(settings.reconnect_jitter, 0.0, 1.0);
    return base * (1.0 - jitter * next_unit_random(rng));
}

}  // namespace desk
