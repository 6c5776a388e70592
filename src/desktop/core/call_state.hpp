// Calls: the agent's one call at a time (phone through tel:, or WebRTC audio in the browser) and the consent
// requests that precede it. Plain values in State::calls, changed only by update() (update_calls.cpp). The
// media itself lives in the platform (web/desktop/rtc-bridge.js); this side owns the phases, timers and what
// goes into the transcript.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/result.hpp"
#include "protocol/types.hpp"

namespace desk {

using CallTimeMs = double;

// Named, configurable call timers (config.json "calls": {...}, read by read_call_settings).
struct CallSettings {
    double request_timeout_ms = 120000;    // calls.requestTimeoutMs: consent request unanswered → "no answer"
    double ring_timeout_ms = 30000;        // calls.ringTimeoutMs: WebRTC ring unanswered → "no answer"
    double connect_timeout_ms = 20000;     // calls.connectTimeoutMs: accepted but media never connects → ICE failure
    double media_lost_timeout_ms = 10000;  // calls.mediaLostTimeoutMs: connection interrupted this long → lost
    double stats_interval_ms = 1000;       // calls.statsIntervalMs: how often the bridge reports quality
    std::size_t max_signal_bytes = 16384;  // calls.maxSignalBytes: one signaling payload from the bridge
};

// Reads the "calls" object of the parsed config.json (config_reader.hpp's policy: wrong values keep their
// default and are listed in `problems`).
struct CallSettingsRead {
    CallSettings settings;
    std::vector<std::string> problems;
};
CallSettingsRead read_call_settings(const nlohmann::json& config);

enum class CallPhase {
    idle,        // no call
    requesting,  // consent asked in the chat; waiting for the customer's answer
    ringing,     // WebRTC: the customer's app rings (microphone being opened on our side)
    connecting,  // WebRTC: the customer answered; offer/answer and ICE under way
    connected,   // talking (WebRTC media connected, or a phone call placed)
    on_hold,     // WebRTC: connected, our microphone and their audio paused
    ended,       // the last call ended normally (shown until the next one)
    failed,      // the last call failed; `reason` says why (shown until the next one)
};
std::string_view to_string(CallPhase);
// A call occupies the agent (one at a time) in these phases.
inline bool call_busy(CallPhase p) {
    return p == CallPhase::requesting || p == CallPhase::ringing || p == CallPhase::connecting ||
        p == CallPhase::connected || p == CallPhase::on_hold;
}

struct CallQuality {
    double rtt_ms = -1;    // -1 = not measured yet
    double loss_pct = -1;  // inbound packets lost, percent
    double jitter_ms = -1;
    double bytes_received = 0;
    double bytes_sent = 0;
    CallTimeMs at = 0;  // when the bridge measured it
};

// The one call (or its last result).
struct Call {
    CallPhase phase = CallPhase::idle;
    proto::CallMode mode = proto::CallMode::webrtc;
    std::string chat_id;
    std::string customer_name;
    std::string number;             // E.164, phone calls
    std::string call_id;            // WebRTC: the rtc.signal callId
    std::string request_client_id;  // requesting: clientId of our `requested` event
    std::int64_t request_seq = 0;   // requesting: its seq once committed (answers come after it)
    CallTimeMs phase_since = 0;
    CallTimeMs deadline = 0;  // requesting/ringing/connecting: when the timer fires (0 = none)
    CallTimeMs connected_at = 0;
    CallTimeMs media_lost_since = 0;  // connected but the media path is interrupted (0 = fine)
    std::int64_t duration_ms = 0;     // ended/failed after connecting
    std::string reason;               // failed: a code (declined, no_answer, …); ended: who hung up
    bool local_media_ready = false;   // our microphone is open
    bool ring_sent = false;
    bool remote_audio = false;  // a live remote audio track arrived
    bool muted = false;
    CallQuality quality;              // WebRTC: the bridge's latest measurement
    std::string reason_text() const;  // readable text of `reason`
};

// The customer's answer to the last consent request of a chat.
struct Consent {
    std::string chat_id;
    proto::CallMode mode = proto::CallMode::phone;
    bool accepted = false;
    CallTimeMs at = 0;
};

struct MediaDevice {
    std::string id;
    std::string label;
};

struct CallDevices {
    std::vector<MediaDevice> inputs;   // microphones
    std::vector<MediaDevice> outputs;  // speakers (empty where the browser cannot choose: no setSinkId)
    bool can_choose_output = false;
    std::string input_id;  // "" = the browser's default
    std::string output_id;
};

// A call event we sent and the server has not acknowledged; resent with its clientId after a reconnect
// (the server answers a repeat with the original ack), so a call's end is recorded even across a drop.
struct UnsentCallEvent {
    std::string chat_id;
    std::string client_id;
    proto::CallAction action = proto::CallAction::requested;
    proto::CallMode mode = proto::CallMode::phone;
    std::optional<std::string> number;
    std::optional<std::int64_t> duration_ms;
    std::optional<std::string> reason;
};

struct Calls {
    CallSettings settings;
    Call call;
    std::vector<Consent> consents;  // one per chat (the latest answer)
    CallDevices devices;
    std::vector<UnsentCallEvent> unsent;
    std::uint64_t next_call_number = 1;
    std::size_t max_unsent = 64;  // bounded: older unsent call events are dropped first

    const Consent* consent_for(const std::string& chat_id) const;
};

// What the media bridge (rtc-bridge.js) reports, parsed and validated from its JSON (parse_call_media_event).
struct CallMediaEvent {
    enum class Type { signal, state, error, stats, track, devices };
    Type type = Type::state;
    std::string call_id;
    std::string data_json;  // signal: the rtc.signal data object, as JSON text
    std::string state;      // state: connected | disconnected | failed | closed
    std::string code;       // error: microphone_denied | microphone_missing | media_failed
    std::string message;    // error: the browser's text
    CallQuality quality;    // stats
    CallDevices devices;    // devices (ids and labels; the selections are ours)
};
proto::Result<CallMediaEvent> parse_call_media_event(std::string_view json, const CallSettings& settings);

// tel: URL for a phone number as the Contact Info panel shows it: normalized to E.164 first
// ("+49 (151) 123-456" → "tel:+49151123456"); invalid numbers are refused (invalid_field phone).
proto::Result<std::string> tel_url(std::string_view number);

}  // namespace desk
