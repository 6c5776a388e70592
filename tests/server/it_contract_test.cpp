// Integration: the protocol as a contract. Each case pins a behaviour docs/protocol.md names, the way a third-party
// app developer reads it: one answer per request, the first frame, frames that are not UTF-8, the depth limit,
// several sockets per party, presence across resume and restart, what a queued customer may do, and the shape of
// absent optional fields.
#include <thread>

#include "it_helpers.hpp"
#include "sample_files.hpp"

using namespace testing;

namespace {

// Every frame answering `rid` that arrives within `window` after the first (or within `window` if none comes).
std::vector<Json> answers_to(WsClient& ws, const std::string& rid, std::chrono::milliseconds window = 400ms) {
    std::vector<Json> answers;
    const auto deadline = std::chrono::steady_clock::now() + 5000ms;
    auto quiet_until = std::chrono::steady_clock::now() + 5000ms;
    while (std::chrono::steady_clock::now() < std::min(deadline, quiet_until)) {
        auto frame = ws.read(std::chrono::duration_cast<std::chrono::milliseconds>(std::min(deadline, quiet_until) -
                                                                                   std::chrono::steady_clock::now()));
        if (!frame) break;
        if (frame->value("rid", "") == rid) {
            answers.push_back(*frame);
            quiet_until = std::chrono::steady_clock::now() + window;
        }
    }
    return answers;
}

// Frames of `type` (optionally without a rid) that arrive within `window`.
std::vector<Json> frames_of_type(WsClient& ws, const std::string& type, std::chrono::milliseconds window) {
    std::vector<Json> found;
    const auto deadline = std::chrono::steady_clock::now() + window;
    while (std::chrono::steady_clock::now() < deadline) {
        auto frame =
            ws.read(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
        if (!frame) break;
        if (frame->value("type", "") == type) found.push_back(*frame);
    }
    return found;
}

struct AcceptedChat {
    AgentClient agent;
    CustomerClient customer;
};

AcceptedChat accepted_chat(std::uint16_t port) {
    AcceptedChat chat;
    chat.agent = login_agent(port, "anna");
    chat.customer = start_customer(port);
    if (!chat.agent.ws || !chat.customer.ws || !accept_next_offer(chat.agent, chat.customer.chat_id)) return {};
    return chat;
}

}  // namespace

TEST_CASE(
    "contract: every request with a rid gets exactly one answer; relayed signals without one answer only refusals") {
    Server server;
    REQUIRE(server.port() != 0);
    auto chat = accepted_chat(server.port());
    REQUIRE(chat.customer.ws);
    auto& customer = *chat.customer.ws;
    auto& agent = *chat.agent.ws;
    const std::string chat_id = chat.customer.chat_id;

    customer.send({{"type", "typing"}, {"rid", "t1"}, {"chatId", chat_id}, {"active", true}});
    auto typing = answers_to(customer, "t1");
    REQUIRE(typing.size() == 1);
    CHECK(typing[0]["type"] == "ok");
    // A refresh relays nothing and, with a rid, is still answered once.
    customer.send({{"type", "typing"}, {"rid", "t2"}, {"chatId", chat_id}, {"active", true}});
    CHECK(answers_to(customer, "t2").size() == 1);
    // Without a rid a successful typing frame is not answered at all.
    customer.send({{"type", "typing"}, {"chatId", chat_id}, {"active", false}});
    CHECK(frames_of_type(customer, "ok", 500ms).empty());

    customer.send({{"type", "rtc.signal"},
                   {"rid", "s1"},
                   {"chatId", chat_id},
                   {"callId", "k1"},
                   {"data", {{"accept", Json::object()}}}});
    auto signal = answers_to(customer, "s1");
    REQUIRE(signal.size() == 1);
    CHECK(signal[0]["type"] == "ok");
    customer.send(
        {{"type", "rtc.signal"}, {"chatId", chat_id}, {"callId", "k1"}, {"data", {{"accept", Json::object()}}}});
    CHECK(frames_of_type(customer, "ok", 500ms).empty());

    customer.send({{"type", "chat.mark"}, {"rid", "m1"}, {"chatId", chat_id}, {"delivered", 1}, {"read", 1}});
    auto mark = answers_to(customer, "m1");
    REQUIRE(mark.size() == 1);
    CHECK(mark[0]["type"] == "ok");
    // A mark that does not move forward is still answered ok (marks only move forward; nothing is relayed).
    customer.send({{"type", "chat.mark"}, {"rid", "m2"}, {"chatId", chat_id}, {"delivered", 1}});
    auto same_mark = answers_to(customer, "m2");
    REQUIRE(same_mark.size() == 1);
    CHECK(same_mark[0]["type"] == "ok");

    agent.send({{"type", "chat.end"}, {"rid", "e1"}, {"chatId", chat_id}, {"reason", "resolved"}});
    auto end = answers_to(agent, "e1");
    REQUIRE(end.size() == 1);
    CHECK(end[0]["type"] == "ok");
    agent.send({{"type", "chat.end"}, {"rid", "e2"}, {"chatId", chat_id}});
    auto again = answers_to(agent, "e2");
    REQUIRE(again.size() == 1);
    CHECK(again[0]["code"] == "conflict");

    agent.send({{"type", "chat.wrapup"}, {"rid", "w1"}, {"chatId", chat_id}, {"disposition", "Not a disposition"}});
    auto wrong = answers_to(agent, "w1");
    REQUIRE(wrong.size() == 1);
    CHECK(wrong[0]["code"] == "invalid_field");
    CHECK(wrong[0]["field"] == "disposition");
    agent.send({{"type", "chat.wrapup"}, {"rid", "w2"}, {"chatId", chat_id}, {"disposition", "Resolved"}});
    auto filed = answers_to(agent, "w2");
    REQUIRE(filed.size() == 1);
    CHECK(filed[0]["type"] == "ok");
}

TEST_CASE("contract: the first frame: an unknown or missing type is unknown_type, another known type unauthorized") {
    Server server;
    REQUIRE(server.port() != 0);
    auto ws = WsClient::connect(server.port());
    REQUIRE(ws);
    ws->send({{"type", "chat.fly"}, {"rid", "u"}});
    CHECK(error_for(*ws, "u")["code"] == "unknown_type");
    ws->send({{"rid", "m"}, {"protocol", 1}});
    CHECK(error_for(*ws, "m")["code"] == "unknown_type");
    ws->send({{"type", "chat.send"},
              {"rid", "s"},
              {"chatId", "c1"},
              {"clientId", "x"},
              {"kind", "text"},
              {"body", {{"text", "hi"}}}});
    CHECK(error_for(*ws, "s")["code"] == "unauthorized");
    ws->send({{"type", "agents.list"}, {"rid", "l"}});
    CHECK(error_for(*ws, "l")["code"] == "unauthorized");
    // The socket stayed open for a correct first frame.
    ws->send({{"type", "customer.start"}, {"rid", "ok"}, {"protocol", 1}, {"name", "Max"}});
    auto welcome = ws->read_until([](const Json& f) { return f.value("rid", "") == "ok"; });
    REQUIRE(welcome);
    CHECK((*welcome)["type"] == "customer.welcome");
}

TEST_CASE(
    "contract: invalid UTF-8 in a text frame fails the WebSocket with 1007; an escaped lone surrogate is bad_json") {
    Server server;
    REQUIRE(server.port() != 0);
    {
        auto customer = start_customer(server.port());
        REQUIRE(customer.ws);
        // \u-escapes are JSON's business: a lone surrogate is valid UTF-8 text but not a JSON string.
        customer.ws->send_text(R"({"type":"typing","rid":"s","chatId":"x","active":true,"note":"\ud800"})");
        CHECK(customer.ws->read_type("error")->at("code") == "bad_json");
        CHECK(send_text(*customer.ws, customer.chat_id, "m1", "still open", "after"));
        // Raw bytes that are not UTF-8 break RFC 6455 itself (a browser cannot send them).
        customer.ws->send_text(std::string("{\"type\":\"typing\",\"chatId\":\"\xC3\x28\"}"));
        CHECK(customer.ws->wait_closed() == 1007);
    }
    // The chat and its token survive: the customer resumes on a new socket.
    auto health = http_request(server.port(), "GET", "/health").json();
    CHECK(health["status"] == "ok");
}

TEST_CASE("contract: maxJsonDepth counts the outer object") {
    Server server({"--set", "maxJsonDepth=4"});
    REQUIRE(server.port() != 0);
    auto ws = WsClient::connect(server.port());
    REQUIRE(ws);
    // Depth 4: the outer object and three nested levels. Not a bad_json (the missing type is what is wrong).
    ws->send_text(R"({"rid":"d4","a":{"b":[{}]}})");
    CHECK(error_for(*ws, "d4")["code"] == "unknown_type");
    ws->send_text(R"({"rid":"d5","a":{"b":[{"c":[]}]}})");
    auto deep = ws->read_type("error");
    REQUIRE(deep);
    CHECK((*deep)["code"] == "bad_json");
    CHECK((*deep)["limit"] == 4);
}

TEST_CASE("contract: several sockets of one agent session share pushes; logout closes every one with 1000") {
    Server server;
    REQUIRE(server.port() != 0);
    auto first = login_agent(server.port(), "anna");
    REQUIRE(first.ws);
    auto second = WsClient::connect(server.port());
    REQUIRE(second);
    second->send({{"type", "agent.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", first.token}});
    auto welcome = second->read_until([](const Json& f) { return f.value("rid", "") == "r"; });
    REQUIRE(welcome);
    CHECK((*welcome)["type"] == "agent.welcome");
    CHECK((*welcome)["presence"]["state"] == "ready");  // the agent's presence, not the socket's

    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    auto offer_first = first.ws->read_type("offer");
    auto offer_second = second->read_type("offer");
    REQUIRE(offer_first);
    REQUIRE(offer_second);
    CHECK((*offer_first)["offerId"] == (*offer_second)["offerId"]);
    // The decline is answered ok on the socket that sent it; offer.revoked `declined` reaches every socket of
    // the declining agent, so the other one drops the offer too.
    first.ws->send({{"type", "offer.decline"}, {"rid", "d"}, {"offerId", (*offer_first)["offerId"]}});
    auto declined = answers_to(*first.ws, "d", 100ms);
    REQUIRE(declined.size() == 1);
    CHECK(declined[0]["type"] == "ok");
    auto revoked_second = second->read_type("offer.revoked");
    REQUIRE(revoked_second);
    CHECK((*revoked_second)["reason"] == "declined");
    CHECK((*revoked_second)["offerId"] == (*offer_first)["offerId"]);

    // agents.list lists connected agents only: anna (on two sockets) once, ben and clara (offline) not at all.
    second->send({{"type", "agents.list"}, {"rid", "l"}});
    auto list = second->read_until([](const Json& f) { return f.value("rid", "") == "l"; });
    REQUIRE(list);
    REQUIRE((*list)["agents"].size() == 1);
    CHECK((*list)["agents"][0]["id"] == first.id);

    first.ws->send({{"type", "agent.logout"}, {"rid", "out"}});
    auto ok = first.ws->read_until([](const Json& f) { return f.value("rid", "") == "out"; });
    REQUIRE(ok);
    CHECK((*ok)["type"] == "ok");
    CHECK(first.ws->wait_closed() == 1000);
    CHECK(second->wait_closed() == 1000);
}

TEST_CASE("contract: a customer on two sockets gets every event on both") {
    Server server;
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    auto other = WsClient::connect(server.port());
    REQUIRE(other);
    other->send({{"type", "customer.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", customer.token}});
    REQUIRE(other->read_until([](const Json& f) { return f.value("type", "") == "customer.welcome"; }));
    REQUIRE(send_text(*customer.ws, customer.chat_id, "m1", "Hallo", "s"));
    auto on_other = other->read_until([](const Json& f) { return f.value("type", "") == "event"; });
    REQUIRE(on_other);
    CHECK((*on_other)["event"]["clientId"] == "m1");
}

TEST_CASE("contract: presence survives a disconnect and resume, and is not_ready Login after a server restart") {
    TempDir dir;
    std::string token;
    {
        ServerProcess server(dir.path(), {"--demo"});
        REQUIRE(server.port() != 0);
        auto ben = login_agent(server.port(), "ben");
        REQUIRE(ben.ws);
        token = ben.token;
        ben.ws->send({{"type", "agent.presence"}, {"rid", "p"}, {"state", "not_ready"}, {"reason", "Lunch"}});
        REQUIRE(ben.ws->read_until([](const Json& f) { return f.value("rid", "") == "p"; }));
        ben.ws->drop();
        std::this_thread::sleep_for(200ms);
        auto again = WsClient::connect(server.port());
        REQUIRE(again);
        again->send({{"type", "agent.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", token}});
        auto welcome = again->read_until([](const Json& f) { return f.value("rid", "") == "r"; });
        REQUIRE(welcome);
        CHECK((*welcome)["presence"]["state"] == "not_ready");
        CHECK((*welcome)["presence"]["reason"] == "Lunch");
        REQUIRE(server.terminate() == 0);
    }
    ServerProcess restarted(dir.path(), {"--demo"});
    REQUIRE(restarted.port() != 0);
    auto ws = WsClient::connect(restarted.port());
    REQUIRE(ws);
    ws->send({{"type", "agent.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", token}});
    auto welcome = ws->read_until([](const Json& f) { return f.value("rid", "") == "r"; });
    REQUIRE(welcome);
    CHECK((*welcome)["type"] == "agent.welcome");  // the token outlives the restart
    CHECK((*welcome)["presence"]["state"] == "not_ready");
    CHECK((*welcome)["presence"]["reason"] == "Login");
}

TEST_CASE("contract: a queued customer may send; absent optional fields are null, [], \"\" or {}") {
    Server server;
    REQUIRE(server.port() != 0);
    auto ws = WsClient::connect(server.port());
    REQUIRE(ws);
    ws->send({{"type", "customer.start"}, {"rid", "s"}, {"protocol", 1}, {"name", "Max"}});
    auto welcome = ws->read_until([](const Json& f) { return f.value("rid", "") == "s"; });
    REQUIRE(welcome);
    const Json chat = (*welcome)["chat"];
    CHECK(chat["status"] == "queued");
    CHECK(chat["customer"]["phone"].is_null());
    CHECK(chat["customer"]["capabilities"] == Json::array());
    CHECK(chat["customer"]["language"] == "");
    CHECK(chat["customer"]["app"] == "");
    CHECK(chat["context"] == Json::object());
    CHECK(chat["agent"].is_null());
    CHECK(chat["lastLocation"].is_null());
    CHECK(chat["assignedAt"].is_null());
    CHECK(chat["endedAt"].is_null());
    CHECK(chat["lastSeq"] == 0);
    // The first queue push follows the welcome.
    auto queue = ws->read_type("queue");
    REQUIRE(queue);
    CHECK((*queue)["position"] == 1);

    const std::string chat_id = chat["chatId"];
    auto ack = send_text(*ws, chat_id, "m1", "Ich hatte einen Unfall", "q");
    REQUIRE(ack);
    CHECK((*ack)["type"] == "ack");
    CHECK((*ack)["seq"] == 1);
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    auto offer = anna.ws->read_type("offer");
    REQUIRE(offer);
    CHECK((*offer)["firstMessage"] == "Ich hatte einen Unfall");
    CHECK((*offer)["chat"]["lastSeq"] == 1);
}

TEST_CASE("contract: an upload into a chat that is not yours: customers 403 always, agents 404 unknown / 403 foreign") {
    Server server;
    REQUIRE(server.port() != 0);
    auto chat = accepted_chat(server.port());
    REQUIRE(chat.customer.ws);
    auto ben = login_agent(server.port(), "ben");
    REQUIRE(ben.ws);
    const std::string png = png_bytes(2, 2);
    auto upload = [&](const std::string& token, const std::string& chat_id) {
        return http_request(server.port(), "POST", "/api/chats/" + chat_id + "/files?name=a.png&clientId=u1", png,
                            {{"Authorization", "Bearer " + token}});
    };
    CHECK(upload(chat.customer.token, "c999").status == 403);
    CHECK(upload(chat.agent.token, "c999").status == 404);
    CHECK(upload(ben.token, chat.customer.chat_id).status == 403);
    // A repeated clientId answers the original with the same status and body.
    auto first = upload(chat.customer.token, chat.customer.chat_id);
    auto repeat = upload(chat.customer.token, chat.customer.chat_id);
    CHECK(first.status == 201);
    CHECK(repeat.status == 201);
    CHECK(repeat.body == first.body);
}
