// Router internals: the agent index, matching chats to agents, offers and their expiry, queue positions.
// The public inputs (routing.cpp) validate, change state, then call finish() so every input ends with the same
// matching pass and one publication of queue positions.
#include <algorithm>
#include <charconv>
#include <iterator>

#include "core/routing.hpp"

namespace core {

// ---- Agent index ----

// Recomputes whether the agent is eligible (connected, ready, room for a chat) and available (eligible and no
// open offer), and re-files it under its current preference key. Called after every change of those fields.
void Router::reindex(AgentEntry& agent) {
    if (agent.available_key) {
        available_.erase(*agent.available_key);
        agent.available_key.reset();
    }
    const bool eligible = agent.takes_offers && agent.connected &&
        agent.presence.state == proto::PresenceState::ready && agent.load < agent.capacity;
    if (eligible != agent.counted_eligible) {
        eligible_count_ = eligible ? eligible_count_ + 1 : eligible_count_ - 1;
        agent.counted_eligible = eligible;
    }
    if (eligible && !agent.offer) {
        const AgentKey key{agent.load, agent.last_offer_at, agent.registration};
        available_.emplace(key, &agent);
        agent.available_key = key;
    }
}

// ---- Matching ----

void Router::finish(std::int64_t now_ms, Decisions& out) {
    match(now_ms, out);
    publish_positions(out);
}

// Walks the queue oldest first while some agent is available. A chat that no available agent may take (all of
// them passed it this round) is skipped so younger chats are not held up behind it. Only when agents are still
// free after that pass does a chat that every eligible agent passed start a new round: an agent who declined
// gets the other waiting chats first, and its declined chat again only if nothing else is waiting.
void Router::match(std::int64_t now_ms, Decisions& out) {
    match_pass(now_ms, /*allow_new_round=*/false, out);
    if (!available_.empty()) match_pass(now_ms, /*allow_new_round=*/true, out);
}

void Router::match_pass(std::int64_t now_ms, bool allow_new_round, Decisions& out) {
    auto it = waiting_.begin();
    while (it != waiting_.end() && !available_.empty()) {
        ChatEntry& chat = *it->second;
        ++it;  // make_offer removes the chat from waiting_; `it` stays valid (std::map)
        if (AgentEntry* agent = pick_agent_for(chat, allow_new_round)) {
            make_offer(chat, *agent, std::nullopt, now_ms, out);
        }
    }
}

Router::AgentEntry* Router::pick_agent_for(ChatEntry& chat, bool allow_new_round) {
    if (allow_new_round && !chat.passed_by.empty() && every_eligible_agent_passed(chat)) chat.passed_by.clear();
    for (auto& [key, agent] : available_) {  // skips at most passed_by.size() agents
        if (!chat.passed_by.contains(agent->id)) return agent;
    }
    return nullptr;
}

bool Router::every_eligible_agent_passed(const ChatEntry& chat) const {
    std::size_t eligible_passed = 0;
    for (const AgentId& id : chat.passed_by) {
        auto found = agents_.find(id);
        if (found != agents_.end() && found->second.counted_eligible) ++eligible_passed;
    }
    return eligible_passed == eligible_count_;
}

// ---- Offers ----

void Router::make_offer(ChatEntry& chat, AgentEntry& agent, std::optional<AgentId> transfer_from, std::int64_t now_ms,
                        Decisions& out) {
    const std::uint64_t number = next_offer_number_++;
    const std::int64_t expires_at = now_ms + settings_.offer_timeout_ms;
    offers_.emplace(number, OfferEntry{number, agent.id, chat.id, expires_at, transfer_from});
    expiries_.emplace(expires_at, number);
    agent.offer = number;
    agent.last_offer_at = now_ms;
    reindex(agent);
    chat.offer = number;
    const bool routing_offer = !transfer_from.has_value();
    out.push_back(OfferMade{offer_id(number), agent.id, chat.id, expires_at, std::move(transfer_from)});
    if (routing_offer) {
        dequeue(chat);
        chat.stage = ChatStage::offered;
        report_position(chat, 0, out);
    }
}

Router::OfferEntry Router::close_offer(std::uint64_t number) {
    auto found = offers_.find(number);
    OfferEntry offer = std::move(found->second);
    offers_.erase(found);
    expiries_.erase({offer.expires_at, number});
    if (auto agent = agents_.find(offer.agent); agent != agents_.end()) {
        agent->second.offer.reset();
        reindex(agent->second);
    }
    if (auto chat = chats_.find(offer.chat); chat != chats_.end()) chat->second.offer.reset();
    return offer;
}

// Ends an open offer without an accept. A routing offer's chat goes back to the queue (at its old place); a
// transfer offer's chat stays with its source. Expired/declined also mark the agent as having passed the chat.
void Router::revoke_offer(std::uint64_t number, RevokeReason reason, Decisions& out) {
    OfferEntry offer = close_offer(number);
    out.push_back(OfferRevoked{offer_id(number), offer.agent, offer.chat, reason});
    auto found = chats_.find(offer.chat);
    if (found == chats_.end()) return;
    ChatEntry& chat = found->second;
    if (offer.transfer_from) {
        const auto failed = reason == RevokeReason::declined ? proto::TransferFailedReason::declined
            : reason == RevokeReason::ended                  ? proto::TransferFailedReason::ended
                                                             : proto::TransferFailedReason::expired;
        out.push_back(TransferFailed{chat.id, *offer.transfer_from, offer.agent, failed});
        return;
    }
    if (reason == RevokeReason::ended) return;  // the caller removes the chat
    if (reason == RevokeReason::expired || reason == RevokeReason::declined) chat.passed_by.insert(offer.agent);
    chat.stage = ChatStage::waiting;
    enqueue(chat);
}

void Router::expire_offer(std::uint64_t number, Decisions& out) {
    const AgentId agent_id = offers_.at(number).agent;
    revoke_offer(number, RevokeReason::expired, out);
    // Contact centers stop ringing an empty desk: a missed offer makes the agent not ready.
    if (auto agent = agents_.find(agent_id); agent != agents_.end()) {
        set_presence_value(agent->second, {proto::PresenceState::not_ready, settings_.missed_offer_reason}, out);
    }
}

// Runs first in every input, so an input that is then refused still leaves expired offers re-routed.
void Router::expire_due(std::int64_t now_ms, Decisions& out) {
    bool expired = false;
    while (!expiries_.empty() && expiries_.begin()->first <= now_ms) {
        expire_offer(expiries_.begin()->second, out);
        expired = true;
    }
    if (expired) finish(now_ms, out);
}

void Router::set_presence_value(AgentEntry& agent, proto::Presence presence, Decisions& out) {
    if (presence.state == proto::PresenceState::ready) presence.reason.clear();
    if (presence == agent.presence) return;
    agent.presence = std::move(presence);
    reindex(agent);
    out.push_back(PresenceChanged{agent.id, agent.presence});
}

// ---- Queue and positions ----

void Router::enqueue(ChatEntry& chat) {
    waiting_.emplace(chat.queue_key, &chat);
    mark_positions_dirty(chat.queue_key);
}

void Router::dequeue(ChatEntry& chat) {
    if (waiting_.erase(chat.queue_key) == 0) return;
    mark_positions_dirty(chat.queue_key);
}

void Router::mark_positions_dirty(const QueueKey& key) {
    if (!positions_dirty_) {
        positions_dirty_ = std::pair{key, key};
        return;
    }
    positions_dirty_->first = std::min(positions_dirty_->first, key);
    positions_dirty_->second = std::max(positions_dirty_->second, key);
}

void Router::report_position(ChatEntry& chat, std::int64_t position, Decisions& out) {
    if (chat.reported_position == position) return;
    chat.reported_position = position;
    out.push_back(QueuePositionChanged{chat.id, position});
}

// Invariant after every publication: each waiting chat's last reported position is its rank. So
// - chats before the earliest change keep their rank: counting resumes from the one just before it;
// - chats after the latest change were all there at the last publication and moved by the same amount (the net
//   of joins and leaves in between): once one of them is unchanged, all the rest are, and the walk stops.
// A chat that joined and left again in between (re-queued, then offered at once) thus costs O(log Q).
void Router::publish_positions(Decisions& out) {
    if (!positions_dirty_) return;
    const auto [first_change, last_change] = *positions_dirty_;
    positions_dirty_.reset();
    auto it = waiting_.lower_bound(first_change);
    std::int64_t position = it == waiting_.begin() ? 0 : *std::prev(it)->second->reported_position;
    for (; it != waiting_.end(); ++it) {
        ChatEntry& chat = *it->second;
        ++position;
        if (last_change < chat.queue_key && chat.reported_position == position) break;
        report_position(chat, position, out);
    }
}

// ---- Offer ids ----

OfferId Router::offer_id(std::uint64_t number) const { return settings_.offer_id_prefix + std::to_string(number); }

std::optional<std::uint64_t> Router::parse_offer_id(const OfferId& offer) const {
    const std::string& prefix = settings_.offer_id_prefix;
    if (offer.size() <= prefix.size() || offer.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
    const char* first = offer.data() + prefix.size();
    const char* last = offer.data() + offer.size();
    if (*first == '0') return std::nullopt;  // ids never have leading zeros; "o07" is not "o7"
    std::uint64_t number = 0;
    auto [end, ec] = std::from_chars(first, last, number);
    if (ec != std::errc{} || end != last || number == 0 || number >= next_offer_number_) return std::nullopt;
    return number;
}

proto::Result<std::uint64_t> Router::find_own_offer(const AgentId& agent, const OfferId& offer) const {
    const auto number = parse_offer_id(offer);
    if (!number) return proto::Error{proto::ErrorCode::not_found, "no such offer: " + offer, "offerId", {}, {}};
    auto found = offers_.find(*number);
    if (found == offers_.end()) {
        return proto::Error{proto::ErrorCode::conflict, "offer " + offer + " is no longer open", "offerId", {}, {}};
    }
    if (found->second.agent != agent) {
        return proto::Error{proto::ErrorCode::forbidden, "offer " + offer + " is not yours", "offerId", {}, {}};
    }
    return *number;
}

}  // namespace core
