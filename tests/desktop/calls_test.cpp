// The call rules (update_calls.cpp): consent, phone calls through tel:, the WebRTC phases and every failure,
// one call per agent, the timers, and the media bridge's reports (parse_call_media_event).
#include <doctest/doctest.h>

#include "desktop/core/calls.hpp"
#include "desktop/core/snapshot.hpp"
#include "harness.hpp"

using namespace desk;
using namespace desk::test;
using nlohmann::json;
using Op = intent::CallControl::Op;

namespace {

proto::ChatSummary caller_chat(const std::string& id, const std::string& name = "Max Mustermann") {
    auto c = summary(id, name);
    c.customer.capabilities = {proto::Capability::phone, proto::Capability::webrtc};
    return c;
}

struct CallHarness : Harness {
    std::int64_t seq = 1;
    CallHarness() {
        log_in({caller_chat("c1"), caller_chat("c2", "Erika Musterfrau")});
        // Make the logs current so events apply live.
        server(event_with("c1", 1, proto::JoinedBody{proto::Role::agent, "Anna Berger"}));
        server(event_with("c2", 1, proto::JoinedBody{proto::Role::agent, "Anna Berger"}));
    }
    Commands control(Op op, const std::string& chat = "c1", const std::string& mode = "",
                     const std::string& device = "") {
        return apply(intent::CallControl{op, chat, mode, device});
    }
    Commands media(const std::string& json_text) {
        auto parsed = parse_call_media_event(json_text, s.calls.settings);
        REQUIRE(parsed.ok());
        return apply(ev::CallMediaReport{parsed.value()});
    }
    Commands customer_signal(const json& data, const std::string& chat = "c1", std::string call_id = "") {
        if (call_id.empty()) call_id = s.calls.call.call_id;
        return server(proto::RtcSignalPush{chat, call_id, proto::Role::customer, data});
    }
    // The committed echo of our last call event (so request_seq and the transcript are as on the wire).
    void commit_last_call_event(const std::string& chat = "c1") {
        const auto send = sent("chat.send");
        REQUIRE(send.is_object());
        proto::CallBody body;
        body.action = *proto::from_string<proto::CallAction>(send["body"]["action"].get<std::string>());
        body.mode = *proto::from_string<proto::CallMode>(send["body"]["mode"].get<std::string>());
        auto push = event_with(chat, ++seq, body, proto::Role::agent);
        push.event.client_id = send["clientId"].get<std::string>();
        server(push);
    }
    void customer_answers(bool accepted, proto::CallMode mode, const std::string& chat = "c1") {
        proto::CallBody body;
        body.action = accepted ? proto::CallAction::accepted : proto::CallAction::declined;
        body.mode = mode;
        server(event_with(chat, ++seq, body, proto::Role::customer));
    }
    std::vector<json> media_commands() const {
        std::vector<json> list;
        for (const auto& m : of_type<cmd::CallMedia>(last)) list.push_back(json::parse(m.command_json));
        return list;
    }
    bool media_op(const std::string& op) const {
        for (const auto& m : media_commands())
            if (m["op"] == op) return true;
        return false;
    }
    // Ring → accept → connected, as a working call goes.
    void connect_webrtc() {
        control(Op::start_webrtc_call);
        REQUIRE(s.calls.call.phase == CallPhase::ringing);
        media(R"({"type":"signal","callId":")" + s.calls.call.call_id + R"(","data":{"ring":{"iceServers":[]}}})");
        REQUIRE(sent("rtc.signal").is_object());
        customer_signal(json{{"accept", json::object()}});
        REQUIRE(s.calls.call.phase == CallPhase::connecting);
        media(R"({"type":"state","callId":")" + s.calls.call.call_id + R"(","state":"connected"})");
        REQUIRE(s.calls.call.phase == CallPhase::connected);
    }
    json last_call_body() const {
        const auto send = sent("chat.send");
        return send.is_object() ? send["body"] : json(nullptr);
    }
};

}  // namespace

