// Hosting: the origin allow-list from the command line (--allowed-origin, repeatable) with clear refusals, and the
// server's own TLS (--tls-cert/--tls-key) with a self-signed certificate made by Debian's openssl in the test.
#include <cstdlib>
#include <fstream>

#include "it_helpers.hpp"
#include "tls_client.hpp"

using namespace testing;

namespace {

// A self-signed certificate for 127.0.0.1 (EC P-256, valid two days) in `dir`: DIR/NAME.pem and DIR/NAME.key.
bool make_certificate(const std::filesystem::path& dir, const std::string& name) {
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
        "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
        (dir / (name + ".key")).string() + "' -out '" + (dir / (name + ".pem")).string() + "' >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
}

// A WebSocket upgrade request as a browser on `origin` sends it, over plain HTTP, to read the refusal.
HttpResponse upgrade_request(std::uint16_t port, const std::string& origin) {
    return http_request(port, "GET", "/ws", "",
                        {{"Connection", "Upgrade"},
                         {"Upgrade", "websocket"},
                         {"Sec-WebSocket-Version", "13"},
                         {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                         {"Origin", origin}});
}

Json login_frame(const std::string& username) {
    return {{"type", "agent.login"},
            {"rid", "login"},
            {"protocol", 1},
            {"username", username},
            {"password", "demo-" + username}};
}

}  // namespace

TEST_CASE("--allowed-origin (repeatable): listed origins get CORS, a foreign origin gets 403 forbidden") {
    Server server({"--allowed-origin", "https://desk.example", "--allowed-origin", "http://127.0.0.1:8081"});
    REQUIRE(server.port() != 0);
    std::string error;
    CHECK(WsClient::connect(server.port(), &error, "https://desk.example"));
    CHECK(WsClient::connect(server.port(), &error, "http://127.0.0.1:8081"));
    CHECK_FALSE(WsClient::connect(server.port(), &error, "https://desk.example.evil"));
    CHECK_FALSE(WsClient::connect(server.port(), &error, "http://127.0.0.1:8082"));  // another port is another origin

    const auto refused = upgrade_request(server.port(), "https://evil.example");
    CHECK(refused.status == 403);
    CHECK(refused.json()["code"] == "forbidden");
    CHECK(refused.json()["message"] == "origin not allowed");
    CHECK(refused.headers.count("access-control-allow-origin") == 0);
    CHECK(upgrade_request(server.port(), "https://desk.example").status == 101);

    // Upload preflight and download answer listed origins with CORS headers, foreign ones with 403.
    auto preflight = http_request(server.port(), "OPTIONS", "/api/chats/c1/files?name=a.png&clientId=u1", "",
                                  {{"Origin", "http://127.0.0.1:8081"},
                                   {"Access-Control-Request-Method", "POST"},
                                   {"Access-Control-Request-Headers", "authorization, content-type"}});
    CHECK(preflight.status == 204);
    CHECK(preflight.headers["access-control-allow-origin"] == "http://127.0.0.1:8081");
    CHECK(preflight.headers["access-control-allow-methods"].find("POST") != std::string::npos);
    CHECK(preflight.headers["vary"].find("Origin") != std::string::npos);
    CHECK(http_request(server.port(), "OPTIONS", "/api/chats/c1/files", "", {{"Origin", "https://evil.example"}})
              .status == 403);
    auto download =
        http_request(server.port(), "GET", "/api/files/f404?token=nope", "", {{"Origin", "https://desk.example"}});
    CHECK(download.status == 401);
    CHECK(download.headers["access-control-allow-origin"] == "https://desk.example");
    auto foreign_download =
        http_request(server.port(), "GET", "/api/files/f404?token=nope", "", {{"Origin", "https://evil.example"}});
    CHECK(foreign_download.status == 403);
    CHECK(foreign_download.json()["code"] == "forbidden");
}

TEST_CASE("--allowed-origin: an entry that is not an origin is a usage error") {
    TempDir dir;
    const auto bad = run_command(
        {"serve", "--data", dir.path().string(), "--port", "0", "--allowed-origin", "https://desk.example/agent/"});
    CHECK(bad.exit_code == 2);
}

TEST_CASE("TLS: https and wss with --tls-cert/--tls-key, verified against the certificate") {
    TempDir certs;
    REQUIRE(make_certificate(certs.path(), "server"));
    REQUIRE(make_certificate(certs.path(), "other"));
    const std::string cert = (certs.path() / "server.pem").string();
    const std::string key = (certs.path() / "server.key").string();
    const auto desk = certs.path() / "desk";
    std::filesystem::create_directories(desk);
    std::ofstream(desk / "index.html") << "<html>desk</html>";
    std::ofstream(desk / "app.0123456789.js") << "hashed();";
    Server server({"--tls-cert", cert, "--tls-key", key, "--allowed-origin", "https://desk.example", "--desktop-dir",
                   desk.string()});
    REQUIRE(server.port() != 0);
    REQUIRE_FALSE(server.process.stdout_lines().empty());
    CHECK(server.process.stdout_lines()[0].rfind("listening on https://127.0.0.1:", 0) == 0);

    std::string error;
    auto health = https_request(server.port(), cert, "GET", "/health", {}, &error);
    CHECK_MESSAGE(health.status == 200, error);
    CHECK(health.json()["status"] == "ok");

    // The desktop's files over https, with the caching rules of hashed and fixed names.
    auto index = https_request(server.port(), cert, "GET", "/");
    CHECK(index.status == 200);
    CHECK(index.body == "<html>desk</html>");
    CHECK(index.headers["cache-control"] == "no-cache");
    auto hashed = https_request(server.port(), cert, "GET", "/app.0123456789.js");
    CHECK(hashed.body == "hashed();");
    CHECK(hashed.headers["cache-control"].find("immutable") != std::string::npos);

    // wss: the protocol works over TLS, and the origin check still applies.
    error.clear();
    auto welcome = wss_exchange(server.port(), cert, "https://desk.example", login_frame("anna"), &error);
    REQUIRE_MESSAGE(welcome.has_value(), error);
    CHECK((*welcome)["type"] == "agent.welcome");
    error.clear();
    CHECK_FALSE(wss_exchange(server.port(), cert, "https://evil.example", login_frame("ben"), &error));
    CHECK(error.rfind("websocket handshake", 0) == 0);

    // A client that trusts another certificate refuses this server; a plain-http client gets no answer.
    error.clear();
    CHECK(https_request(server.port(), (certs.path() / "other.pem").string(), "GET", "/health", {}, &error).status ==
          0);
    CHECK(error.rfind("tls handshake", 0) == 0);
    CHECK(http_request(server.port(), "GET", "/health", "", {}, 3000ms).status == 0);
    // ...and the server still serves after both failures.
    CHECK(https_request(server.port(), cert, "GET", "/health").status == 200);
}

TEST_CASE("TLS: a missing half, an unreadable file or a key of another certificate stop the start") {
    TempDir certs;
    REQUIRE(make_certificate(certs.path(), "server"));
    REQUIRE(make_certificate(certs.path(), "other"));
    const std::string data = (certs.path() / "data").string();
    const std::string cert = (certs.path() / "server.pem").string();
    CHECK(run_command({"serve", "--data", data, "--port", "0", "--tls-cert", cert}).exit_code == 2);
    CHECK(run_command({"serve", "--data", data, "--port", "0", "--tls-cert", cert, "--tls-key",
                       (certs.path() / "missing.key").string()})
              .exit_code == 1);
    CHECK(run_command({"serve", "--data", data, "--port", "0", "--tls-cert", cert, "--tls-key",
                       (certs.path() / "other.key").string()})
              .exit_code == 1);
}

TEST_CASE("request bodies: an upload's Content-Length is judged by the upload limit, other requests by 64 KB") {
    Server server({"--set", "maxUploadBytes=200000"});
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    // Past the 64 KB limit of other requests, within the upload limit: the upload is read and answered (here:
    // refused by content, which proves the body arrived) instead of the connection being dropped after the header.
    const std::string body(150'000, 'x');
    auto upload =
        http_request(server.port(), "POST", "/api/chats/" + customer.chat_id + "/files?name=a.jpg&clientId=u1", body,
                     {{"Authorization", "Bearer " + customer.token}});
    CHECK(upload.status == 415);
    auto over = http_request(server.port(), "POST", "/api/chats/" + customer.chat_id + "/files?name=a.jpg&clientId=u2",
                             std::string(200'001, 'x'), {{"Authorization", "Bearer " + customer.token}});
    CHECK(over.status == 413);
    auto other = http_request(server.port(), "POST", "/health", body);
    CHECK(other.status == 413);
    CHECK(other.json()["code"] == "too_large");
    CHECK(http_request(server.port(), "GET", "/health").status == 200);
}
