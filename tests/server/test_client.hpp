// A small synchronous WebSocket/HTTP client for the server's integration tests. Every read has a timeout; no
// Beast type leaks into this header, so the test files compile fast.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace testing {

using Json = nlohmann::json;
using namespace std::chrono_literals;

class WsClient {
public:
    // Connects to ws://127.0.0.1:PORT/ws; nullptr (and `error`) on failure.
    static std::unique_ptr<WsClient> connect(std::uint16_t port, std::string* error = nullptr,
                                             const std::string& origin = "");
    ~WsClient();

    bool send_text(const std::string& text);
    bool send(const Json& frame) { return send_text(frame.dump()); }
    bool send_binary(const std::string& bytes);

    // The next frame, or nullopt after `timeout` or when the socket closed.
    std::optional<Json> read(std::chrono::milliseconds timeout = 5000ms);
    // The next frame of `type` (others are dropped), or nullopt.
    std::optional<Json> read_type(const std::string& type, std::chrono::milliseconds timeout = 5000ms);
    // The next frame matching `match` (others are dropped), or nullopt.
    std::optional<Json> read_until(const std::function<bool(const Json&)>& match,
                                   std::chrono::milliseconds timeout = 5000ms);
    // Sends a ping with `payload`; true once the pong with the same payload arrived (frames read meanwhile are
    // kept for read()). Pings from the server are answered by Beast while any read runs.
    bool ping(const std::string& payload, std::chrono::milliseconds timeout = 5000ms);
    // Pings the server sent to this client so far (keep-alive).
    int pings_received() const;
    // Waits until the server closed the socket; its close code, or nullopt on timeout.
    std::optional<std::uint16_t> wait_closed(std::chrono::milliseconds timeout = 5000ms);
    bool is_closed() const;
    // Drops the TCP connection without a close handshake (a lost network).
    void drop();

    struct Impl;

private:
    explicit WsClient(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

struct HttpResponse {
    int status = 0;                              // 0 = no answer
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    Json json() const { return Json::parse(body, nullptr, false); }
};

// One request on a fresh connection, bounded by `timeout`.
HttpResponse http_request(std::uint16_t port, const std::string& method, const std::string& target,
                          const std::string& body = "", const std::map<std::string, std::string>& headers = {},
                          std::chrono::milliseconds timeout = 10000ms);

}  // namespace testing
