// The routing state machine of docs/protocol.md ("Routing"): which queued chat is offered to which agent, offers
// and their expiry, transfers, queue positions and the "Missed offer" presence rule.
//
// Platform-free on purpose: no I/O, no clock reads, no threads. Every input takes `now_ms` and returns what
// happened as values (RoutingDecision); the server runs one Router on one strand, turns decisions into pushes and
// storage writes, and calls tick() at next_deadline(). Tests drive it with a hand-made clock.
//
// Rules
// - The oldest waiting chat (by queue time, then arrival order) is offered to the *available* agent with the
//   fewest chats; ties go to whoever has waited longest since their last offer (never offered first), then to
//   the earlier registered agent. Available = connected, presence ready, load < capacity, no offer open.
// - An agent holds at most one offer (routing or transfer) at a time. Offers expire at now + offer_timeout_ms;
//   an offer is expired from the moment now_ms >= expires_at (also if tick() was not called yet).
// - Fairness: an agent who declined or missed a chat is not offered that chat again until every other
//   *eligible* agent (connected, ready, load < capacity; holding an offer is fine) has declined or missed it as
//   well; then the round starts over. Meanwhile that agent gets other, younger chats first: a new round starts
//   only for a chat that no available agent could otherwise take and only once no other chat can be offered.
// - A missed (expired) offer sets its agent not_ready with reason settings.missed_offer_reason.
// - Transfers bypass presence and capacity: the target only has to be connected and free of other offers. On
//   decline/expiry the source keeps the chat (TransferFailed).
// - Queue positions: 1 = next among waiting chats, 0 = being offered. QueuePositionChanged is emitted only when a
//   chat's position differs from the last one emitted for it (a chat's first position counts as a change).
//
// Complexity (A agents, Q waiting chats, O open offers, d = agents who passed the chat in this round):
// - picking an agent for a chat: O(log A + d) (agents are kept in an ordered index of available ones;
//   the pick skips at most the d agents who passed the chat).
// - an offer / accept / decline / expiry / presence change: O(log A + log Q + log O + d), plus the queue
//   positions below, plus one pick per further offer it makes possible. A chat that cannot go to any available
//   agent (all of them passed it) costs O(d) in each of the (at most two) matching passes of an input.
// - queue positions: O(log Q + k), k = the waiting chats from the earliest to the latest change of the queue in
//   this input plus those behind that really moved; nearly all k get a QueuePositionChanged (every chat behind a
//   removal moves up), so the work is proportional to the pushes the server must send anyway. A chat joining at
//   the back, or re-queued and offered again within one input, costs O(log Q).
// - tick(): O(e log O) for e expiring offers. next_deadline(): O(1).
// Nothing iterates all chats x all agents.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "protocol/limits.hpp"
#include "protocol/result.hpp"
#include "protocol/types.hpp"

