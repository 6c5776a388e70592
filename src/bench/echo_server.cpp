// agentdesk-echo: a bare Boost.Beast WebSocket echo server, the baseline scripts/bench.sh measures the chat server
// against (same machine, same simulator, same connections, in the same run). Plain on purpose: it accepts an upgrade
// on any path and sends every text frame back as one text frame — no JSON, no storage, no routing — so its CPU per
// echoed message is what the transport alone costs here. It keeps the chat server's socket settings (TCP_NODELAY,
// no auto-fragmentation, one strand per connection, one write in flight) so the comparison is only about the work.
//
// Usage: agentdesk-echo [--port N] [--threads N]. Prints "listening on http://127.0.0.1:PORT" (the chat server's
// line, which bench.sh parses) once accepting, and exits 0 on SIGTERM or SIGINT.
//
// The only translation unit of the echo that includes Asio/Beast, like the simulator's beast_transport.cpp.
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <sys/resource.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

// The simulator's texts are at most 4,000 bytes; a bigger frame ends the connection (Beast closes with 1009).
constexpr std::size_t kMaxFrameBytes = 64 * 1024;
// Echoes queued on one connection at most. When full, the connection stops reading until the queue drains, so a
// client that sends without reading slows itself down (TCP backpressure) instead of growing this process.
constexpr std::size_t kMaxQueuedEchoes = 1'024;
// After an accept error (e.g. out of descriptors), wait this long before the next accept instead of spinning.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
constexpr int kMaxThreads = 64;
constexpr const char* kBindAddress = "127.0.0.1";  // the bench runs client and servers on one machine

// One WebSocket connection: reads frames, queues their echoes, writes the queue's head (one write in flight).
class EchoSession : public std::enable_shared_from_this<EchoSession> {
public:
    explicit EchoSession(tcp::socket&& socket) : ws_(std::move(socket)) {}

    void run() {
        // The socket was accepted on this connection's strand: start there, so every handler runs on it.
        asio::dispatch(ws_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
    }

private:
    void do_accept() {
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.read_message_max(kMaxFrameBytes);
        ws_.auto_fragment(false);  // one echo = one frame, as the chat server writes its frames
        ws_.async_accept(beast::bind_front_handler(&EchoSession::on_accept, shared_from_this()));
    }

    void on_accept(beast::error_code ec) {
        if (ec) return;  // not a WebSocket upgrade, or the client left: the session ends here
        ws_.text(true);
        do_read();
    }

    void do_read() { ws_.async_read(buffer_, beast::bind_front_handler(&EchoSession::on_read, shared_from_this())); }

    void on_read(beast::error_code ec, std::size_t) {
        // Closed, reset, timed out or oversized: nothing to answer. Pending writes fail the same way and the last
        // handler to finish releases the session.
        if (ec) return;
        if (ws_.got_text()) {  // binary frames are not part of the baseline: dropped
            echoes_.push_back(beast::buffers_to_string(buffer_.data()));
            if (!writing_) do_write();
        }
        buffer_.consume(buffer_.size());
        if (echoes_.size() < kMaxQueuedEchoes) {
            do_read();
        } else {
            reading_paused_ = true;  // on_write resumes once the queue has room
        }
    }

    void do_write() {
        writing_ = true;
        ws_.async_write(asio::buffer(echoes_.front()),
                        beast::bind_front_handler(&EchoSession::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        writing_ = false;
        if (ec) return;
        echoes_.pop_front();
        if (!echoes_.empty()) do_write();
        if (reading_paused_ && echoes_.size() < kMaxQueuedEchoes) {
            reading_paused_ = false;
            do_read();
        }
    }

    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::deque<std::string> echoes_;  // at most kMaxQueuedEchoes; the front is being written while writing_
    bool writing_ = false;
    bool reading_paused_ = false;
};

// Accepts connections, each onto a strand of its own (so any number of io threads may run the sessions).
class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(asio::io_context& io, const tcp::endpoint& endpoint, beast::error_code& ec)
        : io_(io), acceptor_(asio::make_strand(io)), retry_timer_(acceptor_.get_executor()) {
        acceptor_.open(endpoint.protocol(), ec);
        if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec) acceptor_.bind(endpoint, ec);
        if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    }

    void run() { do_accept(); }

    [[nodiscard]] unsigned short port() const {
        beast::error_code ec;
        return acceptor_.local_endpoint(ec).port();
    }

private:
    void do_accept() {
        acceptor_.async_accept(asio::make_strand(io_),
                               beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }

    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
        if (ec) {
            std::fprintf(stderr, "agentdesk-echo: accept: %s (retrying)\n", ec.message().c_str());
            retry_timer_.expires_after(kAcceptRetryDelay);
            retry_timer_.async_wait([self = shared_from_this()](beast::error_code timer_ec) {
                if (!timer_ec) self->do_accept();
            });
            return;
        }
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);  // small frames: no Nagle delay (the chat server's setting)
        std::make_shared<EchoSession>(std::move(socket))->run();
        do_accept();
    }

