// The WebSocket role: takes over a socket whose HTTP session saw an upgrade request to /ws.
#pragma once

#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "server_context.hpp"

namespace server {

// `connection_count` is held for the socket's lifetime (its deleter counts the connection closed).
void start_websocket_session(boost::asio::ip::tcp::socket socket,
                             boost::beast::http::request<boost::beast::http::string_body> upgrade,
                             std::shared_ptr<ServerContext> context, std::shared_ptr<void> connection_count);
// The same over TLS (wss): the stream's handshake is done.
void start_websocket_session(boost::beast::ssl_stream<boost::beast::tcp_stream> stream,
                             boost::beast::http::request<boost::beast::http::string_body> upgrade,
                             std::shared_ptr<ServerContext> context, std::shared_ptr<void> connection_count);

}  // namespace server