namespace core {

using AgentId = std::string;
using ChatId = std::string;
using OfferId = std::string;

// Named, configurable settings of the router (docs/protocol.md "Limits": offerTimeoutMs, agentCapacity).
struct RouterSettings {
    std::int64_t offer_timeout_ms = proto::kDefaultOfferTimeoutMs;  // how long an offer rings
    std::int64_t agent_capacity = proto::kDefaultAgentCapacity;     // for agents whose profile sets none
    std::string missed_offer_reason = "Missed offer";               // presence reason after an expired offer
    std::string login_reason = "Login";                             // presence reason of a newly known agent
    // Offer ids are this prefix + a counter. Give each server run its own prefix (e.g. "o" + start time + "-")
    // so an id a client kept from before a restart is never mistaken for a new offer.
    std::string offer_id_prefix = "o";
};

// ---- Decisions: what happened, as values. The server turns them into pushes and storage writes. ----

// An offer rings at `agent` until `expires_at` (the `offer` push: expiresInMs = expires_at - now).
struct OfferMade {
    OfferId offer;
    AgentId agent;
    ChatId chat;
    std::int64_t expires_at = 0;
    std::optional<AgentId> transfer_from;  // set for transfer offers: the agent who holds the chat
    friend bool operator==(const OfferMade&, const OfferMade&) = default;
};

// Why an offer ended without an accept. `disconnected` has no wire name: the agent is gone, nothing to push.
enum class RevokeReason : std::uint8_t { expired, declined, ended, disconnected };

// The wire reason of `offer.revoked`, or nullopt when nothing is to be sent (disconnected).
std::optional<proto::OfferRevokedReason> to_wire(RevokeReason reason);

struct OfferRevoked {
    OfferId offer;
    AgentId agent;
    ChatId chat;
    RevokeReason reason = RevokeReason::expired;
    friend bool operator==(const OfferRevoked&, const OfferRevoked&) = default;
};

// The chat now belongs to `agent` (append `joined`; for transfers also `left` + `transfer`, and the source gets
// `chat.removed` reason transferred).
struct ChatAssigned {
    ChatId chat;
    AgentId agent;
    std::optional<AgentId> transferred_from;
    bool taken_over = false;  // take_over: a supervisor took it from transferred_from
    friend bool operator==(const ChatAssigned&, const ChatAssigned&) = default;
};

// A transfer offer ended without an accept; `from` keeps the chat. A target that disconnected counts as expired.
struct TransferFailed {
    ChatId chat;
    AgentId from;
    AgentId to;
    proto::TransferFailedReason reason = proto::TransferFailedReason::declined;
    friend bool operator==(const TransferFailed&, const TransferFailed&) = default;
};

// The customer's `queue` push: 1 = next, 0 = an agent is being offered the chat.
struct QueuePositionChanged {
    ChatId chat;
    std::int64_t position = 0;
    friend bool operator==(const QueuePositionChanged&, const QueuePositionChanged&) = default;
};

// An agent's presence changed (set_presence, or not_ready "Missed offer" after an expired offer).
struct PresenceChanged {
    AgentId agent;
    proto::Presence presence;
    friend bool operator==(const PresenceChanged&, const PresenceChanged&) = default;
};

using RoutingDecision =
    std::variant<OfferMade, OfferRevoked, ChatAssigned, TransferFailed, QueuePositionChanged, PresenceChanged>;
using Decisions = std::vector<RoutingDecision>;

// The answer to one input: an error for the request (if refused) and the decisions to carry out either way
// (a refused accept may still report the expiry that made it too late).
struct [[nodiscard]] RoutingOutcome {
    std::optional<proto::Error> error;
    Decisions decisions;
    bool ok() const { return !error.has_value(); }
};

// ---- Inputs ----

// What the router needs to know of an agent. capacity unset = settings.agent_capacity.
struct AgentProfile {
    AgentId id;
    std::string display_name;
    std::optional<std::int64_t> capacity;
    // false for supervisors: never offered a chat, never a transfer target, not in connected_agents(); they hold
    // chats only by take_over.
    bool takes_offers = true;
};

// ---- Read-only views for the server (welcome frames, agents.list, /health) ----

enum class ChatStage : std::uint8_t { waiting, offered, assigned };

struct ChatRouting {
    ChatStage stage = ChatStage::waiting;
    std::optional<AgentId> agent;          // assigned agent (stage assigned)
    std::optional<OfferId> open_offer;     // routing offer (offered) or transfer offer (assigned)
    std::optional<std::int64_t> position;  // last emitted queue position (waiting/offered)
};

struct OpenOffer {
    OfferId offer;
    AgentId agent;
    ChatId chat;
    std::int64_t expires_at = 0;
    std::optional<AgentId> transfer_from;
};

struct AgentRouting {
    AgentId id;
    std::string display_name;
    bool connected = false;
    proto::Presence presence;
    std::int64_t capacity = 0;
    std::int64_t load = 0;  // chats assigned now
    std::optional<OfferId> open_offer;
};

class Router {
public:
    explicit Router(RouterSettings settings = {});
    // Movable, not copyable: the indexes hold pointers to entries of the maps (a move keeps the nodes).
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;
    Router(Router&&) = default;
    Router& operator=(Router&&) = default;

