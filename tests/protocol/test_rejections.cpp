// Every rejection class of docs/protocol.md: the right code, the right field, never an exception.
#include <doctest/doctest.h>

#include <cmath>

#include "protocol/codec.hpp"

using namespace proto;

namespace {

Error refusal(std::string_view text, const Limits& limits = Limits{}) {
    auto parsed = parse_client_message(text, limits);
    REQUIRE_FALSE_MESSAGE(parsed.ok(), text);
    return parsed.error();
}

void check_invalid(std::string_view text, std::string_view field) {
    CAPTURE(text);
    const Error error = refusal(text);
    CHECK(error.code == ErrorCode::invalid_field);
    CHECK(error.field == field);
    CHECK_FALSE(error.message.empty());
}

std::string send_body(std::string_view kind, std::string_view body) {
    return R"({"type":"chat.send","rid":"1","chatId":"c1","clientId":"m1","kind":")" + std::string(kind) +
        R"(","body":)" + std::string(body) + "}";
}

}  // namespace

TEST_CASE("bad_json: not JSON, not an object, invalid UTF-8, lone surrogate escapes") {
    for (std::string_view text : {"", "not json", "{", R"({"type":"ok",})", "[1,2]", R"("chat.send")", "42", "null",
                                  "{\"type\":\"typing\",\"chatId\":\"c\xff\",\"active\":true}",
                                  R"({"type":"typing","chatId":"\ud800","active":true})"}) {
        CAPTURE(text);
        CHECK(refusal(text).code == ErrorCode::bad_json);
        CHECK_FALSE(parse_server_message(text).ok());
    }
}

TEST_CASE("unknown_type: missing, not a string, unknown, or a server-only type") {
    for (std::string_view text : {R"({"rid":"1"})", R"({"type":5})", R"({"type":"chat.delete"})",
                                  R"({"type":"ack","chatId":"c1"})", R"({"type":"Chat.Send"})"}) {
        CAPTURE(text);
        CHECK(refusal(text).code == ErrorCode::unknown_type);
    }
    CHECK(parse_server_message(R"({"type":"chat.send"})").error().code == ErrorCode::unknown_type);
}

TEST_CASE("unsupported_version and the supported list in the reply") {
    const Error error = refusal(R"({"type":"agent.login","rid":"1","protocol":2,"username":"a","password":"b"})");
    CHECK(error.code == ErrorCode::unsupported_version);
    CHECK(error.field == "protocol");
    const std::string reply = encode_error(error, "1");
    auto back = nlohmann::json::parse(reply);
    CHECK(back["supported"] == nlohmann::json::array({1}));
    CHECK(back["rid"] == "1");
    CHECK(back["code"] == "unsupported_version");
    check_invalid(R"({"type":"customer.resume","token":"t"})", "protocol");
    check_invalid(R"({"type":"agent.resume","protocol":"1","token":"t"})", "protocol");
    check_invalid(R"({"type":"agent.resume","protocol":1.0,"token":"t"})", "protocol");
}

TEST_CASE("the rid is known to the caller even when the frame is refused") {
    std::string rid;
    auto parsed = parse_client_message(R"({"type":"chat.sync","rid":"r-77","chatId":"c1","after":-1})", Limits{}, &rid);
    REQUIRE_FALSE(parsed.ok());
    CHECK(rid == "r-77");
    CHECK(parsed.error().field == "after");
    auto reply = nlohmann::json::parse(encode_error(parsed.error(), rid));
    CHECK(reply["rid"] == "r-77");
    CHECK(reply["field"] == "after");
    rid.clear();
    CHECK_FALSE(parse_client_message(R"({"type":"nope","rid":"r-78"})", Limits{}, &rid).ok());
    CHECK(rid == "r-78");
}

