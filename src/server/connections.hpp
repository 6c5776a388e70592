// The hub's sockets and who is behind each: role, agent or chat, session token; which sockets each agent has;
// how many sockets use each token. Every frame the hub sends goes through here.
//
// Event pushes of a chat wait while the recipient has a chat.sync of that chat in flight (its page is being read
// off the strand): the page, its chat.synced and then the pushes arrive in seq order.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "connection.hpp"
#include "protocol/messages.hpp"

namespace server {

// Who a socket or an HTTP token acts as, for the party checks of chats.
struct Party {
    proto::Role role = proto::Role::system;  // system = not logged in yet
    std::string agent_id;                    // role agent
    std::string chat_id;                     // role customer
};

// A chat.sync being answered: pushes of its chat wait until its page has gone out.
struct SyncInFlight {
    int count = 0;                                     // syncs of this chat in flight on this socket
    std::int64_t sent_through = 0;                     // highest seq a finished page of them sent
    std::vector<std::pair<std::int64_t, Frame>> held;  // (seq, event push) that arrived meanwhile
};

// One WebSocket connection as the hub sees it.
struct SessionState {
    ConnectionId id = 0;
    std::shared_ptr<ClientConnection> connection;
    Party party;
    std::string token_hash;
    bool opening = false;                         // a login, resume or start is being checked or stored
    std::deque<proto::ClientMessage> waiting;     // frames that arrived while opening, replayed after
    std::map<std::string, SyncInFlight> syncing;  // by chat id
};

class Connections {
public:
    void add(ConnectionId id, std::shared_ptr<ClientConnection> connection);
    // Forgets the socket (its agent and token counts too) and hands back what it was.
    std::optional<SessionState> remove(ConnectionId id);
    SessionState* find(ConnectionId id);
    std::size_t size() const { return sessions_.size(); }

    // ---- sending ----
    void send(ConnectionId to, const Frame& frame);
    void send(ConnectionId to, const proto::ServerMessage& message);
    void send_error(ConnectionId to, const std::string& rid, const proto::Error& error);
    // An `event` push of `chat_id` with `seq`: held while `to` syncs that chat.
    void send_event(ConnectionId to, const std::string& chat_id, std::int64_t seq, const Frame& frame);
    void send_to_agent(const std::string& agent_id, const Frame& frame, ConnectionId except = 0);
    void send_event_to_agent(const std::string& agent_id, const std::string& chat_id, std::int64_t seq,
                             const Frame& frame);

    // ---- agents ----
    // Makes the socket the agent's; true when it is the agent's first socket (the agent came online).
    bool attach_agent(SessionState& session, const std::string& agent_id);
    const std::set<ConnectionId>& agent_sockets(const std::string& agent_id) const;
    bool agent_online(const std::string& agent_id) const { return agent_sockets_.count(agent_id) > 0; }

    // ---- tokens ----
    // Records which session the socket opened (a socket opens one session only).
    void set_token(SessionState& session, std::string hash);
    bool token_connected(const std::string& hash) const { return token_sockets_.count(hash) > 0; }

    // ---- syncs ----
    void begin_sync(SessionState& session, const std::string& chat_id);
    // The page up to `sent_through` went out: held pushes after it follow, once no other sync of the chat is due.
    void end_sync(ConnectionId id, const std::string& chat_id, std::int64_t sent_through);

    // ---- closing ----
    void close_all(std::uint16_t code, const std::string& reason);
    void close_token(const std::string& hash, std::uint16_t code, const std::string& reason);

private:
    std::unordered_map<ConnectionId, SessionState> sessions_;
    std::unordered_map<std::string, std::set<ConnectionId>> agent_sockets_;
    std::unordered_map<std::string, int> token_sockets_;  // token hash → sockets using it now
};

}  // namespace server
