// encode(): compact JSON text of every message, written directly (json_writer.hpp). Never throws; strings that are
// not valid UTF-8 (which validated input never yields) are written with U+FFFD.
#include "protocol/codec_internal.hpp"

namespace proto {

using detail::JsonWriter;

namespace {

// A frame being written: {"type":TYPE[,"rid":RID] …members… }.
class Frame {
public:
    explicit Frame(std::string_view type, std::string_view rid = {}) {
        w.begin_object();
        w.member("type", type);
        if (!rid.empty()) w.member("rid", rid);
    }
    std::string done() {
        w.end_object();
        return w.take();
    }
    JsonWriter w;
};

Frame opener(std::string_view type, std::string_view rid) {
    Frame frame(type, rid);
    frame.w.member("protocol", std::int64_t{kProtocolVersion});
    return frame;
}

void write_data(JsonWriter& w, const nlohmann::json& data) {
    w.key("data");
    if (data.is_object()) {
        w.json(data);
    } else {  // the protocol promises an object; a default-constructed payload is sent as {}
        w.begin_object();
        w.end_object();
    }
}

}  // namespace

// ---- client → server ----

std::string encode(const AgentLogin& m) {
    Frame f = opener("agent.login", m.rid);
    f.w.member("username", m.username);
    f.w.member("password", m.password);
    return f.done();
}

std::string encode(const AgentResume& m) {
    Frame f = opener("agent.resume", m.rid);
    f.w.member("token", m.token);
    return f.done();
}

std::string encode(const CustomerStart& m) {
    Frame f = opener("customer.start", m.rid);
    f.w.member("name", m.name);
    f.w.optional_member("phone", m.phone);
    f.w.key("capabilities");
    detail::write(f.w, m.capabilities);
    f.w.key("context");
    detail::write(f.w, m.context);
    if (!m.language.empty()) f.w.member("language", m.language);
    if (!m.app.empty()) f.w.member("app", m.app);
    if (m.identity) {
        f.w.key("identity");
        f.w.begin_object();
        f.w.member("userId", m.identity->user_id);
        f.w.member("userHash", m.identity->user_hash);
        f.w.end_object();
    }
    return f.done();
}

std::string encode(const CustomerResume& m) {
    Frame f = opener("customer.resume", m.rid);
    f.w.member("token", m.token);
    return f.done();
}

std::string encode(const AgentLogout& m) { return Frame("agent.logout", m.rid).done(); }
std::string encode(const AgentsList& m) { return Frame("agents.list", m.rid).done(); }

std::string encode(const AgentPresence& m) {
    Frame f("agent.presence", m.rid);
    f.w.member("state", to_string(m.state));
    if (!m.reason.empty()) f.w.member("reason", m.reason);
    return f.done();
}

std::string encode(const ChatSend& m) {
    Frame f("chat.send", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.member("clientId", m.client_id);
    f.w.member("kind", to_string(kind_of(m.body)));
    f.w.key("body");
    detail::write(f.w, m.body);
    return f.done();
}

std::string encode(const ChatSync& m) {
    Frame f("chat.sync", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.member("after", m.after);
    return f.done();
}

std::string encode(const ChatMark& m) {
    Frame f("chat.mark", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.optional_member("delivered", m.delivered);
    f.w.optional_member("read", m.read);
    return f.done();
}

std::string encode(const TypingSignal& m) {
    Frame f("typing", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.key("active");
    f.w.boolean(m.active);
    return f.done();
}

std::string encode(const RtcSignal& m) {
    Frame f("rtc.signal", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.member("callId", m.call_id);
    write_data(f.w, m.data);
    return f.done();
}

std::string encode(const OfferAccept& m) {
    Frame f("offer.accept", m.rid);
    f.w.member("offerId", m.offer_id);
    return f.done();
}

std::string encode(const OfferDecline& m) {
    Frame f("offer.decline", m.rid);
    f.w.member("offerId", m.offer_id);
    return f.done();
}

std::string encode(const ChatTransfer& m) {
    Frame f("chat.transfer", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.member("toAgentId", m.to_agent_id);
    return f.done();
}

std::string encode(const ChatEnd& m) {
    Frame f("chat.end", m.rid);
    f.w.member("chatId", m.chat_id);
    if (!m.reason.empty()) f.w.member("reason", m.reason);
    return f.done();
}

std::string encode(const ChatWrapup& m) {
    Frame f("chat.wrapup", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.member("disposition", m.disposition);
    f.w.member("notes", m.notes);
    return f.done();
}

// ---- server → client ----

std::string encode(const AgentWelcome& m) {
    Frame f("agent.welcome", m.rid);
    f.w.member("token", m.token);
    f.w.key("agent");
    f.w.begin_object();
    f.w.member("id", m.agent.id);
    f.w.member("username", m.agent.username);
    f.w.member("displayName", m.agent.display_name);
    f.w.member("role", to_string(m.agent.role));
    f.w.end_object();
    f.w.key("presence");
    f.w.begin_object();
    f.w.member("state", to_string(m.presence.state));
    f.w.member("reason", m.presence.reason);
    f.w.end_object();
    f.w.member("capacity", m.capacity);
    f.w.key("chats");
    f.w.begin_array();
    for (const auto& chat : m.chats) detail::write(f.w, chat);
    f.w.end_array();
    f.w.key("offers");
    f.w.begin_array();
    for (const auto& offer : m.offers) detail::write(f.w, offer);
    f.w.end_array();
    f.w.key("config");
    detail::write(f.w, m.config);
    f.w.key("limits");
    detail::write(f.w, m.limits);
    return f.done();
}

std::string encode(const CustomerWelcome& m) {
    Frame f("customer.welcome", m.rid);
    f.w.member("token", m.token);
    f.w.key("chat");
    detail::write(f.w, m.chat);
    f.w.key("limits");
    detail::write(f.w, m.limits);
    return f.done();
}

std::string encode(const Ok& m) { return Frame("ok", m.rid).done(); }

std::string encode_error(const Error& error, std::string_view rid) {
    Frame f("error", rid);
    f.w.member("code", to_string(error.code));
    f.w.member("message", error.message);
    if (!error.field.empty()) f.w.member("field", error.field);
    f.w.optional_member("limit", error.limit);
    f.w.optional_member("retryAfterMs", error.retry_after_ms);
    if (error.code == ErrorCode::unsupported_version) {
        f.w.key("supported");
        f.w.begin_array();
        f.w.integer(kProtocolVersion);
        f.w.end_array();
    }
    return f.done();
}

std::string encode(const ErrorReply& m) { return encode_error(m.error, m.rid); }

std::string encode(const PresenceUpdate& m) {
    Frame f("presence", m.rid);
    f.w.member("state", to_string(m.presence.state));
    f.w.member("reason", m.presence.reason);
    return f.done();
}

std::string encode(const AgentsReply& m) {
    Frame f("agents", m.rid);
    f.w.key("agents");
    f.w.begin_array();
    for (const auto& agent : m.agents) {
        f.w.begin_object();
        f.w.member("id", agent.id);
        f.w.member("displayName", agent.display_name);
        f.w.member("state", to_string(agent.state));
        f.w.member("load", agent.load);
        f.w.member("capacity", agent.capacity);
        f.w.end_object();
    }
    f.w.end_array();
    return f.done();
}

std::string encode(const QueueUpdate& m) {
    Frame f("queue");
    f.w.member("chatId", m.chat_id);
    f.w.member("position", m.position);
    return f.done();
}

std::string encode(const EventPush& m) {
    Frame f("event");
    f.w.member("chatId", m.chat_id);
    f.w.key("event");
    detail::write(f.w, m.event);
    return f.done();
}

std::string encode(const Ack& m) {
    Frame f("ack", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.member("clientId", m.client_id);
    f.w.member("seq", m.seq);
    f.w.member("ts", m.ts);
    return f.done();
}

std::string encode(const ChatSynced& m) {
    Frame f("chat.synced", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.member("lastSeq", m.last_seq);
    f.w.key("receipts");
    f.w.begin_object();
    f.w.key("customer");
    detail::write(f.w, m.receipts.customer);
    f.w.key("agent");
    detail::write(f.w, m.receipts.agent);
    f.w.end_object();
    return f.done();
}

std::string encode(const ReceiptPush& m) {
    Frame f("receipt");
    f.w.member("chatId", m.chat_id);
    f.w.member("role", to_string(m.role));
    f.w.member("delivered", m.marks.delivered);
    f.w.member("read", m.marks.read);
    return f.done();
}

std::string encode(const TypingPush& m) {
    Frame f("typing");
    f.w.member("chatId", m.chat_id);
    f.w.member("role", to_string(m.role));
    f.w.member("name", m.name);
    f.w.key("active");
    f.w.boolean(m.active);
    return f.done();
}

std::string encode(const RtcSignalPush& m) {
    Frame f("rtc.signal");
    f.w.member("chatId", m.chat_id);
    f.w.member("callId", m.call_id);
    f.w.member("from", to_string(m.from));
    write_data(f.w, m.data);
    return f.done();
}

std::string encode(const OfferPush& m) {
    Frame f("offer");
    detail::write_members(f.w, m.offer);
    return f.done();
}

std::string encode(const OfferRevoked& m) {
    Frame f("offer.revoked");
    f.w.member("offerId", m.offer_id);
    f.w.member("reason", to_string(m.reason));
    return f.done();
}

std::string encode(const ChatAssigned& m) {
    Frame f("chat.assigned", m.rid);
    f.w.key("chat");
    detail::write(f.w, m.chat);
    return f.done();
}

std::string encode(const ChatRemoved& m) {
    Frame f("chat.removed");
    f.w.member("chatId", m.chat_id);
    f.w.member("reason", to_string(m.reason));
    return f.done();
}

std::string encode(const TransferFailed& m) {
    Frame f("transfer.failed");
    f.w.member("chatId", m.chat_id);
    f.w.member("reason", to_string(m.reason));
    return f.done();
}

std::string encode(const SessionReplaced&) { return Frame("session.replaced").done(); }

std::string encode(const CustomerHistory& m) {
    Frame f("customer.history", m.rid);
    f.w.member("chatId", m.chat_id);
    return f.done();
}

std::string encode(const HistoryReply& m) {
    Frame f("history", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.key("verified");
    f.w.boolean(m.verified);
    f.w.key("chats");
    f.w.begin_array();
    for (const auto& chat : m.chats) {
        f.w.begin_object();
        f.w.member("chatId", chat.chat_id);
        f.w.member("status", to_string(chat.status));
        f.w.member("createdAt", chat.created_at);
        f.w.nullable_member("endedAt", chat.ended_at);
        f.w.key("agent");
        chat.agent ? detail::write(f.w, *chat.agent) : f.w.null();
        f.w.key("disposition");
        chat.disposition ? f.w.string(*chat.disposition) : f.w.null();
        f.w.member("notes", chat.notes);
        f.w.key("firstLines");
        f.w.begin_array();
        for (const auto& line : chat.first_lines) f.w.string(line);
        f.w.end_array();
        f.w.member("lastSeq", chat.last_seq);
        f.w.end_object();
    }
    f.w.end_array();
    return f.done();
}

std::string encode(const ChatFlagRequest& m) {
    Frame f("chat.flag", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.key("flagged");
    f.w.boolean(m.flagged);
    if (!m.reason.empty()) f.w.member("reason", m.reason);
    return f.done();
}

std::string encode(const InternalSync& m) {
    Frame f("chat.internal", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.member("after", m.after);
    return f.done();
}

std::string encode(const SupervisorWatch& m) {
    Frame f("supervisor.watch", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.key("watching");
    f.w.boolean(m.watching);
    return f.done();
}

std::string encode(const SupervisorWhisper& m) {
    Frame f("supervisor.whisper", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.member("text", m.text);
    return f.done();
}

std::string encode(const SupervisorJoin& m) {
    Frame f("supervisor.join", m.rid);
    f.w.member("chatId", m.chat_id);
    return f.done();
}

std::string encode(const SupervisorTakeover& m) {
    Frame f("supervisor.takeover", m.rid);
    f.w.member("chatId", m.chat_id);
    return f.done();
}

namespace {

void write_agent_refs(JsonWriter& w, std::string_view key, const std::vector<AgentRef>& refs) {
    w.key(key);
    w.begin_array();
    for (const auto& ref : refs) detail::write(w, ref);
    w.end_array();
}

void write_flag(JsonWriter& w, const std::optional<ChatFlag>& flag) {
    w.key("flag");
    if (!flag) return w.null();
    w.begin_object();
    w.key("by");
    detail::write(w, flag->by);
    w.member("reason", flag->reason);
    w.member("ts", flag->ts);
    w.end_object();
}

}  // namespace

std::string encode(const InternalPush& m) {
    Frame f("internal");
    f.w.member("chatId", m.chat_id);
    f.w.key("event");
    detail::write(f.w, m.event);
    return f.done();
}

std::string encode(const InternalPage& m) {
    Frame f("internal.page", m.rid);
    f.w.member("chatId", m.chat_id);
    f.w.key("events");
    f.w.begin_array();
    for (const auto& event : m.events) detail::write(f.w, event);
    f.w.end_array();
    f.w.member("lastSeq", m.last_seq);
    write_flag(f.w, m.flag);
    return f.done();
}

std::string encode(const ChatWatchers& m) {
    Frame f("chat.watchers");
    f.w.member("chatId", m.chat_id);
    write_agent_refs(f.w, "watchers", m.watchers);
    write_agent_refs(f.w, "bargedIn", m.barged_in);
    return f.done();
}

std::string encode(const SupervisorOverview& m) {
    Frame f("supervisor.overview");
    f.w.member("ts", m.ts);
    f.w.key("queue");
    f.w.begin_array();
    for (const auto& chat : m.queue) {
        f.w.begin_object();
        f.w.member("chatId", chat.chat_id);
        f.w.member("customerName", chat.customer_name);
        f.w.key("verified");
        f.w.boolean(chat.verified);
        f.w.member("queuedAt", chat.queued_at);
        f.w.member("position", chat.position);
        f.w.key("offeredTo");
        chat.offered_to ? detail::write(f.w, *chat.offered_to) : f.w.null();
        f.w.end_object();
    }
    f.w.end_array();
    f.w.member("queueTotal", m.queue_total);
    f.w.key("agents");
    f.w.begin_array();
    for (const auto& agent : m.agents) {
        f.w.begin_object();
        f.w.member("id", agent.id);
        f.w.member("displayName", agent.display_name);
        f.w.member("role", to_string(agent.role));
        f.w.key("online");
        f.w.boolean(agent.online);
        f.w.member("state", to_string(agent.presence.state));
        f.w.member("reason", agent.presence.reason);
        f.w.member("since", agent.presence_since);
        f.w.member("load", agent.load);
        f.w.member("capacity", agent.capacity);
        f.w.end_object();
    }
    f.w.end_array();
    f.w.key("chats");
    f.w.begin_array();
    for (const auto& chat : m.chats) {
        f.w.begin_object();
        f.w.member("chatId", chat.chat_id);
        f.w.member("status", to_string(chat.status));
        f.w.member("customerName", chat.customer_name);
        f.w.key("verified");
        f.w.boolean(chat.verified);
        f.w.key("agent");
        chat.agent ? detail::write(f.w, *chat.agent) : f.w.null();
        f.w.nullable_member("assignedAt", chat.assigned_at);
        f.w.nullable_member("awaitingReplySince", chat.awaiting_reply_since);
        write_flag(f.w, chat.flag);
        write_agent_refs(f.w, "watchers", chat.watchers);
        write_agent_refs(f.w, "bargedIn", chat.barged_in);
        f.w.member("lastSeq", chat.last_seq);
        f.w.end_object();
    }
    f.w.end_array();
    f.w.member("chatsTotal", m.chats_total);
    return f.done();
}

std::string encode(const ClientMessage& message) {
    return std::visit([](const auto& m) { return encode(m); }, message);
}

std::string encode(const ServerMessage& message) {
    return std::visit([](const auto& m) { return encode(m); }, message);
}

}  // namespace proto
