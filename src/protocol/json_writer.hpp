// Internal to the protocol library: appends compact JSON to one string. encode() runs for every frame the server
// sends, and building an nlohmann::json tree first (a map node per field) cost more than the rest of the work,
// so frames are written directly. Output is always valid JSON and valid UTF-8 (bad bytes become U+FFFD).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace proto::detail {

class JsonWriter {
public:
    explicit JsonWriter(std::size_t reserve = 256) { out_.reserve(reserve); }

    void begin_object() {
        separate();
        out_ += '{';
        need_comma_ = false;
    }
    void end_object() {
        out_ += '}';
        need_comma_ = true;
    }
    void begin_array() {
        separate();
        out_ += '[';
        need_comma_ = false;
    }
    void end_array() {
        out_ += ']';
        need_comma_ = true;
    }

    // The key of the next member; `key` must be a plain ASCII name (all protocol keys are), context keys go
    // through string_key.
    void key(std::string_view key);
    void string_key(std::string_view key);  // any UTF-8 key, escaped

    void string(std::string_view value);
    void integer(std::int64_t value);
    void number(double value);  // shortest round-trip form; NaN/inf as null (JSON has neither)
    void boolean(bool value) {
        separate();
        out_ += value ? "true" : "false";
    }
    void null() {
        separate();
        out_ += "null";
    }
    void json(const nlohmann::json& value);  // an opaque payload (rtc.signal data)

    // Members that the protocol writes only when present / non-empty.
    void member(std::string_view name, std::string_view value) {
        key(name);
        string(value);
    }
    void member(std::string_view name, std::int64_t value) {
        key(name);
        integer(value);
    }
    void optional_member(std::string_view name, const std::optional<std::string>& value) {
        if (value) member(name, *value);
    }
    void optional_member(std::string_view name, const std::optional<std::int64_t>& value) {
        if (value) member(name, *value);
    }
    void nullable_member(std::string_view name, const std::optional<std::int64_t>& value) {
        key(name);
        value ? integer(*value) : null();
    }

    const std::string& text() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    void separate() {
        if (need_comma_) out_ += ',';
        need_comma_ = true;
    }
    void escaped(std::string_view value);

    std::string out_;
    bool need_comma_ = false;
};

}  // namespace proto::detail
