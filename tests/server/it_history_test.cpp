// Integration: verified customers and their earlier chats (docs/protocol.md "Verified customers") against the real
// server — the signed identity (computed here with OpenSSL, independently of the server's libsodium), the
// `verified` mark on every summary, customer.history, read-only sync and file downloads of an earlier chat, and
// every refusal: unverified claims, agents who do not serve the customer, customers, unknown chats.
#include <openssl/hmac.h>

#include <cstdio>

#include "it_helpers.hpp"
#include "sample_files.hpp"

using namespace testing;

namespace {

const std::string kSecret = "it-history-secret-0123456789abcdef";

std::string hmac_hex(const std::string& secret, const std::string& message) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), int(secret.size()), reinterpret_cast<const unsigned char*>(message.data()),
         message.size(), mac, &length);
    std::string hex;
    char digits[3];
    for (unsigned int i = 0; i < length; ++i) {
        std::snprintf(digits, sizeof digits, "%02x", mac[i]);
        hex += digits;
    }
    return hex;
}

Json identity(const std::string& user_id, const std::string& secret = kSecret) {
    return {{"identity", {{"userId", user_id}, {"userHash", hmac_hex(secret, user_id)}}}};
}

std::vector<std::string> with_secret() { return {"--set", "customerIdentitySecret=" + kSecret}; }

void set_presence(AgentClient& agent, const std::string& state) {
    agent.ws->send({{"type", "agent.presence"}, {"rid", "p-" + state}, {"state", state}, {"reason", "Break"}});
    REQUIRE(agent.ws->read_until([&](const Json& f) { return f.value("rid", "") == "p-" + state; }));
}

Json history_of(AgentClient& agent, const std::string& chat_id, const std::string& rid) {
    agent.ws->send({{"type", "customer.history"}, {"rid", rid}, {"chatId", chat_id}});
    return error_for(*agent.ws, rid);
}

// chat.sync from 0; the event frames and the closing chat.synced (or the error).
struct Synced {
    std::vector<Json> events;
    Json answer;
};
Synced sync_all(WsClient& ws, const std::string& chat_id, const std::string& rid) {
    ws.send({{"type", "chat.sync"}, {"rid", rid}, {"chatId", chat_id}, {"after", 0}});
    Synced out;
    while (auto frame = ws.read()) {
        if (frame->value("type", "") == "event" && (*frame)["chatId"] == chat_id) out.events.push_back(*frame);
        if (frame->value("rid", "") == rid) {
            out.answer = *frame;
            break;
        }
    }
    return out;
}

HttpResponse upload(std::uint16_t port, const std::string& chat, const std::string& token, const std::string& bytes) {
    return http_request(port, "POST", "/api/chats/" + chat + "/files?name=unfall.png&clientId=u-1", bytes,
                        {{"Authorization", "Bearer " + token}, {"Content-Type", "application/octet-stream"}});
}

void end_and_wrap_up(AgentClient& agent, const std::string& chat_id, const std::string& disposition,
                     const std::string& notes) {
    agent.ws->send({{"type", "chat.end"}, {"rid", "end-" + chat_id}, {"chatId", chat_id}, {"reason", "resolved"}});
    REQUIRE(error_for(*agent.ws, "end-" + chat_id).value("type", "") == "ok");
    agent.ws->send({{"type", "chat.wrapup"},
                    {"rid", "wrap-" + chat_id},
                    {"chatId", chat_id},
                    {"disposition", disposition},
                    {"notes", notes}});
    REQUIRE(error_for(*agent.ws, "wrap-" + chat_id).value("type", "") == "ok");
}

}  // namespace

