// The map feature: coordinates (validation, parsing, formatting), the per-chat track and its limit, ShowOnMap,
// the map settings from config.json, the content the overlay gets, and the overlay's placement and hiding in a
// headless ImGui frame (modal, covering popup, chat switch).
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include <nlohmann/json.hpp>

#include "desktop/core/coordinates.hpp"
#include "desktop/core/map_content.hpp"
#include "desktop/core/map_settings.hpp"
#include "desktop/core/snapshot.hpp"
#include "desktop/views/map_view.hpp"
#include "desktop/views/views.hpp"
#include "harness.hpp"
#include "imgui_internal.h"
#include "imgui_headless.hpp"

using namespace desk;
using namespace desk::test;
using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

geo::LatLon parsed(std::string_view text) {
    const auto r = geo::parse_coordinates(text);
    REQUIRE_MESSAGE(r.ok(), text);
    return r.value();
}

bool refused(std::string_view text) { return !geo::parse_coordinates(text).ok(); }

proto::EventPush location_event(const std::string& chat, std::int64_t seq, double lat, double lon,
                                double accuracy = 10) {
    auto push = event_with(chat, seq, proto::LocationBody{{lat, lon, accuracy}}, proto::Role::customer);
    push.event.ts = static_cast<std::int64_t>(kStart) + seq * 1000;
    return push;
}

}  // namespace

TEST_CASE("coordinates: validation of range, NaN and infinity, with the field named") {
    CHECK(geo::validate(0, 0).ok());
    CHECK(geo::validate(90, 180).ok());
    CHECK(geo::validate(-90, -180).ok());
    CHECK(geo::validate(90.0000001, 0).error().field == "lat");
    CHECK(geo::validate(-90.0000001, 0).error().field == "lat");
    CHECK(geo::validate(0, 180.0000001).error().field == "lon");
    CHECK(geo::validate(0, -180.0000001).error().field == "lon");
    CHECK(geo::validate(kNaN, 0).error().field == "lat");
    CHECK(geo::validate(0, kNaN).error().field == "lon");
    CHECK(geo::validate(kInf, 0).error().message == "lat: must be a finite number");
    CHECK(geo::validate(0, -kInf).error().code == proto::ErrorCode::invalid_field);
    CHECK(geo::valid_accuracy(0));
    CHECK(geo::valid_accuracy(25000));
    CHECK_FALSE(geo::valid_accuracy(-0.1));
    CHECK_FALSE(geo::valid_accuracy(kNaN));
    CHECK_FALSE(geo::valid_accuracy(kInf));
}

TEST_CASE("coordinates: precision is 7 decimals; more digits are rounded away") {
    CHECK(geo::round_degrees(52.52000849999) == doctest::Approx(52.5200085).epsilon(1e-12));
    CHECK(geo::round_degrees(13.40495449) == doctest::Approx(13.4049545).epsilon(1e-12));
    CHECK(parsed("52.520008123456, 13.404954987654") ==
          geo::LatLon{geo::round_degrees(52.5200081), geo::round_degrees(13.404955)});
    // Two spellings of one place compare equal after rounding.
    CHECK(parsed("52.5200080000001 13.404954") == parsed("52.520008, 13.4049540000002"));
}

TEST_CASE("coordinates: parsing the written forms agents paste") {
    CHECK(parsed("52.520008, 13.404954") == geo::LatLon{52.520008, 13.404954});
    CHECK(parsed("  52.520008 13.404954 ") == geo::LatLon{52.520008, 13.404954});
    CHECK(parsed("-33.8688,151.2093") == geo::LatLon{-33.8688, 151.2093});
    CHECK(parsed("+40.7;-74") == geo::LatLon{40.7, -74});
    CHECK(parsed("52.52N 13.405E") == geo::LatLon{52.52, 13.405});
    CHECK(parsed("N 52.52 W 13.405") == geo::LatLon{52.52, -13.405});
    CHECK(parsed("33.8688 s, 151.2093 e") == geo::LatLon{-33.8688, 151.2093});
    // Longitude first when the letters say so.
    CHECK(parsed("E 13.405 N 52.52") == geo::LatLon{52.52, 13.405});
    const auto dms = parsed(
        "52\xC2\xB0"
        "31'12.0\"N 13\xC2\xB0"
        "24'17.8\"E");
    CHECK(dms.lat == doctest::Approx(52.52).epsilon(1e-9));
    CHECK(dms.lon == doctest::Approx(13.404944).epsilon(1e-6));
    const auto typographic = parsed(
        "33\xC2\xB0"
        "52\xE2\x80\xB2"
        "7.7\xE2\x80\xB3"
        "S 151\xC2\xB0"
        "12\xE2\x80\xB2"
        "33.5\xE2\x80\xB3"
        "E");
    CHECK(typographic.lat == doctest::Approx(-33.8688).epsilon(1e-5));
    CHECK(typographic.lon == doctest::Approx(151.2093).epsilon(1e-5));
    const auto degrees_minutes = parsed("52\xC2\xB0 31.2' N, 13\xC2\xB0 24.3' E");
    CHECK(degrees_minutes.lat == doctest::Approx(52.52).epsilon(1e-9));
    CHECK(degrees_minutes.lon == doctest::Approx(13.405).epsilon(1e-9));
    CHECK(parsed("52d31'12\"N 13d24'18\"E").lat == doctest::Approx(52.52).epsilon(1e-9));
}

