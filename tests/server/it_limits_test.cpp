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

TEST_CASE("maxQueuedBytesPerSocket: a socket that does not read is closed with 1008; one that reads gets everything") {
    // 300 texts of 3,900 chars in sync pages of 50 events (~200 KB each, under the 256 KiB queue limit). A reader
    // gets every page; a socket that asks for all six pages and reads nothing has ~1.2 MB queued: more than the
    // limit plus what the kernel buffers for a reader that stopped (its receive window of ~128 KiB).
    constexpr int kTexts = 300;
    constexpr int kPage = 50;
    Server server({"--set", "maxQueuedBytesPerSocket=262144", "--set", "maxMessagesPerSecond=10000", "--set",
                   "maxSyncEvents=50", "--set", "maxSyncBytes=4194304"});
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    const std::string chat = customer.chat_id;
    for (int i = 1; i <= kTexts; ++i) {
        auto ack = send_text(*customer.ws, chat, "q-" + std::to_string(i), std::string(3900, char('a' + i % 26)),
                             "s" + std::to_string(i));
        REQUIRE(ack);
        REQUIRE((*ack)["type"] == "ack");
    }
    REQUIRE(customer.ws->read_until(
        [&](const Json& f) { return f.value("type", "") == "event" && f["event"].value("seq", 0) == kTexts; }));

    // A reader: every page arrives and the socket stays open (the limit is about not reading, not about size).
    int received = 0;
    for (int after = 0; after < kTexts; after += kPage) {
        const std::string rid = "page-" + std::to_string(after);
        customer.ws->send({{"type", "chat.sync"}, {"rid", rid}, {"chatId", chat}, {"after", after}});
        auto synced = customer.ws->read_until([&](const Json& f) {
            if (f.value("type", "") == "event") ++received;
            return f.value("rid", "") == rid;
        });
        REQUIRE(synced);
        CHECK((*synced)["type"] == "chat.synced");
    }
    CHECK(received == kTexts);
    CHECK_FALSE(customer.ws->is_closed());

    // A second socket of the same customer asks for all pages at once and then reads nothing for a while.
    auto stalled = WsClient::connect(server.port());
    REQUIRE(stalled);
    stalled->send({{"type", "customer.resume"}, {"rid", "res"}, {"protocol", 1}, {"token", customer.token}});
    REQUIRE(stalled->read_until([](const Json& f) { return f.value("rid", "") == "res"; }));
    // Five rounds of all pages (~6 MB): more than the kernel buffers even once the server's send buffer grew
    // to its 4 MiB maximum (with ~1.2 MB the kernel sometimes took everything).
    constexpr int kRounds = 5;
    for (int round = 0; round < kRounds; ++round) {
        for (int after = 0; after < kTexts; after += kPage) {
            stalled->send(
                {{"type", "chat.sync"}, {"rid", "page-" + std::to_string(after)}, {"chatId", chat}, {"after", after}});
        }
    }
    std::this_thread::sleep_for(1500ms);
    // Reading now drains what the kernel held, then the close: 1008, before the last page was complete.
    int pages_completed = 0;
    while (auto frame = stalled->read(2000ms)) {
        if (frame->value("type", "") == "chat.synced") ++pages_completed;
    }
    CHECK(stalled->wait_closed(2000ms) == 1008);
    CHECK(pages_completed < kRounds * kTexts / kPage);
}

TEST_CASE("control frames pass the coalescing layer: a ping in a burst gets its pong, keep-alive pings, in order") {
    Server server({"--set", "maxMessagesPerSecond=10000", "--set", "wsIdleTimeoutMs=400"});
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    const std::string chat = customer.chat_id;
    constexpr int kTexts = 200;
    for (int i = 1; i <= kTexts; ++i) {
        REQUIRE(send_text(*customer.ws, chat, "b-" + std::to_string(i), "burst " + std::to_string(i),
                          "r" + std::to_string(i)));
    }
    // A sync page of 200 events is queued at once; a ping sent right behind the request is answered between them.
    customer.ws->send({{"type", "chat.sync"}, {"rid", "page"}, {"chatId", chat}, {"after", 0}});
    CHECK(customer.ws->ping("in-the-burst"));
    std::vector<std::int64_t> seqs;
    auto synced = customer.ws->read_until([&](const Json& f) {
        if (f.value("type", "") == "event" && f.value("rid", "") == "") seqs.push_back(f["event"]["seq"]);
        return f.value("rid", "") == "page";
    });
    REQUIRE(synced);
    // The frames around the pong are whole and in order: every seq of the page once, ascending (after the live
    // pushes of the sends, which came first).
    std::vector<std::int64_t> page(seqs.end() - std::min<std::ptrdiff_t>(kTexts, std::ptrdiff_t(seqs.size())),
                                   seqs.end());
    std::vector<std::int64_t> expected(kTexts);
    for (int i = 0; i < kTexts; ++i) expected[std::size_t(i)] = i + 1;
    CHECK(page == expected);
    // Idle: the server pings after wsIdleTimeoutMs; a client that answers stays connected.
    CHECK_FALSE(customer.ws->read(1500ms).has_value());
    CHECK(customer.ws->pings_received() >= 1);
    CHECK_FALSE(customer.ws->is_closed());
    CHECK(customer.ws->ping("still-there"));
}
