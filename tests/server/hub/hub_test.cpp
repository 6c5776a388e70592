// The hub in-process (hub_harness.hpp): each component through the facade, with the strand, the storage reader,
// the worker and the commits run by hand. Every test also checks that no storage call ran on the strand.
#include <doctest/doctest.h>

#include "hub_harness.hpp"
#include "server/connections.hpp"

using namespace hubtest;

namespace {

// An agent logged in and Ready, a customer whose chat it accepted. The chat id is in `chat`.
struct Assigned {
    HubHarness::Client agent;
    HubHarness::Client customer;
    std::string chat;
};

Assigned assigned_chat(HubHarness& h, const std::string& username = "anna") {
    h.add_agent(username);
    Assigned a;
    a.agent = h.login(username);
    h.ready(a.agent);
    a.customer = h.start_customer();
    a.chat = of_type(*a.customer.connection, "customer.welcome").at(0)["chat"]["chatId"];
    const auto offer = last_of_type(*a.agent.connection, "offer");
    REQUIRE(offer);
    h.send(a.agent, {{"type", "offer.accept"}, {"rid", "acc"}, {"offerId", (*offer)["offerId"]}});
    h.run();
    REQUIRE(last_of_type(*a.agent.connection, "chat.assigned"));
    return a;
}

Json text(const std::string& chat, const std::string& client_id, const std::string& words,
          const std::string& rid = "s") {
    return {{"type", "chat.send"},   {"rid", rid},     {"chatId", chat},
            {"clientId", client_id}, {"kind", "text"}, {"body", {{"text", words}}}};
}

std::uint64_t strand_calls_before = 0;
struct NoStorageOnStrand {
    NoStorageOnStrand() { strand_calls_before = server::storage_calls_on_strand(); }
    ~NoStorageOnStrand() { CHECK(server::storage_calls_on_strand() == strand_calls_before); }
};

}  // namespace

TEST_CASE("sessions: login is checked off the strand, frames sent meanwhile are replayed after the welcome") {
    NoStorageOnStrand check;
    HubHarness h;
    h.add_agent("anna");
    auto agent = h.connect();
    h.send(agent,
           {{"type", "agent.login"}, {"rid", "l"}, {"protocol", 1}, {"username", "anna"}, {"password", "secret"}});
    h.send(agent, {{"type", "agent.presence"}, {"rid", "p"}, {"state", "ready"}});
    h.run_strand();
    CHECK(agent.connection->frames.empty());  // the password check waits on the worker
    h.run();
    REQUIRE(agent.connection->frames.size() >= 2);
    CHECK(agent.connection->frames[0]["type"] == "agent.welcome");
    CHECK(agent.connection->frames[1]["type"] == "presence");
    CHECK(agent.connection->frames[1]["rid"] == "p");

    SUBCASE("a wrong password is refused, the same as an unknown user") {
        auto other = h.login("anna", "wrong");
        CHECK(last_of_type(*other.connection, "error").value()["code"] == "unauthorized");
        auto nobody = h.login("nobody", "secret");
        CHECK(last_of_type(*nobody.connection, "error").value()["code"] == "unauthorized");
    }
    SUBCASE("a second login replaces the first socket (4001) and its token resumes on a new socket") {
        auto second = h.login("anna");
        CHECK(last_of_type(*agent.connection, "session.replaced"));
        CHECK(agent.connection->close_code == server::kCloseReplaced);
        const std::string token = of_type(*second.connection, "agent.welcome").at(0)["token"];
        auto third = h.connect();
        h.send(third, {{"type", "agent.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", token}});
        h.run_strand();
        CHECK(third.connection->frames.empty());  // the token is read off the strand
        h.run();
        CHECK(last_of_type(*third.connection, "agent.welcome"));
    }
    SUBCASE("a token expires sessionTtlMs after its last socket left") {
        const std::string token = of_type(*agent.connection, "agent.welcome").at(0)["token"];
        h.disconnect(agent);
        h.run();
        h.now_ms += server::ServerConfig{}.session_ttl_ms + 1;
        auto later = h.connect();
        h.send(later, {{"type", "agent.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", token}});
        h.run();
        CHECK(last_of_type(*later.connection, "error").value()["code"] == "unauthorized");
    }
    SUBCASE("logout answers ok, then closes the session's sockets with 1000") {
        h.send(agent, {{"type", "agent.logout"}, {"rid", "bye"}});
        h.run();
        CHECK(last_of_type(*agent.connection, "ok").value()["rid"] == "bye");
        CHECK(agent.connection->close_code == server::kCloseNormal);
    }
}