TEST_CASE("consent request: phone, answered accepted, then the tel: link and the timer the agent stops") {
    CallHarness h;
    h.control(Op::request_consent, "c1", "phone");
    CHECK(h.s.calls.call.phase == CallPhase::requesting);
    auto body = h.last_call_body();
    CHECK(body["action"] == "requested");
    CHECK(body["mode"] == "phone");
    CHECK(body["number"] == "+4915112345678");
    h.commit_last_call_event();
    CHECK(h.s.calls.call.request_seq == h.seq);

    h.customer_answers(true, proto::CallMode::phone);
    CHECK(h.s.calls.call.phase == CallPhase::idle);  // consent given; the agent dials when ready
    REQUIRE(h.s.calls.consent_for("c1"));
    CHECK(h.s.calls.consent_for("c1")->accepted);
    CHECK(h.s.find_chat("c1")->events.back().text.find("Accepted the phone call") != std::string::npos);

    h.control(Op::place_phone_call);
    auto urls = of_type<cmd::OpenUrl>(h.last);
    REQUIRE(urls.size() == 1);
    CHECK(urls[0].url == "tel:+4915112345678");
    CHECK(h.s.calls.call.phase == CallPhase::connected);
    CHECK(h.last_call_body()["action"] == "placed");
    CHECK(h.last_call_body()["number"] == "+4915112345678");

    h.advance(65000);
    CHECK(call_duration_ms(h.s.calls.call, h.now) == 65000);
    CHECK(duration_label(call_duration_ms(h.s.calls.call, h.now)) == "1:05");
    h.control(Op::hang_up);
    CHECK(h.s.calls.call.phase == CallPhase::ended);
    body = h.last_call_body();
    CHECK(body["action"] == "ended");
    CHECK(body["mode"] == "phone");
    CHECK(body["durationMs"] == 65000);
}

TEST_CASE("consent: declined is shown at once and frees the agent; unanswered times out as no answer") {
    CallHarness h;
    h.control(Op::request_consent, "c1", "webrtc");
    CHECK(h.last_call_body()["mode"] == "webrtc");
    CHECK_FALSE(h.last_call_body().contains("number"));
    h.commit_last_call_event();
    h.customer_answers(false, proto::CallMode::webrtc);
    CHECK(h.s.calls.call.phase == CallPhase::failed);
    CHECK(h.s.calls.call.reason == "declined");
    CHECK(h.sent("chat.send").is_null());  // the customer's own row is the record
    CHECK_FALSE(h.s.calls.consent_for("c1")->accepted);

    h.control(Op::request_consent, "c1", "phone");
    CHECK(h.s.calls.call.phase == CallPhase::requesting);
    h.advance(h.s.calls.settings.request_timeout_ms - 1);
    CHECK(h.s.calls.call.phase == CallPhase::requesting);
    h.advance(1);
    CHECK(h.s.calls.call.phase == CallPhase::failed);
    CHECK(h.s.calls.call.reason == "no_answer");
    CHECK(h.last_call_body()["action"] == "failed");
    CHECK(h.last_call_body()["reason"] == "no_answer");
}

TEST_CASE("an answer from history (before our request) does not resolve the request") {
    CallHarness h;
    h.customer_answers(true, proto::CallMode::phone);  // an old answer
    h.control(Op::request_consent, "c1", "phone");
    h.commit_last_call_event();
    h.server(event_with("c1", 1, proto::CallBody{proto::CallAction::accepted, proto::CallMode::phone, {}, {}, {}},
                        proto::Role::customer));
    CHECK(h.s.calls.call.phase == CallPhase::requesting);  // a duplicate seq is ignored anyway
    h.customer_answers(true, proto::CallMode::webrtc);     // the other mode's answer
    CHECK(h.s.calls.call.phase == CallPhase::requesting);
}

