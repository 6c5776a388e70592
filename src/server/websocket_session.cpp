// One WebSocket client. Everything of a session runs on its own strand: reads, the write queue, closing.
// Frames are parsed and rate-limited here (in parallel across io threads) so the hub strand only routes typed
// messages. Outgoing frames are shared_ptr<const std::string>, serialised once by the hub for all recipients;
// Beast writes them one at a time into a CoalescingStream, which sends all frames queued in one turn with one
// write to the socket.
#include "websocket_session.hpp"

#include <chrono>
#include <deque>
#include <limits>
#include <type_traits>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "coalescing_stream.hpp"
#include "core/rate_limit.hpp"
#include "log.hpp"
#include "protocol/codec.hpp"

namespace server {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

std::int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Largest read per step while a message arrives: lets an oversized frame be refused after at most this much
// past the limit, instead of buffering all of it.
constexpr std::size_t kReadChunk = 16 * 1024;

// Stream: beast::tcp_stream (ws) or beast::ssl_stream<beast::tcp_stream> (wss, TLS already handshaken).
template <class Stream>
class WebSocketSession final : public ClientConnection, public std::enable_shared_from_this<WebSocketSession<Stream>> {
public:
    WebSocketSession(Stream&& stream, std::shared_ptr<ServerContext> context, std::shared_ptr<void> connection_count)
        : ws_(std::move(stream), std::size_t(context->config.max_queued_bytes_per_socket)),
          context_(std::move(context)),
          connection_count_(std::move(connection_count)),
          bucket_(
              {context_->config.limits.max_messages_per_second, 2 * context_->config.limits.max_messages_per_second},
              steady_ms()) {}

    void run(http::request<http::string_body> upgrade) {
        ws_.next_layer().set_owner(this->weak_from_this());
        auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
        timeouts.idle_timeout = std::chrono::milliseconds(context_->config.ws_idle_timeout_ms);
        timeouts.keep_alive_pings = true;
        ws_.set_option(timeouts);
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& res) { res.set(http::field::server, "agentdesk"); }));
        // The size limit is enforced by read_chunked() so the client gets `bad_frame` before the 1009 close.
        ws_.read_message_max(std::numeric_limits<std::uint64_t>::max());
        ws_.auto_fragment(false);
        ws_.async_accept(upgrade, beast::bind_front_handler(&WebSocketSession::on_accept, this->shared_from_this()));
    }

    // ---- ClientConnection (any thread) ----
    // post, not dispatch: dispatch from the hub strand would run the enqueue inline and start a socket write per
    // frame; posted, the frames the hub sends in one turn (an ack and its event, several chats' events for one
    // agent) are all queued before the first write, and the coalescing layer sends them together.
    void send(Frame frame) override {
        net::post(ws_.get_executor(), [self = this->shared_from_this(), frame = std::move(frame)]() mutable {
            self->enqueue(std::move(frame));
        });
    }
    void close(std::uint16_t code, std::string reason) override {
        net::dispatch(ws_.get_executor(),
                      [self = this->shared_from_this(), code, reason = std::move(reason)]() mutable {
                          self->begin_close(code, std::move(reason));
                      });
    }

