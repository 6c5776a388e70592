#include "desktop/core/calls.hpp"

#include <cmath>
#include <cstdio>

#include "desktop/core/update.hpp"

namespace desk {

namespace {

// The one-call rule, phrased for the agent: who the current call is with and what to do.
std::string busy_refusal(const State& s, const Chat& chat, bool same_chat_request_ok) {
    const Call& c = s.calls.call;
    if (!call_busy(c.phase)) return {};
    if (same_chat_request_ok && c.phase == CallPhase::requesting && c.chat_id == chat.id) return {};
    const std::string with = c.customer_name.empty() ? "another customer" : c.customer_name;
    if (c.phase == CallPhase::requesting)
        return "Waiting for " + with + "'s answer to a call request: one call at a time (cancel it first).";
    return "You are on a call with " + with + ": one call at a time (hang up first).";
}

std::string chat_refusal(const State& s, const Chat& chat, bool needs_connection) {
    if (chat.status != proto::ChatStatus::active) return "The chat is not active.";
    if (needs_connection && !can_send_now(s)) return "Offline: wait for the connection.";
    return {};
}

}  // namespace

std::string consent_refusal(const State& s, const Chat& chat, proto::CallMode mode) {
    if (auto why = chat_refusal(s, chat, true); !why.empty()) return why;
    if (mode == proto::CallMode::phone) {
        if (!chat.customer.capabilities.has(proto::Capability::phone))
            return "The customer's app does not offer phone calls.";
        if (!chat.customer.phone) return "The customer gave no phone number.";
    } else if (!chat.customer.capabilities.has(proto::Capability::webrtc)) {
        return "The customer's app cannot take browser calls.";
    }
    return busy_refusal(s, chat, false);
}

std::string phone_call_refusal(const State& s, const Chat& chat) {
    if (!chat.customer.phone) return "The customer gave no phone number.";
    if (auto why = chat_refusal(s, chat, false); !why.empty()) return why;
    return busy_refusal(s, chat, true);
}

std::string webrtc_call_refusal(const State& s, const Chat& chat) {
    if (!chat.customer.capabilities.has(proto::Capability::webrtc))
        return "The customer's app cannot take browser calls.";
    if (auto why = chat_refusal(s, chat, true); !why.empty()) return why;
    return busy_refusal(s, chat, true);
}

std::int64_t call_duration_ms(const Call& c, TimeMs now) {
    if (c.phase == CallPhase::connected || c.phase == CallPhase::on_hold)
        return c.connected_at > 0 ? std::llround(std::max(0.0, now - c.connected_at)) : 0;
    if (c.phase == CallPhase::ended || c.phase == CallPhase::failed) return c.duration_ms;
    return 0;
}

std::string duration_label(std::int64_t ms) {
    const std::int64_t total = std::max<std::int64_t>(0, ms / 1000);
    char buffer[32];
    if (total >= 3600)
        std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                      static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
    else
        std::snprintf(buffer, sizeof buffer, "%lld:%02lld", static_cast<long long>(total / 60),
                      static_cast<long long>(total % 60));
    return buffer;
}

nlohmann::json calls_snapshot(const State& s, TimeMs now) {
    using nlohmann::json;
    const Call& c = s.calls.call;
    const CallQuality& q = c.quality;
    json devices_in = json::array(), devices_out = json::array();
    for (const auto& d : s.calls.devices.inputs) devices_in.push_back({{"id", d.id}, {"label", d.label}});
    for (const auto& d : s.calls.devices.outputs) devices_out.push_back({{"id", d.id}, {"label", d.label}});
    json consents = json::array();
    for (const auto& k : s.calls.consents)
        consents.push_back(
            {{"chatId", k.chat_id}, {"mode", std::string(proto::to_string(k.mode))}, {"accepted", k.accepted}});
    return {{"phase", std::string(to_string(c.phase))},
            {"mode", std::string(proto::to_string(c.mode))},
            {"chatId", c.chat_id},
            {"customerName", c.customer_name},
            {"number", c.number},
            {"callId", c.call_id},
            {"durationMs", call_duration_ms(c, now)},
            {"secondsLeft", c.deadline > 0 ? std::max(0.0, std::ceil((c.deadline - now) / 1000.0)) : 0.0},
            {"reason", c.reason},
            {"reasonText", c.reason.empty() ? "" : c.reason_text()},
            {"muted", c.muted},
            {"onHold", c.phase == CallPhase::on_hold},
            {"localMediaReady", c.local_media_ready},
            {"ringSent", c.ring_sent},
            {"remoteAudio", c.remote_audio},
            {"mediaLost", c.media_lost_since > 0},
            {"quality",
             {{"rttMs", q.rtt_ms},
              {"lossPct", q.loss_pct},
              {"jitterMs", q.jitter_ms},
              {"bytesReceived", q.bytes_received},
              {"bytesSent", q.bytes_sent}}},
            {"devices",
             {{"inputs", devices_in},
              {"outputs", devices_out},
              {"canChooseOutput", s.calls.devices.can_choose_output},
              {"inputId", s.calls.devices.input_id},
              {"outputId", s.calls.devices.output_id}}},
            {"consents", consents},
            {"unsentEvents", s.calls.unsent.size()}};
}

}  // namespace desk
