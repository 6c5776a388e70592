// A load-benchmark customer: starts a chat, waits for an agent, then sends timestamped texts during the
// measuring window, keeping at most `in_flight` unacknowledged and never more often than its pacing allows.
#pragma once

#include "event_loop.hpp"
#include "ws_url.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sim {

struct LoadCustomerSettings {
    WsUrl url;
    int index = 0;
    int in_flight = 1;       // unacknowledged messages at most
    double interval_ms = 0;  // at least this between two sends (0 = none); the server's per-socket rate
                             // limit from customer.welcome is added on top
    int message_bytes = 100;
};

// Read only after the event loop stopped.
struct LoadCustomerRecord {
    std::int64_t sent = 0;  // chat.send frames written during the window
    std::int64_t acked = 0;
    std::vector<std::int64_t> ack_latency_us;  // send → ack round trips
    std::map<std::string, int> errors;         // error frames by code
    std::string closed_because;                // "" while connected
};

class LoadCustomer : public std::enable_shared_from_this<LoadCustomer> {
public:
    static std::shared_ptr<LoadCustomer> start(EventLoop& loop, LoadCustomerSettings settings);
    LoadCustomer(EventLoop& loop, LoadCustomerSettings settings);

    std::atomic<bool> welcomed{false};  // customer.welcome arrived
    std::atomic<bool> joined{false};    // an agent joined the chat
    std::atomic<bool> failed{false};    // refused or disconnected

    // Sends from `begin_ns` (monotonic) until `end_ns`. Thread-safe.
    void send_between(std::int64_t begin_ns, std::int64_t end_ns);
    // Closes the socket (the chat stays open on the server). Thread-safe.
    void stop();
    [[nodiscard]] const LoadCustomerRecord& record() const { return record_; }

private:
    void on_frame(std::string_view text);
    void pump();

    EventLoop& loop_;
    Strand strand_;
    LoadCustomerSettings settings_;
    std::shared_ptr<class WsConnection> socket_;
    LoadCustomerRecord record_;
    std::string chat_id_;
    double min_interval_ns_ = 0;
    std::int64_t begin_ns_ = 0;
    std::int64_t end_ns_ = 0;
    std::int64_t next_send_ns_ = 0;
    bool window_set_ = false;
    bool timer_pending_ = false;
    int in_flight_ = 0;
    std::int64_t seq_ = 0;
    std::map<std::string, std::int64_t> pending_;  // rid → send time, for the ack latency
};

}  // namespace sim
