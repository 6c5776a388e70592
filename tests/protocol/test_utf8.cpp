#include <doctest/doctest.h>

#include "protocol/codec.hpp"
#include "protocol/utf8.hpp"

using namespace proto;

TEST_CASE("code points of German, Japanese and emoji text") {
    CHECK(utf8::count_code_points("Grüße") == 5u);
    CHECK(utf8::count_code_points("事故") == 2u);
    CHECK(utf8::count_code_points("🚗🚑") == 2u);
    CHECK(utf8::count_code_points("") == 0u);
    CHECK(utf8::count_code_points("\x7f") == 1u);
    CHECK(utf8::count_code_points("\xf4\x8f\xbf\xbf") == 1u);  // U+10FFFF, the last code point
    CHECK(utf8::count_code_points_unchecked("Grüße 事故 🚗") == 10u);
}

TEST_CASE("invalid UTF-8 is refused") {
    const char* const invalid[] = {
        "\x80",              // lone continuation byte
        "\xc3",              // truncated 2-byte sequence
        "a\xe4\xba",         // truncated 3-byte sequence
        "\xf0\x9f\x9a",      // truncated 4-byte sequence
        "\xc0\x80",          // overlong NUL
        "\xc1\xbf",          // overlong
        "\xe0\x80\xaf",      // overlong '/'
        "\xf0\x80\x80\xaf",  // overlong '/'
        "\xed\xa0\x80",      // UTF-16 surrogate U+D800
        "\xf4\x90\x80\x80",  // above U+10FFFF
        "\xf5\x80\x80\x80",  // invalid lead
        "\xff",              // invalid byte
        "\xc3\x28",          // continuation missing
    };
    for (const char* text : invalid) {
        CAPTURE(text);
        CHECK_FALSE(utf8::is_valid(text));
        CHECK_FALSE(utf8::count_code_points(text).has_value());
    }
    CHECK(utf8::is_valid("Grüße 事故 🚗"));
}

TEST_CASE("frames: UTF-8 text round-trips; escaped surrogate pairs count once; raw invalid bytes are bad_json") {
    auto parsed = parse_client_message(
        R"({"type":"chat.send","chatId":"c","clientId":"m","kind":"text","body":{"text":"\ud83d\ude97"}})", Limits{});
    REQUIRE(parsed.ok());
    CHECK(std::get<TextBody>(std::get<ChatSend>(parsed.value()).body).text == "🚗");
    Limits one;
    one.max_text_chars = 1;
    CHECK(parse_client_message(
              R"({"type":"chat.send","chatId":"c","clientId":"m","kind":"text","body":{"text":"\ud83d\ude97"}})", one)
              .ok());
    CHECK(parse_client_message("{\"type\":\"chat.send\",\"chatId\":\"c\",\"clientId\":\"m\",\"kind\":\"text\",\"body\":"
                               "{\"text\":\"\xed\xa0\x80\"}}",
                               Limits{})
              .error()
              .code == ErrorCode::bad_json);
}

TEST_CASE("encode never throws on invalid UTF-8 and never emits it") {
    const std::string text = encode(TypingPush{"c\xff", Role::customer, "M\xc3", true});
    CHECK(utf8::is_valid(text));
    CHECK(parse_server_message(text).ok());
}
