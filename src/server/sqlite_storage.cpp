#include "sqlite_storage.hpp"

#include "core/overloaded.hpp"
#include "strand_check.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <type_traits>
#include <unordered_map>

namespace server {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS agents(
  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions(
  token_hash TEXT PRIMARY KEY, role TEXT NOT NULL, agent_id TEXT NOT NULL, chat_id TEXT NOT NULL,
  created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chats(
  id TEXT PRIMARY KEY, seq_no INTEGER NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL,
  assigned_at INTEGER, ended_at INTEGER, customer_json TEXT NOT NULL, context_json TEXT NOT NULL,
  agent_id TEXT NOT NULL, last_seq INTEGER NOT NULL, last_location_json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chats_open ON chats(status) WHERE status <> 'closed';
CREATE TABLE IF NOT EXISTS events(
  chat_id TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, kind TEXT NOT NULL, sender TEXT NOT NULL,
  client_id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY(chat_id, seq)) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS events_client_id ON events(chat_id, sender, client_id) WHERE client_id <> '';
CREATE TABLE IF NOT EXISTS receipts(
  chat_id TEXT NOT NULL, role TEXT NOT NULL, delivered INTEGER NOT NULL, read INTEGER NOT NULL,
  PRIMARY KEY(chat_id, role)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files(
  id TEXT PRIMARY KEY, seq_no INTEGER NOT NULL, chat_id TEXT NOT NULL, sha256 TEXT NOT NULL, name TEXT NOT NULL,
  mime TEXT NOT NULL, size INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS wrapups(
  chat_id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, disposition TEXT NOT NULL, notes TEXT NOT NULL,
  ts INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS customer_chats(
  user_id TEXT NOT NULL, created_at INTEGER NOT NULL, chat_id TEXT NOT NULL,
  PRIMARY KEY(user_id, created_at, chat_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS internal_events(
  chat_id TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, kind TEXT NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY(chat_id, seq)) WITHOUT ROWID;
)sql";

// Columns added after a table first shipped: (table, column, definition). Data folders made before them get the
// column on open, with its default for the existing rows.
struct AddedColumn {
    const char* table;
    const char* column;
    const char* definition;
};
constexpr AddedColumn kAddedColumns[] = {
    {"agents", "role", "TEXT NOT NULL DEFAULT 'agent'"},
};

// Numeric part of an id such as "c42" (ids are a letter and a counter), so ids sort and continue after restarts.
std::int64_t id_number(const std::string& id) {
    std::int64_t n = 0;
    for (std::size_t i = 1; i < id.size() && i < 19; ++i) {
        if (id[i] < '0' || id[i] > '9') return 0;
        n = n * 10 + (id[i] - '0');
    }
    return n;
}

// A prepared statement, finalized on scope exit. Binds by position from 1.
}  // namespace

// Prepared statements of the writer connection, kept across commits: preparing costs more than running one of
// these small inserts. Keyed by the SQL literal's address (each call site passes one literal).
struct StatementCache {
    explicit StatementCache(sqlite3* db) : db(db) {}
    ~StatementCache() {
        for (auto& [sql, stmt] : statements) sqlite3_finalize(stmt);
    }
    sqlite3_stmt* get(const char* sql) {
        auto& stmt = statements[sql];
        if (!stmt) sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        return stmt;
    }
    sqlite3* db;
    std::unordered_map<const char*, sqlite3_stmt*> statements;
};

namespace {

class Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
    // A cached statement: reset for the next use instead of finalized.
    Statement(StatementCache& cache, const char* sql) : db_(cache.db), stmt_(cache.get(sql)), cached_(true) {}
    ~Statement() {
        if (!cached_) {
            sqlite3_finalize(stmt_);
        } else if (stmt_) {
            sqlite3_reset(stmt_);
            sqlite3_clear_bindings(stmt_);
        }
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool ok() const { return stmt_ != nullptr; }
    Statement& bind(int index, const std::string& text) {
        sqlite3_bind_text(stmt_, index, text.data(), int(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int index, std::int64_t value) {
        sqlite3_bind_int64(stmt_, index, value);
        return *this;
    }
    Statement& bind(int index, const std::optional<std::int64_t>& value) {
        if (value)
            sqlite3_bind_int64(stmt_, index, *value);
        else
            sqlite3_bind_null(stmt_, index);
        return *this;
    }
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return stmt_ ? sqlite3_step(stmt_) : SQLITE_ERROR; }
    std::string text(int column) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
        return p ? std::string(p, std::size_t(sqlite3_column_bytes(stmt_, column))) : std::string();
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
    std::optional<std::int64_t> maybe_integer(int column) const {
        if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
        return integer(column);
    }
    std::string error() const { return sqlite3_errmsg(db_); }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    bool cached_ = false;
};

bool exec(sqlite3* db, const char* sql, std::string& error) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        error = message ? message : "sqlite error";
        sqlite3_free(message);
        return false;
    }
    return true;
}

sqlite3* open_connection(const std::filesystem::path& file, std::string& error) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        error = db ? sqlite3_errmsg(db) : "cannot open database";
        sqlite3_close(db);
        return nullptr;
    }
    sqlite3_busy_timeout(db, 5000);  // the reader may wait for a WAL checkpoint for a moment
    if (!exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;", error)) {
        sqlite3_close(db);
        return nullptr;
    }
    return db;
}

// Applies one op; returns an error text or "". One lambda per WriteOp alternative: a new op fails to compile
// until it is stored.
std::string apply_op(StatementCache& db, const WriteOp& op) {
    const auto finish = [](Statement& s) -> std::string {
        const int rc = s.step();
        if (rc == SQLITE_DONE) return {};
        const std::string err = s.error();
        return err.empty() ? "sqlite error" : err;
    };
    return std::visit(
        core::Overloaded{
            [&db, &finish](const ChatRecord& r) -> std::string {
                Statement s(db,
                            "INSERT INTO chats(id,seq_no,status,created_at,assigned_at,ended_at,customer_json,"
                            "context_json,agent_id,last_seq,last_location_json) VALUES(?,?,?,?,?,?,?,?,?,?,?) "
                            "ON CONFLICT(id) DO UPDATE SET status=excluded.status,assigned_at=excluded.assigned_at,"
                            "ended_at=excluded.ended_at,customer_json=excluded.customer_json,context_json="
                            "excluded.context_json,agent_id=excluded.agent_id,last_seq=excluded.last_seq,"
                            "last_location_json=excluded.last_location_json");
                s.bind(1, r.id).bind(2, id_number(r.id)).bind(3, r.status).bind(4, r.created_at).bind(5, r.assigned_at);
                s.bind(6, r.ended_at).bind(7, r.customer_json).bind(8, r.context_json).bind(9, r.agent_id);
                s.bind(10, r.last_seq).bind(11, r.last_location_json);
                return finish(s);
            },
            [&db, &finish](const EventRecord& r) -> std::string {
                Statement s(db, "INSERT INTO events(chat_id,seq,ts,kind,sender,client_id,json) VALUES(?,?,?,?,?,?,?)");
                s.bind(1, r.chat_id).bind(2, r.seq).bind(3, r.ts).bind(4, r.kind).bind(5, r.sender);
                s.bind(6, r.client_id).bind(7, r.json);
                return finish(s);
            },
            [&db, &finish](const ReceiptRecord& r) -> std::string {
                Statement s(
                    db,
                    "INSERT INTO receipts(chat_id,role,delivered,read) VALUES(?,?,?,?) ON CONFLICT(chat_id,role) DO "
                    "UPDATE SET delivered=max(delivered,excluded.delivered),read=max(read,excluded.read)");
                s.bind(1, r.chat_id).bind(2, r.role).bind(3, r.delivered).bind(4, r.read);
                return finish(s);
            },
            [&db, &finish](const FileRecord& r) -> std::string {
                Statement s(db,
                            "INSERT INTO files(id,seq_no,chat_id,sha256,name,mime,size,width,height,created_at) "
                            "VALUES(?,?,?,?,?,?,?,?,?,?)");
                s.bind(1, r.id).bind(2, id_number(r.id)).bind(3, r.chat_id).bind(4, r.sha256).bind(5, r.name);
                s.bind(6, r.mime).bind(7, r.size).bind(8, r.width).bind(9, r.height).bind(10, r.created_at);
                return finish(s);
            },
            [&db, &finish](const WrapupRecord& r) -> std::string {
                Statement s(db,
                            "INSERT OR REPLACE INTO wrapups(chat_id,agent_id,disposition,notes,ts) VALUES(?,?,?,?,?)");
                s.bind(1, r.chat_id).bind(2, r.agent_id).bind(3, r.disposition).bind(4, r.notes).bind(5, r.ts);
                return finish(s);
            },
            [&db, &finish](const SessionRecord& r) -> std::string {
                Statement s(db,
                            "INSERT OR REPLACE INTO sessions(token_hash,role,agent_id,chat_id,created_at,"
                            "last_seen_at) VALUES(?,?,?,?,?,?)");
                s.bind(1, r.token_hash).bind(2, r.role).bind(3, r.agent_id).bind(4, r.chat_id).bind(5, r.created_at);
                s.bind(6, r.last_seen_at);
                return finish(s);
            },
            [&db, &finish](const DeleteSession& r) -> std::string {
                Statement s(db, "DELETE FROM sessions WHERE token_hash=?");
                s.bind(1, r.token_hash);
                return finish(s);
            },
            [&db, &finish](const DeleteAgentSessions& r) -> std::string {
                Statement s(db, "DELETE FROM sessions WHERE role='agent' AND agent_id=? AND token_hash<>?");
                s.bind(1, r.agent_id).bind(2, r.keep_token_hash);
                return finish(s);
            },
            [&db, &finish](const CustomerLink& r) -> std::string {
                Statement s(db, "INSERT OR IGNORE INTO customer_chats(user_id,created_at,chat_id) VALUES(?,?,?)");
                s.bind(1, r.user_id).bind(2, r.created_at).bind(3, r.chat_id);
                return finish(s);
            },
            [&db, &finish](const InternalEventRecord& r) -> std::string {
                Statement s(db, "INSERT INTO internal_events(chat_id,seq,ts,kind,json) VALUES(?,?,?,?,?)");
                s.bind(1, r.chat_id).bind(2, r.seq).bind(3, r.ts).bind(4, r.kind).bind(5, r.json);
                return finish(s);
            },
            [&db, &finish](const TouchSession& r) -> std::string {
                Statement s(db, "UPDATE sessions SET last_seen_at=max(last_seen_at,?) WHERE token_hash=?");
                s.bind(1, r.last_seen_at).bind(2, r.token_hash);
                return finish(s);
            },
        },
        op);
}

bool add_missing_columns(sqlite3* db, std::string& error) {
    for (const auto& added : kAddedColumns) {
        const std::string probe =
            std::string("SELECT 1 FROM pragma_table_info('") + added.table + "') WHERE name='" + added.column + "'";
        Statement s(db, probe.c_str());
        const int rc = s.step();
        if (rc == SQLITE_ROW) continue;
        if (rc != SQLITE_DONE) {
            error = "cannot read the columns of " + std::string(added.table) + ": " + s.error();
            return false;
        }
        const std::string alter =
            std::string("ALTER TABLE ") + added.table + " ADD COLUMN " + added.column + " " + added.definition;
        if (!exec(db, alter.c_str(), error)) return false;
    }
    return true;
}

ChatRecord read_chat(const Statement& s) {
    ChatRecord c;
    c.id = s.text(0);
    c.status = s.text(1);
    c.created_at = s.integer(2);
    c.assigned_at = s.maybe_integer(3);
    c.ended_at = s.maybe_integer(4);
    c.customer_json = s.text(5);
    c.context_json = s.text(6);
    c.agent_id = s.text(7);
    c.last_seq = s.integer(8);
    c.last_location_json = s.text(9);
    return c;
}
constexpr const char* kChatColumns =
    "SELECT id,status,created_at,assigned_at,ended_at,customer_json,context_json,agent_id,last_seq,"
    "last_location_json FROM chats ";

}  // namespace

std::unique_ptr<SqliteStorage> SqliteStorage::open(const std::filesystem::path& data_dir, std::string& error,
                                                   SqliteSettings settings) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) {
        error = "cannot create " + data_dir.string() + ": " + ec.message();
        return nullptr;
    }
    const auto file = data_dir / "agentdesk.db";
    sqlite3* writer = open_connection(file, error);
    if (!writer) return nullptr;
    if (!exec(writer, kSchema, error) || !add_missing_columns(writer, error)) {
        sqlite3_close(writer);
        return nullptr;
    }
    settings.checkpoint_pages = std::max<std::int64_t>(1, settings.checkpoint_pages);
    settings.max_wal_bytes = std::max<std::int64_t>(1, settings.max_wal_bytes);
    // After the WAL starts over, SQLite cuts its file back to journal_size_limit. A negative cache_size is KiB.
    const std::string writer_pragmas = "PRAGMA journal_size_limit=" + std::to_string(settings.max_wal_bytes) +
        "; PRAGMA cache_size=-" + std::to_string(std::max<std::int64_t>(1, settings.cache_bytes / 1024)) + ";";
    if (!exec(writer, writer_pragmas.c_str(), error)) {
        sqlite3_close(writer);
        return nullptr;
    }
    std::int64_t page_bytes = 4096;
    {
        Statement s(writer, "PRAGMA page_size");
        if (s.step() == SQLITE_ROW) page_bytes = std::max<std::int64_t>(512, s.integer(0));
    }
    sqlite3* reader = open_connection(file, error);
    if (!reader) {
        sqlite3_close(writer);
        return nullptr;
    }
    sqlite3* checkpointer = open_connection(file, error);
    if (!checkpointer) {
        sqlite3_close(reader);
        sqlite3_close(writer);
        return nullptr;
    }
    auto storage =
        std::unique_ptr<SqliteStorage>(new SqliteStorage(writer, reader, checkpointer, settings, page_bytes));
    storage->write_cache_ = std::make_unique<StatementCache>(writer);
    // Replaces SQLite's automatic checkpoint (which is a WAL hook too) on the writer.
    sqlite3_wal_hook(writer, &SqliteStorage::on_wal_commit, storage.get());
    return storage;
}

SqliteStorage::SqliteStorage(sqlite3* write_db, sqlite3* read_db, sqlite3* checkpoint_db, SqliteSettings settings,
                             std::int64_t page_bytes)
    : write_db_(write_db),
      read_db_(read_db),
      checkpoint_db_(checkpoint_db),
      settings_(settings),
      page_bytes_(page_bytes),
      checkpoint_thread_([this] { run_checkpoints(); }) {}

SqliteStorage::~SqliteStorage() {
    {
        std::lock_guard lock(checkpoint_mutex_);
        stopping_ = true;
    }
    checkpoint_wake_.notify_all();
    checkpoint_thread_.join();
    write_cache_.reset();  // statements before their connection
    sqlite3_close(checkpoint_db_);
    sqlite3_close(read_db_);
    sqlite3_close(write_db_);  // the last connection: SQLite checkpoints and removes the WAL
}

// Runs on the writer's thread at the end of every commit (inside sqlite3_step of COMMIT): only counts and wakes.
int SqliteStorage::on_wal_commit(void* self, sqlite3*, const char*, int wal_pages) {
    auto& storage = *static_cast<SqliteStorage*>(self);
    storage.wal_pages_.store(wal_pages, std::memory_order_relaxed);
    // After the WAL started over its page count drops: count new pages from there.
    if (wal_pages < storage.pages_at_last_wake_) storage.pages_at_last_wake_ = 0;
    if (wal_pages - storage.pages_at_last_wake_ >= storage.settings_.checkpoint_pages) {
        storage.pages_at_last_wake_ = wal_pages;
        {
            std::lock_guard lock(storage.checkpoint_mutex_);
            storage.checkpoint_wanted_ = true;
        }
        storage.checkpoint_wake_.notify_one();
    }
    return SQLITE_OK;
}

void SqliteStorage::run_checkpoints() {
    std::unique_lock lock(checkpoint_mutex_);
    for (;;) {
        checkpoint_wake_.wait(lock, [this] { return stopping_ || checkpoint_wanted_; });
        if (stopping_) return;
        checkpoint_wanted_ = false;
        // Past the size limit the writer finishes the checkpoint between batches; running here too would only make
        // its attempt BUSY.
        if (wal_pages_.load(std::memory_order_relaxed) * page_bytes_ > settings_.max_wal_bytes) continue;
        lock.unlock();
        // PASSIVE: copies what no reader still needs and never waits for the writer or a reader.
        const int rc = sqlite3_wal_checkpoint_v2(checkpoint_db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
        if (rc == SQLITE_OK) ++background_checkpoints_;
    }
}

void SqliteStorage::between_batches() {
    if (wal_pages_.load(std::memory_order_relaxed) * page_bytes_ <= settings_.max_wal_bytes) return;
    std::lock_guard lock(write_mutex_);
    // The checkpoint thread has copied nearly all of it: this copies the rest. When everything is in the database
    // file (no reader still needs an older page), the next commit writes the WAL from its beginning. BUSY (the
    // checkpoint thread is running) or a partial copy: tried again after the next batch.
    int wal_frames = 0;
    int copied = 0;
    if (sqlite3_wal_checkpoint_v2(write_db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_frames, &copied) == SQLITE_OK &&
        copied == wal_frames) {
        writer_checkpoints_.fetch_add(1, std::memory_order_relaxed);
    }
}

SqliteStorage::WalStats SqliteStorage::wal_stats() const {
    WalStats stats;
    {
        std::lock_guard lock(checkpoint_mutex_);
        stats.background_checkpoints = background_checkpoints_;
    }
    stats.writer_checkpoints = writer_checkpoints_.load(std::memory_order_relaxed);
    stats.wal_pages = wal_pages_.load(std::memory_order_relaxed);
    return stats;
}

std::optional<StorageError> SqliteStorage::apply_batch(const std::vector<WriteOp>& ops) {
    note_storage_call("apply_batch");
    std::lock_guard lock(write_mutex_);
    std::string error;
    if (!exec(write_db_, "BEGIN IMMEDIATE", error)) return StorageError{error};
    for (const auto& op : ops) {
        const std::string failure = apply_op(*write_cache_, op);
        if (!failure.empty()) {
            exec(write_db_, "ROLLBACK", error);
            return StorageError{failure};
        }
    }
    if (!exec(write_db_, "COMMIT", error)) {
        std::string ignored;
        exec(write_db_, "ROLLBACK", ignored);
        return StorageError{error};
    }
    return std::nullopt;
}

std::optional<StorageError> SqliteStorage::add_agent(const AgentRecord& agent) {
    note_storage_call("add_agent");
    std::lock_guard lock(write_mutex_);
    Statement s(write_db_, "INSERT INTO agents(id,username,display_name,password_hash,role) VALUES(?,?,?,?,?)");
    s.bind(1, agent.id).bind(2, agent.username).bind(3, agent.display_name).bind(4, agent.password_hash);
    s.bind(5, agent.role);
    if (s.step() != SQLITE_DONE) return StorageError{s.error()};
    return std::nullopt;
}

bool SqliteStorage::remove_agent(const std::string& username) {
    note_storage_call("remove_agent");
    std::lock_guard lock(write_mutex_);
    Statement find(write_db_, "SELECT id FROM agents WHERE username=?");
    find.bind(1, username);
    if (find.step() != SQLITE_ROW) return false;
    const std::string id = find.text(0);
    Statement sessions(write_db_, "DELETE FROM sessions WHERE role='agent' AND agent_id=?");
    sessions.bind(1, id);
    sessions.step();
    Statement s(write_db_, "DELETE FROM agents WHERE id=?");
    s.bind(1, id);
    return s.step() == SQLITE_DONE && sqlite3_changes(write_db_) == 1;
}

bool SqliteStorage::set_password(const std::string& username, const std::string& password_hash) {
    note_storage_call("set_password");
    std::lock_guard lock(write_mutex_);
    Statement s(write_db_, "UPDATE agents SET password_hash=? WHERE username=?");
    s.bind(1, password_hash).bind(2, username);
    if (s.step() != SQLITE_DONE || sqlite3_changes(write_db_) != 1) return false;
    // A new password ends every session of that agent.
    Statement sessions(write_db_,
                       "DELETE FROM sessions WHERE role='agent' AND agent_id=(SELECT id FROM agents WHERE username=?)");
    sessions.bind(1, username);
    sessions.step();
    return true;
}

std::vector<AgentRecord> SqliteStorage::list_agents() {
    note_storage_call("list_agents");
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_, "SELECT id,username,display_name,password_hash,role FROM agents ORDER BY length(id), id");
    std::vector<AgentRecord> out;
    while (s.step() == SQLITE_ROW) out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4)});
    return out;
}

