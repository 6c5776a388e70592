// config.json "branding": product name and logo settings at their edges (bad values keep the default and are
// reported), the logo's load rules (loaded / failed / unasked), the tab title, the App routing the photo path's
// answers for the logo, and the login screen in a headless ImGui frame (the name, and the logo at its fitted size).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "desktop/app.hpp"
#include "desktop/automation/widget_locator.hpp"
#include "desktop/core/branding.hpp"
#include "desktop/core/desktop_settings.hpp"
#include "desktop/views/views.hpp"
#include "harness.hpp"
#include "imgui_headless.hpp"

using namespace desk;
using namespace desk::test;
using nlohmann::json;

namespace {

BrandingSettingsRead read_branding(const std::string& key, const json& value) {
    return read_branding_settings(json{{"branding", {{key, value}}}});
}
bool refused(const std::string& key, const json& value) {
    const auto read = read_branding(key, value);
    return read.problems.size() == 1 && read.problems[0].rfind("branding." + key + ": ", 0) == 0 &&
        read.problems[0].find("(default kept)") != std::string::npos;
}
std::string problem_of(const std::string& key, const json& value) {
    const auto read = read_branding(key, value);
    return read.problems.empty() ? "" : read.problems[0];
}
std::string repeat(const std::string& unit, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += unit;
    return out;
}

Harness started_with(const BrandingSettings& branding) {
    Harness h;
    h.s.branding.settings = branding;
    h.apply(ev::Started{});
    return h;
}

BrandingSettings with_logo(const std::string& url = "brand/logo.png") {
    BrandingSettings b;
    b.product_name = "Claims Desk";
    b.logo_url = url;
    return b;
}

}  // namespace

TEST_CASE("branding: no section keeps today's title and no logo, without a problem") {
    const auto read = read_desktop_settings_text("{}");
    CHECK(read.problems.empty());
    CHECK(read.settings.branding.product_name == "Agent Desktop");
    CHECK(read.settings.branding.logo_url.empty());
    CHECK(read.settings.session.app_title == "Agent Desktop");
    // The shipped shell/config.json adds nothing either: the same defaults.
    const auto shipped = read_desktop_settings(json{{"branding", {{"productName", "Agent Desktop"}}}});
    CHECK(shipped.problems.empty());
    CHECK(shipped.settings.branding.logo_url.empty());
}

TEST_CASE("branding: a valid section is taken; the product name is the tab title unless desktop.title is set") {
    const auto read = read_desktop_settings(json{{"branding",
                                                  {{"productName", "Schadenservice Müller"},
                                                   {"logoUrl", "brand/logo.png"},
                                                   {"logoAlt", "Müller Versicherung"},
                                                   {"logoMaxWidthPx", 300},
                                                   {"logoMaxHeightPx", 100}}}});
    CHECK(read.problems.empty());
    const BrandingSettings& b = read.settings.branding;
    CHECK(b.product_name == "Schadenservice Müller");
    CHECK(b.logo_url == "brand/logo.png");
    CHECK(b.logo_alt == "Müller Versicherung");
    CHECK(b.logo_max_width_px == 300);
    CHECK(b.logo_max_height_px == 100);
    CHECK(read.settings.session.app_title == "Schadenservice Müller");

    const auto titled =
        read_desktop_settings(json{{"branding", {{"productName", "Claims Desk"}}}, {"desktop", {{"title", "Tab"}}}});
    CHECK(titled.settings.session.app_title == "Tab");
    CHECK(titled.settings.branding.product_name == "Claims Desk");
}

TEST_CASE("branding: productName at its edges (1..60 characters, no control characters)") {
    CHECK(read_branding("productName", "A").settings.product_name == "A");
    CHECK(read_branding("productName", repeat("x", kProductNameMaxChars)).settings.product_name.size() == 60);
    // Characters, not bytes: 60 two-byte characters are fine.
    CHECK(read_branding("productName", repeat("ü", kProductNameMaxChars)).problems.empty());
    CHECK(refused("productName", repeat("x", kProductNameMaxChars + 1)));
    CHECK(refused("productName", repeat("ü", kProductNameMaxChars + 1)));
    CHECK(refused("productName", ""));
    CHECK(problem_of("productName", "") == "branding.productName: must be 1..60 characters (default kept)");
    CHECK(refused("productName", "Claims\nDesk"));
    CHECK(problem_of("productName", "Claims\tDesk") ==
          "branding.productName: must not contain control characters (default kept)");
    CHECK(refused("productName", "A\x7F"));
    CHECK(refused("productName", "A\xC2\x85"));      // NEL (C1)
    CHECK(refused("productName", "A\xE2\x80\xAE"));  // right-to-left override
    CHECK(refused("productName", "A\xFF"));          // not UTF-8
    CHECK(refused("productName", 42));
    CHECK(refused("productName", json(nullptr)));
    // A refused name keeps the default, and so does the tab title.
    const auto bad = read_desktop_settings(json{{"branding", {{"productName", ""}}}});
    CHECK(bad.settings.branding.product_name == "Agent Desktop");
    CHECK(bad.settings.session.app_title == "Agent Desktop");
}

