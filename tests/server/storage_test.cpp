#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include <sqlite3.h>

#include "server/sqlite_storage.hpp"

using namespace server;

namespace {
struct Db {
    Db() {
        dir = std::filesystem::temp_directory_path() / ("agentdesk-storage-test-" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
        std::string error;
        storage = SqliteStorage::open(dir, error);
        REQUIRE_MESSAGE(storage, error);
    }
    ~Db() {
        storage.reset();
        std::filesystem::remove_all(dir);
    }
    void reopen() {
        storage.reset();
        std::string error;
        storage = SqliteStorage::open(dir, error);
        REQUIRE(storage);
    }
    std::filesystem::path dir;
    std::unique_ptr<SqliteStorage> storage;
};

EventRecord event(const std::string& chat, std::int64_t seq, const std::string& client_id = "") {
    return {chat, seq, 1000 + seq, "text", "customer", client_id, "{\"seq\":" + std::to_string(seq) + "}"};
}
}  // namespace

TEST_CASE("storage: agents") {
    Db db;
    CHECK_FALSE(db.storage->add_agent({"a1", "anna", "Anna Berger", "hash1"}).has_value());
    CHECK_FALSE(db.storage->add_agent({"a2", "ben", "Ben Koch", "hash2"}).has_value());
    CHECK(db.storage->add_agent({"a3", "anna", "Other Anna", "h"}).has_value());  // username taken
    CHECK(db.storage->list_agents().size() == 2);
    CHECK(db.storage->find_agent("anna")->display_name == "Anna Berger");
    CHECK(db.storage->find_agent_by_id("a2")->username == "ben");
    CHECK(db.storage->set_password("anna", "hash9"));
    CHECK(db.storage->find_agent("anna")->password_hash == "hash9");
    CHECK_FALSE(db.storage->set_password("nobody", "x"));
    CHECK(db.storage->remove_agent("ben"));
    CHECK_FALSE(db.storage->remove_agent("ben"));
    CHECK(db.storage->load_id_counters().agent == 1);
}

TEST_CASE("storage: a data folder from before roles gets the role column, its agents stay agents") {
    const auto dir = std::filesystem::temp_directory_path() / ("agentdesk-roles-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    {
        // The agents table as it shipped before supervisors.
        sqlite3* old = nullptr;
        REQUIRE(sqlite3_open((dir / "agentdesk.db").c_str(), &old) == SQLITE_OK);
        REQUIRE(
            sqlite3_exec(old,
                         "CREATE TABLE agents(id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT "
                         "NOT NULL, password_hash TEXT NOT NULL);"
                         "INSERT INTO agents VALUES('a1','anna','Anna Berger','h1');",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(old);
    }
    {
        std::string error;
        auto storage = SqliteStorage::open(dir, error);
        REQUIRE_MESSAGE(storage, error);
        REQUIRE(storage->list_agents().size() == 1);
        CHECK(storage->find_agent("anna")->role == "agent");
        CHECK_FALSE(storage->add_agent({"a2", "sam", "Sam Supervisor", "h2", "supervisor"}).has_value());
        CHECK(storage->find_agent_by_id("a2")->role == "supervisor");
    }
    {
        std::string error;
        auto storage = SqliteStorage::open(dir, error);  // opening again finds the column and adds nothing
        REQUIRE_MESSAGE(storage, error);
        CHECK(storage->find_agent("sam")->role == "supervisor");
        CHECK(storage->find_agent("anna")->role == "agent");
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("storage: internal events are kept apart from the chat log, in seq order") {
    Db db;
    CHECK_FALSE(db.storage
                    ->apply_batch({event("c1", 1), InternalEventRecord{"c1", 1, 10, "whisper", "{\"seq\":1}"},
                                   InternalEventRecord{"c1", 2, 11, "flagged", "{\"seq\":2}"},
                                   InternalEventRecord{"c2", 1, 12, "whisper", "{}"}})
                    .has_value());
    CHECK(db.storage->apply_batch({InternalEventRecord{"c1", 2, 13, "whisper", "{}"}}).has_value());  // seq taken
    db.reopen();
    const auto all = db.storage->load_internal_events("c1", 0, 10);
    REQUIRE(all.size() == 2);
    CHECK(all[0].kind == "whisper");
    CHECK(all[1].seq == 2);
    CHECK(db.storage->load_internal_events("c1", 1, 10).size() == 1);
    CHECK(db.storage->load_internal_events("c1", 0, 1).size() == 1);
    CHECK(db.storage->load_events("c1", 0, 10).size() == 1);  // the chat log holds only its own event
}

TEST_CASE("storage: a batch is all or nothing") {
    Db db;
    ChatRecord chat;
    chat.id = "c1";
    chat.status = "queued";
    REQUIRE_FALSE(db.storage->apply_batch({chat, event("c1", 1, "m-1"), event("c1", 2)}).has_value());
    // seq 3 is new but seq 2 repeats: nothing of this batch may land.
    CHECK(db.storage->apply_batch({event("c1", 3), event("c1", 2)}).has_value());
    CHECK(db.storage->load_events("c1", 0, 1000).size() == 2);
    // The same clientId from the same sender twice is refused by the database too.
    CHECK(db.storage->apply_batch({event("c1", 3, "m-1")}).has_value());
    CHECK(db.storage->load_events("c1", 1, 1000).size() == 1);
}

TEST_CASE("storage: chats, events, receipts, files, sessions survive a reopen") {
    Db db;
    ChatRecord chat;
    chat.id = "c12";
    chat.status = "active";
    chat.created_at = 5;
    chat.assigned_at = 6;
    chat.agent_id = "a1";
    chat.customer_json = R"({"name":"Max"})";
    ChatRecord closed = chat;
    closed.id = "c3";
    closed.status = "closed";
    std::vector<WriteOp> ops = {chat,
                                closed,
                                event("c12", 1),
                                event("c12", 2),
                                ReceiptRecord{"c12", "customer", 2, 1},
                                FileRecord{"f7", "c12", std::string(64, 'a'), "x.png", "image/png", 10, 2, 3, 9},
                                SessionRecord{"hash", "customer", "", "c12", 1, 2},
                                WrapupRecord{"c3", "a1", "Resolved", "", 7}};
    REQUIRE_FALSE(db.storage->apply_batch(ops).has_value());
    // Receipts only move forward, also in storage.
    REQUIRE_FALSE(db.storage->apply_batch({ReceiptRecord{"c12", "customer", 1, 2}}).has_value());
    db.reopen();
    const auto open = db.storage->load_open_chats();
    REQUIRE(open.size() == 1);
    CHECK(open[0].id == "c12");
    CHECK(open[0].assigned_at == 6);
    CHECK_FALSE(open[0].ended_at.has_value());
    CHECK(open[0].customer_json == R"({"name":"Max"})");
    CHECK(db.storage->load_events("c12", 1, 1000).at(0).seq == 2);
    const auto receipts = db.storage->load_receipts("c12");
    REQUIRE(receipts.size() == 1);
    CHECK(receipts[0].delivered == 2);
    CHECK(receipts[0].read == 2);
    CHECK(db.storage->find_file("f7")->height == 3);
    CHECK_FALSE(db.storage->find_file("f8").has_value());
    CHECK(db.storage->find_session("hash")->chat_id == "c12");
    const auto counters = db.storage->load_id_counters();
    CHECK(counters.chat == 12);
    CHECK(counters.file == 7);
    REQUIRE_FALSE(db.storage->apply_batch({TouchSession{"hash", 50}, TouchSession{"hash", 40}}).has_value());
    CHECK(db.storage->find_session("hash")->last_seen_at == 50);
    REQUIRE_FALSE(db.storage->apply_batch({DeleteSession{"hash"}}).has_value());
    CHECK_FALSE(db.storage->find_session("hash").has_value());
}

TEST_CASE("storage: a new login ends the agent's other sessions only") {
    Db db;
    REQUIRE_FALSE(db.storage
                      ->apply_batch({SessionRecord{"old", "agent", "a1", "", 1, 1},
                                     SessionRecord{"other", "agent", "a2", "", 1, 1},
                                     SessionRecord{"new", "agent", "a1", "", 2, 2}})
                      .has_value());
    REQUIRE_FALSE(db.storage->apply_batch({DeleteAgentSessions{"a1", "new"}}).has_value());
    CHECK_FALSE(db.storage->find_session("old").has_value());
    CHECK(db.storage->find_session("new").has_value());
    CHECK(db.storage->find_session("other").has_value());
}

TEST_CASE("storage: under steady writes the WAL stays near walMaxBytes, checkpoints run, and nothing is lost") {
    const auto dir = std::filesystem::temp_directory_path() / ("agentdesk-wal-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    constexpr std::int64_t kMaxWalBytes = 1024 * 1024;
    std::string error;
    auto storage = SqliteStorage::open(dir, error, SqliteSettings{/*checkpoint_pages=*/64, kMaxWalBytes});
    REQUIRE_MESSAGE(storage, error);
    ChatRecord chat;
    chat.id = "c1";
    chat.status = "active";
    REQUIRE_FALSE(storage->apply_batch({chat}).has_value());

    // A reader keeps reading while the writer commits without pause, as sync and resume do on a busy server:
    // readers are what can keep a checkpoint from finishing.
    std::atomic<bool> writing{true};
    std::atomic<std::int64_t> reads{0};
    std::thread reader([&] {
        while (writing.load()) {
            (void)storage->load_events("c1", 0, 50);
            reads.fetch_add(1);
        }
    });
    // 3,000 commits of one 3 KB event each (~24 MB of WAL frames if the WAL never started over), each followed by
    // the writer's between-batches step as CommitWriter runs it.
    constexpr std::int64_t kEvents = 3000;
    const std::string body(3000, 'x');
    const auto wal = dir / "agentdesk.db-wal";
    std::uintmax_t largest_wal = 0;
    for (std::int64_t seq = 1; seq <= kEvents; ++seq) {
        REQUIRE_FALSE(
            storage
                ->apply_batch({EventRecord{"c1", seq, 1000 + seq, "text", "customer", "", "{\"t\":\"" + body + "\"}"}})
                .has_value());
        storage->between_batches();
        if (seq % 20 == 0) largest_wal = std::max(largest_wal, std::filesystem::file_size(wal));
    }
    writing = false;
    reader.join();
    const auto stats = storage->wal_stats();
    MESSAGE("largest WAL ", largest_wal, " bytes; background checkpoints ", stats.background_checkpoints,
            ", writer checkpoints ", stats.writer_checkpoints, ", reads ", reads.load());
    CHECK(stats.background_checkpoints > 0);
    CHECK(stats.writer_checkpoints > 0);
    // Started over once past walMaxBytes: the file holds the limit plus what the writer committed while a
    // checkpoint-thread run or a reader kept its checkpoint from finishing (on a busy 2-core machine up to
    // ~2.8 MB here); without the writer's step it grew to 54 MB in this test.
    CHECK(largest_wal <= std::uintmax_t(4 * kMaxWalBytes));
    storage.reset();
    storage = SqliteStorage::open(dir, error);
    REQUIRE(storage);
    const auto events = storage->load_events("c1", 0, kEvents + 10);
    REQUIRE(events.size() == std::size_t(kEvents));
    CHECK(events.front().seq == 1);
    CHECK(events.back().seq == kEvents);
    storage.reset();
    std::filesystem::remove_all(dir);
}