TEST_CASE("verified customers: a signed identity marks the customer; any other claim is ignored, never refused") {
    Server server(with_secret());
    REQUIRE(server.port() != 0);
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);

    auto verified = start_customer(server.port(), "Max", identity("u-4711"));
    REQUIRE(verified.ws);
    CHECK(verified.welcome["chat"]["customer"]["verified"] == true);
    CHECK(verified.welcome["chat"]["customer"]["userId"] == "u-4711");
    auto assigned = accept_next_offer(anna, verified.chat_id);
    REQUIRE(assigned);
    CHECK((*assigned)["chat"]["customer"]["verified"] == true);
    CHECK((*assigned)["chat"]["customer"]["userId"] == "u-4711");

    // A hash signed with another secret, and one for another user id: the chat starts, unverified.
    auto forged = start_customer(server.port(), "Mallory", identity("u-4711", "another-secret-0123456789"));
    REQUIRE(forged.ws);
    CHECK(forged.welcome["chat"]["customer"]["verified"] == false);
    CHECK(forged.welcome["chat"]["customer"]["userId"].is_null());
    Json swapped = identity("u-1");
    swapped["identity"]["userId"] = "u-4711";
    auto replayed = start_customer(server.port(), "Eve", swapped);
    REQUIRE(replayed.ws);
    CHECK(replayed.welcome["chat"]["customer"]["verified"] == false);
    // The same hash in upper case is the same signature.
    Json upper = identity("u-9");
    std::string hash = upper["identity"]["userHash"];
    for (char& c : hash) c = char(std::toupper(static_cast<unsigned char>(c)));
    upper["identity"]["userHash"] = hash;
    auto shouting = start_customer(server.port(), "Max", upper);
    REQUIRE(shouting.ws);
    CHECK(shouting.welcome["chat"]["customer"]["verified"] == true);
    // No identity at all.
    auto plain = start_customer(server.port(), "Anonymous");
    REQUIRE(plain.ws);
    CHECK(plain.welcome["chat"]["customer"]["verified"] == false);
    CHECK(plain.welcome["chat"]["customer"]["userId"].is_null());

    // A malformed identity is a client bug: refused with the field.
    auto bad = WsClient::connect(server.port());
    REQUIRE(bad);
    bad->send({{"type", "customer.start"},
               {"rid", "s"},
               {"protocol", 1},
               {"name", "M"},
               {"identity", {{"userId", "u-1"}, {"userHash", "xyz"}}}});
    const Json refusal = error_for(*bad, "s");
    CHECK(refusal["code"] == "invalid_field");
    CHECK(refusal["field"] == "identity.userHash");

    // The mark survives a restart (the summary is restored from storage).
    const auto data = server.dir.path();
    CHECK(server.process.terminate() == 0);
    ServerProcess again(data, Server::with_demo(with_secret()));
    REQUIRE(again.port() != 0);
    auto anna2 = login_agent(again.port(), "anna");
    REQUIRE(anna2.ws);
    bool found = false;
    for (const auto& chat : anna2.welcome["chats"]) {
        if (chat["chatId"] != verified.chat_id) continue;
        found = true;
        CHECK(chat["customer"]["verified"] == true);
        CHECK(chat["customer"]["userId"] == "u-4711");
    }
    CHECK(found);
}

TEST_CASE("verified customers: without customerIdentitySecret nobody is verified") {
    TempDir dir;
    ServerProcess server(dir.path());  // not --demo, which brings a secret of its own
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port(), "Max", identity("u-4711"));
    REQUIRE(customer.ws);
    CHECK(customer.welcome["chat"]["customer"]["verified"] == false);
    CHECK(customer.welcome["chat"]["customer"]["userId"].is_null());
}

