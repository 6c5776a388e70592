// encode(): compact JSON text of every message. Never throws: strings that are not valid UTF-8 (which validated
// input never yields) are written with U+FFFD instead of failing.
#include "protocol/codec_internal.hpp"

namespace proto {

using detail::json;

namespace {

// {"type":TYPE} plus "rid" when the message answers a request that carried one.
json frame(std::string_view type, const std::string& rid = {}) {
    json object{{"type", type}};
    if (!rid.empty()) object["rid"] = rid;
    return object;
}

std::string dump(const json& object) { return object.dump(-1, ' ', false, json::error_handler_t::replace); }

json opener(std::string_view type, const std::string& rid) {
    json object = frame(type, rid);
    object["protocol"] = kProtocolVersion;
    return object;
}

}  // namespace

// ---- client → server ----

std::string encode(const AgentLogin& m) {
    json object = opener("agent.login", m.rid);
    object["username"] = m.username;
    object["password"] = m.password;
    return dump(object);
}

std::string encode(const AgentResume& m) {
    json object = opener("agent.resume", m.rid);
    object["token"] = m.token;
    return dump(object);
}

std::string encode(const CustomerStart& m) {
    json object = opener("customer.start", m.rid);
    object["name"] = m.name;
    if (m.phone) object["phone"] = *m.phone;
    object["capabilities"] = detail::to_json(m.capabilities);
    object["context"] = detail::to_json(m.context);
    if (!m.language.empty()) object["language"] = m.language;
    if (!m.app.empty()) object["app"] = m.app;
    return dump(object);
}

std::string encode(const CustomerResume& m) {
    json object = opener("customer.resume", m.rid);
    object["token"] = m.token;
    return dump(object);
}

std::string encode(const AgentLogout& m) { return dump(frame("agent.logout", m.rid)); }
std::string encode(const AgentsList& m) { return dump(frame("agents.list", m.rid)); }

std::string encode(const AgentPresence& m) {
    json object = frame("agent.presence", m.rid);
    object["state"] = to_string(m.state);
    if (!m.reason.empty()) object["reason"] = m.reason;
    return dump(object);
}

std::string encode(const ChatSend& m) {
    json object = frame("chat.send", m.rid);
    object["chatId"] = m.chat_id;
    object["clientId"] = m.client_id;
    object["kind"] = to_string(kind_of(m.body));
    object["body"] = to_json(m.body);
    return dump(object);
}

std::string encode(const ChatSync& m) {
    json object = frame("chat.sync", m.rid);
    object["chatId"] = m.chat_id;
    object["after"] = m.after;
    return dump(object);
}

std::string encode(const ChatMark& m) {
    json object = frame("chat.mark", m.rid);
    object["chatId"] = m.chat_id;
    if (m.delivered) object["delivered"] = *m.delivered;
    if (m.read) object["read"] = *m.read;
    return dump(object);
}

std::string encode(const TypingSignal& m) {
    json object = frame("typing", m.rid);
    object["chatId"] = m.chat_id;
    object["active"] = m.active;
    return dump(object);
}

std::string encode(const RtcSignal& m) {
    json object = frame("rtc.signal", m.rid);
    object["chatId"] = m.chat_id;
    object["callId"] = m.call_id;
    object["data"] = m.data.is_object() ? m.data : json::object();
    return dump(object);
}

std::string encode(const OfferAccept& m) {
    json object = frame("offer.accept", m.rid);
    object["offerId"] = m.offer_id;
    return dump(object);
}

std::string encode(const OfferDecline& m) {
    json object = frame("offer.decline", m.rid);
    object["offerId"] = m.offer_id;
    return dump(object);
}

std::string encode(const ChatTransfer& m) {
    json object = frame("chat.transfer", m.rid);
    object["chatId"] = m.chat_id;
    object["toAgentId"] = m.to_agent_id;
    return dump(object);
}

std::string encode(const ChatEnd& m) {
    json object = frame("chat.end", m.rid);
    object["chatId"] = m.chat_id;
    if (!m.reason.empty()) object["reason"] = m.reason;
    return dump(object);
}

std::string encode(const ChatWrapup& m) {
    json object = frame("chat.wrapup", m.rid);
    object["chatId"] = m.chat_id;
    object["disposition"] = m.disposition;
    object["notes"] = m.notes;
    return dump(object);
}

// ---- server → client ----

std::string encode(const AgentWelcome& m) {
    json object = frame("agent.welcome", m.rid);
    object["token"] = m.token;
    object["agent"] = {{"id", m.agent.id}, {"username", m.agent.username}, {"displayName", m.agent.display_name}};
    object["presence"] = {{"state", to_string(m.presence.state)}, {"reason", m.presence.reason}};
    object["capacity"] = m.capacity;
    json chats = json::array();
    for (const auto& chat : m.chats) chats.push_back(to_json(chat));
    object["chats"] = std::move(chats);
    json offers = json::array();
    for (const auto& offer : m.offers) offers.push_back(to_json(offer));
    object["offers"] = std::move(offers);
    object["config"] = detail::to_json(m.config);
    object["limits"] = to_json(m.limits);
    return dump(object);
}

std::string encode(const CustomerWelcome& m) {
    json object = frame("customer.welcome", m.rid);
    object["token"] = m.token;
    object["chat"] = to_json(m.chat);
    object["limits"] = to_json(m.limits);
    return dump(object);
}

std::string encode(const Ok& m) { return dump(frame("ok", m.rid)); }

std::string encode_error(const Error& error, std::string_view rid) {
    json object = frame("error", std::string(rid));
    object["code"] = to_string(error.code);
    object["message"] = error.message;
    if (!error.field.empty()) object["field"] = error.field;
    if (error.limit) object["limit"] = *error.limit;
    if (error.retry_after_ms) object["retryAfterMs"] = *error.retry_after_ms;
    if (error.code == ErrorCode::unsupported_version) object["supported"] = json::array({kProtocolVersion});
    return dump(object);
}

std::string encode(const ErrorReply& m) { return encode_error(m.error, m.rid); }

std::string encode(const PresenceUpdate& m) {
    json object = frame("presence", m.rid);
    object["state"] = to_string(m.presence.state);
    object["reason"] = m.presence.reason;
    return dump(object);
}

std::string encode(const AgentsReply& m) {
    json object = frame("agents", m.rid);
    json agents = json::array();
    for (const auto& agent : m.agents) {
        agents.push_back({{"id", agent.id},
                          {"displayName", agent.display_name},
                          {"state", to_string(agent.state)},
                          {"load", agent.load},
                          {"capacity", agent.capacity}});
    }
    object["agents"] = std::move(agents);
    return dump(object);
}

std::string encode(const QueueUpdate& m) {
    json object = frame("queue");
    object["chatId"] = m.chat_id;
    object["position"] = m.position;
    return dump(object);
}

std::string encode(const EventPush& m) {
    json object = frame("event");
    object["chatId"] = m.chat_id;
    object["event"] = to_json(m.event);
    return dump(object);
}

std::string encode(const Ack& m) {
    json object = frame("ack", m.rid);
    object["chatId"] = m.chat_id;
    object["clientId"] = m.client_id;
    object["seq"] = m.seq;
    object["ts"] = m.ts;
    return dump(object);
}

std::string encode(const ChatSynced& m) {
    json object = frame("chat.synced", m.rid);
    object["chatId"] = m.chat_id;
    object["lastSeq"] = m.last_seq;
    object["receipts"] = {{"customer", detail::to_json(m.receipts.customer)},
                          {"agent", detail::to_json(m.receipts.agent)}};
    return dump(object);
}

std::string encode(const ReceiptPush& m) {
    json object = frame("receipt");
    object["chatId"] = m.chat_id;
    object["role"] = to_string(m.role);
    object["delivered"] = m.marks.delivered;
    object["read"] = m.marks.read;
    return dump(object);
}

std::string encode(const TypingPush& m) {
    json object = frame("typing");
    object["chatId"] = m.chat_id;
    object["role"] = to_string(m.role);
    object["name"] = m.name;
    object["active"] = m.active;
    return dump(object);
}

std::string encode(const RtcSignalPush& m) {
    json object = frame("rtc.signal");
    object["chatId"] = m.chat_id;
    object["callId"] = m.call_id;
    object["from"] = to_string(m.from);
    object["data"] = m.data.is_object() ? m.data : json::object();
    return dump(object);
}

std::string encode(const OfferPush& m) {
    json object = to_json(m.offer);
    object["type"] = "offer";
    return dump(object);
}

std::string encode(const OfferRevoked& m) {
    json object = frame("offer.revoked");
    object["offerId"] = m.offer_id;
    object["reason"] = to_string(m.reason);
    return dump(object);
}

std::string encode(const ChatAssigned& m) {
    json object = frame("chat.assigned", m.rid);
    object["chat"] = to_json(m.chat);
    return dump(object);
}

std::string encode(const ChatRemoved& m) {
    json object = frame("chat.removed");
    object["chatId"] = m.chat_id;
    object["reason"] = to_string(m.reason);
    return dump(object);
}

std::string encode(const TransferFailed& m) {
    json object = frame("transfer.failed");
    object["chatId"] = m.chat_id;
    object["reason"] = to_string(m.reason);
    return dump(object);
}

std::string encode(const SessionReplaced&) { return dump(frame("session.replaced")); }

std::string encode(const ClientMessage& message) {
    return std::visit([](const auto& m) { return encode(m); }, message);
}

std::string encode(const ServerMessage& message) {
    return std::visit([](const auto& m) { return encode(m); }, message);
}

}  // namespace proto
