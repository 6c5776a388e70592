// Internal to the protocol library: reads typed fields out of a parsed JSON object and records the first
// problem as an Error (code, dotted field path, limit). After a failure every read returns a default at once,
// so a parser reads all its fields straight through and checks failed() once at the end.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "protocol/result.hpp"
#include "protocol/types.hpp"

namespace proto::detail {

using json = nlohmann::json;

inline constexpr std::int64_t kUnbounded = std::numeric_limits<std::int64_t>::max();

// Limits that bound nothing: for data the server produced (parse_server_message, *_from_json), whose strings
// were checked when they entered and whose limits may be larger than the reader's defaults.
const Limits& unbounded_limits();

// How long a string may be, in code points, and how an overlong one is refused.
struct Length {
    std::int64_t min_chars = 0;
    std::int64_t max_chars = kUnbounded;
    ErrorCode when_over = ErrorCode::invalid_field;  // too_large for texts and context values (per the doc)
};

class FieldReader {
public:
    // `prefix` is prepended to field names in errors ("body." → "body.text"). `error` is shared by nested readers.
    FieldReader(const json& object, std::string prefix, std::optional<Error>& error)
        : object_(object), prefix_(std::move(prefix)), error_(error) {}

    bool failed() const { return error_.has_value(); }
    void fail(Error error) {
        if (!error_) error_ = std::move(error);
    }
    std::string path(std::string_view key) const { return prefix_ + std::string(key); }

    // The member, or nullptr when absent or JSON null (null counts as absent everywhere).
    const json* find(const char* key) const;

    std::string string(const char* key, Length length);
    std::optional<std::string> optional_string(const char* key, Length length);
    std::int64_t integer(const char* key, std::int64_t min, std::int64_t max = kUnbounded);
    std::optional<std::int64_t> optional_integer(const char* key, std::int64_t min, std::int64_t max = kUnbounded);
    double number(const char* key, double min, double max);  // finite, within [min, max]
    bool boolean(const char* key);
    const json* object(const char* key);           // required object (nullptr after failing)
    const json* optional_object(const char* key);  // object or nullptr; another type fails
    const json* array(const char* key);            // required array
    const json* optional_array(const char* key);

    template <class Enum>
    Enum enumeration(const char* key) {
        const json* value = find(key);
        if (failed()) return Enum{};
        if (value == nullptr || !value->is_string()) {
            fail(Error::invalid_field(path(key), value == nullptr ? "missing" : "must be a string"));
            return Enum{};
        }
        auto parsed = from_string<Enum>(value->get_ref<const std::string&>());
        if (!parsed) {
            fail(Error::invalid_field(path(key), "unknown value"));
            return Enum{};
        }
        return *parsed;
    }

    // Checks a string value already found (shared by string() and by map/array readers).
    bool check_length(const std::string& value, const std::string& field, Length length);

private:
    const json* require(const char* key, bool (json::*is_type)() const noexcept, const char* type_name);

    const json& object_;
    std::string prefix_;
    std::optional<Error>& error_;
};

}  // namespace proto::detail
