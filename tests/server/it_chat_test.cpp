// Integration: a whole chat (offer, accept, messages both ways, receipts, typing, end, wrap-up), idempotent
// resends, resume after a dropped connection, and authorization refusals.
#include <algorithm>
#include <set>
#include <thread>

#include "it_helpers.hpp"

using namespace testing;

namespace {
// Reads `event` frames of `chat` until one with `seq` (or nullopt).
std::optional<Json> event_with_seq(WsClient& ws, const std::string& chat, std::int64_t seq) {
    return ws.read_until([&](const Json& f) {
        return f.value("type", "") == "event" && f["chatId"] == chat && f["event"]["seq"] == seq;
    });
}
}  // namespace

TEST_CASE("a whole chat: accept, both ways, receipts, typing with expiry, end, wrap-up") {
    Server server({"--set", "typingTimeoutMs=300"});
    REQUIRE(server.port() != 0);
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    const std::string chat = customer.chat_id;
    auto queued = customer.ws->read_type("queue");
    REQUIRE(queued);
    CHECK((*queued)["position"] == 0);  // Anna is ready: offered at once
    auto first = send_text(*customer.ws, chat, "m-1", "Ich hatte einen Unfall", "s1");
    REQUIRE(first);
    CHECK((*first)["type"] == "ack");
    CHECK((*first)["seq"] == 1);

    auto offer = anna.ws->read_type("offer", 10000ms);
    REQUIRE(offer);
    CHECK((*offer)["chat"]["chatId"] == chat);
    CHECK((*offer)["expiresInMs"].get<int>() > 0);
    CHECK((*offer)["transferFrom"].is_null());
    anna.ws->send({{"type", "offer.accept"}, {"rid", "acc"}, {"offerId", (*offer)["offerId"]}});
    auto assigned = anna.ws->read_until([](const Json& f) { return f.value("rid", "") == "acc"; });
    REQUIRE(assigned);
    CHECK((*assigned)["type"] == "chat.assigned");
    CHECK((*assigned)["chat"]["status"] == "active");
    CHECK((*assigned)["chat"]["agent"]["displayName"] == "Anna Berger");
    auto joined = event_with_seq(*customer.ws, chat, 2);
    REQUIRE(joined);
    CHECK((*joined)["event"]["kind"] == "joined");
    CHECK((*joined)["event"]["body"]["name"] == "Anna Berger");

    // The agent syncs the history.
    anna.ws->send({{"type", "chat.sync"}, {"rid", "sync"}, {"chatId", chat}, {"after", 0}});
    std::vector<std::int64_t> seqs;
    auto synced = anna.ws->read_until([&](const Json& f) {
        if (f.value("type", "") == "event" && f["chatId"] == chat) seqs.push_back(f["event"]["seq"]);
        return f.value("rid", "") == "sync";
    });
    REQUIRE(synced);
    CHECK((*synced)["type"] == "chat.synced");
    CHECK((*synced)["lastSeq"] == 2);
    // The `joined` push may come before the replay; clients drop what they already have.
    CHECK(std::count(seqs.begin(), seqs.end(), 1) == 1);
    CHECK(std::count(seqs.begin(), seqs.end(), 2) >= 1);

    // Typing: relayed to the other party, expired by the server after typingTimeoutMs.
    anna.ws->send({{"type", "typing"}, {"chatId", chat}, {"active", true}});
    auto typing = customer.ws->read_type("typing");
    REQUIRE(typing);
    CHECK((*typing)["active"] == true);
    CHECK((*typing)["role"] == "agent");
    CHECK((*typing)["name"] == "Anna Berger");
    const auto typing_at = std::chrono::steady_clock::now();
    auto stopped = customer.ws->read_type("typing", 3000ms);
    REQUIRE(stopped);
    CHECK((*stopped)["active"] == false);
    CHECK(std::chrono::steady_clock::now() - typing_at >= 250ms);
    // The typist's message ends typing at once.
    customer.ws->send({{"type", "typing"}, {"chatId", chat}, {"active", true}});
    CHECK(anna.ws->read_type("typing")->at("active") == true);

    auto reply = send_text(*anna.ws, chat, "a-1", "Hallo Max, ist jemand verletzt?", "s2");
    REQUIRE(reply);
    CHECK((*reply)["seq"] == 3);
    auto at_customer = event_with_seq(*customer.ws, chat, 3);
    REQUIRE(at_customer);
    CHECK((*at_customer)["event"]["author"]["role"] == "agent");
    CHECK((*at_customer)["event"]["author"]["id"] == anna.id);
    CHECK((*at_customer)["event"]["clientId"] == "a-1");
    CHECK(send_text(*customer.ws, chat, "m-2", "Nein, alle ok", "s3")->at("seq") == 4);
    auto typing_end = anna.ws->read_type("typing");
    REQUIRE(typing_end);
    CHECK((*typing_end)["active"] == false);
    CHECK(event_with_seq(*anna.ws, chat, 4));

    // Location from the customer, a location request from the agent.
    customer.ws->send({{"type", "chat.send"},
                       {"rid", "loc"},
                       {"chatId", chat},
                       {"clientId", "m-3"},
                       {"kind", "location"},
                       {"body", {{"lat", 52.52}, {"lon", 13.405}, {"accuracy", 12.5}}}});
    CHECK(error_for(*customer.ws, "loc")["type"] == "ack");
    anna.ws->send({{"type", "chat.send"},
                   {"rid", "lr"},
                   {"chatId", chat},
                   {"clientId", "a-2"},
                   {"kind", "location"},
                   {"body", {{"lat", 1}, {"lon", 1}, {"accuracy", 1}}}});
    CHECK(error_for(*anna.ws, "lr")["code"] == "forbidden");

    // Receipts: stored, pushed to the other party, included in chat.synced; they only move forward.
    customer.ws->send({{"type", "chat.mark"}, {"rid", "mk"}, {"chatId", chat}, {"delivered", 4}, {"read", 3}});
    CHECK(error_for(*customer.ws, "mk")["type"] == "ok");
    auto receipt = anna.ws->read_type("receipt");
    REQUIRE(receipt);
    CHECK((*receipt)["role"] == "customer");
    CHECK((*receipt)["delivered"] == 4);
    CHECK((*receipt)["read"] == 3);
    customer.ws->send({{"type", "chat.mark"}, {"rid", "back"}, {"chatId", chat}, {"read", 1}});
    CHECK(error_for(*customer.ws, "back")["type"] == "ok");
    customer.ws->send({{"type", "chat.mark"}, {"rid", "past"}, {"chatId", chat}, {"read", 99}});
    CHECK(error_for(*customer.ws, "past")["code"] == "invalid_field");
    anna.ws->send({{"type", "chat.sync"}, {"rid", "s2"}, {"chatId", chat}, {"after", 5}});
    auto synced2 = anna.ws->read_until([](const Json& f) { return f.value("rid", "") == "s2"; });
    REQUIRE(synced2);
    CHECK((*synced2)["receipts"]["customer"]["read"] == 3);
    CHECK((*synced2)["lastSeq"] == 5);

    // Wrap-up before the end is a conflict; end; sending after the end is a conflict; wrap-up closes.
    anna.ws->send({{"type", "chat.wrapup"}, {"rid", "early"}, {"chatId", chat}, {"disposition", "Resolved"}});
    CHECK(error_for(*anna.ws, "early")["code"] == "conflict");
    anna.ws->send({{"type", "chat.end"}, {"rid", "end"}, {"chatId", chat}, {"reason", "resolved"}});
    CHECK(error_for(*anna.ws, "end")["type"] == "ok");
    auto ended = customer.ws->read_until(
        [](const Json& f) { return f.value("type", "") == "event" && f["event"]["kind"] == "ended"; });
    REQUIRE(ended);
    CHECK((*ended)["event"]["body"]["by"] == "agent");
    CHECK(send_text(*customer.ws, chat, "m-9", "Hallo?", "late")->at("code") == "conflict");
    anna.ws->send({{"type", "chat.end"}, {"rid", "end2"}, {"chatId", chat}});
    CHECK(error_for(*anna.ws, "end2")["code"] == "conflict");
    anna.ws->send({{"type", "chat.wrapup"}, {"rid", "wbad"}, {"chatId", chat}, {"disposition", "Whatever"}});
    auto bad_disposition = error_for(*anna.ws, "wbad");
    CHECK(bad_disposition["code"] == "invalid_field");
    CHECK(bad_disposition["field"] == "disposition");
    anna.ws->send({{"type", "chat.wrapup"},
                   {"rid", "w"},
                   {"chatId", chat},
                   {"disposition", "Claim opened"},
                   {"notes", "Tow truck"}});
    CHECK(error_for(*anna.ws, "w")["type"] == "ok");
    auto removed = anna.ws->read_type("chat.removed");
    REQUIRE(removed);
    CHECK((*removed)["reason"] == "closed");
    // A fresh login shows no chats any more.
    auto later = login_agent(server.port(), "anna", false);
    REQUIRE(later.ws);
    CHECK(later.welcome["chats"].empty());
}

