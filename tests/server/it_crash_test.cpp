// Integration: kill -9 while clients send; after a restart on the same data dir every acked event is there
// exactly once, seqs have no gaps, clientIds still deduplicate, and routing resumes.
#include <map>
#include <set>
#include <thread>

#include "it_helpers.hpp"

using namespace testing;

TEST_CASE("crash: every acked event survives kill -9 exactly once, seqs gapless, routing resumes") {
    TempDir dir;
    std::map<std::string, std::map<std::string, std::int64_t>> acked;  // chat → clientId → seq
    std::vector<CustomerClient> customers;
    std::string anna_chat;
    {
        ServerProcess server(dir.path(), {"--demo"});
        REQUIRE(server.port() != 0);
        auto anna = login_agent(server.port(), "anna");
        REQUIRE(anna.ws);
        for (int c = 0; c < 3; ++c) {
            customers.push_back(start_customer(server.port(), "Kunde " + std::to_string(c)));
            REQUIRE(customers.back().ws);
        }
        REQUIRE(accept_next_offer(anna, customers[0].chat_id));
        anna_chat = customers[0].chat_id;
        auto collect_acks = [&](std::chrono::milliseconds wait) {
            for (auto& customer : customers) {
                while (auto frame = customer.ws->read(wait)) {
                    if (frame->value("type", "") == "ack")
                        acked[customer.chat_id][(*frame)["clientId"]] = (*frame)["seq"];
                }
            }
        };
        // Pipelined sends (no waiting for acks) from every customer; the kill arrives mid-stream, while writes
        // are in flight.
        for (int round = 0; round < 36; ++round) {
            for (auto& customer : customers) {
                const std::string id = "m-" + std::to_string(round);
                customer.ws->send({{"type", "chat.send"},
                                   {"rid", id},
                                   {"chatId", customer.chat_id},
                                   {"clientId", id},
                                   {"kind", "text"},
                                   {"body", {{"text", "Nachricht " + std::to_string(round)}}}});
            }
            if (round == 12) collect_acks(300ms);
            if (round == 30) {
                std::this_thread::sleep_for(2ms);
                server.kill9();
            }
        }
        collect_acks(300ms);
    }
    std::size_t total_acked = 0;
    for (const auto& [chat, ids] : acked) total_acked += ids.size();
    MESSAGE("acked before the kill: " << total_acked);
    CHECK(total_acked > 0);

    ServerProcess server(dir.path());
    REQUIRE(server.port() != 0);
    for (auto& customer : customers) {
        auto ws = WsClient::connect(server.port());
        REQUIRE(ws);
        ws->send({{"type", "customer.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", customer.token}});
        auto welcome = ws->read_until([](const Json& f) { return f.value("rid", "") == "r"; });
        REQUIRE(welcome);
        ws->send({{"type", "chat.sync"}, {"rid", "s"}, {"chatId", customer.chat_id}, {"after", 0}});
        std::vector<Json> events;
        auto synced = ws->read_until([&](const Json& f) {
            if (f.value("type", "") == "event") events.push_back(f["event"]);
            return f.value("rid", "") == "s";
        });
        REQUIRE(synced);
        std::map<std::string, int> seen;
        for (std::size_t i = 0; i < events.size(); ++i) {
            CHECK(events[i]["seq"] == std::int64_t(i) + 1);  // gapless from 1
            if (events[i].contains("clientId")) ++seen[events[i]["clientId"]];
        }
        CHECK((*synced)["lastSeq"] == std::int64_t(events.size()));
        for (const auto& [client_id, seq] : acked[customer.chat_id]) {
            CHECK_MESSAGE(seen[client_id] == 1, client_id);
            CHECK(events.at(std::size_t(seq) - 1)["clientId"] == client_id);
        }
        for (const auto& [client_id, count] : seen) CHECK(count == 1);
        // Resending everything: acked ones keep their seq, the rest are appended once.
        for (int round = 0; round < 36; ++round) {
            const std::string id = "m-" + std::to_string(round);
            auto ack = send_text(*ws, customer.chat_id, id, "Nachricht " + std::to_string(round), "re-" + id);
            REQUIRE(ack);
            REQUIRE((*ack)["type"] == "ack");
            if (acked[customer.chat_id].count(id)) CHECK((*ack)["seq"] == acked[customer.chat_id][id]);
        }
        CHECK_FALSE(ws->read_until([](const Json& f) { return f.value("type", "") == "error"; }, 300ms));
        ws->send({{"type", "chat.sync"}, {"rid", "s2"}, {"chatId", customer.chat_id}, {"after", 0}});
        std::set<std::string> unique;
        std::int64_t count = 0;
        bool syncing = false;
        ws->read_until([&](const Json& f) {
            syncing = syncing || f.value("type", "") == "event" && f["event"]["seq"] == 1;
            if (syncing && f.value("type", "") == "event" && f["event"].contains("clientId")) {
                unique.insert(f["event"]["clientId"]);
                ++count;
            }
            return f.value("rid", "") == "s2";
        });
        CHECK(unique.size() == 36);
        CHECK(count == 36);
    }
    // Routing resumed: Anna's chat is still hers; the queued ones are offered when an agent is ready.
    auto anna = login_agent(server.port(), "anna", false);
    REQUIRE(anna.ws);
    REQUIRE(anna.welcome["chats"].size() == 1);
    CHECK(anna.welcome["chats"][0]["chatId"] == anna_chat);
    CHECK(anna.welcome["chats"][0]["status"] == "active");
    auto ben = login_agent(server.port(), "ben");
    REQUIRE(ben.ws);
    auto offer = ben.ws->read_type("offer");
    REQUIRE(offer);
    CHECK((*offer)["chat"]["chatId"] != anna_chat);
}
