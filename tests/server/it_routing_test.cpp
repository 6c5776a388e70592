// Integration: routing over the wire — decline goes to the next agent, an expired offer goes to the next agent
// and sets the missed agent not_ready, transfers (accept and decline), the offer's preview of the customer's
// texts (re-sent while it rings, rebuilt after a restart).
#include <thread>

#include "it_helpers.hpp"

using namespace testing;

TEST_CASE("decline: the chat goes to the next agent; expiry: to the next, and the missed agent is not_ready") {
    Server server({"--set", "offerTimeoutMs=700"});
    REQUIRE(server.port() != 0);
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    auto ben = login_agent(server.port(), "ben");
    REQUIRE(ben.ws);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);

    // Whoever gets it first declines; the other one must get it next.
    auto first = anna.ws->read_type("offer", 1500ms);
    AgentClient* declining = &anna;
    AgentClient* next = &ben;
    if (!first) {
        first = ben.ws->read_type("offer", 1500ms);
        std::swap(declining, next);
    }
    REQUIRE(first);
    declining->ws->send({{"type", "offer.decline"}, {"rid", "d"}, {"offerId", (*first)["offerId"]}});
    CHECK(error_for(*declining->ws, "d")["type"] == "ok");
    auto second = next->ws->read_type("offer", 3000ms);
    REQUIRE(second);
    CHECK((*second)["chat"]["chatId"] == customer.chat_id);
    // The second agent lets it ring out: revoked as expired, presence not_ready "Missed offer".
    auto revoked = next->ws->read_type("offer.revoked", 3000ms);
    REQUIRE(revoked);
    CHECK((*revoked)["offerId"] == (*second)["offerId"]);
    CHECK((*revoked)["reason"] == "expired");
    auto presence = next->ws->read_type("presence", 3000ms);
    REQUIRE(presence);
    CHECK((*presence)["state"] == "not_ready");
    CHECK((*presence)["reason"] == "Missed offer");
    // Everyone else passed: the decliner gets it again, and an old offer id is now a conflict.
    auto again = declining->ws->read_type("offer", 3000ms);
    REQUIRE(again);
    CHECK((*again)["chat"]["chatId"] == customer.chat_id);
    next->ws->send({{"type", "offer.accept"}, {"rid", "late"}, {"offerId", (*second)["offerId"]}});
    const auto late = error_for(*next->ws, "late");
    CHECK(late["code"] == "conflict");
    declining->ws->send({{"type", "offer.accept"}, {"rid", "acc"}, {"offerId", (*again)["offerId"]}});
    CHECK(error_for(*declining->ws, "acc")["type"] == "chat.assigned");
}

TEST_CASE("transfer: decline keeps the chat at the source, accept moves it with left/transfer/joined events") {
    Server server({"--set", "offerTimeoutMs=5000"});
    REQUIRE(server.port() != 0);
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    REQUIRE(accept_next_offer(anna, customer.chat_id));
    auto ben = login_agent(server.port(), "ben", false);  // not ready: transfers do not need it
    REQUIRE(ben.ws);
    const std::string chat = customer.chat_id;

    anna.ws->send({{"type", "chat.transfer"}, {"rid", "t0"}, {"chatId", chat}, {"toAgentId", anna.id}});
    CHECK(error_for(*anna.ws, "t0")["code"] == "invalid_field");
    anna.ws->send({{"type", "chat.transfer"}, {"rid", "t1"}, {"chatId", chat}, {"toAgentId", ben.id}});
    CHECK(error_for(*anna.ws, "t1")["type"] == "ok");
    auto offer = ben.ws->read_type("offer");
    REQUIRE(offer);
    CHECK((*offer)["transferFrom"]["id"] == anna.id);
    CHECK((*offer)["transferFrom"]["displayName"] == "Anna Berger");
    ben.ws->send({{"type", "offer.decline"}, {"rid", "d"}, {"offerId", (*offer)["offerId"]}});
    CHECK(error_for(*ben.ws, "d")["type"] == "ok");
    auto failed = anna.ws->read_type("transfer.failed");
    REQUIRE(failed);
    CHECK((*failed)["reason"] == "declined");
    CHECK(send_text(*anna.ws, chat, "still", "Ich bin noch da", "s")->at("type") == "ack");

    anna.ws->send({{"type", "chat.transfer"}, {"rid", "t2"}, {"chatId", chat}, {"toAgentId", ben.id}});
    CHECK(error_for(*anna.ws, "t2")["type"] == "ok");
    offer = ben.ws->read_type("offer");
    REQUIRE(offer);
    ben.ws->send({{"type", "offer.accept"}, {"rid", "a"}, {"offerId", (*offer)["offerId"]}});
    auto assigned = ben.ws->read_until([](const Json& f) { return f.value("rid", "") == "a"; });
    REQUIRE(assigned);
    CHECK((*assigned)["chat"]["agent"]["id"] == ben.id);
    auto removed = anna.ws->read_type("chat.removed");
    REQUIRE(removed);
    CHECK((*removed)["reason"] == "transferred");
    std::vector<std::string> kinds;
    customer.ws->read_until([&](const Json& f) {
        if (f.value("type", "") == "event") kinds.push_back(f["event"]["kind"]);
        return kinds.size() >= 3 && kinds.back() == "joined";
    });
    REQUIRE(kinds.size() >= 3);
    CHECK(kinds[kinds.size() - 3] == "left");
    CHECK(kinds[kinds.size() - 2] == "transfer");
    CHECK(kinds[kinds.size() - 1] == "joined");
    // Now the chat is Ben's: Anna is refused.
    CHECK(send_text(*anna.ws, chat, "gone", "Hallo?", "g")->at("code") == "forbidden");
    CHECK(send_text(*ben.ws, chat, "b1", "Hier ist Ben", "b")->at("type") == "ack");
}

