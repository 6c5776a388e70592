// config.json "rtc": STUN/TURN servers for WebRTC calls, checked before they reach rtc-bridge.js.
#include "read_platform_config.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <string>

using nlohmann::json;

namespace {
json rtc_of(const std::string& config) { return json::parse(read_platform_settings(config).settings.rtc_json); }
std::size_t problems_of(const std::string& config) { return read_platform_settings(config).problems.size(); }
}  // namespace

TEST_CASE("rtc: no servers by default (host candidates only), policy all") {
    auto rtc = rtc_of("{}");
    CHECK(rtc["iceServers"].empty());
    CHECK(rtc["iceTransportPolicy"] == "all");
}

TEST_CASE("rtc: STUN and TURN servers pass, a single URL becomes a list") {
    auto rtc = rtc_of(R"({"rtc":{"iceServers":[{"urls":"stun:stun.example.com:3478"},
        {"urls":["turn:turn.example.com:3478?transport=udp","turns:turn.example.com:5349"],"username":"u","credential":"p"}],
        "iceTransportPolicy":"relay"}})");
    REQUIRE(rtc["iceServers"].size() == 2);
    CHECK(rtc["iceServers"][0]["urls"][0] == "stun:stun.example.com:3478");
    CHECK(rtc["iceServers"][1]["username"] == "u");
    CHECK(rtc["iceTransportPolicy"] == "relay");
}

TEST_CASE("rtc: bad lists are dropped whole and reported") {
    for (const char* bad : {
             R"({"rtc":{"iceServers":{}}})",
             R"({"rtc":{"iceServers":[{"url":"stun:x"}]}})",
             R"({"rtc":{"iceServers":[{"urls":"http://x"}]}})",
             R"({"rtc":{"iceServers":[{"urls":[]}]}})",
             R"({"rtc":{"iceServers":[{"urls":"turn:x:3478"}]}})",
             R"({"rtc":{"iceServers":[{"urls":"turn:x:3478","username":"u","credential":5}]}})",
             R"({"rtc":{"iceServers":[{"urls":["stun:a","stun:b","stun:c","stun:d","stun:e"]}]}})",
         }) {
        CAPTURE(bad);
        CHECK(problems_of(bad) == 1);
        CHECK(rtc_of(bad)["iceServers"].empty());
    }
    CHECK(problems_of(R"({"rtc":{"iceTransportPolicy":"none"}})") == 1);
}

TEST_CASE("rtc: limits at their edges") {
    std::string eight = R"({"rtc":{"iceServers":[)";
    for (int i = 0; i < 8; ++i) eight += std::string(i ? "," : "") + R"({"urls":"stun:s)" + std::to_string(i) + R"("})";
    CHECK(problems_of(eight + "]}}") == 0);
    CHECK(problems_of(eight + R"(,{"urls":"stun:s8"}]}})") == 1);
    const std::string url_512 = "stun:" + std::string(507, 'a');
    CHECK(problems_of(R"({"rtc":{"iceServers":[{"urls":")" + url_512 + R"("}]}})") == 0);
    CHECK(problems_of(R"({"rtc":{"iceServers":[{"urls":")" + url_512 + R"(a"}]}})") == 1);
}