TEST_CASE("coordinates: what is not exactly one valid pair is refused") {
    for (const char* text : {"",
                             " ",
                             "52.52",
                             "52.52, 13.4, 7",
                             "abc",
                             "52.52, 13.4 km",
                             "nan, 0",
                             "inf 0",
                             "1e5 0",
                             "52..1 13",
                             "- 52 13",
                             "91, 0",
                             "0, 181",
                             "-90.5 0",
                             "N 52 N 13",
                             "N 52 S 13",
                             "E 13 W 52",
                             "-52 S 13 E",
                             "52.5\xC2\xB0"
                             "30' 13",
                             "52\xC2\xB0"
                             "61' 13",
                             "52\xC2\xB0"
                             "30'60\" 13",
                             "52\xC2\xB0"
                             "30.5'10\" 13",
                             "52\xC2\xB0"
                             "-30' 13",
                             "52 13 <script>",
                             "52,13,"})
        CHECK_MESSAGE(refused(text), text);
    CHECK(refused(std::string(geo::kMaxCoordinateTextBytes + 1, ' ') + "1 2"));
    CHECK_FALSE(refused(std::string(geo::kMaxCoordinateTextBytes - 4, ' ') + "1 2"));
}

TEST_CASE("coordinates: decimal, DMS, link and accuracy text") {
    CHECK(geo::format_decimal({52.520008, 13.404954}) == "52.520008, 13.404954");
    CHECK(geo::format_decimal({-33.8688, 151.2093}) == "-33.868800, 151.209300");
    CHECK(geo::format_decimal({-0.0000001, 0.0000004}) == "0.000000, 0.000000");  // no "-0.000000"
    CHECK(geo::format_decimal({1.5, 2.25}, 2) == "1.50, 2.25");
    CHECK(geo::format_dms({52.520008, 13.404954}) ==
          "52\xC2\xB0"
          "31'12.0\"N 13\xC2\xB0"
          "24'17.8\"E");
    CHECK(geo::format_dms({-33.8688, -151.2093}) ==
          "33\xC2\xB0"
          "52'07.7\"S 151\xC2\xB0"
          "12'33.5\"W");
    CHECK(geo::format_dms({0, 0}) ==
          "0\xC2\xB0"
          "00'00.0\"N 0\xC2\xB0"
          "00'00.0\"E");
    CHECK(geo::format_dms({-0.00000001, 0}) ==
          "0\xC2\xB0"
          "00'00.0\"N 0\xC2\xB0"
          "00'00.0\"E");
    // 59.99" rounds up into the next minute and degree instead of printing 60.0.
    CHECK(geo::format_dms({10.9999999, 0}) ==
          "11\xC2\xB0"
          "00'00.0\"N 0\xC2\xB0"
          "00'00.0\"E");
    CHECK(geo::format_dms({90, 180}) ==
          "90\xC2\xB0"
          "00'00.0\"N 180\xC2\xB0"
          "00'00.0\"E");
    // What format_dms writes, parse_coordinates reads back (to DMS precision).
    const auto back = parsed(geo::format_dms({-12.3456789, 98.7654321}));
    CHECK(back.lat == doctest::Approx(-12.3456789).epsilon(1e-5));
    CHECK(back.lon == doctest::Approx(98.7654321).epsilon(1e-5));
    CHECK(geo::maps_link({52.520008, 13.404954}) ==
          "https://www.openstreetmap.org/?mlat=52.520008&mlon=13.404954#map=17/52.520008/13.404954");
    CHECK(geo::accuracy_label(12.4) ==
          "\xC2\xB1"
          "12 m");
    CHECK(geo::accuracy_label(999) ==
          "\xC2\xB1"
          "999 m");
    CHECK(geo::accuracy_label(1000) ==
          "\xC2\xB1"
          "1.0 km");
    CHECK(geo::accuracy_label(0) == "");
    CHECK(geo::accuracy_label(kNaN) == "");
}

