// The frames printed in docs/protocol.md, verbatim, parse (so the doc and the code agree).
#include <doctest/doctest.h>

#include "protocol/codec.hpp"

using namespace proto;

namespace {
const char* const kSummary =
    R"({"chatId":"c7","status":"queued","createdAt":1764172000123,"assignedAt":null,"endedAt":null,
 "customer":{"name":"Max Mustermann","phone":"+4915112345678","capabilities":["phone","location","files"],
             "language":"de","app":"Auto Insurance 3.2","verified":true,"userId":"u-4711"},
 "context":{"Policy":"KFZ-2231-77"},
 "agent":{"id":"a1","displayName":"Anna Berger"},
 "lastSeq":12,"lastLocation":{"lat":52.52,"lon":13.405,"accuracy":12.5,"ts":1764172001000}})";

std::string with_summary(std::string text) {
    const std::string marker = "ChatSummary";
    for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker)) {
        text.replace(at, marker.size(), kSummary);
    }
    return text;
}
}  // namespace

TEST_CASE("client frames of the doc parse") {
    const char* const frames[] = {
        R"({"type":"agent.login","rid":"1","protocol":1,"username":"anna","password":"demo-anna"})",
        R"({"type":"agent.resume","rid":"1","protocol":1,"token":"q0Vx…"})",
        R"({"type":"agent.logout","rid":"9"})",
        R"({"type":"agent.presence","rid":"2","state":"ready"})",
        R"({"type":"agent.presence","rid":"3","state":"not_ready","reason":"Lunch"})",
        R"({"type":"agents.list","rid":"4"})",
        R"({"type":"customer.start","rid":"1","protocol":1,"name":"Max Mustermann","phone":"+4915112345678",
 "capabilities":["phone","location","files","webrtc"],
 "context":{"Policy":"KFZ-2231-77","Vehicle":"VW Golf, B-XY 123"},"language":"de","app":"Auto Insurance 3.2"})",
        R"({"type":"customer.resume","rid":"1","protocol":1,"token":"Zk3…"})",
        R"({"type":"chat.send","rid":"21","chatId":"c7","clientId":"m-5f2c","kind":"text","body":{"text":"Hallo!"}})",
        R"({"type":"chat.sync","rid":"5","chatId":"c7","after":12})",
        R"({"type":"chat.mark","rid":"8","chatId":"c7","delivered":13,"read":13})",
        R"({"type":"typing","chatId":"c7","active":true})",
        R"({"type":"rtc.signal","chatId":"c7","callId":"k1","data":{"sdp":{"type":"offer","sdp":"v=0…"}}})",
        R"({"type":"offer.accept","rid":"6","offerId":"o9"})",
        R"({"type":"offer.decline","rid":"7","offerId":"o9"})",
        R"({"type":"chat.transfer","rid":"8","chatId":"c7","toAgentId":"a2"})",
        R"({"type":"chat.end","rid":"9","chatId":"c7","reason":"resolved"})",
        R"({"type":"chat.wrapup","rid":"10","chatId":"c7","disposition":"Claim opened","notes":"Tow truck ordered"})",
        R"({"type":"customer.history","rid":"12","chatId":"c7"})",
        R"({"type":"supervisor.watch","rid":"15","chatId":"c7","watching":true})",
        R"({"type":"supervisor.watch","rid":"16","chatId":"c7","watching":false})",
        R"({"type":"supervisor.whisper","rid":"17","chatId":"c7","text":"Ask whether anyone is hurt"})",
        R"({"type":"supervisor.join","rid":"18","chatId":"c7"})",
        R"({"type":"supervisor.takeover","rid":"19","chatId":"c7"})",
        R"({"type":"chat.flag","rid":"12","chatId":"c7","flagged":true,"reason":"Customer injured"})",
        R"({"type":"chat.flag","rid":"13","chatId":"c7","flagged":false})",
        R"({"type":"chat.internal","rid":"14","chatId":"c7","after":0})",
        R"({"type":"customer.start","rid":"1","protocol":1,"name":"Max Mustermann",
 "identity":{"userId":"u-4711","userHash":"5f1d0c2b8e0a4f6d9c3b7a1e2d4c6b8a0f1e3d5c7b9a2c4e6f8a0b1c3d5e7f90"}})",
    };
    for (const char* frame : frames) {
        CAPTURE(frame);
        auto parsed = parse_client_message(frame, Limits{});
        CHECK_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
    }
}

