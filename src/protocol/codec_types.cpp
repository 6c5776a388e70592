// Readers of the data model: events and their bodies, chat summaries, offers, files, limits, config.
#include <cmath>

#include "protocol/codec_internal.hpp"
#include "protocol/phone.hpp"

namespace proto {
namespace detail {
namespace {

Length id_length(const Limits& limits) { return Length{1, limits.max_id_chars}; }
Length name_length(const Limits& limits, std::int64_t min = 0) { return Length{min, limits.max_name_chars}; }

Location read_location_fields(FieldReader& reader) {
    Location location;
    location.lat = reader.number("lat", -90.0, 90.0);
    location.lon = reader.number("lon", -180.0, 180.0);
    location.accuracy = reader.number("accuracy", 0.0, HUGE_VAL);
    return location;
}

CallBody read_call(FieldReader& reader, const Limits& limits) {
    CallBody call;
    call.action = reader.enumeration<CallAction>("action");
    call.mode = reader.enumeration<CallMode>("mode");
    if (auto number = reader.optional_string("number", Length{1, static_cast<std::int64_t>(kMaxPhoneInputChars)})) {
        auto normalized = normalize_e164(*number);
        if (normalized) {
            call.number = std::move(normalized).value();
        } else {
            reader.fail(
                Error::invalid_field(reader.path("number"), "must be a phone number in E.164 (+ and 8-15 digits)"));
        }
    }
    call.duration_ms = reader.optional_integer("durationMs", 0);
    call.reason = reader.optional_string("reason", name_length(limits));
    return call;
}

// An offer's customerTexts: strings of at least one code point (texts are never empty), at most
// kMaxOfferPreviewTexts of them. Absent (a server from before the field) reads as none written.
std::vector<std::string> read_customer_texts(FieldReader& reader) {
    std::vector<std::string> texts;
    const json* list = reader.optional_array("customerTexts");
    if (list == nullptr) return texts;
    const std::string field = reader.path("customerTexts");
    if (static_cast<std::int64_t>(list->size()) > kMaxOfferPreviewTexts) {
        reader.fail(Error::too_large(field, kMaxOfferPreviewTexts));
        return texts;
    }
    texts.reserve(list->size());
    for (const json& entry : *list) {
        if (!entry.is_string()) {
            reader.fail(Error::invalid_field(field, "entries must be strings"));
            return texts;
        }
        if (!reader.check_length(entry.get_ref<const std::string&>(), field, Length{1})) return texts;
        texts.push_back(entry.get<std::string>());
    }
    return texts;
}

}  // namespace

std::optional<FieldReader> nested(FieldReader& reader, const char* key, std::optional<Error>& error) {
    const json* object = reader.object(key);
    if (object == nullptr) return std::nullopt;
    return FieldReader(*object, reader.path(key) + ".", error);
}

ContextMap read_context(FieldReader& reader, const char* key, const Limits& limits, bool require_entries) {
    ContextMap context;
    const json* object = require_entries ? reader.object(key) : reader.optional_object(key);
    if (object == nullptr) return context;
    const std::string field = reader.path(key);
    if (static_cast<std::int64_t>(object->size()) > limits.max_context_entries) {
        reader.fail(Error::too_large(field, limits.max_context_entries));
        return context;
    }
    if (require_entries && object->empty()) {
        reader.fail(Error::invalid_field(field, "must not be empty"));
        return context;
    }
    for (const auto& [name, value] : object->items()) {
        if (!value.is_string()) {
            reader.fail(Error::invalid_field(field, "value of \"" + name + "\" must be a string"));
            return context;
        }
        if (!reader.check_length(name, field, name_length(limits, 1))) return context;
        if (!reader.check_length(value.get_ref<const std::string&>(), field,
                                 Length{0, limits.max_context_value_chars, ErrorCode::too_large})) {
            return context;
        }
        context.emplace(name, value.get<std::string>());
    }
    return context;
}

Capabilities read_capabilities(FieldReader& reader, const char* key) {
    Capabilities capabilities;
    const json* list = reader.optional_array(key);
    if (list == nullptr) return capabilities;
    for (const json& entry : *list) {
        if (!entry.is_string()) {
            reader.fail(Error::invalid_field(reader.path(key), "entries must be strings"));
            return capabilities;
        }
        // Unknown capabilities are ignored (docs/protocol.md): newer apps may declare more.
        if (auto capability = from_string<Capability>(entry.get_ref<const std::string&>())) {
            capabilities.set(*capability);
        }
    }
    return capabilities;
}

std::vector<std::string> read_string_list(FieldReader& reader, const char* key, Length length) {
    std::vector<std::string> list;
    const json* array = reader.array(key);
    if (array == nullptr) return list;
    list.reserve(array->size());
    for (const json& entry : *array) {
        if (!entry.is_string()) {
            reader.fail(Error::invalid_field(reader.path(key), "entries must be strings"));
            return list;
        }
        if (!reader.check_length(entry.get_ref<const std::string&>(), reader.path(key), length)) return list;
        list.push_back(entry.get<std::string>());
    }
    return list;
}

FileInfo read_file_info(const json& object, const std::string& prefix, const Limits& limits,
                        std::optional<Error>& error) {
    FieldReader reader(object, prefix, error);
    FileInfo file;
    file.file_id = reader.string("fileId", id_length(limits));
    file.name = reader.string("name", name_length(limits, 1));
    file.mime = reader.string("mime", name_length(limits, 1));
    file.size = reader.integer("size", 0);
    file.width = reader.optional_integer("width", 0);
    file.height = reader.optional_integer("height", 0);
    return file;
}

EventBody read_event_body(EventKind kind, const json& object, const std::string& prefix, const Limits& limits,
                          std::optional<Error>& error) {
    FieldReader reader(object, prefix, error);
    switch (kind) {
        case EventKind::text:
            return TextBody{reader.string("text", Length{1, limits.max_text_chars, ErrorCode::too_large})};
        case EventKind::file:
            return FileBody{read_file_info(object, prefix, limits, error)};
        case EventKind::location:
            return LocationBody{read_location_fields(reader)};
        case EventKind::location_request:
            return LocationRequestBody{};
        case EventKind::context:
            return ContextBody{read_context(reader, "values", limits, true)};
        case EventKind::joined: {
            JoinedBody body;
            body.role = reader.enumeration<Role>("role");
            body.name = reader.string("name", name_length(limits));
            return body;
        }
        case EventKind::left: {
            LeftBody body;
            body.role = reader.enumeration<Role>("role");
            body.name = reader.string("name", name_length(limits));
            body.reason = reader.optional_string("reason", name_length(limits)).value_or("");
            return body;
        }
        case EventKind::transfer: {
            TransferBody body;
            body.from = reader.string("from", name_length(limits));
            body.to = reader.string("to", name_length(limits));
            return body;
        }
        case EventKind::call:
            return read_call(reader, limits);
        case EventKind::ended: {
            EndedBody body;
            body.by = reader.enumeration<Role>("by");
            body.reason = reader.optional_string("reason", name_length(limits)).value_or("");
            return body;
        }
    }
    reader.fail(Error::invalid_field(prefix + "kind", "unknown value"));
    return TextBody{};
}

Event read_event(const json& object, const std::string& prefix, std::optional<Error>& error) {
    const Limits& limits = unbounded_limits();
    FieldReader reader(object, prefix, error);
    Event event;
    event.seq = reader.integer("seq", 1);
    event.ts = reader.integer("ts", 0);
    if (auto author = nested(reader, "author", error)) {
        event.author.role = author->enumeration<Role>("role");
        event.author.id = author->optional_string("id", id_length(limits)).value_or("");
        event.author.name = author->optional_string("name", name_length(limits)).value_or("");
        if (!error && event.author.role == Role::agent && event.author.id.empty()) {
            author->fail(Error::invalid_field(author->path("id"), "missing (required for agents)"));
        }
    }
    const EventKind kind = reader.enumeration<EventKind>("kind");
    event.client_id = reader.optional_string("clientId", id_length(limits));
    if (const json* body = reader.object("body")) {
        event.body = read_event_body(kind, *body, reader.path("body") + ".", limits, error);
    }
    return event;
}

AgentRef read_agent_ref(const json& object, const std::string& prefix, std::optional<Error>& error) {
    FieldReader reader(object, prefix, error);
    AgentRef agent;
    agent.id = reader.string("id", Length{1});
    agent.display_name = reader.string("displayName", Length{});
    return agent;
}

InternalEvent read_internal_event(const json& object, const std::string& prefix, std::optional<Error>& error) {
    FieldReader fields(object, prefix, error);
    InternalEvent event;
    event.seq = fields.integer("seq", 1);
    event.ts = fields.integer("ts", 0);
    if (const json* by = fields.object("by")) event.by = read_agent_ref(*by, fields.path("by") + ".", error);
    event.kind = fields.enumeration<InternalKind>("kind");
    event.text = fields.string("text", Length{});
    return event;
}

ChatSummary read_chat_summary(const json& object, const std::string& prefix, std::optional<Error>& error) {
    const Limits& limits = unbounded_limits();
    FieldReader reader(object, prefix, error);
    ChatSummary chat;
    chat.chat_id = reader.string("chatId", id_length(limits));
    chat.status = reader.enumeration<ChatStatus>("status");
    chat.created_at = reader.integer("createdAt", 0);
    chat.assigned_at = reader.optional_integer("assignedAt", 0);
    chat.ended_at = reader.optional_integer("endedAt", 0);
    if (auto customer = nested(reader, "customer", error)) {
        chat.customer.name = customer->string("name", Length{});
        chat.customer.phone = customer->optional_string("phone", Length{1});
        chat.customer.capabilities = read_capabilities(*customer, "capabilities");
        chat.customer.language = customer->optional_string("language", Length{}).value_or("");
        chat.customer.app = customer->optional_string("app", Length{}).value_or("");
        // Absent (an older server) reads as unverified; userId counts only together with verified:true.
        const bool verified = customer->find("verified") != nullptr && customer->boolean("verified");
        auto user_id = customer->optional_string("userId", Length{1});
        if (verified && !user_id && !customer->failed())
            customer->fail(Error::invalid_field(customer->path("userId"), "missing for a verified customer"));
        if (verified) chat.customer.user_id = std::move(user_id);
    }
    chat.context = read_context(reader, "context", limits, false);
    if (const json* agent = reader.optional_object("agent")) {
        chat.agent = read_agent_ref(*agent, reader.path("agent") + ".", error);
    }
    chat.last_seq = reader.integer("lastSeq", 0);
    if (const json* last = reader.optional_object("lastLocation")) {
        FieldReader location(*last, reader.path("lastLocation") + ".", error);
        TimedLocation timed;
        timed.location = read_location_fields(location);
        timed.ts = location.integer("ts", 0);
        chat.last_location = timed;
    }
    return chat;
}

Offer read_offer(const json& object, const std::string& prefix, std::optional<Error>& error) {
    FieldReader reader(object, prefix, error);
    Offer offer;
    offer.offer_id = reader.string("offerId", Length{1});
    if (const json* chat = reader.object("chat")) {
        offer.chat = read_chat_summary(*chat, reader.path("chat") + ".", error);
    }
    offer.first_message = reader.optional_string("firstMessage", Length{}).value_or("");
    offer.customer_texts = read_customer_texts(reader);
    offer.expires_in_ms = reader.integer("expiresInMs", 0);
    if (const json* from = reader.optional_object("transferFrom")) {
        offer.transfer_from = read_agent_ref(*from, reader.path("transferFrom") + ".", error);
    }
    return offer;
}

Limits read_limits(const json& object, const std::string& prefix, std::optional<Error>& error) {
    FieldReader reader(object, prefix, error);
    Limits limits;
    // A missing name keeps its default, so older or newer servers that send fewer limits still work.
    auto read = [&](const char* key, std::int64_t& target) {
        if (auto value = reader.optional_integer(key, 1)) target = *value;
    };
    read("maxFrameBytes", limits.max_frame_bytes);
    read("maxTextChars", limits.max_text_chars);
    read("maxNameChars", limits.max_name_chars);
    read("maxContextEntries", limits.max_context_entries);
    read("maxContextValueChars", limits.max_context_value_chars);
    read("maxMessagesPerSecond", limits.max_messages_per_second);
    read("maxUploadBytes", limits.max_upload_bytes);
    read("offerTimeoutMs", limits.offer_timeout_ms);
    read("typingTimeoutMs", limits.typing_timeout_ms);
    read("agentCapacity", limits.agent_capacity);
    read("maxIdChars", limits.max_id_chars);
    read("maxJsonDepth", limits.max_json_depth);
    read("offerPreviewTexts", limits.offer_preview_texts);
    return limits;
}

AgentConfig read_agent_config(const json& object, const std::string& prefix, std::optional<Error>& error) {
    FieldReader reader(object, prefix, error);
    AgentConfig config;
    if (const json* canned = reader.array("cannedResponses")) {
        for (const json& entry : *canned) {
            if (!entry.is_object()) {
                reader.fail(Error::invalid_field(reader.path("cannedResponses"), "entries must be objects"));
                break;
            }
            FieldReader item(entry, reader.path("cannedResponses") + ".", error);
            CannedResponse response;
            response.shortcut = item.string("shortcut", Length{});
            response.title = item.string("title", Length{});
            response.text = item.string("text", Length{});
            if (error) break;
            config.canned_responses.push_back(std::move(response));
        }
    }
    config.dispositions = read_string_list(reader, "dispositions", Length{1});
    config.not_ready_reasons = read_string_list(reader, "notReadyReasons", Length{1});
    return config;
}

ReceiptMarks read_receipt_marks(const json& object, const std::string& prefix, std::optional<Error>& error) {
    FieldReader reader(object, prefix, error);
    ReceiptMarks marks;
    marks.delivered = reader.integer("delivered", 0);
    marks.read = reader.integer("read", 0);
    return marks;
}

}  // namespace detail

using detail::json;

// ---- Public readers: never throw (a json built by the caller could hold anything). ----

namespace {
template <class T, class Read>
Result<T> read_object(const json& value, Read read) {
    if (!value.is_object()) return Error::make(ErrorCode::invalid_field, "must be an object");
    try {
        std::optional<Error> error;
        T result = read(error);
        return detail::finish(error, std::move(result));
    } catch (const std::exception& e) {
        return Error::make(ErrorCode::invalid_field, std::string("unreadable: ") + e.what());
    }
}
}  // namespace

Result<Event> event_from_json(const json& value) {
    return read_object<Event>(value, [&](auto& error) { return detail::read_event(value, "", error); });
}

Result<EventBody> event_body_from_json(EventKind kind, const json& body, const Limits& limits) {
    return read_object<EventBody>(
        body, [&](auto& error) { return detail::read_event_body(kind, body, "body.", limits, error); });
}

Result<ChatSummary> chat_summary_from_json(const json& value) {
    return read_object<ChatSummary>(value, [&](auto& error) { return detail::read_chat_summary(value, "", error); });
}

Result<Offer> offer_from_json(const json& value) {
    return read_object<Offer>(value, [&](auto& error) { return detail::read_offer(value, "", error); });
}

Result<FileInfo> file_info_from_json(const json& value) {
    return read_object<FileInfo>(
        value, [&](auto& error) { return detail::read_file_info(value, "", detail::unbounded_limits(), error); });
}

Result<Event> event_from_json_text(std::string_view text) {
    auto parsed = detail::parse_object(text, kDefaultMaxJsonDepth);
    if (!parsed) return parsed.error();
    return event_from_json(parsed.value());
}

Result<InternalEvent> internal_event_from_json_text(std::string_view text) {
    auto parsed = detail::parse_object(text, kDefaultMaxJsonDepth);
    if (!parsed) return parsed.error();
    std::optional<Error> error;
    InternalEvent event = detail::read_internal_event(parsed.value(), "", error);
    return detail::finish(error, std::move(event));
}

Result<ChatSummary> chat_summary_from_json_text(std::string_view text) {
    auto parsed = detail::parse_object(text, kDefaultMaxJsonDepth);
    if (!parsed) return parsed.error();
    return chat_summary_from_json(parsed.value());
}

Result<Limits> limits_from_json(const json& value) {
    return read_object<Limits>(value, [&](auto& error) { return detail::read_limits(value, "", error); });
}

}  // namespace proto
