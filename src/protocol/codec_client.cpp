// parse_client_message: what the server runs on every frame it receives.
#include <algorithm>
#include <cctype>
#include <utility>

#include "protocol/codec_internal.hpp"
#include "protocol/phone.hpp"

namespace proto {
namespace detail {
namespace {

template <class M>
struct Tag {};

// What every client message reader gets: the frame's fields, the (mutable) frame itself so opaque payloads can
// be moved out rather than copied, the limits in force, and the shared error slot.
struct ClientInput {
    FieldReader& fields;
    json& frame;
    const Limits& limits;
    std::optional<Error>& error;

    Length id() const { return Length{1, limits.max_id_chars}; }
    Length name(std::int64_t min = 1) const { return Length{min, limits.max_name_chars}; }
};

// `protocol` of a session opener: required, and 1 (anything else: unsupported_version).
void check_protocol(ClientInput& in) {
    const json* version = in.fields.find("protocol");
    if (version == nullptr) {
        in.fields.fail(Error::invalid_field("protocol", "missing"));
    } else if (!version->is_number_integer()) {
        in.fields.fail(Error::invalid_field("protocol", "must be an integer"));
    } else if (version->get<std::int64_t>() != kProtocolVersion) {
        Error error = Error::make(ErrorCode::unsupported_version,
                                  "protocol " + version->dump() + " is not supported; supported: 1");
        error.field = "protocol";
        in.fields.fail(std::move(error));
    }
}

AgentLogin read(Tag<AgentLogin>, ClientInput& in) {
    check_protocol(in);
    AgentLogin m;
    m.username = in.fields.string("username", in.name());
    m.password = in.fields.string("password", in.name());
    return m;
}

AgentResume read(Tag<AgentResume>, ClientInput& in) {
    check_protocol(in);
    return AgentResume{{}, in.fields.string("token", in.id())};
}

CustomerStart read(Tag<CustomerStart>, ClientInput& in) {
    check_protocol(in);
    CustomerStart m;
    m.name = in.fields.string("name", in.name());
    if (auto phone = in.fields.optional_string("phone", Length{1, static_cast<std::int64_t>(kMaxPhoneInputChars)})) {
        auto normalized = normalize_e164(*phone);
        if (normalized) {
            m.phone = std::move(normalized).value();
        } else {
            in.fields.fail(normalized.error());
        }
    }
    m.capabilities = read_capabilities(in.fields, "capabilities");
    m.context = read_context(in.fields, "context", in.limits, false);
    m.language = in.fields.optional_string("language", in.name(0)).value_or("");
    m.app = in.fields.optional_string("app", in.name(0)).value_or("");
    if (const json* identity = in.fields.optional_object("identity")) {
        FieldReader fields(*identity, "identity.", in.error);
        CustomerIdentity claim;
        claim.user_id = fields.string("userId", in.name());
        claim.user_hash = fields.string("userHash", Length{kUserHashChars, kUserHashChars});
        const bool hex = std::all_of(claim.user_hash.begin(), claim.user_hash.end(),
                                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
        if (!fields.failed() && !hex)
            fields.fail(Error::invalid_field("identity.userHash", "must be 64 hexadecimal digits"));
        m.identity = std::move(claim);
    }
    return m;
}

CustomerResume read(Tag<CustomerResume>, ClientInput& in) {
    check_protocol(in);
    return CustomerResume{{}, in.fields.string("token", in.id())};
}

AgentLogout read(Tag<AgentLogout>, ClientInput&) { return AgentLogout{}; }
AgentsList read(Tag<AgentsList>, ClientInput&) { return AgentsList{}; }

AgentPresence read(Tag<AgentPresence>, ClientInput& in) {
    AgentPresence m;
    m.state = in.fields.enumeration<PresenceState>("state");
    m.reason = in.fields.optional_string("reason", in.name(0)).value_or("");
    return m;
}

ChatSend read(Tag<ChatSend>, ClientInput& in) {
    ChatSend m;
    m.chat_id = in.fields.string("chatId", in.id());
    m.client_id = in.fields.string("clientId", in.id());
    const EventKind kind = in.fields.enumeration<EventKind>("kind");
    if (!in.fields.failed() && !client_may_send(kind)) {
        in.fields.fail(Error::invalid_field("kind", "not a kind clients send"));
    }
    if (const json* body = in.fields.object("body")) {
        m.body = read_event_body(kind, *body, "body.", in.limits, in.error);
    }
    return m;
}

ChatSync read(Tag<ChatSync>, ClientInput& in) {
    ChatSync m;
    m.chat_id = in.fields.string("chatId", in.id());
    m.after = in.fields.integer("after", 0);
    return m;
}

ChatMark read(Tag<ChatMark>, ClientInput& in) {
    ChatMark m;
    m.chat_id = in.fields.string("chatId", in.id());
    m.delivered = in.fields.optional_integer("delivered", 0);
    m.read = in.fields.optional_integer("read", 0);
    return m;
}

TypingSignal read(Tag<TypingSignal>, ClientInput& in) {
    TypingSignal m;
    m.chat_id = in.fields.string("chatId", in.id());
    m.active = in.fields.boolean("active");
    return m;
}

RtcSignal read(Tag<RtcSignal>, ClientInput& in) {
    RtcSignal m;
    m.chat_id = in.fields.string("chatId", in.id());
    m.call_id = in.fields.string("callId", in.id());
    if (in.fields.object("data") != nullptr) m.data = std::move(in.frame["data"]);  // opaque: moved, not copied
    return m;
}

OfferAccept read(Tag<OfferAccept>, ClientInput& in) { return OfferAccept{{}, in.fields.string("offerId", in.id())}; }
OfferDecline read(Tag<OfferDecline>, ClientInput& in) { return OfferDecline{{}, in.fields.string("offerId", in.id())}; }

ChatTransfer read(Tag<ChatTransfer>, ClientInput& in) {
    ChatTransfer m;
    m.chat_id = in.fields.string("chatId", in.id());
    m.to_agent_id = in.fields.string("toAgentId", in.id());
    return m;
}

ChatEnd read(Tag<ChatEnd>, ClientInput& in) {
    ChatEnd m;
    m.chat_id = in.fields.string("chatId", in.id());
    m.reason = in.fields.optional_string("reason", in.name(0)).value_or("");
    return m;
}

CustomerHistory read(Tag<CustomerHistory>, ClientInput& in) {
    return CustomerHistory{{}, in.fields.string("chatId", in.id())};
}

ChatWrapup read(Tag<ChatWrapup>, ClientInput& in) {
    ChatWrapup m;
    m.chat_id = in.fields.string("chatId", in.id());
    m.disposition = in.fields.string("disposition", in.name());
    m.notes =
        in.fields.optional_string("notes", Length{0, in.limits.max_text_chars, ErrorCode::too_large}).value_or("");
    return m;
}

ChatFlagRequest read(Tag<ChatFlagRequest>, ClientInput& in) {
    ChatFlagRequest m;
    m.chat_id = in.fields.string("chatId", in.id());
    m.flagged = in.fields.boolean("flagged");
    m.reason = in.fields.optional_string("reason", in.name(0)).value_or("");
    return m;
}

InternalSync read(Tag<InternalSync>, ClientInput& in) {
    InternalSync m;
    m.chat_id = in.fields.string("chatId", in.id());
    m.after = in.fields.integer("after", 0);
    return m;
}

SupervisorWatch read(Tag<SupervisorWatch>, ClientInput& in) {
    SupervisorWatch m;
    m.chat_id = in.fields.string("chatId", in.id());
    m.watching = in.fields.boolean("watching");
    return m;
}

SupervisorWhisper read(Tag<SupervisorWhisper>, ClientInput& in) {
    SupervisorWhisper m;
    m.chat_id = in.fields.string("chatId", in.id());
    m.text = in.fields.string("text", Length{1, in.limits.max_text_chars, ErrorCode::too_large});
    return m;
}

SupervisorJoin read(Tag<SupervisorJoin>, ClientInput& in) {
    return SupervisorJoin{{}, in.fields.string("chatId", in.id())};
}

SupervisorTakeover read(Tag<SupervisorTakeover>, ClientInput& in) {
    return SupervisorTakeover{{}, in.fields.string("chatId", in.id())};
}

using ClientReader = ClientMessage (*)(ClientInput&);

template <std::size_t I>
ClientMessage read_alternative(ClientInput& in) {
    using M = std::variant_alternative_t<I, ClientMessage>;
    return ClientMessage{std::in_place_index<I>, read(Tag<M>{}, in)};
}

// One reader per alternative, built from the variant itself so the table cannot fall out of order.
template <std::size_t... I>
constexpr std::array<ClientReader, sizeof...(I)> make_client_readers(std::index_sequence<I...>) {
    return {&read_alternative<I>...};
}
constexpr auto kClientReaders = make_client_readers(std::make_index_sequence<kClientMessageCount>{});

std::optional<std::size_t> client_type_index(std::string_view type) {
    const auto& names = client_type_names();
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == type) return i;
    }
    return std::nullopt;
}

Result<ClientMessage> parse_client(std::string_view text, const Limits& limits, std::string* rid_out) {
    if (static_cast<std::int64_t>(text.size()) > limits.max_frame_bytes) {
        Error error =
            Error::make(ErrorCode::bad_frame, "frame over " + std::to_string(limits.max_frame_bytes) + " bytes");
        error.limit = limits.max_frame_bytes;
        return error;
    }
    auto parsed = parse_object(text, limits.max_json_depth);
    if (!parsed) return parsed.error();
    json& frame = parsed.value();

    std::optional<Error> error;
    FieldReader fields(frame, "", error);
    // rid first, so that every later refusal can be answered with it.
    std::string rid = fields.optional_string("rid", Length{0, limits.max_id_chars}).value_or("");
    if (error) return std::move(*error);
    if (rid_out != nullptr) *rid_out = rid;

    const json* type = fields.find("type");
    if (type == nullptr || !type->is_string()) return Error::make(ErrorCode::unknown_type, "type: missing");
    const auto& type_text = type->get_ref<const std::string&>();
    auto index = client_type_index(type_text);
    if (!index) return Error::make(ErrorCode::unknown_type, "type: unknown message \"" + type_text + "\"");

    ClientInput input{fields, frame, limits, error};
    ClientMessage message = kClientReaders[*index](input);
    if (error) return std::move(*error);
    std::visit([&](auto& m) { m.rid = std::move(rid); }, message);
    return message;
}

}  // namespace
}  // namespace detail

Result<ClientMessage> parse_client_message(std::string_view text, const Limits& limits, std::string* rid_out) {
    try {
        return detail::parse_client(text, limits, rid_out);
    } catch (const std::exception& e) {
        // Not expected (every read checks types first); kept so no input can ever throw out of the parser.
        return Error::make(ErrorCode::bad_json, std::string("unreadable frame: ") + e.what());
    }
}

}  // namespace proto