TEST_CASE("event bodies of the doc's table parse as chat.send or as stored events") {
    const char* const bodies[][2] = {
        {"text", R"({"text":"Ich hatte einen Unfall auf der A100…"})"},
        {"file",
         R"({"fileId":"f3","name":"unfall.jpg","mime":"image/jpeg","size":2311222,"width":4032,"height":3024})"},
        {"location", R"({"lat":52.520008,"lon":13.404954,"accuracy":12.5})"},
        {"location_request", "{}"},
        {"context", R"({"values":{"Policy":"KFZ-2231-77"}})"},
        {"joined", R"({"role":"agent","name":"Anna Berger"})"},
        {"left", R"({"role":"agent","name":"Anna Berger","reason":"transfer"})"},
        {"transfer", R"({"from":"Anna Berger","to":"Ben Koch"})"},
        {"call", R"({"action":"requested","mode":"phone","number":"+4915112345678"})"},
        {"ended", R"({"by":"agent","reason":"resolved"})"},
    };
    for (const auto& [kind_name, body_text] : bodies) {
        CAPTURE(kind_name);
        auto kind = from_string<EventKind>(kind_name);
        REQUIRE(kind);
        auto body = event_body_from_json(*kind, nlohmann::json::parse(body_text), Limits{});
        REQUIRE_MESSAGE(body.ok(), body.error().message);
        CHECK(kind_of(body.value()) == *kind);
    }
    auto event = event_from_json(nlohmann::json::parse(
        R"({"seq":5,"ts":1764172000123,"author":{"role":"customer","name":"Max Mustermann"},
 "kind":"text","clientId":"m-5f2c","body":{"text":"Ich hatte einen Unfall auf der A100…"}})"));
    REQUIRE(event.ok());
    CHECK(event.value().author.role == Role::customer);
    CHECK(std::get<TextBody>(event.value().body).text == "Ich hatte einen Unfall auf der A100…");
}

