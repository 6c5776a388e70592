#include "ws_url.hpp"

#include <charconv>

namespace sim {

std::string WsUrl::host_header() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    std::string h = ipv6 ? "[" + host + "]" : host;
    return port == 80 ? h : h + ":" + std::to_string(port);
}

std::optional<WsUrl> parse_ws_url(std::string_view text, std::string* why) {
    auto fail = [why](const char* reason) -> std::optional<WsUrl> {
        if (why) *why = reason;
        return std::nullopt;
    };
    constexpr std::string_view scheme = "ws://";
    if (text.substr(0, scheme.size()) != scheme) {
        return fail(text.substr(0, 6) == "wss://" ? "wss:// is not supported (no TLS in the simulator); use ws://"
                                                  : "the URL must start with ws://");
    }
    text.remove_prefix(scheme.size());
    WsUrl url;
    const auto path_start = text.find('/');
    std::string_view authority = text.substr(0, path_start);
    url.path = path_start == std::string_view::npos ? "/" : std::string(text.substr(path_start));

    std::string_view port_text;
    bool has_port = false;
    if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return fail("unclosed [ in the host");
        url.host = std::string(authority.substr(1, close - 1));
        auto rest = authority.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return fail("unexpected text after ]");
            port_text = rest.substr(1);
            has_port = true;
        }
    } else {
        const auto colon = authority.find(':');
        url.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
            has_port = true;
        }
    }
    if (url.host.empty()) return fail("the URL has no host");
    if (has_port) {
        unsigned value = 0;
        auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
        if (ec != std::errc{} || end != port_text.data() + port_text.size() || value == 0 || value > 65535) {
            return fail("the port must be a number from 1 to 65535");
        }
        url.port = static_cast<std::uint16_t>(value);
    }
    return url;
}

}  // namespace sim
