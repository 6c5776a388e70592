// Plain value types of docs/protocol.md: enums with their wire names, and the objects that appear inside messages
// (Author, Location, ChatSummary, Offer, …). No JSON here: codec.hpp converts. Includes event.hpp and limits.hpp,
// so this one header gives the whole data model.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/limits.hpp"
#include "protocol/result.hpp"

namespace proto {

// ---- Enums. to_string gives the wire name; from_string<E> the inverse (nullopt for an unknown name). ----

enum class Role : std::uint8_t { customer, agent, system };
enum class EventKind : std::uint8_t {
    text,
    file,
    location,
    location_request,
    context,
    joined,
    left,
    transfer,
    call,
    ended
};
enum class ChatStatus : std::uint8_t { queued, offered, active, ended, closed };
enum class PresenceState : std::uint8_t { ready, not_ready };
enum class Capability : std::uint8_t { phone, location, files, webrtc };
enum class CallAction : std::uint8_t { requested, accepted, declined, placed, started, ended, failed };
enum class CallMode : std::uint8_t { phone, webrtc };
enum class OfferRevokedReason : std::uint8_t { expired, ended, declined };
enum class ChatRemovedReason : std::uint8_t { transferred, closed };
// Why a transfer offer ended without an accept: the target declined, let it expire, or the chat ended meanwhile.
enum class TransferFailedReason : std::uint8_t { declined, expired, ended };
// What an account may do: an agent handles chats; a supervisor sees the queue, the agents and every live chat,
// watches, whispers, barges in and takes over (docs/protocol.md "Supervisors"). Routing never offers to one.
enum class AccountRole : std::uint8_t { agent, supervisor };
// Kinds of the internal stream of a chat: staff-only entries customers never receive (docs/protocol.md
// "Internal events").
enum class InternalKind : std::uint8_t { whisper, flagged, unflagged, watch_started, watch_stopped, barged_in };

std::string_view to_string(Role);
std::string_view to_string(EventKind);
std::string_view to_string(ChatStatus);
std::string_view to_string(PresenceState);
std::string_view to_string(Capability);
std::string_view to_string(CallAction);
std::string_view to_string(CallMode);
std::string_view to_string(OfferRevokedReason);
std::string_view to_string(ChatRemovedReason);
std::string_view to_string(TransferFailedReason);
std::string_view to_string(AccountRole);
std::string_view to_string(InternalKind);

// from_string<Role>("agent") == Role::agent. Specialised for every enum above and for ErrorCode.
template <class Enum>
std::optional<Enum> from_string(std::string_view name);

// The set of capabilities a customer's app declared (a bitset; unknown names are ignored when parsing).
class Capabilities {
public:
    constexpr Capabilities() = default;
    constexpr Capabilities(std::initializer_list<Capability> list) {
        for (Capability c : list) set(c);
    }
    constexpr bool has(Capability c) const { return (bits_ & bit(c)) != 0; }
    constexpr void set(Capability c, bool on = true) {
        bits_ = on ? static_cast<std::uint8_t>(bits_ | bit(c)) : static_cast<std::uint8_t>(bits_ & ~bit(c));
    }
    constexpr bool empty() const { return bits_ == 0; }
    constexpr std::uint8_t bits() const { return bits_; }
    // Every capability in wire order, for encoding and iteration.
    static constexpr Capability all[] = {Capability::phone, Capability::location, Capability::files,
                                         Capability::webrtc};
    friend constexpr bool operator==(Capabilities, Capabilities) = default;

private:
    static constexpr std::uint8_t bit(Capability c) { return static_cast<std::uint8_t>(1u << static_cast<int>(c)); }
    std::uint8_t bits_ = 0;
};

// Context key/value pairs (customer app's data: policy number, vehicle, …). Sorted by key.
using ContextMap = std::map<std::string, std::string>;

// ---- Objects inside messages ----

// Who wrote an event. `id` only for agents; `name` empty for system events.
struct Author {
    Role role = Role::system;
    std::string id;
    std::string name;
    friend bool operator==(const Author&, const Author&) = default;
};

// A GPS fix: lat -90..90, lon -180..180, accuracy in metres >= 0, all finite.
struct Location {
    double lat = 0;
    double lon = 0;
    double accuracy = 0;
    friend bool operator==(const Location&, const Location&) = default;
};

// ChatSummary::lastLocation: a Location plus when it was sent.
struct TimedLocation {
    Location location;
    std::int64_t ts = 0;
    friend bool operator==(const TimedLocation&, const TimedLocation&) = default;
};

// An uploaded file (body of a `file` event, and the HTTP upload's answer). width/height only for images.
struct FileInfo {
    std::string file_id;
    std::string name;
    std::string mime;
    std::int64_t size = 0;
    std::optional<std::int64_t> width;
    std::optional<std::int64_t> height;
    friend bool operator==(const FileInfo&, const FileInfo&) = default;
};

// An agent as others see it (ChatSummary::agent, Offer::transferFrom).
struct AgentRef {
    std::string id;
    std::string display_name;
    friend bool operator==(const AgentRef&, const AgentRef&) = default;
};

// agent.welcome's `agent`.
struct AgentInfo {
    std::string id;
    std::string username;
    std::string display_name;
    AccountRole role = AccountRole::agent;  // wire `role`; a reader treats a missing one as agent
    friend bool operator==(const AgentInfo&, const AgentInfo&) = default;
};

// One row of the `agents` reply (for transfers).
struct AgentListEntry {
    std::string id;
    std::string display_name;
    PresenceState state = PresenceState::not_ready;
    std::int64_t load = 0;  // chats the agent holds now
    std::int64_t capacity = 0;
    friend bool operator==(const AgentListEntry&, const AgentListEntry&) = default;
};

// An agent's presence; reason is "" when ready (e.g. "Lunch", "Missed offer" when not ready).
struct Presence {
    PresenceState state = PresenceState::not_ready;
    std::string reason;
    friend bool operator==(const Presence&, const Presence&) = default;
};

// ChatSummary::customer. phone is E.164 when present.
struct CustomerInfo {
    std::string name;
    std::optional<std::string> phone;
    Capabilities capabilities;
    std::string language;  // "" when not given
    std::string app;       // "" when not given
    // The contact center's own id of this customer, set only when the server verified the app's signed identity
    // (customer.start `identity`): then the desktop marks the customer verified and may show earlier chats.
    std::optional<std::string> user_id;
    bool verified() const { return user_id.has_value(); }
    friend bool operator==(const CustomerInfo&, const CustomerInfo&) = default;
};

// customer.start's `identity`: who the app's backend says the customer is, signed with the shared secret
// (user_hash = hex of HMAC-SHA256(secret, user_id)). An unverified claim is never trusted.
struct CustomerIdentity {
    std::string user_id;    // 1..max_name_chars
    std::string user_hash;  // 64 hex digits
    friend bool operator==(const CustomerIdentity&, const CustomerIdentity&) = default;
};

// One earlier chat of a verified customer (the `history` reply): what Contact Info lists.
struct PastChat {
    std::string chat_id;
    ChatStatus status = ChatStatus::closed;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> ended_at;
    std::optional<AgentRef> agent;           // who had it last; nullopt when nobody took it
    std::optional<std::string> disposition;  // of its wrap-up; nullopt before one was filed
    std::string notes;                       // the wrap-up's notes, "" when none
    std::vector<std::string> first_lines;    // its first texts, oldest first, each cut to kPastChatLineChars
    std::int64_t last_seq = 0;
    friend bool operator==(const PastChat&, const PastChat&) = default;
};

// The state of one chat as sent in welcome, offer and chat.assigned frames.
struct ChatSummary {
    std::string chat_id;
    ChatStatus status = ChatStatus::queued;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> assigned_at;
    std::optional<std::int64_t> ended_at;
    CustomerInfo customer;
    ContextMap context;  // merged result of every `context` event
    std::optional<AgentRef> agent;
    std::int64_t last_seq = 0;
    std::optional<TimedLocation> last_location;
    friend bool operator==(const ChatSummary&, const ChatSummary&) = default;
};

// An offer of a chat to an agent (the `offer` push, and agent.welcome's `offers`).
struct Offer {
    std::string offer_id;
    ChatSummary chat;
    std::string first_message;  // "" when the customer has not written yet
    std::int64_t expires_in_ms = 0;
    std::optional<AgentRef> transfer_from;  // set when another agent transfers the chat
    // What the customer wrote so far, latest first, at most Limits::offer_preview_texts entries (empty: nothing
    // yet). Last member so that positional initialisers written before it keep working. An offer pushed again
    // with the same offer_id carries the texts written while it rings.
    std::vector<std::string> customer_texts;
    friend bool operator==(const Offer&, const Offer&) = default;
};

struct CannedResponse {
    std::string shortcut;  // typed after "/" in the composer
    std::string title;
    std::string text;  // may hold {customer.name} and {agent.name} placeholders
    friend bool operator==(const CannedResponse&, const CannedResponse&) = default;
};

// agent.welcome's `config`.
struct AgentConfig {
    std::vector<CannedResponse> canned_responses;
    std::vector<std::string> dispositions;  // chat.wrapup's disposition must be one of these
    std::vector<std::string> not_ready_reasons;
    friend bool operator==(const AgentConfig&, const AgentConfig&) = default;
};

// Delivery/read marks of one party: the highest seq delivered to / read by it.
struct ReceiptMarks {
    std::int64_t delivered = 0;
    std::int64_t read = 0;
    friend bool operator==(const ReceiptMarks&, const ReceiptMarks&) = default;
};

// chat.synced's `receipts`.
struct Receipts {
    ReceiptMarks customer;
    ReceiptMarks agent;
    friend bool operator==(const Receipts&, const Receipts&) = default;
};

// ---- Supervision ----

// One entry of a chat's internal stream. seq counts 1, 2, 3… per chat, apart from the chat log's seq, so that the
// customer-facing seq stays gapless. `text` is the whisper, or the reason of a flag ("" when none given).
struct InternalEvent {
    std::int64_t seq = 0;
    std::int64_t ts = 0;
    AgentRef by;  // the agent or supervisor who did it
    InternalKind kind = InternalKind::whisper;
    std::string text;
    friend bool operator==(const InternalEvent&, const InternalEvent&) = default;
};

// An agent asked a supervisor for help on a chat (chat.flag).
struct ChatFlag {
    AgentRef by;
    std::string reason;  // "" when none given
    std::int64_t ts = 0;
    friend bool operator==(const ChatFlag&, const ChatFlag&) = default;
};

// supervisor.overview: a chat waiting for an agent (queued, or being offered).
struct QueuedChatView {
    std::string chat_id;
    std::string customer_name;
    bool verified = false;
    std::int64_t queued_at = 0;          // the chat's createdAt: the wait is now - queued_at
    std::int64_t position = 0;           // as the customer sees it: 1 = next, 0 = being offered
    std::optional<AgentRef> offered_to;  // the agent it rings at now
    friend bool operator==(const QueuedChatView&, const QueuedChatView&) = default;
};

// supervisor.overview: one account (agents and supervisors).
struct AgentView {
    std::string id;
    std::string display_name;
    AccountRole role = AccountRole::agent;
    bool online = false;
    Presence presence;
    std::int64_t presence_since = 0;  // when the presence (or online) last changed: "time in state"
    std::int64_t load = 0;            // chats it holds (active, and ended awaiting wrap-up)
    std::int64_t capacity = 0;
    friend bool operator==(const AgentView&, const AgentView&) = default;
};

// supervisor.overview: a chat an agent holds.
struct LiveChatView {
    std::string chat_id;
    ChatStatus status = ChatStatus::active;
    std::string customer_name;
    bool verified = false;
    std::optional<AgentRef> agent;
    std::optional<std::int64_t> assigned_at;
    // The oldest customer text no agent answered yet (nullopt: nothing unanswered): the desktop's overdue timer.
    std::optional<std::int64_t> awaiting_reply_since;
    std::optional<ChatFlag> flag;
    std::vector<AgentRef> watchers;   // supervisors watching it (read-only)
    std::vector<AgentRef> barged_in;  // supervisors who joined it as a party
    std::int64_t last_seq = 0;
    friend bool operator==(const LiveChatView&, const LiveChatView&) = default;
};

}  // namespace proto

#include "protocol/event.hpp"