TEST_CASE("webrtc: consent accepted rings at once; accept, connected, started and ended with the duration") {
    CallHarness h;
    h.control(Op::request_consent, "c1", "webrtc");
    h.commit_last_call_event();
    h.customer_answers(true, proto::CallMode::webrtc);
    CHECK(h.s.calls.call.phase == CallPhase::ringing);
    REQUIRE(h.media_op("start"));
    const std::string id = h.s.calls.call.call_id;
    CHECK(h.media_commands()[0]["callId"] == id);
    CHECK(h.sent("rtc.signal").is_null());  // the ring waits for our microphone

    h.media(R"({"type":"signal","callId":")" + id +
            R"(","data":{"ring":{"iceServers":[{"urls":"stun:127.0.0.1:3478"}]}}})");
    auto ring = h.sent("rtc.signal");
    REQUIRE(ring.is_object());
    CHECK(ring["callId"] == id);
    CHECK(ring["chatId"] == "c1");
    CHECK(ring["data"]["ring"]["iceServers"][0]["urls"] == "stun:127.0.0.1:3478");
    CHECK(h.s.calls.call.local_media_ready);

    h.customer_signal(json{{"accept", json::object()}});
    CHECK(h.s.calls.call.phase == CallPhase::connecting);
    CHECK(h.media_op("offer"));
    h.media(R"({"type":"signal","callId":")" + id + R"(","data":{"sdp":{"type":"offer","sdp":"v=0"}}})");
    CHECK(h.sent("rtc.signal")["data"]["sdp"]["type"] == "offer");
    h.customer_signal(json{{"sdp", {{"type", "answer"}, {"sdp", "v=0"}}}});
    REQUIRE(h.media_op("remote"));
    CHECK(h.media_commands()[0]["data"]["sdp"]["type"] == "answer");
    h.customer_signal(
        json{{"candidate", {{"candidate", "candidate:1 1 udp 1 127.0.0.1 5000 typ host"}, {"sdpMid", "0"}}}});
    CHECK(h.media_op("remote"));

    h.media(R"({"type":"state","callId":")" + id + R"(","state":"connected"})");
    CHECK(h.s.calls.call.phase == CallPhase::connected);
    CHECK(h.last_call_body()["action"] == "started");
    h.media(R"({"type":"track","callId":")" + id + R"("})");
    CHECK(h.s.calls.call.remote_audio);
    h.media(R"({"type":"stats","callId":")" + id +
            R"(","rttMs":12.5,"lossPct":0.5,"jitterMs":3,"bytesReceived":4000,"bytesSent":3900})");
    CHECK(h.s.calls.call.quality.rtt_ms == 12.5);
    CHECK(h.s.calls.call.quality.bytes_received == 4000);

    h.advance(42000);
    h.control(Op::hang_up);
    CHECK(h.s.calls.call.phase == CallPhase::ended);
    CHECK(h.s.calls.call.reason == "agent");
    CHECK(h.sent("rtc.signal")["data"].contains("hangup"));
    CHECK(h.media_op("stop"));
    CHECK(h.last_call_body()["action"] == "ended");
    CHECK(h.last_call_body()["durationMs"] == 42000);
    h.control(Op::dismiss);
    CHECK(h.s.calls.call.phase == CallPhase::idle);
}

TEST_CASE("webrtc: the customer hangs up, declines, has no microphone, or is busy") {
    CallHarness h;
    h.connect_webrtc();
    h.advance(5000);
    h.customer_signal(json{{"hangup", {{"reason", "customer"}}}});
    CHECK(h.s.calls.call.phase == CallPhase::ended);
    CHECK(h.s.calls.call.reason == "customer");
    CHECK(h.last_call_body()["durationMs"] == 5000);
    CHECK(h.sent("rtc.signal").is_null());  // no hangup back

    for (auto [why, reason] :
         {std::pair{"declined", "declined"}, std::pair{"microphone_denied", "customer_microphone_denied"},
          std::pair{"busy", "customer_busy"}}) {
        h.control(Op::start_webrtc_call);
        h.media(R"({"type":"signal","callId":")" + h.s.calls.call.call_id + R"(","data":{"ring":{}}})");
        h.customer_signal(json{{"decline", {{"reason", why}}}});
        CHECK(h.s.calls.call.phase == CallPhase::failed);
        CHECK(h.s.calls.call.reason == reason);
        CHECK(h.last_call_body()["action"] == "failed");
        CHECK(h.last_call_body()["reason"] == reason);
        CHECK(h.media_op("stop"));
    }
}