TEST_CASE("earlier chats: listed for the agent serving the verified customer, readable read-only, refused to others") {
    Server server(with_secret());
    REQUIRE(server.port() != 0);
    const auto port = server.port();
    auto anna = login_agent(port, "anna");
    REQUIRE(anna.ws);

    // The first chat: texts, a photo, a location; Anna ends it and files the wrap-up.
    auto first = start_customer(port, "Max Mustermann", identity("u-4711"));
    REQUIRE(first.ws);
    REQUIRE(accept_next_offer(anna, first.chat_id));
    REQUIRE(send_text(*first.ws, first.chat_id, "m-1", "Ich hatte einen Unfall auf der A100", "t1"));
    REQUIRE(send_text(*anna.ws, first.chat_id, "a-1", "Sind Sie verletzt?", "t2"));
    const std::string long_text(300, 'x');
    REQUIRE(send_text(*first.ws, first.chat_id, "m-2", long_text, "t3"));
    REQUIRE(send_text(*first.ws, first.chat_id, "m-3", "Vierte Zeile", "t4"));
    const auto photo = upload(port, first.chat_id, first.token, png_bytes(640, 480));
    REQUIRE(photo.status == 201);
    const std::string file_id = photo.json()["file"]["fileId"];
    first.ws->send({{"type", "chat.send"},
                    {"rid", "loc"},
                    {"chatId", first.chat_id},
                    {"clientId", "m-loc"},
                    {"kind", "location"},
                    {"body", {{"lat", 52.52}, {"lon", 13.405}, {"accuracy", 12.5}}}});
    REQUIRE(error_for(*first.ws, "loc").value("type", "") == "ack");
    end_and_wrap_up(anna, first.chat_id, "Claim opened", "Tow truck ordered");

    // The customer comes back; Ben takes the new chat (Anna is on a break).
    set_presence(anna, "not_ready");
    auto ben = login_agent(port, "ben");
    REQUIRE(ben.ws);
    auto second = start_customer(port, "Max Mustermann", identity("u-4711"));
    REQUIRE(second.ws);
    REQUIRE(accept_next_offer(ben, second.chat_id));

    const Json history = history_of(ben, second.chat_id, "h1");
    REQUIRE(history.value("type", "") == "history");
    CHECK(history["chatId"] == second.chat_id);
    CHECK(history["verified"] == true);
    REQUIRE(history["chats"].size() == 1);
    const Json& past = history["chats"][0];
    CHECK(past["chatId"] == first.chat_id);
    CHECK(past["status"] == "closed");
    CHECK(past["createdAt"].is_number_integer());
    CHECK(past["endedAt"].is_number_integer());
    CHECK(past["agent"]["displayName"] == "Anna Berger");
    CHECK(past["disposition"] == "Claim opened");
    CHECK(past["notes"] == "Tow truck ordered");
    // The first historyPreviewLines (3) texts of either party, each cut to 200 code points and marked.
    REQUIRE(past["firstLines"].size() == 3);
    CHECK(past["firstLines"][0] == "Ich hatte einen Unfall auf der A100");
    CHECK(past["firstLines"][1] == "Sind Sie verletzt?");
    CHECK(past["firstLines"][2] == std::string(200, 'x') + "…");
    CHECK(past["lastSeq"].get<std::int64_t>() >= 7);

    // Ben reads the earlier chat: every event, the photo and the location included; its file downloads.
    const Synced read = sync_all(*ben.ws, first.chat_id, "s1");
    CHECK(read.answer.value("type", "") == "chat.synced");
    CHECK(std::int64_t(read.events.size()) == past["lastSeq"].get<std::int64_t>());
    bool saw_photo = false, saw_location = false;
    for (const auto& e : read.events) {
        saw_photo |= e["event"]["kind"] == "file" && e["event"]["body"]["fileId"] == file_id;
        saw_location |= e["event"]["kind"] == "location";
    }
    CHECK(saw_photo);
    CHECK(saw_location);
    CHECK(http_request(port, "GET", "/api/files/" + file_id + "?token=" + ben.token).status == 200);
    // Its own agent still downloads it after it closed (a row read from storage, not a live chat).
    CHECK(http_request(port, "GET", "/api/files/" + file_id + "?token=" + anna.token).status == 200);
    // Read-only: writing into it is refused.
    const auto write = send_text(*ben.ws, first.chat_id, "b-1", "Hallo", "w1");
    REQUIRE(write);
    CHECK((*write)["code"] == "forbidden");

    // Clara serves nobody of this customer: no history of Ben's chat, no sync, no file.
    auto clara = login_agent(port, "clara");
    REQUIRE(clara.ws);
    CHECK(history_of(clara, second.chat_id, "h2")["code"] == "forbidden");
    CHECK(sync_all(*clara.ws, first.chat_id, "s2").answer["code"] == "forbidden");
    CHECK(http_request(port, "GET", "/api/files/" + file_id + "?token=" + clara.token).status == 403);
    CHECK(history_of(clara, "c999", "h3")["code"] == "not_found");

    // Clara serving an unverified claim of the same id gets no history and no access.
    set_presence(ben, "not_ready");
    Json forged = identity("u-4711", "another-secret-0123456789");
    auto impostor = start_customer(port, "Max Mustermann", forged);
    REQUIRE(impostor.ws);
    REQUIRE(accept_next_offer(clara, impostor.chat_id));
    const Json none = history_of(clara, impostor.chat_id, "h4");
    CHECK(none.value("type", "") == "history");
    CHECK(none["verified"] == false);
    CHECK(none["chats"].empty());
    CHECK(sync_all(*clara.ws, first.chat_id, "s3").answer["code"] == "forbidden");
    CHECK(http_request(port, "GET", "/api/files/" + file_id + "?token=" + clara.token).status == 403);

    // Customers never ask for history, and their token reads only their own chat.
    second.ws->send({{"type", "customer.history"}, {"rid", "c1"}, {"chatId", second.chat_id}});
    CHECK(error_for(*second.ws, "c1")["code"] == "unknown_type");
    CHECK(sync_all(*second.ws, first.chat_id, "c2").answer["code"] == "forbidden");
    CHECK(http_request(port, "GET", "/api/files/" + file_id + "?token=" + second.token).status == 403);

    // Once Ben's chat is closed, he no longer serves the customer: the earlier chat is closed to him again.
    end_and_wrap_up(ben, second.chat_id, "Resolved", "");
    CHECK(sync_all(*ben.ws, first.chat_id, "s4").answer["code"] == "forbidden");
    CHECK(http_request(port, "GET", "/api/files/" + file_id + "?token=" + ben.token).status == 403);

    // A third chat lists both earlier ones, newest first.
    set_presence(anna, "ready");
    auto third = start_customer(port, "Max Mustermann", identity("u-4711"));
    REQUIRE(third.ws);
    REQUIRE(accept_next_offer(anna, third.chat_id));
    const Json both = history_of(anna, third.chat_id, "h5");
    REQUIRE(both["chats"].size() == 2);
    CHECK(both["chats"][0]["chatId"] == second.chat_id);
    CHECK(both["chats"][0]["agent"]["displayName"] == "Ben Koch");
    CHECK(both["chats"][0]["disposition"] == "Resolved");
    CHECK(both["chats"][1]["chatId"] == first.chat_id);
}

