#include "test_client.hpp"

#include <deque>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;

struct WsClient::Impl {
    net::io_context io;
    websocket::stream<beast::tcp_stream> ws{io};
    beast::flat_buffer buffer;
    std::deque<Json> frames;
    bool reading = false;
    bool closed = false;
    std::optional<std::uint16_t> close_code;
    std::vector<std::string> pongs;  // payloads of pongs received
    int pings = 0;                   // pings received from the server

    // Keeps one read outstanding; completed frames queue up.
    void start_read() {
        if (reading || closed) return;
        reading = true;
        ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
            reading = false;
            if (ec) {
                closed = true;
                if (ws.reason().code != websocket::close_code::none) close_code = std::uint16_t(ws.reason().code);
                return;
            }
            const std::string text = beast::buffers_to_string(buffer.data());
            buffer.consume(buffer.size());
            frames.push_back(Json::parse(text, nullptr, false));
            start_read();
        });
    }

    // Runs the io_context until `done()` or the timeout.
    bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done()) {
            const auto now = std::chrono::steady_clock::now();
            if (now >= deadline) return false;
            io.restart();
            io.run_one_for(deadline - now);
        }
        return true;
    }
};

WsClient::WsClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

WsClient::~WsClient() {
    if (!impl_->closed) {
        beast::error_code ec;
        beast::get_lowest_layer(impl_->ws).socket().close(ec);
    }
}

std::unique_ptr<WsClient> WsClient::connect(std::uint16_t port, std::string* error, const std::string& origin) {
    auto impl = std::make_unique<Impl>();
    auto& tcp = beast::get_lowest_layer(impl->ws);
    tcp.expires_after(5s);
    bool done = false;
    beast::error_code result;
    tcp.async_connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) {
            result = ec;
            done = true;
            return;
        }
        tcp.expires_after(5s);
        impl->ws.set_option(websocket::stream_base::decorator([origin](websocket::request_type& req) {
            if (!origin.empty()) req.set(http::field::origin, origin);
        }));
        impl->ws.async_handshake("127.0.0.1:" + std::to_string(port), "/ws", [&](beast::error_code ec2) {
            result = ec2;
            done = true;
        });
    });
    impl->run_until([&] { return done; }, 10s);
    if (!done || result) {
        if (error) *error = done ? result.message() : "timeout";
        return nullptr;
    }
    tcp.expires_never();
    impl->ws.read_message_max(64 * 1024 * 1024);
    impl->ws.control_callback([raw = impl.get()](websocket::frame_type kind, beast::string_view payload) {
        if (kind == websocket::frame_type::pong) raw->pongs.emplace_back(payload);
        if (kind == websocket::frame_type::ping) ++raw->pings;
    });
    impl->start_read();
    return std::unique_ptr<WsClient>(new WsClient(std::move(impl)));
}

static bool write_frame(WsClient::Impl& impl, const std::string& bytes, bool text) {
    if (impl.closed) return false;
    impl.ws.text(text);
    bool done = false;
    beast::error_code result;
    impl.ws.async_write(net::buffer(bytes), [&](beast::error_code ec, std::size_t) {
        result = ec;
        done = true;
    });
    if (!impl.run_until([&] { return done; }, 10s)) return false;
    return !result;
}

bool WsClient::send_text(const std::string& text) { return write_frame(*impl_, text, true); }
bool WsClient::send_binary(const std::string& bytes) { return write_frame(*impl_, bytes, false); }

std::optional<Json> WsClient::read(std::chrono::milliseconds timeout) {
    impl_->start_read();
    impl_->run_until([&] { return !impl_->frames.empty() || impl_->closed; }, timeout);
    if (impl_->frames.empty()) return std::nullopt;
    Json frame = std::move(impl_->frames.front());
    impl_->frames.pop_front();
    return frame;
}

std::optional<Json> WsClient::read_until(const std::function<bool(const Json&)>& match,
                                         std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        auto frame = read(left);
        if (!frame) return std::nullopt;
        if (match(*frame)) return frame;
    }
}

std::optional<Json> WsClient::read_type(const std::string& type, std::chrono::milliseconds timeout) {
    return read_until([&](const Json& f) { return f.is_object() && f.value("type", "") == type; }, timeout);
}

std::optional<std::uint16_t> WsClient::wait_closed(std::chrono::milliseconds timeout) {
    impl_->start_read();
    // Frames still arriving before the close are dropped.
    impl_->run_until(
        [&] {
            impl_->frames.clear();
            return impl_->closed;
        },
        timeout);
    if (!impl_->closed) return std::nullopt;
    return impl_->close_code.value_or(0);
}

bool WsClient::ping(const std::string& payload, std::chrono::milliseconds timeout) {
    if (impl_->closed) return false;
    bool sent = false;
    beast::error_code result;
    impl_->ws.async_ping(websocket::ping_data(payload.c_str()), [&](beast::error_code ec) {
        result = ec;
        sent = true;
    });
    impl_->start_read();  // the pong arrives through a read
    const auto got = [&] {
        for (const auto& pong : impl_->pongs)
            if (pong == payload) return true;
        return false;
    };
    return impl_->run_until([&] { return (sent && got()) || impl_->closed; }, timeout) && !result && got();
}

int WsClient::pings_received() const { return impl_->pings; }

bool WsClient::is_closed() const { return impl_->closed; }

void WsClient::drop() {
    beast::error_code ec;
    beast::get_lowest_layer(impl_->ws).socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(impl_->ws).socket().close(ec);
    impl_->closed = true;
}

HttpResponse http_request(std::uint16_t port, const std::string& method, const std::string& target,
                          const std::string& body, const std::map<std::string, std::string>& headers,
                          std::chrono::milliseconds timeout) {
    net::io_context io;
    beast::tcp_stream stream(io);
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = body;
    req.prepare_payload();
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    HttpResponse out;
    stream.expires_after(timeout);
    stream.async_connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) return;
        http::async_write(stream, req, [&](beast::error_code, std::size_t) {
            // Read the answer even if the write failed: the server may refuse before reading everything.
            http::async_read(stream, buffer, parser, [&](beast::error_code ec3, std::size_t) {
                if (ec3 && !parser.is_header_done()) return;
                const auto& res = parser.get();
                out.status = int(res.result_int());
                for (const auto& field : res) {
                    std::string name(field.name_string());
                    for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
                    out.headers[name] = std::string(field.value());
                }
                out.body = res.body();
            });
        });
    });
    io.run();
    return out;
}

}  // namespace testing
