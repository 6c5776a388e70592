// Settings of the browser platform layer, read from config.json next to index.html (admins edit it without a
// rebuild). Every value is checked; a bad one keeps its default and is reported, so a typo never breaks the page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace desk::web {

struct PlatformSettings {
    // WebSocket URL of the chat server as written in config.json ("" = this page's origin + "/ws").
    std::string server_url;

    // ui.fontSizePx: UI font size in CSS pixels (multiplied by devicePixelRatio for the atlas).
    float font_size_css_px = 16.0f;
    // ui.glyphFontFamily: CSS font list the browser rasterises non-Latin glyphs with (the agent's system fonts).
    std::string glyph_font_family = "system-ui, 'Noto Sans', 'Noto Sans CJK JP', 'Noto Color Emoji', sans-serif";
    // ui.maxBrowserGlyphs: cap on glyphs rasterised by the browser; past it new characters draw as U+FFFD.
    int max_browser_glyphs = 6000;

    // rendering.framesPerWake: frames drawn after each wake (ImGui needs a few to settle hover and layout).
    int frames_per_wake = 3;
    // rendering.animationFrameIntervalMs: frame interval while App::animating() (countdowns, fades).
    double animation_frame_interval_ms = 50.0;
    // rendering.hoverSettleMs: one more frame this long after the last input, so tooltips appear.
    double hover_settle_ms = 600.0;

    // rendering.hiddenFrameIntervalMs: frame pacing while the tab is hidden (timeouts instead of animation
    // frames, which hidden tabs do not get; browsers clamp it to ≥ 1 s anyway).
    double hidden_frame_interval_ms = 250.0;
    // rendering.maxPendingTimers: cap on remembered wake_after requests (the earliest always stays).
    int max_pending_timers = 256;

    // rtc.iceServers / rtc.iceTransportPolicy: STUN/TURN for WebRTC calls, handed to rtc-bridge.js as this JSON
    // ({"iceServers":[{"urls":[…],"username":…,"credential":…}],"iceTransportPolicy":"all"|"relay"}). Checked by
    // read_platform_settings: at most kMaxIceServers entries, stun:/stuns:/turn:/turns: URLs, TURN with credentials.
    std::string rtc_json = R"({"iceServers":[],"iceTransportPolicy":"all"})";

    // features.*: switches of browser services.
    bool notifications_enabled = true;
    bool ring_tone_enabled = true;

    // automation: records where each labelled widget was drawn, for window.agentdesk.widgets() (end-to-end
    // tests, accessibility tooling). Also switched on by the page URL's ?automation=1. Off: no cost.
    bool automation = false;
};

inline constexpr std::size_t kMaxIceServers = 8;
inline constexpr std::size_t kMaxIceUrlsPerServer = 4;
inline constexpr std::size_t kMaxIceUrlChars = 512;
inline constexpr std::size_t kMaxIceCredentialChars = 256;

struct SettingsReadResult {
    PlatformSettings settings;
    std::vector<std::string> problems;  // "rendering.framesPerWake: must be an integer in 1..60", …
};

// Reads the platform's keys of the parsed config.json (parse_config_json, desktop/core/config_reader.hpp); the
// desktop's own keys are read from the same value by read_desktop_settings. Same policy: missing keys keep
// defaults, bad values keep them and are reported, unknown keys are ignored.
[[nodiscard]] SettingsReadResult read_platform_settings(const nlohmann::json& config);

}  // namespace desk::web
