// Fuzz-ish robustness: truncated frames, mutated frames and random bytes never throw, never crash, never hang.
// Every loop is bounded by a fixed count.
#include <doctest/doctest.h>

#include <chrono>
#include <random>

#include "protocol/codec.hpp"
#include "samples.hpp"

using namespace proto;

namespace {

std::vector<std::string> sample_frames() {
    std::vector<std::string> frames;
    for (const auto& m : proto_test::sample_client_messages()) frames.push_back(encode(m));
    for (const auto& m : proto_test::sample_server_messages()) frames.push_back(encode(m));
    return frames;
}

void parse_both_ways(std::string_view text) {
    CHECK_NOTHROW((void)parse_client_message(text, Limits{}));
    CHECK_NOTHROW((void)parse_server_message(text));
}

}  // namespace

TEST_CASE("every truncation of every sample frame is refused without throwing") {
    std::size_t refused = 0;
    for (const std::string& frame : sample_frames()) {
        for (std::size_t length = 0; length < frame.size(); ++length) {
            const std::string_view cut(frame.data(), length);
            auto client = parse_client_message(cut, Limits{});
            auto server = parse_server_message(cut);
            // A prefix of one JSON object is never a complete object.
            REQUIRE_FALSE(client.ok());
            REQUIRE_FALSE(server.ok());
            refused += 2;
        }
    }
    CHECK(refused > 1000);
}

TEST_CASE("byte mutations of sample frames never throw") {
    std::mt19937 random(20261126);  // fixed seed: reproducible
    const auto frames = sample_frames();
    const char interesting[] = {'"', '{', '}', '[', ']', ':', ',', '\\', '0', '-', 'e', '\xff', '\xc3', '\0'};
    for (int round = 0; round < 3000; ++round) {
        std::string frame = frames[random() % frames.size()];
        const int edits = 1 + static_cast<int>(random() % 4);
        for (int e = 0; e < edits && !frame.empty(); ++e) {
            const std::size_t at = random() % frame.size();
            switch (random() % 3) {
                case 0:
                    frame[at] = interesting[random() % sizeof(interesting)];
                    break;
                case 1:
                    frame.erase(at, 1);
                    break;
                default:
                    frame.insert(at, 1, interesting[random() % sizeof(interesting)]);
                    break;
            }
        }
        parse_both_ways(frame);
    }
}

TEST_CASE("random bytes never throw") {
    std::mt19937 random(7);
    for (int round = 0; round < 2000; ++round) {
        std::string bytes(random() % 200, '\0');
        for (char& c : bytes) c = static_cast<char>(random() % 256);
        if (round % 2 == 0 && !bytes.empty()) bytes[0] = '{';
        parse_both_ways(bytes);
    }
}

TEST_CASE("deep nesting is refused cheaply, without recursion") {
    const std::string deep_arrays = "{\"type\":\"typing\",\"x\":" + std::string(1'000'000, '[');
    const std::string deep_objects = [] {
        std::string s;
        for (int i = 0; i < 200'000; ++i) s += "{\"a\":";
        return s;
    }();
    const auto start = std::chrono::steady_clock::now();
    for (const std::string* text : {&deep_arrays, &deep_objects}) {
        Limits limits;
        limits.max_frame_bytes = 10'000'000;
        auto parsed = parse_client_message(*text, limits);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == ErrorCode::bad_json);
        CHECK(parse_server_message(*text).error().code == ErrorCode::bad_json);
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed < std::chrono::seconds(2));
}

TEST_CASE("JSON helpers refuse hand-built values of the wrong shape without throwing") {
    CHECK_FALSE(event_from_json(nlohmann::json::array()).ok());
    CHECK_FALSE(event_from_json(nlohmann::json{{"seq", "1"}}).ok());
    CHECK_FALSE(chat_summary_from_json(nlohmann::json(5)).ok());
    CHECK_FALSE(offer_from_json(nlohmann::json{{"offerId", "o"}}).ok());
    CHECK_FALSE(event_body_from_json(EventKind::text, nlohmann::json{{"text", 5}}, Limits{}).ok());
    // Strings that are not valid UTF-8 can only come from hand-built JSON; they are refused, not counted wrong.
    auto bad = event_body_from_json(EventKind::text, nlohmann::json{{"text", "\xff"}}, Limits{});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().field == "body.text");
}
