#include "protocol/json_reader.hpp"

#include <cmath>

#include "protocol/utf8.hpp"

namespace proto::detail {

const Limits& unbounded_limits() {
    static const Limits limits = [] {
        Limits l;
        l.max_frame_bytes = kUnbounded;
        l.max_text_chars = kUnbounded;
        l.max_name_chars = kUnbounded;
        l.max_context_entries = kUnbounded;
        l.max_context_value_chars = kUnbounded;
        l.max_id_chars = kUnbounded;
        return l;  // max_json_depth stays: depth is checked before parsing, not per field
    }();
    return limits;
}

const json* FieldReader::find(const char* key) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return nullptr;
    return &*it;
}

const json* FieldReader::require(const char* key, bool (json::*is_type)() const noexcept, const char* type_name) {
    if (failed()) return nullptr;
    const json* value = find(key);
    if (value == nullptr) {
        fail(Error::invalid_field(path(key), "missing"));
        return nullptr;
    }
    if (!(value->*is_type)()) {
        fail(Error::invalid_field(path(key), std::string("must be ") + type_name));
        return nullptr;
    }
    return value;
}

bool FieldReader::check_length(const std::string& value, const std::string& field, Length length) {
    auto chars = utf8::count_code_points(value);
    if (!chars) {
        fail(Error::invalid_field(field, "not valid UTF-8"));
        return false;
    }
    const auto count = static_cast<std::int64_t>(*chars);
    if (count < length.min_chars) {
        fail(Error::invalid_field(field,
                                  length.min_chars == 1
                                      ? "must not be empty"
                                      : "shorter than " + std::to_string(length.min_chars) + " characters"));
        return false;
    }
    if (count > length.max_chars) {
        if (length.when_over == ErrorCode::too_large) {
            fail(Error::too_large(field, length.max_chars));
        } else {
            Error error =
                Error::invalid_field(field, "longer than " + std::to_string(length.max_chars) + " characters");
            error.limit = length.max_chars;
            fail(std::move(error));
        }
        return false;
    }
    return true;
}

std::string FieldReader::string(const char* key, Length length) {
    const json* value = require(key, &json::is_string, "a string");
    if (value == nullptr) return {};
    const auto& text = value->get_ref<const std::string&>();
    return check_length(text, path(key), length) ? text : std::string{};
}

std::optional<std::string> FieldReader::optional_string(const char* key, Length length) {
    if (failed()) return std::nullopt;
    const json* value = find(key);
    if (value == nullptr) return std::nullopt;
    return string(key, length);
}

std::int64_t FieldReader::integer(const char* key, std::int64_t min, std::int64_t max) {
    const json* value = require(key, &json::is_number, "an integer");
    if (value == nullptr) return 0;
    std::int64_t result = 0;
    if (value->is_number_unsigned()) {
        const auto unsigned_value = value->get<std::uint64_t>();
        if (unsigned_value > static_cast<std::uint64_t>(kUnbounded)) {
            fail(Error::invalid_field(path(key), "out of range"));
            return 0;
        }
        result = static_cast<std::int64_t>(unsigned_value);
    } else if (value->is_number_integer()) {
        result = value->get<std::int64_t>();
    } else {
        fail(Error::invalid_field(path(key), "must be an integer"));
        return 0;
    }
    if (result < min || result > max) {
        fail(Error::invalid_field(path(key), "out of range"));
        return 0;
    }
    return result;
}

std::optional<std::int64_t> FieldReader::optional_integer(const char* key, std::int64_t min, std::int64_t max) {
    if (failed() || find(key) == nullptr) return std::nullopt;
    return integer(key, min, max);
}

double FieldReader::number(const char* key, double min, double max) {
    const json* value = require(key, &json::is_number, "a number");
    if (value == nullptr) return 0;
    const double result = value->get<double>();
    // JSON has no NaN/Infinity literals, but 1e999 parses to infinity.
    if (!std::isfinite(result) || result < min || result > max) {
        fail(Error::invalid_field(path(key), "out of range"));
        return 0;
    }
    return result;
}

bool FieldReader::boolean(const char* key) {
    const json* value = require(key, &json::is_boolean, "true or false");
    return value != nullptr && value->get<bool>();
}

const json* FieldReader::object(const char* key) { return require(key, &json::is_object, "an object"); }

const json* FieldReader::optional_object(const char* key) {
    if (failed() || find(key) == nullptr) return nullptr;
    return object(key);
}

const json* FieldReader::array(const char* key) { return require(key, &json::is_array, "an array"); }

const json* FieldReader::optional_array(const char* key) {
    if (failed() || find(key) == nullptr) return nullptr;
    return array(key);
}

}  // namespace proto::detail
