// Every limit at its edge: exactly the maximum is accepted, one more is refused with the doc's code.
#include <doctest/doctest.h>

#include "protocol/codec.hpp"

using namespace proto;

namespace {

std::string repeat(std::string_view unit, std::int64_t times) {
    std::string out;
    for (std::int64_t i = 0; i < times; ++i) out += unit;
    return out;
}

std::string text_send(const std::string& text) {
    return R"({"type":"chat.send","chatId":"c1","clientId":"m1","kind":"text","body":{"text":")" + text + R"("}})";
}

std::string start_with_name(const std::string& name) {
    return R"({"type":"customer.start","protocol":1,"name":")" + name + R"("})";
}

std::string start_with_context(const nlohmann::json& context) {
    nlohmann::json frame{{"type", "customer.start"}, {"protocol", 1}, {"name", "M"}, {"context", context}};
    return frame.dump();
}

}  // namespace

TEST_CASE("maxTextChars counts code points: default 4000 and a configured one") {
    SUBCASE("default, ASCII") {
        CHECK(parse_client_message(text_send(repeat("a", kDefaultMaxTextChars)), Limits{}).ok());
        auto over = parse_client_message(text_send(repeat("a", kDefaultMaxTextChars + 1)), Limits{});
        REQUIRE_FALSE(over.ok());
        CHECK(over.error().code == ErrorCode::too_large);
        CHECK(over.error().field == "body.text");
        CHECK(over.error().limit == kDefaultMaxTextChars);
    }
    SUBCASE("default, emoji (4 bytes each): 4000 of them fit although they are 16000 bytes") {
        CHECK(parse_client_message(text_send(repeat("🚗", kDefaultMaxTextChars)), Limits{}).ok());
        CHECK(parse_client_message(text_send(repeat("🚗", kDefaultMaxTextChars + 1)), Limits{}).error().code ==
              ErrorCode::too_large);
    }
    SUBCASE("configured 10, German and Japanese") {
        Limits limits;
        limits.max_text_chars = 10;
        CHECK(parse_client_message(text_send("Grüße äöü!"), limits).ok());  // 10 code points, 14 bytes
        CHECK(parse_client_message(text_send("Grüße äöü!!"), limits).error().limit == 10);
        CHECK(parse_client_message(text_send("事故がありました。助けて"), limits).error().code == ErrorCode::too_large);
        CHECK(parse_client_message(text_send("事故がありました。助"), limits).ok());  // exactly 10 code points
    }
}

TEST_CASE("maxNameChars: 80 accepted, 81 refused as invalid_field with the limit") {
    CHECK(parse_client_message(start_with_name(repeat("ü", kDefaultMaxNameChars)), Limits{}).ok());
    auto over = parse_client_message(start_with_name(repeat("ü", kDefaultMaxNameChars + 1)), Limits{});
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().code == ErrorCode::invalid_field);
    CHECK(over.error().field == "name");
    CHECK(over.error().limit == kDefaultMaxNameChars);
}

TEST_CASE("maxContextEntries and maxContextValueChars") {
    nlohmann::json context = nlohmann::json::object();
    for (int i = 0; i < kDefaultMaxContextEntries; ++i) context["k" + std::to_string(i)] = "v";
    CHECK(parse_client_message(start_with_context(context), Limits{}).ok());
    context["one-more"] = "v";
    auto too_many = parse_client_message(start_with_context(context), Limits{});
    REQUIRE_FALSE(too_many.ok());
    CHECK(too_many.error().code == ErrorCode::too_large);
    CHECK(too_many.error().field == "context");
    CHECK(too_many.error().limit == kDefaultMaxContextEntries);

    CHECK(parse_client_message(start_with_context({{"Policy", repeat("é", kDefaultMaxContextValueChars)}}), Limits{})
              .ok());
    auto too_long =
        parse_client_message(start_with_context({{"Policy", repeat("é", kDefaultMaxContextValueChars + 1)}}), Limits{});
    REQUIRE_FALSE(too_long.ok());
    CHECK(too_long.error().code == ErrorCode::too_large);
    CHECK(too_long.error().limit == kDefaultMaxContextValueChars);

    // The same limits apply to a context event.
    Limits limits;
    limits.max_context_entries = 2;
    const std::string event_frame =
        R"({"type":"chat.send","chatId":"c","clientId":"x","kind":"context","body":{"values":{"a":"1","b":"2"}}})";
    CHECK(parse_client_message(event_frame, limits).ok());
    limits.max_context_entries = 1;
    CHECK(parse_client_message(event_frame, limits).error().field == "body.values");
}

TEST_CASE("maxFrameBytes: exactly the limit passes the size check, one byte more is bad_frame") {
    Limits limits;
    const std::string frame = text_send("Hallo");
    limits.max_frame_bytes = static_cast<std::int64_t>(frame.size());
    CHECK(parse_client_message(frame, limits).ok());
    limits.max_frame_bytes -= 1;
    auto over = parse_client_message(frame, limits);
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().code == ErrorCode::bad_frame);
    CHECK(over.error().limit == limits.max_frame_bytes);
}

