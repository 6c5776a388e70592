// Expected failures as values: every parse and validation step returns Result<T>, never throws.
// Error mirrors the wire `error` frame of docs/protocol.md ("Errors"), so a failed parse can be sent back as is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace proto {

// Every error code of docs/protocol.md, in the doc's order.
enum class ErrorCode : std::uint8_t {
    bad_json,             // not valid JSON, not an object, or nested deeper than Limits::max_json_depth
    bad_frame,            // binary frame, or a frame over max_frame_bytes (the server then closes with 1009)
    unknown_type,         // `type` missing or not a message this role may send
    invalid_field,        // a field is missing, of the wrong type or out of range; Error::field names it
    unsupported_version,  // `protocol` is not supported (the reply carries "supported":[1])
    unauthorized,         // not logged in, wrong password, unknown or expired token
    forbidden,            // logged in, but not your chat/offer, or not allowed for your role
    not_found,            // no such chat, offer, agent or file
    conflict,             // the state does not allow it
    too_large,            // a text, context or upload over its limit; Error::limit gives the limit
    rate_limited,         // over max_messages_per_second; Error::retry_after_ms says when to retry
    unavailable,          // shutting down, storage failed, or the other party is offline
};

// Wire name of a code ("invalid_field"); from_string<ErrorCode> (types.hpp) is the inverse.
std::string_view to_string(ErrorCode code);
std::optional<ErrorCode> parse_error_code(std::string_view text);

struct Error {
    ErrorCode code = ErrorCode::invalid_field;
    std::string message;                         // human readable, e.g. "text: must not be empty"
    std::string field;                           // dotted path of the offending field ("body.text"); "" if none
    std::optional<std::int64_t> limit;           // set with too_large (and length refusals): the limit in force
    std::optional<std::int64_t> retry_after_ms;  // set with rate_limited

    // Shorthands for the common cases; each builds a readable message.
    static Error make(ErrorCode code, std::string message) { return Error{code, std::move(message), {}, {}, {}}; }
    static Error invalid_field(std::string field, std::string_view what);  // message "FIELD: WHAT"
    static Error too_large(std::string field, std::int64_t limit);         // message "FIELD: over LIMIT"

    friend bool operator==(const Error&, const Error&) = default;
};

// Value or Error. Small on purpose (no std::expected in C++20 / libc++ 14).
// value() on an error (or error() on a value) is a programming mistake: it aborts via std::get's exception.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit on purpose
    Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit on purpose

    bool ok() const { return data_.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<0>(data_); }
    T& value() & { return std::get<0>(data_); }
    T&& value() && { return std::get<0>(std::move(data_)); }
    const Error& error() const { return std::get<1>(data_); }

private:
    std::variant<T, Error> data_;
};

}  // namespace proto