TEST_CASE("idempotent resend, and resume after a dropped connection without gap or duplicate") {
    Server server;
    REQUIRE(server.port() != 0);
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    const std::string chat = customer.chat_id;
    REQUIRE(accept_next_offer(anna, chat));

    auto once = send_text(*customer.ws, chat, "same", "Erste Nachricht", "r1");
    auto twice = send_text(*customer.ws, chat, "same", "Erste Nachricht", "r2");
    REQUIRE(once);
    REQUIRE(twice);
    CHECK((*once)["seq"] == (*twice)["seq"]);
    CHECK((*once)["ts"] == (*twice)["ts"]);
    CHECK((*twice)["rid"] == "r2");
    // A resend fired before the first ack arrives gets the same answer too.
    customer.ws->send({{"type", "chat.send"},
                       {"rid", "p1"},
                       {"chatId", chat},
                       {"clientId", "fast"},
                       {"kind", "text"},
                       {"body", {{"text", "x"}}}});
    customer.ws->send({{"type", "chat.send"},
                       {"rid", "p2"},
                       {"chatId", chat},
                       {"clientId", "fast"},
                       {"kind", "text"},
                       {"body", {{"text", "x"}}}});
    auto p1 = error_for(*customer.ws, "p1");
    auto p2 = error_for(*customer.ws, "p2");
    CHECK(p1["seq"] == p2["seq"]);
    // The agent's clientIds are separate from the customer's.
    auto agent_same = send_text(*anna.ws, chat, "same", "Agent", "a1");
    CHECK((*agent_same)["seq"].get<int>() > p1["seq"].get<int>());

    // The customer loses its network; the agent keeps writing.
    const std::int64_t seen = (*agent_same)["seq"];
    REQUIRE(event_with_seq(*customer.ws, chat, seen));
    customer.ws->drop();
    for (int i = 0; i < 5; ++i)
        REQUIRE(send_text(*anna.ws, chat, "while-" + std::to_string(i), "msg " + std::to_string(i),
                          "w" + std::to_string(i)));
    auto back = WsClient::connect(server.port());
    REQUIRE(back);
    back->send({{"type", "customer.resume"}, {"rid", "res"}, {"protocol", 1}, {"token", customer.token}});
    auto welcome = back->read_until([](const Json& f) { return f.value("rid", "") == "res"; });
    REQUIRE(welcome);
    CHECK((*welcome)["chat"]["lastSeq"] == seen + 5);
    // Resend of something that was acked before the drop: no new event.
    auto resent = send_text(*back, chat, "same", "Erste Nachricht", "again");
    CHECK((*resent)["seq"] == (*once)["seq"]);
    back->send({{"type", "chat.sync"}, {"rid", "sy"}, {"chatId", chat}, {"after", seen}});
    std::vector<std::int64_t> got;
    auto synced = back->read_until([&](const Json& f) {
        if (f.value("type", "") == "event") got.push_back(f["event"]["seq"]);
        return f.value("rid", "") == "sy";
    });
    REQUIRE(synced);
    REQUIRE(got.size() == 5);
    for (int i = 0; i < 5; ++i) CHECK(got[i] == seen + 1 + i);
    CHECK((*synced)["lastSeq"] == seen + 5);
    // Nothing else arrives (no duplicates pushed later).
    CHECK_FALSE(back->read_type("event", 300ms));
}

