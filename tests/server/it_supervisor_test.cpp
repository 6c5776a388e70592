// Integration: supervisors (docs/protocol.md "Supervisors") against the real server — the role, the pushed
// overview, watch, whisper, barge in, take over and flags while a customer and an agent talk; that a customer never
// receives an internal event on any path (push, chat.sync, resume); every refusal; and what survives a restart.
#include <thread>

#include "it_helpers.hpp"

using namespace testing;

namespace {

constexpr const char* kWhisper = "Ask whether anyone is hurt before the tow";

// Overview pushes every 200 ms, so the tests do not wait a second for each change.
std::vector<std::string> fast_overview() { return {"--set", "supervisorOverviewIntervalMs=200"}; }

// Every frame a socket read while waiting for `match` is kept, so a test can check later what a party received.
struct Recorded {
    WsClient& ws;
    std::vector<Json> frames;
    std::optional<Json> until(const std::function<bool(const Json&)>& match,
                              std::chrono::milliseconds timeout = 5000ms) {
        return ws.read_until(
            [&](const Json& f) {
                frames.push_back(f);
                return match(f);
            },
            timeout);
    }
    std::optional<Json> rid(const std::string& rid) {
        return until([&](const Json& f) { return f.value("rid", "") == rid; });
    }
    // Reads whatever else arrives within `quiet`.
    void drain(std::chrono::milliseconds quiet = 400ms) {
        while (auto frame = ws.read(quiet)) frames.push_back(*frame);
    }
};

std::function<bool(const Json&)> type_is(const std::string& type) {
    return [type](const Json& f) { return f.value("type", "") == type; };
}

Json request(WsClient& ws, Json frame) {
    const std::string rid = frame["rid"];
    ws.send(frame);
    return error_for(ws, rid);
}

// The staff-only rule, checked over everything a customer socket received.
void check_nothing_internal(const std::vector<Json>& frames) {
    for (const auto& f : frames) {
        const std::string type = f.value("type", "");
        CHECK_MESSAGE(type != "internal", f.dump());
        CHECK_MESSAGE(type != "internal.page", f.dump());
        CHECK_MESSAGE(type != "chat.watchers", f.dump());
        CHECK_MESSAGE(type != "supervisor.overview", f.dump());
        CHECK_MESSAGE(f.dump().find(kWhisper) == std::string::npos, f.dump());
        CHECK_MESSAGE(f.dump().find("Customer injured") == std::string::npos, f.dump());
    }
}

// The overview push whose live chats include `chat_id` matching `match`.
std::optional<Json> overview_where(Recorded& supervisor, const std::function<bool(const Json&)>& match) {
    return supervisor.until(
        [&](const Json& f) {
            if (f.value("type", "") != "supervisor.overview") return false;
            return match(f);
        },
        5000ms);
}

}  // namespace

