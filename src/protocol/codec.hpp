// JSON text ⇄ typed messages. Parsing validates everything docs/protocol.md states (types, required fields,
// ranges, lengths in code points, UTF-8, protocol version) and never throws: any input gives a message or an Error
// whose code/field/limit can be sent back as the `error` frame. Encoding never throws either.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "protocol/messages.hpp"
#include "protocol/result.hpp"
#include "protocol/types.hpp"

namespace proto {

// ---- Parsing ----

// One client frame (what the server receives). Checks, in order: size (> max_frame_bytes → bad_frame), nesting
// (> max_json_depth → bad_json, before any allocation), JSON syntax and UTF-8 (bad_json), object with a string
// `type` known to the protocol (unknown_type), `rid` (invalid_field), `protocol` on openers (unsupported_version),
// then every field of the message. `rid_out`, when given, receives the frame's rid as soon as it could be read
// (also on failure), so the error reply can carry it.
Result<ClientMessage> parse_client_message(std::string_view text, const Limits& limits, std::string* rid_out = nullptr);

// One server frame (what clients receive). Validates types, required fields and ranges; lengths are not held to
// any Limits (the server already did, and its limits may be larger than this client's defaults).
// Nesting is held to kDefaultMaxJsonDepth; the overload takes it from `limits` (the welcome's maxJsonDepth, which
// also bounds the rtc.signal payloads the server relays).
Result<ServerMessage> parse_server_message(std::string_view text);
Result<ServerMessage> parse_server_message(std::string_view text, const Limits& limits);

// ---- Encoding: compact JSON text of one frame ----

std::string encode(const ClientMessage& message);
std::string encode(const ServerMessage& message);
// Overloads per message, so `encode(Ack{…})` works without naming the variant.
#define PROTO_DECLARE_ENCODE(Type) std::string encode(const Type& message)
PROTO_DECLARE_ENCODE(AgentLogin);
PROTO_DECLARE_ENCODE(AgentResume);
PROTO_DECLARE_ENCODE(AgentLogout);
PROTO_DECLARE_ENCODE(AgentPresence);
PROTO_DECLARE_ENCODE(AgentsList);
PROTO_DECLARE_ENCODE(CustomerStart);
PROTO_DECLARE_ENCODE(CustomerResume);
PROTO_DECLARE_ENCODE(ChatSend);
PROTO_DECLARE_ENCODE(ChatSync);
PROTO_DECLARE_ENCODE(ChatMark);
PROTO_DECLARE_ENCODE(TypingSignal);
PROTO_DECLARE_ENCODE(RtcSignal);
PROTO_DECLARE_ENCODE(OfferAccept);
PROTO_DECLARE_ENCODE(OfferDecline);
PROTO_DECLARE_ENCODE(ChatTransfer);
PROTO_DECLARE_ENCODE(ChatEnd);
PROTO_DECLARE_ENCODE(ChatWrapup);
PROTO_DECLARE_ENCODE(CustomerHistory);
PROTO_DECLARE_ENCODE(ChatFlagRequest);
PROTO_DECLARE_ENCODE(InternalSync);
PROTO_DECLARE_ENCODE(SupervisorWatch);
PROTO_DECLARE_ENCODE(SupervisorWhisper);
PROTO_DECLARE_ENCODE(SupervisorJoin);
PROTO_DECLARE_ENCODE(SupervisorTakeover);
PROTO_DECLARE_ENCODE(AgentWelcome);
PROTO_DECLARE_ENCODE(CustomerWelcome);
PROTO_DECLARE_ENCODE(Ok);
PROTO_DECLARE_ENCODE(ErrorReply);
PROTO_DECLARE_ENCODE(PresenceUpdate);
PROTO_DECLARE_ENCODE(AgentsReply);
PROTO_DECLARE_ENCODE(QueueUpdate);
PROTO_DECLARE_ENCODE(EventPush);
PROTO_DECLARE_ENCODE(Ack);
PROTO_DECLARE_ENCODE(ChatSynced);
PROTO_DECLARE_ENCODE(ReceiptPush);
PROTO_DECLARE_ENCODE(TypingPush);
PROTO_DECLARE_ENCODE(RtcSignalPush);
PROTO_DECLARE_ENCODE(OfferPush);
PROTO_DECLARE_ENCODE(OfferRevoked);
PROTO_DECLARE_ENCODE(ChatAssigned);
PROTO_DECLARE_ENCODE(ChatRemoved);
PROTO_DECLARE_ENCODE(TransferFailed);
PROTO_DECLARE_ENCODE(SessionReplaced);
PROTO_DECLARE_ENCODE(HistoryReply);
PROTO_DECLARE_ENCODE(InternalPush);
PROTO_DECLARE_ENCODE(InternalPage);
PROTO_DECLARE_ENCODE(ChatWatchers);
PROTO_DECLARE_ENCODE(SupervisorOverview);
#undef PROTO_DECLARE_ENCODE

// The `error` frame for `error` answering the request `rid` ("" = no rid). Adds "supported":[1] to
// unsupported_version, `limit` / `retryAfterMs` when set.
std::string encode_error(const Error& error, std::string_view rid);

// ---- JSON of the data model (the server stores events and summaries as JSON; the HTTP upload answers with a
// FileInfo). from_json functions validate like parse_server_message: types and ranges, no length limits. ----

// Compact JSON text of each (what encode() embeds in frames). Cheaper than to_json(x).dump(): use it to store.
std::string to_json_text(const Event& event);
std::string to_json_text(const EventBody& body);  // the `body` object only
std::string to_json_text(const ChatSummary& chat);
std::string to_json_text(const Offer& offer);
std::string to_json_text(const FileInfo& file);
std::string to_json_text(const Limits& limits);
std::string to_json_text(const InternalEvent& event);  // what storage keeps of an internal event

nlohmann::json to_json(const Event& event);
nlohmann::json to_json(const EventBody& body);  // the `body` object only
nlohmann::json to_json(const ChatSummary& chat);
nlohmann::json to_json(const Offer& offer);
nlohmann::json to_json(const FileInfo& file);
nlohmann::json to_json(const Limits& limits);

Result<Event> event_from_json(const nlohmann::json& json);
// The body of an event of `kind`, validated against `limits` (what chat.send uses).
Result<EventBody> event_body_from_json(EventKind kind, const nlohmann::json& body, const Limits& limits);
Result<ChatSummary> chat_summary_from_json(const nlohmann::json& json);
Result<Offer> offer_from_json(const nlohmann::json& json);
Result<FileInfo> file_info_from_json(const nlohmann::json& json);
// The same from stored text (bad_json when it is not a JSON object), so callers need no nlohmann parse of their own.
Result<Event> event_from_json_text(std::string_view text);
Result<ChatSummary> chat_summary_from_json_text(std::string_view text);
Result<InternalEvent> internal_event_from_json_text(std::string_view text);
// Missing names keep their defaults; present ones must be positive integers.
Result<Limits> limits_from_json(const nlohmann::json& json);

}  // namespace proto
