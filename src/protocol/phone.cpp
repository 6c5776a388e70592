#include "protocol/phone.hpp"

#include <string>

namespace proto {
namespace {

bool is_separator(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

Error phone_error(std::string_view what) { return Error::invalid_field("phone", what); }

}  // namespace

Result<std::string> normalize_e164(std::string_view input) {
    if (input.size() > kMaxPhoneInputChars) {
        return phone_error("longer than " + std::to_string(kMaxPhoneInputChars) + " characters");
    }
    std::string digits;
    bool saw_plus = false;
    for (char c : input) {
        if (is_separator(c)) continue;
        if (c == '+') {
            // Only as the very first significant character.
            if (saw_plus || !digits.empty()) return phone_error("'+' only at the start");
            saw_plus = true;
            continue;
        }
        if (!is_digit(c)) return phone_error("only digits, spaces, dashes, dots, parentheses and a leading '+'");
        digits.push_back(c);
    }
    if (!saw_plus) {
        // International prefix "00" stands for "+"; a national number (no country code) is not E.164.
        if (digits.size() < 2 || digits[0] != '0' || digits[1] != '0') {
            return phone_error("must start with + or 00 and the country code");
        }
        digits.erase(0, 2);
    }
    if (digits.empty() || digits[0] == '0') return phone_error("country code must not start with 0");
    if (digits.size() < kMinE164Digits) return phone_error("too few digits (E.164 needs 8 to 15)");
    if (digits.size() > kMaxE164Digits) return phone_error("too many digits (E.164 allows 15)");
    return "+" + digits;
}

}  // namespace proto
