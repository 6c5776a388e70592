#include <fstream>
// Integration: sessions (login, resume, customer start/resume, takeover, logout), health, static files.
#include "it_helpers.hpp"

using namespace testing;

TEST_CASE("server prints its port, answers /health and serves nothing without static dirs") {
    Server server;
    REQUIRE(server.port() != 0);
    CHECK(server.process.stdout_lines().at(0) == "listening on http://127.0.0.1:" + std::to_string(server.port()));
    CHECK(server.process.stdout_lines().size() == 5);  // the demo agents and the demo supervisor follow
    auto health = http_request(server.port(), "GET", "/health");
    REQUIRE(health.status == 200);
    const auto body = health.json();
    CHECK(body["status"] == "ok");
    CHECK(body["version"].is_string());
    CHECK(body["uptimeMs"].is_number_integer());
    CHECK(body["connections"].get<int>() >= 1);
    CHECK(body["chats"]["queued"] == 0);
    CHECK(body["chats"]["active"] == 0);
    CHECK(http_request(server.port(), "GET", "/").status == 404);
    CHECK(http_request(server.port(), "GET", "/api/nothing").status == 404);
    CHECK(http_request(server.port(), "DELETE", "/health").status == 405);
}

TEST_CASE("agent login: good and bad passwords, first-frame rules, version") {
    Server server;
    REQUIRE(server.port() != 0);
    auto ws = WsClient::connect(server.port());
    REQUIRE(ws);
    // Anything but an opener first: unauthorized, and the socket stays open.
    ws->send({{"type", "agents.list"}, {"rid", "x"}});
    auto refused = error_for(*ws, "x");
    CHECK(refused["code"] == "unauthorized");
    ws->send({{"type", "agent.login"}, {"rid", "v"}, {"protocol", 2}, {"username", "anna"}, {"password", "demo-anna"}});
    auto version = error_for(*ws, "v");
    CHECK(version["code"] == "unsupported_version");
    CHECK(version["supported"] == Json::array({1}));
    ws->send({{"type", "agent.login"}, {"rid", "bad"}, {"protocol", 1}, {"username", "anna"}, {"password", "wrong"}});
    CHECK(error_for(*ws, "bad")["code"] == "unauthorized");
    ws->send(
        {{"type", "agent.login"}, {"rid", "nobody"}, {"protocol", 1}, {"username", "zoe"}, {"password", "demo-zoe"}});
    CHECK(error_for(*ws, "nobody")["code"] == "unauthorized");
    ws->send(
        {{"type", "agent.login"}, {"rid", "ok"}, {"protocol", 1}, {"username", "anna"}, {"password", "demo-anna"}});
    auto welcome = ws->read_until([](const Json& f) { return f.value("rid", "") == "ok"; }, 15000ms);
    REQUIRE(welcome);
    CHECK((*welcome)["type"] == "agent.welcome");
    CHECK((*welcome)["token"].get<std::string>().size() == 43);
    CHECK((*welcome)["agent"]["displayName"] == "Anna Berger");
    CHECK((*welcome)["presence"]["state"] == "not_ready");
    CHECK((*welcome)["capacity"] == 4);
    CHECK((*welcome)["limits"]["maxFrameBytes"] == 65536);
    CHECK_FALSE((*welcome)["config"]["dispositions"].empty());
    // Logged in: openers are no longer accepted, customer messages neither.
    ws->send({{"type", "customer.start"}, {"rid", "c"}, {"protocol", 1}, {"name", "X"}});
    CHECK(error_for(*ws, "c")["code"] == "unknown_type");
    ws->send({{"type", "agents.list"}, {"rid", "l"}});
    auto agents = ws->read_until([](const Json& f) { return f.value("rid", "") == "l"; });
    REQUIRE(agents);
    CHECK((*agents)["type"] == "agents");
    CHECK((*agents)["agents"].size() == 1);
}

