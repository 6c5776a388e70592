// The hub's domain state and its operations. Everything here runs on the hub strand only (see hub.hpp); nothing
// here locks. Methods are grouped by the feature file that defines them.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/chat_log.hpp"
#include "core/routing.hpp"
#include "core/typing.hpp"
#include "hub.hpp"
#include "protocol/codec.hpp"

namespace server {

// One WebSocket connection as the hub sees it.
struct SessionState {
    ConnectionId id = 0;
    std::shared_ptr<ClientConnection> connection;
    proto::Role role = proto::Role::system;  // system = not logged in yet
    std::string agentId;                     // role agent
    std::string chatId;                      // role customer
    std::string tokenHash;
    bool opening = false;                            // a login is being checked (password hashing)
    std::deque<proto::ClientMessage> waiting;        // frames that arrived while opening, replayed after
};

struct AgentLive {
    AgentRecord record;
    std::set<ConnectionId> sockets;
    std::set<std::string> chats;  // assigned: active, and ended awaiting wrap-up
};

// Who to answer when an event commits.
struct AckTarget {
    ConnectionId connection = 0;
    std::string rid;
    std::string clientId;
};

// An event reserved in the chat log and submitted to storage, not yet committed.
struct PendingEvent {
    proto::Event event;
    Frame frame;                          // the `event` push, serialised once
    std::optional<AckTarget> ack;         // chat.send's requester
    std::function<void(bool ok)> then;    // extra work after the commit (uploads, wrap-up replies)
};

struct ChatLive {
    std::string id;
    std::int64_t createdAt = 0;
    std::optional<std::int64_t> assignedAt;
    std::optional<std::int64_t> endedAt;
    proto::CustomerInfo customer;
    std::string agentId;  // assigned agent, "" when none
    core::ChatLog log;
    std::optional<proto::TimedLocation> lastLocation;
    std::string firstMessage;  // first customer text (offers show it)
    std::string customerTokenHash;
    std::set<ConnectionId> customerSockets;
    std::optional<std::int64_t> customerGoneSince;  // for abandonTimeoutMs
    std::optional<std::int64_t> lastQueuePosition;
    std::map<std::int64_t, PendingEvent> pending;                        // by seq
    std::map<std::int64_t, std::vector<std::function<void(bool)>>> waiters;  // duplicates of a pending seq
    // "sender\nclientId" → (seq, the 201 body), to answer repeated uploads once that seq is committed.
    std::map<std::string, std::pair<std::int64_t, std::string>> uploads;
};

class HubState {
public:
    HubState(const ServerConfig& config, Storage& storage, CommitWriter& writer, Hub::Post post, Hub::Post worker,
             Hub::Clock clock);

    // ---- hub.cpp: plumbing ----
    std::int64_t now() const { return clock_(); }
    void send(ConnectionId to, const Frame& frame);
    void send(ConnectionId to, const proto::ServerMessage& message);
    void send_error(ConnectionId to, const std::string& rid, const proto::Error& error);
    void send_to_agent(const std::string& agent_id, const Frame& frame, ConnectionId except = 0);
    void send_to_customer(const ChatLive& chat, const Frame& frame);
    void send_to_parties(const ChatLive& chat, const Frame& frame);
    proto::ChatSummary summary(const ChatLive& chat) const;
    proto::Author author_of(const SessionState& session) const;
    std::optional<proto::AgentRef> agent_ref(const std::string& agent_id) const;
    // Writes the chat's row (status, times, context) in the background; failures are logged.
    void persist_chat(const ChatLive& chat);
    // Submits ops; `done(ok)` runs on the strand after the commit.
    void commit(std::vector<WriteOp> ops, std::function<void(bool ok)> done);
    std::int64_t tick(std::int64_t now_ms);  // returns ms until the next needed tick
    void begin_shutdown(Hub::Task done);

    // ---- hub_sessions.cpp ----
    void connect(ConnectionId id, std::shared_ptr<ClientConnection> connection);
    void message(ConnectionId id, proto::ClientMessage message);
    void disconnect(ConnectionId id);
    void agent_login(SessionState& session, const proto::AgentLogin& login);
    void agent_login_checked(ConnectionId id, std::string rid, std::optional<AgentRecord> agent);
    void agent_resume(SessionState& session, const proto::AgentResume& resume);
    void agent_attach(SessionState& session, const AgentRecord& agent, const std::string& token, const std::string& rid);
    void customer_start(SessionState& session, const proto::CustomerStart& start);
    void customer_resume(SessionState& session, const proto::CustomerResume& resume);
    void customer_attach(SessionState& session, ChatLive& chat, const std::string& token, const std::string& rid);
    void agent_logout(SessionState& session, const proto::AgentLogout& logout);
    void agent_presence(SessionState& session, const proto::AgentPresence& presence);
    void agents_list(SessionState& session, const proto::AgentsList& list);
    // Records which session a socket opened (counted in connectedTokens).
    void set_token(SessionState& session, std::string hash);
    // The session behind a token (for HTTP); nullopt when unknown or expired.
    std::optional<SessionRecord> session_for_token(const std::string& token);

