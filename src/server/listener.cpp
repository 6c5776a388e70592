#include "listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "http_session.hpp"
#include "log.hpp"

namespace server {

namespace net = boost::asio;

Listener::Listener(net::io_context& io, const net::ip::tcp::endpoint& endpoint, std::shared_ptr<ServerContext> context,
                   std::shared_ptr<net::ssl::context> tls, std::string& error)
    : io_(io), acceptor_(net::make_strand(io)), context_(std::move(context)), tls_(std::move(tls)) {
    boost::system::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
        error = "cannot listen on " + endpoint.address().to_string() + ":" + std::to_string(endpoint.port()) + ": " +
            ec.message();
}

void Listener::run() { do_accept(); }

void Listener::stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        boost::system::error_code ignored;
        self->acceptor_.close(ignored);
    });
}

unsigned short Listener::port() const {
    boost::system::error_code ec;
    return acceptor_.local_endpoint(ec).port();
}

void Listener::do_accept() {
    // Each connection gets its own strand: its handlers never run concurrently, with any number of io threads.
    acceptor_.async_accept(net::make_strand(io_),
                           [self = shared_from_this()](boost::system::error_code ec, net::ip::tcp::socket socket) {
                               if (ec == net::error::operation_aborted || !self->acceptor_.is_open()) return;
                               if (ec) {
                                   log_event("accept_error", {{"error", ec.message()}});
                               } else {
                                   boost::system::error_code ignored;
                                   socket.set_option(net::ip::tcp::no_delay(true), ignored);
                                   start_http_session(std::move(socket), self->context_, self->tls_);
                               }
                               self->do_accept();
                           });
}

}  // namespace server
