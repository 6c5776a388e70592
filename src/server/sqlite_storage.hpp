// Storage on SQLite: WAL journal, synchronous=NORMAL (a commit survives a process crash; a power cut may lose the
// last commits but never corrupts), one connection for the writer thread and one for reads.
//
// Checkpoints (copying the WAL back into the database file, with an fsync) run on a thread of their own with a third
// connection, every `checkpoint_interval_ms`, in PASSIVE mode (never blocking the writer or a reader). SQLite's
// automatic checkpoint is off on the writer: it would run inside the commit that crosses 1,000 WAL pages, and every
// ack and event of that batch would wait for the disk.
#pragma once

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

class SqliteStorage final : public Storage {
public:
    // Opens (creating if needed) `<data_dir>/agentdesk.db` and its schema. nullptr plus `error` on failure.
    static std::unique_ptr<SqliteStorage> open(const std::filesystem::path& data_dir, std::string& error,
                                               std::int64_t checkpoint_interval_ms = kDefaultCheckpointIntervalMs);
    static constexpr std::int64_t kDefaultCheckpointIntervalMs = 500;  // config: walCheckpointIntervalMs

    // Checkpoints run so far by the background thread (tests, diagnostics).
    [[nodiscard]] std::int64_t checkpoints_run() const;
    ~SqliteStorage() override;

    std::optional<StorageError> apply_batch(const std::vector<WriteOp>& ops) override;

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
    IdCounters load_id_counters() override;

private:
    SqliteStorage(sqlite3* write_db, sqlite3* read_db, sqlite3* checkpoint_db, std::int64_t checkpoint_interval_ms);
    void run_checkpoints();
    sqlite3* write_db_;       // writer thread and account commands
    sqlite3* read_db_;        // reads
    sqlite3* checkpoint_db_;  // the checkpoint thread only
    std::int64_t checkpoint_interval_ms_;
    mutable std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wake_;
    bool stopping_ = false;             // under checkpoint_mutex_
    std::int64_t checkpoints_run_ = 0;  // under checkpoint_mutex_
    std::thread checkpoint_thread_;
    // Reads may come from more than one thread (hub strand, HTTP sessions); SQLite's serialized mode makes a
    // connection safe, but a prepared statement's step loop must not interleave.
    std::mutex read_mutex_;
    std::mutex write_mutex_;
    std::unique_ptr<StatementCache> write_cache_;  // used under write_mutex_
};

}  // namespace server
