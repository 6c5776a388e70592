// The only translation unit of the simulator that includes Boost.Asio/Beast (each such TU costs ~21 s and
// ~800 MiB to compile): the event loop, strands, the WebSocket client and the HTTP POST client. Everything else
// sees event_loop.hpp, ws_connection.hpp and http_post.hpp only.
#include "event_loop.hpp"
#include "http_post.hpp"
#include "ws_connection.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>
#include <optional>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace sim {

// ---------------------------------------------------------------------------------------------- event loop

struct EventLoop::Impl {
    asio::io_context io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
    std::vector<std::thread> threads;
    int thread_count = 1;
    bool started = false;
};

struct Strand::Impl {
    explicit Impl(asio::io_context& io) : strand(asio::make_strand(io)) {}
    asio::strand<asio::io_context::executor_type> strand;
};

EventLoop::EventLoop(int threads) : impl_(std::make_unique<Impl>()) {
    impl_->thread_count = threads < 1 ? 1 : threads;
    impl_->keep_running.emplace(impl_->io.get_executor());
}

EventLoop::~EventLoop() { stop(); }

void EventLoop::start() {
    if (impl_->started) return;
    impl_->started = true;
    for (int i = 0; i < impl_->thread_count; ++i) impl_->threads.emplace_back([this] { impl_->io.run(); });
}

void EventLoop::stop() {
    impl_->keep_running.reset();
    impl_->io.stop();
    for (auto& thread : impl_->threads) {
        if (thread.joinable() && thread.get_id() != std::this_thread::get_id()) thread.join();
    }
    impl_->threads.clear();
}

void EventLoop::after(std::chrono::milliseconds delay, std::function<void()> task) {
    auto timer = std::make_shared<asio::steady_timer>(impl_->io, delay);
    timer->async_wait([timer, task = std::move(task)](const beast::error_code& ec) {
        if (!ec) task();
    });
}

Strand::Strand(EventLoop& loop) : impl_(std::make_shared<Impl>(loop.impl().io)) {}

void Strand::post(std::function<void()> task) const { asio::post(impl_->strand, std::move(task)); }

void Strand::after(std::chrono::milliseconds delay, std::function<void()> task) const {
    auto timer = std::make_shared<asio::steady_timer>(impl_->strand, delay);
    timer->async_wait([timer, task = std::move(task)](const beast::error_code& ec) {
        if (!ec) task();
    });
}

namespace {

// An IP literal needs no resolver (whose async form runs a thread of its own); names go through it.
std::optional<tcp::endpoint> literal_endpoint(const std::string& host, std::uint16_t port) {
    beast::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) return std::nullopt;
    return tcp::endpoint(address, port);
}

std::string describe(const beast::error_code& ec, const char* step) { return std::string(step) + ": " + ec.message(); }

// --------------------------------------------------------------------------------------- WebSocket client

class BeastWsConnection final : public WsConnection, public std::enable_shared_from_this<BeastWsConnection> {
public:
    BeastWsConnection(const Strand& strand, WsUrl url, WsHandlers handlers, WsSettings settings)
        : strand_(strand.impl()),
          resolver_(strand_->strand),
          ws_(strand_->strand),
          url_(std::move(url)),
          handlers_(std::move(handlers)),
          settings_(settings) {}

    void start() {
        asio::post(strand_->strand, [self = shared_from_this()] { self->do_resolve(); });
    }

    void send(std::string text) override {
        if (finished_ || closing_) return;
        outbox_.push_back(std::move(text));
        if (open_ && !writing_) do_write();
    }

    void close() override {
        if (finished_ || closing_) return;
        closing_ = true;
        if (!open_) {  // still connecting: abandon the attempt, the pending step fails with operation_aborted
            resolver_.cancel();
            beast::get_lowest_layer(ws_).cancel();
            return;
        }
        if (!writing_) do_close();  // otherwise the close follows the last queued write
    }

    [[nodiscard]] std::size_t queued_frames() const override { return outbox_.size(); }

private:
    void do_resolve() {
        if (closing_) return finish("closed before connecting");
        if (auto endpoint = literal_endpoint(url_.host, url_.port)) {
            std::vector<tcp::endpoint> endpoints{*endpoint};
            return do_connect(endpoints);
        }
        resolver_.async_resolve(url_.host, std::to_string(url_.port),
                                [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
                                    if (ec) return self->finish(describe(ec, "resolve"));
                                    self->do_connect(results);
                                });
    }

    template <typename Endpoints>
    void do_connect(const Endpoints& endpoints) {
        beast::get_lowest_layer(ws_).expires_after(settings_.handshake_timeout);
        beast::get_lowest_layer(ws_).async_connect(
            endpoints,
            [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) { self->on_connect(ec); });
    }