TEST_CASE("invalid_field: missing fields and wrong types name the field") {
    check_invalid(R"({"type":"chat.sync","rid":"1","after":0})", "chatId");
    check_invalid(R"({"type":"chat.sync","rid":"1","chatId":7,"after":0})", "chatId");
    check_invalid(R"({"type":"chat.sync","rid":"1","chatId":null,"after":0})", "chatId");
    check_invalid(R"({"type":"chat.sync","rid":"1","chatId":"c1","after":"0"})", "after");
    check_invalid(R"({"type":"chat.sync","rid":"1","chatId":"c1","after":1.5})", "after");
    check_invalid(R"({"type":"chat.sync","rid":"1","chatId":"c1","after":-1})", "after");
    check_invalid(R"({"type":"chat.sync","rid":"1","chatId":"c1","after":18446744073709551615})", "after");
    check_invalid(R"({"type":"chat.sync","rid":1,"chatId":"c1","after":0})", "rid");
    check_invalid(R"({"type":"chat.mark","chatId":"c1","read":-2})", "read");
    check_invalid(R"({"type":"typing","chatId":"c1","active":"yes"})", "active");
    check_invalid(R"({"type":"typing","chatId":"c1"})", "active");
    check_invalid(R"({"type":"rtc.signal","chatId":"c1","callId":"k","data":"sdp"})", "data");
    check_invalid(R"({"type":"rtc.signal","chatId":"c1","data":{}})", "callId");
    check_invalid(R"({"type":"agent.presence","state":"busy"})", "state");
    check_invalid(R"({"type":"agent.presence","state":"not_ready","reason":5})", "reason");
    check_invalid(R"({"type":"offer.accept","rid":"6"})", "offerId");
    check_invalid(R"({"type":"chat.transfer","chatId":"c1","toAgentId":""})", "toAgentId");
    check_invalid(R"({"type":"chat.wrapup","chatId":"c1","disposition":""})", "disposition");
    check_invalid(R"({"type":"agent.login","protocol":1,"username":"anna"})", "password");
    check_invalid(R"({"type":"customer.start","protocol":1})", "name");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":""})", "name");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","capabilities":"phone"})", "capabilities");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","capabilities":[1]})", "capabilities");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","context":{"a":1}})", "context");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","context":{"":"x"}})", "context");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","context":[]})", "context");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","phone":"030 1234567"})", "phone");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","phone":4915112345678})", "phone");
    const std::string hash(64, 'f');
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","identity":"u-1"})", "identity");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","identity":{"userHash":")" + hash + R"("}})",
                  "identity.userId");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","identity":{"userId":"u-1"}})",
                  "identity.userHash");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","identity":{"userId":"u-1","userHash":"abc"}})",
                  "identity.userHash");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","identity":{"userId":"u-1","userHash":")" +
                      std::string(63, 'f') + R"(g"}})",
                  "identity.userHash");
    check_invalid(R"({"type":"customer.start","protocol":1,"name":"M","identity":{"userId":")" + std::string(81, 'u') +
                      R"(","userHash":")" + hash + R"("}})",
                  "identity.userId");
    check_invalid(R"({"type":"customer.history","rid":"1"})", "chatId");
    check_invalid(R"({"type":"supervisor.watch","chatId":"c7"})", "watching");
    check_invalid(R"({"type":"supervisor.watch","chatId":"c7","watching":"yes"})", "watching");
    check_invalid(R"({"type":"supervisor.whisper","chatId":"c7","text":""})", "text");
    check_invalid(R"({"type":"supervisor.whisper","text":"x"})", "chatId");
    check_invalid(R"({"type":"supervisor.join"})", "chatId");
    check_invalid(R"({"type":"supervisor.takeover","chatId":""})", "chatId");
    check_invalid(R"({"type":"chat.flag","chatId":"c7"})", "flagged");
    check_invalid(R"({"type":"chat.flag","chatId":"c7","flagged":true,"reason":")" + std::string(81, 'r') + R"("})",
                  "reason");
    check_invalid(R"({"type":"chat.internal","chatId":"c7","after":-1})", "after");
}

TEST_CASE("too_large: a whisper over maxTextChars") {
    auto parsed = parse_client_message(
        R"({"type":"supervisor.whisper","chatId":"c7","text":")" + std::string(4001, 'w') + R"("})", Limits{});
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == ErrorCode::too_large);
    CHECK(parsed.error().field == "text");
}

