// The hub: sessions ↔ router ↔ chat logs ↔ storage. All domain state lives in HubState and is touched only on
// the hub strand; the public methods below are thread-safe because each one posts its work to that strand.
// Background work (password hashing, commits) reports back by posting to the strand too.
//
// Feature files: hub.cpp (plumbing, timers, shutdown), hub_sessions.cpp (login/resume/start, presence,
// disconnect), hub_chat.cpp (send, sync, marks, typing, rtc), hub_routing.cpp (offers, transfer, end, wrap-up),
// hub_files.cpp (HTTP uploads and downloads), hub_restore.cpp (reload after a restart).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "commit_writer.hpp"
#include "config.hpp"
#include "connection.hpp"
#include "protocol/messages.hpp"
#include "storage.hpp"

namespace server {

struct HubState;  // hub_state.hpp

// An HTTP refusal: status and the JSON body's code/message (docs/protocol.md "Files").
struct HttpError {
    int status = 500;
    std::string code;
    std::string message;
};

// A checked upload, ready to become a `file` event (the bytes are already stored under sha256).
struct UploadRequest {
    std::string token;
    std::string chatId;
    std::string clientId;
    std::string name;  // sanitized
    std::string mime;
    std::int64_t size = 0;
    std::optional<std::int64_t> width;
    std::optional<std::int64_t> height;
    std::string sha256;
};

// 201 body ({"seq":…,"ts":…,"file":{…}}) or a refusal.
using UploadResult = std::variant<HttpError, std::string>;
using DownloadResult = std::variant<HttpError, FileRecord>;

struct HealthCounts {
    std::int64_t queued = 0;
    std::int64_t offered = 0;
    std::int64_t active = 0;
    std::int64_t sessions = 0;  // WebSocket sessions known to the hub
};

class Hub {
public:
    using Task = std::function<void()>;
    using Post = std::function<void(Task)>;
    using Clock = std::function<std::int64_t()>;  // ms since the Unix epoch

    // post_to_strand runs tasks one at a time in order (the hub strand); post_to_worker runs slow tasks
    // (password hashing) off the strand.
    Hub(const ServerConfig& config, Storage& storage, CommitWriter& writer, Post post_to_strand,
        Post post_to_worker, Clock clock);
    ~Hub();

    // Before serving, single-threaded: reloads open chats and resumes routing. An error text on failure.
    [[nodiscard]] std::optional<std::string> restore();

    // ---- WebSocket sessions (thread-safe) ----
    ConnectionId connect(std::shared_ptr<ClientConnection> connection);
    void message(ConnectionId id, proto::ClientMessage message);
    void disconnect(ConnectionId id);

    // ---- HTTP (thread-safe; callbacks run on the hub strand and must post to their own executor) ----
    // Before storing bytes: the token is a party of the open chat. `existing` is set for a repeated clientId.
    void check_upload(std::string token, std::string chat_id, std::string client_id,
                      std::function<void(std::optional<HttpError> error, std::optional<std::string> existing)> done);
    // After storing bytes: appends the `file` event and answers once it is committed.
    void commit_upload(UploadRequest request, std::function<void(UploadResult)> done);
    void authorize_download(std::string token, std::string file_id, std::function<void(DownloadResult)> done);

    // ---- Timers and lifecycle ----
    // Runs due timers (offer expiry, typing expiry, abandoned queued chats). Returns via `done` the delay in ms
    // until the next call is needed (capped), on the strand.
    void tick(std::function<void(std::int64_t next_delay_ms)> done);
    // Refuses new work (unavailable), waits until every submitted write committed and its acks went out, then
    // closes every socket with 1001 and calls `done` (on the strand).
    void shutdown(Task done);

    // Current counts for /health, computed on the strand; `done` runs there.
    void health(std::function<void(HealthCounts)> done);

private:
    std::unique_ptr<HubState> state_;
    std::atomic<ConnectionId> next_connection_{1};
};

}  // namespace server