TEST_CASE("branding: logoUrl is a path inside the folder, an https URL or a base64 image; the rest is refused") {
    for (const char* good : {"logo.png", "brand/logo.png", "./brand/logo.png", "brand/logo.png?v=2",
                             "https://cdn.example.com/acme/logo.png", "HTTPS://cdn.example.com/l.png",
                             "data:image/png;base64,iVBORw0KGgo=", "data:image/webp;base64,UklGRg==", "a..b.png"})
        CHECK_MESSAGE(read_branding("logoUrl", good).problems.empty(), good);
    CHECK(read_branding("logoUrl", "").settings.logo_url.empty());  // "" = no logo, not a problem
    CHECK(problem_of("logoUrl", "javascript:alert(1)") ==
          "branding.logoUrl: the javascript: scheme is not allowed (a path inside the desktop's folder or an "
          "https:// URL) (default kept)");
    CHECK(problem_of("logoUrl", "data:text/html;base64,PHNjcmlwdD4=") ==
          "branding.logoUrl: data: URLs must be base64 PNG, JPEG, GIF or WebP images (data:image/png;base64,...) "
          "(default kept)");
    CHECK(refused("logoUrl", "data:image/svg+xml;base64,PHN2Zz4="));
    CHECK(refused("logoUrl", "DATA:image/png,raw"));
    CHECK(refused("logoUrl", "JavaScript:alert(1)"));
    CHECK(refused("logoUrl", "http://cdn.example.com/logo.png"));  // mixed content on an https desktop
    CHECK(refused("logoUrl", "file:///etc/logo.png"));
    CHECK(refused("logoUrl", "https://"));
    CHECK(refused("logoUrl", "//cdn.example.com/logo.png"));
    CHECK(refused("logoUrl", "/logo.png"));
    CHECK(refused("logoUrl", "../logo.png"));
    CHECK(refused("logoUrl", "brand/../../logo.png"));
    CHECK(refused("logoUrl", "brand/%2E%2E/logo.png"));
    CHECK(refused("logoUrl", "brand\\logo.png"));
    CHECK(refused("logoUrl", "brand/my logo.png"));
    CHECK(refused("logoUrl", "logo.png\n"));
    CHECK(refused("logoUrl", 7));
    // The length limit at its edge.
    const std::string prefix = "brand/";
    CHECK(read_branding("logoUrl", prefix + repeat("a", kLogoUrlMaxBytes - prefix.size())).problems.empty());
    CHECK(refused("logoUrl", prefix + repeat("a", kLogoUrlMaxBytes - prefix.size() + 1)));
    // A refused URL means no logo.
    CHECK(read_branding("logoUrl", "javascript:alert(1)").settings.logo_url.empty());
}

TEST_CASE("branding: logoAlt and the logo box at their edges") {
    CHECK(read_branding("logoAlt", repeat("a", kLogoAltMaxChars)).problems.empty());
    CHECK(refused("logoAlt", repeat("a", kLogoAltMaxChars + 1)));
    CHECK(refused("logoAlt", "a\nb"));
    CHECK(read_branding("logoAlt", "").problems.empty());
    CHECK(read_branding("logoMaxWidthPx", kLogoBoxMinPx).settings.logo_max_width_px == 16);
    CHECK(read_branding("logoMaxWidthPx", kLogoMaxWidthLimitPx).settings.logo_max_width_px == 600);
    CHECK(refused("logoMaxWidthPx", kLogoBoxMinPx - 1));
    CHECK(refused("logoMaxWidthPx", kLogoMaxWidthLimitPx + 1));
    CHECK(refused("logoMaxWidthPx", 100.5));
    CHECK(read_branding("logoMaxHeightPx", kLogoMaxHeightLimitPx).settings.logo_max_height_px == 300);
    CHECK(refused("logoMaxHeightPx", kLogoMaxHeightLimitPx + 1));
    CHECK(refused("logoMaxHeightPx", kLogoBoxMinPx - 1));
    // Several bad values: each reported, each default kept.
    const auto read = read_branding_settings(json{{"branding", {{"productName", ""}, {"logoUrl", "javascript:x"}}}});
    CHECK(read.problems.size() == 2);
    CHECK(read.settings.product_name == "Agent Desktop");
    // A section that is no object.
    const auto no_object = read_desktop_settings(json{{"branding", "Claims Desk"}});
    REQUIRE(no_object.problems.size() == 1);
    CHECK(no_object.problems[0] == "branding: must be an object (every default kept)");
}

