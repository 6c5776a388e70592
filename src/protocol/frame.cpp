// First steps of parsing any frame: nesting depth, JSON syntax, object check.
#include "protocol/codec_internal.hpp"

namespace proto::detail {

std::optional<Error> check_depth(std::string_view text, std::int64_t max_depth) {
    std::int64_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth) {
                Error error =
                    Error::make(ErrorCode::bad_json, "nested deeper than " + std::to_string(max_depth) + " levels");
                error.limit = max_depth;
                return error;
            }
        } else if (c == '}' || c == ']') {
            --depth;  // unbalanced brackets are the JSON parser's to report
        }
    }
    return std::nullopt;
}

Result<json> parse_object(std::string_view text, std::int64_t max_depth) {
    if (auto too_deep = check_depth(text, max_depth)) return std::move(*too_deep);
    json value;
    try {
        // allow_exceptions=false: syntax errors (and invalid UTF-8 inside strings) give a discarded value.
        value = json::parse(text.begin(), text.end(), nullptr, false);
    } catch (const std::exception& e) {  // e.g. bad_alloc on absurd input: still a value, never a crash
        return Error::make(ErrorCode::bad_json, std::string("unreadable JSON: ") + e.what());
    }
    if (value.is_discarded()) return Error::make(ErrorCode::bad_json, "not valid JSON");
    if (!value.is_object()) return Error::make(ErrorCode::bad_json, "not a JSON object");
    return value;
}

}  // namespace proto::detail