std::optional<AgentRecord> SqliteStorage::find_agent(const std::string& username) {
    note_storage_call("find_agent");
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_, "SELECT id,username,display_name,password_hash,role FROM agents WHERE username=?");
    s.bind(1, username);
    if (s.step() != SQLITE_ROW) return std::nullopt;
    return AgentRecord{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4)};
}

std::optional<AgentRecord> SqliteStorage::find_agent_by_id(const std::string& id) {
    note_storage_call("find_agent_by_id");
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_, "SELECT id,username,display_name,password_hash,role FROM agents WHERE id=?");
    s.bind(1, id);
    if (s.step() != SQLITE_ROW) return std::nullopt;
    return AgentRecord{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4)};
}

std::optional<SessionRecord> SqliteStorage::find_session(const std::string& token_hash) {
    note_storage_call("find_session");
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_, "SELECT role,agent_id,chat_id,created_at,last_seen_at FROM sessions WHERE token_hash=?");
    s.bind(1, token_hash);
    if (s.step() != SQLITE_ROW) return std::nullopt;
    return SessionRecord{token_hash, s.text(0), s.text(1), s.text(2), s.integer(3), s.integer(4)};
}

std::vector<ChatRecord> SqliteStorage::load_open_chats() {
    note_storage_call("load_open_chats");
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_, (std::string(kChatColumns) + "WHERE status <> 'closed' ORDER BY seq_no").c_str());
    std::vector<ChatRecord> out;
    while (s.step() == SQLITE_ROW) out.push_back(read_chat(s));
    return out;
}

