// Durable state of the chat server, behind one interface (SqliteStorage implements it; tests may use a temp dir).
//
// Two kinds of access, on two threads:
//  - Writes are WriteOp values applied in batches by the commit writer thread (commit_writer.hpp), one transaction
//    per batch, in submission order. Nothing is acknowledged to a client before its batch committed.
//  - Reads run on the hub's reader thread (never on the hub strand: strand_check.hpp), the login worker, at
//    start (restore) and in the CLI. They see committed data only.
// Records are plain values; chat events are stored as their encoded wire JSON so a sync replays them unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace server {

struct AgentRecord {
    std::string id;  // "a1", …
    std::string username;
    std::string display_name;
    std::string password_hash;   // argon2id string
    std::string role = "agent";  // "agent" or "supervisor" (proto::AccountRole's wire names)
};

struct SessionRecord {
    std::string token_hash;  // accounts.hpp token_hash(); the token itself is never stored
    std::string role;        // "agent" or "customer"
    std::string agent_id;    // role agent
    std::string chat_id;     // role customer
    std::int64_t created_at = 0;
    std::int64_t last_seen_at = 0;  // last time a socket of this session was connected (for sessionTtlMs)
};

struct ChatRecord {
    std::string id;      // "c1", …
    std::string status;  // queued, offered, active, ended, closed
    std::int64_t created_at = 0;
    std::optional<std::int64_t> assigned_at;
    std::optional<std::int64_t> ended_at;
    std::string customer_json = "{}";  // the ChatSummary `customer` object
    std::string context_json = "{}";   // merged context
    std::string agent_id;              // "" when none
    std::int64_t last_seq = 0;
    std::string last_location_json;  // "" when none
};

struct EventRecord {
    std::string chat_id;
    std::int64_t seq = 0;
    std::int64_t ts = 0;
    std::string kind;
    std::string sender;     // who sent it, for clientId uniqueness: "customer", "agent:a1" or "system"
    std::string client_id;  // "" when none
    std::string json;       // the whole Event object as sent on the wire
};

struct ReceiptRecord {
    std::string chat_id;
    std::string role;  // whose marks: "customer" or "agent"
    std::int64_t delivered = 0;
    std::int64_t read = 0;
};

struct FileRecord {
    std::string id;  // "f1", …
    std::string chat_id;
    std::string sha256;  // hex; the bytes live in <data>/files/<sha256>
    std::string name;
    std::string mime;
    std::int64_t size = 0;
    std::int64_t width = 0;  // 0 when not an image
    std::int64_t height = 0;
    std::int64_t created_at = 0;
};

struct WrapupRecord {
    std::string chat_id;
    std::string agent_id;
    std::string disposition;
    std::string notes;
    std::int64_t ts = 0;
};

// A chat of a verified customer (customer.start with a valid identity): what links it to their later chats.
struct CustomerLink {
    std::string user_id;
    std::string chat_id;
    std::int64_t created_at = 0;
};

// One earlier chat of a verified customer, as customer.history lists it.
struct PastChatRecord {
    ChatRecord chat;
    std::optional<WrapupRecord> wrapup;
    std::vector<std::string> first_texts;  // JSON of its first `text` events, in order
};

// One entry of a chat's internal stream (whispers, flags, watching): staff only, never in `events`, so nothing
// that reads the chat log for a customer can reach it.
struct InternalEventRecord {
    std::string chat_id;
    std::int64_t seq = 0;  // 1, 2, 3… per chat, its own counter
    std::int64_t ts = 0;
    std::string kind;
    std::string json;  // the InternalEvent object as sent on the wire
};

struct DeleteSession {
    std::string token_hash;
};
// A new login takes over: every other session of the agent ends.
struct DeleteAgentSessions {
    std::string agent_id;
    std::string keep_token_hash;
};
struct TouchSession {
    std::string token_hash;
    std::int64_t last_seen_at = 0;
};

// One durable change. Chats and receipts are upserts of the whole row; events, files and wrap-ups are inserts.
using WriteOp = std::variant<ChatRecord, EventRecord, ReceiptRecord, FileRecord, WrapupRecord, SessionRecord,
                             DeleteSession, DeleteAgentSessions, TouchSession, CustomerLink, InternalEventRecord>;

struct StorageError {
    std::string message;
};

// Highest numeric suffix of each id kind in use, so new ids continue after a restart.
struct IdCounters {
    std::int64_t chat = 0;
    std::int64_t file = 0;
    std::int64_t agent = 0;
};

class Storage {
public:
    virtual ~Storage() = default;

    // --- writes (commit writer thread) ---
    // Applies every op in one transaction: all or nothing.
    virtual std::optional<StorageError> apply_batch(const std::vector<WriteOp>& ops) = 0;
    // The writer is between two batches and every completion of the last one has run: upkeep that must not delay
    // an ack (SQLite: finishing a checkpoint so the WAL can start over) goes here.
    virtual void between_batches() {}

    // --- accounts (CLI and server start; synchronous) ---
    virtual std::optional<StorageError> add_agent(const AgentRecord& agent) = 0;
    virtual bool remove_agent(const std::string& username) = 0;  // false when unknown; drops its sessions too
    virtual bool set_password(const std::string& username, const std::string& password_hash) = 0;
    virtual std::vector<AgentRecord> list_agents() = 0;
    virtual std::optional<AgentRecord> find_agent(const std::string& username) = 0;
    virtual std::optional<AgentRecord> find_agent_by_id(const std::string& id) = 0;

    // --- reads (hub strand) ---
    virtual std::optional<SessionRecord> find_session(const std::string& token_hash) = 0;
    // Chats not closed, oldest first: what routing resumes with after a restart.
    virtual std::vector<ChatRecord> load_open_chats() = 0;
    virtual std::optional<ChatRecord> load_chat(const std::string& chat_id) = 0;
    // Events with seq > after_seq in order, at most max_events of them.
    virtual std::vector<EventRecord> load_events(const std::string& chat_id, std::int64_t after_seq,
                                                 std::int64_t max_events) = 0;
    virtual std::vector<ReceiptRecord> load_receipts(const std::string& chat_id) = 0;
    virtual std::optional<FileRecord> find_file(const std::string& file_id) = 0;
    // The chats linked to a verified customer, newest first, without `except_chat_id`, at most `max_chats`; each
    // with its wrap-up and the JSON of its first `preview_texts` text events.
    virtual std::vector<PastChatRecord> load_customer_history(const std::string& user_id,
                                                              const std::string& except_chat_id, std::int64_t max_chats,
                                                              std::int64_t preview_texts) = 0;
    // Internal events with seq > after_seq in order, at most max_events of them.
    virtual std::vector<InternalEventRecord> load_internal_events(const std::string& chat_id, std::int64_t after_seq,
                                                                  std::int64_t max_events) = 0;
    virtual IdCounters load_id_counters() = 0;
};

}  // namespace server