TEST_CASE("webrtc failures: no answer, our microphone denied, ICE failure, connect timeout, network drop") {
    CallHarness h;
    SUBCASE("ring unanswered") {
        h.control(Op::start_webrtc_call);
        h.media(R"({"type":"signal","callId":")" + h.s.calls.call.call_id + R"(","data":{"ring":{}}})");
        h.advance(h.s.calls.settings.ring_timeout_ms);
        CHECK(h.s.calls.call.reason == "no_answer");
        CHECK(h.sent("rtc.signal")["data"]["hangup"]["reason"] == "no_answer");  // stop the customer's ringing
    }
    SUBCASE("microphone denied") {
        h.control(Op::start_webrtc_call);
        h.media(R"({"type":"error","callId":")" + h.s.calls.call.call_id +
                R"(","code":"microphone_denied","message":"Permission denied"})");
        CHECK(h.s.calls.call.phase == CallPhase::failed);
        CHECK(h.s.calls.call.reason == "microphone_denied");
        CHECK(h.sent("rtc.signal").is_null());  // nothing rang
        CHECK(h.s.notices.back().code == "call_failed");
        CHECK(h.s.notices.back().message.find("Microphone permission denied") != std::string::npos);
    }
    SUBCASE("ICE failed while connecting") {
        h.control(Op::start_webrtc_call);
        h.media(R"({"type":"signal","callId":")" + h.s.calls.call.call_id + R"(","data":{"ring":{}}})");
        h.customer_signal(json{{"accept", json::object()}});
        h.media(R"({"type":"state","callId":")" + h.s.calls.call.call_id + R"(","state":"failed"})");
        CHECK(h.s.calls.call.reason == "ice_failed");
    }
    SUBCASE("never connects within connectTimeoutMs") {
        h.control(Op::start_webrtc_call);
        h.media(R"({"type":"signal","callId":")" + h.s.calls.call.call_id + R"(","data":{"ring":{}}})");
        h.customer_signal(json{{"accept", json::object()}});
        h.advance(h.s.calls.settings.connect_timeout_ms - 1);
        CHECK(h.s.calls.call.phase == CallPhase::connecting);
        h.advance(1);
        CHECK(h.s.calls.call.reason == "ice_failed");
    }
    SUBCASE("network drop: disconnected past mediaLostTimeoutMs") {
        h.connect_webrtc();
        h.advance(3000);
        h.media(R"({"type":"state","callId":")" + h.s.calls.call.call_id + R"(","state":"disconnected"})");
        CHECK(calls_snapshot(h.s, h.now)["mediaLost"] == true);
        h.advance(h.s.calls.settings.media_lost_timeout_ms - 1);
        CHECK(h.s.calls.call.phase == CallPhase::connected);
        h.advance(1);
        CHECK(h.s.calls.call.phase == CallPhase::failed);
        CHECK(h.s.calls.call.reason == "connection_lost");
        CHECK(h.last_call_body()["durationMs"] == 3000 + h.s.calls.settings.media_lost_timeout_ms);
    }
    SUBCASE("a short interruption recovers") {
        h.connect_webrtc();
        h.media(R"({"type":"state","callId":")" + h.s.calls.call.call_id + R"(","state":"disconnected"})");
        h.advance(2000);
        h.media(R"({"type":"state","callId":")" + h.s.calls.call.call_id + R"(","state":"connected"})");
        h.advance(h.s.calls.settings.media_lost_timeout_ms);
        CHECK(h.s.calls.call.phase == CallPhase::connected);
    }
    SUBCASE("the customer goes offline while ringing (signal unavailable)") {
        h.control(Op::start_webrtc_call);
        h.media(R"({"type":"signal","callId":")" + h.s.calls.call.call_id + R"(","data":{"ring":{}}})");
        const std::string rid = h.sent("rtc.signal")["rid"];
        proto::ErrorReply error;
        error.rid = rid;
        error.error = proto::Error::make(proto::ErrorCode::unavailable, "the other party is offline");
        h.server(error);
        CHECK(h.s.calls.call.reason == "customer_offline");
    }
    SUBCASE("connected then media failed") {
        h.connect_webrtc();
        h.media(R"({"type":"state","callId":")" + h.s.calls.call.call_id + R"(","state":"failed"})");
        CHECK(h.s.calls.call.reason == "connection_lost");
    }
}