std::optional<ChatRecord> SqliteStorage::load_chat(const std::string& chat_id) {
    note_storage_call("load_chat");
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_, (std::string(kChatColumns) + "WHERE id=?").c_str());
    s.bind(1, chat_id);
    if (s.step() != SQLITE_ROW) return std::nullopt;
    return read_chat(s);
}

std::vector<EventRecord> SqliteStorage::load_events(const std::string& chat_id, std::int64_t after_seq,
                                                    std::int64_t max_events) {
    note_storage_call("load_events");
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_,
                "SELECT seq,ts,kind,sender,client_id,json FROM events WHERE chat_id=? AND seq>? ORDER BY seq LIMIT ?");
    s.bind(1, chat_id).bind(2, after_seq).bind(3, max_events);
    std::vector<EventRecord> out;
    while (s.step() == SQLITE_ROW) {
        out.push_back({chat_id, s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5)});
    }
    return out;
}

std::vector<InternalEventRecord> SqliteStorage::load_internal_events(const std::string& chat_id, std::int64_t after_seq,
                                                                     std::int64_t max_events) {
    note_storage_call("load_internal_events");
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_,
                "SELECT seq,ts,kind,json FROM internal_events WHERE chat_id=? AND seq>? ORDER BY seq LIMIT ?");
    s.bind(1, chat_id).bind(2, after_seq).bind(3, max_events);
    std::vector<InternalEventRecord> out;
    while (s.step() == SQLITE_ROW) out.push_back({chat_id, s.integer(0), s.integer(1), s.text(2), s.text(3)});
    return out;
}