TEST_CASE("authorization: agents read only their chats, customers only their own") {
    Server server;
    REQUIRE(server.port() != 0);
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    REQUIRE(accept_next_offer(anna, customer.chat_id));
    auto other = start_customer(server.port(), "Erika");  // queued: nobody else is ready
    REQUIRE(other.ws);
    auto ben = login_agent(server.port(), "ben", false);
    REQUIRE(ben.ws);

    for (const std::string type : {"chat.sync", "chat.send", "chat.mark", "chat.end", "chat.transfer", "typing"}) {
        Json frame = {{"type", type}, {"rid", "x"}, {"chatId", customer.chat_id}};
        if (type == "chat.sync") frame["after"] = 0;
        if (type == "chat.send") frame.update({{"clientId", "b1"}, {"kind", "text"}, {"body", {{"text", "hi"}}}});
        if (type == "chat.mark") frame["read"] = 1;
        if (type == "chat.transfer") frame["toAgentId"] = ben.id;
        if (type == "typing") frame["active"] = true;
        ben.ws->send(frame);
        CHECK_MESSAGE(error_for(*ben.ws, "x")["code"] == "forbidden", type);
    }
    ben.ws->send({{"type", "chat.sync"}, {"rid", "nf"}, {"chatId", "c999"}, {"after", 0}});
    CHECK(error_for(*ben.ws, "nf")["code"] == "not_found");
    // The queued chat of another customer is nobody's yet: not readable by an agent either.
    ben.ws->send({{"type", "chat.sync"}, {"rid", "q"}, {"chatId", other.chat_id}, {"after", 0}});
    CHECK(error_for(*ben.ws, "q")["code"] == "forbidden");

    other.ws->send({{"type", "chat.sync"}, {"rid", "o"}, {"chatId", customer.chat_id}, {"after", 0}});
    CHECK(error_for(*other.ws, "o")["code"] == "forbidden");
    auto foreign = send_text(*other.ws, customer.chat_id, "e1", "hi", "o2");
    CHECK((*foreign)["code"] == "forbidden");
    // Offers of another agent cannot be taken.
    ben.ws->send({{"type", "offer.accept"}, {"rid", "oa"}, {"offerId", "o-nope"}});
    CHECK(error_for(*ben.ws, "oa")["code"] == "not_found");
}

