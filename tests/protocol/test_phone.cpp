#include <doctest/doctest.h>

#include "protocol/phone.hpp"

using proto::normalize_e164;

TEST_CASE("E.164 normalization per the doc") {
    CHECK(normalize_e164("+4915112345678").value() == "+4915112345678");
    CHECK(normalize_e164("+49 151 1234 5678").value() == "+4915112345678");
    CHECK(normalize_e164("+49 (151) 123-456.78").value() == "+4915112345678");
    CHECK(normalize_e164("0049 151 12345678").value() == "+4915112345678");
    CHECK(normalize_e164("(+1) 415-555-0100").value() == "+14155550100");
    CHECK(normalize_e164("+81 3-1234-5678").value() == "+81312345678");
    CHECK(normalize_e164("+12345678").value() == "+12345678");                // 8 digits: the minimum
    CHECK(normalize_e164("+123456789012345").value() == "+123456789012345");  // 15 digits: the maximum
}

TEST_CASE("non-E.164 input is invalid_field phone") {
    for (const char* input : {"", "+", "0151 12345678", "15112345678", "+1234567", "+1234567890123456", "+49 151 ABC",
                              "+49+151", "49+15112345678", "+0049151123456", "00", "0049", "+49/151/1234567",
                              "tel:+4915112345678", "+49_151_12345678", "+4915112345678901234567890123456789"}) {
        CAPTURE(input);
        auto result = normalize_e164(input);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == proto::ErrorCode::invalid_field);
        CHECK(result.error().field == "phone");
    }
}

TEST_CASE("input length: kMaxPhoneInputChars accepted, one more refused") {
    // "+4915112345678" padded with separators to exactly the limit.
    std::string input = "+49 151 1234 5678";
    while (input.size() < proto::kMaxPhoneInputChars) input.insert(3, " ");
    CHECK(normalize_e164(input).value() == "+4915112345678");
    input.insert(3, " ");
    auto refused = normalize_e164(input);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().field == "phone");
}
