// The listening socket: accepts connections and gives each its own strand and HTTP session.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "server_context.hpp"

namespace server {

class Listener : public std::enable_shared_from_this<Listener> {
public:
    // Binds and listens; on failure `error` is set and the listener is not usable. `tls` set: every connection
    // starts with a TLS handshake (https/wss only).
    Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
             std::shared_ptr<ServerContext> context, std::shared_ptr<boost::asio::ssl::context> tls,
             std::string& error);

    void run();   // starts accepting
    void stop();  // closes the acceptor (thread-safe)
    unsigned short port() const;

private:
    void do_accept();

    boost::asio::io_context& io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::shared_ptr<ServerContext> context_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
};

}  // namespace server
