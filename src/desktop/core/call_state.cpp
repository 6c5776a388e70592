// Call values that are not rules: settings from config.json, the media bridge's reports parsed and checked,
// readable reasons, and tel: links.
#include "desktop/core/call_state.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "desktop/core/config_reader.hpp"
#include "protocol/phone.hpp"

namespace desk {

using nlohmann::json;

std::string_view to_string(CallPhase p) {
    switch (p) {
        case CallPhase::idle:
            return "idle";
        case CallPhase::requesting:
            return "requesting";
        case CallPhase::ringing:
            return "ringing";
        case CallPhase::connecting:
            return "connecting";
        case CallPhase::connected:
            return "connected";
        case CallPhase::on_hold:
            return "on_hold";
        case CallPhase::ended:
            return "ended";
        case CallPhase::failed:
            return "failed";
    }
    return "idle";
}

std::string Call::reason_text() const {
    if (reason == "declined") return "The customer declined the call.";
    if (reason == "no_answer") return "No answer.";
    if (reason == "cancelled") return "You cancelled the call.";
    if (reason == "microphone_denied") return "Microphone permission denied: allow the microphone for this page.";
    if (reason == "microphone_missing") return "No microphone found.";
    if (reason == "media_failed") return "The browser could not start the call audio.";
    if (reason == "customer_microphone_denied") return "The customer's app has no microphone permission.";
    if (reason == "customer_busy") return "The customer's app is busy with another call.";
    if (reason == "customer_unsupported") return "The customer's app cannot take browser calls.";
    if (reason == "customer_offline") return "The customer is offline.";
    if (reason == "ice_failed") return "No network path to the customer (ICE failed; check STUN/TURN).";
    if (reason == "connection_lost") return "The connection to the customer was lost.";
    if (reason == "chat_ended") return "The chat ended.";
    if (reason == "chat_removed") return "The chat left this desktop.";
    if (reason == "agent") return "You hung up.";
    if (reason == "customer") return "The customer hung up.";
    return reason;
}

const Consent* Calls::consent_for(const std::string& chat_id) const {
    auto it = std::find_if(consents.begin(), consents.end(), [&](const Consent& c) { return c.chat_id == chat_id; });
    return it == consents.end() ? nullptr : &*it;
}

CallSettingsRead read_call_settings(const json& config) {
    CallSettingsRead out;
    ConfigReader read(config);
    if (read.section("calls")) {
        CallSettings& s = out.settings;
        read.number("calls", "requestTimeoutMs", s.request_timeout_ms, 1000, 3600000);
        read.number("calls", "ringTimeoutMs", s.ring_timeout_ms, 1000, 600000);
        read.number("calls", "connectTimeoutMs", s.connect_timeout_ms, 1000, 600000);
        read.number("calls", "mediaLostTimeoutMs", s.media_lost_timeout_ms, 1000, 600000);
        read.number("calls", "statsIntervalMs", s.stats_interval_ms, 200, 60000);
        read.count("calls", "maxSignalBytes", s.max_signal_bytes, 1024, 60000);
    }
    out.problems = std::move(read.problems);
    return out;
}

namespace {

proto::Error bad(std::string field, std::string_view what) {
    return proto::Error::invalid_field(std::move(field), what);
}

// Bridge strings are short identifiers or labels; anything longer is refused rather than shown.
constexpr std::size_t kMaxIdChars = 256;
constexpr std::size_t kMaxLabelChars = 200;
constexpr std::size_t kMaxDevices = 32;

bool short_string(const json& j, const char* key, std::string& out, std::size_t max, bool required) {
    if (!j.contains(key) || j[key].is_null()) return !required;
    if (!j[key].is_string() || j[key].get_ref<const std::string&>().size() > max) return false;
    out = j[key].get<std::string>();
    return true;
}

double measure(const json& j, const char* key, double fallback) {
    if (!j.contains(key) || !j[key].is_number()) return fallback;
    const double v = j[key].get<double>();
    return std::isfinite(v) && v >= 0 ? v : fallback;
}

proto::Result<std::vector<MediaDevice>> devices(const json& j, const char* key) {
    std::vector<MediaDevice> list;
    if (!j.contains(key)) return list;
    if (!j[key].is_array() || j[key].size() > kMaxDevices) return bad(key, "an array of at most 32 devices");
    for (const json& d : j[key]) {
        MediaDevice device;
        if (!d.is_object() || !short_string(d, "id", device.id, kMaxIdChars, true) ||
            !short_string(d, "label", device.label, kMaxLabelChars, false))
            return bad(key, "devices need a string id and label");
        list.push_back(std::move(device));
    }
    return list;
}

}  // namespace

proto::Result<CallMediaEvent> parse_call_media_event(std::string_view text, const CallSettings& settings) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return proto::Error::make(proto::ErrorCode::bad_json, "call media report: not a JSON object");
    CallMediaEvent e;
    std::string type;
    if (!short_string(j, "type", type, 32, true)) return bad("type", "missing");
    if (!short_string(j, "callId", e.call_id, 64, false)) return bad("callId", "a string of at most 64 characters");
    if (type == "signal") {
        e.type = CallMediaEvent::Type::signal;
        if (e.call_id.empty()) return bad("callId", "required");
        if (!j.contains("data") || !j["data"].is_object() || j["data"].size() != 1)
            return bad("data", "an object with one key");
        e.data_json = j["data"].dump();
        if (e.data_json.size() > settings.max_signal_bytes)
            return proto::Error::too_large("data", static_cast<std::int64_t>(settings.max_signal_bytes));
    } else if (type == "state") {
        e.type = CallMediaEvent::Type::state;
        if (!short_string(j, "state", e.state, 32, true)) return bad("state", "missing");
        if (e.state != "connected" && e.state != "disconnected" && e.state != "failed" && e.state != "closed")
            return bad("state", "connected, disconnected, failed or closed");
    } else if (type == "error") {
        e.type = CallMediaEvent::Type::error;
        if (!short_string(j, "code", e.code, 64, true)) return bad("code", "missing");
        if (e.code != "microphone_denied" && e.code != "microphone_missing" && e.code != "media_failed")
            return bad("code", "microphone_denied, microphone_missing or media_failed");
        if (!short_string(j, "message", e.message, kMaxLabelChars, false)) e.message = "(message too long)";
    } else if (type == "stats") {
        e.type = CallMediaEvent::Type::stats;
        e.quality.rtt_ms = measure(j, "rttMs", -1);
        e.quality.loss_pct = std::min(100.0, measure(j, "lossPct", -1));
        e.quality.jitter_ms = measure(j, "jitterMs", -1);
        e.quality.bytes_received = measure(j, "bytesReceived", 0);
        e.quality.bytes_sent = measure(j, "bytesSent", 0);
    } else if (type == "track") {
        e.type = CallMediaEvent::Type::track;
    } else if (type == "devices") {
        e.type = CallMediaEvent::Type::devices;
        auto inputs = devices(j, "inputs");
        if (!inputs) return inputs.error();
        auto outputs = devices(j, "outputs");
        if (!outputs) return outputs.error();
        e.devices.inputs = std::move(inputs).value();
        e.devices.outputs = std::move(outputs).value();
        e.devices.can_choose_output =
            j.contains("canChooseOutput") && j["canChooseOutput"].is_boolean() && j["canChooseOutput"].get<bool>();
    } else {
        return proto::Error::make(proto::ErrorCode::unknown_type, "call media report: unknown type " + type);
    }
    if (e.call_id.empty() && e.type != CallMediaEvent::Type::devices) return bad("callId", "required");
    return e;
}

proto::Result<std::string> tel_url(std::string_view number) {
    auto normalized = proto::normalize_e164(number);
    if (!normalized) return normalized.error();
    return "tel:" + normalized.value();
}

}  // namespace desk