TEST_CASE("earlier chats: maxHistoryChats caps the list at its edge") {
    auto args = with_secret();
    args.insert(args.end(), {"--set", "maxHistoryChats=2", "--set", "historyPreviewLines=1"});
    Server server(args);
    REQUIRE(server.port() != 0);
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        auto customer = start_customer(server.port(), "Max", identity("u-cap"));
        REQUIRE(customer.ws);
        REQUIRE(accept_next_offer(anna, customer.chat_id));
        REQUIRE(send_text(*customer.ws, customer.chat_id, "m-a", "erste " + std::to_string(i), "a"));
        REQUIRE(send_text(*customer.ws, customer.chat_id, "m-b", "zweite", "b"));
        end_and_wrap_up(anna, customer.chat_id, "Resolved", "");
        ids.push_back(customer.chat_id);
    }
    auto latest = start_customer(server.port(), "Max", identity("u-cap"));
    REQUIRE(latest.ws);
    REQUIRE(accept_next_offer(anna, latest.chat_id));
    const Json history = history_of(anna, latest.chat_id, "h");
    REQUIRE(history["chats"].size() == 2);
    CHECK(history["chats"][0]["chatId"] == ids[2]);
    CHECK(history["chats"][1]["chatId"] == ids[1]);
    REQUIRE(history["chats"][0]["firstLines"].size() == 1);
    CHECK(history["chats"][0]["firstLines"][0] == "erste 2");
}

TEST_CASE("identity-hash: the CLI prints the same HMAC the backend computes") {
    const auto result = run_command({"identity-hash", "--user-id", "u-4711"}, kSecret + "\n");
    CHECK(result.exit_code == 0);
    CHECK(result.out == hmac_hex(kSecret, "u-4711") + "\n");
    CHECK(run_command({"identity-hash", "--user-id", "u-4711"}, "short\n").exit_code == 2);
    CHECK(run_command({"identity-hash"}, kSecret + "\n").exit_code == 2);
}
