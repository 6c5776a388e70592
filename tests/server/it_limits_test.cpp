#include <thread>
// Integration: bad input never closes a good session (except an oversized frame), every limit answers clearly.
#include "it_helpers.hpp"

using namespace testing;

TEST_CASE("malformed JSON, unknown types, binary frames: typed errors, the session stays usable") {
    Server server;
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    auto& ws = *customer.ws;
    ws.send_text("{not json");
    CHECK(ws.read_type("error")->at("code") == "bad_json");
    ws.send_text("[1,2,3]");
    CHECK(ws.read_type("error")->at("code") == "bad_json");
    ws.send({{"type", "chat.fly"}, {"rid", "u"}});
    CHECK(error_for(ws, "u")["code"] == "unknown_type");
    ws.send({{"rid", "nt"}});
    CHECK(error_for(ws, "nt")["code"] == "unknown_type");
    ws.send_binary("\x01\x02");
    CHECK(ws.read_type("error")->at("code") == "bad_frame");
    ws.send({{"type", "chat.send"},
             {"rid", "f"},
             {"chatId", customer.chat_id},
             {"clientId", "m1"},
             {"kind", "text"},
             {"body", {{"text", ""}}}});
    auto empty = error_for(ws, "f");
    CHECK(empty["code"] == "invalid_field");
    // Still fine:
    auto ack = send_text(ws, customer.chat_id, "m2", "Hallo", "ok");
    REQUIRE(ack);
    CHECK((*ack)["type"] == "ack");
}

TEST_CASE("text length at the limit passes, one code point over is too_large") {
    Server server({"--set", "maxTextChars=10"});
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    auto exact = send_text(*customer.ws, customer.chat_id, "a", "ääääääääää", "exact");  // 10 code points, 20 bytes
    CHECK((*exact)["type"] == "ack");
    auto over = send_text(*customer.ws, customer.chat_id, "b", "ääääääääääa", "over");
    CHECK((*over)["code"] == "too_large");
    CHECK((*over)["limit"] == 10);
    CHECK(customer.welcome["limits"]["maxTextChars"] == 10);
}

TEST_CASE("a frame over maxFrameBytes: error bad_frame, then close 1009; a frame at the limit is fine") {
    Server server({"--set", "maxFrameBytes=2000"});
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    Json frame = {{"type", "chat.send"}, {"rid", "edge"},  {"chatId", customer.chat_id},
                  {"clientId", "m1"},    {"kind", "text"}, {"body", {{"text", ""}}}};
    const std::size_t base = frame.dump().size();
    frame["body"]["text"] = std::string(2000 - base, 'x');
    REQUIRE(frame.dump().size() == 2000);
    customer.ws->send(frame);
    auto ack = customer.ws->read_until([](const Json& f) { return f.value("rid", "") == "edge"; });
    REQUIRE(ack);
    CHECK((*ack)["type"] == "ack");
    frame["clientId"] = "m2";
    frame["body"]["text"] = std::string(2001 - base, 'x');
    customer.ws->send(frame);
    auto error = customer.ws->read_type("error");
    REQUIRE(error);
    CHECK((*error)["code"] == "bad_frame");
    CHECK(customer.ws->wait_closed() == 1009);
}

TEST_CASE("rate limit per socket: burst of 2x, then rate_limited with retryAfterMs") {
    Server server({"--set", "maxMessagesPerSecond=5"});
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    // The opener took one token. Send 15 more at once: about 9 pass (burst 10), the rest are refused.
    for (int i = 0; i < 15; ++i) {
        customer.ws->send(
            {{"type", "chat.mark"}, {"rid", "m" + std::to_string(i)}, {"chatId", customer.chat_id}, {"delivered", 0}});
    }
    int ok = 0, limited = 0;
    for (int i = 0; i < 15; ++i) {
        auto reply = customer.ws->read_until([](const Json& f) { return f.contains("rid"); });
        REQUIRE(reply);
        if ((*reply)["type"] == "ok")
            ++ok;
        else if ((*reply)["code"] == "rate_limited") {
            ++limited;
            CHECK((*reply)["retryAfterMs"].get<int>() >= 1);
            CHECK((*reply)["retryAfterMs"].get<int>() <= 200);
        }
    }
    CHECK(ok >= 9);
    CHECK(ok <= 11);
    CHECK(ok + limited == 15);
    std::this_thread::sleep_for(400ms);  // two tokens back
    customer.ws->send({{"type", "chat.mark"}, {"rid", "later"}, {"chatId", customer.chat_id}, {"delivered", 0}});
    CHECK(error_for(*customer.ws, "later")["type"] == "ok");
}
