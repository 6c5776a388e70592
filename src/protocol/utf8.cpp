#include "protocol/utf8.hpp"

#include <cstdint>

namespace proto::utf8 {

// Well-formed sequences per RFC 3629's table.
std::size_t sequence_length(std::string_view text, std::size_t i) {
    if (i >= text.size()) return 0;
    auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
    auto continuation = [&](std::size_t k) { return k < text.size() && (byte(k) & 0xC0) == 0x80; };
    const std::uint8_t lead = byte(i);
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return continuation(i + 1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (i + 1 >= text.size()) return 0;
        const std::uint8_t second = byte(i + 1);
        // E0 needs A0..BF (no overlongs); ED needs 80..9F (no UTF-16 surrogates).
        const std::uint8_t low = lead == 0xE0 ? 0xA0 : 0x80;
        const std::uint8_t high = lead == 0xED ? 0x9F : 0xBF;
        if (second < low || second > high) return 0;
        return continuation(i + 2) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (i + 1 >= text.size()) return 0;
        const std::uint8_t second = byte(i + 1);
        // F0 needs 90..BF (no overlongs); F4 needs 80..8F (nothing above U+10FFFF).
        const std::uint8_t low = lead == 0xF0 ? 0x90 : 0x80;
        const std::uint8_t high = lead == 0xF4 ? 0x8F : 0xBF;
        if (second < low || second > high) return 0;
        return continuation(i + 2) && continuation(i + 3) ? 4 : 0;
    }
    return 0;  // 80..C1 (stray continuation, overlong 2-byte lead) and F5..FF
}

std::optional<std::size_t> count_code_points(std::string_view text) {
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (static_cast<std::uint8_t>(text[i]) < 0x80) {  // ASCII fast path
            ++i;
        } else {
            const std::size_t length = sequence_length(text, i);
            if (length == 0) return std::nullopt;
            i += length;
        }
        ++count;
    }
    return count;
}

bool is_valid(std::string_view text) { return count_code_points(text).has_value(); }

std::size_t count_code_points_unchecked(std::string_view text) {
    std::size_t count = 0;
    for (char c : text) count += (static_cast<std::uint8_t>(c) & 0xC0) != 0x80 ? 1 : 0;
    return count;
}

}  // namespace proto::utf8