    asio::io_context& io_;
    tcp::acceptor acceptor_;
    asio::steady_timer retry_timer_;
};

struct EchoOptions {
    unsigned short port = 0;  // 0 = an ephemeral port, printed on stdout
    int threads = 1;          // io threads
};

void print_usage(std::FILE* out) {
    std::fprintf(out,
                 "agentdesk-echo: a bare WebSocket echo server on %s, the baseline of scripts/bench.sh.\n\n"
                 "Usage: agentdesk-echo [options]\n"
                 "  --port N      TCP port; 0 = ephemeral (default 0). Prints \"listening on http://%s:PORT\"\n"
                 "  --threads N   io threads (default 1; 1..%d)\n"
                 "  --help        this text\n"
                 "Accepts a WebSocket upgrade on any path and sends each text frame back as one text frame.\n"
                 "Stops on SIGTERM or SIGINT.\n",
                 kBindAddress, kBindAddress, kMaxThreads);
}

std::optional<long> to_integer_in(const std::string& text, long lo, long hi) {
    long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < lo || value > hi)
        return std::nullopt;
    return value;
}

// Parses argv; nullopt after printing why (or the usage for --help, then `exit_code` is 0).
std::optional<EchoOptions> parse_echo_options(int argc, char** argv, int& exit_code) {
    EchoOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            print_usage(stdout);
            exit_code = 0;
            return std::nullopt;
        }
        exit_code = 2;
        if (flag != "--port" && flag != "--threads") {
            std::fprintf(stderr, "agentdesk-echo: unknown argument '%s'\n\n", flag.c_str());
            print_usage(stderr);
            return std::nullopt;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "agentdesk-echo: %s needs a value\n", flag.c_str());
            return std::nullopt;
        }
        const std::string value = argv[++i];
        const bool is_port = flag == "--port";
        const long hi = is_port ? 65'535 : kMaxThreads;
        const auto parsed = to_integer_in(value, is_port ? 0 : 1, hi);
        if (!parsed) {
            std::fprintf(stderr, "agentdesk-echo: %s: must be %d..%ld, got '%s'\n", flag.c_str(), is_port ? 0 : 1, hi,
                         value.c_str());
            return std::nullopt;
        }
        if (is_port) {
            options.port = static_cast<unsigned short>(*parsed);
        } else {
            options.threads = static_cast<int>(*parsed);
        }
    }
    return options;
}

// Each connection is a descriptor: allow as many as the hard limit permits (the bench opens thousands).
void raise_descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace

int main(int argc, char** argv) {
    int exit_code = 0;
    const auto options = parse_echo_options(argc, argv, exit_code);
    if (!options) return exit_code;
    raise_descriptor_limit();

    asio::io_context io(options->threads);
    beast::error_code ec;
    auto listener =
        std::make_shared<Listener>(io, tcp::endpoint(asio::ip::make_address(kBindAddress), options->port), ec);
    if (ec) {
        std::fprintf(stderr, "agentdesk-echo: cannot listen on %s:%u: %s\n", kBindAddress, unsigned(options->port),
                     ec.message().c_str());
        return 1;
    }
    listener->run();
    std::printf("listening on http://%s:%u\n", kBindAddress, unsigned(listener->port()));
    std::fflush(stdout);

    // Stopping ends run() on every io thread; the listener and the open connections close as they are destroyed
    // (a baseline has nothing to flush or save).
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&io](beast::error_code, int signal) {
        std::fprintf(stderr, "agentdesk-echo: stopping (signal %d)\n", signal);
        io.stop();
    });

    std::vector<std::thread> threads;
    for (int i = 1; i < options->threads; ++i) threads.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& thread : threads) thread.join();
    return 0;
}
