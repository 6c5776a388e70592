// Storage on SQLite: WAL journal, synchronous=NORMAL (a commit survives a process crash; a power cut may lose the
// last commits but never corrupts), one connection for the writer thread and one for reads.
//
// Checkpoints (copying the WAL back into the database file, with fsyncs) never run inside a commit that acks wait
// on. SQLite's automatic checkpoint would: it runs in the commit that crosses 1,000 WAL pages. Instead:
//  - a checkpoint thread with its own connection copies the WAL in PASSIVE mode (never blocking the writer or a
//    reader) whenever `checkpoint_pages` new pages were committed;
//  - a PASSIVE checkpoint cannot finish while the writer keeps committing, and SQLite only starts the WAL over once
//    one did, so under steady load the WAL would grow without end. Past `max_wal_bytes` the writer, between two
//    batches (after their acks went out), copies the few pages the checkpoint thread has not and the next commit
//    starts the WAL from its beginning; the file is cut back to `max_wal_bytes`.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "storage.hpp"

struct sqlite3;

namespace server {

struct StatementCache;  // sqlite_storage.cpp

// Server settings walCheckpointPages, walMaxBytes and sqliteCacheBytes (docs/server.md).
struct SqliteSettings {
    std::int64_t checkpoint_pages = 4096;           // the checkpoint thread runs after this many new WAL pages
    std::int64_t max_wal_bytes = 64 * 1024 * 1024;  // past this the writer finishes a checkpoint between batches
    // The writer's page cache. SQLite's default (2 MB) holds a few hundred pages; every chat's newest event page
    // is touched by its next message, so with thousands of live chats nearly every insert re-read its page.
    std::int64_t cache_bytes = 64 * 1024 * 1024;
};

class SqliteStorage final : public Storage {
public:
    // Opens (creating if needed) `<data_dir>/agentdesk.db` and its schema. nullptr plus `error` on failure.
    static std::unique_ptr<SqliteStorage> open(const std::filesystem::path& data_dir, std::string& error,
                                               SqliteSettings settings = {});
    ~SqliteStorage() override;

    std::optional<StorageError> apply_batch(const std::vector<WriteOp>& ops) override;
    void between_batches() override;

    struct WalStats {
        std::int64_t background_checkpoints = 0;  // PASSIVE runs of the checkpoint thread
        std::int64_t writer_checkpoints = 0;      // checkpoints the writer finished between batches
        std::int64_t wal_pages = 0;               // WAL size after the last commit, in pages
    };
    [[nodiscard]] WalStats wal_stats() const;

    std::optional<StorageError> add_agent(const AgentRecord& agent) override;
    bool remove_agent(const std::string& username) override;
    bool set_password(const std::string& username, const std::string& password_hash) override;
    std::vector<AgentRecord> list_agents() override;
    std::optional<AgentRecord> find_agent(const std::string& username) override;
    std::optional<AgentRecord> find_agent_by_id(const std::string& id) override;

    std::optional<SessionRecord> find_session(const std::string& token_hash) override;
    std::vector<ChatRecord> load_open_chats() override;
    std::optional<ChatRecord> load_chat(const std::string& chat_id) override;
    std::vector<EventRecord> load_events(const std::string& chat_id, std::int64_t after_seq,
                                         std::int64_t max_events) override;
    std::vector<ReceiptRecord> load_receipts(const std::string& chat_id) override;
    std::optional<FileRecord> find_file(const std::string& file_id) override;
    std::vector<PastChatRecord> load_customer_history(const std::string& user_id, const std::string& except_chat_id,
                                                      std::int64_t max_chats, std::int64_t preview_texts) override;
    std::vector<InternalEventRecord> load_internal_events(const std::string& chat_id, std::int64_t after_seq,
                                                          std::int64_t max_events) override;
    IdCounters load_id_counters() override;

private:
    SqliteStorage(sqlite3* write_db, sqlite3* read_db, sqlite3* checkpoint_db, SqliteSettings settings,
                  std::int64_t page_bytes);
    static int on_wal_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
    void run_checkpoints();

    sqlite3* write_db_;       // writer thread and account commands
    sqlite3* read_db_;        // reads
    sqlite3* checkpoint_db_;  // the checkpoint thread only
    const SqliteSettings settings_;
    const std::int64_t page_bytes_;
    std::atomic<std::int64_t> wal_pages_{0};  // after the writer's last commit
    std::atomic<std::int64_t> writer_checkpoints_{0};
    std::int64_t pages_at_last_wake_ = 0;  // writer thread (WAL hook) only
    mutable std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wake_;
    bool checkpoint_wanted_ = false;           // under checkpoint_mutex_
    bool stopping_ = false;                    // under checkpoint_mutex_
    std::int64_t background_checkpoints_ = 0;  // under checkpoint_mutex_
    std::thread checkpoint_thread_;
    // Reads may come from more than one thread (hub strand, HTTP sessions); SQLite's serialized mode makes a
    // connection safe, but a prepared statement's step loop must not interleave.
    std::mutex read_mutex_;
    std::mutex write_mutex_;
    std::unique_ptr<StatementCache> write_cache_;  // used under write_mutex_
};

}  // namespace server