TEST_CASE("maxIdChars: rid and clientId of 64 accepted, 65 refused") {
    const std::string ok_id = repeat("x", kDefaultMaxIdChars);
    const std::string long_id = ok_id + "x";
    auto sync = [](const std::string& rid) {
        return R"({"type":"chat.sync","rid":")" + rid + R"(","chatId":"c1","after":0})";
    };
    CHECK(parse_client_message(sync(ok_id), Limits{}).ok());
    CHECK(parse_client_message(sync(long_id), Limits{}).error().field == "rid");
    auto send = [](const std::string& client_id) {
        return R"({"type":"chat.send","chatId":"c1","clientId":")" + client_id +
            R"(","kind":"text","body":{"text":"x"}})";
    };
    CHECK(parse_client_message(send(ok_id), Limits{}).ok());
    auto over = parse_client_message(send(long_id), Limits{});
    CHECK(over.error().field == "clientId");
    CHECK(over.error().limit == kDefaultMaxIdChars);
}

TEST_CASE("maxJsonDepth: 16 levels accepted, 17 refused before parsing") {
    auto nested_signal = [](int total_depth) {
        // The frame itself is level 1 and `data` level 2; the rest nests inside data.
        std::string inner = "{}";
        for (int level = 3; level <= total_depth; ++level) inner = R"({"a":)" + inner + "}";
        return R"({"type":"rtc.signal","chatId":"c","callId":"k","data":)" + inner + "}";
    };
    CHECK(parse_client_message(nested_signal(kDefaultMaxJsonDepth), Limits{}).ok());
    auto deep = parse_client_message(nested_signal(kDefaultMaxJsonDepth + 1), Limits{});
    REQUIRE_FALSE(deep.ok());
    CHECK(deep.error().code == ErrorCode::bad_json);
    CHECK(deep.error().limit == kDefaultMaxJsonDepth);
    // Brackets inside strings do not count.
    CHECK(parse_client_message(text_send(repeat("[{", 100)), Limits{}).ok());
}

TEST_CASE("wrap-up notes are held to maxTextChars") {
    Limits limits;
    limits.max_text_chars = 5;
    auto wrapup = [](const std::string& notes) {
        return R"({"type":"chat.wrapup","chatId":"c","disposition":"Resolved","notes":")" + notes + R"("})";
    };
    CHECK(parse_client_message(wrapup("12345"), limits).ok());
    CHECK(parse_client_message(wrapup("123456"), limits).error().code == ErrorCode::too_large);
}

TEST_CASE("server frames: nesting held to the default, or to the welcome's maxJsonDepth") {
    std::string data = "{}";
    for (int level = 3; level <= kDefaultMaxJsonDepth + 1; ++level) data = R"({"a":)" + data + "}";
    const std::string frame = R"({"type":"rtc.signal","chatId":"c","callId":"k","from":"agent","data":)" + data + "}";
    CHECK(parse_server_message(frame).error().code == ErrorCode::bad_json);
    Limits limits;
    limits.max_json_depth = kDefaultMaxJsonDepth + 1;
    CHECK(parse_server_message(frame, limits).ok());
}

TEST_CASE("offer.customerTexts: at most kMaxOfferPreviewTexts strings of at least one code point") {
    auto offer_with = [](const nlohmann::json& texts) {
        nlohmann::json frame = {{"type", "offer"},
                                {"offerId", "o9"},
                                {"chat",
                                 {{"chatId", "c7"},
                                  {"status", "offered"},
                                  {"createdAt", 1},
                                  {"customer", {{"name", "Max"}}},
                                  {"lastSeq", 0}}},
                                {"firstMessage", ""},
                                {"expiresInMs", 20000}};
        if (!texts.is_null()) frame["customerTexts"] = texts;
        return parse_server_message(frame.dump());
    };
    const auto texts_of = [](const Result<ServerMessage>& parsed) {
        return std::get<OfferPush>(parsed.value()).offer.customer_texts;
    };
    // Absent (a server from before the field): nothing written yet.
    REQUIRE(offer_with(nullptr).ok());
    CHECK(texts_of(offer_with(nullptr)).empty());
    REQUIRE(offer_with(nlohmann::json::array({"zwei", "eins"})).ok());
    CHECK(texts_of(offer_with(nlohmann::json::array({"zwei", "eins"}))) == std::vector<std::string>{"zwei", "eins"});

    nlohmann::json at_limit = nlohmann::json::array();
    for (std::int64_t i = 0; i < kMaxOfferPreviewTexts; ++i) at_limit.push_back("t" + std::to_string(i));
    CHECK(offer_with(at_limit).ok());
    at_limit.push_back("one more");
    const auto over = offer_with(at_limit);
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().code == ErrorCode::too_large);
    CHECK(over.error().field == "customerTexts");
    CHECK(over.error().limit == kMaxOfferPreviewTexts);

    for (const auto& bad : {nlohmann::json("eins"), nlohmann::json::array({"eins", 2}), nlohmann::json::array({""}),
                            nlohmann::json::array({nlohmann::json::array()}), nlohmann::json::object()}) {
        CAPTURE(bad.dump());
        const auto refused = offer_with(bad);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == ErrorCode::invalid_field);
        CHECK(refused.error().field == "customerTexts");
    }
}

TEST_CASE("limits: offerPreviewTexts travels in the welcome's limits; missing keeps its default") {
    Limits limits;
    limits.offer_preview_texts = 3;
    auto back = limits_from_json(to_json(limits));
    REQUIRE(back.ok());
    CHECK(back.value().offer_preview_texts == 3);
    auto defaults = limits_from_json(nlohmann::json::object());
    REQUIRE(defaults.ok());
    CHECK(defaults.value().offer_preview_texts == kDefaultOfferPreviewTexts);
}