TEST_CASE("branding: the logo is fitted into its box, aspect kept, never enlarged past max_scale") {
    const FittedSize wide = fit_logo(720, 120, 240, 80, 1);  // width-bound
    CHECK(wide.width == 240);
    CHECK(wide.height == 40);
    const FittedSize tall = fit_logo(300, 300, 240, 80, 1);  // height-bound
    CHECK(tall.width == 80);
    CHECK(tall.height == 80);
    const FittedSize small = fit_logo(100, 30, 240, 80, 1);  // kept at its size
    CHECK(small.width == 100);
    CHECK(small.height == 30);
    const FittedSize hidpi = fit_logo(720, 240, 480, 160, 2);  // dpr 2: twice the design box, the same shape
    CHECK(hidpi.width == 480);
    CHECK(hidpi.height == 160);
    CHECK(fit_logo(0, 10, 240, 80, 1).width == 0);
    CHECK(fit_logo(10, 10, 0, 80, 1).width == 0);
}

TEST_CASE("branding rules: no logoUrl asks for nothing; the title is the product name from the start") {
    BrandingSettings b;
    b.product_name = "Claims Desk";
    Harness h;
    h.s.branding.settings = b;
    h.s.settings.app_title = b.product_name;  // as read_desktop_settings does
    const auto out = h.apply(ev::Started{});
    CHECK(of_type<cmd::LoadLogo>(out).empty());
    CHECK(h.s.branding.logo == LogoStatus::none);
    REQUIRE(of_type<cmd::SetTitle>(out).size() == 1);
    CHECK(of_type<cmd::SetTitle>(out)[0].title == "Claims Desk");
}

TEST_CASE("branding rules: the logo is asked for once at start and kept when it loads") {
    Harness h;
    h.s.branding.settings = with_logo();
    const auto out = h.apply(ev::Started{});
    REQUIRE(of_type<cmd::LoadLogo>(out).size() == 1);
    CHECK(of_type<cmd::LoadLogo>(out)[0].url == "brand/logo.png");
    CHECK(of_type<cmd::LoadLogo>(out)[0].max_px == 240 * kLogoTextureScale);
    CHECK(h.s.branding.logo == LogoStatus::loading);
    CHECK(of_type<cmd::LoadLogo>(h.apply(ev::Started{})).empty());  // never twice

    const auto loaded = h.apply(ev::LogoLoaded{17, 720, 240});
    CHECK(of_type<cmd::FreeTexture>(loaded).empty());
    CHECK(h.s.branding.logo == LogoStatus::loaded);
    CHECK(h.s.branding.logo_texture == 17);
    CHECK(h.s.branding.logo_width == 720);
    CHECK(h.s.branding.logo_height == 240);
    CHECK(h.s.notices.empty());
    // A second texture nobody asked for is freed, the first stays.
    const auto again = h.apply(ev::LogoLoaded{18, 10, 10});
    REQUIRE(of_type<cmd::FreeTexture>(again).size() == 1);
    CHECK(of_type<cmd::FreeTexture>(again)[0].texture == 18);
    CHECK(h.s.branding.logo_texture == 17);
    // A late failure report changes nothing.
    h.apply(ev::LogoFailed{"late"});
    CHECK(h.s.branding.logo == LogoStatus::loaded);
}

