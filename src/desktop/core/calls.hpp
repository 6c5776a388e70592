// What the views and the snapshot ask about calls (the rules themselves are in update_calls.cpp).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "desktop/core/state.hpp"

namespace desk {

// "" when the agent may start this in `chat` now, else the reason shown next to the disabled control
// (one call at a time, capabilities, no number, chat ended, offline).
std::string consent_refusal(const State&, const Chat&, proto::CallMode mode);
std::string phone_call_refusal(const State&, const Chat&);
std::string webrtc_call_refusal(const State&, const Chat&);

// Talk time so far (connected and on hold), or the final duration once ended.
std::int64_t call_duration_ms(const Call&, TimeMs now);
// "1:05", "12:00", "1:02:03".
std::string duration_label(std::int64_t ms);

// The snapshot's "call" object (docs/desktop-platform.md, snapshot.hpp).
nlohmann::json calls_snapshot(const State&, TimeMs now);

}  // namespace desk
