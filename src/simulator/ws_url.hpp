// ws:// URLs: the simulator speaks plain WebSocket on loopback or a test network (no TLS).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sim {

struct WsUrl {
    std::string host;  // name or IP literal (IPv6 without brackets)
    std::uint16_t port = 80;
    std::string path = "/";  // path and query sent in the upgrade request

    // The Host header value: host[:port].
    [[nodiscard]] std::string host_header() const;
};

// Parses ws://host[:port][/path]. nullopt for anything else (wss://, missing host, bad port), with `why` set.
[[nodiscard]] std::optional<WsUrl> parse_ws_url(std::string_view text, std::string* why = nullptr);

}  // namespace sim
