// JSON text of the data model, written straight into the frame being encoded (see json_writer.hpp for why).
// The nlohmann::json forms (to_json) are derived from this text, so there is one definition of each shape.
#include "protocol/codec_internal.hpp"

namespace proto {
namespace detail {
namespace {

void write_members(JsonWriter& w, const Location& location) {
    w.key("lat");
    w.number(location.lat);
    w.key("lon");
    w.number(location.lon);
    w.key("accuracy");
    w.number(location.accuracy);
}

void write_customer(JsonWriter& w, const CustomerInfo& customer) {
    w.begin_object();
    w.member("name", customer.name);
    w.key("phone");
    customer.phone ? w.string(*customer.phone) : w.null();
    w.key("capabilities");
    write(w, customer.capabilities);
    w.member("language", customer.language);
    w.member("app", customer.app);
    w.key("verified");
    w.boolean(customer.verified());
    w.key("userId");
    customer.user_id ? w.string(*customer.user_id) : w.null();
    w.end_object();
}

}  // namespace

void write(JsonWriter& w, const FileInfo& file) {
    w.begin_object();
    w.member("fileId", file.file_id);
    w.member("name", file.name);
    w.member("mime", file.mime);
    w.member("size", file.size);
    w.optional_member("width", file.width);
    w.optional_member("height", file.height);
    w.end_object();
}

void write(JsonWriter& w, const EventBody& body) {
    std::visit(overloaded{
                   [&](const TextBody& b) {
                       w.begin_object();
                       w.member("text", b.text);
                       w.end_object();
                   },
                   [&](const FileBody& b) { write(w, b.file); },
                   [&](const LocationBody& b) {
                       w.begin_object();
                       write_members(w, b.location);
                       w.end_object();
                   },
                   [&](const LocationRequestBody&) {
                       w.begin_object();
                       w.end_object();
                   },
                   [&](const ContextBody& b) {
                       w.begin_object();
                       w.key("values");
                       write(w, b.values);
                       w.end_object();
                   },
                   [&](const JoinedBody& b) {
                       w.begin_object();
                       w.member("role", to_string(b.role));
                       w.member("name", b.name);
                       w.end_object();
                   },
                   [&](const LeftBody& b) {
                       w.begin_object();
                       w.member("role", to_string(b.role));
                       w.member("name", b.name);
                       w.member("reason", b.reason);
                       w.end_object();
                   },
                   [&](const TransferBody& b) {
                       w.begin_object();
                       w.member("from", b.from);
                       w.member("to", b.to);
                       w.end_object();
                   },
                   [&](const CallBody& b) {
                       w.begin_object();
                       w.member("action", to_string(b.action));
                       w.member("mode", to_string(b.mode));
                       w.optional_member("number", b.number);
                       w.optional_member("durationMs", b.duration_ms);
                       w.optional_member("reason", b.reason);
                       w.end_object();
                   },
                   [&](const EndedBody& b) {
                       w.begin_object();
                       w.member("by", to_string(b.by));
                       w.member("reason", b.reason);
                       w.end_object();
                   },
               },
               body);
}

void write(JsonWriter& w, const Event& event) {
    w.begin_object();
    w.member("seq", event.seq);
    w.member("ts", event.ts);
    w.key("author");
    w.begin_object();
    w.member("role", to_string(event.author.role));
    if (!event.author.id.empty()) w.member("id", event.author.id);
    if (!event.author.name.empty()) w.member("name", event.author.name);
    w.end_object();
    w.member("kind", to_string(event.kind()));
    w.optional_member("clientId", event.client_id);
    w.key("body");
    write(w, event.body);
    w.end_object();
}

void write(JsonWriter& w, const ChatSummary& chat) {
    w.begin_object();
    w.member("chatId", chat.chat_id);
    w.member("status", to_string(chat.status));
    w.member("createdAt", chat.created_at);
    w.nullable_member("assignedAt", chat.assigned_at);
    w.nullable_member("endedAt", chat.ended_at);
    w.key("customer");
    write_customer(w, chat.customer);
    w.key("context");
    write(w, chat.context);
    w.key("agent");
    chat.agent ? write(w, *chat.agent) : w.null();
    w.member("lastSeq", chat.last_seq);
    w.key("lastLocation");
    if (chat.last_location) {
        w.begin_object();
        write_members(w, chat.last_location->location);
        w.member("ts", chat.last_location->ts);
        w.end_object();
    } else {
        w.null();
    }
    w.end_object();
}

void write_members(JsonWriter& w, const Offer& offer) {
    w.member("offerId", offer.offer_id);
    w.key("chat");
    write(w, offer.chat);
    w.member("firstMessage", offer.first_message);
    w.key("customerTexts");
    w.begin_array();
    for (const auto& text : offer.customer_texts) w.string(text);
    w.end_array();
    w.member("expiresInMs", offer.expires_in_ms);
    w.key("transferFrom");
    offer.transfer_from ? write(w, *offer.transfer_from) : w.null();
}

void write(JsonWriter& w, const Offer& offer) {
    w.begin_object();
    write_members(w, offer);
    w.end_object();
}

void write(JsonWriter& w, const Limits& limits) {
    w.begin_object();
    w.member("maxFrameBytes", limits.max_frame_bytes);
    w.member("maxTextChars", limits.max_text_chars);
    w.member("maxNameChars", limits.max_name_chars);
    w.member("maxContextEntries", limits.max_context_entries);
    w.member("maxContextValueChars", limits.max_context_value_chars);
    w.member("maxMessagesPerSecond", limits.max_messages_per_second);
    w.member("maxUploadBytes", limits.max_upload_bytes);
    w.member("offerTimeoutMs", limits.offer_timeout_ms);
    w.member("typingTimeoutMs", limits.typing_timeout_ms);
    w.member("agentCapacity", limits.agent_capacity);
    w.member("maxIdChars", limits.max_id_chars);
    w.member("maxJsonDepth", limits.max_json_depth);
    w.member("offerPreviewTexts", limits.offer_preview_texts);
    w.end_object();
}

void write(JsonWriter& w, const AgentConfig& config) {
    w.begin_object();
    w.key("cannedResponses");
    w.begin_array();
    for (const auto& response : config.canned_responses) {
        w.begin_object();
        w.member("shortcut", response.shortcut);
        w.member("title", response.title);
        w.member("text", response.text);
        w.end_object();
    }
    w.end_array();
    w.key("dispositions");
    w.begin_array();
    for (const auto& disposition : config.dispositions) w.string(disposition);
    w.end_array();
    w.key("notReadyReasons");
    w.begin_array();
    for (const auto& reason : config.not_ready_reasons) w.string(reason);
    w.end_array();
    w.end_object();
}

void write(JsonWriter& w, const AgentRef& agent) {
    w.begin_object();
    w.member("id", agent.id);
    w.member("displayName", agent.display_name);
    w.end_object();
}

void write(JsonWriter& w, const InternalEvent& event) {
    w.begin_object();
    w.member("seq", event.seq);
    w.member("ts", event.ts);
    w.key("by");
    write(w, event.by);
    w.member("kind", to_string(event.kind));
    w.member("text", event.text);
    w.end_object();
}

void write(JsonWriter& w, const ReceiptMarks& marks) {
    w.begin_object();
    w.member("delivered", marks.delivered);
    w.member("read", marks.read);
    w.end_object();
}

void write(JsonWriter& w, const Capabilities& capabilities) {
    w.begin_array();
    for (Capability capability : Capabilities::all) {
        if (capabilities.has(capability)) w.string(to_string(capability));
    }
    w.end_array();
}

void write(JsonWriter& w, const ContextMap& context) {
    w.begin_object();
    for (const auto& [name, value] : context) {
        w.string_key(name);
        w.string(value);
    }
    w.end_object();
}

}  // namespace detail

namespace {
template <class T>
std::string text_of(const T& value) {
    detail::JsonWriter w;
    detail::write(w, value);
    return w.take();
}
// The writer emits valid JSON only, so parsing its output back cannot fail.
template <class T>
nlohmann::json tree_of(const T& value) {
    return nlohmann::json::parse(text_of(value), nullptr, false);
}
}  // namespace

std::string to_json_text(const Event& event) { return text_of(event); }
std::string to_json_text(const EventBody& body) { return text_of(body); }
std::string to_json_text(const ChatSummary& chat) { return text_of(chat); }
std::string to_json_text(const Offer& offer) { return text_of(offer); }
std::string to_json_text(const FileInfo& file) { return text_of(file); }
std::string to_json_text(const Limits& limits) { return text_of(limits); }
std::string to_json_text(const InternalEvent& event) { return text_of(event); }

nlohmann::json to_json(const Event& event) { return tree_of(event); }
nlohmann::json to_json(const EventBody& body) { return tree_of(body); }
nlohmann::json to_json(const ChatSummary& chat) { return tree_of(chat); }
nlohmann::json to_json(const Offer& offer) { return tree_of(offer); }
nlohmann::json to_json(const FileInfo& file) { return tree_of(file); }
nlohmann::json to_json(const Limits& limits) { return tree_of(limits); }

}  // namespace proto