TEST_CASE("track: each location event adds a point; the limit drops the oldest, exactly at its edge") {
    Harness h;
    h.s.settings.map_track_limit = 3;
    h.log_in({summary("c1")});
    for (int i = 1; i <= 3; ++i) h.server(location_event("c1", i, 52.5 + i * 0.001, 13.4));
    const Chat* chat = h.s.find_chat("c1");
    REQUIRE(chat->track.points.size() == 3);  // at the limit: nothing dropped
    CHECK(chat->track.points.front().seq == 1);
    const auto revision = chat->track.revision;
    h.server(location_event("c1", 4, 52.504, 13.4, 7.5));  // one past it
    REQUIRE(chat->track.points.size() == 3);
    CHECK(chat->track.points.front().seq == 2);
    CHECK(chat->track.latest().seq == 4);
    CHECK(chat->track.latest().accuracy == 7.5);
    CHECK(chat->track.latest().ts == kStart + 4000);
    CHECK(chat->track.revision > revision);
    CHECK(chat->last_location->location.lat == 52.504);
    // The row keeps its position, so clicking it focuses the map there even after the track dropped it.
    CHECK(chat->events[0].location.has_value());
    CHECK(chat->events[0].location->lat == doctest::Approx(52.501));
    // A duplicate (resent) event adds nothing.
    h.server(location_event("c1", 4, 52.504, 13.4));
    CHECK(chat->track.points.size() == 3);
    // Other events leave the track alone.
    h.server(text_event("c1", 5, proto::Role::customer, "hier"));
    CHECK(chat->track.latest().seq == 4);

    auto snap = json::parse(snapshot_json(h.s, h.now));
    const auto& track = snap["chats"][0]["track"];
    REQUIRE(track.size() == 3);
    CHECK(track[2]["lat"] == 52.504);
    CHECK(track[2]["seq"] == 4);
    CHECK(snap["mapTrackLimit"] == 3);
}

TEST_CASE("track: a limit of 1 keeps only the marker; 0 is treated as 1") {
    for (std::size_t limit : {std::size_t{1}, std::size_t{0}}) {
        Harness h;
        h.s.settings.map_track_limit = limit;
        h.log_in({summary("c1")});
        h.server(location_event("c1", 1, 1, 2));
        h.server(location_event("c1", 2, 3, 4));
        const Chat* chat = h.s.find_chat("c1");
        REQUIRE(chat->track.points.size() == 1);
        CHECK(chat->track.latest().lat == 3);
    }
}

TEST_CASE("location request: recorded until the customer shares a position") {
    Harness h;
    h.log_in({summary("c1")});  // the harness's customers can share their location
    h.apply(intent::RequestLocation{"c1"});
    CHECK(h.sent("chat.send")["body"].is_object());
    h.server(event_with("c1", 1, proto::LocationRequestBody{}, proto::Role::agent));
    const Chat* chat = h.s.find_chat("c1");
    CHECK(chat->track.requested_at > 0);
    CHECK(json::parse(snapshot_json(h.s, h.now))["chats"][0]["locationRequestedAt"].get<double>() > 0);
    h.server(location_event("c1", 2, 48.1, 11.5));
    CHECK(chat->track.requested_at == 0);
}

