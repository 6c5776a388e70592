// Supervisors (docs/protocol.md "Supervisors"): the live overview pushed to them, watching a chat read-only,
// whispering to its agent, barging in as a party, and the agents' help flags; and each chat's internal stream,
// the staff-only log those actions write. Taking a chat over is routing's (RoutingAdapter::take_over); reading a
// chat is ChatPipeline::agent_may_read's.
//
// Internal events live apart from the chat log (their own table and seq), so nothing that serves a customer —
// pushes, chat.sync, resume — can reach them: they go out only as `internal` and `internal.page` frames, to the
// chat's agent and to supervisors.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "agent_roster.hpp"
#include "chat_pipeline.hpp"
#include "connections.hpp"
#include "hub_services.hpp"
#include "routing_adapter.hpp"

namespace server {

class Supervision {
public:
    Supervision(HubServices& services, Connections& connections, AgentRoster& roster, ChatPipeline& chats,
                RoutingAdapter& routing);

    // ---- requests ----
    void chat_flag(SessionState& session, const proto::ChatFlagRequest& request);
    void internal_sync(SessionState& session, const proto::InternalSync& request);
    void watch(SessionState& session, const proto::SupervisorWatch& request);
    void whisper(SessionState& session, const proto::SupervisorWhisper& request);
    void join(SessionState& session, const proto::SupervisorJoin& request);
    void take_over(SessionState& session, const proto::SupervisorTakeover& request);

    // ---- what sessions and timers tell supervision ----
    // An agent.welcome went out on `session`: a supervisor gets the overview now, an agent the supervisors on
    // each of its chats.
    void welcomed(SessionState& session);
    // The account's last socket closed: a supervisor stops watching (it watches again when it is back).
    void agent_offline(const std::string& agent_id);
    // Pushes the overview to every supervisor socket if it changed and supervisorOverviewIntervalMs passed.
    void tick(std::int64_t now_ms);
    // When tick() must run next for the overview (nullopt: no supervisor online).
    std::optional<std::int64_t> next_deadline() const;

    // ---- restart ----
    // The internal seq and flag of a chat rebuilt from storage (its internal events, in order).
    static void restore(ChatLive& chat, const std::vector<InternalEventRecord>& events);

private:
    // The requester's supervisor check: true, or answers forbidden and gives false.
    bool is_supervisor(const SessionState& session, const std::string& rid);
    // The open chat a supervisor request acts on, or nullptr after answering not_found.
    ChatLive* open_chat(const SessionState& session, const std::string& chat_id, const std::string& rid);
    // Appends an internal event; on commit pushes it to the chat's agent and watchers and runs `then(ok)`.
    void append_internal(ChatLive& chat, const std::string& by_agent_id, proto::InternalKind kind, std::string text,
                         std::function<void(bool ok)> then = {});
    void send_internal(const ChatLive& chat, const Frame& frame);
    void send_watchers(const ChatLive& chat);
    std::vector<std::string> online_supervisors() const;
    proto::SupervisorOverview overview();

    HubServices& services_;
    Connections& connections_;
    AgentRoster& roster_;
    ChatPipeline& chats_;
    RoutingAdapter& routing_;
    std::string last_overview_;  // the last overview pushed, without its ts
    std::int64_t last_push_ms_ = 0;
};

}  // namespace server
