// One struct per message of docs/protocol.md. Client→server messages form ClientMessage, server→client messages
// ServerMessage; the server routes a parsed frame with std::visit (or by index). `rid` is "" when absent; every
// reply to a request copies the request's rid. Field names are the doc's, in snake_case.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/types.hpp"

namespace proto {

// ======================= client → server =======================

// Session openers (first frame of a socket). `protocol` is checked while parsing: a value other than
// kProtocolVersion is refused with unsupported_version, so a parsed opener always speaks version 1.
struct AgentLogin {  // "agent.login"
    std::string rid;
    std::string username;  // 1..max_name_chars
    std::string password;  // 1..max_name_chars
    friend bool operator==(const AgentLogin&, const AgentLogin&) = default;
};
struct AgentResume {  // "agent.resume"
    std::string rid;
    std::string token;  // 1..max_id_chars
    friend bool operator==(const AgentResume&, const AgentResume&) = default;
};
struct CustomerStart {  // "customer.start"
    std::string rid;
    std::string name;                          // 1..max_name_chars
    std::optional<std::string> phone;          // normalized to E.164 by the parser
    Capabilities capabilities;                 // unknown names ignored
    ContextMap context;                        // ≤ max_context_entries, values ≤ max_context_value_chars
    std::string language;                      // optional, ≤ max_name_chars
    std::string app;                           // optional, ≤ max_name_chars
    std::optional<CustomerIdentity> identity;  // optional; the server checks the signature
    friend bool operator==(const CustomerStart&, const CustomerStart&) = default;
};
struct CustomerResume {  // "customer.resume"
    std::string rid;
    std::string token;
    friend bool operator==(const CustomerResume&, const CustomerResume&) = default;
};

struct AgentLogout {  // "agent.logout" → ok, then the server closes the socket
    std::string rid;
    friend bool operator==(const AgentLogout&, const AgentLogout&) = default;
};
struct AgentPresence {  // "agent.presence" → presence
    std::string rid;
    PresenceState state = PresenceState::ready;
    std::string reason;  // ≤ max_name_chars; "" when ready
    friend bool operator==(const AgentPresence&, const AgentPresence&) = default;
};
struct AgentsList {  // "agents.list" → agents
    std::string rid;
    friend bool operator==(const AgentsList&, const AgentsList&) = default;
};
struct ChatSend {  // "chat.send" → ack (+ event to every party)
    std::string rid;
    std::string chat_id;
    std::string client_id;  // 1..max_id_chars
    EventBody body;         // kind is kind_of(body); only client_may_send() kinds parse
    friend bool operator==(const ChatSend&, const ChatSend&) = default;
};
struct ChatSync {  // "chat.sync" → event… then chat.synced
    std::string rid;
    std::string chat_id;
    std::int64_t after = 0;  // ≥ 0
    friend bool operator==(const ChatSync&, const ChatSync&) = default;
};
struct ChatMark {  // "chat.mark" → ok; receipt to the other party
    std::string rid;
    std::string chat_id;
    std::optional<std::int64_t> delivered;  // ≥ 0
    std::optional<std::int64_t> read;       // ≥ 0
    friend bool operator==(const ChatMark&, const ChatMark&) = default;
};
struct TypingSignal {  // "typing" (client → server)
    std::string rid;
    std::string chat_id;
    bool active = false;
    friend bool operator==(const TypingSignal&, const TypingSignal&) = default;
};
struct RtcSignal {  // "rtc.signal" (client → server), relayed as RtcSignalPush
    std::string rid;
    std::string chat_id;
    std::string call_id;  // 1..max_id_chars
    nlohmann::json data;  // opaque object (SDP, ICE candidate), relayed as is
    friend bool operator==(const RtcSignal&, const RtcSignal&) = default;
};
struct OfferAccept {  // "offer.accept" → chat.assigned
    std::string rid;
    std::string offer_id;
    friend bool operator==(const OfferAccept&, const OfferAccept&) = default;
};
struct OfferDecline {  // "offer.decline" → ok
    std::string rid;
    std::string offer_id;
    friend bool operator==(const OfferDecline&, const OfferDecline&) = default;
};
struct ChatTransfer {  // "chat.transfer" → ok
    std::string rid;
    std::string chat_id;
    std::string to_agent_id;
    friend bool operator==(const ChatTransfer&, const ChatTransfer&) = default;
};
struct ChatEnd {  // "chat.end" → ok
    std::string rid;
    std::string chat_id;
    std::string reason;  // optional, ≤ max_name_chars
    friend bool operator==(const ChatEnd&, const ChatEnd&) = default;
};
struct ChatWrapup {  // "chat.wrapup" → ok
    std::string rid;
    std::string chat_id;
    std::string disposition;  // 1..max_name_chars; the server checks it is one of config.dispositions
    std::string notes;        // optional, ≤ max_text_chars
    friend bool operator==(const ChatWrapup&, const ChatWrapup&) = default;
};

struct CustomerHistory {  // "customer.history" → history: the earlier chats of a chat's verified customer
    std::string rid;
    std::string chat_id;
    friend bool operator==(const CustomerHistory&, const CustomerHistory&) = default;
};

// ---- supervision (docs/protocol.md "Supervisors"); the supervisor.* requests are refused (forbidden) to agents ----

struct ChatFlagRequest {  // "chat.flag" → ok: the agent asks a supervisor for help (or withdraws it)
    std::string rid;
    std::string chat_id;
    bool flagged = true;
    std::string reason;  // optional, ≤ max_name_chars
    friend bool operator==(const ChatFlagRequest&, const ChatFlagRequest&) = default;
};
struct InternalSync {  // "chat.internal" → internal.page: the chat's internal events after `after`
    std::string rid;
    std::string chat_id;
    std::int64_t after = 0;  // ≥ 0
    friend bool operator==(const InternalSync&, const InternalSync&) = default;
};
struct SupervisorWatch {  // "supervisor.watch" → ok: start (watching true) or stop watching a chat, read-only
    std::string rid;
    std::string chat_id;
    bool watching = true;
    friend bool operator==(const SupervisorWatch&, const SupervisorWatch&) = default;
};
struct SupervisorWhisper {  // "supervisor.whisper" → ok once stored: a note only the chat's agent and staff see
    std::string rid;
    std::string chat_id;
    std::string text;  // 1..max_text_chars
    friend bool operator==(const SupervisorWhisper&, const SupervisorWhisper&) = default;
};
struct SupervisorJoin {  // "supervisor.join" → ok once `joined` is stored: barge in as a party of the chat
    std::string rid;
    std::string chat_id;
    friend bool operator==(const SupervisorJoin&, const SupervisorJoin&) = default;
};
struct SupervisorTakeover {  // "supervisor.takeover" → chat.assigned: the chat moves to the supervisor
    std::string rid;
    std::string chat_id;
    friend bool operator==(const SupervisorTakeover&, const SupervisorTakeover&) = default;
};

using ClientMessage =
    std::variant<AgentLogin, AgentResume, AgentLogout, AgentPresence, AgentsList, CustomerStart, CustomerResume,
                 ChatSend, ChatSync, ChatMark, TypingSignal, RtcSignal, OfferAccept, OfferDecline, ChatTransfer,
                 ChatEnd, ChatWrapup, CustomerHistory, ChatFlagRequest, InternalSync, SupervisorWatch,
                 SupervisorWhisper, SupervisorJoin, SupervisorTakeover>;

// ======================= server → client =======================

struct AgentWelcome {  // "agent.welcome"
    std::string rid;
    std::string token;
    AgentInfo agent;
    Presence presence;
    std::int64_t capacity = 0;
    std::vector<ChatSummary> chats;
    std::vector<Offer> offers;
    AgentConfig config;
    Limits limits;
    friend bool operator==(const AgentWelcome&, const AgentWelcome&) = default;
};
struct CustomerWelcome {  // "customer.welcome"
    std::string rid;
    std::string token;
    ChatSummary chat;
    Limits limits;
    friend bool operator==(const CustomerWelcome&, const CustomerWelcome&) = default;
};
struct Ok {  // "ok"
    std::string rid;
    friend bool operator==(const Ok&, const Ok&) = default;
};
struct ErrorReply {  // "error"; with unsupported_version the frame also carries "supported":[1]
    std::string rid;
    Error error;
    friend bool operator==(const ErrorReply&, const ErrorReply&) = default;
};
struct PresenceUpdate {  // "presence": reply to agent.presence (with rid) or push (e.g. "Missed offer")
    std::string rid;
    Presence presence;
    friend bool operator==(const PresenceUpdate&, const PresenceUpdate&) = default;
};
struct AgentsReply {  // "agents"
    std::string rid;
    std::vector<AgentListEntry> agents;
    friend bool operator==(const AgentsReply&, const AgentsReply&) = default;
};
struct QueueUpdate {  // "queue": 1 = next; 0 = being offered to an agent
    std::string chat_id;
    std::int64_t position = 0;
    friend bool operator==(const QueueUpdate&, const QueueUpdate&) = default;
};
struct EventPush {  // "event"
    std::string chat_id;
    Event event;
    friend bool operator==(const EventPush&, const EventPush&) = default;
};
struct Ack {  // "ack": the event is committed
    std::string rid;
    std::string chat_id;
    std::string client_id;
    std::int64_t seq = 0;
    std::int64_t ts = 0;
    friend bool operator==(const Ack&, const Ack&) = default;
};
struct ChatSynced {  // "chat.synced"
    std::string rid;
    std::string chat_id;
    std::int64_t last_seq = 0;
    Receipts receipts;
    friend bool operator==(const ChatSynced&, const ChatSynced&) = default;
};
struct ReceiptPush {  // "receipt": `role`'s marks moved
    std::string chat_id;
    Role role = Role::customer;
    ReceiptMarks marks;
    friend bool operator==(const ReceiptPush&, const ReceiptPush&) = default;
};
struct TypingPush {  // "typing" (server → client)
    std::string chat_id;
    Role role = Role::customer;
    std::string name;
    bool active = false;
    friend bool operator==(const TypingPush&, const TypingPush&) = default;
};
struct RtcSignalPush {  // "rtc.signal" (server → client)
    std::string chat_id;
    std::string call_id;
    Role from = Role::agent;
    nlohmann::json data;
    friend bool operator==(const RtcSignalPush&, const RtcSignalPush&) = default;
};
struct OfferPush {  // "offer"
    Offer offer;
    friend bool operator==(const OfferPush&, const OfferPush&) = default;
};
struct OfferRevoked {  // "offer.revoked"
    std::string offer_id;
    OfferRevokedReason reason = OfferRevokedReason::expired;
    friend bool operator==(const OfferRevoked&, const OfferRevoked&) = default;
};
struct ChatAssigned {  // "chat.assigned": reply to offer.accept
    std::string rid;
    ChatSummary chat;
    friend bool operator==(const ChatAssigned&, const ChatAssigned&) = default;
};
struct ChatRemoved {  // "chat.removed"
    std::string chat_id;
    ChatRemovedReason reason = ChatRemovedReason::closed;
    friend bool operator==(const ChatRemoved&, const ChatRemoved&) = default;
};
struct TransferFailed {  // "transfer.failed": the source agent keeps the chat
    std::string chat_id;
    TransferFailedReason reason = TransferFailedReason::declined;
    friend bool operator==(const TransferFailed&, const TransferFailed&) = default;
};
struct SessionReplaced {  // "session.replaced": a newer login took over; the server closes with 4001
    friend bool operator==(const SessionReplaced&, const SessionReplaced&) = default;
};

struct HistoryReply {  // "history": reply to customer.history, newest chat first
    std::string rid;
    std::string chat_id;    // the chat asked about
    bool verified = false;  // false: the customer is not verified and `chats` is empty
    std::vector<PastChat> chats;
    friend bool operator==(const HistoryReply&, const HistoryReply&) = default;
};

struct InternalPush {  // "internal": a new internal event, to the chat's agent and the supervisors watching it
    std::string chat_id;
    InternalEvent event;
    friend bool operator==(const InternalPush&, const InternalPush&) = default;
};
struct InternalPage {  // "internal.page": reply to chat.internal, oldest first
    std::string rid;
    std::string chat_id;
    std::vector<InternalEvent> events;  // at most kInternalPageEvents
    std::int64_t last_seq = 0;          // the chat's latest internal seq: ask again while it is past the page
    std::optional<ChatFlag> flag;       // the chat's flag now
    friend bool operator==(const InternalPage&, const InternalPage&) = default;
};
struct ChatWatchers {  // "chat.watchers": to the chat's agent when the supervisors on it change
    std::string chat_id;
    std::vector<AgentRef> watchers;   // watching, read-only
    std::vector<AgentRef> barged_in;  // joined as a party
    friend bool operator==(const ChatWatchers&, const ChatWatchers&) = default;
};
struct SupervisorOverview {             // "supervisor.overview": pushed to supervisors while it changes
    std::int64_t ts = 0;                // server clock when it was made (waits are ts - queuedAt)
    std::vector<QueuedChatView> queue;  // the longest waiting first
    std::int64_t queue_total = 0;       // queued chats in all (queue may be cut)
    std::vector<AgentView> agents;      // by display name
    std::vector<LiveChatView> chats;    // flagged first (oldest flag first), then the longest unanswered first
    std::int64_t chats_total = 0;
    friend bool operator==(const SupervisorOverview&, const SupervisorOverview&) = default;
};

using ServerMessage = std::variant<AgentWelcome, CustomerWelcome, Ok, ErrorReply, PresenceUpdate, AgentsReply,
                                   QueueUpdate, EventPush, Ack, ChatSynced, ReceiptPush, TypingPush, RtcSignalPush,
                                   OfferPush, OfferRevoked, ChatAssigned, ChatRemoved, TransferFailed, SessionReplaced,
                                   HistoryReply, InternalPush, InternalPage, ChatWatchers, SupervisorOverview>;

// ---- Helpers for routing ----

// The wire `type` of a message ("chat.send", "event", …).
std::string_view type_name(const ClientMessage& message);
std::string_view type_name(const ServerMessage& message);

// The request's rid ("" when absent), to answer with ok/error.
const std::string& rid_of(const ClientMessage& message);

// True for agent.login/agent.resume/customer.start/customer.resume: the only valid first frames.
bool is_session_opener(const ClientMessage& message);

// True when `role` may send this message inside an open session (agent-only messages, customer-only messages,
// and the chat messages both send). Session openers give false: they are only valid as a socket's first frame.
// The server answers a message its sender's role may not send with unknown_type.
bool role_may_send(Role role, const ClientMessage& message);

}  // namespace proto