TEST_CASE("queued chats: positions move up as chats are taken; a customer leaving the queue ends its chat") {
    Server server;
    REQUIRE(server.port() != 0);
    auto c1 = start_customer(server.port(), "Eins");
    auto c2 = start_customer(server.port(), "Zwei");
    REQUIRE(c1.ws);
    REQUIRE(c2.ws);
    CHECK((*c2.ws->read_type("queue"))["position"] == 2);
    c1.ws->send({{"type", "chat.end"}, {"rid", "bye"}, {"chatId", c1.chat_id}});
    CHECK(error_for(*c1.ws, "bye")["type"] == "ok");
    auto moved = c2.ws->read_type("queue");
    REQUIRE(moved);
    CHECK((*moved)["position"] == 1);
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    auto offer = anna.ws->read_type("offer");
    REQUIRE(offer);
    CHECK((*offer)["chat"]["chatId"] == c2.chat_id);  // the ended chat is never offered
}

TEST_CASE("abandoned: a queued chat whose customer stays away for abandonTimeoutMs ends by itself") {
    Server server({"--set", "abandonTimeoutMs=300"});
    REQUIRE(server.port() != 0);
    auto leaves = start_customer(server.port(), "Geht");
    auto stays = start_customer(server.port(), "Bleibt");
    REQUIRE(stays.ws);
    REQUIRE(leaves.ws);
    REQUIRE(stays.ws->read_until([](const Json& f) { return f.value("type", "") == "queue" && f["position"] == 2; }));
    leaves.ws->drop();
    // The one who stays moves up to position 1 once the other chat is ended (within the timeout + scan period).
    auto moved = stays.ws->read_until(
        [](const Json& f) { return f.value("type", "") == "queue" && f["position"] == 1; }, 5000ms);
    REQUIRE(moved);
    auto health = http_request(server.port(), "GET", "/health").json();
    CHECK(health["chats"]["queued"] == 1);
    // The queue moves when the chat ends; it turns closed (no wrap-up to wait for) once the `ended` event has
    // committed, a moment later on a busy machine: resume until then, bounded.
    std::unique_ptr<WsClient> back;
    std::optional<Json> welcome;
    for (int attempt = 0; attempt < 30; ++attempt) {
        back = WsClient::connect(server.port());
        REQUIRE(back);
        back->send({{"type", "customer.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", leaves.token}});
        welcome = back->read_until([](const Json& f) { return f.value("rid", "") == "r"; });
        REQUIRE(welcome);
        if ((*welcome)["chat"]["status"] == "closed") break;
        CHECK((*welcome)["chat"]["status"] == "ended");
        std::this_thread::sleep_for(100ms);
    }
    CHECK((*welcome)["chat"]["status"] == "closed");
    back->send({{"type", "chat.sync"}, {"rid", "s"}, {"chatId", leaves.chat_id}, {"after", 0}});
    auto ended =
        back->read_until([](const Json& f) { return f.value("type", "") == "event" && f["event"]["kind"] == "ended"; });
    REQUIRE(ended);
    CHECK((*ended)["event"]["body"]["by"] == "system");
    CHECK((*ended)["event"]["body"]["reason"] == "abandoned");
}

