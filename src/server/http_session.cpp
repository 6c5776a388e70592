#include "http_session.hpp"

#include <array>
#include <chrono>
#include <optional>
#include <type_traits>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <nlohmann/json.hpp>

#include "http_rules.hpp"
#include "log.hpp"
#include "websocket_session.hpp"

namespace server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

// Requests other than uploads carry no meaningful body.
constexpr std::uint64_t kSmallBodyLimit = 64 * 1024;
// How long a connection being closed still reads (and drops) what the client sends.
constexpr int kLingerMs = 2000;

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Stream: beast::tcp_stream (http) or beast::ssl_stream<beast::tcp_stream> (https, --tls-cert/--tls-key).
template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

public:
    HttpSession(net::ip::tcp::socket&& socket, std::shared_ptr<ServerContext> context,
                std::shared_ptr<net::ssl::context> tls)
        : stream_(make_stream(std::move(socket), tls.get())), tls_(std::move(tls)), context_(std::move(context)) {
        context_->connections.fetch_add(1);
        auto* counter = &context_->connections;
        // Shared with the WebSocket session on upgrade, so the count covers the socket's whole life.
        connection_count_ =
            std::shared_ptr<void>(nullptr, [counter, keep = context_](void*) { counter->fetch_sub(1); });
    }

    void run() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::start, this->shared_from_this()));
    }

