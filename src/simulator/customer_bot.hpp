// A scripted customer on a real socket: runs the Script through update() (scenario.hpp) and executes the actions
// (frames built from proto types, the photo upload over HTTP, timers on its strand).
#pragma once

#include "console.hpp"
#include "event_loop.hpp"
#include "scenario.hpp"
#include "ws_url.hpp"

#include <atomic>
#include <memory>

namespace sim {

// Counts of a scripted run, shared by its customers (atomics: customers run on several strands).
struct ScriptedTally {
    std::atomic<int> chats_started{0};   // customer.welcome received
    std::atomic<int> chats_assigned{0};  // an agent joined
    std::atomic<int> texts_sent{0};
    std::atomic<int> locations_sent{0};
    std::atomic<int> pictures_uploaded{0};
    std::atomic<int> calls_answered{0};
    std::atomic<int> acks{0};
    std::atomic<int> errors{0};    // error frames, failed uploads, failed connections
    std::atomic<int> finished{0};  // customers whose socket is closed
};

class CustomerBot : public std::enable_shared_from_this<CustomerBot> {
public:
    // Connects and starts the customer `index` (0-based) with `script`.
    static std::shared_ptr<CustomerBot> start(EventLoop& loop, const WsUrl& url, int index, Script script,
                                              Console& console, ScriptedTally& tally);

    // The run's time is over: say goodbye, end the chat, leave. Thread-safe.
    void time_up();

    CustomerBot(EventLoop& loop, const WsUrl& url, int index, Script script, Console& console, ScriptedTally& tally);

private:
    void connect();
    void on_frame(std::string_view text);
    void on_closed(std::string_view why);
    void apply(const CustomerInput& input);
    void run(const CustomerAction& action);
    void send_event(proto::EventBody body);
    void upload(const UploadPicture& picture);
    void say(std::string_view line);
    std::string next_rid();

    EventLoop& loop_;
    Strand strand_;
    WsUrl url_;
    int index_;
    Script script_;
    CustomerState state_;
    Console& console_;
    ScriptedTally& tally_;
    std::shared_ptr<class WsConnection> socket_;
    std::string token_;
    bool closed_ = false;
    std::uint64_t counter_ = 0;
};

}  // namespace sim
