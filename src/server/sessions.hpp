// Who is on each socket: the first frame (agent.login, agent.resume, customer.start, customer.resume), the frames
// that arrive while it is being checked, logout, replaced logins and disconnects; and the session tokens the
// HTTP endpoints present. Token lookups and password checks run off the strand.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "agent_roster.hpp"
#include "chat_pipeline.hpp"
#include "connections.hpp"
#include "hub_services.hpp"
#include "routing_adapter.hpp"

namespace server {

class Sessions {
public:
    using Dispatch = std::function<void(ConnectionId, proto::ClientMessage)>;

    Sessions(HubServices& services, Connections& connections, AgentRoster& roster, ChatPipeline& chats,
             RoutingAdapter& routing);

    // Where frames that waited for a session to open are handed when it has (the hub's dispatcher).
    void set_dispatch(Dispatch dispatch) { dispatch_ = std::move(dispatch); }
    // Told after every agent.welcome (supervision sends the overview and the supervisors on the agent's chats),
    // and when an agent's last socket closed.
    void set_welcomed_listener(std::function<void(SessionState&)> listener) { welcomed_ = std::move(listener); }
    void set_agent_offline_listener(std::function<void(const std::string&)> listener) {
        agent_offline_ = std::move(listener);
    }

    // New chat ids continue after the highest one in storage (at start).
    void continue_chat_numbers(std::int64_t highest) { next_chat_number_ = highest; }

    void connect(ConnectionId id, std::shared_ptr<ClientConnection> connection);
    void disconnect(ConnectionId id);
    // The session a frame may be dispatched to now, or nullptr when it was answered, queued or dropped here
    // (unknown socket, shutdown, still opening, not logged in, not allowed for the role).
    SessionState* admit(ConnectionId id, const proto::ClientMessage& message);

    void agent_login(SessionState& session, const proto::AgentLogin& login);
    void agent_resume(SessionState& session, const proto::AgentResume& resume);
    void agent_logout(SessionState& session, const proto::AgentLogout& logout);
    void customer_start(SessionState& session, const proto::CustomerStart& start);
    void customer_resume(SessionState& session, const proto::CustomerResume& resume);

    // The session behind an HTTP token, valid now (see valid_now); nullopt when unknown or expired.
    void lookup_token(const std::string& token, std::function<void(std::optional<SessionRecord>)> done);

private:
    // A stored session is valid while a socket of it is connected, or within sessionTtlMs of the last one.
    bool valid_now(const SessionRecord& record) const;
    void login_checked(ConnectionId id, const std::string& rid, std::optional<AgentRecord> agent);
    void agent_attach(SessionState& session, const AgentRecord& agent, const std::string& token,
                      const std::string& rid);
    void customer_attach(SessionState& session, ChatLive& chat, const std::string& token, const std::string& rid);
    // Hands the frames that waited while the session opened to the dispatcher, in order.
    void replay(ConnectionId id);

    HubServices& services_;
    Connections& connections_;
    AgentRoster& roster_;
    ChatPipeline& chats_;
    RoutingAdapter& routing_;
    Dispatch dispatch_;
    std::function<void(SessionState&)> welcomed_;
    std::function<void(const std::string&)> agent_offline_;
    std::int64_t next_chat_number_ = 0;
};

}  // namespace server