std::vector<ReceiptRecord> SqliteStorage::load_receipts(const std::string& chat_id) {
    note_storage_call("load_receipts");
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_, "SELECT role,delivered,read FROM receipts WHERE chat_id=?");
    s.bind(1, chat_id);
    std::vector<ReceiptRecord> out;
    while (s.step() == SQLITE_ROW) out.push_back({chat_id, s.text(0), s.integer(1), s.integer(2)});
    return out;
}

std::optional<FileRecord> SqliteStorage::find_file(const std::string& file_id) {
    note_storage_call("find_file");
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_, "SELECT chat_id,sha256,name,mime,size,width,height,created_at FROM files WHERE id=?");
    s.bind(1, file_id);
    if (s.step() != SQLITE_ROW) return std::nullopt;
    return FileRecord{file_id,      s.text(0),    s.text(1),    s.text(2),   s.text(3),
                      s.integer(4), s.integer(5), s.integer(6), s.integer(7)};
}

std::vector<PastChatRecord> SqliteStorage::load_customer_history(const std::string& user_id,
                                                                 const std::string& except_chat_id,
                                                                 std::int64_t max_chats, std::int64_t preview_texts) {
    note_storage_call("load_customer_history");
    std::lock_guard lock(read_mutex_);
    std::vector<PastChatRecord> out;
    {
        // One order for the cut and the answer: newest link first, the later chat number first within a ms.
        Statement s(read_db_,
                    "SELECT c.id,c.status,c.created_at,c.assigned_at,c.ended_at,c.customer_json,c.context_json,"
                    "c.agent_id,c.last_seq,c.last_location_json FROM customer_chats l JOIN chats c ON c.id=l.chat_id "
                    "WHERE l.user_id=? AND l.chat_id<>? ORDER BY l.created_at DESC, c.seq_no DESC LIMIT ?");
        s.bind(1, user_id).bind(2, except_chat_id).bind(3, max_chats);
        while (s.step() == SQLITE_ROW) out.push_back({read_chat(s), std::nullopt, {}});
    }
    for (auto& past : out) {
        Statement wrapup(read_db_, "SELECT agent_id,disposition,notes,ts FROM wrapups WHERE chat_id=?");
        wrapup.bind(1, past.chat.id);
        if (wrapup.step() == SQLITE_ROW)
            past.wrapup = WrapupRecord{past.chat.id, wrapup.text(0), wrapup.text(1), wrapup.text(2), wrapup.integer(3)};
        Statement texts(read_db_, "SELECT json FROM events WHERE chat_id=? AND kind='text' ORDER BY seq LIMIT ?");
        texts.bind(1, past.chat.id).bind(2, preview_texts);
        while (texts.step() == SQLITE_ROW) past.first_texts.push_back(texts.text(0));
    }
    return out;
}

IdCounters SqliteStorage::load_id_counters() {
    note_storage_call("load_id_counters");
    std::lock_guard lock(read_mutex_);
    IdCounters counters;
    auto max_of = [this](const char* sql) {
        Statement s(read_db_, sql);
        return s.step() == SQLITE_ROW ? s.integer(0) : 0;
    };
    counters.chat = max_of("SELECT coalesce(max(seq_no),0) FROM chats");
    counters.file = max_of("SELECT coalesce(max(seq_no),0) FROM files");
    Statement s(read_db_, "SELECT id FROM agents");
    while (s.step() == SQLITE_ROW) counters.agent = std::max(counters.agent, id_number(s.text(0)));
    return counters;
}

}  // namespace server
