// The hub: the chat server's domain, behind one thread-safe facade. Every public method posts its work to the hub
// strand, where the components live and talk to each other through narrow interfaces:
//
//   Connections    sockets, who is behind each, every frame out (connections.hpp)
//   Sessions       login, resume, customer start, logout, tokens (sessions.hpp)
//   ChatPipeline   open chats; append → commit → ack + push; sync, receipts, typing, WebRTC relay (chat_pipeline.hpp)
//   RoutingAdapter core::Router's decisions carried out: offers, transfer, end, wrap-up, presence (routing_adapter.hpp)
//   FileTransfers  HTTP uploads and downloads (file_transfers.hpp)
//   AgentRoster    agents' names and assigned chats (agent_roster.hpp)
//   PastChats      verified customers' earlier chats: customer.history (past_chats.hpp)
//
// Storage is never called on the strand (strand_check.hpp): reads run on the reader executor and writes on the
// write queue, and both report back by posting to the strand (hub_services.hpp). docs/server.md draws it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "config.hpp"
#include "connection.hpp"
#include "protocol/messages.hpp"
#include "hub_services.hpp"
#include "storage.hpp"
#include "write_queue.hpp"

namespace server {

class HubCore;  // hub.cpp: the components

// An HTTP refusal: status and the JSON body's code/message (docs/protocol.md "Files").
struct HttpError {
    int status = 500;
    std::string code;
    std::string message;
};

// A checked upload, ready to become a `file` event (the bytes are already stored under sha256).
struct UploadRequest {
    std::string token;
    std::string chat_id;
    std::string client_id;
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
    using Task = server::Task;
    using Post = server::Post;
    using Clock = server::Clock;

    // `executors` say where the strand, storage reads and slow work run (hub_services.hpp); `writes` commits.
    Hub(const ServerConfig& config, Storage& storage, WriteQueue& writes, HubExecutors executors, Clock clock);
    ~Hub();

    // Before serving, single-threaded (storage is read directly): reloads open chats and resumes routing. An
    // error text on failure.
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
    std::unique_ptr<HubCore> core_;
    std::atomic<ConnectionId> next_connection_{1};
};

}  // namespace server
