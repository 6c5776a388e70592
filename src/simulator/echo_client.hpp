// An echo-baseline connection: opens a WebSocket to agentdesk-echo and, if it is a sender, sends timestamped texts
// during the measuring window with at most `in_flight` unechoed, paced like a load customer; idle connections
// (the load's agents, which only receive) just stay open. Each echo's latency comes from the send time in its text.
#pragma once

#include "echo_report.hpp"
#include "event_loop.hpp"
#include "ws_url.hpp"

#include <atomic>
#include <cstdint>
#include <memory>

namespace sim {

struct EchoClientSettings {
    WsUrl url;
    int index = 0;
    bool sends = true;       // false: an idle connection
    int in_flight = 1;       // unechoed texts at most
    double interval_ms = 0;  // at least this between two sends (0 = none)
    int message_bytes = 100;
};

class EchoClient : public std::enable_shared_from_this<EchoClient> {
public:
    static std::shared_ptr<EchoClient> start(EventLoop& loop, EchoClientSettings settings);
    EchoClient(EventLoop& loop, EchoClientSettings settings);

    std::atomic<bool> connected{false};  // the WebSocket handshake is done
    std::atomic<bool> failed{false};     // could not connect, or disconnected before stop()

    // Senders send from `begin_ns` (monotonic) until `end_ns`; idle connections ignore it. Thread-safe.
    void send_between(std::int64_t begin_ns, std::int64_t end_ns);
    // Closes the socket. Thread-safe.
    void stop();
    // Read only after the event loop stopped.
    [[nodiscard]] const EchoConnectionRecord& record() const { return record_; }

private:
    void on_echo(std::string_view text);
    void pump();

    Strand strand_;
    EchoClientSettings settings_;
    std::shared_ptr<class WsConnection> socket_;
    EchoConnectionRecord record_;
    LoadWindow window_;
    bool window_set_ = false;
    double interval_ns_ = 0;
    std::int64_t next_send_ns_ = 0;
    bool timer_pending_ = false;
    int in_flight_ = 0;
    std::int64_t seq_ = 0;
};

}  // namespace sim
