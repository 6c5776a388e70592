// Routing, cluster-free: owns the core::Router (one decision per chat, offers, capacity, fairness) and carries out
// what it decides — offer pushes, assignment events, queue positions, presence pushes — plus the requests that
// drive it: offers, presence, transfer, end, wrap-up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "agent_roster.hpp"
#include "chat_pipeline.hpp"
#include "connections.hpp"
#include "core/routing.hpp"
#include "hub_services.hpp"

namespace server {

class RoutingAdapter {
public:
    RoutingAdapter(HubServices& services, Connections& connections, AgentRoster& roster, ChatPipeline& chats);

    // ---- requests ----
    void offer_accept(SessionState& session, const proto::OfferAccept& accept);
    void offer_decline(SessionState& session, const proto::OfferDecline& decline);
    void agent_presence(SessionState& session, const proto::AgentPresence& presence);
    void agents_list(SessionState& session, const proto::AgentsList& list);
    void chat_transfer(SessionState& session, const proto::ChatTransfer& transfer);
    void chat_end(SessionState& session, const proto::ChatEnd& end);
    void chat_wrapup(SessionState& session, const proto::ChatWrapup& wrapup);
    // supervisor.takeover, once Supervision checked the requester is a supervisor.
    void take_over(SessionState& session, const proto::SupervisorTakeover& takeover);

    // ---- what sessions and timers tell routing ----
    void agent_online(const AgentRecord& agent);
    void agent_offline(const std::string& agent_id);
    void chat_queued(const std::string& chat_id, std::optional<std::int64_t> queued_since = std::nullopt);
    void assignment_restored(const ChatLive& chat);
    // A customer text committed in `chat`: if the chat is being offered, its agent gets the `offer` again with
    // the same offerId, the updated customerTexts and the time left (the expiry does not move).
    void customer_wrote(const ChatLive& chat);
    // Ends a chat (an `ended` event); answers `requester`/`rid` once it is committed (0: nobody asked).
    void end_chat(ChatLive& chat, proto::Role by, const std::string& reason, ConnectionId requester,
                  const std::string& rid);
    void tick(std::int64_t now_ms);
    std::optional<std::int64_t> next_deadline() const { return router_.next_deadline(); }

    // ---- what others read ----
    bool is_offered_to(const std::string& agent_id, const std::string& chat_id) const;
    // The agent's presence and capacity for its welcome, and its open offer if any.
    proto::Presence presence_of(const std::string& agent_id) const;
    // When the agent's presence or connection last changed (0: not since this server started).
    std::int64_t presence_since(const std::string& agent_id) const;
    std::optional<core::AgentRouting> routing_of(const std::string& agent_id) const { return router_.agent(agent_id); }
    std::optional<core::OpenOffer> open_offer_of_chat(const std::string& chat_id) const {
        return router_.open_offer_of_chat(chat_id);
    }
    std::int64_t capacity_of(const std::string& agent_id) const;
    std::optional<proto::Offer> open_offer_for(const std::string& agent_id);
    std::size_t waiting_count() const { return router_.waiting_count(); }
    std::size_t offered_count() const { return router_.offered_count(); }
    std::size_t assigned_count() const { return router_.assigned_count(); }

private:
    // Carries out routing decisions. `requester`/`rid` answer the request that caused them (offer.accept).
    void apply(const core::Decisions& decisions, ConnectionId requester = 0, const std::string& rid = {});
    void apply_outcome(const core::RoutingOutcome& outcome, ConnectionId requester, const std::string& rid,
                       bool reply_ok);
    void sync_status_from_router(ChatLive& chat);
    proto::Offer offer_for(const core::OpenOffer& offer);
    void close_chat(ChatLive& chat);

    HubServices& services_;
    Connections& connections_;
    AgentRoster& roster_;
    ChatPipeline& chats_;
    core::AgentProfile profile_of(const std::string& agent_id, const std::string& display_name) const;

    core::Router router_;
    std::unordered_map<std::string, std::int64_t> presence_since_;
};

}  // namespace server