TEST_CASE("pipeline: an ack only after the commit; the event reaches every party once; a resend answers the original") {
    NoStorageOnStrand check;
    HubHarness h;
    auto a = assigned_chat(h);
    const auto before = event_seqs(*a.agent.connection, a.chat).size();
    h.send(a.customer, text(a.chat, "m1", "Hallo", "r1"));
    h.run_strand();
    CHECK_FALSE(last_of_type(*a.customer.connection, "ack"));  // reserved, not committed
    CHECK(h.writes.queued() == 1);
    h.run();
    const auto ack = last_of_type(*a.customer.connection, "ack");
    REQUIRE(ack);
    CHECK((*ack)["rid"] == "r1");
    const std::int64_t seq = (*ack)["seq"];
    auto seqs = event_seqs(*a.agent.connection, a.chat);
    REQUIRE(seqs.size() == before + 1);
    CHECK(seqs.back() == seq);

    h.send(a.customer, text(a.chat, "m1", "Hallo", "r2"));  // the same clientId again (a lost ack)
    h.run();
    const auto again = last_of_type(*a.customer.connection, "ack");
    CHECK((*again)["rid"] == "r2");
    CHECK((*again)["seq"] == seq);
    CHECK(event_seqs(*a.agent.connection, a.chat).size() == before + 1);  // no second event
    std::size_t stored = 0;
    for (const auto& [key, event] : h.storage.events) stored += event.client_id == "m1" ? 1 : 0;
    CHECK(stored == 1);

    SUBCASE("typing with a rid is answered ok, a refresh too; the other party hears it once") {
        h.send(a.customer, {{"type", "typing"}, {"rid", "t1"}, {"chatId", a.chat}, {"active", true}});
        h.send(a.customer, {{"type", "typing"}, {"rid", "t2"}, {"chatId", a.chat}, {"active", true}});
        h.run();
        const auto oks = of_type(*a.customer.connection, "ok");
        CHECK(std::count_if(oks.begin(), oks.end(),
                            [](const Json& f) { return f["rid"] == "t1" || f["rid"] == "t2"; }) == 2);
        CHECK(of_type(*a.agent.connection, "typing").size() == 1);
    }
    SUBCASE("another agent may not send into the chat") {
        h.add_agent("ben");
        auto ben = h.login("ben");
        h.send(ben, text(a.chat, "b1", "hi"));
        h.run();
        CHECK(last_of_type(*ben.connection, "error").value()["code"] == "forbidden");
    }
}

