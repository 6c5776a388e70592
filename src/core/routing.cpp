// Router inputs: validate, change state, then finish() (match + queue positions). See routing.hpp for the rules.
// Every input first expires the offers that are due at now_ms, so a late accept sees the same state tick() would
// have left, whether or not the caller ticked in time.
#include "core/routing.hpp"

#include <algorithm>

namespace core {

namespace {

proto::Error error(proto::ErrorCode code, std::string message, std::string field = {}) {
    return proto::Error{code, std::move(message), std::move(field), {}, {}};
}

RoutingOutcome refused(proto::Error error, Decisions decisions) {
    return RoutingOutcome{std::move(error), std::move(decisions)};
}

}  // namespace

std::optional<proto::OfferRevokedReason> to_wire(RevokeReason reason) {
    switch (reason) {
        case RevokeReason::expired:
            return proto::OfferRevokedReason::expired;
        case RevokeReason::declined:
            return proto::OfferRevokedReason::declined;
        case RevokeReason::ended:
            return proto::OfferRevokedReason::ended;
        case RevokeReason::disconnected:
            return std::nullopt;
    }
    return std::nullopt;
}

Router::Router(RouterSettings settings) : settings_(std::move(settings)) {}

// ---- Agents ----

Router::AgentEntry& Router::register_agent(const AgentProfile& profile) {
    auto [it, inserted] = agents_.try_emplace(profile.id);
    AgentEntry& agent = it->second;
    if (inserted) {
        agent.id = profile.id;
        agent.registration = next_registration_++;
        agent.presence = {proto::PresenceState::not_ready, settings_.login_reason};
    }
    agent.display_name = profile.display_name;
    agent.capacity = profile.capacity.value_or(settings_.agent_capacity);
    agent.takes_offers = profile.takes_offers;
    return agent;
}

Decisions Router::agent_connected(const AgentProfile& profile, std::int64_t now_ms) {
    Decisions out;
    expire_due(now_ms, out);
    AgentEntry& agent = register_agent(profile);
    agent.connected = true;
    reindex(agent);
    finish(now_ms, out);
    return out;
}

RoutingOutcome Router::agent_disconnected(const AgentId& agent_id, std::int64_t now_ms) {
    Decisions out;
    expire_due(now_ms, out);
    auto found = agents_.find(agent_id);
    if (found == agents_.end()) {
        return refused(error(proto::ErrorCode::not_found, "no such agent: " + agent_id), std::move(out));
    }
    AgentEntry& agent = found->second;
    agent.connected = false;
    if (agent.offer) revoke_offer(*agent.offer, RevokeReason::disconnected, out);
    reindex(agent);
    finish(now_ms, out);
    return {std::nullopt, std::move(out)};
}

RoutingOutcome Router::set_presence(const AgentId& agent_id, proto::Presence presence, std::int64_t now_ms) {
    Decisions out;
    expire_due(now_ms, out);
    auto found = agents_.find(agent_id);
    if (found == agents_.end()) {
        return refused(error(proto::ErrorCode::not_found, "no such agent: " + agent_id), std::move(out));
    }
    set_presence_value(found->second, std::move(presence), out);
    finish(now_ms, out);
    return {std::nullopt, std::move(out)};
}

// ---- Chats ----

RoutingOutcome Router::chat_queued(const ChatId& chat, std::int64_t now_ms) {
    return chat_queued(chat, now_ms, now_ms);
}

RoutingOutcome Router::chat_queued(const ChatId& chat_id, std::int64_t now_ms, std::int64_t queued_at) {
    Decisions out;
    expire_due(now_ms, out);
    auto [it, inserted] = chats_.try_emplace(chat_id);
    if (!inserted) {
        return refused(error(proto::ErrorCode::conflict, "chat already routed: " + chat_id, "chatId"), std::move(out));
    }
    ChatEntry& chat = it->second;
    chat.id = chat_id;
    chat.queue_key = QueueKey{queued_at, next_arrival_++};
    enqueue(chat);
    finish(now_ms, out);
    return {std::nullopt, std::move(out)};
}

RoutingOutcome Router::chat_assignment_restored(const ChatId& chat_id, const AgentProfile& profile,
                                                std::int64_t now_ms) {
    Decisions out;
    expire_due(now_ms, out);
    if (chats_.contains(chat_id)) {
        return refused(error(proto::ErrorCode::conflict, "chat already routed: " + chat_id, "chatId"), std::move(out));
    }
    AgentEntry& agent = register_agent(profile);
    ChatEntry& chat = chats_[chat_id];
    chat.id = chat_id;
    chat.stage = ChatStage::assigned;
    chat.agent = agent.id;
    ++agent.load;
    reindex(agent);
    finish(now_ms, out);
    return {std::nullopt, std::move(out)};
}

// Revokes the chat's open offer (a pending transfer fails as ended), frees its agent's capacity, forgets it.
void Router::remove_chat(ChatEntry& chat, Decisions& out) {
    if (chat.offer) revoke_offer(*chat.offer, RevokeReason::ended, out);
    dequeue(chat);
    if (chat.stage == ChatStage::assigned) {
        if (auto agent = agents_.find(chat.agent); agent != agents_.end()) {
            --agent->second.load;
            reindex(agent->second);
        }
    }
    chats_.erase(chat.id);
}

RoutingOutcome Router::chat_left_queue(const ChatId& chat_id, std::int64_t now_ms) {
    Decisions out;
    expire_due(now_ms, out);
    auto found = chats_.find(chat_id);
    if (found == chats_.end()) {
        return refused(error(proto::ErrorCode::not_found, "no such chat: " + chat_id), std::move(out));
    }
    if (found->second.stage == ChatStage::assigned) {
        return refused(error(proto::ErrorCode::conflict, "chat " + chat_id + " is already assigned"), std::move(out));
    }
    remove_chat(found->second, out);
    finish(now_ms, out);
    return {std::nullopt, std::move(out)};
}

RoutingOutcome Router::chat_released(const ChatId& chat_id, std::int64_t now_ms) {
    Decisions out;
    expire_due(now_ms, out);
    auto found = chats_.find(chat_id);
    if (found == chats_.end()) {
        return refused(error(proto::ErrorCode::not_found, "no such chat: " + chat_id), std::move(out));
    }
    remove_chat(found->second, out);
    finish(now_ms, out);
    return {std::nullopt, std::move(out)};
}

// ---- Offers ----

RoutingOutcome Router::accept_offer(const AgentId& agent_id, const OfferId& offer_id_text, std::int64_t now_ms) {
    Decisions out;
    expire_due(now_ms, out);
    auto number = find_own_offer(agent_id, offer_id_text);
    if (!number) return refused(number.error(), std::move(out));
    OfferEntry offer = close_offer(number.value());
    ChatEntry& chat = chats_.at(offer.chat);
    AgentEntry& agent = agents_.at(offer.agent);
    if (offer.transfer_from) {
        if (auto source = agents_.find(*offer.transfer_from); source != agents_.end()) {
            --source->second.load;
            reindex(source->second);
        }
    }
    chat.stage = ChatStage::assigned;
    chat.agent = agent.id;
    chat.passed_by.clear();
    chat.reported_position.reset();
    ++agent.load;
    reindex(agent);
    out.push_back(ChatAssigned{chat.id, agent.id, offer.transfer_from});
    finish(now_ms, out);
    return {std::nullopt, std::move(out)};
}

RoutingOutcome Router::decline_offer(const AgentId& agent_id, const OfferId& offer_id_text, std::int64_t now_ms) {
    Decisions out;
    expire_due(now_ms, out);
    auto number = find_own_offer(agent_id, offer_id_text);
    if (!number) return refused(number.error(), std::move(out));
    revoke_offer(number.value(), RevokeReason::declined, out);
    finish(now_ms, out);
    return {std::nullopt, std::move(out)};
}

RoutingOutcome Router::request_transfer(const ChatId& chat_id, const AgentId& from, const AgentId& to,
                                        std::int64_t now_ms) {
    Decisions out;
    expire_due(now_ms, out);
    auto chat = chats_.find(chat_id);
    if (chat == chats_.end()) {
        return refused(error(proto::ErrorCode::not_found, "no such chat: " + chat_id, "chatId"), std::move(out));
    }
    if (chat->second.stage != ChatStage::assigned || chat->second.agent != from) {
        return refused(error(proto::ErrorCode::forbidden, "chat " + chat_id + " is not yours", "chatId"),
                       std::move(out));
    }
    if (to == from) {
        return refused(proto::Error::invalid_field("toAgentId", "must be another agent"), std::move(out));
    }
    auto target = agents_.find(to);
    if (target == agents_.end() || !target->second.takes_offers) {
        return refused(error(proto::ErrorCode::not_found, "no such agent: " + to, "toAgentId"), std::move(out));
    }
    if (!target->second.connected) {
        return refused(error(proto::ErrorCode::unavailable, "agent " + to + " is offline", "toAgentId"),
                       std::move(out));
    }
    if (chat->second.offer) {
        return refused(error(proto::ErrorCode::conflict, "a transfer of chat " + chat_id + " is already open"),
                       std::move(out));
    }
    if (target->second.offer) {
        return refused(error(proto::ErrorCode::conflict, "agent " + to + " is answering another offer", "toAgentId"),
                       std::move(out));
    }
    make_offer(chat->second, target->second, from, now_ms, out);
    finish(now_ms, out);
    return {std::nullopt, std::move(out)};
}

RoutingOutcome Router::take_over(const ChatId& chat_id, const AgentId& to, std::int64_t now_ms) {
    Decisions out;
    expire_due(now_ms, out);
    auto found = chats_.find(chat_id);
    if (found == chats_.end()) {
        return refused(error(proto::ErrorCode::not_found, "no such chat: " + chat_id, "chatId"), std::move(out));
    }
    ChatEntry& chat = found->second;
    if (chat.stage != ChatStage::assigned) {
        return refused(error(proto::ErrorCode::conflict, "chat " + chat_id + " has no agent yet", "chatId"),
                       std::move(out));
    }
    if (chat.agent == to) {
        return refused(error(proto::ErrorCode::conflict, "chat " + chat_id + " is already yours", "chatId"),
                       std::move(out));
    }
    auto target = agents_.find(to);
    if (target == agents_.end() || !target->second.connected) {
        return refused(error(proto::ErrorCode::unavailable, to + " is not connected"), std::move(out));
    }
    if (chat.offer) revoke_offer(*chat.offer, RevokeReason::ended, out);
    const AgentId from = chat.agent;
    if (auto source = agents_.find(from); source != agents_.end()) {
        --source->second.load;
        reindex(source->second);
    }
    chat.agent = to;
    ++target->second.load;
    reindex(target->second);
    out.push_back(ChatAssigned{chat.id, to, from, true});
    finish(now_ms, out);
    return {std::nullopt, std::move(out)};
}

Decisions Router::tick(std::int64_t now_ms) {
    Decisions out;
    expire_due(now_ms, out);
    return out;
}

std::optional<std::int64_t> Router::next_deadline() const {
    if (expiries_.empty()) return std::nullopt;
    return expiries_.begin()->first;
}

// ---- Views ----

std::optional<ChatRouting> Router::chat(const ChatId& chat_id) const {
    auto found = chats_.find(chat_id);
    if (found == chats_.end()) return std::nullopt;
    const ChatEntry& chat = found->second;
    ChatRouting view;
    view.stage = chat.stage;
    if (chat.stage == ChatStage::assigned) view.agent = chat.agent;
    if (chat.offer) view.open_offer = offer_id(*chat.offer);
    view.position = chat.reported_position;
    return view;
}

std::optional<AgentRouting> Router::agent(const AgentId& agent_id) const {
    auto found = agents_.find(agent_id);
    if (found == agents_.end()) return std::nullopt;
    const AgentEntry& agent = found->second;
    AgentRouting view{agent.id, agent.display_name, agent.connected, agent.presence, agent.capacity, agent.load, {}};
    if (agent.offer) view.open_offer = offer_id(*agent.offer);
    return view;
}

std::optional<OpenOffer> Router::open_offer_of(const AgentId& agent_id) const {
    auto found = agents_.find(agent_id);
    if (found == agents_.end() || !found->second.offer) return std::nullopt;
    const OfferEntry& offer = offers_.at(*found->second.offer);
    return OpenOffer{offer_id(offer.number), offer.agent, offer.chat, offer.expires_at, offer.transfer_from};
}

std::optional<OpenOffer> Router::open_offer_of_chat(const ChatId& chat_id) const {
    auto found = chats_.find(chat_id);
    if (found == chats_.end() || !found->second.offer) return std::nullopt;
    const OfferEntry& offer = offers_.at(*found->second.offer);
    return OpenOffer{offer_id(offer.number), offer.agent, offer.chat, offer.expires_at, offer.transfer_from};
}

std::vector<proto::AgentListEntry> Router::connected_agents() const {
    std::vector<const AgentEntry*> connected;
    for (const auto& [id, agent] : agents_) {
        if (agent.connected && agent.takes_offers) connected.push_back(&agent);
    }
    std::sort(connected.begin(), connected.end(),
              [](const AgentEntry* a, const AgentEntry* b) { return a->registration < b->registration; });
    std::vector<proto::AgentListEntry> list;
    list.reserve(connected.size());
    for (const AgentEntry* agent : connected) {
        list.push_back({agent->id, agent->display_name, agent->presence.state, agent->load, agent->capacity});
    }
    return list;
}

std::size_t Router::offered_count() const {
    return static_cast<std::size_t>(std::count_if(chats_.begin(), chats_.end(),
                                                  [](const auto& c) { return c.second.stage == ChatStage::offered; }));
}

std::size_t Router::assigned_count() const {
    return static_cast<std::size_t>(std::count_if(chats_.begin(), chats_.end(),
                                                  [](const auto& c) { return c.second.stage == ChatStage::assigned; }));
}

}  // namespace core