    // An agent logged in or resumed. A new agent starts not_ready with settings.login_reason; a known one keeps
    // its presence and chats (display name and capacity are updated). Connected agents may receive offers.
    Decisions agent_connected(const AgentProfile& profile, std::int64_t now_ms);
    // The agent's socket is gone: no more offers; an open offer is revoked (reason disconnected; a routing
    // offer's chat goes back to the queue, a transfer offer fails as expired). Assigned chats stay with it.
    RoutingOutcome agent_disconnected(const AgentId& agent, std::int64_t now_ms);
    // agent.presence. A ready presence always has reason "". Emits PresenceChanged when it changed.
    RoutingOutcome set_presence(const AgentId& agent, proto::Presence presence, std::int64_t now_ms);

    // A new chat waits for an agent. queued_at orders the queue (FIFO); the overload without it uses now_ms.
    // Use queued_at to re-queue chats restored from storage in their original order.
    RoutingOutcome chat_queued(const ChatId& chat, std::int64_t now_ms);
    RoutingOutcome chat_queued(const ChatId& chat, std::int64_t now_ms, std::int64_t queued_at);
    // Restores an assignment from storage (server start): the chat belongs to the agent, counting on its load.
    // Registers the agent (disconnected) if unknown. conflict if the chat is already known.
    RoutingOutcome chat_assignment_restored(const ChatId& chat, const AgentProfile& agent, std::int64_t now_ms);
    // The customer ended a chat that was waiting or being offered (an open offer is revoked, reason ended).
    // conflict for an assigned chat (use chat_released).
    RoutingOutcome chat_left_queue(const ChatId& chat, std::int64_t now_ms);
    // The chat ended or was closed, in any stage: its offers are revoked (ended), a pending transfer fails
    // (ended), and the agent's capacity is freed. The router forgets the chat.
    RoutingOutcome chat_released(const ChatId& chat, std::int64_t now_ms);

    // offer.accept / offer.decline by `agent`. not_found: no such offer id ever; forbidden: another agent's
    // open offer; conflict: the offer is no longer open (accepted, declined, expired, revoked).
    RoutingOutcome accept_offer(const AgentId& agent, const OfferId& offer, std::int64_t now_ms);
    RoutingOutcome decline_offer(const AgentId& agent, const OfferId& offer, std::int64_t now_ms);

    // chat.transfer: `from` offers its chat to `to`. not_found: unknown chat or target (field toAgentId);
    // forbidden: the chat is not assigned to `from`; invalid_field: to == from; unavailable: target offline;
    // conflict: a transfer of this chat is already open, or the target holds another offer.
    RoutingOutcome request_transfer(const ChatId& chat, const AgentId& from, const AgentId& to, std::int64_t now_ms);

    // supervisor.takeover: the assigned chat moves to `to` at once, without an offer and whatever its capacity
    // (ChatAssigned with transferred_from, as an accepted transfer). An open transfer offer of the chat is revoked
    // (ended; the source gets TransferFailed). not_found: unknown chat; conflict: not assigned (waiting, offered)
    // or already `to`'s; unavailable: `to` is not connected.
    RoutingOutcome take_over(const ChatId& chat, const AgentId& to, std::int64_t now_ms);

    // Expires every offer with expires_at <= now_ms and routes what that freed.
    Decisions tick(std::int64_t now_ms);
    // When tick() must next be called (the earliest offer expiry), or nullopt when no offer is open.
    std::optional<std::int64_t> next_deadline() const;