TEST_CASE("pipeline: chat.sync pages by maxSyncEvents and names lastSeq past a cut page") {
    NoStorageOnStrand check;
    auto config = HubHarness::default_config();
    config.max_sync_events = 3;
    HubHarness h(config);
    auto a = assigned_chat(h);
    for (int i = 0; i < 7; ++i) h.send(a.customer, text(a.chat, "m" + std::to_string(i), "line " + std::to_string(i)));
    h.run();
    const std::int64_t last = of_type(*a.customer.connection, "ack").back()["seq"];
    auto reader = h.connect();
    const std::string token = of_type(*a.customer.connection, "customer.welcome").at(0)["token"];
    h.send(reader, {{"type", "customer.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", token}});
    h.run();
    std::int64_t after = 0;
    std::vector<std::int64_t> got;
    for (int page = 0; page < 10 && after < last; ++page) {
        reader.connection->frames.clear();
        h.send(reader, {{"type", "chat.sync"}, {"rid", "p"}, {"chatId", a.chat}, {"after", after}});
        h.run();
        const auto seqs = event_seqs(*reader.connection, a.chat);
        CHECK(seqs.size() <= 3);
        const auto synced = last_of_type(*reader.connection, "chat.synced");
        REQUIRE(synced);
        CHECK((*synced)["lastSeq"] == last);
        got.insert(got.end(), seqs.begin(), seqs.end());
        REQUIRE(!seqs.empty());
        after = seqs.back();
    }
    REQUIRE(std::int64_t(got.size()) == last);
    for (std::int64_t i = 0; i < last; ++i) CHECK(got[std::size_t(i)] == i + 1);
}

TEST_CASE("pipeline: a sync and the events committed while its page is read arrive in seq order") {
    NoStorageOnStrand check;
    HubHarness h;
    auto a = assigned_chat(h);
    for (int i = 0; i < 3; ++i) h.send(a.customer, text(a.chat, "m" + std::to_string(i), "before"));
    h.run();
    a.agent.connection->frames.clear();
    h.send(a.agent, {{"type", "chat.sync"}, {"rid", "sync"}, {"chatId", a.chat}, {"after", 0}});
    h.run_strand();  // the page read is queued on the reader, not run
    h.send(a.customer, text(a.chat, "late", "while the page is read"));
    h.run_strand();
    h.writes.commit_all();
    h.run_strand();  // the late event is committed and pushed: it must wait for the page
    CHECK(event_seqs(*a.agent.connection, a.chat).empty());
    h.run();
    const auto seqs = event_seqs(*a.agent.connection, a.chat);
    REQUIRE(!seqs.empty());
    for (std::size_t i = 1; i < seqs.size(); ++i) CHECK(seqs[i] == seqs[i - 1] + 1);
    // chat.synced comes after the page and before the late push.
    std::size_t synced_at = 0, late_at = 0;
    for (std::size_t i = 0; i < a.agent.connection->frames.size(); ++i) {
        const auto& f = a.agent.connection->frames[i];
        if (f["type"] == "chat.synced") synced_at = i;
        if (f["type"] == "event" && f["event"].value("clientId", "") == "late") late_at = i;
    }
    CHECK(synced_at > 0);
    CHECK(late_at > synced_at);
}

TEST_CASE("routing: an offer expires on the manual clock and moves on; accept assigns with joined event") {
    NoStorageOnStrand check;
    HubHarness h;
    h.add_agent("anna");
    h.add_agent("ben");
    auto anna = h.login("anna");
    h.ready(anna);
    auto ben = h.login("ben");
    h.ready(ben);
    auto customer = h.start_customer();
    const bool anna_first = last_of_type(*anna.connection, "offer").has_value();
    auto& first = anna_first ? anna : ben;
    auto& second = anna_first ? ben : anna;
    REQUIRE(last_of_type(*first.connection, "offer"));
    CHECK_FALSE(last_of_type(*second.connection, "offer"));
    CHECK(last_of_type(*customer.connection, "queue"));

    h.now_ms += server::ServerConfig{}.limits.offer_timeout_ms + 1;
    h.tick();
    CHECK(last_of_type(*first.connection, "offer.revoked").value()["reason"] == "expired");
    const auto offer = last_of_type(*second.connection, "offer");
    REQUIRE(offer);
    h.send(second, {{"type", "offer.accept"}, {"rid", "acc"}, {"offerId", (*offer)["offerId"]}});
    h.run();
    CHECK(last_of_type(*second.connection, "chat.assigned").value()["rid"] == "acc");
    bool joined = false;
    for (const auto& f : of_type(*customer.connection, "event")) joined |= f["event"]["kind"] == "joined";
    CHECK(joined);
}