TEST_CASE("one call per agent: a second is refused with the reason, other chats stay usable") {
    CallHarness h;
    h.connect_webrtc();
    for (auto op : {Op::start_webrtc_call, Op::place_phone_call}) {
        h.control(op, "c2");
        CHECK(h.s.calls.call.chat_id == "c1");
        CHECK(h.s.calls.call.phase == CallPhase::connected);
        CHECK(h.s.notices.back().code == "call_busy");
        CHECK(h.s.notices.back().message.find("Max Mustermann") != std::string::npos);
        CHECK(of_type<cmd::OpenUrl>(h.last).empty());
    }
    h.control(Op::request_consent, "c2", "phone");
    CHECK(h.s.notices.back().code == "call_busy");
    CHECK(webrtc_call_refusal(h.s, *h.s.find_chat("c2")).find("one call at a time") != std::string::npos);
    // Chatting in the other chat goes on during the call.
    h.apply(intent::SendText{"c2", "I am on another call, one moment"});
    CHECK(h.sent("chat.send")["chatId"] == "c2");
    CHECK(h.s.calls.call.phase == CallPhase::connected);
    // A request in the same chat can be skipped by calling directly.
    h.control(Op::hang_up);
    h.control(Op::request_consent, "c2", "phone");
    h.control(Op::place_phone_call, "c2");
    CHECK(h.s.calls.call.phase == CallPhase::connected);
    CHECK(h.s.calls.call.mode == proto::CallMode::phone);
}

TEST_CASE("capabilities and state refuse what cannot work") {
    Harness h;
    auto no_webrtc = summary("c9");  // phone + location only
    auto no_phone = summary("c8");
    no_phone.customer.phone.reset();
    h.log_in({no_webrtc, no_phone});
    h.apply(intent::CallControl{Op::start_webrtc_call, "c9", "", ""});
    CHECK(h.s.calls.call.phase == CallPhase::idle);
    CHECK(h.s.notices.back().message.find("browser calls") != std::string::npos);
    h.apply(intent::CallControl{Op::request_consent, "c9", "webrtc", ""});
    CHECK(h.s.calls.call.phase == CallPhase::idle);
    h.apply(intent::CallControl{Op::place_phone_call, "c8", "", ""});
    CHECK(h.s.notices.back().message.find("no phone number") != std::string::npos);
    h.apply(intent::CallControl{Op::request_consent, "c9", "fax", ""});
    CHECK(h.s.notices.back().message.find("Unknown call mode") != std::string::npos);
}

TEST_CASE("mute, hold, devices") {
    CallHarness h;
    h.connect_webrtc();
    h.control(Op::toggle_mute);
    CHECK(h.s.calls.call.muted);
    REQUIRE(h.media_op("mute"));
    CHECK(h.media_commands()[0]["muted"] == true);
    h.control(Op::toggle_hold);
    CHECK(h.s.calls.call.phase == CallPhase::on_hold);
    CHECK(h.sent("rtc.signal")["data"]["hold"]["on"] == true);
    h.advance(10000);
    CHECK(call_duration_ms(h.s.calls.call, h.now) == 10000);  // hold counts as talk time
    h.control(Op::toggle_hold);
    CHECK(h.s.calls.call.phase == CallPhase::connected);
    CHECK(h.sent("rtc.signal")["data"]["hold"]["on"] == false);

    h.media(
        R"({"type":"devices","inputs":[{"id":"mic1","label":"Headset"},{"id":"mic2","label":"Webcam"}],"outputs":[{"id":"spk1","label":"Headset"}],"canChooseOutput":true})");
    CHECK(h.s.calls.devices.inputs.size() == 2);
    h.control(Op::select_microphone, "", "", "mic2");
    CHECK(h.s.calls.devices.input_id == "mic2");
    CHECK(h.media_commands()[0]["kind"] == "input");
    h.control(Op::select_speaker, "", "", "spk1");
    CHECK(h.media_commands()[0]["deviceId"] == "spk1");
    // Unplugged: back to the default.
    h.media(R"({"type":"devices","inputs":[{"id":"mic1","label":"Headset"}],"outputs":[],"canChooseOutput":true})");
    CHECK(h.s.calls.devices.input_id.empty());
    CHECK(h.s.calls.devices.output_id.empty());
}

