// The simulator's event loop and strands, behind a header with no Boost include.
//
// One io_context serves every connection of a run; `threads` io threads run it. Each bot (customer or agent) owns a
// Strand: its socket callbacks, timers and HTTP replies all run on that strand, so a bot's state needs no lock even
// when several io threads run. Boost stays inside beast_transport.cpp (one expensive translation unit).
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace sim {

class EventLoop;

// Serialises the handlers of one bot. Cheap to copy (shares the underlying strand).
class Strand {
public:
    explicit Strand(EventLoop& loop);

    // Runs `task` on this strand, soon.
    void post(std::function<void()> task) const;
    // Runs `task` on this strand once `delay` has passed (unless the loop stopped first).
    void after(std::chrono::milliseconds delay, std::function<void()> task) const;

    struct Impl;
    [[nodiscard]] const std::shared_ptr<Impl>& impl() const { return impl_; }

private:
    std::shared_ptr<Impl> impl_;
};

class EventLoop {
public:
    explicit EventLoop(int threads);
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Starts the io threads; returns at once. Calling it twice does nothing.
    void start();
    // Stops the loop: pending handlers are dropped, io threads are joined. Safe to call from any non-io thread.
    void stop();
    // Runs `task` once `delay` has passed, on no particular strand (for orchestration code that locks itself).
    void after(std::chrono::milliseconds delay, std::function<void()> task);

    struct Impl;
    [[nodiscard]] Impl& impl() { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace sim
