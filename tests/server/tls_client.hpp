// TLS clients for the integration tests of --tls-cert/--tls-key: one HTTPS request and one WSS exchange, both
// verifying the server's certificate against a given CA file (the test's self-signed certificate). Bounded in time.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "test_client.hpp"

namespace testing {

// One HTTPS request to 127.0.0.1:PORT. status 0 = no answer (handshake or verification failed); `error` says why.
HttpResponse https_request(std::uint16_t port, const std::string& ca_file, const std::string& method,
                           const std::string& target, const std::map<std::string, std::string>& headers = {},
                           std::string* error = nullptr, std::chrono::milliseconds timeout = 10000ms);

// wss://127.0.0.1:PORT/ws with `origin` (none when empty): sends `frame` and returns the first frame received.
// nullopt when the TLS or WebSocket handshake failed or nothing came within the timeout (`error` says which).
std::optional<Json> wss_exchange(std::uint16_t port, const std::string& ca_file, const std::string& origin,
                                 const Json& frame, std::string* error = nullptr,
                                 std::chrono::milliseconds timeout = 15000ms);

}  // namespace testing