TEST_CASE("stale and foreign reports are ignored; the chat's end stops the call") {
    CallHarness h;
    h.connect_webrtc();
    const std::string id = h.s.calls.call.call_id;
    h.media(R"({"type":"state","callId":"call-old","state":"failed"})");
    h.customer_signal(json{{"hangup", json::object()}}, "c1", "call-old");
    h.customer_signal(json{{"hangup", json::object()}}, "c2", id);
    CHECK(h.s.calls.call.phase == CallPhase::connected);
    h.customer_signal(json{{"future", json::object()}});  // unknown kind: forward compatible
    CHECK(h.s.calls.call.phase == CallPhase::connected);

    h.advance(7000);
    h.server(event_with("c1", ++h.seq, proto::EndedBody{proto::Role::customer, ""}));
    CHECK(h.s.calls.call.phase == CallPhase::ended);
    CHECK(h.s.calls.call.reason == "chat_ended");
    CHECK(h.s.calls.call.duration_ms == 7000);
    CHECK(h.media_op("stop"));
}

TEST_CASE("call events survive a reconnect: resent with the same clientId until acknowledged") {
    CallHarness h;
    h.control(Op::place_phone_call);
    const std::string placed_id = h.sent("chat.send")["clientId"];
    h.apply(ev::SocketClosed{1006, "network"});
    h.advance(30000);
    h.control(Op::hang_up);  // offline: queued
    CHECK(h.sent("chat.send").is_null());
    CHECK(h.s.calls.unsent.size() == 2);
    // Reconnect.
    for (int i = 0; i < 10 && h.s.connection.phase != ConnectionPhase::connecting; ++i) h.advance(5000);
    h.apply(ev::SocketOpened{});
    const auto resume = h.sent("agent.resume");
    REQUIRE(resume.is_object());
    h.server(welcome(resume["rid"], {caller_chat("c1"), caller_chat("c2", "Erika Musterfrau")}));
    auto sends = h.all_sent("chat.send");
    REQUIRE(sends.size() == 2);
    CHECK(sends[0]["clientId"] == placed_id);
    CHECK(sends[1]["body"]["action"] == "ended");
    CHECK(sends[1]["body"]["durationMs"] == 30000);
    h.server(proto::Ack{sends[0]["rid"], "c1", placed_id, 5, static_cast<std::int64_t>(h.now)});
    CHECK(h.s.calls.unsent.size() == 1);
}

TEST_CASE("timers wake the desktop: deadlines and the duration's next second") {
    CallHarness h;
    h.control(Op::start_webrtc_call);
    auto wakes = of_type<cmd::WakeAfter>(h.last);
    REQUIRE_FALSE(wakes.empty());
    CHECK(wakes.back().delay_ms <= 1000);
    h.connect_webrtc();
}

