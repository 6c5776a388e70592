// The direct JSON writer behind encode(): escaping, numbers, and agreement with a real JSON parser.
#include <doctest/doctest.h>

#include <random>

#include "protocol/codec.hpp"
#include "protocol/utf8.hpp"
#include "samples.hpp"

using namespace proto;

TEST_CASE("every encoded frame is a JSON object whose type matches the message") {
    for (const auto& message : proto_test::sample_client_messages()) {
        auto json = nlohmann::json::parse(encode(message));
        CHECK(json.at("type") == type_name(message));
    }
    for (const auto& message : proto_test::sample_server_messages()) {
        auto json = nlohmann::json::parse(encode(message));
        CHECK(json.at("type") == type_name(message));
    }
}

TEST_CASE("strings with quotes, backslashes and control characters survive") {
    std::string nasty = "quote \" backslash \\ slash / newline \n tab \t cr \r bell \x07 nul ";
    nasty += '\0';
    nasty += " del \x7f end ü 事 🚗 \xe2\x80\xa8";  // U+2028 is valid JSON text
    const Event event = proto_test::sample_event(TextBody{nasty});
    const std::string text = to_json_text(event);
    CHECK(text.find('\n') == std::string::npos);
    auto back = event_from_json(nlohmann::json::parse(text));
    REQUIRE(back.ok());
    CHECK(std::get<TextBody>(back.value().body).text == nasty);
    // Context keys are escaped too.
    ChatSummary chat = proto_test::sample_chat();
    chat.context = {{"Key \"1\"\n", "v"}};
    auto chat_back = chat_summary_from_json(to_json(chat));
    REQUIRE(chat_back.ok());
    CHECK(chat_back.value().context == chat.context);
}

TEST_CASE("doubles round-trip exactly; integers keep full 64-bit range") {
    std::mt19937_64 random(99);
    std::uniform_real_distribution<double> lat(-90.0, 90.0);
    std::uniform_real_distribution<double> lon(-180.0, 180.0);
    for (int i = 0; i < 500; ++i) {
        const LocationBody body{Location{lat(random), lon(random), static_cast<double>(random() % 100000) / 7.0}};
        auto back =
            event_body_from_json(EventKind::location, nlohmann::json::parse(to_json_text(EventBody{body})), Limits{});
        REQUIRE(back.ok());
        CHECK(std::get<LocationBody>(back.value()) == body);
    }
    const Ack ack{"1", "c", "m", std::numeric_limits<std::int64_t>::max(), 0};
    auto parsed = parse_server_message(encode(ack));
    REQUIRE(parsed.ok());
    CHECK(std::get<Ack>(parsed.value()).seq == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("invalid UTF-8 in a value is replaced, never copied into the frame") {
    const std::string text = to_json_text(proto_test::sample_event(TextBody{"ok \xc3\x28 \xff end"}));
    CHECK(utf8::is_valid(text));
    auto back = event_from_json(nlohmann::json::parse(text));
    REQUIRE(back.ok());
    CHECK(std::get<TextBody>(back.value().body).text == "ok \xEF\xBF\xBD( \xEF\xBF\xBD end");
}

TEST_CASE("to_json and to_json_text describe the same value") {
    for (const EventBody& body : proto_test::sample_bodies()) {
        const Event event = proto_test::sample_event(body);
        CHECK(to_json(event) == nlohmann::json::parse(to_json_text(event)));
        CHECK(to_json(body) == to_json(event)["body"]);
    }
}