TEST_CASE("routing: end and wrap-up close the chat; a closed chat's requests are refused after a storage read") {
    NoStorageOnStrand check;
    HubHarness h;
    auto a = assigned_chat(h);
    h.send(a.agent, {{"type", "chat.end"}, {"rid", "end"}, {"chatId", a.chat}});
    h.run();
    CHECK(last_of_type(*a.agent.connection, "ok").value()["rid"] == "end");
    h.send(a.agent,
           {{"type", "chat.wrapup"}, {"rid", "w0"}, {"chatId", a.chat}, {"disposition", "no such"}, {"notes", ""}});
    h.run();
    CHECK(last_of_type(*a.agent.connection, "error").value()["code"] == "invalid_field");
    const std::string disposition = server::ServerConfig{}.desk.dispositions.at(0);
    h.send(a.agent,
           {{"type", "chat.wrapup"}, {"rid", "w"}, {"chatId", a.chat}, {"disposition", disposition}, {"notes", "ok"}});
    h.run();
    CHECK(last_of_type(*a.agent.connection, "ok").value()["rid"] == "w");
    CHECK(last_of_type(*a.agent.connection, "chat.removed").value()["reason"] == "closed");
    CHECK(h.storage.chats.at(a.chat).status == "closed");

    h.send(a.agent, text(a.chat, "x", "too late", "late"));
    h.run_strand();
    CHECK(last_of_type(*a.agent.connection, "error").value_or(Json{{"rid", ""}})["rid"] != "late");  // needs the read
    h.run();
    const auto refused = last_of_type(*a.agent.connection, "error");
    CHECK((*refused)["rid"] == "late");
    CHECK((*refused)["code"] == "conflict");
    h.send(a.agent, text("c999", "y", "nowhere", "nowhere"));
    h.run();
    CHECK(last_of_type(*a.agent.connection, "error").value()["code"] == "not_found");
}

TEST_CASE("storage failure: the failed event is answered unavailable and later writes are refused") {
    NoStorageOnStrand check;
    HubHarness h;
    auto a = assigned_chat(h);
    h.storage.fail_writes = true;
    h.send(a.customer, text(a.chat, "f1", "lost?", "f1"));
    h.run();
    const auto error = last_of_type(*a.customer.connection, "error");
    REQUIRE(error);
    CHECK((*error)["rid"] == "f1");
    CHECK((*error)["code"] == "unavailable");
    CHECK(event_seqs(*a.agent.connection, a.chat).size() == event_seqs(*a.customer.connection, a.chat).size());
    h.storage.fail_writes = false;
    h.send(a.customer, text(a.chat, "f2", "again", "f2"));
    h.run();
    CHECK(last_of_type(*a.customer.connection, "error").value()["rid"] == "f2");
    CHECK_FALSE(last_of_type(*a.customer.connection, "ack"));
}

TEST_CASE("shutdown: acks of submitted writes go out before every socket closes with 1001") {
    NoStorageOnStrand check;
    HubHarness h;
    auto a = assigned_chat(h);
    h.send(a.customer, text(a.chat, "s1", "last words", "s1"));
    h.run_strand();
    bool done = false;
    h.hub->shutdown([&] { done = true; });
    h.run_strand();
    CHECK_FALSE(done);  // waits for the commit
    CHECK_FALSE(a.customer.connection->closed);
    h.run();
    CHECK(done);
    CHECK(last_of_type(*a.customer.connection, "ack").value()["rid"] == "s1");
    CHECK(a.customer.connection->close_code == server::kCloseGoingAway);
    CHECK(a.agent.connection->close_code == server::kCloseGoingAway);
    auto late = h.connect();
    CHECK(late.connection->close_code == server::kCloseGoingAway);
}