TEST_CASE("invalid_field: chat.send kinds and bodies") {
    check_invalid(send_body("file", R"({"fileId":"f1","name":"a.jpg","mime":"image/jpeg","size":1})"), "kind");
    check_invalid(send_body("joined", R"({"role":"agent","name":"A"})"), "kind");
    check_invalid(send_body("ended", R"({"by":"agent"})"), "kind");
    check_invalid(send_body("shout", R"({"text":"x"})"), "kind");
    check_invalid(R"({"type":"chat.send","chatId":"c1","clientId":"m1","kind":"text"})", "body");
    check_invalid(send_body("text", R"("Hallo")"), "body");
    check_invalid(send_body("text", R"({})"), "body.text");
    check_invalid(send_body("text", R"({"text":""})"), "body.text");
    check_invalid(send_body("text", R"({"text":["a"]})"), "body.text");
    check_invalid(R"({"type":"chat.send","chatId":"c1","clientId":"","kind":"text","body":{"text":"x"}})", "clientId");
    check_invalid(send_body("location", R"({"lat":90.0001,"lon":0,"accuracy":1})"), "body.lat");
    check_invalid(send_body("location", R"({"lat":-90.5,"lon":0,"accuracy":1})"), "body.lat");
    check_invalid(send_body("location", R"({"lat":0,"lon":180.1,"accuracy":1})"), "body.lon");
    check_invalid(send_body("location", R"({"lat":0,"lon":-181,"accuracy":1})"), "body.lon");
    check_invalid(send_body("location", R"({"lat":0,"lon":0,"accuracy":-0.1})"), "body.accuracy");
    check_invalid(send_body("location", R"({"lat":0,"lon":0})"), "body.accuracy");
    check_invalid(send_body("location", R"({"lat":"52.5","lon":0,"accuracy":1})"), "body.lat");
    // JSON has no NaN/Infinity literals, and numbers that overflow a double are a syntax error for the parser.
    CHECK(refusal(send_body("location", R"({"lat":0,"lon":0,"accuracy":1e999})")).code == ErrorCode::bad_json);
    CHECK(refusal(send_body("location", R"({"lat":-1e999,"lon":0,"accuracy":1})")).code == ErrorCode::bad_json);
    CHECK(refusal(send_body("location", R"({"lat":NaN,"lon":0,"accuracy":1})")).code == ErrorCode::bad_json);
    // Hand-built JSON can hold them: refused as out of range.
    for (double bad : {std::nan(""), HUGE_VAL, -HUGE_VAL}) {
        auto body = event_body_from_json(EventKind::location,
                                         nlohmann::json{{"lat", 1.0}, {"lon", 2.0}, {"accuracy", bad}}, Limits{});
        REQUIRE_FALSE(body.ok());
        CHECK(body.error().field == "body.accuracy");
        auto lat = event_body_from_json(EventKind::location,
                                        nlohmann::json{{"lat", bad}, {"lon", 2.0}, {"accuracy", 1.0}}, Limits{});
        CHECK(lat.error().field == "body.lat");
    }
    check_invalid(send_body("context", R"({"values":{}})"), "body.values");
    check_invalid(send_body("context", R"({"values":"a=b"})"), "body.values");
    check_invalid(send_body("call", R"({"action":"rang","mode":"phone"})"), "body.action");
    check_invalid(send_body("call", R"({"action":"requested","mode":"pigeon"})"), "body.mode");
    check_invalid(send_body("call", R"({"action":"requested","mode":"phone","number":"12"})"), "body.number");
    check_invalid(send_body("call", R"({"action":"ended","mode":"webrtc","durationMs":-5})"), "body.durationMs");
}

TEST_CASE("valid edge values are accepted") {
    CHECK(parse_client_message(send_body("location", R"({"lat":-90,"lon":180,"accuracy":0})"), Limits{}).ok());
    CHECK(parse_client_message(send_body("location", R"({"lat":90,"lon":-180,"accuracy":0.0})"), Limits{}).ok());
    CHECK(parse_client_message(R"({"type":"chat.sync","chatId":"c1","after":0})", Limits{}).ok());
    // Unknown fields and unknown capabilities are ignored (forward compatibility).
    auto start = parse_client_message(
        R"({"type":"customer.start","protocol":1,"name":"M","capabilities":["phone","hologram"],"x":1})", Limits{});
    REQUIRE(start.ok());
    CHECK(std::get<CustomerStart>(start.value()).capabilities == Capabilities{Capability::phone});
    // Phones are normalized while parsing.
    auto with_phone = parse_client_message(
        R"({"type":"customer.start","protocol":1,"name":"M","phone":"0049 (151) 123-456.78"})", Limits{});
    REQUIRE(with_phone.ok());
    CHECK(std::get<CustomerStart>(with_phone.value()).phone == "+4915112345678");
    // A context value "" is how a key is removed.
    auto removal = parse_client_message(send_body("context", R"({"values":{"Policy":""}})"), Limits{});
    REQUIRE(removal.ok());
    CHECK(std::get<ContextBody>(std::get<ChatSend>(removal.value()).body).values.at("Policy").empty());
}