private:
    void on_accept(beast::error_code ec) {
        if (ec) return fail(ec, "accept");
        id_ = context_->hub.connect(this->shared_from_this());
        do_read();
    }

    void do_read() {
        if (closing_) return;
        const auto limit = std::size_t(context_->config.limits.max_frame_bytes);
        const std::size_t room = limit + 1 > buffer_.size() ? limit + 1 - buffer_.size() : 1;
        ws_.async_read_some(buffer_.prepare(std::min(room, kReadChunk)),
                            beast::bind_front_handler(&WebSocketSession::on_read, this->shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t bytes) {
        if (ec) return fail(ec, "read");
        buffer_.commit(bytes);
        const auto limit = std::size_t(context_->config.limits.max_frame_bytes);
        if (buffer_.size() > limit) {
            reply_error(proto::Error{proto::ErrorCode::bad_frame,
                                     "frame over " + std::to_string(limit) + " bytes",
                                     "",
                                     std::int64_t(limit),
                                     {}},
                        "");
            return begin_close(kCloseTooBig, "frame too big");
        }
        if (!ws_.is_message_done()) return do_read();
        if (ws_.got_binary()) {
            reply_error(proto::Error::make(proto::ErrorCode::bad_frame, "binary frames are not accepted"), "");
        } else {
            handle_text(std::string_view(static_cast<const char*>(buffer_.data().data()), buffer_.size()));
        }
        buffer_.consume(buffer_.size());
        do_read();
    }

    void handle_text(std::string_view text) {
        if (auto retry = bucket_.try_take(steady_ms())) {
            std::string rid;
            (void)proto::parse_client_message(text, context_->config.limits, &rid);
            proto::Error error = proto::Error::make(
                proto::ErrorCode::rate_limited,
                "over " + std::to_string(context_->config.limits.max_messages_per_second) + " messages per second");
            error.retry_after_ms = *retry;
            error.limit = context_->config.limits.max_messages_per_second;
            return reply_error(error, rid);
        }
        std::string rid;
        auto parsed = proto::parse_client_message(text, context_->config.limits, &rid);
        if (!parsed) return reply_error(parsed.error(), rid);
        context_->hub.message(id_, std::move(parsed).value());
    }

    void reply_error(const proto::Error& error, std::string_view rid) {
        enqueue(make_frame(proto::encode_error(error, rid)));
    }

    void enqueue(Frame frame) {
        if (closing_ || gone_) return;
        queued_bytes_ += frame->size();
        // Bytes Beast already handed to the coalescing layer but the socket has not taken count too.
        const std::size_t waiting = queued_bytes_ + ws_.next_layer().unsent_bytes();
        if (std::int64_t(waiting) > context_->config.max_queued_bytes_per_socket) {
            log_event("slow_consumer", {{"connection", id_}, {"queuedBytes", waiting}});
            queue_.clear();
            queued_bytes_ = 0;
            return begin_close(kClosePolicy, "not reading");
        }
        queue_.push_back(std::move(frame));
        if (!writing_) do_write();
    }

    void do_write() {
        writing_ = true;
        ws_.text(true);
        ws_.async_write(net::buffer(*queue_.front()),
                        beast::bind_front_handler(&WebSocketSession::on_write, this->shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        writing_ = false;
        if (ec) return fail(ec, "write");
        if (!queue_.empty()) {
            queued_bytes_ -= queue_.front()->size();
            queue_.pop_front();
        }
        if (!queue_.empty()) return do_write();
        if (close_code_) do_close();
    }

    void begin_close(std::uint16_t code, std::string reason) {
        if (close_code_ || gone_) return;
        close_code_ = code;
        close_reason_ = std::move(reason);
        if (!writing_) do_close();
    }

    void do_close() {
        if (closing_) return;
        closing_ = true;
        ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(*close_code_), close_reason_),
                        [self = this->shared_from_this()](beast::error_code) { self->gone(); });
    }

    void fail(beast::error_code ec, const char* what) {
        if (ec != websocket::error::closed && ec != net::error::operation_aborted && ec != net::error::eof &&
            ec != beast::error::timeout && ec != net::error::connection_reset) {
            log_event("ws_error", {{"connection", id_}, {"op", what}, {"error", ec.message()}});
        }
        gone();
    }

    // The socket is done for; tell the hub once.
    void gone() {
        if (gone_) return;
        gone_ = true;
        queue_.clear();
        if (id_ != 0) context_->hub.disconnect(id_);
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    }

    websocket::stream<CoalescingStream<Stream>> ws_;
    std::shared_ptr<ServerContext> context_;
    std::shared_ptr<void> connection_count_;
    beast::flat_buffer buffer_;
    core::TokenBucket bucket_;
    ConnectionId id_ = 0;
    std::deque<Frame> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool closing_ = false;
    bool gone_ = false;
    std::optional<std::uint16_t> close_code_;
    std::string close_reason_;
};

}  // namespace

void start_websocket_session(net::ip::tcp::socket socket, http::request<http::string_body> upgrade,
                             std::shared_ptr<ServerContext> context, std::shared_ptr<void> connection_count) {
    auto session = std::make_shared<WebSocketSession<beast::tcp_stream>>(
        beast::tcp_stream(std::move(socket)), std::move(context), std::move(connection_count));
    session->run(std::move(upgrade));
}

void start_websocket_session(beast::ssl_stream<beast::tcp_stream> stream, http::request<http::string_body> upgrade,
                             std::shared_ptr<ServerContext> context, std::shared_ptr<void> connection_count) {
    auto session = std::make_shared<WebSocketSession<beast::ssl_stream<beast::tcp_stream>>>(
        std::move(stream), std::move(context), std::move(connection_count));
    session->run(std::move(upgrade));
}

}  // namespace server
