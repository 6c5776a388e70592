#include "platform_settings.hpp"

#include "desktop/core/config_reader.hpp"

namespace desk::web {
namespace {

using nlohmann::json;

// rtc.iceServers: a bad list is dropped whole (a half-applied TURN setup fails in confusing ways).
std::string check_ice_servers(const json& list, json& out) {
    if (!list.is_array() || list.size() > kMaxIceServers)
        return "must be an array of at most " + std::to_string(kMaxIceServers) + " servers";
    out = json::array();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& server = list[i];
        const std::string at = "[" + std::to_string(i) + "]";
        if (!server.is_object() || !server.contains("urls")) return at + ": needs urls";
        json urls = server["urls"].is_string() ? json::array({server["urls"]}) : server["urls"];
        if (!urls.is_array() || urls.empty() || urls.size() > kMaxIceUrlsPerServer)
            return at + ".urls: a URL or an array of 1.." + std::to_string(kMaxIceUrlsPerServer) + " URLs";
        bool turn = false;
        for (const json& url : urls) {
            if (!url.is_string() || url.get_ref<const std::string&>().size() > kMaxIceUrlChars)
                return at + ".urls: strings of at most 512 bytes";
            const std::string& u = url.get_ref<const std::string&>();
            const bool is_turn = u.rfind("turn:", 0) == 0 || u.rfind("turns:", 0) == 0;
            if (!is_turn && u.rfind("stun:", 0) != 0 && u.rfind("stuns:", 0) != 0)
                return at + ".urls: stun:, stuns:, turn: or turns: URLs only";
            turn = turn || is_turn;
        }
        json entry = {{"urls", urls}};
        for (const char* key : {"username", "credential"}) {
            if (!server.contains(key)) continue;
            if (!server[key].is_string() || server[key].get_ref<const std::string&>().size() > kMaxIceCredentialChars)
                return at + "." + key + ": a string of at most " + std::to_string(kMaxIceCredentialChars) + " bytes";
            entry[key] = server[key];
        }
        if (turn && (!entry.contains("username") || !entry.contains("credential")))
            return at + ": TURN servers need username and credential";
        out.push_back(std::move(entry));
    }
    return {};
}

}  // namespace

SettingsReadResult read_platform_settings(const nlohmann::json& config) {
    SettingsReadResult result;
    ConfigReader read(config);
    PlatformSettings& s = result.settings;
    read.text(nullptr, "serverUrl", s.server_url, 2048);
    read.number("ui", "fontSizePx", s.font_size_css_px, 8, 48);
    read.text("ui", "glyphFontFamily", s.glyph_font_family, 512);
    read.integer("ui", "maxBrowserGlyphs", s.max_browser_glyphs, 0, 60000);
    read.integer("rendering", "framesPerWake", s.frames_per_wake, 1, 60);
    read.number("rendering", "animationFrameIntervalMs", s.animation_frame_interval_ms, 0, 1000);
    read.number("rendering", "hoverSettleMs", s.hover_settle_ms, 0, 5000);
    read.number("rendering", "hiddenFrameIntervalMs", s.hidden_frame_interval_ms, 1, 60000);
    read.integer("rendering", "maxPendingTimers", s.max_pending_timers, 1, 100000);
    read.flag("features", "notifications", s.notifications_enabled);
    read.flag("features", "ringTone", s.ring_tone_enabled);
    read.flag(nullptr, "automation", s.automation);
    result.problems = std::move(read.problems);
    json rtc = json::parse(s.rtc_json);
    if (const json* servers = find_config_value(config, "rtc", "iceServers")) {
        json checked;
        const std::string why = check_ice_servers(*servers, checked);
        if (why.empty())
            rtc["iceServers"] = std::move(checked);
        else
            result.problems.push_back("rtc.iceServers" + (why[0] == '[' ? why : ": " + why) + " (default kept)");
    }
    if (const json* policy = find_config_value(config, "rtc", "iceTransportPolicy")) {
        if (policy->is_string() && (*policy == "all" || *policy == "relay"))
            rtc["iceTransportPolicy"] = *policy;
        else
            result.problems.push_back("rtc.iceTransportPolicy: must be \"all\" or \"relay\" (default kept)");
    }
    s.rtc_json = rtc.dump();
    return result;
}

}  // namespace desk::web
