#include "read_platform_config.hpp"

#include <doctest/doctest.h>
#include <string>

namespace {
std::string rendering(const std::string& key, const std::string& value) {
    return R"({"rendering":{")" + key + R"(":)" + value + "}}";
}
std::string ui(const std::string& key, const std::string& value) {
    return R"({"ui":{")" + key + R"(":)" + value + "}}";
}
}  // namespace

TEST_CASE("an empty object keeps every default without complaint") {
    auto r = read_platform_settings("{}");
    CHECK(r.problems.empty());
    CHECK(r.settings.server_url.empty());
    CHECK(r.settings.frames_per_wake == 3);
    CHECK(r.settings.font_size_css_px == 16.0f);
}

TEST_CASE("text that is not a JSON object keeps the defaults and says so") {
    for (const char* text : {"", "not json", "[1,2]", "42", "{\"unterminated\":"}) {
        auto r = read_platform_settings(text);
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].find("not a JSON object") != std::string::npos);
        CHECK(r.settings.frames_per_wake == 3);
    }
}

TEST_CASE("unknown keys and sections are ignored (other features read them)") {
    auto r =
        read_platform_settings(R"({"desktop":{"reconnectInitialMs":5},"map":{"tileUrl":"x"},"rendering":{"other":1}})");
    CHECK(r.problems.empty());
}

TEST_CASE("rendering.framesPerWake: 1..60, integers only") {
    CHECK(read_platform_settings(rendering("framesPerWake", "1")).settings.frames_per_wake == 1);
    CHECK(read_platform_settings(rendering("framesPerWake", "60")).settings.frames_per_wake == 60);
    for (const char* bad : {"0", "61", "2.5", "\"3\"", "true", "null"}) {
        auto r = read_platform_settings(rendering("framesPerWake", bad));
        CHECK(r.settings.frames_per_wake == 3);
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0] == "rendering.framesPerWake: must be an integer in 1..60 (default kept)");
    }
}

TEST_CASE("ui.fontSizePx: 8..48") {
    CHECK(read_platform_settings(ui("fontSizePx", "8")).settings.font_size_css_px == 8.0f);
    CHECK(read_platform_settings(ui("fontSizePx", "48")).settings.font_size_css_px == 48.0f);
    CHECK(read_platform_settings(ui("fontSizePx", "13.5")).settings.font_size_css_px == 13.5f);
    CHECK(read_platform_settings(ui("fontSizePx", "7.9")).problems.size() == 1);
    CHECK(read_platform_settings(ui("fontSizePx", "48.1")).problems.size() == 1);
    CHECK(read_platform_settings(ui("fontSizePx", "\"16px\"")).problems.size() == 1);
}

TEST_CASE("ui.maxBrowserGlyphs: 0..60000") {
    CHECK(read_platform_settings(ui("maxBrowserGlyphs", "0")).settings.max_browser_glyphs == 0);
    CHECK(read_platform_settings(ui("maxBrowserGlyphs", "60000")).settings.max_browser_glyphs == 60000);
    CHECK(read_platform_settings(ui("maxBrowserGlyphs", "60001")).settings.max_browser_glyphs == 6000);
    CHECK(read_platform_settings(ui("maxBrowserGlyphs", "-1")).settings.max_browser_glyphs == 6000);
}

TEST_CASE("ui.glyphFontFamily: a string of at most 512 bytes") {
    CHECK(read_platform_settings(ui("glyphFontFamily", "\"" + std::string(512, 'a') + "\"")).problems.empty());
    auto r = read_platform_settings(ui("glyphFontFamily", "\"" + std::string(513, 'a') + "\""));
    CHECK(r.problems.size() == 1);
    CHECK(r.settings.glyph_font_family.find("system-ui") == 0);
}

TEST_CASE("rendering timings and the timer cap at their edges") {
    CHECK(read_platform_settings(rendering("animationFrameIntervalMs", "0")).problems.empty());
    CHECK(read_platform_settings(rendering("animationFrameIntervalMs", "1000")).problems.empty());
    CHECK(read_platform_settings(rendering("animationFrameIntervalMs", "1000.5")).problems.size() == 1);
    CHECK(read_platform_settings(rendering("hoverSettleMs", "5000")).settings.hover_settle_ms == 5000);
    CHECK(read_platform_settings(rendering("hoverSettleMs", "-1")).problems.size() == 1);
    CHECK(read_platform_settings(rendering("hiddenFrameIntervalMs", "1")).settings.hidden_frame_interval_ms == 1);
    CHECK(read_platform_settings(rendering("hiddenFrameIntervalMs", "0")).problems.size() == 1);
    CHECK(read_platform_settings(rendering("maxPendingTimers", "1")).settings.max_pending_timers == 1);
    CHECK(read_platform_settings(rendering("maxPendingTimers", "0")).problems.size() == 1);
    CHECK(read_platform_settings(rendering("maxPendingTimers", "100001")).problems.size() == 1);
}

TEST_CASE("features are booleans; serverUrl is a string") {
    auto ok = read_platform_settings(
        R"({"serverUrl":"wss://chat.example/ws","features":{"notifications":false,"ringTone":false}})");
    CHECK(ok.problems.empty());
    CHECK(ok.settings.server_url == "wss://chat.example/ws");
    CHECK_FALSE(ok.settings.notifications_enabled);
    CHECK_FALSE(ok.settings.ring_tone_enabled);
    auto bad = read_platform_settings(R"({"serverUrl":5,"features":{"notifications":"no","ringTone":0}})");
    CHECK(bad.problems.size() == 3);
    CHECK(bad.settings.notifications_enabled);
    CHECK(bad.settings.ring_tone_enabled);
}

TEST_CASE("one bad value does not spoil the others") {
    auto r =
        read_platform_settings(R"({"ui":{"fontSizePx":2,"maxBrowserGlyphs":100},"rendering":{"framesPerWake":5}})");
    CHECK(r.problems.size() == 1);
    CHECK(r.settings.font_size_css_px == 16.0f);
    CHECK(r.settings.max_browser_glyphs == 100);
    CHECK(r.settings.frames_per_wake == 5);
}

TEST_CASE("automation: off unless config.json says true") {
    CHECK_FALSE(read_platform_settings("{}").settings.automation);
    CHECK(read_platform_settings(R"({"automation":true})").settings.automation);
    auto bad = read_platform_settings(R"({"automation":"yes"})");
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems[0] == "automation: must be true or false (default kept)");
    CHECK_FALSE(bad.settings.automation);
}