TEST_CASE("ShowOnMap selects the chat and focuses the map; bad positions and unknown chats are refused") {
    Harness h;
    h.log_in({summary("c1"), summary("c2", "Erika")});
    h.server(location_event("c2", 1, 48.137154, 11.576124));
    h.apply(intent::SelectChat{"c1"});
    h.apply(intent::ShowOnMap{"c2", 48.137154, 11.576124, ""});
    CHECK(h.s.selected_chat_id == "c2");
    CHECK(h.s.map_focus.chat_id == "c2");
    CHECK(h.s.map_focus.is_track_point);  // a shared position: the marker is there already
    const auto serial = h.s.map_focus.serial;
    CHECK(serial > 0);

    // A photo's GPS position: a pin with its (customer-supplied) label.
    h.apply(intent::ShowOnMap{"c2", 48.2, 11.6, "IMG_0042.jpg"});
    CHECK(h.s.map_focus.serial == serial + 1);
    CHECK_FALSE(h.s.map_focus.is_track_point);
    CHECK(h.s.map_focus.label == "IMG_0042.jpg");
    auto snap = json::parse(snapshot_json(h.s, h.now));
    CHECK(snap["mapFocus"]["chatId"] == "c2");
    CHECK(snap["mapFocus"]["label"] == "IMG_0042.jpg");
    CHECK(snap["mapFocus"]["pin"] == true);

    const auto notices = h.s.notices.size();
    h.apply(intent::ShowOnMap{"c1", kNaN, 0, ""});
    h.apply(intent::ShowOnMap{"c1", 0, 200, ""});
    h.apply(intent::ShowOnMap{"gone", 1, 1, ""});
    CHECK(h.s.map_focus.serial == serial + 1);  // unchanged
    CHECK(h.s.selected_chat_id == "c2");
    REQUIRE(h.s.notices.size() == notices + 3);
    CHECK(h.s.notices[notices].code == "invalid_location");
    CHECK(h.s.notices[notices + 1].message.find("lon") != std::string::npos);
    CHECK(h.s.notices[notices + 2].code == "not_found");
}

TEST_CASE("OpenInMaps opens the OpenStreetMap link; invalid positions are refused") {
    Harness h;
    h.log_in();
    h.apply(intent::OpenInMaps{52.520008, 13.404954});
    const auto opened = of_type<cmd::OpenUrl>(h.last);
    REQUIRE(opened.size() == 1);
    CHECK(opened[0].url == geo::maps_link({52.520008, 13.404954}));
    h.apply(intent::OpenInMaps{kNaN, 1});
    CHECK(of_type<cmd::OpenUrl>(h.last).empty());
    CHECK(h.s.notices.back().code == "invalid_location");
}

TEST_CASE("map settings: defaults, accepted values and every refusal at its edge") {
    auto defaults = read_map_settings(json::parse("{}"));
    CHECK(defaults.problems.empty());
    CHECK(defaults.settings.tile_url == "https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    CHECK(defaults.settings.track_limit == 100);

    auto good =
        read_map_settings(json::parse(R"({"map":{"tileUrl":"tiles/{z}/{x}/{y}.png","attribution":"Intranet maps",
        "attributionUrl":"","maxZoom":22,"zoom":22,"trackLimit":10000,"tileTimeoutMs":500}})"));
    CHECK(good.problems.empty());
    CHECK(good.settings.tile_url == "tiles/{z}/{x}/{y}.png");
    CHECK(good.settings.attribution_url.empty());
    CHECK(good.settings.max_zoom == 22);
    CHECK(good.settings.zoom == 22);
    CHECK(good.settings.track_limit == 10000);
    CHECK(good.settings.tile_timeout_ms == 500);
    CHECK(read_map_settings(json::parse(R"({"map":{"trackLimit":1,"maxZoom":1}})")).settings.zoom ==
          1);  // clamped, no problem

    auto bad = read_map_settings(json::parse(R"({"map":{"tileUrl":"javascript:alert(1)//{z}{x}{y}","attribution":7,
        "attributionUrl":"ftp://x","maxZoom":23,"zoom":0,"trackLimit":10001,"tileTimeoutMs":499}})"));
    CHECK(bad.problems.size() == 7);
    CHECK(bad.settings.tile_url == MapSettings{}.tile_url);
    CHECK(bad.settings.track_limit == 100);
    for (const char* url :
         {"https://a/{z}/{x}.png", "https://a/{z}/{x}/{y}.png\"><script>", "data:image/png;{z}{x}{y}"})
        CHECK(read_map_settings(json{{"map", {{"tileUrl", url}}}}).problems.size() == 1);
    CHECK(read_map_settings(json{{"map", {{"trackLimit", 0}}}}).problems.size() == 1);
    CHECK(read_map_settings(json{{"map", {{"trackLimit", 2.5}}}}).problems.size() == 1);
    CHECK(read_map_settings(json{{"map", {{"attribution", std::string(kMapAttributionMaxBytes + 1, 'a')}}}})
              .problems.size() == 1);
    CHECK(read_map_settings(json{{"map", {{"attribution", std::string(kMapAttributionMaxBytes, 'a')}}}})
              .problems.empty());
    CHECK(read_map_settings(json::parse(R"({"map":[]})")).problems.size() == 1);
    auto bridge = json::parse(map_settings_json(good.settings));
    CHECK(bridge["tileUrl"] == "tiles/{z}/{x}/{y}.png");
    CHECK(bridge["trackLimit"] == 10000);
}