    // ---- hub_chat.cpp ----
    // Reserves and submits one event. Errors go to `error_to` (if set); returns the reservation error if any.
    // `extra` ops are committed in the same transaction, before the event (a file's row). `reservation` receives
    // what the chat log answered (new event or duplicate).
    std::optional<proto::Error> append(ChatLive& chat, const proto::Author& author, std::optional<std::string> client_id,
                                       proto::EventBody body, std::optional<AckTarget> ack,
                                       std::function<void(bool ok)> then = {}, std::vector<WriteOp> extra = {},
                                       core::Reservation* reservation = nullptr);
    void on_committed(const std::string& chat_id, std::int64_t seq, bool ok);
    void chat_send(SessionState& session, const proto::ChatSend& send);
    void chat_sync(SessionState& session, const proto::ChatSync& sync);
    void chat_mark(SessionState& session, const proto::ChatMark& mark);
    void typing(SessionState& session, const proto::TypingSignal& typing);
    void rtc_signal(SessionState& session, const proto::RtcSignal& signal);
    // The chat `session` may act on (party), or the error to answer (not_found / forbidden).
    proto::Result<ChatLive*> party_chat(const SessionState& session, const std::string& chat_id);
    void relay_typing_stopped(ChatLive& chat, proto::Role role);

    // ---- hub_routing.cpp ----
    // Carries out routing decisions. `requester`/`rid` answer the request that caused them (offer.accept).
    void apply(const core::Decisions& decisions, ConnectionId requester = 0, const std::string& rid = {});
    void apply_outcome(const core::RoutingOutcome& outcome, ConnectionId requester, const std::string& rid,
                       bool reply_ok);
    void sync_status_from_router(ChatLive& chat);
    void offer_accept(SessionState& session, const proto::OfferAccept& accept);
    void offer_decline(SessionState& session, const proto::OfferDecline& decline);
    void chat_transfer(SessionState& session, const proto::ChatTransfer& transfer);
    void chat_end(SessionState& session, const proto::ChatEnd& end);
    void end_chat(ChatLive& chat, proto::Role by, const std::string& reason, ConnectionId requester,
                  const std::string& rid);
    void chat_wrapup(SessionState& session, const proto::ChatWrapup& wrapup);
    void close_chat(ChatLive& chat);  // forget a closed chat
    proto::Offer offer_for(const core::OpenOffer& offer);

    // ---- hub_files.cpp ----
    void check_upload(const std::string& token, const std::string& chat_id, const std::string& client_id,
                      const std::function<void(std::optional<HttpError>, std::optional<std::string>)>& done);
    void commit_upload(UploadRequest request, std::function<void(UploadResult)> done);
    DownloadResult authorize_download(const std::string& token, const std::string& file_id);

    // ---- hub_restore.cpp ----
    std::optional<std::string> restore();
    void restore_chat(const ChatRecord& record);

    // ---- state ----
    const ServerConfig config;
    Storage& storage;
    CommitWriter& writer;
    Hub::Post post;
    Hub::Post worker;
    Hub::Clock clock_;

    core::Router router;
    core::TypingTracker typists;
    std::unordered_map<ConnectionId, SessionState> sessions;
    std::unordered_map<std::string, AgentLive> agents;
    std::unordered_map<std::string, ChatLive> chats;  // open chats (not closed)
    std::unordered_map<std::string, int> connectedTokens;  // token hash → sockets using it now
    std::int64_t nextChatNumber = 0;
    std::int64_t nextFileNumber = 0;
    bool stopping = false;
    std::int64_t lastAbandonScanMs = 0;
    bool storageFailed = false;  // a commit failed: refuse further writes (unavailable)

};

// Key of an upload in ChatLive::uploads.
inline std::string upload_key(const proto::Author& author, const std::string& client_id) {
    return std::string(proto::to_string(author.role)) + ":" + author.id + "\n" + client_id;
}
// Storage's `sender` of an event (clientId uniqueness is per chat and sender).
inline std::string sender_key(const proto::Author& author) {
    return author.role == proto::Role::agent ? "agent:" + author.id : std::string(proto::to_string(author.role));
}

}  // namespace server
