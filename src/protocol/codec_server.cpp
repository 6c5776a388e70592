// parse_server_message: what clients (desktop, simulator, tests) run on every frame from the server.
// Types, required fields and ranges are checked; lengths are not held to any Limits (see codec.hpp).
#include <utility>

#include "protocol/codec_internal.hpp"

namespace proto {
namespace detail {
namespace {

template <class M>
struct Tag {};

struct ServerInput {
    FieldReader& fields;
    json& frame;
    std::optional<Error>& error;
};

constexpr Length kId{1};
constexpr Length kAnyText{};

template <class T, class Read>
std::vector<T> read_list(ServerInput& in, const char* key, Read read) {
    std::vector<T> list;
    const json* array = in.fields.array(key);
    if (array == nullptr) return list;
    list.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
        const json& entry = (*array)[i];
        const std::string prefix = in.fields.path(key) + "." + std::to_string(i) + ".";
        if (!entry.is_object()) {
            in.fields.fail(Error::invalid_field(in.fields.path(key), "entries must be objects"));
            break;
        }
        T item = read(entry, prefix);
        if (in.error) break;
        list.push_back(std::move(item));
    }
    return list;
}

ChatSummary read_chat(ServerInput& in, const char* key) {
    const json* chat = in.fields.object(key);
    return chat ? read_chat_summary(*chat, in.fields.path(key) + ".", in.error) : ChatSummary{};
}

Presence read_presence_fields(FieldReader& fields) {
    Presence presence;
    presence.state = fields.enumeration<PresenceState>("state");
    presence.reason = fields.optional_string("reason", kAnyText).value_or("");
    return presence;
}

AgentWelcome read(Tag<AgentWelcome>, ServerInput& in) {
    AgentWelcome m;
    m.token = in.fields.string("token", kId);
    if (auto agent = nested(in.fields, "agent", in.error)) {
        m.agent.id = agent->string("id", kId);
        m.agent.username = agent->string("username", kAnyText);
        m.agent.display_name = agent->string("displayName", kAnyText);
        // Servers before supervisors sent no role: every account was an agent.
        if (agent->find("role") != nullptr) m.agent.role = agent->enumeration<AccountRole>("role");
    }
    if (auto presence = nested(in.fields, "presence", in.error)) m.presence = read_presence_fields(*presence);
    m.capacity = in.fields.integer("capacity", 0);
    m.chats = read_list<ChatSummary>(in, "chats", [&](const json& entry, const std::string& prefix) {
        return read_chat_summary(entry, prefix, in.error);
    });
    m.offers = read_list<Offer>(in, "offers", [&](const json& entry, const std::string& prefix) {
        return read_offer(entry, prefix, in.error);
    });
    if (const json* config = in.fields.object("config")) m.config = read_agent_config(*config, "config.", in.error);
    if (const json* limits = in.fields.optional_object("limits")) m.limits = read_limits(*limits, "limits.", in.error);
    return m;
}

CustomerWelcome read(Tag<CustomerWelcome>, ServerInput& in) {
    CustomerWelcome m;
    m.token = in.fields.string("token", kId);
    m.chat = read_chat(in, "chat");
    if (const json* limits = in.fields.optional_object("limits")) m.limits = read_limits(*limits, "limits.", in.error);
    return m;
}

Ok read(Tag<Ok>, ServerInput&) { return Ok{}; }

ErrorReply read(Tag<ErrorReply>, ServerInput& in) {
    ErrorReply m;
    m.error.code = in.fields.enumeration<ErrorCode>("code");
    m.error.message = in.fields.optional_string("message", kAnyText).value_or("");
    m.error.field = in.fields.optional_string("field", kAnyText).value_or("");
    m.error.limit = in.fields.optional_integer("limit", 0);
    m.error.retry_after_ms = in.fields.optional_integer("retryAfterMs", 0);
    return m;
}

PresenceUpdate read(Tag<PresenceUpdate>, ServerInput& in) {
    return PresenceUpdate{{}, read_presence_fields(in.fields)};
}

AgentsReply read(Tag<AgentsReply>, ServerInput& in) {
    AgentsReply m;
    m.agents = read_list<AgentListEntry>(in, "agents", [&](const json& entry, const std::string& prefix) {
        FieldReader fields(entry, prefix, in.error);
        AgentListEntry agent;
        agent.id = fields.string("id", kId);
        agent.display_name = fields.string("displayName", kAnyText);
        agent.state = fields.enumeration<PresenceState>("state");
        agent.load = fields.integer("load", 0);
        agent.capacity = fields.integer("capacity", 0);
        return agent;
    });
    return m;
}

QueueUpdate read(Tag<QueueUpdate>, ServerInput& in) {
    QueueUpdate m;
    m.chat_id = in.fields.string("chatId", kId);
    m.position = in.fields.integer("position", 0);
    return m;
}

EventPush read(Tag<EventPush>, ServerInput& in) {
    EventPush m;
    m.chat_id = in.fields.string("chatId", kId);
    if (const json* event = in.fields.object("event")) m.event = read_event(*event, "event.", in.error);
    return m;
}

Ack read(Tag<Ack>, ServerInput& in) {
    Ack m;
    m.chat_id = in.fields.string("chatId", kId);
    m.client_id = in.fields.string("clientId", kId);
    m.seq = in.fields.integer("seq", 1);
    m.ts = in.fields.integer("ts", 0);
    return m;
}

ChatSynced read(Tag<ChatSynced>, ServerInput& in) {
    ChatSynced m;
    m.chat_id = in.fields.string("chatId", kId);
    m.last_seq = in.fields.integer("lastSeq", 0);
    // Receipts are optional: a chat nobody has marked yet has none.
    if (const json* receipts = in.fields.optional_object("receipts")) {
        FieldReader fields(*receipts, "receipts.", in.error);
        if (const json* customer = fields.optional_object("customer")) {
            m.receipts.customer = read_receipt_marks(*customer, "receipts.customer.", in.error);
        }
        if (const json* agent = fields.optional_object("agent")) {
            m.receipts.agent = read_receipt_marks(*agent, "receipts.agent.", in.error);
        }
    }
    return m;
}

ReceiptPush read(Tag<ReceiptPush>, ServerInput& in) {
    ReceiptPush m;
    m.chat_id = in.fields.string("chatId", kId);
    m.role = in.fields.enumeration<Role>("role");
    m.marks = read_receipt_marks(in.frame, "", in.error);
    return m;
}

TypingPush read(Tag<TypingPush>, ServerInput& in) {
    TypingPush m;
    m.chat_id = in.fields.string("chatId", kId);
    m.role = in.fields.enumeration<Role>("role");
    m.name = in.fields.optional_string("name", kAnyText).value_or("");
    m.active = in.fields.boolean("active");
    return m;
}

RtcSignalPush read(Tag<RtcSignalPush>, ServerInput& in) {
    RtcSignalPush m;
    m.chat_id = in.fields.string("chatId", kId);
    m.call_id = in.fields.string("callId", kId);
    m.from = in.fields.enumeration<Role>("from");
    if (in.fields.object("data") != nullptr) m.data = std::move(in.frame["data"]);
    return m;
}

OfferPush read(Tag<OfferPush>, ServerInput& in) { return OfferPush{read_offer(in.frame, "", in.error)}; }

OfferRevoked read(Tag<OfferRevoked>, ServerInput& in) {
    OfferRevoked m;
    m.offer_id = in.fields.string("offerId", kId);
    m.reason = in.fields.enumeration<OfferRevokedReason>("reason");
    return m;
}

ChatAssigned read(Tag<ChatAssigned>, ServerInput& in) { return ChatAssigned{{}, read_chat(in, "chat")}; }

ChatRemoved read(Tag<ChatRemoved>, ServerInput& in) {
    ChatRemoved m;
    m.chat_id = in.fields.string("chatId", kId);
    m.reason = in.fields.enumeration<ChatRemovedReason>("reason");
    return m;
}

TransferFailed read(Tag<TransferFailed>, ServerInput& in) {
    TransferFailed m;
    m.chat_id = in.fields.string("chatId", kId);
    m.reason = in.fields.enumeration<TransferFailedReason>("reason");
    return m;
}

SessionReplaced read(Tag<SessionReplaced>, ServerInput&) { return SessionReplaced{}; }

HistoryReply read(Tag<HistoryReply>, ServerInput& in) {
    HistoryReply m;
    m.chat_id = in.fields.string("chatId", kId);
    m.verified = in.fields.boolean("verified");
    if (const json* list = in.fields.find("chats"); list && list->is_array() && list->size() > kMaxHistoryChats)
        in.fields.fail(Error::invalid_field(in.fields.path("chats"),
                                            "more than " + std::to_string(kMaxHistoryChats) + " entries"));
    m.chats = read_list<PastChat>(in, "chats", [&](const json& entry, const std::string& prefix) {
        FieldReader fields(entry, prefix, in.error);
        PastChat chat;
        chat.chat_id = fields.string("chatId", kId);
        chat.status = fields.enumeration<ChatStatus>("status");
        chat.created_at = fields.integer("createdAt", 0);
        chat.ended_at = fields.optional_integer("endedAt", 0);
        if (const json* agent = fields.optional_object("agent"))
            chat.agent = read_agent_ref(*agent, fields.path("agent") + ".", in.error);
        chat.disposition = fields.optional_string("disposition", kAnyText);
        chat.notes = fields.optional_string("notes", kAnyText).value_or("");
        chat.first_lines = read_string_list(fields, "firstLines", kAnyText);
        if (chat.first_lines.size() > std::size_t(kMaxHistoryPreviewLines))
            fields.fail(Error::invalid_field(fields.path("firstLines"),
                                             "more than " + std::to_string(kMaxHistoryPreviewLines) + " entries"));
        chat.last_seq = fields.integer("lastSeq", 0);
        return chat;
    });
    return m;
}

std::vector<AgentRef> read_agent_refs(FieldReader& fields, const char* key, std::optional<Error>& error) {
    std::vector<AgentRef> refs;
    const json* array = fields.array(key);
    if (array == nullptr) return refs;
    for (std::size_t i = 0; i < array->size() && !error; ++i) {
        const json& entry = (*array)[i];
        if (!entry.is_object()) {
            fields.fail(Error::invalid_field(fields.path(key), "entries must be objects"));
            break;
        }
        refs.push_back(read_agent_ref(entry, fields.path(key) + "." + std::to_string(i) + ".", error));
    }
    return refs;
}

std::optional<ChatFlag> read_flag(FieldReader& fields, std::optional<Error>& error) {
    const json* flag = fields.optional_object("flag");
    if (flag == nullptr) return std::nullopt;
    FieldReader reader(*flag, fields.path("flag") + ".", error);
    ChatFlag result;
    if (const json* by = reader.object("by")) result.by = read_agent_ref(*by, reader.path("by") + ".", error);
    result.reason = reader.string("reason", kAnyText);
    result.ts = reader.integer("ts", 0);
    return result;
}

InternalPush read(Tag<InternalPush>, ServerInput& in) {
    InternalPush m;
    m.chat_id = in.fields.string("chatId", kId);
    if (const json* event = in.fields.object("event")) m.event = read_internal_event(*event, "event.", in.error);
    return m;
}

InternalPage read(Tag<InternalPage>, ServerInput& in) {
    InternalPage m;
    m.chat_id = in.fields.string("chatId", kId);
    if (const json* list = in.fields.find("events"); list && list->is_array() && list->size() > kInternalPageEvents)
        in.fields.fail(Error::invalid_field(in.fields.path("events"),
                                            "more than " + std::to_string(kInternalPageEvents) + " entries"));
    m.events = read_list<InternalEvent>(in, "events", [&](const json& entry, const std::string& prefix) {
        return read_internal_event(entry, prefix, in.error);
    });
    m.last_seq = in.fields.integer("lastSeq", 0);
    m.flag = read_flag(in.fields, in.error);
    return m;
}

ChatWatchers read(Tag<ChatWatchers>, ServerInput& in) {
    ChatWatchers m;
    m.chat_id = in.fields.string("chatId", kId);
    m.watchers = read_agent_refs(in.fields, "watchers", in.error);
    m.barged_in = read_agent_refs(in.fields, "bargedIn", in.error);
    return m;
}

SupervisorOverview read(Tag<SupervisorOverview>, ServerInput& in) {
    SupervisorOverview m;
    m.ts = in.fields.integer("ts", 0);
    m.queue = read_list<QueuedChatView>(in, "queue", [&](const json& entry, const std::string& prefix) {
        FieldReader fields(entry, prefix, in.error);
        QueuedChatView chat;
        chat.chat_id = fields.string("chatId", kId);
        chat.customer_name = fields.string("customerName", kAnyText);
        chat.verified = fields.boolean("verified");
        chat.queued_at = fields.integer("queuedAt", 0);
        chat.position = fields.integer("position", 0);
        if (const json* agent = fields.optional_object("offeredTo"))
            chat.offered_to = read_agent_ref(*agent, fields.path("offeredTo") + ".", in.error);
        return chat;
    });
    m.queue_total = in.fields.integer("queueTotal", 0);
    m.agents = read_list<AgentView>(in, "agents", [&](const json& entry, const std::string& prefix) {
        FieldReader fields(entry, prefix, in.error);
        AgentView agent;
        agent.id = fields.string("id", kId);
        agent.display_name = fields.string("displayName", kAnyText);
        agent.role = fields.enumeration<AccountRole>("role");
        agent.online = fields.boolean("online");
        agent.presence = read_presence_fields(fields);
        agent.presence_since = fields.integer("since", 0);
        agent.load = fields.integer("load", 0);
        agent.capacity = fields.integer("capacity", 0);
        return agent;
    });
    m.chats = read_list<LiveChatView>(in, "chats", [&](const json& entry, const std::string& prefix) {
        FieldReader fields(entry, prefix, in.error);
        LiveChatView chat;
        chat.chat_id = fields.string("chatId", kId);
        chat.status = fields.enumeration<ChatStatus>("status");
        chat.customer_name = fields.string("customerName", kAnyText);
        chat.verified = fields.boolean("verified");
        if (const json* agent = fields.optional_object("agent"))
            chat.agent = read_agent_ref(*agent, fields.path("agent") + ".", in.error);
        chat.assigned_at = fields.optional_integer("assignedAt", 0);
        chat.awaiting_reply_since = fields.optional_integer("awaitingReplySince", 0);
        chat.flag = read_flag(fields, in.error);
        chat.watchers = read_agent_refs(fields, "watchers", in.error);
        chat.barged_in = read_agent_refs(fields, "bargedIn", in.error);
        chat.last_seq = fields.integer("lastSeq", 0);
        return chat;
    });
    m.chats_total = in.fields.integer("chatsTotal", 0);
    return m;
}

using ServerReader = ServerMessage (*)(ServerInput&);

template <std::size_t I>
ServerMessage read_alternative(ServerInput& in) {
    using M = std::variant_alternative_t<I, ServerMessage>;
    return ServerMessage{std::in_place_index<I>, read(Tag<M>{}, in)};
}

template <std::size_t... I>
constexpr std::array<ServerReader, sizeof...(I)> make_server_readers(std::index_sequence<I...>) {
    return {&read_alternative<I>...};
}
constexpr auto kServerReaders = make_server_readers(std::make_index_sequence<kServerMessageCount>{});

// Replies carry the request's rid; pushes have none (the member is simply absent then).
template <class M>
void set_rid(M& message, std::string rid) {
    if constexpr (requires { message.rid; }) message.rid = std::move(rid);
}

Result<ServerMessage> parse_server(std::string_view text, std::int64_t max_json_depth) {
    auto parsed = parse_object(text, max_json_depth);
    if (!parsed) return parsed.error();
    json& frame = parsed.value();

    std::optional<Error> error;
    FieldReader fields(frame, "", error);
    std::string rid = fields.optional_string("rid", kAnyText).value_or("");
    const json* type = fields.find("type");
    if (error) return std::move(*error);
    if (type == nullptr || !type->is_string()) return Error::make(ErrorCode::unknown_type, "type: missing");
    const auto& type_text = type->get_ref<const std::string&>();
    const auto& names = server_type_names();
    std::size_t index = 0;
    while (index < names.size() && names[index] != type_text) ++index;
    if (index == names.size())
        return Error::make(ErrorCode::unknown_type, "type: unknown message \"" + type_text + "\"");

    ServerInput input{fields, frame, error};
    ServerMessage message = kServerReaders[index](input);
    if (error) return std::move(*error);
    std::visit([&](auto& m) { set_rid(m, std::move(rid)); }, message);
    return message;
}

}  // namespace
}  // namespace detail

Result<ServerMessage> parse_server_message(std::string_view text) { return parse_server_message(text, Limits{}); }

Result<ServerMessage> parse_server_message(std::string_view text, const Limits& limits) {
    try {
        return detail::parse_server(text, limits.max_json_depth);
    } catch (const std::exception& e) {
        return Error::make(ErrorCode::bad_json, std::string("unreadable frame: ") + e.what());
    }
}

}  // namespace proto
