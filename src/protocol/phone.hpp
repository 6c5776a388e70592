// Phone numbers as docs/protocol.md ("Customer session") defines them: E.164, i.e. "+" and 8 to 15 digits.
#pragma once

#include <string>
#include <string_view>

#include "protocol/result.hpp"

namespace proto {

inline constexpr std::size_t kMinE164Digits = 8;
inline constexpr std::size_t kMaxE164Digits = 15;
// Longest input accepted before normalizing (room for separators such as "+49 (0151) 123-456-78"); longer input
// is refused without looking further.
inline constexpr std::size_t kMaxPhoneInputChars = 40;

// "+49 (151) 123-456.78" → "+4915112345678"; "0049 151…" → "+49151…". Spaces, dashes, dots and parentheses are
// dropped; a leading "00" becomes "+". Anything else (letters, no leading + or 00, a leading 0 after the +,
// too few/many digits, over kMaxPhoneInputChars) is invalid_field with field "phone". Used for customer.start and for tel: links.
Result<std::string> normalize_e164(std::string_view input);

}  // namespace proto
