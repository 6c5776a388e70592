// The HTTP role: one keep-alive connection. Static files, /health, file upload/download, CORS, and the hand-off
// of WebSocket upgrades on /ws to websocket_session.
#pragma once

#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "server_context.hpp"

namespace server {

// `tls` set: the connection starts with a TLS handshake (https/wss); null: plain http/ws.
void start_http_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerContext> context,
                        std::shared_ptr<boost::asio::ssl::context> tls);

}  // namespace server
