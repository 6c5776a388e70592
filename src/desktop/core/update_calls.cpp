// Calls: consent requests in the chat, phone calls through tel: links, WebRTC audio calls whose media runs in
// the browser's bridge (rtc-bridge.js) while this side owns the phases, timers, the one-call rule and what the
// transcript records. Signaling travels as rtc.signal frames over the desktop's own socket; its data shapes
// (ring, accept, decline, sdp, candidate, hold, hangup) are documented in docs/protocol.md.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "desktop/core/backoff.hpp"
#include "desktop/core/calls.hpp"
#include "desktop/core/update_internal.hpp"

namespace desk::detail {

namespace {

using nlohmann::json;

std::string new_call_client_id(State& s) {
    char buffer[48];
    const auto random = static_cast<unsigned long long>(next_unit_random(s.rng) * 281474976710656.0);  // 48 bits
    std::snprintf(buffer, sizeof buffer, "c-%012llx-%llu", random, static_cast<unsigned long long>(s.next_client_id++));
    return buffer;
}

std::string new_call_id(State& s) {
    char buffer[48];
    const auto random = static_cast<unsigned long long>(next_unit_random(s.rng) * 281474976710656.0);
    std::snprintf(buffer, sizeof buffer, "call-%012llx-%llu", random,
                  static_cast<unsigned long long>(s.calls.next_call_number++));
    return buffer;
}

void transmit(Step& step, const UnsentCallEvent& u) {
    proto::CallBody body{u.action, u.mode, u.number, u.duration_ms, u.reason};
    step.send(
        proto::ChatSend{step.request(RequestKind::send, u.chat_id, {}, u.client_id), u.chat_id, u.client_id, body});
}

// Call events are kept until acknowledged (resent after a reconnect): a call's end must reach the transcript.
std::string record(Step& step, const std::string& chat_id, proto::CallAction action, proto::CallMode mode,
                   std::optional<std::string> number = {}, std::optional<std::int64_t> duration_ms = {},
                   std::optional<std::string> reason = {}) {
    auto& calls = step.s.calls;
    UnsentCallEvent u{chat_id,     new_call_client_id(step.s), action, mode, std::move(number),
                      duration_ms, std::move(reason)};
    if (calls.unsent.size() >= calls.max_unsent) calls.unsent.erase(calls.unsent.begin());
    calls.unsent.push_back(u);
    if (can_send_now(step.s)) transmit(step, u);
    return u.client_id;
}

void media(Step& step, json command) { step.out.push_back(cmd::CallMedia{command.dump()}); }

void signal(Step& step, const Call& c, json data) {
    if (!can_send_now(step.s)) return;  // signals are live only; the call's timers handle what is lost
    step.send(proto::RtcSignal{step.request(RequestKind::signal, c.chat_id), c.chat_id, c.call_id, std::move(data)});
}

void enter(Step& step, CallPhase phase, double timeout_ms = 0) {
    Call& c = step.s.calls.call;
    c.phase = phase;
    c.phase_since = step.now;
    c.deadline = timeout_ms > 0 ? step.now + timeout_ms : 0;
}

// Ends the current call: `failed` with a reason code, or ended normally (reason = who hung up).
// `tell_customer`: send a hangup signal (their app stops ringing or leaves the call). `record`: a transcript event.
void finish(Step& step, bool failed, const std::string& reason, bool tell_customer, bool record_it = true) {
    Call& c = step.s.calls.call;
    if (!call_busy(c.phase)) return;
    const bool was_connected = c.phase == CallPhase::connected || c.phase == CallPhase::on_hold;
    const std::int64_t duration = was_connected ? call_duration_ms(c, step.now) : 0;
    if (c.mode == proto::CallMode::webrtc && c.phase != CallPhase::requesting) {
        if (tell_customer && c.ring_sent) signal(step, c, json{{"hangup", {{"reason", reason}}}});
        media(step, json{{"op", "stop"}, {"callId", c.call_id}});
    }
    if (record_it) {
        std::optional<std::string> number;
        if (c.mode == proto::CallMode::phone && !c.number.empty()) number = c.number;
        if (failed)
            record(step, c.chat_id, proto::CallAction::failed, c.mode, number,
                   was_connected ? std::optional<std::int64_t>(duration) : std::nullopt, reason);
        else
            record(step, c.chat_id, proto::CallAction::ended, c.mode, number, duration);
    }
    c.duration_ms = duration;
    c.reason = reason;
    c.media_lost_since = 0;
    c.muted = false;
    enter(step, failed ? CallPhase::failed : CallPhase::ended);
    if (failed && reason != "cancelled")
        step.notice("call_failed", "Call with " + c.customer_name + ": " + c.reason_text(), c.chat_id);
}

Call fresh_call(const Chat& chat, proto::CallMode mode) {
    Call c;
    c.mode = mode;
    c.chat_id = chat.id;
    c.customer_name = chat.customer.name;
    if (chat.customer.phone) c.number = *chat.customer.phone;
    return c;
}

bool refuse_if(Step& step, const std::string& why, const std::string& chat_id) {
    if (why.empty()) return false;
    step.notice(why.find("one call at a time") != std::string::npos ? "call_busy" : "call_refused", why, chat_id);
    return true;
}

void request_consent(Step& step, const Chat& chat, const std::string& mode_name) {
    const auto mode = proto::from_string<proto::CallMode>(mode_name);
    if (!mode) {
        step.notice("call_refused", "Unknown call mode: " + mode_name, chat.id);
        return;
    }
    if (refuse_if(step, consent_refusal(step.s, chat, *mode), chat.id)) return;
    Call& c = step.s.calls.call;
    c = fresh_call(chat, *mode);
    enter(step, CallPhase::requesting, step.s.calls.settings.request_timeout_ms);
    std::optional<std::string> number;
    if (*mode == proto::CallMode::phone) number = c.number;
    c.request_client_id = record(step, chat.id, proto::CallAction::requested, *mode, number);
}

void place_phone_call(Step& step, const Chat& chat) {
    if (refuse_if(step, phone_call_refusal(step.s, chat), chat.id)) return;
    auto url = tel_url(*chat.customer.phone);
    if (!url) {
        step.notice("call_refused", "The phone number cannot be dialled: " + url.error().message, chat.id);
        return;
    }
    Call& c = step.s.calls.call;
    c = fresh_call(chat, proto::CallMode::phone);
    c.number = url.value().substr(4);  // the normalized number, as dialled
    step.out.push_back(cmd::OpenUrl{url.value()});
    enter(step, CallPhase::connected);
    c.connected_at = step.now;
    record(step, chat.id, proto::CallAction::placed, proto::CallMode::phone, c.number);
}

void start_webrtc_call(Step& step, const Chat& chat) {
    if (refuse_if(step, webrtc_call_refusal(step.s, chat), chat.id)) return;
    Call& c = step.s.calls.call;
    c = fresh_call(chat, proto::CallMode::webrtc);
    c.call_id = new_call_id(step.s);
    enter(step, CallPhase::ringing, step.s.calls.settings.ring_timeout_ms);
    // The bridge opens the microphone first; its ring signal (with the ICE servers) follows when it is open.
    media(step,
          json{{"op", "start"},
               {"callId", c.call_id},
               {"inputId", step.s.calls.devices.input_id},
               {"outputId", step.s.calls.devices.output_id},
               {"statsIntervalMs", step.s.calls.settings.stats_interval_ms}});
}

void hang_up(Step& step) {
    Call& c = step.s.calls.call;
    switch (c.phase) {
        case CallPhase::requesting:
        case CallPhase::ringing:
        case CallPhase::connecting:
            finish(step, true, "cancelled", true);
            break;
        case CallPhase::connected:
        case CallPhase::on_hold:
            finish(step, false, "agent", true);
            break;
        default:
            break;
    }
}

bool webrtc_live(const Call& c) {
    return c.mode == proto::CallMode::webrtc &&
        (c.phase == CallPhase::connecting || c.phase == CallPhase::connected || c.phase == CallPhase::on_hold);
}

std::string decline_reason(const json& body) {
    const std::string why = body.is_object() && body.contains("reason") && body["reason"].is_string()
        ? body["reason"].get<std::string>()
        : "declined";
    if (why == "microphone_denied") return "customer_microphone_denied";
    if (why == "busy") return "customer_busy";
    if (why == "unsupported") return "customer_unsupported";
    return "declined";
}

}  // namespace

void on_call_control(Step& step, const intent::CallControl& i) {
    using Op = intent::CallControl::Op;
    auto& calls = step.s.calls;
    Call& c = calls.call;
    const Chat* chat = step.s.find_chat(i.chat_id);
    switch (i.op) {
        case Op::request_consent:
            if (chat) request_consent(step, *chat, i.mode);
            break;
        case Op::place_phone_call:
            if (chat) place_phone_call(step, *chat);
            break;
        case Op::start_webrtc_call:
            if (chat) start_webrtc_call(step, *chat);
            break;
        case Op::hang_up:
            hang_up(step);
            break;
        case Op::toggle_mute:
            if (c.mode != proto::CallMode::webrtc || !call_busy(c.phase) || c.phase == CallPhase::requesting) break;
            c.muted = !c.muted;
            media(step, json{{"op", "mute"}, {"callId", c.call_id}, {"muted", c.muted}});
            break;
        case Op::toggle_hold: {
            if (c.mode != proto::CallMode::webrtc || (c.phase != CallPhase::connected && c.phase != CallPhase::on_hold))
                break;
            const bool hold = c.phase == CallPhase::connected;
            enter(step,
                  hold ? CallPhase::on_hold : CallPhase::connected);  // talk time keeps counting from connected_at
            media(step, json{{"op", "hold"}, {"callId", c.call_id}, {"on", hold}});
            signal(step, c, json{{"hold", {{"on", hold}}}});
            break;
        }
        case Op::select_microphone:
            calls.devices.input_id = i.device_id;
            media(step, json{{"op", "select"}, {"kind", "input"}, {"deviceId", i.device_id}, {"callId", c.call_id}});
            break;
        case Op::select_speaker:
            calls.devices.output_id = i.device_id;
            media(step, json{{"op", "select"}, {"kind", "output"}, {"deviceId", i.device_id}, {"callId", c.call_id}});
            break;
        case Op::refresh_devices:
            media(step, json{{"op", "devices"}});
            break;
        case Op::dismiss:
            if (!call_busy(c.phase)) c = Call{};
            break;
    }
}

void on_rtc_signal(Step& step, const proto::RtcSignalPush& push) {
    Call& c = step.s.calls.call;
    // Only the customer of the call in progress; anything else is stale (an old call) and dropped.
    if (push.from != proto::Role::customer || c.mode != proto::CallMode::webrtc || !call_busy(c.phase) ||
        push.chat_id != c.chat_id || push.call_id != c.call_id)
        return;
    if (!push.data.is_object() || push.data.size() != 1) {
        step.notice("bad_signal", "The customer's app sent call signaling this desktop cannot read.", c.chat_id);
        return;
    }
    const std::string kind = push.data.begin().key();
    const json& body = push.data.begin().value();
    if (kind == "accept") {
        if (c.phase != CallPhase::ringing) return;
        enter(step, CallPhase::connecting, step.s.calls.settings.connect_timeout_ms);
        media(step, json{{"op", "offer"}, {"callId", c.call_id}});
    } else if (kind == "decline") {
        if (c.phase == CallPhase::ringing || c.phase == CallPhase::connecting)
            finish(step, true, decline_reason(body), false);
    } else if (kind == "sdp" || kind == "candidate") {
        if (webrtc_live(c)) media(step, json{{"op", "remote"}, {"callId", c.call_id}, {"data", push.data}});
    } else if (kind == "hangup") {
        if (c.phase == CallPhase::connected || c.phase == CallPhase::on_hold)
            finish(step, false, "customer", false);
        else if (c.phase == CallPhase::ringing)
            finish(step, true, "declined", false);
        else
            finish(step, true, "customer", false);
    }
    // Unknown kinds: a newer app's extension; ignored (forward compatibility).
}

void on_call_media(Step& step, const CallMediaEvent& e) {
    auto& calls = step.s.calls;
    Call& c = calls.call;
    if (e.type == CallMediaEvent::Type::devices) {
        const std::string input = calls.devices.input_id, output = calls.devices.output_id;
        calls.devices = e.devices;
        // A chosen device that went away (unplugged) falls back to the default.
        auto has = [](const std::vector<MediaDevice>& list, const std::string& id) {
            return id.empty() ||
                std::any_of(list.begin(), list.end(), [&](const MediaDevice& d) { return d.id == id; });
        };
        calls.devices.input_id = has(e.devices.inputs, input) ? input : "";
        calls.devices.output_id = has(e.devices.outputs, output) ? output : "";
        for (const auto& d : calls.devices.inputs) step.glyphs(d.label);
        for (const auto& d : calls.devices.outputs) step.glyphs(d.label);
        return;
    }
    if (c.mode != proto::CallMode::webrtc || e.call_id != c.call_id || !call_busy(c.phase)) return;  // an old call
    switch (e.type) {
        case CallMediaEvent::Type::signal: {
            json data = json::parse(e.data_json, nullptr, false);
            if (data.is_discarded() || !data.is_object() || data.empty()) return;
            if (data.contains("ring")) {
                c.local_media_ready = true;
                if (c.phase != CallPhase::ringing || c.ring_sent) return;
                c.ring_sent = true;
                if (!can_send_now(step.s)) {
                    finish(step, true, "customer_offline", false);
                    return;
                }
            } else if (!webrtc_live(c)) {
                return;
            }
            signal(step, c, std::move(data));
            break;
        }
        case CallMediaEvent::Type::state:
            if (e.state == "connected") {
                c.media_lost_since = 0;
                if (c.phase == CallPhase::connecting) {
                    enter(step, CallPhase::connected);
                    c.connected_at = step.now;
                    record(step, c.chat_id, proto::CallAction::started, proto::CallMode::webrtc);
                }
            } else if (e.state == "disconnected") {
                if ((c.phase == CallPhase::connected || c.phase == CallPhase::on_hold) && c.media_lost_since == 0)
                    c.media_lost_since = step.now;
            } else if (e.state == "failed") {
                if (c.phase == CallPhase::connecting)
                    finish(step, true, "ice_failed", true);
                else if (c.phase == CallPhase::connected || c.phase == CallPhase::on_hold)
                    finish(step, true, "connection_lost", true);
            }
            break;
        case CallMediaEvent::Type::error:
            finish(step, true, e.code, true);
            break;
        case CallMediaEvent::Type::stats:
            c.quality = e.quality;
            c.quality.at = step.now;
            break;
        case CallMediaEvent::Type::track:
            c.remote_audio = true;
            break;
        case CallMediaEvent::Type::devices:
            break;
    }
}

void calls_on_event(Step& step, Chat& chat, const proto::Event& e) {
    auto& calls = step.s.calls;
    Call& c = calls.call;
    if (const auto* body = std::get_if<proto::CallBody>(&e.body)) {
        if (e.author.role == proto::Role::agent && e.client_id && *e.client_id == c.request_client_id)
            c.request_seq = e.seq;
        const bool answer = body->action == proto::CallAction::accepted || body->action == proto::CallAction::declined;
        if (!answer || e.author.role != proto::Role::customer) return;
        const bool accepted = body->action == proto::CallAction::accepted;
        std::erase_if(calls.consents, [&](const Consent& k) { return k.chat_id == chat.id; });
        calls.consents.push_back(Consent{chat.id, body->mode, accepted, static_cast<TimeMs>(e.ts)});
        if (c.phase != CallPhase::requesting || c.chat_id != chat.id || c.mode != body->mode || e.seq <= c.request_seq)
            return;
        if (!accepted) {
            finish(step, true, "declined", false, false);  // the customer's own row is the record
        } else if (body->mode == proto::CallMode::webrtc) {
            c.phase = CallPhase::idle;  // consent given: ring now, as the customer expects
            start_webrtc_call(step, chat);
        } else {
            c = Call{};  // consent given: the agent dials when ready (the panel shows the answer)
        }
    } else if (std::holds_alternative<proto::EndedBody>(e.body)) {
        if (call_busy(c.phase) && c.chat_id == chat.id) {
            // The server takes no more events or signals for an ended chat: end locally, unrecorded.
            const bool connected = c.phase == CallPhase::connected || c.phase == CallPhase::on_hold;
            finish(step, !connected, "chat_ended", false, false);
        }
    }
}

void calls_on_ack(Step& step, const proto::Ack& ack) {
    std::erase_if(step.s.calls.unsent, [&](const UnsentCallEvent& u) { return u.client_id == ack.client_id; });
}

void calls_on_refused(Step& step, const PendingRequest& request, const proto::Error& error) {
    auto& calls = step.s.calls;
    Call& c = calls.call;
    if (request.kind == RequestKind::send) {
        std::erase_if(calls.unsent, [&](const UnsentCallEvent& u) { return u.client_id == request.client_id; });
        return;
    }
    if (request.kind != RequestKind::signal || request.chat_id != c.chat_id || !call_busy(c.phase)) return;
    if (error.code == proto::ErrorCode::unavailable) {
        // The customer's app is offline. Before the call connects that is the end of it; once connected the
        // media may still flow (only signaling is lost), and the media's own state decides.
        if (c.phase == CallPhase::ringing || c.phase == CallPhase::connecting)
            finish(step, true, "customer_offline", false);
    } else if (error.code == proto::ErrorCode::conflict || error.code == proto::ErrorCode::forbidden ||
               error.code == proto::ErrorCode::not_found) {
        finish(step, true, "chat_ended", false, false);
    } else {
        step.notice(std::string(proto::to_string(error.code)), "Call signaling refused: " + error.message, c.chat_id);
    }
}

void calls_on_welcome(Step& step) {
    auto& unsent = step.s.calls.unsent;
    std::erase_if(unsent, [&](const UnsentCallEvent& u) { return !step.s.find_chat(u.chat_id); });
    for (const auto& u : unsent) transmit(step, u);
}

void calls_on_chat_removed(Step& step, const std::string& chat_id) {
    auto& calls = step.s.calls;
    Call& c = calls.call;
    if (call_busy(c.phase) && c.chat_id == chat_id) {
        const bool connected = c.phase == CallPhase::connected || c.phase == CallPhase::on_hold;
        finish(step, !connected, "chat_removed", false, false);
    }
    std::erase_if(calls.consents, [&](const Consent& k) { return k.chat_id == chat_id; });
    std::erase_if(calls.unsent, [&](const UnsentCallEvent& u) { return u.chat_id == chat_id; });
}

void tick_calls(Step& step) {
    Call& c = step.s.calls.call;
    const auto& settings = step.s.calls.settings;
    if (!call_busy(c.phase)) return;
    const bool due = c.deadline > 0 && step.now >= c.deadline;
    switch (c.phase) {
        case CallPhase::requesting:
            if (due) finish(step, true, "no_answer", false);
            break;
        case CallPhase::ringing:
            if (due) finish(step, true, "no_answer", true);
            break;
        case CallPhase::connecting:
            if (due) finish(step, true, "ice_failed", true);
            break;
        case CallPhase::connected:
        case CallPhase::on_hold:
            if (c.media_lost_since > 0 && step.now - c.media_lost_since >= settings.media_lost_timeout_ms)
                finish(step, true, "connection_lost", true);
            break;
        default:
            break;
    }
}

double next_call_deadline(const State& s, TimeMs now) {
    const Call& c = s.calls.call;
    double next = std::numeric_limits<double>::infinity();
    if (!call_busy(c.phase)) return next;
    if (c.deadline > now) next = std::min(next, c.deadline);
    if (c.media_lost_since > 0) next = std::min(next, c.media_lost_since + s.calls.settings.media_lost_timeout_ms);
    // The panel counts seconds (duration while talking, elapsed while waiting): wake at the next whole one.
    const double since =
        (c.phase == CallPhase::connected || c.phase == CallPhase::on_hold) ? c.connected_at : c.phase_since;
    if (since > 0) next = std::min(next, now + (1000.0 - std::fmod(std::max(0.0, now - since), 1000.0)));
    return next;
}

}  // namespace desk::detail
