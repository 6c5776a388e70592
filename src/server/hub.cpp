// Hub plumbing: the thread-safe entry points (each posts to the strand), sending helpers, summaries, timers,
// health and shutdown.
#include "hub.hpp"

#include <algorithm>

#include "hub_state.hpp"
#include "log.hpp"

namespace server {

namespace {

// Longest sleep between ticks when nothing is due (abandon checks use it as their resolution).
constexpr std::int64_t kMaxTickDelayMs = 1000;
// How often the abandoned-chat scan runs at most.
constexpr std::int64_t kAbandonScanMs = 500;

core::RouterSettings router_settings(const ServerConfig& config, std::int64_t now_ms) {
    core::RouterSettings settings;
    settings.offer_timeout_ms = config.limits.offer_timeout_ms;
    settings.agent_capacity = config.limits.agent_capacity;
    // Offer ids differ between runs, so an offer id kept by a client from before a restart is never reused.
    std::string base36;
    for (std::int64_t n = now_ms; n > 0; n /= 36) base36.insert(base36.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[n % 36]);
    settings.offer_id_prefix = "o" + base36 + "-";
    return settings;
}

}  // namespace

// ======================= Hub: thread-safe wrappers =======================

Hub::Hub(const ServerConfig& config, Storage& storage, CommitWriter& writer, Post post_to_strand, Post post_to_worker,
         Clock clock)
    : state_(std::make_unique<HubState>(config, storage, writer, std::move(post_to_strand), std::move(post_to_worker),
                                        std::move(clock))) {}

Hub::~Hub() = default;

std::optional<std::string> Hub::restore() { return state_->restore(); }

ConnectionId Hub::connect(std::shared_ptr<ClientConnection> connection) {
    const ConnectionId id = next_connection_.fetch_add(1);
    HubState* state = state_.get();
    state->post([state, id, connection = std::move(connection)]() mutable { state->connect(id, std::move(connection)); });
    return id;
}

void Hub::message(ConnectionId id, proto::ClientMessage message) {
    HubState* state = state_.get();
    state->post([state, id, message = std::move(message)]() mutable { state->message(id, std::move(message)); });
}

void Hub::disconnect(ConnectionId id) {
    HubState* state = state_.get();
    state->post([state, id] { state->disconnect(id); });
}

void Hub::check_upload(std::string token, std::string chat_id, std::string client_id,
                       std::function<void(std::optional<HttpError>, std::optional<std::string>)> done) {
    HubState* state = state_.get();
    state->post([state, token = std::move(token), chat_id = std::move(chat_id), client_id = std::move(client_id),
                 done = std::move(done)] { state->check_upload(token, chat_id, client_id, done); });
}

void Hub::commit_upload(UploadRequest request, std::function<void(UploadResult)> done) {
    HubState* state = state_.get();
    state->post([state, request = std::move(request), done = std::move(done)]() mutable {
        state->commit_upload(std::move(request), std::move(done));
    });
}

void Hub::authorize_download(std::string token, std::string file_id, std::function<void(DownloadResult)> done) {
    HubState* state = state_.get();
    state->post([state, token = std::move(token), file_id = std::move(file_id), done = std::move(done)] {
        done(state->authorize_download(token, file_id));
    });
}

void Hub::tick(std::function<void(std::int64_t)> done) {
    HubState* state = state_.get();
    state->post([state, done = std::move(done)] { done(state->tick(state->now())); });
}

void Hub::shutdown(Task done) {
    HubState* state = state_.get();
    state->post([state, done = std::move(done)]() mutable { state->begin_shutdown(std::move(done)); });
}

void Hub::health(std::function<void(HealthCounts)> done) {
    HubState* state = state_.get();
    state->post([state, done = std::move(done)] {
        done({std::int64_t(state->router.waiting_count()), std::int64_t(state->router.offered_count()),
              std::int64_t(state->router.assigned_count()), std::int64_t(state->sessions.size())});
    });
}

// ======================= HubState plumbing =======================

HubState::HubState(const ServerConfig& c, Storage& s, CommitWriter& w, Hub::Post p, Hub::Post wk, Hub::Clock clock)
    : config(c),
      storage(s),
      writer(w),
      post(std::move(p)),
      worker(std::move(wk)),
      clock_(std::move(clock)),
      router(router_settings(c, clock_())),
      typists(core::TypingSettings{c.limits.typing_timeout_ms}) {}

void HubState::send(ConnectionId to, const Frame& frame) {
    const auto it = sessions.find(to);
    if (it != sessions.end()) it->second.connection->send(frame);
}

void HubState::send(ConnectionId to, const proto::ServerMessage& message) { send(to, make_frame(proto::encode(message))); }

void HubState::send_error(ConnectionId to, const std::string& rid, const proto::Error& error) {
    send(to, make_frame(proto::encode_error(error, rid)));
}

void HubState::send_to_agent(const std::string& agent_id, const Frame& frame, ConnectionId except) {
    const auto it = agents.find(agent_id);
    if (it == agents.end()) return;
    for (ConnectionId id : it->second.sockets) {
        if (id != except) send(id, frame);
    }
}

void HubState::send_to_customer(const ChatLive& chat, const Frame& frame) {
    for (ConnectionId id : chat.customerSockets) send(id, frame);
}

void HubState::send_to_parties(const ChatLive& chat, const Frame& frame) {
    send_to_customer(chat, frame);
    if (!chat.agentId.empty()) send_to_agent(chat.agentId, frame);
}

std::optional<proto::AgentRef> HubState::agent_ref(const std::string& agent_id) const {
    if (agent_id.empty()) return std::nullopt;
    const auto it = agents.find(agent_id);
    if (it == agents.end()) return proto::AgentRef{agent_id, agent_id};
    return proto::AgentRef{agent_id, it->second.record.displayName};
}

proto::ChatSummary HubState::summary(const ChatLive& chat) const {
    proto::ChatSummary s;
    s.chat_id = chat.id;
    s.status = chat.log.status();
    s.created_at = chat.createdAt;
    s.assigned_at = chat.assignedAt;
    s.ended_at = chat.endedAt;
    s.customer = chat.customer;
    s.context = chat.log.context();
    s.agent = agent_ref(chat.agentId);
    s.last_seq = chat.log.last_committed_seq();
    s.last_location = chat.lastLocation;
    return s;
}

proto::Author HubState::author_of(const SessionState& session) const {
    if (session.role == proto::Role::agent) {
        const auto it = agents.find(session.agentId);
        return {proto::Role::agent, session.agentId, it == agents.end() ? session.agentId : it->second.record.displayName};
    }
    const auto chat = chats.find(session.chatId);
    return {proto::Role::customer, "", chat == chats.end() ? std::string() : chat->second.customer.name};
}

void HubState::persist_chat(const ChatLive& chat) {
    ChatRecord record;
    record.id = chat.id;
    record.status = std::string(proto::to_string(chat.log.status()));
    record.createdAt = chat.createdAt;
    record.assignedAt = chat.assignedAt;
    record.endedAt = chat.endedAt;
    nlohmann::json summary_json = proto::to_json(summary(chat));
    record.customerJson = summary_json.value("customer", nlohmann::json::object()).dump();
    record.contextJson = summary_json.value("context", nlohmann::json::object()).dump();
    record.agentId = chat.agentId;
    record.lastSeq = chat.log.last_committed_seq();
    record.lastLocationJson = chat.lastLocation ? summary_json["lastLocation"].dump() : std::string();
    commit({std::move(record)}, {});
}

void HubState::commit(std::vector<WriteOp> ops, std::function<void(bool)> done) {
    writer.submit(std::move(ops), [this, done = std::move(done)](bool ok) mutable {
        post([this, ok, done = std::move(done)] {
            if (!ok && !storageFailed) {
                storageFailed = true;
                log_event("storage_failed", {{"detail", "a commit failed; refusing further writes"}});
            }
            if (done) done(ok);
        });
    });
}

std::int64_t HubState::tick(std::int64_t now_ms) {
    apply(router.tick(now_ms));
    for (const auto& stopped : typists.tick(now_ms)) {
        const auto chat = chats.find(stopped.chat);
        if (chat == chats.end()) continue;
        relay_typing_stopped(chat->second, stopped.role);
    }
    // Queued chats whose customer has been away too long end by themselves. The scan visits every open chat, so
    // it runs at most every kAbandonScanMs (the timeout is minutes; this precision is plenty).
    std::vector<std::string> abandoned;
    std::optional<std::int64_t> next_abandon;
    const bool scan = now_ms - lastAbandonScanMs >= kAbandonScanMs;
    if (scan) lastAbandonScanMs = now_ms;
    for (auto& [id, chat] : chats) {
        if (!scan) break;
        if (!chat.customerGoneSince) continue;
        const auto status = chat.log.status();
        if (status != proto::ChatStatus::queued && status != proto::ChatStatus::offered) continue;
        const std::int64_t due = *chat.customerGoneSince + config.abandonTimeoutMs;
        if (due <= now_ms) abandoned.push_back(id);
        else next_abandon = std::min(next_abandon.value_or(due), due);
    }
    for (const auto& id : abandoned) {
        const auto chat = chats.find(id);
        if (chat == chats.end()) continue;
        log_event("chat_abandoned", {{"chat", id}});
        end_chat(chat->second, proto::Role::system, "abandoned", 0, {});
    }

    std::int64_t next = now_ms + kMaxTickDelayMs;
    if (auto d = router.next_deadline()) next = std::min(next, *d);
    if (auto d = typists.next_deadline()) next = std::min(next, *d);
    if (next_abandon) next = std::min(next, *next_abandon);
    return std::max<std::int64_t>(1, next - now_ms);
}

void HubState::begin_shutdown(Hub::Task done) {
    stopping = true;
    // The writer is FIFO: an empty job completes after everything submitted before it, and its completion is
    // posted after theirs, so every ack has been sent when the sockets are closed.
    commit({}, [this, done = std::move(done)](bool) {
        for (auto& [id, session] : sessions) session.connection->close(kCloseGoingAway, "server shutting down");
        log_event("sessions_closed", {{"count", sessions.size()}});
        done();
    });
}

}  // namespace server
