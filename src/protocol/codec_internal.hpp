// Internal to the protocol library: readers and writers of the objects shared by several messages, used by the
// client parser, the server parser and the public *_from_json / to_json functions.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "protocol/codec.hpp"
#include "protocol/json_reader.hpp"
#include "protocol/json_writer.hpp"

namespace proto::detail {

inline constexpr std::size_t kClientMessageCount = std::variant_size_v<ClientMessage>;
inline constexpr std::size_t kServerMessageCount = std::variant_size_v<ServerMessage>;
// Wire `type` names, indexed like the variants' alternatives.
const std::array<std::string_view, kClientMessageCount>& client_type_names();
const std::array<std::string_view, kServerMessageCount>& server_type_names();

// Refuses frames nested deeper than `max_depth` with one pass over the bytes (strings skipped), before
// nlohmann::json allocates anything. nullopt when fine.
std::optional<Error> check_depth(std::string_view text, std::int64_t max_depth);
// Parses `text` as a JSON object; bad_json otherwise. Never throws.
Result<json> parse_object(std::string_view text, std::int64_t max_depth);

// Each read_* reads `object` (already known to be a JSON object); field names in errors start with `prefix`.
// On failure the Error lands in `error` and the returned value is meaningless.
EventBody read_event_body(EventKind kind, const json& object, const std::string& prefix, const Limits& limits,
                          std::optional<Error>& error);
Event read_event(const json& object, const std::string& prefix, std::optional<Error>& error);
ChatSummary read_chat_summary(const json& object, const std::string& prefix, std::optional<Error>& error);
Offer read_offer(const json& object, const std::string& prefix, std::optional<Error>& error);
FileInfo read_file_info(const json& object, const std::string& prefix, const Limits& limits,
                        std::optional<Error>& error);
Limits read_limits(const json& object, const std::string& prefix, std::optional<Error>& error);
AgentConfig read_agent_config(const json& object, const std::string& prefix, std::optional<Error>& error);
ReceiptMarks read_receipt_marks(const json& object, const std::string& prefix, std::optional<Error>& error);
AgentRef read_agent_ref(const json& object, const std::string& prefix, std::optional<Error>& error);
InternalEvent read_internal_event(const json& object, const std::string& prefix, std::optional<Error>& error);

// Field readers for compound values inside one object.
ContextMap read_context(FieldReader& reader, const char* key, const Limits& limits, bool require_entries);
Capabilities read_capabilities(FieldReader& reader, const char* key);
std::vector<std::string> read_string_list(FieldReader& reader, const char* key, Length length);
// The nested reader of `reader`'s object member `key` (which must be an object), or nullopt after failing.
std::optional<FieldReader> nested(FieldReader& reader, const char* key, std::optional<Error>& error);

// Writers: write(w, x) writes x as one JSON value; write_members(w, x) writes x's members into an object the
// caller opened (frames that flatten an object, like `offer`).
void write(JsonWriter& w, const EventBody& body);
void write(JsonWriter& w, const Event& event);
void write(JsonWriter& w, const FileInfo& file);
void write(JsonWriter& w, const ChatSummary& chat);
void write(JsonWriter& w, const Offer& offer);
void write_members(JsonWriter& w, const Offer& offer);
void write(JsonWriter& w, const Limits& limits);
void write(JsonWriter& w, const AgentConfig& config);
void write(JsonWriter& w, const AgentRef& agent);
void write(JsonWriter& w, const ReceiptMarks& marks);
void write(JsonWriter& w, const InternalEvent& event);
void write(JsonWriter& w, const Capabilities& capabilities);
void write(JsonWriter& w, const ContextMap& context);

template <class T>
Result<T> finish(std::optional<Error>& error, T value) {
    if (error) return std::move(*error);
    return Result<T>(std::move(value));
}

// Visitor helper: overloaded{lambda, lambda, …}.
template <class... Fs>
struct overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

}  // namespace proto::detail