TEST_CASE("server frames of the doc parse") {
    const std::string frames[] = {
        R"({"type":"error","rid":"17","code":"invalid_field","message":"text: must not be empty","field":"body.text"})",
        with_summary(R"({"type":"agent.welcome","rid":"1","token":"q0Vx…",
 "agent":{"id":"a1","username":"anna","displayName":"Anna Berger","role":"agent"},
 "presence":{"state":"not_ready","reason":"Login"},
 "capacity":4,
 "chats":[ChatSummary],
 "offers":[],
 "config":{"cannedResponses":[{"shortcut":"hello","title":"Greeting","text":"Hello {customer.name}, I am {agent.name}. How can I help?"}],
           "dispositions":["Resolved","Follow-up needed","Claim opened","No response"],
           "notReadyReasons":["Break","Lunch","Meeting","Training"]},
 "limits":{"maxTextChars":4000,"maxFrameBytes":65536,"maxUploadBytes":20000000,"typingTimeoutMs":5000}})"),
        R"({"type":"ok","rid":"9"})",
        R"({"type":"presence","rid":"2","state":"ready","reason":""})",
        R"({"type":"agents","rid":"4","agents":[{"id":"a2","displayName":"Ben Koch","state":"ready","load":1,"capacity":4}]})",
        with_summary(R"({"type":"customer.welcome","rid":"1","token":"Zk3…","chat":ChatSummary,"limits":{}})"),
        R"({"type":"queue","chatId":"c7","position":3})",
        R"({"type":"ack","rid":"21","chatId":"c7","clientId":"m-5f2c","seq":13,"ts":1764172000999})",
        R"({"type":"event","chatId":"c7","event":{"seq":5,"ts":1764172000123,"author":{"role":"customer","name":"Max Mustermann"},"kind":"text","clientId":"m-5f2c","body":{"text":"Ich hatte einen Unfall auf der A100…"}}})",
        R"({"type":"chat.synced","rid":"5","chatId":"c7","lastSeq":20})",
        R"({"type":"chat.synced","rid":"5","chatId":"c7","lastSeq":20,"receipts":{"customer":{"delivered":13,"read":13},"agent":{"delivered":12,"read":12}}})",
        R"({"type":"receipt","chatId":"c7","role":"customer","delivered":13,"read":13})",
        R"({"type":"typing","chatId":"c7","role":"customer","name":"Max Mustermann","active":true})",
        R"({"type":"rtc.signal","chatId":"c7","callId":"k1","from":"agent","data":{}})",
        with_summary(R"({"type":"offer","offerId":"o9","chat":ChatSummary,"firstMessage":"Ich hatte einen Unfall…",
 "customerTexts":["Auf der A100, Höhe Tempelhof","Ich hatte einen Unfall…"],"expiresInMs":20000,"transferFrom":null})"),
        with_summary(
            R"({"type":"offer","offerId":"o9","chat":ChatSummary,"firstMessage":"x","expiresInMs":20000,"transferFrom":{"id":"a1","displayName":"Anna Berger"}})"),
        R"({"type":"offer.revoked","offerId":"o9","reason":"expired"})",
        with_summary(R"({"type":"chat.assigned","rid":"6","chat":ChatSummary})"),
        R"({"type":"chat.removed","chatId":"c7","reason":"transferred"})",
        R"({"type":"chat.removed","chatId":"c7","reason":"closed"})",
        R"({"type":"transfer.failed","chatId":"c7","reason":"declined"})",
        R"({"type":"session.replaced"})",
        R"({"type":"history","rid":"12","chatId":"c7","verified":true,"chats":[
    {"chatId":"c3","status":"closed","createdAt":1764000000000,"endedAt":1764000900000,
     "agent":{"id":"a1","displayName":"Anna Berger"},"disposition":"Claim opened","notes":"Tow truck ordered",
     "firstLines":["Ich hatte einen Unfall auf der A100","Sind Sie verletzt?"],"lastSeq":14}]})",
        R"({"type":"supervisor.overview","ts":1764172003000,
 "queue":[{"chatId":"c9","customerName":"Lea","verified":true,"queuedAt":1764172000000,"position":1,"offeredTo":null},
          {"chatId":"c10","customerName":"Tom","verified":false,"queuedAt":1764172001000,"position":0,
           "offeredTo":{"id":"a2","displayName":"Ben Koch"}}],
 "queueTotal":2,
 "agents":[{"id":"a1","displayName":"Anna Berger","role":"agent","online":true,"state":"ready","reason":"",
            "since":1764171000000,"load":1,"capacity":4}],
 "chats":[{"chatId":"c7","status":"active","customerName":"Max Mustermann","verified":true,
           "agent":{"id":"a1","displayName":"Anna Berger"},"assignedAt":1764171900000,
           "awaitingReplySince":1764172002500,
           "flag":{"by":{"id":"a1","displayName":"Anna Berger"},"reason":"Customer injured","ts":1764172001000},
           "watchers":[{"id":"a9","displayName":"Sam Supervisor"}],"bargedIn":[],"lastSeq":20}],
 "chatsTotal":1})",
        R"({"type":"chat.watchers","chatId":"c7","watchers":[{"id":"a9","displayName":"Sam Supervisor"}],"bargedIn":[]})",
        R"({"type":"internal","chatId":"c7","event":{"seq":4,"ts":1764172002000,"by":{"id":"a9","displayName":"Sam Supervisor"},
 "kind":"whisper","text":"Ask about injuries"}})",
        R"({"type":"internal.page","rid":"14","chatId":"c7","events":[
    {"seq":1,"ts":1764172001000,"by":{"id":"a1","displayName":"Anna Berger"},"kind":"flagged","text":"Customer injured"},
    {"seq":2,"ts":1764172001500,"by":{"id":"a9","displayName":"Sam Supervisor"},"kind":"watch_started","text":""}],
   "lastSeq":2,"flag":{"by":{"id":"a1","displayName":"Anna Berger"},"reason":"Customer injured","ts":1764172001000}})",
    };
    for (const std::string& frame : frames) {
        CAPTURE(frame);
        auto parsed = parse_server_message(frame);
        CHECK_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
    }
}

TEST_CASE("the doc's welcome carries its limits; the ones it leaves out keep the defaults") {
    auto parsed = parse_server_message(with_summary(R"({"type":"customer.welcome","rid":"1","token":"Zk3",
        "chat":ChatSummary,"limits":{"maxTextChars":4000,"maxFrameBytes":65536,"maxUploadBytes":20000000,"typingTimeoutMs":5000}})"));
    REQUIRE(parsed.ok());
    const auto& welcome = std::get<CustomerWelcome>(parsed.value());
    CHECK(welcome.limits == Limits{});
    CHECK(welcome.chat.customer.capabilities ==
          Capabilities{Capability::phone, Capability::location, Capability::files});
    CHECK(welcome.chat.context.at("Policy") == "KFZ-2231-77");
    CHECK_FALSE(welcome.chat.assigned_at.has_value());
}