TEST_CASE("WebRTC signaling is relayed to the other party, never stored; offline party: unavailable") {
    Server server;
    REQUIRE(server.port() != 0);
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    const std::string chat = customer.chat_id;
    REQUIRE(accept_next_offer(anna, chat));
    const Json sdp = {{"sdp", {{"type", "offer"}, {"sdp", "v=0 test"}}}};
    anna.ws->send({{"type", "rtc.signal"}, {"rid", "sig"}, {"chatId", chat}, {"callId", "k1"}, {"data", sdp}});
    auto relayed = customer.ws->read_type("rtc.signal");
    REQUIRE(relayed);
    CHECK((*relayed)["from"] == "agent");
    CHECK((*relayed)["callId"] == "k1");
    CHECK((*relayed)["data"] == sdp);
    CHECK(error_for(*anna.ws, "sig")["type"] == "ok");
    customer.ws->send({{"type", "rtc.signal"}, {"chatId", chat}, {"callId", "k1"}, {"data", {{"candidate", "c"}}}});
    auto back = anna.ws->read_type("rtc.signal");
    REQUIRE(back);
    CHECK((*back)["from"] == "customer");
    // Nothing of it is in the log.
    anna.ws->send({{"type", "chat.sync"}, {"rid", "s"}, {"chatId", chat}, {"after", 0}});
    auto synced = anna.ws->read_until([](const Json& f) { return f.value("rid", "") == "s"; });
    REQUIRE(synced);
    CHECK((*synced)["lastSeq"] == 1);  // only `joined`
    customer.ws->drop();
    std::this_thread::sleep_for(200ms);
    anna.ws->send({{"type", "rtc.signal"}, {"rid", "off"}, {"chatId", chat}, {"callId", "k1"}, {"data", sdp}});
    CHECK(error_for(*anna.ws, "off")["code"] == "unavailable");
    // A location from the customer becomes the chat's lastLocation.
    auto again = WsClient::connect(server.port());
    again->send({{"type", "customer.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", customer.token}});
    REQUIRE(again->read_until([](const Json& f) { return f.value("rid", "") == "r"; }));
    again->send({{"type", "chat.send"},
                 {"rid", "loc"},
                 {"chatId", chat},
                 {"clientId", "l1"},
                 {"kind", "location"},
                 {"body", {{"lat", 52.52}, {"lon", 13.405}, {"accuracy", 12.5}}}});
    CHECK(error_for(*again, "loc")["type"] == "ack");
    auto relogin = login_agent(server.port(), "anna", false);
    REQUIRE(relogin.ws);
    CHECK(relogin.welcome["chats"][0]["lastLocation"]["lat"] == 52.52);
}