    void on_connect(beast::error_code ec) {
        if (ec) return finish(describe(ec, "connect"));
        if (closing_) return finish("closed before the handshake");
        auto& tcp_layer = beast::get_lowest_layer(ws_);
        tcp_layer.expires_never();                               // from here the WebSocket's own timeouts apply
        tcp_layer.socket().set_option(tcp::no_delay(true), ec);  // chat frames are small: no Nagle delay
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = settings_.handshake_timeout;
        timeouts.idle_timeout = websocket::stream_base::none();
        timeouts.keep_alive_pings = false;
        ws_.set_option(timeouts);
        ws_.read_message_max(settings_.max_incoming_frame_bytes);
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::request_type& request) { request.set(http::field::user_agent, "agentdesk-sim"); }));
        ws_.async_handshake(url_.host_header(), url_.path,
                            [self = shared_from_this()](beast::error_code hec) { self->on_handshake(hec); });
    }

    void on_handshake(beast::error_code ec) {
        if (ec) return finish(describe(ec, "handshake"));
        open_ = true;
        ws_.text(true);
        if (closing_) return do_close();
        if (handlers_.on_open) handlers_.on_open();
        do_read();
        if (!outbox_.empty() && !writing_ && !finished_) do_write();
    }

    void do_read() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (finished_) return;
        if (ec == websocket::error::closed) {
            auto reason = ws_.reason();
            return finish("closed by the server (" + std::to_string(reason.code) + " " +
                          std::string(reason.reason.data(), reason.reason.size()) + ")");
        }
        if (ec) return finish(describe(ec, "read"));
        if (ws_.got_text() && handlers_.on_text) {
            auto data = buffer_.cdata();
            handlers_.on_text(std::string_view(static_cast<const char*>(data.data()), data.size()));
        }
        buffer_.consume(buffer_.size());
        if (!finished_) do_read();
    }

    void do_write() {
        writing_ = true;
        ws_.async_write(asio::buffer(outbox_.front()),
                        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
    }

    void on_write(beast::error_code ec) {
        writing_ = false;
        if (finished_) return;
        if (ec) return finish(describe(ec, "write"));
        outbox_.pop_front();
        if (!outbox_.empty()) return do_write();
        if (closing_) do_close();
    }

    void do_close() {
        ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code ec) {
            self->finish(ec ? describe(ec, "close") : std::string("closed by the client"));
        });
    }

    // Ends the connection once: drops the outbox and the handlers (which usually hold their owner: this breaks
    // the owner <-> connection cycle).
    void finish(const std::string& why) {
        if (finished_) return;
        finished_ = true;
        open_ = false;
        outbox_.clear();
        auto handlers = std::move(handlers_);
        handlers_ = {};
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
        if (handlers.on_close) handlers.on_close(why);
    }

    std::shared_ptr<Strand::Impl> strand_;
    tcp::resolver resolver_;
    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::deque<std::string> outbox_;
    WsUrl url_;
    WsHandlers handlers_;
    WsSettings settings_;
    bool open_ = false;
    bool writing_ = false;
    bool closing_ = false;
    bool finished_ = false;
};

// -------------------------------------------------------------------------------------------- HTTP POST

class BeastHttpPost final : public std::enable_shared_from_this<BeastHttpPost> {
public:
    BeastHttpPost(const Strand& strand, HttpPostRequest request, std::function<void(HttpResponse)> done)
        : strand_(strand.impl()),
          resolver_(strand_->strand),
          stream_(strand_->strand),
          request_(std::move(request)),
          done_(std::move(done)) {}

    void start() {
        asio::post(strand_->strand, [self = shared_from_this()] { self->do_resolve(); });
    }

private:
    void do_resolve() {
        stream_.expires_after(request_.timeout);  // one deadline for the whole exchange
        if (auto endpoint = literal_endpoint(request_.host, request_.port)) {
            std::vector<tcp::endpoint> endpoints{*endpoint};
            return do_connect(endpoints);
        }
        resolver_.async_resolve(request_.host, std::to_string(request_.port),
                                [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
                                    if (ec) return self->fail(describe(ec, "resolve"));
                                    self->do_connect(results);
                                });
    }

    template <typename Endpoints>
    void do_connect(const Endpoints& endpoints) {
        stream_.async_connect(endpoints, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
            if (ec) return self->fail(describe(ec, "connect"));
            self->do_write();
        });
    }

    void do_write() {
        message_.method(http::verb::post);
        message_.target(request_.target);
        message_.version(11);
        message_.set(http::field::host, request_.host + ":" + std::to_string(request_.port));
        message_.set(http::field::user_agent, "agentdesk-sim");
        message_.set(http::field::connection, "close");
        if (!request_.content_type.empty()) message_.set(http::field::content_type, request_.content_type);
        if (!request_.bearer_token.empty()) message_.set(http::field::authorization, "Bearer " + request_.bearer_token);
        message_.body() = std::move(request_.body);
        message_.prepare_payload();
        http::async_write(stream_, message_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->fail(describe(ec, "write"));
            self->do_read();
        });
    }

    void do_read() {
        http::async_read(stream_, buffer_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->fail(describe(ec, "read"));
            HttpResponse response;
            response.status = static_cast<int>(self->response_.result_int());
            response.body = std::move(self->response_.body());
            self->complete(std::move(response));
        });
    }

    void fail(std::string why) {
        HttpResponse response;
        response.error = std::move(why);
        complete(std::move(response));
    }

    void complete(HttpResponse response) {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
        if (auto done = std::move(done_)) done(std::move(response));
    }

    std::shared_ptr<Strand::Impl> strand_;
    tcp::resolver resolver_;
    beast::tcp_stream stream_;
    HttpPostRequest request_;
    std::function<void(HttpResponse)> done_;
    http::request<http::string_body> message_;
    http::response<http::string_body> response_;
    beast::flat_buffer buffer_;
};

}  // namespace

std::shared_ptr<WsConnection> WsConnection::open(EventLoop&, const Strand& strand, const WsUrl& url,
                                                 WsHandlers handlers, WsSettings settings) {
    auto connection = std::make_shared<BeastWsConnection>(strand, url, std::move(handlers), settings);
    connection->start();
    return connection;
}

void http_post(EventLoop&, const Strand& strand, HttpPostRequest request, std::function<void(HttpResponse)> done) {
    std::make_shared<BeastHttpPost>(strand, std::move(request), std::move(done))->start();
}

}  // namespace sim