TEST_CASE("agent resume by token; a new login replaces the old socket (4001); logout ends the token") {
    Server server;
    REQUIRE(server.port() != 0);
    auto first = login_agent(server.port(), "ben", false);
    REQUIRE(first.ws);
    auto resumed = WsClient::connect(server.port());
    REQUIRE(resumed);
    resumed->send({{"type", "agent.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", first.token}});
    auto welcome = resumed->read_until([](const Json& f) { return f.value("rid", "") == "r"; });
    REQUIRE(welcome);
    CHECK((*welcome)["type"] == "agent.welcome");
    CHECK((*welcome)["agent"]["username"] == "ben");
    auto bad = WsClient::connect(server.port());
    bad->send({{"type", "agent.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", std::string(43, 'A')}});
    CHECK(error_for(*bad, "r")["code"] == "unauthorized");

    auto second = login_agent(server.port(), "ben", false);
    REQUIRE(second.ws);
    CHECK(first.ws->read_type("session.replaced"));
    CHECK(first.ws->wait_closed() == 4001);
    CHECK(resumed->wait_closed() == 4001);
    // The replaced token no longer works.
    auto stale = WsClient::connect(server.port());
    stale->send({{"type", "agent.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", first.token}});
    CHECK(error_for(*stale, "r")["code"] == "unauthorized");

    second.ws->send({{"type", "agent.logout"}, {"rid", "out"}});
    auto ok = second.ws->read_until([](const Json& f) { return f.value("rid", "") == "out"; });
    REQUIRE(ok);
    CHECK((*ok)["type"] == "ok");
    CHECK(second.ws->wait_closed().has_value());
    auto after = WsClient::connect(server.port());
    after->send({{"type", "agent.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", second.token}});
    CHECK(error_for(*after, "r")["code"] == "unauthorized");
}

TEST_CASE("customer start and resume; queue position; validation of the start frame") {
    Server server;
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    const auto& chat = customer.welcome["chat"];
    CHECK(chat["status"] == "queued");
    CHECK(chat["customer"]["phone"] == "+4915112345678");
    CHECK(chat["context"]["Policy"] == "KFZ-2231-77");
    CHECK(customer.token.size() == 43);
    auto queue = customer.ws->read_type("queue");
    REQUIRE(queue);
    CHECK((*queue)["position"] == 1);
    auto second = start_customer(server.port(), "Erika");
    REQUIRE(second.ws);
    CHECK((*second.ws->read_type("queue"))["position"] == 2);

    customer.ws->drop();
    auto again = WsClient::connect(server.port());
    again->send({{"type", "customer.resume"}, {"rid", "r"}, {"protocol", 1}, {"token", customer.token}});
    auto welcome = again->read_until([](const Json& f) { return f.value("rid", "") == "r"; });
    REQUIRE(welcome);
    CHECK((*welcome)["chat"]["chatId"] == customer.chat_id);
    CHECK((*again->read_type("queue"))["position"] == 1);

    auto bad = WsClient::connect(server.port());
    bad->send({{"type", "customer.start"}, {"rid", "p"}, {"protocol", 1}, {"name", "X"}, {"phone", "call me"}});
    auto phone = error_for(*bad, "p");
    CHECK(phone["code"] == "invalid_field");
    CHECK(phone["field"] == "phone");
    Json big_context = Json::object();
    for (int i = 0; i < 33; ++i) big_context["k" + std::to_string(i)] = "v";
    bad->send({{"type", "customer.start"}, {"rid", "ctx"}, {"protocol", 1}, {"name", "X"}, {"context", big_context}});
    CHECK(error_for(*bad, "ctx")["code"] == "too_large");
    bad->send({{"type", "customer.start"}, {"rid", "n"}, {"protocol", 1}, {"name", std::string(81, 'n')}});
    CHECK(error_for(*bad, "n")["code"] == "invalid_field");
    // Customers may not send agent messages.
    customer = {};
    again->send({{"type", "agents.list"}, {"rid", "a"}});
    CHECK(error_for(*again, "a")["code"] == "unknown_type");
    auto health = http_request(server.port(), "GET", "/health").json();
    CHECK(health["chats"]["queued"] == 2);
}