TEST_CASE("offer preview: texts written while the offer rings re-send it (same offerId, latest first, bounded)") {
    // A long ring, so that the texts surely arrive before the expiry; two preview texts to meet the limit's edge.
    Server server({"--set", "offerTimeoutMs=20000", "--set", "offerPreviewTexts=2"});
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    auto offer = anna.ws->read_type("offer");
    REQUIRE(offer);
    const std::string offer_id = (*offer)["offerId"];
    CHECK((*offer)["customerTexts"] == Json::array());  // nothing written yet
    CHECK((*offer)["firstMessage"] == "");
    const std::int64_t first_expires = (*offer)["expiresInMs"];

    auto next_offer = [&] { return anna.ws->read_type("offer", 3000ms); };
    REQUIRE(send_text(*customer.ws, customer.chat_id, "m1", "Ich hatte einen Unfall", "s1")->at("type") == "ack");
    auto updated = next_offer();
    REQUIRE(updated);
    CHECK((*updated)["offerId"] == offer_id);
    CHECK((*updated)["customerTexts"] == Json::array({"Ich hatte einen Unfall"}));
    CHECK((*updated)["firstMessage"] == "Ich hatte einen Unfall");

    REQUIRE(send_text(*customer.ws, customer.chat_id, "m2", "Auf der A100", "s2")->at("type") == "ack");
    updated = next_offer();
    REQUIRE(updated);
    CHECK((*updated)["offerId"] == offer_id);
    CHECK((*updated)["customerTexts"] == Json::array({"Auf der A100", "Ich hatte einen Unfall"}));
    // The expiry does not move: the time left only shrinks.
    const std::int64_t later_expires = (*updated)["expiresInMs"];
    CHECK(later_expires <= first_expires);
    CHECK(later_expires > 0);

    // A third text: only the latest offerPreviewTexts (2) remain; firstMessage stays the first.
    REQUIRE(send_text(*customer.ws, customer.chat_id, "m3", "Niemand ist verletzt", "s3")->at("type") == "ack");
    updated = next_offer();
    REQUIRE(updated);
    CHECK((*updated)["offerId"] == offer_id);
    CHECK((*updated)["customerTexts"] == Json::array({"Niemand ist verletzt", "Auf der A100"}));
    CHECK((*updated)["firstMessage"] == "Ich hatte einen Unfall");

    // A second socket of the session (agent.resume) gets the open offer with the texts in its welcome.
    auto second = WsClient::connect(server.port());
    REQUIRE(second);
    second->send({{"type", "agent.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", anna.token}});
    auto welcome = second->read_until([](const Json& f) { return f.value("rid", "") == "r"; });
    REQUIRE(welcome);
    REQUIRE((*welcome)["offers"].size() == 1);
    CHECK((*welcome)["offers"][0]["offerId"] == offer_id);
    CHECK((*welcome)["offers"][0]["customerTexts"] == Json::array({"Niemand ist verletzt", "Auf der A100"}));

    // Once accepted, a text is an ordinary event: no offer any more.
    anna.ws->send({{"type", "offer.accept"}, {"rid", "acc"}, {"offerId", offer_id}});
    REQUIRE(anna.ws->read_until([](const Json& f) { return f.value("rid", "") == "acc"; }));
    REQUIRE(send_text(*customer.ws, customer.chat_id, "m4", "Hallo?", "s4")->at("type") == "ack");
    auto after = anna.ws->read_until([](const Json& f) {
        const std::string type = f.value("type", "");
        return type == "offer" || (type == "event" && f["event"]["kind"] == "text");
    });
    REQUIRE(after);
    CHECK((*after)["type"] == "event");
}

TEST_CASE("offer preview: texts written before the offer, and after a restart, are in the first offer") {
    TempDir dir;
    std::string chat_id;
    auto check_offer = [&](AgentClient& agent) {
        auto offer = agent.ws->read_type("offer");
        REQUIRE(offer);
        CHECK((*offer)["chat"]["chatId"] == chat_id);
        CHECK((*offer)["firstMessage"] == "Text 1");
        CHECK((*offer)["customerTexts"] == Json::array({"Text 4", "Text 3", "Text 2"}));
    };
    {
        ServerProcess server(dir.path(), {"--demo", "--set", "offerPreviewTexts=3"});
        REQUIRE(server.port() != 0);
        auto customer = start_customer(server.port());
        REQUIRE(customer.ws);
        chat_id = customer.chat_id;
        for (int i = 1; i <= 4; ++i) {
            const std::string n = std::to_string(i);
            REQUIRE(send_text(*customer.ws, chat_id, "m" + n, "Text " + n, "s" + n)->at("type") == "ack");
        }
        auto anna = login_agent(server.port(), "anna");
        REQUIRE(anna.ws);
        check_offer(anna);
        CHECK(server.terminate() == 0);
    }
    // Rebuilt from the stored events: the chat is queued again and its offer shows the same texts.
    ServerProcess server(dir.path(), {"--set", "offerPreviewTexts=3"});
    REQUIRE(server.port() != 0);
    auto ben = login_agent(server.port(), "ben");
    REQUIRE(ben.ws);
    check_offer(ben);
}
