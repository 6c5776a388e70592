// Routing decisions turned into pushes, events and storage writes; offers, transfers, ending and wrap-up.
#include <algorithm>

#include "hub_state.hpp"
#include "log.hpp"

namespace server {

namespace {
template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;
}  // namespace

proto::Offer HubState::offer_for(const core::OpenOffer& offer) {
    proto::Offer out;
    out.offer_id = offer.offer;
    const auto chat = chats.find(offer.chat);
    if (chat != chats.end()) {
        out.chat = summary(chat->second);
        out.first_message = chat->second.firstMessage;
    }
    out.expires_in_ms = std::max<std::int64_t>(0, offer.expires_at - now());
    if (offer.transfer_from) out.transfer_from = agent_ref(*offer.transfer_from);
    return out;
}

void HubState::sync_status_from_router(ChatLive& chat) {
    const auto status = chat.log.status();
    if (status == proto::ChatStatus::ended || status == proto::ChatStatus::closed) return;
    const auto routing = router.chat(chat.id);
    if (!routing) return;
    const proto::ChatStatus wanted = routing->stage == core::ChatStage::waiting   ? proto::ChatStatus::queued
                                     : routing->stage == core::ChatStage::offered ? proto::ChatStatus::offered
                                                                                  : proto::ChatStatus::active;
    if (wanted == status) return;
    if (chat.log.transition(wanted)) persist_chat(chat);
}

void HubState::apply(const core::Decisions& decisions, ConnectionId requester, const std::string& rid) {
    const auto requester_session = sessions.find(requester);
    const std::string requester_agent =
        requester_session != sessions.end() && requester_session->second.role == proto::Role::agent
            ? requester_session->second.agentId
            : std::string();
    for (const auto& decision : decisions) {
        std::visit(
            Overloaded{
                [&](const core::OfferMade& made) {
                    const auto chat = chats.find(made.chat);
                    if (chat == chats.end()) return;
                    sync_status_from_router(chat->second);
                    const core::OpenOffer open{made.offer, made.agent, made.chat, made.expires_at, made.transfer_from};
                    send_to_agent(made.agent, make_frame(proto::encode(proto::OfferPush{offer_for(open)})));
                    log_event("offer", {{"offer", made.offer}, {"chat", made.chat}, {"agent", made.agent},
                                        {"transfer", made.transfer_from.has_value()}});
                },
                [&](const core::OfferRevoked& revoked) {
                    if (auto reason = core::to_wire(revoked.reason)) {
                        send_to_agent(revoked.agent, make_frame(proto::encode(proto::OfferRevoked{revoked.offer, *reason})));
                    }
                    const auto chat = chats.find(revoked.chat);
                    if (chat != chats.end()) sync_status_from_router(chat->second);
                    log_event("offer_revoked", {{"offer", revoked.offer}, {"chat", revoked.chat}, {"agent", revoked.agent},
                                                {"reason", int(revoked.reason)}});
                },
                [&](const core::ChatAssigned& assigned) {
                    const auto it = chats.find(assigned.chat);
                    if (it == chats.end()) return;
                    ChatLive& chat = it->second;
                    const std::string from = chat.agentId;
                    chat.agentId = assigned.agent;
                    chat.assignedAt = now();
                    agents[assigned.agent].chats.insert(chat.id);
                    const std::string to_name = agent_ref(assigned.agent)->display_name;
                    if (assigned.transferred_from) {
                        const std::string from_name = agent_ref(*assigned.transferred_from)->display_name;
                        agents[*assigned.transferred_from].chats.erase(chat.id);
                        send_to_agent(*assigned.transferred_from,
                                      make_frame(proto::encode(proto::ChatRemoved{chat.id, proto::ChatRemovedReason::transferred})));
                        const proto::Author system{proto::Role::system, "", ""};
                        (void)append(chat, system, std::nullopt, proto::LeftBody{proto::Role::agent, from_name, "transfer"}, std::nullopt);
                        (void)append(chat, system, std::nullopt, proto::TransferBody{from_name, to_name}, std::nullopt);
                        typists.typing_stopped(chat.id, proto::Role::agent);
                    }
                    sync_status_from_router(chat);
                    (void)append(chat, {proto::Role::system, "", ""}, std::nullopt, proto::JoinedBody{proto::Role::agent, to_name},
                                 std::nullopt);
                    persist_chat(chat);
                    const auto summary_now = summary(chat);
                    for (ConnectionId socket : agents[assigned.agent].sockets) {
                        const bool answer = socket == requester && requester_agent == assigned.agent;
                        send(socket, proto::ServerMessage(proto::ChatAssigned{answer ? rid : std::string(), summary_now}));
                    }
                    log_event("accept", {{"chat", chat.id}, {"agent", assigned.agent},
                                         {"transferredFrom", assigned.transferred_from.value_or("")}});
                },
                [&](const core::TransferFailed& failed) {
                    send_to_agent(failed.from, make_frame(proto::encode(proto::TransferFailed{failed.chat, failed.reason})));
                    log_event("transfer_failed", {{"chat", failed.chat}, {"from", failed.from}, {"to", failed.to}});
                },
                [&](const core::QueuePositionChanged& moved) {
                    const auto chat = chats.find(moved.chat);
                    if (chat == chats.end()) return;
                    chat->second.lastQueuePosition = moved.position;
                    send_to_customer(chat->second, make_frame(proto::encode(proto::QueueUpdate{moved.chat, moved.position})));
                },
                [&](const core::PresenceChanged& changed) {
                    // The requester already got its answer (with rid); its other sockets and pushes get this.
                    send_to_agent(changed.agent, make_frame(proto::encode(proto::PresenceUpdate{"", changed.presence})),
                                  changed.agent == requester_agent ? requester : 0);
                    if (changed.presence.reason == router.settings().missed_offer_reason) {
                        log_event("missed_offer", {{"agent", changed.agent}});
                    }
                },
            },
            decision);
    }
}

void HubState::apply_outcome(const core::RoutingOutcome& outcome, ConnectionId requester, const std::string& rid,
                             bool reply_ok) {
    if (outcome.error) {
        if (requester != 0) send_error(requester, rid, *outcome.error);
    } else if (reply_ok && requester != 0) {
        send(requester, proto::ServerMessage(proto::Ok{rid}));
    }
    apply(outcome.decisions, requester, rid);
}

void HubState::offer_accept(SessionState& session, const proto::OfferAccept& accept) {
    if (storageFailed) return send_error(session.id, accept.rid, proto::Error::make(proto::ErrorCode::unavailable, "storage failed"));
    auto outcome = router.accept_offer(session.agentId, accept.offer_id, now());
    apply_outcome(outcome, session.id, accept.rid, false);
}

void HubState::offer_decline(SessionState& session, const proto::OfferDecline& decline) {
    auto outcome = router.decline_offer(session.agentId, decline.offer_id, now());
    if (outcome.ok()) log_event("decline", {{"offer", decline.offer_id}, {"agent", session.agentId}});
    apply_outcome(outcome, session.id, decline.rid, true);
}

void HubState::chat_transfer(SessionState& session, const proto::ChatTransfer& transfer) {
    auto chat = party_chat(session, transfer.chat_id);
    if (!chat) return send_error(session.id, transfer.rid, chat.error());
    if (chat.value()->log.status() != proto::ChatStatus::active) {
        return send_error(session.id, transfer.rid, proto::Error::make(proto::ErrorCode::conflict, "only active chats can be transferred"));
    }
    auto outcome = router.request_transfer(transfer.chat_id, session.agentId, transfer.to_agent_id, now());
    if (outcome.ok()) log_event("transfer", {{"chat", transfer.chat_id}, {"from", session.agentId}, {"to", transfer.to_agent_id}});
    apply_outcome(outcome, session.id, transfer.rid, true);
}

void HubState::chat_end(SessionState& session, const proto::ChatEnd& end) {
    auto chat = party_chat(session, end.chat_id);
    if (!chat) return send_error(session.id, end.rid, chat.error());
    const auto status = chat.value()->log.status();
    if (status == proto::ChatStatus::ended || status == proto::ChatStatus::closed) {
        return send_error(session.id, end.rid, proto::Error::make(proto::ErrorCode::conflict, "the chat has already ended"));
    }
    end_chat(*chat.value(), session.role, end.reason.empty() ? "resolved" : end.reason, session.id, end.rid);
}

void HubState::end_chat(ChatLive& chat, proto::Role by, const std::string& reason, ConnectionId requester,
                        const std::string& rid) {
    const bool assigned = !chat.agentId.empty();
    const std::string chat_id = chat.id;
    auto error = append(chat, {proto::Role::system, "", ""}, std::nullopt, proto::EndedBody{by, reason}, std::nullopt,
                        [this, chat_id, requester, rid, assigned](bool ok) {
                            if (requester != 0) {
                                if (ok) send(requester, proto::ServerMessage(proto::Ok{rid}));
                                else send_error(requester, rid, proto::Error::make(proto::ErrorCode::unavailable, "storage failed"));
                            }
                            const auto it = chats.find(chat_id);
                            if (!ok || assigned || it == chats.end()) return;
                            // Nobody took the chat: there is no wrap-up to wait for.
                            if (it->second.log.transition(proto::ChatStatus::closed)) persist_chat(it->second);
                            close_chat(it->second);
                        });
    if (error) {
        if (requester != 0) send_error(requester, rid, *error);
        return;
    }
    (void)chat.log.transition(proto::ChatStatus::ended);
    chat.endedAt = now();
    typists.forget_chat(chat.id);
    persist_chat(chat);
    log_event("chat_end", {{"chat", chat.id}, {"by", proto::to_string(by)}, {"reason", reason}});
    apply_outcome(router.chat_released(chat.id, now()), 0, {}, false);
}

void HubState::chat_wrapup(SessionState& session, const proto::ChatWrapup& wrapup) {
    auto chat = party_chat(session, wrapup.chat_id);
    if (!chat) return send_error(session.id, wrapup.rid, chat.error());
    ChatLive& live = *chat.value();
    if (live.log.status() != proto::ChatStatus::ended) {
        return send_error(session.id, wrapup.rid,
                          proto::Error::make(proto::ErrorCode::conflict, "end the chat before the wrap-up"));
    }
    const auto& allowed = config.desk.dispositions;
    if (std::find(allowed.begin(), allowed.end(), wrapup.disposition) == allowed.end()) {
        return send_error(session.id, wrapup.rid, proto::Error::invalid_field("disposition", "not one of config.dispositions"));
    }
    if (storageFailed) return send_error(session.id, wrapup.rid, proto::Error::make(proto::ErrorCode::unavailable, "storage failed"));
    auto moved = live.log.transition(proto::ChatStatus::closed);
    if (!moved) return send_error(session.id, wrapup.rid, moved.error());
    persist_chat(live);
    const std::string chat_id = live.id;
    const std::string agent_id = live.agentId;
    commit({WrapupRecord{chat_id, agent_id, wrapup.disposition, wrapup.notes, now()}},
           [this, chat_id, agent_id, id = session.id, rid = wrapup.rid](bool ok) {
               if (!ok) return send_error(id, rid, proto::Error::make(proto::ErrorCode::unavailable, "storage failed"));
               send(id, proto::ServerMessage(proto::Ok{rid}));
               send_to_agent(agent_id, make_frame(proto::encode(proto::ChatRemoved{chat_id, proto::ChatRemovedReason::closed})));
               const auto it = chats.find(chat_id);
               if (it != chats.end()) close_chat(it->second);
               log_event("wrapup", {{"chat", chat_id}, {"agent", agent_id}});
           });
}

void HubState::close_chat(ChatLive& chat) {
    if (!chat.pending.empty()) return;  // a commit is still due; the chat stays until then
    if (!chat.agentId.empty()) {
        const auto agent = agents.find(chat.agentId);
        if (agent != agents.end()) agent->second.chats.erase(chat.id);
    }
    typists.forget_chat(chat.id);
    chats.erase(chat.id);
}

}  // namespace server
