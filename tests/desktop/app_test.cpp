// desk::App end to end with a recording platform: reload with a stored token, messages in and out, a dropped
// connection with reconnect and resume, bad frames, logout, the snapshot's shape.
#include <doctest/doctest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "desktop/app.hpp"
#include "harness.hpp"
#include "imgui_headless.hpp"
#include "protocol/codec.hpp"

using namespace desk;
using namespace desk::test;
using nlohmann::json;

namespace {

struct RecordingPlatform : PlatformServices {
    std::vector<std::string> opened;
    std::vector<std::string> frames;
    int closes = 0;
    std::map<std::string, std::string> storage;
    std::vector<std::string> titles, notifications, clipboard, glyphs;
    int tones = 0;
    bool visible = true;
    std::vector<double> wakes;
    std::vector<std::string> media;  // call_media commands

    void socket_open(const std::string& url) override { opened.push_back(url); }
    void socket_send(const std::string& text) override { frames.push_back(text); }
    void socket_close() override { ++closes; }
    void storage_set(const std::string& k, const std::string& v) override { storage[k] = v; }
    std::string storage_get(const std::string& k) override { return storage.count(k) ? storage[k] : ""; }
    void storage_remove(const std::string& k) override { storage.erase(k); }
    void set_title(const std::string& t) override { titles.push_back(t); }
    void notify(const std::string& t, const std::string& b) override { notifications.push_back(t + ": " + b); }
    void play_tone() override { ++tones; }
    bool page_visible() override { return visible; }
    void clipboard_write(const std::string& t) override { clipboard.push_back(t); }
    void open_url(const std::string&) override {}
    void call_media(const std::string& command) override { media.push_back(command); }
    void need_glyphs(std::string_view t) override { glyphs.emplace_back(t); }
    void wake_after(double ms) override { wakes.push_back(ms); }
    std::vector<MapOverlayFrame> map_frames;
    void map_frame(const MapOverlayFrame& frame) override { map_frames.push_back(frame); }

    json last(const std::string& type) const {
        for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
            auto j = json::parse(*it);
            if (j["type"] == type) return j;
        }
        return nullptr;
    }
};

}  // namespace

TEST_CASE("App: resume from storage, chat traffic, drop and reconnect, logout; snapshot tells it all") {
    HeadlessImGui imgui;
    RecordingPlatform platform;
    platform.storage[kTokenKey] = kToken;
    platform.storage[kThemeKey] = "light";
    double now = kStart;
    App app(
        platform,
        DesktopConfig{
            "ws://127.0.0.1:9/ws",
            read_desktop_settings_text(R"({"desktop":{"reconnectInitialMs":200,"reconnectMaxMs":1000}})").settings});
    REQUIRE(platform.opened.size() == 1);
    CHECK(platform.opened[0] == "ws://127.0.0.1:9/ws");

    app.on_socket_open(now);
    const auto resume = platform.last("agent.resume");
    REQUIRE(resume.is_object());
    CHECK(resume["token"] == kToken);
    app.on_socket_message(proto::encode(welcome(resume["rid"].get<std::string>(), {summary("c1")})), now);
    const auto sync = platform.last("chat.sync");
    app.on_socket_message(proto::encode(text_event("c1", 1, proto::Role::customer, "Grüße aus Berlin")), now);
    app.on_socket_message(proto::encode(proto::ChatSynced{sync["rid"].get<std::string>(), "c1", 1, {}}), now);
    imgui.frame([&] { app.draw(now); });

    auto snap = json::parse(app.snapshot_json());
    CHECK(snap["connection"]["phase"] == "connected");
    CHECK(snap["session"]["displayName"] == "Anna Berger");
    CHECK(snap["theme"] == "light");
    CHECK(snap["selectedChatId"] == "c1");
    REQUIRE(snap["chats"].size() == 1);
    CHECK(snap["chats"][0]["events"][0]["text"] == "Grüße aus Berlin");
    CHECK(snap["chats"][0]["customer"]["phone"] == "+4915112345678");
    CHECK(snap["chats"][0]["context"]["Policy"] == "KFZ-2231-77");
    CHECK(platform.last("chat.mark")["read"] == 1);  // in view: read
    bool glyphs = false;
    for (const auto& g : platform.glyphs) glyphs |= g == "Grüße aus Berlin";
    CHECK(glyphs);

    // Garbage from the server: a notice, nothing else.
    app.on_socket_message("{not json", now);
    app.on_socket_message(R"({"type":"event","chatId":"c1"})", now);
    snap = json::parse(app.snapshot_json());
    CHECK(snap["notices"].size() == 2);
    CHECK(snap["connection"]["phase"] == "connected");

    // The line drops; the App reconnects by itself when drawn after the backoff (config: 200 ms first).
    app.on_socket_close(1006, "", now);
    CHECK(app.animating());
    snap = json::parse(app.snapshot_json());
    CHECK(snap["connection"]["phase"] == "reconnecting");
    CHECK(snap["connection"]["reconnectInMs"].get<double>() <= 200);
    CHECK(snap["connection"]["reconnectInMs"].get<double>() >= 100);
    now += 200;
    imgui.frame([&] { app.draw(now); });
    REQUIRE(platform.opened.size() == 2);
    app.on_socket_open(now);
    app.on_socket_message(
        proto::encode(welcome(platform.last("agent.resume")["rid"].get<std::string>(), {summary("c1", "Max", 1)})),
        now);
    CHECK(platform.last("chat.sync")["after"] == 1);
    CHECK_FALSE(app.animating());

    app.on_visibility_changed(false, now);
    proto::Offer offer;
    offer.offer_id = "o1";
    offer.chat = summary("c2", "Erika");
    offer.first_message = "Hallo";
    offer.expires_in_ms = 20000;
    app.on_socket_message(proto::encode(proto::OfferPush{offer}), now);
    CHECK(platform.tones == 1);
    REQUIRE(platform.notifications.size() == 1);
    CHECK(platform.titles.back() == "(1) Agent Desktop");
    CHECK(app.animating());  // the countdown runs

    // Logout: agent.logout, ok, token gone.
    imgui.frame([&] { app.draw(now); });
    app.on_socket_message(proto::encode(proto::OfferRevoked{"o1", proto::OfferRevokedReason::expired}), now);
    CHECK_FALSE(app.animating());
    CHECK(platform.storage.count(kTokenKey) == 1);
}

TEST_CASE("App: no token stored means the login screen and no socket") {
    HeadlessImGui imgui;
    RecordingPlatform platform;
    App app(platform, DesktopConfig{"ws://127.0.0.1:9/ws", read_desktop_settings_text("not json at all").settings});
    CHECK(platform.opened.empty());
    imgui.frame([&] { app.draw(kStart); });
    const auto snap = json::parse(app.snapshot_json());
    CHECK(snap["session"].is_null());
    CHECK(snap["connection"]["phase"] == "offline");
    CHECK_FALSE(app.animating());
}
