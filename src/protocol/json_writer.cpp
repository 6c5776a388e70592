#include "protocol/json_writer.hpp"

#include <charconv>
#include <cmath>

#include "protocol/utf8.hpp"

namespace proto::detail {

void JsonWriter::key(std::string_view key) {
    separate();
    out_ += '"';
    out_ += key;
    out_ += "\":";
    need_comma_ = false;
}

void JsonWriter::string_key(std::string_view key) {
    separate();
    escaped(key);
    out_ += ':';
    need_comma_ = false;
}

void JsonWriter::string(std::string_view value) {
    separate();
    escaped(value);
}

void JsonWriter::integer(std::int64_t value) {
    separate();
    char buffer[24];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
    out_.append(buffer, end);
}

void JsonWriter::number(double value) {
    separate();
    if (!std::isfinite(value)) {
        out_ += "null";
        return;
    }
    // libc++ 14 (em++) has no floating-point to_chars; nlohmann's serializer gives the shortest round-trip form.
    out_ += nlohmann::json(value).dump();
}

void JsonWriter::json(const nlohmann::json& value) {
    separate();
    out_ += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void JsonWriter::escaped(std::string_view value) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_ += '"';
    std::size_t i = 0;
    while (i < value.size()) {
        const auto byte = static_cast<unsigned char>(value[i]);
        if (byte >= 0x80) {
            const std::size_t length = utf8::sequence_length(value, i);
            if (length == 0) {
                out_ += "\xEF\xBF\xBD";  // U+FFFD for a malformed byte
                ++i;
            } else {
                out_.append(value.data() + i, length);
                i += length;
            }
            continue;
        }
        switch (byte) {
            case '"':
                out_ += "\\\"";
                break;
            case '\\':
                out_ += "\\\\";
                break;
            case '\n':
                out_ += "\\n";
                break;
            case '\r':
                out_ += "\\r";
                break;
            case '\t':
                out_ += "\\t";
                break;
            case '\b':
                out_ += "\\b";
                break;
            case '\f':
                out_ += "\\f";
                break;
            default:
                if (byte < 0x20) {
                    out_ += "\\u00";
                    out_ += kHex[byte >> 4];
                    out_ += kHex[byte & 0xF];
                } else {
                    out_ += static_cast<char>(byte);
                }
        }
        ++i;
    }
    out_ += '"';
}

}  // namespace proto::detail