TEST_CASE("supervisors: the role is in the welcome, routing never offers them a chat, agents may not supervise") {
    Server server(fast_overview());
    REQUIRE(server.port() != 0);
    auto sam = login_agent(server.port(), "sam");
    REQUIRE(sam.ws);
    CHECK(sam.welcome["agent"]["role"] == "supervisor");
    Recorded sam_frames{*sam.ws, {}};
    // The overview arrives right after the welcome (here: after the presence answer).
    auto first = sam_frames.until(type_is("supervisor.overview"));
    REQUIRE(first);
    CHECK((*first)["queue"].is_array());
    bool sam_listed = false;
    for (const auto& agent : (*first)["agents"]) {
        if (agent["id"] == sam.id) {
            sam_listed = true;
            CHECK(agent["role"] == "supervisor");
            CHECK(agent["online"] == true);
        }
    }
    CHECK(sam_listed);

    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    CHECK(anna.welcome["agent"]["role"] == "agent");
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    REQUIRE(accept_next_offer(anna, customer.chat_id));
    // Sam was ready the whole time and never got an offer.
    sam_frames.drain(600ms);
    for (const auto& f : sam_frames.frames) CHECK(f.value("type", "") != "offer");

    // Not in agents.list, not a transfer target.
    const Json list = request(*anna.ws, {{"type", "agents.list"}, {"rid", "l"}});
    for (const auto& agent : list["agents"]) CHECK(agent["id"] != sam.id);
    const Json transfer = request(
        *anna.ws, {{"type", "chat.transfer"}, {"rid", "t"}, {"chatId", customer.chat_id}, {"toAgentId", sam.id}});
    CHECK(transfer["code"] == "not_found");
    CHECK(transfer["field"] == "toAgentId");

    // An agent may not use the supervisor requests.
    for (const Json& frame : {Json{{"type", "supervisor.watch"}, {"chatId", customer.chat_id}, {"watching", true}},
                              Json{{"type", "supervisor.whisper"}, {"chatId", customer.chat_id}, {"text", "hi"}},
                              Json{{"type", "supervisor.join"}, {"chatId", customer.chat_id}},
                              Json{{"type", "supervisor.takeover"}, {"chatId", customer.chat_id}}}) {
        Json with_rid = frame;
        with_rid["rid"] = "a-" + frame["type"].get<std::string>();
        const Json refusal = request(*anna.ws, with_rid);
        CHECK_MESSAGE(refusal["code"] == "forbidden", with_rid.dump());
    }
    // A customer may not send any staff request at all.
    for (const Json& frame : {Json{{"type", "supervisor.watch"}, {"chatId", customer.chat_id}, {"watching", true}},
                              Json{{"type", "chat.internal"}, {"chatId", customer.chat_id}, {"after", 0}},
                              Json{{"type", "chat.flag"}, {"chatId", customer.chat_id}, {"flagged", true}}}) {
        Json with_rid = frame;
        with_rid["rid"] = "c-" + frame["type"].get<std::string>();
        const Json refusal = request(*customer.ws, with_rid);
        CHECK_MESSAGE(refusal["code"] == "unknown_type", with_rid.dump());
    }
}

