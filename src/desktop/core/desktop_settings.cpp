#include "desktop/core/desktop_settings.hpp"

#include "desktop/core/config_reader.hpp"

namespace desk {

namespace {

// Bounds of the "desktop" values (also in docs/desktop-platform.md).
inline constexpr double kMaxDelayMs = 3600000;  // one hour: beyond it a timer setting is a typo
inline constexpr std::size_t kMaxOutboxCap = 100000;

void read_desktop_section(ConfigReader& read, Settings& session, FileSettings& files) {
    if (!read.section("desktop")) return;
    read.text("desktop", "title", session.app_title, 200);
    read.number("desktop", "reconnectInitialMs", session.reconnect_initial_ms, 1, kMaxDelayMs);
    read.number("desktop", "reconnectMaxMs", session.reconnect_max_ms, 1, kMaxDelayMs);
    read.number("desktop", "reconnectJitter", session.reconnect_jitter, 0, 1);
    read.number("desktop", "typingSendIntervalMs", session.typing_send_interval_ms, 0, kMaxDelayMs);
    read.number("desktop", "unansweredWarningMs", session.unanswered_warning_ms, 0, kMaxDelayMs);
    read.number("desktop", "offerExpiryGraceMs", session.offer_expiry_grace_ms, 0, kMaxDelayMs);
    read.count("desktop", "outboxCap", session.outbox_cap, 1, kMaxOutboxCap);
    if (session.reconnect_max_ms < session.reconnect_initial_ms) {
        read.problem("desktop", "reconnectMaxMs",
                     "must not be below reconnectInitialMs (" +
                         std::to_string(static_cast<long long>(session.reconnect_initial_ms)) + " used)");
        session.reconnect_max_ms = session.reconnect_initial_ms;
    }
    read.count("desktop", "maxLiveTextures", files.max_live_textures, 8, 4096);
    read.count("desktop", "maxImageLoads", files.max_image_loads, 1, 16);
    read.count("desktop", "maxUploads", files.max_uploads, 1, 16);
    read.integer("desktop", "thumbnailMaxPx", files.thumbnail_max_px, 32, 1024);
    read.integer("desktop", "viewerMaxPx", files.viewer_max_px, 256, 8192);
}

}  // namespace

DesktopSettingsRead read_desktop_settings(const nlohmann::json& config) {
    DesktopSettingsRead out;
    DesktopSettings& s = out.settings;
    BrandingSettingsRead branding = read_branding_settings(config);
    s.branding = branding.settings;
    s.session.app_title = s.branding.product_name;  // desktop.title, when given, wins (a tab title of its own)

    ConfigReader read(config);
    read_desktop_section(read, s.session, s.files);
    out.problems = std::move(read.problems);

    MapSettingsReadResult map = read_map_settings(config);
    s.map = map.settings;
    s.session.map_track_limit = s.map.track_limit;
    out.problems.insert(out.problems.end(), map.problems.begin(), map.problems.end());

    CallSettingsRead calls = read_call_settings(config);
    s.calls = calls.settings;
    out.problems.insert(out.problems.end(), calls.problems.begin(), calls.problems.end());
    out.problems.insert(out.problems.end(), branding.problems.begin(), branding.problems.end());
    return out;
}

DesktopSettingsRead read_desktop_settings_text(std::string_view config_text) {
    std::vector<std::string> problems;
    const nlohmann::json config = parse_config_json(config_text, problems);
    DesktopSettingsRead out = read_desktop_settings(config);
    out.problems.insert(out.problems.begin(), problems.begin(), problems.end());
    return out;
}

}  // namespace desk