TEST_CASE("files: upload checks, the file event, a repeated clientId, download by party only") {
    NoStorageOnStrand check;
    HubHarness h;
    auto a = assigned_chat(h);
    const std::string customer_token = of_type(*a.customer.connection, "customer.welcome").at(0)["token"];
    const std::string agent_token = of_type(*a.agent.connection, "agent.welcome").at(0)["token"];

    std::optional<server::HttpError> refusal;
    h.hub->check_upload("not-a-token", a.chat, "u1", [&](auto e, auto) { refusal = e; });
    h.run();
    CHECK(refusal.value().status == 401);

    server::UploadRequest upload{customer_token, a.chat, "u1", "crash.jpg",         "image/jpeg",
                                 1234,           640,    480,  std::string(64, 'a')};
    std::optional<server::UploadResult> result;
    h.hub->commit_upload(upload, [&](server::UploadResult r) { result = std::move(r); });
    h.run();
    REQUIRE(result);
    REQUIRE(std::holds_alternative<std::string>(*result));
    const auto body = Json::parse(std::get<std::string>(*result));
    const std::string file_id = body["file"]["fileId"];
    CHECK(last_of_type(*a.agent.connection, "event").value()["event"]["kind"] == "file");

    std::optional<std::string> existing;
    h.hub->check_upload(customer_token, a.chat, "u1", [&](auto, auto x) { existing = x; });
    h.run();
    CHECK(existing.value() == std::get<std::string>(*result));

    std::optional<server::DownloadResult> download;
    h.hub->authorize_download(agent_token, file_id, [&](server::DownloadResult r) { download = std::move(r); });
    h.run();
    CHECK(std::holds_alternative<server::FileRecord>(download.value()));
    h.add_agent("ben");
    auto ben = h.login("ben");
    const std::string ben_token = of_type(*ben.connection, "agent.welcome").at(0)["token"];
    h.hub->authorize_download(ben_token, file_id, [&](server::DownloadResult r) { download = std::move(r); });
    h.run();
    CHECK(std::get<server::HttpError>(download.value()).status == 403);
    h.hub->authorize_download(agent_token, "f404", [&](server::DownloadResult r) { download = std::move(r); });
    h.run();
    CHECK(std::get<server::HttpError>(download.value()).status == 404);
}

TEST_CASE("restore: open chats come back with their clientIds; an offered chat is queued again") {
    NoStorageOnStrand check;
    MemoryStorage saved;
    std::string chat;
    {
        HubHarness before;
        auto a = assigned_chat(before);
        chat = a.chat;
        before.send(a.customer, text(chat, "k1", "kept", "k1"));
        before.run();
        before.start_customer("Erika");  // offered to anna, who has capacity left
        saved = before.storage;
    }
    HubHarness h(HubHarness::default_config(), saved);  // a new hub over the same storage, as after a restart
    std::optional<server::HealthCounts> counts;
    h.hub->health([&](server::HealthCounts c) { counts = c; });
    h.run();
    REQUIRE(counts);
    CHECK(counts->active == 1);
    CHECK(counts->queued == 1);
    CHECK(counts->offered == 0);
    // The customer's resend of k1 after the restart is answered with the original seq, not stored twice.
    const std::string token = [&] {
        for (const auto& [hash, record] : saved.sessions) {
            if (record.chat_id == chat) return hash;
        }
        return std::string();
    }();
    REQUIRE_FALSE(token.empty());
    std::int64_t k1_seq = 0;
    for (const auto& [key, event] : saved.events) {
        if (event.client_id == "k1") k1_seq = event.seq;
    }
    CHECK(k1_seq > 0);
    CHECK(h.storage.chats.at(chat).status == "active");
}