TEST_CASE("supervisors: watch, whisper, flag, barge in and take over while the customer and the agent talk") {
    Server server(fast_overview());
    REQUIRE(server.port() != 0);
    auto anna = login_agent(server.port(), "anna");
    auto sam = login_agent(server.port(), "sam");
    REQUIRE(anna.ws);
    REQUIRE(sam.ws);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    REQUIRE(accept_next_offer(anna, customer.chat_id));
    Recorded shopper{*customer.ws, {}};
    Recorded agent{*anna.ws, {}};
    Recorded boss{*sam.ws, {}};
    const std::string chat = customer.chat_id;
    REQUIRE(send_text(*customer.ws, chat, "m1", "I had an accident on the A100", "s1"));

    // The overview lists the chat with Anna and the unanswered text.
    auto listed = overview_where(boss, [&](const Json& f) {
        for (const auto& c : f["chats"])
            if (c["chatId"] == chat && c["awaitingReplySince"].is_number()) return true;
        return false;
    });
    REQUIRE(listed);
    for (const auto& c : (*listed)["chats"]) {
        if (c["chatId"] != chat) continue;
        CHECK(c["agent"]["id"] == anna.id);
        CHECK(c["status"] == "active");
        CHECK(c["customerName"] == "Max Mustermann");
    }

    // Watch: ok; Anna is told; Sam reads the chat and then gets its events live.
    sam.ws->send({{"type", "supervisor.watch"}, {"rid", "w1"}, {"chatId", chat}, {"watching", true}});
    auto watched = boss.rid("w1");
    REQUIRE(watched);
    CHECK((*watched)["type"] == "ok");
    auto watchers = agent.until(type_is("chat.watchers"));
    REQUIRE(watchers);
    CHECK((*watchers)["chatId"] == chat);
    REQUIRE((*watchers)["watchers"].size() == 1);
    CHECK((*watchers)["watchers"][0]["id"] == sam.id);
    CHECK((*watchers)["watchers"][0]["displayName"] == "Sam Supervisor");
    sam.ws->send({{"type", "chat.sync"}, {"rid", "sy"}, {"chatId", chat}, {"after", 0}});
    bool saw_text = false;
    auto synced = boss.until([&](const Json& f) {
        if (f.value("type", "") == "event" && f["event"]["kind"] == "text") saw_text = true;
        return f.value("rid", "") == "sy";
    });
    REQUIRE(synced);
    CHECK((*synced)["type"] == "chat.synced");
    CHECK(saw_text);
    REQUIRE(send_text(*customer.ws, chat, "m2", "The car is on the hard shoulder", "s2"));
    auto live = boss.until([&](const Json& f) {
        return f.value("type", "") == "event" && f["event"]["kind"] == "text" &&
            f["event"]["body"]["text"] == "The car is on the hard shoulder";
    });
    CHECK(live);

    // Whisper: stored, then pushed to Anna and to Sam; the customer gets nothing.
    sam.ws->send({{"type", "supervisor.whisper"}, {"rid", "wh"}, {"chatId", chat}, {"text", kWhisper}});
    auto whispered = boss.rid("wh");
    REQUIRE(whispered);
    CHECK((*whispered)["type"] == "ok");
    auto heard =
        agent.until([](const Json& f) { return f.value("type", "") == "internal" && f["event"]["kind"] == "whisper"; });
    REQUIRE(heard);
    CHECK((*heard)["chatId"] == chat);
    CHECK((*heard)["event"]["text"] == kWhisper);
    CHECK((*heard)["event"]["by"]["id"] == sam.id);
    const std::int64_t whisper_seq = (*heard)["event"]["seq"];
    CHECK(whisper_seq == 2);  // after watch_started

    // Anna flags the chat; the overview puts it first with the flag.
    const Json flagged = request(
        *anna.ws,
        {{"type", "chat.flag"}, {"rid", "f1"}, {"chatId", chat}, {"flagged", true}, {"reason", "Customer injured"}});
    CHECK(flagged["type"] == "ok");
    auto flag_view = overview_where(boss, [&](const Json& f) {
        return !f["chats"].empty() && f["chats"][0]["chatId"] == chat && f["chats"][0]["flag"].is_object();
    });
    REQUIRE(flag_view);
    CHECK((*flag_view)["chats"][0]["flag"]["by"]["id"] == anna.id);
    CHECK((*flag_view)["chats"][0]["flag"]["reason"] == "Customer injured");
    CHECK((*flag_view)["chats"][0]["watchers"][0]["id"] == sam.id);

    // The internal stream, read back by the agent: gapless, oldest first, with the flag.
    const Json page = request(*anna.ws, {{"type", "chat.internal"}, {"rid", "ip"}, {"chatId", chat}, {"after", 0}});
    REQUIRE(page["type"] == "internal.page");
    REQUIRE(page["events"].size() == 3);
    CHECK(page["events"][0]["kind"] == "watch_started");
    CHECK(page["events"][1]["kind"] == "whisper");
    CHECK(page["events"][2]["kind"] == "flagged");
    for (std::size_t i = 0; i < page["events"].size(); ++i) CHECK(page["events"][i]["seq"] == std::int64_t(i + 1));
    CHECK(page["lastSeq"] == 3);
    CHECK(page["flag"]["reason"] == "Customer injured");
    const Json after_two =
        request(*anna.ws, {{"type", "chat.internal"}, {"rid", "ip2"}, {"chatId", chat}, {"after", 2}});
    REQUIRE(after_two["events"].size() == 1);
    CHECK(after_two["events"][0]["kind"] == "flagged");

    // Barge in: the customer sees Sam join and write; Anna sees it too.
    const Json joined = request(*sam.ws, {{"type", "supervisor.join"}, {"rid", "j"}, {"chatId", chat}});
    CHECK(joined["type"] == "ok");
    auto joined_event =
        shopper.until([](const Json& f) { return f.value("type", "") == "event" && f["event"]["kind"] == "joined"; });
    REQUIRE(joined_event);
    CHECK((*joined_event)["event"]["body"]["name"] == "Sam Supervisor");
    auto barged =
        agent.until([](const Json& f) { return f.value("type", "") == "chat.watchers" && !f["bargedIn"].empty(); });
    REQUIRE(barged);
    CHECK((*barged)["bargedIn"][0]["id"] == sam.id);
    auto ack = send_text(*sam.ws, chat, "sam-1", "I am Anna's supervisor; help is on the way", "st");
    REQUIRE(ack);
    CHECK((*ack)["type"] == "ack");
    auto from_sam = shopper.until([](const Json& f) {
        return f.value("type", "") == "event" && f["event"]["kind"] == "text" &&
            f["event"]["author"]["role"] == "agent";
    });
    REQUIRE(from_sam);
    CHECK((*from_sam)["event"]["author"]["name"] == "Sam Supervisor");
    CHECK(agent.until([](const Json& f) {
        return f.value("type", "") == "event" &&
            f["event"]["body"].value("text", "").find("supervisor") != std::string::npos;
    }));
    // Its typing and read marks are answered and change nothing the customer sees.
    CHECK(request(*sam.ws, {{"type", "typing"}, {"rid", "ty"}, {"chatId", chat}, {"active", true}})["type"] == "ok");
    CHECK(request(*sam.ws, {{"type", "chat.mark"}, {"rid", "mk"}, {"chatId", chat}, {"read", 1}})["type"] == "ok");
    // Texts only: a supervisor who joined sends nothing else on the agent's behalf.
    sam.ws->send({{"type", "chat.send"},
                  {"rid", "loc"},
                  {"chatId", chat},
                  {"clientId", "sam-2"},
                  {"kind", "location_request"},
                  {"body", Json::object()}});
    CHECK(boss.rid("loc").value_or(Json())["code"] == "forbidden");

    // Take over: the chat is Sam's now; Anna's desk loses it; the log says who did it.
    sam.ws->send({{"type", "supervisor.takeover"}, {"rid", "to"}, {"chatId", chat}});
    auto taken = boss.rid("to");
    REQUIRE(taken);
    REQUIRE((*taken)["type"] == "chat.assigned");
    CHECK((*taken)["chat"]["agent"]["id"] == sam.id);
    auto removed = agent.until(type_is("chat.removed"));
    REQUIRE(removed);
    CHECK((*removed)["reason"] == "transferred");
    auto left =
        shopper.until([](const Json& f) { return f.value("type", "") == "event" && f["event"]["kind"] == "left"; });
    REQUIRE(left);
    CHECK((*left)["event"]["body"]["reason"] == "takeover");
    CHECK((*left)["event"]["body"]["name"] == "Anna Berger");
    // Sam holds the chat like any agent: writes, ends it and files the wrap-up.
    REQUIRE(send_text(*sam.ws, chat, "sam-3", "I have taken over your case", "st2").value_or(Json())["type"] == "ack");
    const Json ended = request(*sam.ws, {{"type", "chat.end"}, {"rid", "end"}, {"chatId", chat}});
    CHECK(ended["type"] == "ok");
    const Json wrapup =
        request(*sam.ws, {{"type", "chat.wrapup"}, {"rid", "wu"}, {"chatId", chat}, {"disposition", "Resolved"}});
    CHECK(wrapup["type"] == "ok");
    // Anna's internal stream access ended with the chat: she no longer holds it (forbidden for a closed chat).
    const Json late = request(*anna.ws, {{"type", "chat.internal"}, {"rid", "late"}, {"chatId", chat}, {"after", 0}});
    CHECK(late["code"] == "forbidden");
    // The supervisor still reads it.
    const Json audit = request(*sam.ws, {{"type", "chat.internal"}, {"rid", "au"}, {"chatId", chat}, {"after", 0}});
    REQUIRE(audit["type"] == "internal.page");
    REQUIRE(audit["events"].size() == 5);
    CHECK(audit["events"][3]["kind"] == "barged_in");
    // The takeover answered the flag.
    CHECK(audit["events"][4]["kind"] == "unflagged");
    CHECK(audit["events"][4]["by"]["id"] == sam.id);

    // Every path a customer gets events on: the pushes above, chat.sync, and a resume.
    shopper.drain();
    for (const auto& f : shopper.frames) {
        const std::string type = f.value("type", "");
        CHECK_MESSAGE(!(type == "typing" && f.value("name", "") == "Sam Supervisor"), f.dump());
        CHECK_MESSAGE(type != "receipt", f.dump());  // only the agent's marks move receipts; Anna marked none
    }
    customer.ws->send({{"type", "chat.sync"}, {"rid", "cs"}, {"chatId", chat}, {"after", 0}});
    REQUIRE(shopper.rid("cs"));
    auto again = WsClient::connect(server.port());
    REQUIRE(again);
    Recorded resumed{*again, {}};
    again->send({{"type", "customer.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", customer.token}});
    REQUIRE(resumed.rid("r"));
    again->send({{"type", "chat.sync"}, {"rid", "rs"}, {"chatId", chat}, {"after", 0}});
    REQUIRE(resumed.rid("rs"));
    resumed.drain();
    CHECK(shopper.frames.size() > 5);
    check_nothing_internal(shopper.frames);
    check_nothing_internal(resumed.frames);
}

