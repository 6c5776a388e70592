// Every setting of the chat server, as plain data with the defaults of docs/protocol.md and docs/server.md.
// Filled from a JSON config file (--config) and then from command-line flags; unknown keys are refused so a typo
// in a config file is noticed instead of silently ignored.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/limits.hpp"

namespace server {

struct CannedResponse {
    std::string shortcut;
    std::string title;
    std::string text;  // may use {customer.name} and {agent.name}; the desktop fills them in
};

// Things the agent desktop shows and the server checks (dispositions), sent in agent.welcome's `config`.
struct DeskConfig {
    std::vector<CannedResponse> canned_responses;
    std::vector<std::string> dispositions;
    std::vector<std::string> not_ready_reasons;
};
DeskConfig demo_desk_config();  // an auto-insurance contact center's defaults

struct ServerConfig {
    std::filesystem::path data_dir;
    std::string bind = "127.0.0.1";
    std::uint16_t port = 8080;
    int threads = 1;  // io threads; one beat two on a 2-core box (docs/server.md)
    std::optional<std::filesystem::path> desktop_dir;
    std::optional<std::filesystem::path> customer_dir;
    bool demo = false;

    // Limits clients see in their welcome frame and the server enforces (docs/protocol.md "Limits").
    proto::Limits limits;
    // A session token stays valid this long without a connection.
    std::int64_t session_ttl_ms = 12LL * 3600 * 1000;
    // A queued chat whose customer has been disconnected this long ends by itself.
    std::int64_t abandon_timeout_ms = 10LL * 60 * 1000;
    DeskConfig desk = demo_desk_config();

    // HTTP: a request must arrive completely within this time, and an idle keep-alive connection is closed after it.
    std::int64_t http_timeout_ms = 30'000;
    // A WebSocket with no traffic for this long gets a ping; without an answer for as long again it is closed.
    std::int64_t ws_idle_timeout_ms = 60'000;
    // Largest request header block accepted (HTTP 431 beyond).
    std::int64_t max_header_bytes = 16 * 1024;
    // Browser Origins allowed for WebSocket upgrades and CORS on /api and /health. Empty: any origin (tokens are
    // never cookies, so a foreign page cannot borrow a session). Requests without an Origin header always pass.
    std::vector<std::string> allowed_origins;
    // TLS: a PEM certificate chain and its PEM private key. Both set: the port speaks only https/wss.
    std::optional<std::filesystem::path> tls_cert_file;
    std::optional<std::filesystem::path> tls_key_file;
    // Frames queued for one socket beyond this size mean the client does not read: it is closed (1008).
    std::int64_t max_queued_bytes_per_socket = 8 * 1024 * 1024;
    // One chat.sync answers at most this many events, or stops after the event that reaches maxSyncBytes; its
    // chat.synced then names a later lastSeq and the client asks again. A 100,000-event history thus arrives in
    // pages that stay far below maxQueuedBytesPerSocket instead of getting the reader's socket closed.
    std::int64_t max_sync_events = 2000;
    std::int64_t max_sync_bytes = 1024 * 1024;
    // Largest number of write operations the writer commits in one transaction (bounds a commit's latency).
    std::int64_t max_commit_batch = 4096;
    // SQLite WAL upkeep (sqlite_storage.hpp): the checkpoint thread copies the WAL back after this many new pages;
    // past walMaxBytes the writer finishes the copy between two batches and the WAL starts over (and is cut back).
    std::int64_t wal_checkpoint_pages = 4096;
    std::int64_t wal_max_bytes = 64 * 1024 * 1024;
    // The SQLite writer's page cache (sqlite_storage.hpp says why it is this large).
    std::int64_t sqlite_cache_bytes = 64 * 1024 * 1024;

    // Verified customers (docs/protocol.md "Verified customers"): the secret the contact center's backend signs
    // customer ids with (HMAC-SHA256). Empty: no customer is verified and no earlier chats are shown. When set,
    // at least kMinIdentitySecretBytes long.
    std::string customer_identity_secret;
    // customer.history answers at most this many earlier chats, each with its first historyPreviewLines texts.
    std::int64_t max_history_chats = proto::kDefaultMaxHistoryChats;
    // supervisor.overview: how often it is pushed at most while it changes, and how many queued and live chats it
    // lists at most.
    std::int64_t supervisor_overview_interval_ms = proto::kDefaultSupervisorOverviewIntervalMs;
    std::int64_t supervisor_overview_max_entries = proto::kDefaultSupervisorOverviewMaxEntries;
    std::int64_t history_preview_lines = proto::kDefaultHistoryPreviewLines;
};

// A shorter identity secret could be guessed from signed ids; 32 random bytes (64 hex digits) are recommended.
inline constexpr std::size_t kMinIdentitySecretBytes = 16;

struct ConfigError {
    std::string message;
};

// True for "*" and for a browser origin as browsers send it ("https://desk.example", "http://127.0.0.1:8080").
[[nodiscard]] bool is_origin_pattern(std::string_view origin);

// Reads a JSON config file into `config` (only the keys present change). Returns an error for bad JSON, unknown
// keys or values of the wrong type.
std::optional<ConfigError> apply_config_file(ServerConfig& config, const std::filesystem::path& file);

// Sets one setting by its config-file name from JSON text ("offerTimeoutMs", "500"), as `--set NAME=VALUE` does.
std::optional<ConfigError> apply_setting(ServerConfig& config, const std::string& name, const std::string& json_value);

// Checks ranges: every limit and timeout >= 1, offerPreviewTexts 1..proto::kMaxOfferPreviewTexts, threads 1..64;
// allowed origins are "*" or scheme://host[:port] exactly as browsers send them; TLS certificate and key come
// together. The first problem found, or nullopt.
std::optional<ConfigError> validate_config(const ServerConfig& config);

}  // namespace server
