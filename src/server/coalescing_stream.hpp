// A stream layer under Beast's websocket::stream that turns many small writes into few large ones.
//
// A WebSocket message carries one JSON frame, so a socket with ten queued events used to cost ten `sendmsg` calls.
// Beast writes every frame (data, ping, pong, close) through its next layer's async_write_some; this layer accepts
// the bytes into a buffer, completes the write at once (posted, never inline), and sends everything accepted meanwhile
// with one write to the real stream as soon as the previous one finished. Beast's own framing, control frames and
// their ordering stay Beast's: the bytes leave in exactly the order Beast wrote them.
//
// Back-pressure: at most `max_unsent_bytes` may wait here; past that, Beast's write completes only once the socket
// took enough (the owner's queue then grows and its own limit applies). `unsent_bytes()` lets the owner count them.
// Teardown (after the close handshake) first sends what is still buffered.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/websocket/teardown.hpp>

namespace server {

template <class NextLayer>
class CoalescingStream {
public:
    using next_layer_type = NextLayer;
    using executor_type = typename NextLayer::executor_type;

    CoalescingStream(NextLayer&& next, std::size_t max_unsent_bytes)
        : next_(std::move(next)), state_(std::make_shared<State>()) {
        state_->max_unsent_bytes = max_unsent_bytes == 0 ? 1 : max_unsent_bytes;
    }

    // The owner (the session holding this stream) must outlive every write to the socket; a flush keeps it alive
    // through this weak reference, taken while a Beast operation of the owner runs.
    void set_owner(std::weak_ptr<void> owner) { owner_ = std::move(owner); }

    executor_type get_executor() noexcept { return next_.get_executor(); }
    NextLayer& next_layer() noexcept { return next_; }
    const NextLayer& next_layer() const noexcept { return next_; }

    // Accepted from Beast, not yet taken by the socket.
    [[nodiscard]] std::size_t unsent_bytes() const noexcept {
        return state_->pending.size() + state_->in_flight.size();
    }

    template <class MutableBufferSequence, class ReadToken>
    auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
        return next_.async_read_some(buffers, std::forward<ReadToken>(token));
    }

    template <class ConstBufferSequence, class WriteToken>
    auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
        return boost::asio::async_initiate<WriteToken, void(boost::beast::error_code, std::size_t)>(
            [this](auto handler, const ConstBufferSequence& data) { accept(data, std::move(handler)); }, token,
            buffers);
    }

    // Runs `then` once everything accepted so far has been given to the socket (or the socket failed).
    void when_flushed(std::function<void()> then) {
        if (!state_->flushing && state_->pending.empty()) {
            boost::asio::post(get_executor(), std::move(then));
            return;
        }
        state_->after_flush.push_back(std::move(then));
    }

private:
    struct State {
        std::size_t max_unsent_bytes = 0;
        std::string pending;    // accepted while a write was in progress
        std::string in_flight;  // being written to the socket
        bool flushing = false;
        boost::beast::error_code error;                  // the socket failed: every later write fails too
        std::function<void()> blocked_write;             // completes Beast's write once there is room again
        std::vector<std::function<void()>> after_flush;  // teardown waiting for the last bytes
    };

    template <class ConstBufferSequence, class Handler>
    void accept(const ConstBufferSequence& data, Handler handler) {
        const std::size_t bytes = boost::asio::buffer_size(data);
        if (state_->error) {
            boost::asio::post(get_executor(),
                              boost::beast::bind_front_handler(std::move(handler), state_->error, std::size_t(0)));
            return;
        }
        const std::size_t at = state_->pending.size();
        state_->pending.resize(at + bytes);
        boost::asio::buffer_copy(boost::asio::buffer(state_->pending.data() + at, bytes), data);
        auto complete = boost::beast::bind_front_handler(std::move(handler), boost::beast::error_code{}, bytes);
        if (unsent_bytes() <= state_->max_unsent_bytes) {
            boost::asio::post(get_executor(), std::move(complete));
        } else {
            // Beast has at most one write outstanding, so one slot is enough. std::function needs a copyable
            // callable: the move-only handler lives in a shared_ptr.
            auto held = std::make_shared<decltype(complete)>(std::move(complete));
            state_->blocked_write = [held] { (*held)(); };
        }
        // Deferred by one turn of the executor: frames queued for this socket in the same turn (an ack and its
        // event, ten chats' events for one agent) leave in one write.
        if (!state_->flushing) {
            state_->flushing = true;
            boost::asio::post(get_executor(), [this, owner = owner_.lock()] {
                if (owner) flush();
            });
        }
    }

    // Precondition: state_->flushing is set and no socket write is in progress.
    void flush() {
        auto state = state_;
        if (state->pending.empty() || state->error) {
            state->flushing = false;
            release_blocked();
            run_after_flush();
            return;
        }
        state->in_flight.swap(state->pending);
        state->pending.clear();
        boost::asio::async_write(next_, boost::asio::buffer(state->in_flight),
                                 [this, state, owner = owner_.lock()](boost::beast::error_code ec, std::size_t) {
                                     state->in_flight.clear();
                                     if (ec) state->error = ec;
                                     // A closed owner means the stream itself is gone: touch only `state`.
                                     if (!owner) return;
                                     release_blocked();
                                     flush();
                                 });
    }

    void release_blocked() {
        if (state_->blocked_write && (unsent_bytes() <= state_->max_unsent_bytes || state_->error)) {
            auto resume = std::move(state_->blocked_write);
            state_->blocked_write = nullptr;
            boost::asio::post(get_executor(), std::move(resume));
        }
    }

    void run_after_flush() {
        auto waiting = std::move(state_->after_flush);
        state_->after_flush.clear();
        for (auto& then : waiting) boost::asio::post(get_executor(), std::move(then));
    }

    NextLayer next_;
    std::shared_ptr<State> state_;
    std::weak_ptr<void> owner_;
};

// Beast's close handshake ends with a teardown of the next layer: send what is buffered, then tear down the real
// stream the way Beast does for it.
template <class NextLayer, class TeardownHandler>
void async_teardown(boost::beast::role_type role, CoalescingStream<NextLayer>& stream, TeardownHandler&& handler) {
    auto held = std::make_shared<std::decay_t<TeardownHandler>>(std::forward<TeardownHandler>(handler));
    stream.when_flushed([role, &stream, held] {
        using boost::beast::websocket::async_teardown;
        async_teardown(role, stream.next_layer(), std::move(*held));
    });
}

template <class NextLayer>
void teardown(boost::beast::role_type role, CoalescingStream<NextLayer>& stream, boost::beast::error_code& ec) {
    using boost::beast::websocket::teardown;
    teardown(role, stream.next_layer(), ec);
}

}  // namespace server