TEST_CASE("branding rules: a failed logo leaves the name and says why in a notice") {
    Harness h = started_with(with_logo("brand/missing.png"));
    h.apply(ev::LogoFailed{"HTTP 404"});
    CHECK(h.s.branding.logo == LogoStatus::failed);
    CHECK(h.s.branding.logo_error == "HTTP 404");
    REQUIRE(h.s.notices.size() == 1);
    CHECK(h.s.notices[0].code == "logo_failed");
    CHECK(h.s.notices[0].message.find("brand/missing.png") != std::string::npos);
    CHECK(h.s.notices[0].message.find("HTTP 404") != std::string::npos);
    CHECK(h.s.branding.logo_texture == 0);
    // A texture arriving after the failure is freed.
    CHECK(of_type<cmd::FreeTexture>(h.apply(ev::LogoLoaded{5, 10, 10})).size() == 1);
    CHECK(h.s.branding.logo == LogoStatus::failed);

    Harness empty = started_with(with_logo());
    const auto out = empty.apply(ev::LogoLoaded{9, 0, 0});  // a texture without pixels is a failure
    CHECK(of_type<cmd::FreeTexture>(out).size() == 1);
    CHECK(empty.s.branding.logo == LogoStatus::failed);
}

namespace {

struct Platform : PlatformServices, FileServices {
    bool with_files = true;
    std::vector<std::string> titles;
    struct Load {
        std::string id, url, token;
        int max_px;
    };
    std::vector<Load> loads;
    std::vector<std::uint32_t> freed;

    void socket_open(const std::string&) override {}
    void socket_send(const std::string&) override {}
    void socket_close() override {}
    void storage_set(const std::string&, const std::string&) override {}
    std::string storage_get(const std::string&) override { return ""; }
    void storage_remove(const std::string&) override {}
    void set_title(const std::string& t) override { titles.push_back(t); }
    void notify(const std::string&, const std::string&) override {}
    void play_tone() override {}
    bool page_visible() override { return true; }
    void clipboard_write(const std::string&) override {}
    void open_url(const std::string&) override {}
    FileServices* file_services() override { return with_files ? this : nullptr; }
    void call_media(const std::string&) override {}
    void need_glyphs(std::string_view) override {}
    void map_frame(const MapOverlayFrame&) override {}
    void wake_after(double) override {}

    void pick_files(const std::string&) override {}
    void upload_start(const std::string&, const std::string&, const std::string&) override {}
    void upload_abort(const std::string&) override {}
    void upload_release(const std::string&) override {}
    void image_load(const std::string& id, bool, const std::string& url, const std::string& token, int max_px,
                    std::size_t) override {
        loads.push_back({id, url, token, max_px});
    }
    void texture_free(std::uint32_t texture) override { freed.push_back(texture); }
    void download(const std::string&, const std::string&, const std::string&) override {}
};

DesktopConfig branded_config() {
    return DesktopConfig{
        "ws://127.0.0.1:9/ws",
        read_desktop_settings_text(R"({"branding":{"productName":"Claims Desk","logoUrl":"brand/logo.png"}})")
            .settings};
}

}  // namespace

TEST_CASE("App: the logo goes the photos' path without a token, and its answers come back as the logo's") {
    Platform platform;
    App app(platform, branded_config());
    REQUIRE(platform.loads.size() == 1);
    CHECK(platform.loads[0].id == kLogoImageId);
    CHECK(platform.loads[0].url == "brand/logo.png");
    CHECK(platform.loads[0].token.empty());
    CHECK(platform.loads[0].max_px == 720);
    REQUIRE(!platform.titles.empty());
    CHECK(platform.titles.back() == "Claims Desk");
    app.on_image_loaded(kLogoImageId, false, 3, 480, 160, "", kStart);
    const json snap = json::parse(app.snapshot_json());
    CHECK(snap["branding"]["productName"] == "Claims Desk");
    CHECK(snap["branding"]["logo"] == "loaded");
    CHECK(snap["branding"]["logoTexture"] == 3);
    CHECK(snap["branding"]["logoWidth"] == 480);
    CHECK(snap["notices"].empty());  // not taken for a photo

    Platform failing;
    App failed(failing, branded_config());
    failed.on_image_failed(kLogoImageId, false, "HTTP 404", kStart);
    const json fsnap = json::parse(failed.snapshot_json());
    CHECK(fsnap["branding"]["logo"] == "failed");
    CHECK(fsnap["branding"]["logoError"] == "HTTP 404");
    REQUIRE(fsnap["notices"].size() == 1);
    CHECK(fsnap["notices"][0]["code"] == "logo_failed");

    Platform bare;
    bare.with_files = false;
    App no_files(bare, branded_config());
    CHECK(json::parse(no_files.snapshot_json())["branding"]["logo"] == "failed");
}