TEST_CASE("chat.sync answers in pages of maxSyncEvents / maxSyncBytes; asking again from lastSeq gets the rest") {
    // 3 events per page; a byte budget that one long text fills by itself.
    Server server({"--set", "maxSyncEvents=3", "--set", "maxSyncBytes=2000"});
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    const std::string chat = customer.chat_id;
    for (int i = 1; i <= 7; ++i) {
        // Message 5 alone is over the byte budget: its page ends with it.
        const std::string text = i == 5 ? std::string(2500, 'x') : "message " + std::to_string(i);
        auto ack = send_text(*customer.ws, chat, "p-" + std::to_string(i), text, "s" + std::to_string(i));
        REQUIRE(ack);
        REQUIRE((*ack)["seq"] == i);
    }
    REQUIRE(event_with_seq(*customer.ws, chat, 7));  // the live pushes of the sends are read first
    auto page = [&](std::int64_t after, const std::string& rid) {
        customer.ws->send({{"type", "chat.sync"}, {"rid", rid}, {"chatId", chat}, {"after", after}});
        std::vector<std::int64_t> seqs;
        auto synced = customer.ws->read_until([&](const Json& f) {
            if (f.value("type", "") == "event" && f["chatId"] == chat && f["event"]["seq"].get<std::int64_t>() > after)
                seqs.push_back(f["event"]["seq"]);
            return f.value("rid", "") == rid;
        });
        REQUIRE(synced);
        CHECK((*synced)["type"] == "chat.synced");
        return std::make_pair(seqs, (*synced)["lastSeq"].get<std::int64_t>());
    };
    auto [first, first_last] = page(0, "p1");
    CHECK(first == std::vector<std::int64_t>{1, 2, 3});  // the count edge: exactly maxSyncEvents
    CHECK(first_last == 7);                              // the chat is live: its real last seq
    auto [second, second_last] = page(3, "p2");
    CHECK(second == std::vector<std::int64_t>{4, 5});  // the byte edge: the page ends after the long text
    auto [third, third_last] = page(5, "p3");
    CHECK(third == std::vector<std::int64_t>{6, 7});
    CHECK(third_last == 7);
    auto [none, none_last] = page(7, "p4");
    CHECK(none.empty());
    CHECK(none_last == 7);
}
