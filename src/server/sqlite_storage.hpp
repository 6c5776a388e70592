// Storage on SQLite: WAL journal, synchronous=NORMAL (a commit survives a process crash; a power cut may lose the
// last commits but never corrupts), one connection for the writer thread and one for reads.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "storage.hpp"

struct sqlite3;

namespace server {

struct StatementCache;  // sqlite_storage.cpp

class SqliteStorage final : public Storage {
public:
    // Opens (creating if needed) `<data_dir>/agentdesk.db` and its schema. nullptr plus `error` on failure.
    static std::unique_ptr<SqliteStorage> open(const std::filesystem::path& data_dir, std::string& error);
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
    SqliteStorage(sqlite3* write_db, sqlite3* read_db);
    sqlite3* write_db_;  // writer thread and account commands
    sqlite3* read_db_;   // reads
    // Reads may come from more than one thread (hub strand, HTTP sessions); SQLite's serialized mode makes a
    // connection safe, but a prepared statement's step loop must not interleave.
    std::mutex read_mutex_;
    std::mutex write_mutex_;
    std::unique_ptr<StatementCache> write_cache_;  // used under write_mutex_
};

}  // namespace server