TEST_CASE("connections: pushes held during a sync flush after it, without those its page carried") {
    server::Connections connections;
    auto socket = std::make_shared<FakeConnection>();
    connections.add(1, socket);
    auto* session = connections.find(1);
    REQUIRE(session);
    auto frame = [](std::int64_t seq) { return server::make_frame(Json{{"type", "event"}, {"seq", seq}}.dump()); };
    connections.begin_sync(*session, "c1");
    connections.send_event(1, "c1", 5, frame(5));
    connections.send_event(1, "c2", 9, frame(9));  // another chat: not held
    connections.send_event(1, "c1", 6, frame(6));
    REQUIRE(socket->frames.size() == 1);
    CHECK(socket->frames[0]["seq"] == 9);
    connections.end_sync(1, "c1", 5);  // the page already carried seq 5
    REQUIRE(socket->frames.size() == 2);
    CHECK(socket->frames[1]["seq"] == 6);
    connections.send_event(1, "c1", 7, frame(7));
    CHECK(socket->frames.size() == 3);
}

namespace {
HubHarness::Client login_supervisor(HubHarness& h, const std::string& username = "sam") {
    auto record = h.add_agent(username);
    record.role = "supervisor";
    h.storage.agents[record.id] = record;
    return h.login(username);
}
}  // namespace

TEST_CASE("supervision: the overview goes out after the welcome, then at most every interval and only when changed") {
    NoStorageOnStrand check;
    auto config = HubHarness::default_config();
    config.supervisor_overview_interval_ms = 1000;
    HubHarness h(config);
    auto sam = login_supervisor(h);
    REQUIRE(of_type(*sam.connection, "supervisor.overview").size() == 1);  // with the welcome
    h.now_ms += 1000;
    h.tick();
    const auto after_first_tick = of_type(*sam.connection, "supervisor.overview").size();
    h.now_ms += 1000;
    h.tick();
    CHECK(of_type(*sam.connection, "supervisor.overview").size() == after_first_tick);  // nothing changed
    auto customer = h.start_customer("Lea");
    h.now_ms += 400;
    h.tick();
    CHECK(of_type(*sam.connection, "supervisor.overview").size() == after_first_tick);  // within the interval
    h.now_ms += 700;
    h.tick();
    const auto pushed = of_type(*sam.connection, "supervisor.overview");
    REQUIRE(pushed.size() == after_first_tick + 1);
    REQUIRE(pushed.back()["queue"].size() == 1);
    CHECK(pushed.back()["queue"][0]["customerName"] == "Lea");
    CHECK(pushed.back()["ts"] == h.now_ms);
    // Routing never offered the chat to the (ready) supervisor.
    h.ready(sam);
    h.now_ms += 25000;
    h.tick();
    CHECK(of_type(*sam.connection, "offer").empty());
}

TEST_CASE("supervision: a whisper whose commit fails is refused, pushed to nobody, and its seq is handed out again") {
    NoStorageOnStrand check;
    HubHarness h;
    auto a = assigned_chat(h);
    auto sam = login_supervisor(h);
    h.send(sam, {{"type", "supervisor.watch"}, {"rid", "w"}, {"chatId", a.chat}, {"watching", true}});
    h.run();
    h.storage.fail_writes = true;
    h.send(sam, {{"type", "supervisor.whisper"}, {"rid", "x"}, {"chatId", a.chat}, {"text", "lost"}});
    h.run();
    const auto error = last_of_type(*sam.connection, "error");
    REQUIRE(error);
    CHECK((*error)["rid"] == "x");
    CHECK((*error)["code"] == "unavailable");
    for (const auto& push : of_type(*a.agent.connection, "internal")) CHECK(push["event"]["text"] != "lost");
    // Storage refuses from now on (a failed commit stops new work); the stream holds no hole.
    std::int64_t highest = 0;
    for (const auto& [key, record] : h.storage.internal_events)
        if (key.first == a.chat) highest = std::max(highest, record.seq);
    CHECK(highest == std::int64_t(of_type(*a.agent.connection, "internal").size()));
    CHECK(of_type(*a.customer.connection, "internal").empty());
}