TEST_CASE("server frames: wrong types and unknown enum values are refused with the field") {
    auto check_server = [](std::string_view text, std::string_view field) {
        CAPTURE(text);
        auto parsed = parse_server_message(text);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == ErrorCode::invalid_field);
        CHECK(parsed.error().field == field);
    };
    check_server(R"({"type":"ack","chatId":"c1","clientId":"m","seq":0,"ts":1})", "seq");
    check_server(R"({"type":"queue","chatId":"c1","position":-1})", "position");
    check_server(R"({"type":"offer.revoked","offerId":"o","reason":"bored"})", "reason");
    check_server(R"({"type":"chat.removed","chatId":"c","reason":"gone"})", "reason");
    check_server(R"({"type":"error","code":"oops","message":"x"})", "code");
    check_server(
        R"({"type":"event","chatId":"c","event":{"seq":1,"ts":1,"author":{"role":"agent"},"kind":"text","body":{"text":"x"}}})",
        "event.author.id");
    check_server(
        R"({"type":"event","chatId":"c","event":{"seq":1,"ts":1,"author":{"role":"system"},"kind":"joined","body":{"role":"agent"}}})",
        "event.body.name");
    check_server(R"({"type":"agents","agents":[{"id":"a","displayName":"A","state":"ready","load":1}]})",
                 "agents.0.capacity");
    check_server(R"({"type":"chat.assigned","chat":{"chatId":"c","status":"lost"}})", "chat.status");
    check_server(
        R"({"type":"customer.welcome","token":"t","chat":{"chatId":"c","status":"queued","createdAt":1,"customer":{"name":"M"},"lastSeq":0},"limits":{"maxTextChars":-1}})",
        "limits.maxTextChars");
    check_server(R"({"type":"history","chatId":"c7","chats":[]})", "verified");
    check_server(
        R"({"type":"history","chatId":"c7","verified":true,"chats":[{"chatId":"c1","status":"closed","createdAt":1,"firstLines":[],"lastSeq":-1}]})",
        "chats.0.lastSeq");
    check_server(
        R"({"type":"chat.assigned","chat":{"chatId":"c","status":"active","createdAt":1,"customer":{"name":"M","verified":true},"lastSeq":0}})",
        "chat.customer.userId");
    std::string many = R"({"type":"history","chatId":"c7","verified":true,"chats":[)";
    for (int i = 0; i <= kMaxHistoryChats; ++i)
        many += std::string(i ? "," : "") +
            R"({"chatId":"c1","status":"closed","createdAt":1,"firstLines":[],"lastSeq":1})";
    check_server(many + "]}", "chats");
    check_server(
        R"({"type":"agent.welcome","token":"t","agent":{"id":"a","username":"u","displayName":"U","role":"boss"},"presence":{"state":"ready"},"capacity":1,"chats":[],"offers":[],"config":{"cannedResponses":[],"dispositions":[],"notReadyReasons":[]}})",
        "agent.role");
    check_server(
        R"({"type":"internal","chatId":"c7","event":{"seq":0,"ts":1,"by":{"id":"a","displayName":"A"},"kind":"whisper","text":"x"}})",
        "event.seq");
    check_server(
        R"({"type":"internal","chatId":"c7","event":{"seq":1,"ts":1,"by":{"id":"a","displayName":"A"},"kind":"shout","text":"x"}})",
        "event.kind");
    check_server(R"({"type":"chat.watchers","chatId":"c7","watchers":[{"displayName":"S"}],"bargedIn":[]})",
                 "watchers.0.id");
    check_server(
        R"({"type":"supervisor.overview","ts":1,"queue":[],"queueTotal":0,"agents":[{"id":"a","displayName":"A","role":"agent","online":"yes"}],"chats":[],"chatsTotal":0})",
        "agents.0.online");
    std::string page = R"({"type":"internal.page","chatId":"c7","lastSeq":1,"flag":null,"events":[)";
    for (int i = 0; i <= kInternalPageEvents; ++i)
        page += std::string(i ? "," : "") +
            R"({"seq":1,"ts":1,"by":{"id":"a","displayName":"A"},"kind":"whisper","text":"x"})";
    check_server(page + "]}", "events");
}

TEST_CASE("encode_error carries limit and retryAfterMs") {
    Error rate = Error::make(ErrorCode::rate_limited, "too many messages");
    rate.retry_after_ms = 120;
    auto json = nlohmann::json::parse(encode_error(rate, ""));
    CHECK(json["retryAfterMs"] == 120);
    CHECK_FALSE(json.contains("rid"));
    auto large = nlohmann::json::parse(encode_error(Error::too_large("body.text", 4000), "5"));
    CHECK(large["limit"] == 4000);
    CHECK(large["code"] == "too_large");
    CHECK(large["field"] == "body.text");
}
