#include "tls_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace ssl = net::ssl;

namespace {

// A client context that trusts only `ca_file` and checks that the certificate is for 127.0.0.1.
std::optional<ssl::context> client_context(const std::string& ca_file, std::string* error) {
    ssl::context ctx(ssl::context::tls_client);
    beast::error_code ec;
    ctx.load_verify_file(ca_file, ec);
    if (ec) {
        if (error) *error = "load_verify_file: " + ec.message();
        return std::nullopt;
    }
    ctx.set_verify_mode(ssl::verify_peer);
    ctx.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    return ctx;
}

void note(std::string* error, const char* step, const beast::error_code& ec) {
    if (error && error->empty()) *error = std::string(step) + ": " + ec.message();
}

}  // namespace

HttpResponse https_request(std::uint16_t port, const std::string& ca_file, const std::string& method,
                           const std::string& target, const std::map<std::string, std::string>& headers,
                           std::string* error, std::chrono::milliseconds timeout) {
    HttpResponse out;
    auto ctx = client_context(ca_file, error);
    if (!ctx) return out;
    net::io_context io;
    beast::ssl_stream<beast::tcp_stream> stream(io, *ctx);
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    for (const auto& [name, value] : headers) req.set(name, value);
    req.prepare_payload();
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    auto& tcp = beast::get_lowest_layer(stream);
    tcp.expires_after(timeout);
    tcp.async_connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) return note(error, "connect", ec);
        stream.async_handshake(ssl::stream_base::client, [&](beast::error_code ec2) {
            if (ec2) return note(error, "tls handshake", ec2);
            http::async_write(stream, req, [&](beast::error_code ec3, std::size_t) {
                if (ec3) return note(error, "write", ec3);
                http::async_read(stream, buffer, parser, [&](beast::error_code ec4, std::size_t) {
                    if (ec4 && !parser.is_header_done()) return note(error, "read", ec4);
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
    });
    io.run();
    return out;
}

std::optional<Json> wss_exchange(std::uint16_t port, const std::string& ca_file, const std::string& origin,
                                 const Json& frame, std::string* error, std::chrono::milliseconds timeout) {
    auto ctx = client_context(ca_file, error);
    if (!ctx) return std::nullopt;
    net::io_context io;
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(io, *ctx);
    const std::string text = frame.dump();
    beast::flat_buffer buffer;
    std::optional<Json> reply;
    auto& tcp = beast::get_lowest_layer(ws);
    tcp.expires_after(timeout);
    tcp.async_connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) return note(error, "connect", ec);
        ws.next_layer().async_handshake(ssl::stream_base::client, [&](beast::error_code ec2) {
            if (ec2) return note(error, "tls handshake", ec2);
            ws.set_option(websocket::stream_base::decorator([origin](websocket::request_type& req) {
                if (!origin.empty()) req.set(http::field::origin, origin);
            }));
            ws.async_handshake("127.0.0.1:" + std::to_string(port), "/ws", [&](beast::error_code ec3) {
                if (ec3) return note(error, "websocket handshake", ec3);
                ws.async_write(net::buffer(text), [&](beast::error_code ec4, std::size_t) {
                    if (ec4) return note(error, "write", ec4);
                    ws.async_read(buffer, [&](beast::error_code ec5, std::size_t) {
                        if (ec5) return note(error, "read", ec5);
                        reply = Json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
                        beast::error_code ignored;
                        tcp.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
                    });
                });
            });
        });
    });
    io.run();
    return reply;
}

}  // namespace testing
