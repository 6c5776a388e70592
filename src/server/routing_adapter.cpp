#include "routing_adapter.hpp"

#include <algorithm>

#include "core/overloaded.hpp"
#include "log.hpp"

namespace server {

namespace {

core::RouterSettings router_settings(const ServerConfig& config, std::int64_t now_ms) {
    core::RouterSettings settings;
    settings.offer_timeout_ms = config.limits.offer_timeout_ms;
    settings.agent_capacity = config.limits.agent_capacity;
    // Offer ids differ between runs, so an offer id kept by a client from before a restart is never reused.
    std::string base36;
    for (std::int64_t n = now_ms; n > 0; n /= 36)
        base36.insert(base36.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[n % 36]);
    settings.offer_id_prefix = "o" + base36 + "-";
    return settings;
}

proto::Error storage_failed() { return proto::Error::make(proto::ErrorCode::unavailable, "storage failed"); }

}  // namespace

RoutingAdapter::RoutingAdapter(HubServices& services, Connections& connections, AgentRoster& roster,
                               ChatPipeline& chats)
    : services_(services),
      connections_(connections),
      roster_(roster),
      chats_(chats),
      router_(router_settings(services.config, services.now())) {}

// ======================= carrying out decisions =======================

proto::Offer RoutingAdapter::offer_for(const core::OpenOffer& offer) {
    proto::Offer out;
    out.offer_id = offer.offer;
    if (const ChatLive* chat = chats_.find(offer.chat)) {
        out.chat = chats_.summary(*chat);
        out.first_message = chat->first_message;
        out.customer_texts.assign(chat->recent_customer_texts.rbegin(), chat->recent_customer_texts.rend());
    }
    out.expires_in_ms = std::max<std::int64_t>(0, offer.expires_at - services_.now());
    if (offer.transfer_from) out.transfer_from = roster_.ref(*offer.transfer_from);
    return out;
}

void RoutingAdapter::sync_status_from_router(ChatLive& chat) {
    const auto status = chat.log.status();
    if (status == proto::ChatStatus::ended || status == proto::ChatStatus::closed) return;
    const auto routing = router_.chat(chat.id);
    if (!routing) return;
    const proto::ChatStatus wanted = routing->stage == core::ChatStage::waiting ? proto::ChatStatus::queued
        : routing->stage == core::ChatStage::offered                            ? proto::ChatStatus::offered
                                                                                : proto::ChatStatus::active;
    if (wanted == status) return;
    if (chat.log.transition(wanted)) chats_.persist(chat);
}

void RoutingAdapter::apply(const core::Decisions& decisions, ConnectionId requester, const std::string& rid) {
    const SessionState* requester_session = connections_.find(requester);
    const std::string requester_agent = requester_session && requester_session->party.role == proto::Role::agent
        ? requester_session->party.agent_id
        : std::string();
    const proto::Author system{proto::Role::system, "", ""};
    for (const auto& decision : decisions) {
        std::visit(
            core::Overloaded{
                [&](const core::OfferMade& made) {
                    ChatLive* chat = chats_.find(made.chat);
                    if (!chat) return;
                    sync_status_from_router(*chat);
                    const core::OpenOffer open{made.offer, made.agent, made.chat, made.expires_at, made.transfer_from};
                    connections_.send_to_agent(made.agent,
                                               make_frame(proto::encode(proto::OfferPush{offer_for(open)})));
                    log_event("offer",
                              {{"offer", made.offer},
                               {"chat", made.chat},
                               {"agent", made.agent},
                               {"transfer", made.transfer_from.has_value()}});
                },
                [&](const core::OfferRevoked& revoked) {
                    if (auto reason = core::to_wire(revoked.reason)) {
                        connections_.send_to_agent(
                            revoked.agent, make_frame(proto::encode(proto::OfferRevoked{revoked.offer, *reason})));
                    }
                    if (ChatLive* chat = chats_.find(revoked.chat)) sync_status_from_router(*chat);
                    log_event("offer_revoked",
                              {{"offer", revoked.offer},
                               {"chat", revoked.chat},
                               {"agent", revoked.agent},
                               {"reason", int(revoked.reason)}});
                },
                [&](const core::ChatAssigned& assigned) {
                    ChatLive* found = chats_.find(assigned.chat);
                    if (!found) return;
                    ChatLive& chat = *found;
                    chat.agent_id = assigned.agent;
                    chat.assigned_at = services_.now();
                    roster_.assign(assigned.agent, chat.id);
                    const std::string to_name = roster_.display_name(assigned.agent);
                    if (assigned.transferred_from) {
                        const std::string from_name = roster_.display_name(*assigned.transferred_from);
                        roster_.unassign(*assigned.transferred_from, chat.id);
                        connections_.send_to_agent(*assigned.transferred_from,
                                                   make_frame(proto::encode(proto::ChatRemoved{
                                                       chat.id, proto::ChatRemovedReason::transferred})));
                        (void)chats_.append(chat, system, std::nullopt,
                                            proto::LeftBody{proto::Role::agent, from_name,
                                                            assigned.taken_over ? "takeover" : "transfer"},
                                            std::nullopt);
                        (void)chats_.append(chat, system, std::nullopt, proto::TransferBody{from_name, to_name},
                                            std::nullopt);
                        chats_.drop_typing(chat.id, proto::Role::agent);
                    }
                    sync_status_from_router(chat);
                    (void)chats_.append(chat, system, std::nullopt, proto::JoinedBody{proto::Role::agent, to_name},
                                        std::nullopt);
                    chats_.persist(chat);
                    const auto summary_now = chats_.summary(chat);
                    for (ConnectionId socket : connections_.agent_sockets(assigned.agent)) {
                        const bool answer = socket == requester && requester_agent == assigned.agent;
                        connections_.send(
                            socket,
                            proto::ServerMessage(proto::ChatAssigned{answer ? rid : std::string(), summary_now}));
                    }
                    // The new holder is a party now, no longer a supervisor on the chat; the supervisors still on
                    // it are named to the new holder.
                    chat.supervision.watchers.erase(assigned.agent);
                    chat.supervision.barged_in.erase(assigned.agent);
                    if (!chat.supervision.watchers.empty() || !chat.supervision.barged_in.empty())
                        connections_.send_to_agent(assigned.agent, make_frame(proto::encode(chats_.watchers_of(chat))));
                    log_event("accept",
                              {{"chat", chat.id},
                               {"agent", assigned.agent},
                               {"transferredFrom", assigned.transferred_from.value_or("")}});
                },
                [&](const core::TransferFailed& failed) {
                    connections_.send_to_agent(
                        failed.from, make_frame(proto::encode(proto::TransferFailed{failed.chat, failed.reason})));
                    log_event("transfer_failed", {{"chat", failed.chat}, {"from", failed.from}, {"to", failed.to}});
                },
                [&](const core::QueuePositionChanged& moved) {
                    ChatLive* chat = chats_.find(moved.chat);
                    if (!chat) return;
                    chat->last_queue_position = moved.position;
                    chats_.send_to_customer(*chat,
                                            make_frame(proto::encode(proto::QueueUpdate{moved.chat, moved.position})));
                },
                [&](const core::PresenceChanged& changed) {
                    presence_since_[changed.agent] = services_.now();
                    // The requester already got its answer (with rid); its other sockets and pushes get this.
                    connections_.send_to_agent(changed.agent,
                                               make_frame(proto::encode(proto::PresenceUpdate{"", changed.presence})),
                                               changed.agent == requester_agent ? requester : 0);
                    if (changed.presence.reason == router_.settings().missed_offer_reason) {
                        log_event("missed_offer", {{"agent", changed.agent}});
                    }
                },
            },
            decision);
    }
}

void RoutingAdapter::apply_outcome(const core::RoutingOutcome& outcome, ConnectionId requester, const std::string& rid,
                                   bool reply_ok) {
    if (outcome.error) {
        if (requester != 0) connections_.send_error(requester, rid, *outcome.error);
    } else if (reply_ok && requester != 0) {
        connections_.send(requester, proto::ServerMessage(proto::Ok{rid}));
    }
    apply(outcome.decisions, requester, rid);
}

// ======================= requests =======================

void RoutingAdapter::offer_accept(SessionState& session, const proto::OfferAccept& accept) {
    if (services_.storage_failed) return connections_.send_error(session.id, accept.rid, storage_failed());
    apply_outcome(router_.accept_offer(session.party.agent_id, accept.offer_id, services_.now()), session.id,
                  accept.rid, false);
}

void RoutingAdapter::offer_decline(SessionState& session, const proto::OfferDecline& decline) {
    auto outcome = router_.decline_offer(session.party.agent_id, decline.offer_id, services_.now());
    if (outcome.ok()) log_event("decline", {{"offer", decline.offer_id}, {"agent", session.party.agent_id}});
    apply_outcome(outcome, session.id, decline.rid, true);
}

void RoutingAdapter::agent_presence(SessionState& session, const proto::AgentPresence& request) {
    const std::string& agent_id = session.party.agent_id;
    proto::Presence presence{request.state, request.state == proto::PresenceState::ready ? "" : request.reason};
    auto outcome = router_.set_presence(agent_id, presence, services_.now());
    if (outcome.error) return connections_.send_error(session.id, request.rid, *outcome.error);
    const auto routing = router_.agent(agent_id);
    connections_.send(session.id,
                      proto::ServerMessage(proto::PresenceUpdate{request.rid, routing ? routing->presence : presence}));
    log_event("presence",
              {{"agent", agent_id}, {"state", proto::to_string(presence.state)}, {"reason", presence.reason}});
    apply(outcome.decisions, session.id, request.rid);
}

void RoutingAdapter::agents_list(SessionState& session, const proto::AgentsList& list) {
    connections_.send(session.id, proto::ServerMessage(proto::AgentsReply{list.rid, router_.connected_agents()}));
}

void RoutingAdapter::chat_transfer(SessionState& session, const proto::ChatTransfer& transfer) {
    ChatLive* chat = chats_.chat_for_request(session, transfer.chat_id, transfer.rid);
    if (!chat) return;
    if (chat->log.status() != proto::ChatStatus::active) {
        return connections_.send_error(
            session.id, transfer.rid,
            proto::Error::make(proto::ErrorCode::conflict, "only active chats can be transferred"));
    }
    auto outcome =
        router_.request_transfer(transfer.chat_id, session.party.agent_id, transfer.to_agent_id, services_.now());
    if (outcome.ok())
        log_event("transfer",
                  {{"chat", transfer.chat_id}, {"from", session.party.agent_id}, {"to", transfer.to_agent_id}});
    apply_outcome(outcome, session.id, transfer.rid, true);
}

void RoutingAdapter::chat_end(SessionState& session, const proto::ChatEnd& end) {
    ChatLive* chat = chats_.chat_for_request(session, end.chat_id, end.rid);
    if (!chat) return;
    const auto status = chat->log.status();
    if (status == proto::ChatStatus::ended || status == proto::ChatStatus::closed) {
        return connections_.send_error(session.id, end.rid,
                                       proto::Error::make(proto::ErrorCode::conflict, "the chat has already ended"));
    }
    end_chat(*chat, session.party.role, end.reason.empty() ? "resolved" : end.reason, session.id, end.rid);
}

void RoutingAdapter::end_chat(ChatLive& chat, proto::Role by, const std::string& reason, ConnectionId requester,
                              const std::string& rid) {
    const bool assigned = !chat.agent_id.empty();
    const std::string chat_id = chat.id;
    auto error = chats_.append(chat, {proto::Role::system, "", ""}, std::nullopt, proto::EndedBody{by, reason},
                               std::nullopt, [this, chat_id, requester, rid, assigned](bool ok) {
                                   if (requester != 0) {
                                       if (ok)
                                           connections_.send(requester, proto::ServerMessage(proto::Ok{rid}));
                                       else
                                           connections_.send_error(requester, rid, storage_failed());
                                   }
                                   ChatLive* live = chats_.find(chat_id);
                                   if (!ok || assigned || !live) return;
                                   // Nobody took the chat: there is no wrap-up to wait for.
                                   if (live->log.transition(proto::ChatStatus::closed)) chats_.persist(*live);
                                   close_chat(*live);
                               });
    if (error) {
        if (requester != 0) connections_.send_error(requester, rid, *error);
        return;
    }
    (void)chat.log.transition(proto::ChatStatus::ended);
    chat.ended_at = services_.now();
    chats_.forget_typing(chat.id);
    chats_.persist(chat);
    log_event("chat_end", {{"chat", chat.id}, {"by", proto::to_string(by)}, {"reason", reason}});
    apply_outcome(router_.chat_released(chat.id, services_.now()), 0, {}, false);
}

void RoutingAdapter::chat_wrapup(SessionState& session, const proto::ChatWrapup& wrapup) {
    ChatLive* chat = chats_.chat_for_request(session, wrapup.chat_id, wrapup.rid);
    if (!chat) return;
    if (chat->log.status() != proto::ChatStatus::ended) {
        return connections_.send_error(
            session.id, wrapup.rid, proto::Error::make(proto::ErrorCode::conflict, "end the chat before the wrap-up"));
    }
    const auto& allowed = services_.config.desk.dispositions;
    if (std::find(allowed.begin(), allowed.end(), wrapup.disposition) == allowed.end()) {
        return connections_.send_error(session.id, wrapup.rid,
                                       proto::Error::invalid_field("disposition", "not one of config.dispositions"));
    }
    if (services_.storage_failed) return connections_.send_error(session.id, wrapup.rid, storage_failed());
    auto moved = chat->log.transition(proto::ChatStatus::closed);
    if (!moved) return connections_.send_error(session.id, wrapup.rid, moved.error());
    chats_.persist(*chat);
    const std::string chat_id = chat->id;
    const std::string agent_id = chat->agent_id;
    services_.commit({WrapupRecord{chat_id, agent_id, wrapup.disposition, wrapup.notes, services_.now()}},
                     [this, chat_id, agent_id, id = session.id, rid = wrapup.rid](bool ok) {
                         if (!ok) return connections_.send_error(id, rid, storage_failed());
                         connections_.send(id, proto::ServerMessage(proto::Ok{rid}));
                         connections_.send_to_agent(
                             agent_id,
                             make_frame(proto::encode(proto::ChatRemoved{chat_id, proto::ChatRemovedReason::closed})));
                         if (ChatLive* live = chats_.find(chat_id)) close_chat(*live);
                         log_event("wrapup", {{"chat", chat_id}, {"agent", agent_id}});
                     });
}

void RoutingAdapter::take_over(SessionState& session, const proto::SupervisorTakeover& takeover) {
    if (services_.storage_failed) return connections_.send_error(session.id, takeover.rid, storage_failed());
    ChatLive* chat = chats_.find(takeover.chat_id);
    if (!chat) {
        return connections_.send_error(
            session.id, takeover.rid,
            proto::Error{proto::ErrorCode::not_found, "no open chat " + takeover.chat_id, "chatId", {}, {}});
    }
    if (chat->log.status() != proto::ChatStatus::active) {
        return connections_.send_error(
            session.id, takeover.rid,
            proto::Error::make(proto::ErrorCode::conflict, "only active chats can be taken over"));
    }
    auto outcome = router_.take_over(takeover.chat_id, session.party.agent_id, services_.now());
    if (outcome.ok())
        log_event("takeover",
                  {{"chat", takeover.chat_id}, {"from", chat->agent_id}, {"supervisor", session.party.agent_id}});
    apply_outcome(outcome, session.id, takeover.rid, false);
}

void RoutingAdapter::close_chat(ChatLive& chat) { (void)chats_.forget(chat.id); }

// ======================= what sessions and timers tell routing =======================

core::AgentProfile RoutingAdapter::profile_of(const std::string& agent_id, const std::string& display_name) const {
    return {agent_id, display_name, std::nullopt, !roster_.is_supervisor(agent_id)};
}

void RoutingAdapter::agent_online(const AgentRecord& agent) {
    presence_since_[agent.id] = services_.now();
    apply(router_.agent_connected(profile_of(agent.id, agent.display_name), services_.now()));
}

void RoutingAdapter::agent_offline(const std::string& agent_id) {
    presence_since_[agent_id] = services_.now();
    apply_outcome(router_.agent_disconnected(agent_id, services_.now()), 0, {}, false);
    log_event("agent_offline", {{"agent", agent_id}});
}

void RoutingAdapter::chat_queued(const std::string& chat_id, std::optional<std::int64_t> queued_since) {
    const auto now = services_.now();
    apply_outcome(queued_since ? router_.chat_queued(chat_id, now, *queued_since) : router_.chat_queued(chat_id, now),
                  0, {}, false);
}

void RoutingAdapter::assignment_restored(const ChatLive& chat) {
    apply_outcome(router_.chat_assignment_restored(
                      chat.id, profile_of(chat.agent_id, roster_.display_name(chat.agent_id)), services_.now()),
                  0, {}, false);
}

void RoutingAdapter::customer_wrote(const ChatLive& chat) {
    const auto offer = router_.open_offer_of_chat(chat.id);
    if (!offer) return;
    // An offer due to expire now is left to tick(), which revokes it: re-sending it would ring a dead offer.
    if (offer->expires_at <= services_.now()) return;
    connections_.send_to_agent(offer->agent, make_frame(proto::encode(proto::OfferPush{offer_for(*offer)})));
    log_event("offer_updated", {{"offer", offer->offer}, {"chat", chat.id}, {"agent", offer->agent}});
}

void RoutingAdapter::tick(std::int64_t now_ms) { apply(router_.tick(now_ms)); }

// ======================= views =======================

bool RoutingAdapter::is_offered_to(const std::string& agent_id, const std::string& chat_id) const {
    const auto routing = router_.chat(chat_id);
    if (!routing || !routing->open_offer) return false;
    const auto offer = router_.open_offer_of(agent_id);
    return offer && offer->chat == chat_id;
}

proto::Presence RoutingAdapter::presence_of(const std::string& agent_id) const {
    const auto routing = router_.agent(agent_id);
    return routing ? routing->presence
                   : proto::Presence{proto::PresenceState::not_ready, router_.settings().login_reason};
}

std::int64_t RoutingAdapter::presence_since(const std::string& agent_id) const {
    const auto it = presence_since_.find(agent_id);
    return it == presence_since_.end() ? 0 : it->second;
}

std::int64_t RoutingAdapter::capacity_of(const std::string& agent_id) const {
    const auto routing = router_.agent(agent_id);
    return routing ? routing->capacity : services_.config.limits.agent_capacity;
}

std::optional<proto::Offer> RoutingAdapter::open_offer_for(const std::string& agent_id) {
    const auto offer = router_.open_offer_of(agent_id);
    if (!offer) return std::nullopt;
    return offer_for(*offer);
}

}  // namespace server