TEST_CASE("supervisors: every refusal, the overview's order, and what survives a restart") {
    Server server(fast_overview());
    REQUIRE(server.port() != 0);
    auto sam = login_agent(server.port(), "sam");
    auto anna = login_agent(server.port(), "anna", false);  // not ready: chats stay queued
    auto ben = login_agent(server.port(), "ben", false);
    REQUIRE(sam.ws);
    REQUIRE(anna.ws);
    REQUIRE(ben.ws);
    Recorded boss{*sam.ws, {}};
    auto first = start_customer(server.port(), "First Caller");
    REQUIRE(first.ws);
    std::this_thread::sleep_for(20ms);
    auto second = start_customer(server.port(), "Second Caller");
    REQUIRE(second.ws);

    // Queue: the longest waiting first; agents with their state and time in state.
    auto queued = overview_where(boss, [](const Json& f) { return f["queue"].size() == 2; });
    REQUIRE(queued);
    CHECK((*queued)["queue"][0]["chatId"] == first.chat_id);
    CHECK((*queued)["queue"][0]["customerName"] == "First Caller");
    CHECK((*queued)["queue"][1]["chatId"] == second.chat_id);
    CHECK((*queued)["queueTotal"] == 2);
    CHECK((*queued)["queue"][0]["queuedAt"].get<std::int64_t>() <=
          (*queued)["queue"][1]["queuedAt"].get<std::int64_t>());
    for (const auto& agent : (*queued)["agents"]) {
        if (agent["id"] != anna.id) continue;
        CHECK(agent["state"] == "not_ready");
        CHECK(agent["online"] == true);
        CHECK(agent["since"].get<std::int64_t>() > 0);
        CHECK(agent["since"].get<std::int64_t>() <= (*queued)["ts"].get<std::int64_t>());
        CHECK(agent["load"] == 0);
    }

    // Queued chats: nobody to whisper to, nothing to take over or join.
    CHECK(request(*sam.ws,
                  {{"type", "supervisor.whisper"}, {"rid", "q1"}, {"chatId", first.chat_id}, {"text", "x"}})["code"] ==
          "conflict");
    CHECK(request(*sam.ws, {{"type", "supervisor.takeover"}, {"rid", "q2"}, {"chatId", first.chat_id}})["code"] ==
          "conflict");
    CHECK(request(*sam.ws, {{"type", "supervisor.join"}, {"rid", "q3"}, {"chatId", first.chat_id}})["code"] ==
          "conflict");
    // Watching a queued chat is fine (nothing is said to anyone).
    CHECK(
        request(*sam.ws,
                {{"type", "supervisor.watch"}, {"rid", "q4"}, {"chatId", first.chat_id}, {"watching", true}})["type"] ==
        "ok");
    // Unknown chats.
    for (const char* type : {"supervisor.watch", "supervisor.whisper", "supervisor.join", "supervisor.takeover"}) {
        Json frame = {
            {"type", type}, {"rid", std::string("u-") + type}, {"chatId", "c999"}, {"watching", true}, {"text", "x"}};
        const Json refusal = request(*sam.ws, frame);
        CHECK_MESSAGE(refusal["code"] == "not_found", type);
        CHECK(refusal["field"] == "chatId");
    }
    CHECK(request(*sam.ws, {{"type", "chat.internal"}, {"rid", "u5"}, {"chatId", "c999"}, {"after", 0}})["code"] ==
          "not_found");
    // Malformed requests.
    CHECK(request(*sam.ws,
                  {{"type", "supervisor.whisper"}, {"rid", "m1"}, {"chatId", first.chat_id}, {"text", ""}})["code"] ==
          "invalid_field");
    const Json too_long = request(
        *sam.ws,
        {{"type", "supervisor.whisper"}, {"rid", "m2"}, {"chatId", first.chat_id}, {"text", std::string(4001, 'x')}});
    CHECK(too_long["code"] == "too_large");
    CHECK(request(*sam.ws, {{"type", "supervisor.watch"}, {"rid", "m3"}, {"chatId", first.chat_id}})["field"] ==
          "watching");
    CHECK(request(*anna.ws, {{"type", "chat.flag"}, {"rid", "m4"}, {"chatId", first.chat_id}})["field"] == "flagged");

    // Anna takes the first chat; Ben may not flag it nor read its internal stream; Sam may not take over twice.
    anna.ws->send({{"type", "agent.presence"}, {"rid", "ready"}, {"state", "ready"}});
    REQUIRE(accept_next_offer(anna, first.chat_id));
    CHECK(request(*ben.ws,
                  {{"type", "chat.flag"}, {"rid", "b1"}, {"chatId", first.chat_id}, {"flagged", true}})["code"] ==
          "forbidden");
    CHECK(
        request(*ben.ws, {{"type", "chat.internal"}, {"rid", "b2"}, {"chatId", first.chat_id}, {"after", 0}})["code"] ==
        "forbidden");
    CHECK(request(*ben.ws, {{"type", "chat.sync"}, {"rid", "b3"}, {"chatId", first.chat_id}, {"after", 0}})["code"] ==
          "forbidden");
    const Json flag = request(
        *anna.ws,
        {{"type", "chat.flag"}, {"rid", "a1"}, {"chatId", first.chat_id}, {"flagged", true}, {"reason", "Angry"}});
    CHECK(flag["type"] == "ok");
    // The same flag again writes nothing new; a supervisor may clear it.
    CHECK(request(*anna.ws,
                  {{"type", "chat.flag"},
                   {"rid", "a2"},
                   {"chatId", first.chat_id},
                   {"flagged", true},
                   {"reason", "Angry"}})["type"] == "ok");
    CHECK(request(
              *sam.ws,
              {{"type", "supervisor.whisper"}, {"rid", "s1"}, {"chatId", first.chat_id}, {"text", kWhisper}})["type"] ==
          "ok");
    const Json before =
        request(*sam.ws, {{"type", "chat.internal"}, {"rid", "s5"}, {"chatId", first.chat_id}, {"after", 0}});
    REQUIRE(before["type"] == "internal.page");
    const std::int64_t last_before = before["lastSeq"];
    CHECK(last_before == std::int64_t(before["events"].size()));
    CHECK(before["flag"]["reason"] == "Angry");

    // Restart: the role, the internal stream and the flag are kept, and the seq continues without reuse.
    const auto data = server.dir.path();
    CHECK(server.process.terminate() == 0);
    ServerProcess again(data, Server::with_demo(fast_overview()));
    REQUIRE(again.port() != 0);
    auto sam2 = login_agent(again.port(), "sam");
    REQUIRE(sam2.ws);
    CHECK(sam2.welcome["agent"]["role"] == "supervisor");
    auto anna2 = login_agent(again.port(), "anna");
    REQUIRE(anna2.ws);
    const Json kept =
        request(*anna2.ws, {{"type", "chat.internal"}, {"rid", "k"}, {"chatId", first.chat_id}, {"after", 0}});
    REQUIRE(kept["type"] == "internal.page");
    CHECK(kept["lastSeq"] == last_before);
    CHECK(kept["flag"]["reason"] == "Angry");

    // The takeover after the restart: Sam holds the chat, the flag is answered, the seq goes on from the stored one.
    CHECK(request(*sam2.ws, {{"type", "supervisor.takeover"}, {"rid", "s2"}, {"chatId", first.chat_id}})["type"] ==
          "chat.assigned");
    // The flag's clearing commits after the takeover's answer: its push says it is stored.
    REQUIRE(sam2.ws->read_until(
        [](const Json& f) { return f.value("type", "") == "internal" && f["event"]["kind"] == "unflagged"; }));
    CHECK(request(*sam2.ws, {{"type", "supervisor.takeover"}, {"rid", "s3"}, {"chatId", first.chat_id}})["code"] ==
          "conflict");
    CHECK(request(*sam2.ws,
                  {{"type", "supervisor.whisper"}, {"rid", "s4"}, {"chatId", first.chat_id}, {"text", "me"}})["code"] ==
          "conflict");
    const Json next = request(
        *sam2.ws, {{"type", "chat.internal"}, {"rid", "k3"}, {"chatId", first.chat_id}, {"after", last_before}});
    REQUIRE(next["events"].size() == 1);
    CHECK(next["events"][0]["seq"] == last_before + 1);
    CHECK(next["events"][0]["kind"] == "unflagged");
    CHECK(next["events"][0]["by"]["id"] == sam2.id);
    CHECK(next["flag"].is_null());
    // Sam holds it after a second restart as well (the assignment is stored like any agent's).
    CHECK(again.terminate() == 0);
    ServerProcess third(data, Server::with_demo(fast_overview()));
    REQUIRE(third.port() != 0);
    auto sam3 = login_agent(third.port(), "sam");
    REQUIRE(sam3.ws);
    bool holds = false;
    for (const auto& c : sam3.welcome["chats"]) holds = holds || c["chatId"] == first.chat_id;
    CHECK(holds);
}

TEST_CASE("supervisors: the overview lists at most supervisorOverviewMaxEntries chats and says how many there are") {
    Server server({"--set", "supervisorOverviewIntervalMs=100", "--set", "supervisorOverviewMaxEntries=2"});
    REQUIRE(server.port() != 0);
    auto sam = login_agent(server.port(), "sam");
    REQUIRE(sam.ws);
    Recorded boss{*sam.ws, {}};
    std::vector<CustomerClient> customers;
    for (int i = 0; i < 3; ++i) {
        customers.push_back(start_customer(server.port(), "Caller " + std::to_string(i)));
        REQUIRE(customers.back().ws);
    }
    auto cut = overview_where(boss, [](const Json& f) { return f["queueTotal"] == 3; });
    REQUIRE(cut);
    CHECK((*cut)["queue"].size() == 2);
    CHECK((*cut)["queue"][0]["chatId"] == customers[0].chat_id);
}