TEST_CASE("static files: desktop at /, customer app at /customer/, wasm MIME, brotli variant, no traversal") {
    TempDir web;
    std::filesystem::create_directories(web.path() / "desk");
    std::filesystem::create_directories(web.path() / "cust");
    auto write = [](const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; };
    write(web.path() / "desk" / "index.html", "<html>desk</html>");
    write(web.path() / "desk" / "app.wasm", "plain-wasm");
    write(web.path() / "desk" / "app.wasm.br", "brotli-wasm");
    write(web.path() / "cust" / "index.html", "<html>customer</html>");
    write(web.path() / "secret.txt", "secret");
    Server server({"--desktop-dir", (web.path() / "desk").string(), "--customer-dir", (web.path() / "cust").string()});
    REQUIRE(server.port() != 0);
    auto index = http_request(server.port(), "GET", "/");
    CHECK(index.status == 200);
    CHECK(index.body == "<html>desk</html>");
    CHECK(index.headers["content-type"] == "text/html; charset=utf-8");
    auto wasm = http_request(server.port(), "GET", "/app.wasm");
    CHECK(wasm.headers["content-type"] == "application/wasm");
    CHECK(wasm.body == "plain-wasm");
    auto br = http_request(server.port(), "GET", "/app.wasm", "", {{"Accept-Encoding", "gzip, br"}});
    CHECK(br.headers["content-encoding"] == "br");
    CHECK(br.body == "brotli-wasm");
    CHECK(http_request(server.port(), "GET", "/customer/").body == "<html>customer</html>");
    {
        // The redirect is complete (Content-Length: 0), so a keep-alive client does not wait for a body.
        const auto started = std::chrono::steady_clock::now();
        auto redirect = http_request(server.port(), "GET", "/customer", "", {}, 3000ms);
        const auto took = std::chrono::steady_clock::now() - started;
        CHECK(redirect.status == 301);
        CHECK(redirect.headers["location"] == "/customer/");
        CHECK(redirect.headers["content-length"] == "0");
        CHECK(took < 2000ms);
    }
    CHECK(http_request(server.port(), "GET", "/../secret.txt").status == 404);
    CHECK(http_request(server.port(), "GET", "/%2e%2e/secret.txt").status == 404);
    CHECK(http_request(server.port(), "HEAD", "/").status == 200);
}

TEST_CASE("allowed origins: foreign origins are refused for /ws and /api, CORS for listed ones") {
    TempDir config_dir;
    const auto config = config_dir.path() / "config.json";
    std::ofstream(config) << R"({"allowedOrigins":["https://desk.example"]})";
    Server server({"--config", config.string()});
    REQUIRE(server.port() != 0);
    std::string error;
    CHECK_FALSE(WsClient::connect(server.port(), &error, "https://evil.example"));
    CHECK(WsClient::connect(server.port(), &error, "https://desk.example"));
    CHECK(WsClient::connect(server.port()));  // native clients send no Origin
    CHECK(http_request(server.port(), "GET", "/health", "", {{"Origin", "https://evil.example"}}).status == 403);
    auto ok = http_request(server.port(), "GET", "/health", "", {{"Origin", "https://desk.example"}});
    CHECK(ok.status == 200);
    CHECK(ok.headers["access-control-allow-origin"] == "https://desk.example");
    auto preflight = http_request(server.port(), "OPTIONS", "/api/files/f1", "", {{"Origin", "https://desk.example"}});
    CHECK(preflight.status == 204);
    CHECK(preflight.headers["access-control-allow-headers"].find("Authorization") != std::string::npos);
}

TEST_CASE("graceful shutdown: sockets close with 1001, exit code 0") {
    Server server;
    REQUIRE(server.port() != 0);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    CHECK(server.process.terminate() == 0);
    CHECK(customer.ws->wait_closed() == 1001);
}

TEST_CASE("two io threads: the same protocol works (sessions on strands, hub on its own strand)") {
    Server server({"--threads", "2"});
    REQUIRE(server.port() != 0);
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    std::vector<CustomerClient> customers;
    for (int i = 0; i < 4; ++i) {
        customers.push_back(start_customer(server.port(), "Kunde " + std::to_string(i)));
        REQUIRE(customers.back().ws);
    }
    for (auto& customer : customers) REQUIRE(accept_next_offer(anna, customer.chat_id));
    for (int round = 0; round < 10; ++round) {
        for (auto& customer : customers) {
            auto ack = send_text(*customer.ws, customer.chat_id, "m" + std::to_string(round), "Hallo",
                                 "r" + std::to_string(round));
            REQUIRE(ack);
            CHECK((*ack)["seq"] == round + 2);  // after `joined`
        }
    }
    int events = 0;
    while (anna.ws->read_type("event", 500ms)) ++events;
    CHECK(events >= 40);
    CHECK(server.process.terminate() == 0);
}