TEST_CASE("map content: marker, track, focus and customer text as data; keys change only with the content") {
    Harness h;
    auto c1 = summary("c1", "<img src=x onerror=alert(1)>");
    h.log_in({c1, summary("c2")});
    const Chat* chat = h.s.find_chat("c1");
    CHECK_FALSE(chat_has_map(h.s, *chat));
    h.server(location_event("c1", 1, 52.5, 13.4, 20));
    h.server(location_event("c1", 2, 52.51, 13.41, 8));
    CHECK(chat_has_map(h.s, *chat));
    const auto key = map_content_key(h.s, *chat);
    CHECK(key == map_content_key(h.s, *chat));
    auto content = json::parse(map_content_json(h.s, *chat));
    CHECK(content["chatId"] == "c1");
    CHECK(content["customer"] == "<img src=x onerror=alert(1)>");  // escaping is the DOM's job: text nodes
    CHECK(content["marker"]["lat"] == 52.51);
    CHECK(content["marker"]["accuracy"] == 8);
    CHECK(content["marker"]["time"].get<std::string>().size() == 8);  // HH:MM:SS
    CHECK(content["track"].size() == 2);
    CHECK(content["focus"].is_null());

    h.apply(intent::ShowOnMap{"c1", 52.5, 13.4, ""});
    CHECK_FALSE(key == map_content_key(h.s, *chat));
    content = json::parse(map_content_json(h.s, *chat));
    CHECK(content["focus"]["pin"] == false);
    // A focus on another chat is not this chat's content.
    const Chat* other = h.s.find_chat("c2");
    h.apply(intent::ShowOnMap{"c2", 1, 1, "x"});
    CHECK(json::parse(map_content_json(h.s, *chat))["focus"].is_null());
    CHECK(chat_has_map(h.s, *other));  // a pinned place alone shows the map
}

namespace {

struct MapFrameFixture {
    HeadlessImGui imgui{1280, 800};
    Harness h;
    UiState ui;
    MapOverlayFrame frame;

    MapFrameFixture() {
        h.log_in({summary("c1"), summary("c2", "Erika")});
        h.server(location_event("c1", 1, 52.52, 13.405));
        h.apply(intent::SelectChat{"c1"});
    }
    void draw(int frames = 2) {
        for (int i = 0; i < frames; ++i) {
            Intents intents;
            ui.now = h.now;
            imgui.frame([&] {
                draw_desktop(h.s, ui, intents);
                frame = finish_map_frame(h.s, ui);
            });
            for (const auto& intent : intents) h.apply(intent);
        }
    }
};

}  // namespace

TEST_CASE("overlay frame: placed over the region in the context area, content sent once per change") {
    MapFrameFixture f;
    Intents intents;
    f.ui.now = f.h.now;
    MapOverlayFrame first;
    f.imgui.frame([&] {
        draw_desktop(f.h.s, f.ui, intents);
        first = finish_map_frame(f.h.s, f.ui);
    });
    CHECK_FALSE(first.content_json.empty());
    CHECK(json::parse(first.content_json)["chatId"] == "c1");
    f.draw();
    REQUIRE(f.frame.visible);
    CHECK(f.frame.content_json.empty());  // unchanged: nothing resent
    CHECK(f.frame.width > 100);
    CHECK(f.frame.height >= 180 - 2);
    CHECK(f.frame.x > 1280 - 340);  // the info column on the right
    CHECK(f.frame.x + f.frame.width <= 1280);
    CHECK(f.frame.y + f.frame.height <= 800);
    CHECK(f.frame.clip_x0 >= f.frame.x);
    CHECK(f.frame.clip_y1 <= f.frame.y + f.frame.height + 0.5f);

    // A live update: new content once.
    f.h.server(location_event("c1", 2, 52.53, 13.41));
    f.draw(1);
    REQUIRE_FALSE(f.frame.content_json.empty());
    CHECK(json::parse(f.frame.content_json)["track"].size() == 2);
    f.draw(1);
    CHECK(f.frame.content_json.empty());

    // Another chat without a position: no map there, so the overlay hides.
    f.h.apply(intent::SelectChat{"c2"});
    f.draw();
    CHECK_FALSE(f.frame.visible);
    // Back: the bridge still holds c1's content (c2 sent none), so only the placement changes.
    f.h.apply(intent::SelectChat{"c1"});
    f.draw(1);
    CHECK(f.frame.visible);
    CHECK(f.frame.content_json.empty());
    // A chat with its own position: its content goes over when it is selected.
    f.h.server(location_event("c2", 1, 48.1, 11.5));
    f.draw(1);
    CHECK(f.frame.content_json.empty());  // c2's position is not on screen: nothing to send yet
    f.h.apply(intent::SelectChat{"c2"});
    f.draw(1);
    REQUIRE_FALSE(f.frame.content_json.empty());
    CHECK(json::parse(f.frame.content_json)["chatId"] == "c2");
    CHECK(f.frame.visible);
}

