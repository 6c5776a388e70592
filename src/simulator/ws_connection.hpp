// A WebSocket client connection (text frames only), behind a header with no Boost include.
#pragma once

#include "event_loop.hpp"
#include "ws_url.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace sim {

// What the owner of a connection hears. Every handler runs on the strand given to WsConnection::open.
struct WsHandlers {
    std::function<void()> on_open;                   // handshake done: send() now goes out
    std::function<void(std::string_view)> on_text;   // one received text frame
    std::function<void(std::string_view)> on_close;  // the connection is gone (why, readable); called once
};

struct WsSettings {
    std::size_t max_incoming_frame_bytes = 1 << 20;       // a bigger frame from the server closes the connection
    std::chrono::milliseconds handshake_timeout{10'000};  // TCP connect + WebSocket upgrade
};

class WsConnection {
public:
    virtual ~WsConnection() = default;

    // Connects to `url` and starts reading. Handlers run on `strand`.
    static std::shared_ptr<WsConnection> open(EventLoop& loop, const Strand& strand, const WsUrl& url,
                                              WsHandlers handlers, WsSettings settings = {});

    // Queues one text frame (frames leave in order, one write in flight). Frames sent before on_open wait for
    // the handshake; frames sent after close are dropped. Call from the connection's strand.
    virtual void send(std::string text) = 0;
    // Starts a polite close (WebSocket close frame, code 1000). on_close follows.
    virtual void close() = 0;
    // Frames queued but not yet written (a send backlog the owner may want to bound).
    [[nodiscard]] virtual std::size_t queued_frames() const = 0;
};

}  // namespace sim