namespace {

// Where the logo's texture was drawn in the last frame: the bounding box of its vertices.
ImRect drawn_rect_of(std::uint32_t texture) {
    ImRect box(FLT_MAX, FLT_MAX, -FLT_MAX, -FLT_MAX);
    const ImDrawData* data = ImGui::GetDrawData();
    for (int l = 0; l < data->CmdListsCount; ++l) {
        const ImDrawList* list = data->CmdLists[l];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback ||
                cmd.GetTexID() != reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)))
                continue;
            for (unsigned i = 0; i < cmd.ElemCount; ++i) {
                const ImDrawVert& v = list->VtxBuffer[list->IdxBuffer[cmd.IdxOffset + i] + cmd.VtxOffset];
                box.Add(v.pos);
            }
        }
    }
    return box;
}

json widget_with(const json& widgets, const std::string& label_part) {
    for (const auto& w : widgets)
        if (w["label"].get<std::string>().find(label_part) != std::string::npos) return w;
    return nullptr;
}

json draw_login_frames(HeadlessImGui& imgui, const State& s) {
    UiState ui;
    Intents intents;
    for (int i = 0; i < 3; ++i) {
        imgui.frame([&] {
            automation::begin_widget_frame();
            draw_desktop(s, ui, intents);
        });
    }
    return json::parse(automation::widgets_json());
}

}  // namespace

TEST_CASE("login view: the product name, and a loaded logo as an image of the fitted size above it") {
    HeadlessImGui imgui(1440, 900);
    // Text at the views' design size (16 px; the headless font is 13 px), so scaled(px) == px.
    const float design_scale = 16.0f / ImGui::GetIO().Fonts->Fonts[0]->FontSize;
    ImGui::GetIO().FontGlobalScale = design_scale;
    automation::set_widget_recording(true);
    Harness h = started_with(with_logo());

    SUBCASE("while the logo loads (or without one) only the name") {
        const json widgets = draw_login_frames(imgui, h.s);
        const json name = widget_with(widgets, "###branding-name");
        REQUIRE(!name.is_null());
        CHECK(name["text"] == "Claims Desk");
        CHECK(widget_with(widgets, "###branding-logo").is_null());
        CHECK(!widget_with(widgets, "Log in").is_null());  // the form is there too
    }
    SUBCASE("a loaded logo: 720 x 240 pixels fitted into 240 x 80 design px, centred above the name") {
        h.apply(ev::LogoLoaded{77, 720, 240});
        const json widgets = draw_login_frames(imgui, h.s);
        const ImRect drawn = drawn_rect_of(77);
        CHECK(drawn.GetWidth() == doctest::Approx(240));
        CHECK(drawn.GetHeight() == doctest::Approx(80));
        const json logo = widget_with(widgets, "###branding-logo");
        REQUIRE(!logo.is_null());
        CHECK(logo["w"].get<double>() == doctest::Approx(240));
        CHECK(logo["h"].get<double>() == doctest::Approx(80));
        const json name = widget_with(widgets, "###branding-name");
        REQUIRE(!name.is_null());
        CHECK(logo["y"].get<double>() + logo["h"].get<double>() <= name["y"].get<double>());
        // Centred on the name's row: the same middle within a pixel.
        CHECK(logo["x"].get<double>() + 120 ==
              doctest::Approx(name["x"].get<double>() + name["w"].get<double>() / 2).epsilon(0.02));
        // Whole pixels: no resampling blur.
        CHECK(drawn.Min.x == std::floor(drawn.Min.x));
        CHECK(drawn.Min.y == std::floor(drawn.Min.y));
    }
    SUBCASE("at twice the font size (devicePixelRatio 2) the logo takes twice the pixels, the same shape") {
        h.apply(ev::LogoLoaded{77, 720, 240});
        ImGui::GetIO().FontGlobalScale = 2.0f * design_scale;
        draw_login_frames(imgui, h.s);
        const ImRect drawn = drawn_rect_of(77);
        CHECK(drawn.GetWidth() == doctest::Approx(480));
        CHECK(drawn.GetHeight() == doctest::Approx(160));
    }
    SUBCASE("a failed logo: the name, no image") {
        h.apply(ev::LogoFailed{"HTTP 404"});
        const json widgets = draw_login_frames(imgui, h.s);
        CHECK(widget_with(widgets, "###branding-logo").is_null());
        CHECK(widget_with(widgets, "###branding-name")["text"] == "Claims Desk");
        CHECK(drawn_rect_of(77).GetWidth() < 0);
    }
    automation::set_widget_recording(false);
}