TEST_CASE("overlay frame: a modal hides the map; a popup over the region hides it; closing shows it again") {
    MapFrameFixture f;
    f.draw();
    REQUIRE(f.frame.visible);
    f.ui.end_confirm_chat = "c1";
    f.draw();
    CHECK(ImGui::GetTopMostPopupModal() != nullptr);
    CHECK_FALSE(f.frame.visible);
    f.ui.end_confirm_chat.clear();
    f.draw();
    CHECK(f.frame.visible);

    // A window of its own (like the diagnostics window) dragged over the map hides it; moved away, it shows.
    const ImVec2 over(f.frame.x + 10, f.frame.y + 10);
    auto draw_with_window = [&](ImVec2 at) {
        for (int i = 0; i < 2; ++i) {
            Intents intents;
            f.imgui.frame([&] {
                draw_desktop(f.h.s, f.ui, intents);
                ImGui::SetNextWindowPos(at);
                ImGui::SetNextWindowSize(ImVec2(120, 80));
                ImGui::Begin("Floating");
                ImGui::TextUnformatted("over the map");
                ImGui::End();
                f.frame = finish_map_frame(f.h.s, f.ui);
            });
        }
    };
    draw_with_window(over);
    CHECK_FALSE(f.frame.visible);
    draw_with_window(ImVec2(10, 700));
    CHECK(f.frame.visible);
}

TEST_CASE("overlay frame: a tooltip over the map is a hole in it, not a reason to hide it") {
    MapFrameFixture f;
    f.draw();
    REQUIRE(f.frame.visible);
    CHECK(f.frame.holes.empty());
    const ImVec2 over(f.frame.clip_x0 + 20, f.frame.clip_y0 + 20);
    for (int i = 0; i < 3; ++i) {
        Intents intents;
        f.imgui.frame([&] {
            draw_desktop(f.h.s, f.ui, intents);
            ImGui::SetNextWindowPos(over);
            ImGui::BeginTooltip();
            ImGui::TextUnformatted("https://www.openstreetmap.org/?mlat=52.52&mlon=13.405");
            ImGui::EndTooltip();
            f.frame = finish_map_frame(f.h.s, f.ui);
        });
    }
    CHECK(f.frame.visible);
    REQUIRE(f.frame.holes.size() == 1);
    const auto& hole = f.frame.holes[0];
    CHECK(hole.x0 == doctest::Approx(over.x));
    CHECK(hole.y0 == doctest::Approx(over.y));
    CHECK(hole.x1 > hole.x0 + 50);
    CHECK(hole.x1 <= f.frame.clip_x1);  // cut to the visible region
    CHECK(hole.y1 <= f.frame.clip_y1);
    f.draw();  // the pointer moved on: no tooltip, no hole
    CHECK(f.frame.visible);
    CHECK(f.frame.holes.empty());
}

TEST_CASE("location panel: a chat without a position offers Request location when the app can share one") {
    HeadlessImGui imgui;
    Harness h;
    h.log_in({summary("c1")});  // the harness's customers can share their location
    UiState ui;
    h.apply(intent::SelectChat{"c1"});
    auto region_reserved = [] {
        for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
            if (std::strstr(w->Name, "##map_region") && w->Active) return true;
        return false;
    };
    for (int i = 0; i < 2; ++i) {
        Intents intents;
        imgui.frame([&] {
            draw_desktop(h.s, ui, intents);
            CHECK_FALSE(finish_map_frame(h.s, ui).visible);
            CHECK_FALSE(region_reserved());  // no region reserved without a position
        });
    }
    // The position arrives: the region is reserved and the overlay shown.
    h.server(location_event("c1", 1, 52.52, 13.405));
    bool visible = false;
    for (int i = 0; i < 2; ++i) {
        Intents intents;
        imgui.frame([&] {
            draw_desktop(h.s, ui, intents);
            visible = finish_map_frame(h.s, ui).visible;
            CHECK(region_reserved());
        });
    }
    CHECK(visible);
}
