#include "serve.hpp"

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "accounts.hpp"
#include "commit_writer.hpp"
#include "demo.hpp"
#include "hub.hpp"
#include "listener.hpp"
#include "log.hpp"
#include "sqlite_storage.hpp"

namespace server {

namespace net = boost::asio;

namespace {

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// How long shutdown waits for close handshakes before stopping the io threads.
constexpr auto kCloseGrace = std::chrono::milliseconds(500);

// Drives Hub::tick: the hub says when it next needs a tick (earliest offer/typing/abandon deadline).
class TickLoop : public std::enable_shared_from_this<TickLoop> {
public:
    TickLoop(net::strand<net::io_context::executor_type> strand, Hub& hub) : timer_(strand), hub_(hub) {}
    void start() { tick(); }
    void stop() {
        net::post(timer_.get_executor(), [self = shared_from_this()] {
            self->stopped_ = true;
            self->timer_.cancel();
        });
    }

private:
    void tick() {
        hub_.tick([self = shared_from_this()](std::int64_t delay_ms) {
            // On the hub strand, which is also the timer's executor.
            if (self->stopped_) return;
            self->timer_.expires_after(std::chrono::milliseconds(delay_ms));
            self->timer_.async_wait([self](boost::system::error_code ec) {
                if (!ec && !self->stopped_) self->tick();
            });
        });
    }
    net::steady_timer timer_;
    Hub& hub_;
    bool stopped_ = false;
};

// The TLS context of --tls-cert/--tls-key: TLS 1.2 and newer only. nullptr and `error` when a file is unreadable
// or the key does not belong to the certificate.
std::shared_ptr<net::ssl::context> make_tls_context(const ServerConfig& config, std::string& error) {
    auto tls = std::make_shared<net::ssl::context>(net::ssl::context::tls_server);
    tls->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                     net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 |
                     net::ssl::context::single_dh_use);
    boost::system::error_code ec;
    tls->use_certificate_chain_file(config.tls_cert_file->string(), ec);
    if (ec) {
        error = "cannot use TLS certificate " + config.tls_cert_file->string() + ": " + ec.message();
        return nullptr;
    }
    tls->use_private_key_file(config.tls_key_file->string(), net::ssl::context::pem, ec);
    if (ec) {
        error = "cannot use TLS key " + config.tls_key_file->string() + ": " + ec.message();
        return nullptr;
    }
    if (SSL_CTX_check_private_key(tls->native_handle()) != 1) {
        error = "TLS key " + config.tls_key_file->string() + " does not match the certificate";
        return nullptr;
    }
    return tls;
}

}  // namespace

int serve(const ServerConfig& settings) {
    ServerConfig config = settings;  // --demo may add an identity secret
    if (!init_crypto()) {
        log_event("fatal", {{"error", "libsodium initialisation failed"}});
        return 1;
    }
    std::string error;
    auto storage = SqliteStorage::open(
        config.data_dir, error,
        SqliteSettings{config.wal_checkpoint_pages, config.wal_max_bytes, config.sqlite_cache_bytes});
    if (!storage) {
        log_event("fatal", {{"error", error}});
        return 1;
    }
    std::vector<std::string> demo_lines;
    if (config.demo) demo_lines = ensure_demo_agents(*storage);
    if (config.demo && config.customer_identity_secret.empty())
        config.customer_identity_secret = demo_identity_secret(config.data_dir);

    net::io_context io(config.threads);
    auto hub_strand = net::make_strand(io);
    net::thread_pool slow_pool(1);    // password hashing: ~0.1 s each, never on an io thread
    net::thread_pool reader_pool(1);  // the hub's storage reads, in order, never on an io thread
    CommitWriter writer(*storage, std::size_t(config.max_commit_batch));
    HubExecutors executors{[hub_strand](Task task) { net::post(hub_strand, std::move(task)); },
                           [&reader_pool](Task task) { net::post(reader_pool, std::move(task)); },
                           [&slow_pool](Task task) { net::post(slow_pool, std::move(task)); }};
    Hub hub(config, *storage, writer, std::move(executors), wall_ms);
    if (auto failure = hub.restore()) {
        log_event("fatal", {{"error", *failure}});
        return 1;
    }

    boost::system::error_code ec;
    const auto address = net::ip::make_address(config.bind, ec);
    if (ec) {
        log_event("fatal", {{"error", "bad --bind address " + config.bind}});
        return 1;
    }
    std::shared_ptr<net::ssl::context> tls;
    if (config.tls_cert_file) {
        tls = make_tls_context(config, error);
        if (!tls) {
            log_event("fatal", {{"error", error}});
            return 1;
        }
    }
    auto context = std::make_shared<ServerContext>(config, hub, wall_ms());
    auto listener = std::make_shared<Listener>(io, net::ip::tcp::endpoint(address, config.port), context, tls, error);
    if (!error.empty()) {
        log_event("fatal", {{"error", error}});
        return 1;
    }
    listener->run();
    std::printf("listening on %s://%s:%u\n", tls ? "https" : "http", config.bind.c_str(), unsigned(listener->port()));
    for (const auto& line : demo_lines) std::printf("%s\n", line.c_str());
    if (config.demo && config.customer_dir && !config.customer_identity_secret.empty()) {
        // A verified customer, as the contact center's app would open the chat: its second chat lists the first.
        std::printf("demo verified customer: %s://%s:%u/customer/?userId=%s&userHash=%s\n", tls ? "https" : "http",
                    config.bind == "0.0.0.0" ? "127.0.0.1" : config.bind.c_str(), unsigned(listener->port()),
                    kDemoCustomerUserId, identity_hash(config.customer_identity_secret, kDemoCustomerUserId).c_str());
    }
    std::fflush(stdout);
    log_event("listening",
              {{"bind", config.bind},
               {"port", listener->port()},
               {"tls", tls != nullptr},
               {"threads", config.threads},
               {"data", config.data_dir.string()}});

    auto ticks = std::make_shared<TickLoop>(hub_strand, hub);
    ticks->start();

    // Keeps io.run() going while the shutdown waits for the writer thread (which posts back to the strand).
    auto keep_running = net::make_work_guard(io);
    net::signal_set signals(io, SIGINT, SIGTERM);
    net::steady_timer grace(io);
    signals.async_wait([&](boost::system::error_code, int signal) {
        log_event("shutdown", {{"signal", signal}});
        context->stopping = true;
        listener->stop();
        ticks->stop();
        hub.shutdown([&] {
            grace.expires_after(kCloseGrace);
            grace.async_wait([&](boost::system::error_code) {
                keep_running.reset();
                io.stop();
            });
        });
    });

    std::vector<std::thread> threads;
    for (int i = 1; i < config.threads; ++i) threads.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& thread : threads) thread.join();
    slow_pool.join();
    reader_pool.join();
    writer.stop();
    const auto stats = writer.stats();
    const auto wal = storage->wal_stats();
    log_event("stopped",
              {{"commits", stats.commits},
               {"ops", stats.ops},
               {"failures", stats.failures},
               {"backgroundCheckpoints", wal.background_checkpoints},
               {"writerCheckpoints", wal.writer_checkpoints}});
    return 0;
}

}  // namespace server
