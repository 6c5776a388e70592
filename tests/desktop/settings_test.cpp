// config.json read once into DesktopSettings: one policy for every section (a bad value keeps its default and is
// reported as "section.key: …"), every "desktop" limit at its edges, and the App running on what was read.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "desktop/core/config_reader.hpp"
#include "desktop/core/desktop_settings.hpp"

using namespace desk;
using nlohmann::json;

namespace {
DesktopSettingsRead read_desktop(const std::string& key, const json& value) {
    return read_desktop_settings(json{{"desktop", {{key, value}}}});
}
bool refused(const std::string& key, const json& value) {
    const auto read = read_desktop(key, value);
    return read.problems.size() == 1 && read.problems[0].rfind("desktop." + key + ": ", 0) == 0 &&
        read.problems[0].find("(default kept)") != std::string::npos;
}
}  // namespace

TEST_CASE("settings: an empty file keeps every default without a problem") {
    const auto read = read_desktop_settings_text("{}");
    CHECK(read.problems.empty());
    CHECK(read.settings.session.reconnect_initial_ms == Settings{}.reconnect_initial_ms);
    CHECK(read.settings.session.outbox_cap == Settings{}.outbox_cap);
    CHECK(read.settings.files.max_uploads == FileSettings{}.max_uploads);
    CHECK(read.settings.map.tile_url == MapSettings{}.tile_url);
    CHECK(read.settings.calls.ring_timeout_ms == CallSettings{}.ring_timeout_ms);
}

TEST_CASE("settings: text that is not a JSON object is one problem, and every default") {
    for (const char* text : {"", "not json", "[1]", "7", "{\"open\":"}) {
        const auto read = read_desktop_settings_text(text);
        REQUIRE(read.problems.size() == 1);
        CHECK(read.problems[0] == "the file is not a JSON object (every default kept)");
        CHECK(read.settings.session.app_title == Settings{}.app_title);
    }
}

TEST_CASE("settings: a section that is not an object is reported once") {
    const auto read = read_desktop_settings(json{{"desktop", 3}, {"calls", "x"}, {"map", json::array()}});
    CHECK(read.problems.size() == 3);
    CHECK(read.problems[0] == "desktop: must be an object (every default kept)");
}

TEST_CASE("settings: desktop values are taken at their edges and refused past them") {
    CHECK(read_desktop("reconnectInitialMs", 1).settings.session.reconnect_initial_ms == 1);
    CHECK(refused("reconnectInitialMs", 0.5));
    CHECK(refused("reconnectInitialMs", "500"));
    CHECK(read_desktop("reconnectMaxMs", 3600000).settings.session.reconnect_max_ms == 3600000);
    CHECK(refused("reconnectMaxMs", 3600001));
    CHECK(read_desktop("reconnectJitter", 0).settings.session.reconnect_jitter == 0);
    CHECK(read_desktop("reconnectJitter", 1).settings.session.reconnect_jitter == 1);
    CHECK(refused("reconnectJitter", 1.01));
    CHECK(refused("reconnectJitter", -0.1));
    CHECK(read_desktop("typingSendIntervalMs", 0).settings.session.typing_send_interval_ms == 0);
    CHECK(refused("typingSendIntervalMs", -1));
    CHECK(read_desktop("unansweredWarningMs", 30000).settings.session.unanswered_warning_ms == 30000);
    CHECK(refused("unansweredWarningMs", nullptr));
    CHECK(read_desktop("offerExpiryGraceMs", 0).settings.session.offer_expiry_grace_ms == 0);
    CHECK(refused("offerExpiryGraceMs", true));
    CHECK(read_desktop("outboxCap", 1).settings.session.outbox_cap == 1);
    CHECK(read_desktop("outboxCap", 100000).settings.session.outbox_cap == 100000);
    CHECK(refused("outboxCap", 0));
    CHECK(refused("outboxCap", 100001));
    CHECK(refused("outboxCap", 2.5));
    CHECK(refused("outboxCap", -3));
    CHECK(read_desktop("title", "Claims desk").settings.session.app_title == "Claims desk");
    CHECK(read_desktop("title", std::string(200, 'a')).problems.empty());
    CHECK(refused("title", std::string(201, 'a')));
    CHECK(refused("title", 5));

    CHECK(read_desktop("maxLiveTextures", 8).settings.files.max_live_textures == 8);
    CHECK(read_desktop("maxLiveTextures", 4096).settings.files.max_live_textures == 4096);
    CHECK(refused("maxLiveTextures", 7));
    CHECK(refused("maxLiveTextures", 4097));
    CHECK(read_desktop("maxImageLoads", 16).settings.files.max_image_loads == 16);
    CHECK(refused("maxImageLoads", 0));
    CHECK(read_desktop("maxUploads", 1).settings.files.max_uploads == 1);
    CHECK(refused("maxUploads", 17));
    CHECK(read_desktop("thumbnailMaxPx", 32).settings.files.thumbnail_max_px == 32);
    CHECK(refused("thumbnailMaxPx", 1025));
    CHECK(read_desktop("viewerMaxPx", 8192).settings.files.viewer_max_px == 8192);
    CHECK(refused("viewerMaxPx", 255));
}

TEST_CASE("settings: reconnectMaxMs below reconnectInitialMs is raised to it and reported") {
    const auto read =
        read_desktop_settings(json{{"desktop", {{"reconnectInitialMs", 2000}, {"reconnectMaxMs", 1000}}}});
    REQUIRE(read.problems.size() == 1);
    CHECK(read.problems[0].rfind("desktop.reconnectMaxMs: ", 0) == 0);
    CHECK(read.settings.session.reconnect_max_ms == 2000);
}

TEST_CASE("settings: every section's problems are gathered, good values of the same file are kept") {
    const auto read = read_desktop_settings(json::parse(R"({
        "desktop": {"outboxCap": 0, "maxUploads": 4},
        "map": {"trackLimit": 250, "maxZoom": 99},
        "calls": {"ringTimeoutMs": 5000, "statsIntervalMs": 1},
        "ui": {"fontSizePx": 1000}})"));
    CHECK(read.problems.size() == 3);  // ui.* is the platform's to read and report
    CHECK(read.settings.files.max_uploads == 4);
    CHECK(read.settings.session.outbox_cap == Settings{}.outbox_cap);
    CHECK(read.settings.map.track_limit == 250);
    CHECK(read.settings.session.map_track_limit == 250);  // the rules keep as many positions as the map shows
    CHECK(read.settings.calls.ring_timeout_ms == 5000);
}

TEST_CASE("settings: the config reader's values by type") {
    const json config = json::parse(R"({"top": "x", "s": {"f": true, "n": 2.5, "i": 3}})");
    ConfigReader read(config);
    bool flag = false;
    double number = 0;
    int integer = 0;
    std::string text;
    read.flag("s", "f", flag);
    read.number("s", "n", number, 0, 3);
    read.integer("s", "i", integer, 0, 3);
    read.text(nullptr, "top", text, 1);
    CHECK(read.problems.empty());
    CHECK(flag);
    CHECK(number == 2.5);
    CHECK(integer == 3);
    CHECK(text == "x");
    read.integer("s", "n", integer, 0, 3);  // 2.5 is no integer
    read.text(nullptr, "top", text, 0);
    read.flag("s", "i", flag);
    CHECK(read.problems.size() == 3);
    CHECK(integer == 3);
    CHECK(find_config_value(config, "missing", "f") == nullptr);
    CHECK(find_config_value(config, "top", "f") == nullptr);  // "top" is no object
}
