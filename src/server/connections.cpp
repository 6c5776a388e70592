#include "connections.hpp"

#include "protocol/codec.hpp"

namespace server {

void Connections::add(ConnectionId id, std::shared_ptr<ClientConnection> connection) {
    SessionState session;
    session.id = id;
    session.connection = std::move(connection);
    sessions_.emplace(id, std::move(session));
}

std::optional<SessionState> Connections::remove(ConnectionId id) {
    const auto it = sessions_.find(id);
    if (it == sessions_.end()) return std::nullopt;
    SessionState session = std::move(it->second);
    sessions_.erase(it);
    if (!session.token_hash.empty()) {
        const auto count = token_sockets_.find(session.token_hash);
        if (count != token_sockets_.end() && --count->second == 0) token_sockets_.erase(count);
    }
    if (session.party.role == proto::Role::agent) {
        const auto sockets = agent_sockets_.find(session.party.agent_id);
        if (sockets != agent_sockets_.end()) {
            sockets->second.erase(id);
            if (sockets->second.empty()) agent_sockets_.erase(sockets);
        }
    }
    return session;
}

SessionState* Connections::find(ConnectionId id) {
    const auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : &it->second;
}

void Connections::send(ConnectionId to, const Frame& frame) {
    const auto it = sessions_.find(to);
    if (it != sessions_.end()) it->second.connection->send(frame);
}

void Connections::send(ConnectionId to, const proto::ServerMessage& message) {
    send(to, make_frame(proto::encode(message)));
}

void Connections::send_error(ConnectionId to, const std::string& rid, const proto::Error& error) {
    send(to, make_frame(proto::encode_error(error, rid)));
}

void Connections::send_event(ConnectionId to, const std::string& chat_id, std::int64_t seq, const Frame& frame) {
    const auto it = sessions_.find(to);
    if (it == sessions_.end()) return;
    SessionState& session = it->second;
    if (!session.syncing.empty()) {
        const auto sync = session.syncing.find(chat_id);
        if (sync != session.syncing.end()) {
            sync->second.held.emplace_back(seq, frame);
            return;
        }
    }
    session.connection->send(frame);
}

void Connections::send_to_agent(const std::string& agent_id, const Frame& frame, ConnectionId except) {
    const auto it = agent_sockets_.find(agent_id);
    if (it == agent_sockets_.end()) return;
    for (ConnectionId id : it->second) {
        if (id != except) send(id, frame);
    }
}

void Connections::send_event_to_agent(const std::string& agent_id, const std::string& chat_id, std::int64_t seq,
                                      const Frame& frame) {
    const auto it = agent_sockets_.find(agent_id);
    if (it == agent_sockets_.end()) return;
    for (ConnectionId id : it->second) send_event(id, chat_id, seq, frame);
}

bool Connections::attach_agent(SessionState& session, const std::string& agent_id) {
    session.party.role = proto::Role::agent;
    session.party.agent_id = agent_id;
    auto& sockets = agent_sockets_[agent_id];
    const bool first = sockets.empty();
    sockets.insert(session.id);
    return first;
}

const std::set<ConnectionId>& Connections::agent_sockets(const std::string& agent_id) const {
    static const std::set<ConnectionId> none;
    const auto it = agent_sockets_.find(agent_id);
    return it == agent_sockets_.end() ? none : it->second;
}

void Connections::set_token(SessionState& session, std::string hash) {
    if (!session.token_hash.empty()) return;
    ++token_sockets_[hash];
    session.token_hash = std::move(hash);
}

void Connections::begin_sync(SessionState& session, const std::string& chat_id) { ++session.syncing[chat_id].count; }

void Connections::end_sync(ConnectionId id, const std::string& chat_id, std::int64_t sent_through) {
    SessionState* session = find(id);
    if (!session) return;
    const auto it = session->syncing.find(chat_id);
    if (it == session->syncing.end()) return;
    SyncInFlight& sync = it->second;
    sync.sent_through = std::max(sync.sent_through, sent_through);
    if (--sync.count > 0) return;
    // Pushes a page already carried are not sent twice.
    for (const auto& [seq, frame] : sync.held) {
        if (seq > sync.sent_through) session->connection->send(frame);
    }
    session->syncing.erase(it);
}

void Connections::close_all(std::uint16_t code, const std::string& reason) {
    for (auto& [id, session] : sessions_) session.connection->close(code, reason);
}

void Connections::close_token(const std::string& hash, std::uint16_t code, const std::string& reason) {
    for (auto& [id, session] : sessions_) {
        if (session.token_hash == hash) session.connection->close(code, reason);
    }
}

}  // namespace server