    // ---- Views ----
    std::optional<ChatRouting> chat(const ChatId& chat) const;
    std::optional<AgentRouting> agent(const AgentId& agent) const;
    std::optional<OpenOffer> open_offer_of(const AgentId& agent) const;  // for agent.welcome's `offers`
    // The chat's open offer (a routing offer, or a transfer offer of an assigned chat), to re-send it updated.
    std::optional<OpenOffer> open_offer_of_chat(const ChatId& chat) const;
    std::vector<proto::AgentListEntry> connected_agents() const;   // agents.list, in registration order
    std::size_t waiting_count() const { return waiting_.size(); }  // queued, not being offered
    std::size_t offered_count() const;   // chats with a routing offer open; O(chats), for /health
    std::size_t assigned_count() const;  // O(chats), for /health
    const RouterSettings& settings() const { return settings_; }

private:
    // Queue order: queue time, then arrival number (unique).
    struct QueueKey {
        std::int64_t queued_at = 0;
        std::uint64_t arrival = 0;
        friend auto operator<=>(const QueueKey&, const QueueKey&) = default;
    };
    // Agent preference: fewest chats, longest since last offer, earliest registered (unique).
    struct AgentKey {
        std::int64_t load = 0;
        std::int64_t last_offer_at = 0;
        std::uint64_t registration = 0;
        friend auto operator<=>(const AgentKey&, const AgentKey&) = default;
    };
    struct AgentEntry {
        AgentId id;
        std::string display_name;
        std::int64_t capacity = 0;
        bool connected = false;
        bool takes_offers = true;
        proto::Presence presence;
        std::int64_t load = 0;
        std::int64_t last_offer_at = kNeverOffered;
        std::uint64_t registration = 0;
        std::optional<std::uint64_t> offer;     // open offer number
        std::optional<AgentKey> available_key;  // its key in available_, when listed there
        bool counted_eligible = false;          // counted in eligible_count_
    };
    struct ChatEntry {
        ChatId id;
        ChatStage stage = ChatStage::waiting;
        QueueKey queue_key;
        std::optional<std::int64_t> reported_position;
        std::optional<std::uint64_t> offer;     // routing offer (offered) or transfer offer (assigned)
        AgentId agent;                          // stage assigned
        std::unordered_set<AgentId> passed_by;  // declined or missed it in this round
    };
    struct OfferEntry {
        std::uint64_t number = 0;
        AgentId agent;
        ChatId chat;
        std::int64_t expires_at = 0;
        std::optional<AgentId> transfer_from;
    };

    static constexpr std::int64_t kNeverOffered = std::numeric_limits<std::int64_t>::min();

    // Shared steps; each appends its decisions to `out`.
    void expire_due(std::int64_t now_ms, Decisions& out);
    void expire_offer(std::uint64_t number, Decisions& out);
    void finish(std::int64_t now_ms, Decisions& out);  // match, then publish queue positions
    void match(std::int64_t now_ms, Decisions& out);
    void match_pass(std::int64_t now_ms, bool allow_new_round, Decisions& out);
    AgentEntry* pick_agent_for(ChatEntry& chat, bool allow_new_round);
    bool every_eligible_agent_passed(const ChatEntry& chat) const;
    void make_offer(ChatEntry& chat, AgentEntry& agent, std::optional<AgentId> transfer_from, std::int64_t now_ms,
                    Decisions& out);
    OfferEntry close_offer(std::uint64_t number);  // forgets the offer and clears the agent's/chat's link
    void revoke_offer(std::uint64_t number, RevokeReason reason, Decisions& out);
    void enqueue(ChatEntry& chat);
    void dequeue(ChatEntry& chat);
    void mark_positions_dirty(const QueueKey& key);
    void publish_positions(Decisions& out);
    void report_position(ChatEntry& chat, std::int64_t position, Decisions& out);
    void reindex(AgentEntry& agent);
    void set_presence_value(AgentEntry& agent, proto::Presence presence, Decisions& out);
    AgentEntry& register_agent(const AgentProfile& profile);
    void remove_chat(ChatEntry& chat, Decisions& out);

    OfferId offer_id(std::uint64_t number) const;
    std::optional<std::uint64_t> parse_offer_id(const OfferId& offer) const;
    // The open offer `offer` held by `agent`, or the error to answer (not_found / forbidden / conflict).
    proto::Result<std::uint64_t> find_own_offer(const AgentId& agent, const OfferId& offer) const;

    RouterSettings settings_;
    std::unordered_map<AgentId, AgentEntry> agents_;  // node-based: pointers below stay valid
    std::unordered_map<ChatId, ChatEntry> chats_;
    std::unordered_map<std::uint64_t, OfferEntry> offers_;
    std::map<AgentKey, AgentEntry*> available_;                     // agents that may get a routing offer now
    std::map<QueueKey, ChatEntry*> waiting_;                        // chats waiting for an offer, FIFO
    std::set<std::pair<std::int64_t, std::uint64_t>> expiries_;     // (expires_at, offer number)
    std::optional<std::pair<QueueKey, QueueKey>> positions_dirty_;  // earliest and latest queue key changed
    std::size_t eligible_count_ = 0;
    std::uint64_t next_offer_number_ = 1;
    std::uint64_t next_arrival_ = 1;
    std::uint64_t next_registration_ = 1;
};

}  // namespace core
