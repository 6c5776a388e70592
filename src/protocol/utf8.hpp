// UTF-8 checks used by the codec: strict validation (no overlongs, no surrogates, nothing above U+10FFFF) and
// length in code points, which is what every *_chars limit counts (an emoji is 1, "ü" is 1, not 2 bytes).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace proto::utf8 {

// Length in bytes of the well-formed sequence starting at `text[at]` (1 to 4), or 0 when it is malformed.
std::size_t sequence_length(std::string_view text, std::size_t at);

// True when `text` is well-formed UTF-8.
bool is_valid(std::string_view text);

// Number of code points in valid UTF-8; nullopt when `text` is not valid UTF-8.
std::optional<std::size_t> count_code_points(std::string_view text);

// Code points of `text`, assuming it is valid (counts the bytes that do not start with 10xxxxxx). Cheap; use on
// strings that already passed validation (every string nlohmann::json parsed is valid).
std::size_t count_code_points_unchecked(std::string_view text);

}  // namespace proto::utf8
