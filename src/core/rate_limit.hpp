// Token bucket for `maxMessagesPerSecond` (docs/protocol.md, "Limits": per socket, burst 2x).
// Deterministic: the caller passes `now_ms`; no clock is read. Arithmetic is integer (milli-tokens), so a long run
// never drifts and the edges (exactly enough tokens, exactly the retry time) are exact.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>

namespace core {

struct RateLimitSettings {
    std::int64_t tokens_per_second = 20;  // refill rate; must be >= 1
    std::int64_t burst = 40;              // bucket size (and the tokens a fresh bucket holds); must be >= 1
};

// One bucket per socket. The first `burst` takes succeed at once; after that one take per 1/rate second.
class TokenBucket {
public:
    // Rates/bursts below 1 are clamped to 1: a limit of 0 would refuse everything forever, which no setting means.
    TokenBucket(RateLimitSettings settings, std::int64_t now_ms)
        : rate_(std::max<std::int64_t>(1, settings.tokens_per_second)),
          capacity_milli_(std::max<std::int64_t>(1, settings.burst) * kMilli),
          milli_tokens_(capacity_milli_),
          last_refill_ms_(now_ms) {}

    // Takes one token. Returns std::nullopt when allowed, otherwise the milliseconds until a token is available
    // (the `retryAfterMs` of the `rate_limited` error; always >= 1). A refused take consumes nothing.
    [[nodiscard]] std::optional<std::int64_t> try_take(std::int64_t now_ms) {
        refill(now_ms);
        if (milli_tokens_ >= kMilli) {
            milli_tokens_ -= kMilli;
            return std::nullopt;
        }
        // rate_ tokens per second == rate_ milli-tokens per millisecond.
        const std::int64_t missing = kMilli - milli_tokens_;
        return (missing + rate_ - 1) / rate_;
    }

    // Whole tokens available at now_ms (for tests and diagnostics).
    [[nodiscard]] std::int64_t available(std::int64_t now_ms) {
        refill(now_ms);
        return milli_tokens_ / kMilli;
    }

private:
    static constexpr std::int64_t kMilli = 1000;

    void refill(std::int64_t now_ms) {
        if (now_ms <= last_refill_ms_) return;  // a clock that steps back refills nothing rather than draining
        const std::int64_t elapsed = now_ms - last_refill_ms_;
        last_refill_ms_ = now_ms;
        // Cap before multiplying so a long idle socket cannot overflow.
        const std::int64_t room = capacity_milli_ - milli_tokens_;
        milli_tokens_ = elapsed >= (room + rate_ - 1) / rate_ ? capacity_milli_ : milli_tokens_ + elapsed * rate_;
    }

    std::int64_t rate_;            // tokens per second == milli-tokens per millisecond
    std::int64_t capacity_milli_;  // burst * 1000
    std::int64_t milli_tokens_;
    std::int64_t last_refill_ms_;
};

}  // namespace core