TEST_CASE("settings: call timers from config.json, checked") {
    auto read = read_call_settings(json::parse(
        R"({"calls":{"ringTimeoutMs":5000,"requestTimeoutMs":"x","connectTimeoutMs":1,"mediaLostTimeoutMs":4000}})"));
    CHECK(read.settings.ring_timeout_ms == 5000);
    CHECK(read.settings.request_timeout_ms == CallSettings{}.request_timeout_ms);
    CHECK(read.settings.connect_timeout_ms == CallSettings{}.connect_timeout_ms);
    CHECK(read.settings.media_lost_timeout_ms == 4000);
    CHECK(read.problems.size() == 2);
    CHECK(read.problems[0] == "calls.requestTimeoutMs: must be a number in 1000..3600000 (default kept)");
    CHECK(read_call_settings(json::parse(R"({"calls":3})")).problems.size() == 1);
    CHECK(read_call_settings(json::parse(R"({"calls":{"maxSignalBytes":1024}})")).settings.max_signal_bytes == 1024);
    CHECK(read_call_settings(json::parse(R"({"calls":{"maxSignalBytes":1023}})")).problems.size() == 1);
    CHECK(read_call_settings(json::parse(R"({"calls":{"maxSignalBytes":60001}})")).problems.size() == 1);
}

TEST_CASE("media bridge reports are validated") {
    CallSettings settings;
    CHECK_FALSE(parse_call_media_event("[]", settings).ok());
    CHECK_FALSE(parse_call_media_event(R"({"type":"warp","callId":"k"})", settings).ok());
    CHECK_FALSE(parse_call_media_event(R"({"type":"state","callId":"k","state":"exploded"})", settings).ok());
    CHECK_FALSE(parse_call_media_event(R"({"type":"state","state":"connected"})", settings).ok());  // no callId
    CHECK_FALSE(parse_call_media_event(R"({"type":"signal","callId":"k","data":{"a":1,"b":2}})", settings).ok());
    CHECK_FALSE(parse_call_media_event(R"({"type":"error","callId":"k","code":"other"})", settings).ok());
    CHECK_FALSE(parse_call_media_event(R"({"type":"devices","inputs":[{"label":"no id"}]})", settings).ok());
    const std::string big =
        R"({"type":"signal","callId":"k","data":{"sdp":")" + std::string(settings.max_signal_bytes, 'x') + R"("}})";
    auto too_big = parse_call_media_event(big, settings);
    REQUIRE_FALSE(too_big.ok());
    CHECK(too_big.error().code == proto::ErrorCode::too_large);
    auto stats =
        parse_call_media_event(R"({"type":"stats","callId":"k","rttMs":-5,"lossPct":250,"jitterMs":"x"})", settings);
    REQUIRE(stats.ok());
    CHECK(stats.value().quality.rtt_ms == -1);
    CHECK(stats.value().quality.loss_pct == 100);
    CHECK(stats.value().quality.jitter_ms == -1);
    auto devices = parse_call_media_event(R"({"type":"devices","inputs":[],"canChooseOutput":"yes"})", settings);
    REQUIRE(devices.ok());
    CHECK_FALSE(devices.value().devices.can_choose_output);
}

TEST_CASE("tel: links carry the E.164 number") {
    CHECK(tel_url("+49 (151) 123-456.78").value() == "tel:+4915112345678");
    CHECK(tel_url("0049 151 12345678").value() == "tel:+4915112345678");
    CHECK(tel_url("+1 (415) 555-2671").value() == "tel:+14155552671");
    CHECK_FALSE(tel_url("0151 12345678").ok());                            // national: no country code
    CHECK_FALSE(tel_url("+49 151 1234 5678 ext 9").ok());                  // letters
    CHECK_FALSE(tel_url("+49151123456789012").ok());                       // 17 digits
    CHECK_FALSE(tel_url("+4915").ok());                                    // too few
    CHECK_FALSE(tel_url("tel:+4915112345678").ok());                       // no scheme smuggling
    CHECK(tel_url("+12345678").value() == "tel:+12345678");                // 8 digits: the minimum
    CHECK(tel_url("+123456789012345").value() == "tel:+123456789012345");  // 15: the maximum
}

TEST_CASE("snapshot shows the call") {
    CallHarness h;
    h.connect_webrtc();
    h.advance(2500);
    const auto snap = json::parse(snapshot_json(h.s, h.now));
    CHECK(snap["call"]["phase"] == "connected");
    CHECK(snap["call"]["chatId"] == "c1");
    CHECK(snap["call"]["durationMs"] == 2500);
    CHECK(snap["call"]["mode"] == "webrtc");
}