private:
    using Request = http::request<http::string_body>;

    static Stream make_stream(net::ip::tcp::socket&& socket, net::ssl::context* tls) {
        if constexpr (kTls)
            return Stream(std::move(socket), *tls);
        else
            return Stream(std::move(socket));
    }

    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

    void start() {
        if constexpr (kTls) {
            // The handshake has the same deadline as a request: a client that connects and says nothing is dropped.
            lowest().expires_after(std::chrono::milliseconds(context_->config.http_timeout_ms));
            stream_.async_handshake(net::ssl::stream_base::server,
                                    beast::bind_front_handler(&HttpSession::on_handshake, this->shared_from_this()));
        } else {
            do_read();
        }
    }

    void on_handshake(beast::error_code ec) {
        if (ec) return fail(ec, "tls handshake");
        do_read();
    }

    void do_read() {
        parser_.emplace();
        parser_->header_limit(std::uint32_t(context_->config.max_header_bytes));
        // No body limit while the header is read: Beast checks Content-Length against it as soon as the header is
        // complete, which would drop an upload before on_header could allow it. on_header sets the real limit.
        parser_->body_limit(boost::none);
        lowest().expires_after(std::chrono::milliseconds(context_->config.http_timeout_ms));
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&HttpSession::on_header, this->shared_from_this()));
    }

    void on_header(beast::error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream) return close();
        if (ec == http::error::header_limit) return refuse(431, "too_large", "request headers too large", false);
        if (ec) return fail(ec, "read header");
        const auto& req = parser_->get();
        const bool upload = req.method() == http::verb::post && upload_chat_id(target_path(req.target())).has_value();
        if (upload) {
            const auto limit = std::uint64_t(context_->config.limits.max_upload_bytes);
            if (parser_->content_length() && *parser_->content_length() > limit) {
                return refuse(413, "too_large", "upload over " + std::to_string(limit) + " bytes", false);
            }
            parser_->body_limit(limit);
        } else {
            if (parser_->content_length() && *parser_->content_length() > kSmallBodyLimit) {
                return refuse(413, "too_large", "request body over " + std::to_string(kSmallBodyLimit) + " bytes",
                              false);
            }
            parser_->body_limit(kSmallBodyLimit);
        }
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::body_limit) {
            const bool upload = upload_chat_id(target_path(parser_->get().target())).has_value();
            return refuse(413, "too_large",
                          upload ? "upload over " + std::to_string(context_->config.limits.max_upload_bytes) + " bytes"
                                 : "request body over " + std::to_string(kSmallBodyLimit) + " bytes",
                          false);
        }
        if (ec) return fail(ec, "read");
        request_ = parser_->release();
        handle();
    }

    void handle() {
        auto& req = request_;
        const std::string_view path = target_path(req.target());
        const std::string origin(req[http::field::origin]);
        // CORS headers echo only an allowed origin: a refused page must not be told it may read the answer.
        origin_ = origin_allowed(context_->config.allowed_origins, origin, req[http::field::host]) ? origin : "";

        if (beast::websocket::is_upgrade(req)) {
            if (path != "/ws") return refuse(404, "not_found", "WebSocket endpoint is /ws", true);
            if (!origin_allowed(context_->config.allowed_origins, origin, req[http::field::host])) {
                return refuse(403, "forbidden", "origin not allowed", false);
            }
            if (context_->stopping) return refuse(503, "unavailable", "server is shutting down", false);
            lowest().expires_never();
            if constexpr (kTls) {
                return start_websocket_session(std::move(stream_), std::move(req), context_, connection_count_);
            } else {
                return start_websocket_session(stream_.release_socket(), std::move(req), context_, connection_count_);
            }
        }
        const bool api = path == "/health" || path.substr(0, 5) == "/api/";
        if (api && !origin_allowed(context_->config.allowed_origins, origin, req[http::field::host])) {
            return refuse(403, "forbidden", "origin not allowed", req.keep_alive());
        }
        if (req.method() == http::verb::options && api) return preflight();
        if (path == "/health") {
            if (req.method() != http::verb::get) return refuse(405, "method_not_allowed", "use GET", req.keep_alive());
            return health();
        }
        if (auto chat_id = upload_chat_id(path)) {
            if (req.method() != http::verb::post)
                return refuse(405, "method_not_allowed", "use POST", req.keep_alive());
            return upload(std::move(*chat_id));
        }
        if (auto file_id = download_file_id(path)) {
            if (req.method() != http::verb::get) return refuse(405, "method_not_allowed", "use GET", req.keep_alive());
            return download(std::move(*file_id));
        }
        if (api) return refuse(404, "not_found", "no such endpoint", req.keep_alive());
        if (req.method() != http::verb::get && req.method() != http::verb::head) {
            return refuse(405, "method_not_allowed", "use GET", req.keep_alive());
        }
        return static_file();
    }

    // ---- endpoints ----

    void health() {
        auto self = this->shared_from_this();
        context_->hub.health([self](HealthCounts counts) {
            net::post(self->stream_.get_executor(), [self, counts] { self->send_health(counts); });
        });
    }

    void send_health(const HealthCounts& counts) {
        nlohmann::json body = {
            {"status", context_->stopping ? "stopping" : "ok"},
            {"version", kServerVersion},
            {"uptimeMs", wall_ms() - context_->started_ms},
            {"connections", context_->connections.load()},
            {"sessions", counts.sessions},
            {"chats", {{"queued", counts.queued}, {"offered", counts.offered}, {"active", counts.active}}}};
        send_json(200, body.dump(), request_.keep_alive());
    }

    void preflight() {
        http::response<http::empty_body> res{http::status::no_content, request_.version()};
        add_cors(res);
        res.set(http::field::access_control_allow_methods, "GET, POST, OPTIONS");
        res.set(http::field::access_control_allow_headers, "Authorization, Content-Type");
        res.set(http::field::access_control_max_age, "600");
        res.keep_alive(request_.keep_alive());
        send(std::move(res));
    }

    void upload(std::string chat_id) {
        const auto query = parse_query(request_.target());
        const auto& limits = context_->config.limits;
        auto inspected =
            inspect_upload(query, request_.body(), limits.max_upload_bytes, limits.max_name_chars, limits.max_id_chars);
        if (auto* error = std::get_if<HttpError>(&inspected)) return refuse(*error, request_.keep_alive());
        auto request = std::get<UploadRequest>(std::move(inspected));
        request.token = request_token(request_[http::field::authorization], query);
        request.chat_id = std::move(chat_id);
        auto self = this->shared_from_this();
        context_->hub.check_upload(
            request.token, request.chat_id, request.client_id,
            [self, request](std::optional<HttpError> error, std::optional<std::string> existing) mutable {
                net::post(self->stream_.get_executor(),
                          [self, request = std::move(request), error = std::move(error),
                           existing = std::move(existing)]() mutable {
                              self->on_upload_checked(std::move(request), std::move(error), std::move(existing));
                          });
            });
    }

    void on_upload_checked(UploadRequest request, std::optional<HttpError> error, std::optional<std::string> existing) {
        if (error) return refuse(*error, request_.keep_alive());
        if (existing) return send_json(201, std::move(*existing), request_.keep_alive());
        std::string store_error;
        auto digest = context_->files.put(request_.body(), store_error);
        if (!digest) {
            log_event("upload_store_failed", {{"error", store_error}});
            return refuse(HttpError{503, "unavailable", "the file could not be stored"}, request_.keep_alive());
        }
        request.sha256 = std::move(*digest);
        request_.body().clear();
        request_.body().shrink_to_fit();
        auto self = this->shared_from_this();
        context_->hub.commit_upload(std::move(request), [self](UploadResult result) {
            net::post(self->stream_.get_executor(), [self, result = std::move(result)]() mutable {
                if (auto* error = std::get_if<HttpError>(&result))
                    return self->refuse(*error, self->request_.keep_alive());
                self->send_json(201, std::get<std::string>(std::move(result)), self->request_.keep_alive());
            });
        });
    }

    void download(std::string file_id) {
        const auto query = parse_query(request_.target());
        auto self = this->shared_from_this();
        context_->hub.authorize_download(request_token(request_[http::field::authorization], query), std::move(file_id),
                                         [self](DownloadResult result) {
                                             net::post(self->stream_.get_executor(),
                                                       [self, result = std::move(result)]() mutable {
                                                           self->on_download_authorized(std::move(result));
                                                       });
                                         });
    }

    void on_download_authorized(DownloadResult result) {
        if (auto* error = std::get_if<HttpError>(&result)) return refuse(*error, request_.keep_alive());
        const auto& file = std::get<FileRecord>(result);
        beast::error_code ec;
        http::file_body::value_type body;
        const auto path = context_->files.path_of(file.sha256);
        if (!path.empty()) body.open(path.c_str(), beast::file_mode::scan, ec);
        if (path.empty() || ec) {
            log_event("file_missing", {{"fileId", file.id}, {"sha256", file.sha256}});
            return refuse(HttpError{404, "not_found", "file bytes missing"}, request_.keep_alive());
        }
        http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                            std::make_tuple(http::status::ok, request_.version())};
        res.set(http::field::content_type, file.mime);
        res.set(http::field::content_disposition, content_disposition(file));
        res.set("X-Content-Type-Options", "nosniff");
        res.set(http::field::cache_control, "private, max-age=31536000, immutable");
        add_cors(res);
        res.prepare_payload();
        res.keep_alive(request_.keep_alive());
        send(std::move(res));
    }

    void static_file() {
        const auto found = resolve_static(context_->roots, request_.target(), request_[http::field::accept_encoding]);
        if (!found) return refuse(404, "not_found", "no such file", request_.keep_alive());
        if (found->redirect_to_slash) {
            http::response<http::empty_body> res{http::status::moved_permanently, request_.version()};
            res.set(http::field::location, "/customer/");
            // No body: say so, or a keep-alive client waits for one until the connection times out.
            res.content_length(0);
            res.keep_alive(request_.keep_alive());
            return send(std::move(res));
        }
        beast::error_code ec;
        http::file_body::value_type body;
        body.open(found->path.c_str(), beast::file_mode::scan, ec);
        if (ec) return refuse(404, "not_found", "no such file", request_.keep_alive());
        const auto size = body.size();
        auto fill = [&](auto& res) {
            res.set(http::field::content_type, found->mime);
            // Hashed names never change (a new build has new names); everything else is revalidated.
            res.set(http::field::cache_control, found->immutable ? "public, max-age=31536000, immutable" : "no-cache");
            res.set("X-Content-Type-Options", "nosniff");
            if (!found->encoding.empty()) res.set(http::field::content_encoding, found->encoding);
            res.set(http::field::vary, "Accept-Encoding");
            res.keep_alive(request_.keep_alive());
        };
        if (request_.method() == http::verb::head) {
            http::response<http::empty_body> res{http::status::ok, request_.version()};
            fill(res);
            res.content_length(size);
            return send(std::move(res));
        }
        http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                            std::make_tuple(http::status::ok, request_.version())};
        fill(res);
        res.content_length(size);
        send(std::move(res));
    }

    // ---- responses ----

    template <class Response>
    void add_cors(Response& res) {
        if (origin_.empty()) return;
        res.set(http::field::access_control_allow_origin, origin_);
        res.set(http::field::vary, "Origin");
    }

    void refuse(int status, std::string code, std::string message, bool keep_alive) {
        refuse(HttpError{status, std::move(code), std::move(message)}, keep_alive);
    }
    void refuse(const HttpError& error, bool keep_alive) { send_json(error.status, error_body(error), keep_alive); }

    void send_json(int status, std::string body, bool keep_alive) {
        http::response<http::string_body> res{http::int_to_status(unsigned(status)),
                                              request_.version() ? request_.version() : 11};
        res.set(http::field::content_type, "application/json");
        res.set(http::field::cache_control, "no-store");
        add_cors(res);
        res.body() = std::move(body);
        res.prepare_payload();
        res.keep_alive(keep_alive);
        send(std::move(res));
    }

    template <class Body>
    void send(http::response<Body>&& response) {
        auto res = std::make_shared<http::response<Body>>(std::move(response));
        res->set(http::field::server, "agentdesk");
        const bool keep_alive = res->keep_alive() && !context_->stopping;
        if (!keep_alive) res->keep_alive(false);
        lowest().expires_after(std::chrono::milliseconds(context_->config.http_timeout_ms));
        http::async_write(stream_, *res,
                          [self = this->shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
                              if (ec) return self->fail(ec, "write");
                              if (!keep_alive) return self->close();
                              self->request_ = {};
                              self->do_read();
                          });
    }

    void fail(beast::error_code ec, const char* what) {
        if (ec != net::error::operation_aborted && ec != beast::error::timeout && ec != net::error::eof &&
            ec != net::error::connection_reset && ec != http::error::end_of_stream &&
            ec != net::ssl::error::stream_truncated) {
            log_event("http_error", {{"op", what}, {"error", ec.message()}});
        }
        close();
    }

    void close() {
        beast::error_code ignored;
        lowest().socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
        // Closing with unread bytes (a refused upload's body) makes the kernel send RST, which can destroy the
        // refusal before the client read it. Read and drop what still comes, bounded in time, then close.
        lowest().expires_after(std::chrono::milliseconds(kLingerMs));
        drain();
    }

    void drain() {
        lowest().async_read_some(net::buffer(drain_buffer_),
                                 [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                     if (!ec) self->drain();
                                 });
    }

    Stream stream_;
    std::shared_ptr<net::ssl::context> tls_;  // outlives the stream that uses it
    beast::flat_buffer buffer_;
    std::shared_ptr<ServerContext> context_;
    std::shared_ptr<void> connection_count_;
    std::optional<http::request_parser<http::string_body>> parser_;
    Request request_;
    std::string origin_;
    std::array<char, 16 * 1024> drain_buffer_{};
};

}  // namespace

void start_http_session(net::ip::tcp::socket socket, std::shared_ptr<ServerContext> context,
                        std::shared_ptr<net::ssl::context> tls) {
    if (tls) {
        std::make_shared<HttpSession<beast::ssl_stream<beast::tcp_stream>>>(std::move(socket), std::move(context),
                                                                            std::move(tls))
            ->run();
    } else {
        std::make_shared<HttpSession<beast::tcp_stream>>(std::move(socket), std::move(context), nullptr)->run();
    }
}

}  // namespace server
