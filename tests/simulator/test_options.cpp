// Command-line parsing: every setting's edges, and readable errors for bad input.
#include "options.hpp"

#include <doctest/doctest.h>

using namespace sim;

namespace {

SimOptions ok(std::vector<std::string> args) {
    auto outcome = parse_options(args);
    if (auto* e = std::get_if<ArgError>(&outcome)) FAIL_CHECK("unexpected error: " << e->message);
    REQUIRE(std::holds_alternative<SimOptions>(outcome));
    return std::get<SimOptions>(outcome);
}

std::string error(std::vector<std::string> args) {
    auto outcome = parse_options(args);
    REQUIRE(std::holds_alternative<ArgError>(outcome));
    return std::get<ArgError>(outcome).message;
}

}  // namespace

TEST_CASE("defaults and the demo command line") {
    auto o = ok({"--url", "ws://127.0.0.1:9000/ws", "--chats", "5", "--scenario", "accident"});
    CHECK(o.url.host == "127.0.0.1");
    CHECK(o.url.port == 9000);
    CHECK(o.url.path == "/ws");
    CHECK(o.chats == 5);
    CHECK(o.scenario == ScenarioName::accident);
    CHECK(o.duration_s == 60);
    CHECK(o.threads == 1);
}

TEST_CASE("load defaults to 10 s and needs agent accounts") {
    CHECK(error({"--scenario", "load"}).find("--agents-file") != std::string::npos);
    auto o = ok({"--scenario", "load", "--agents-file", "agents.txt"});
    CHECK(o.duration_s == 10);
    CHECK(o.agents == 200);
    auto longer = ok({"--scenario", "load", "--agents-file", "a", "--duration", "30"});
    CHECK(longer.duration_s == 30);
}

TEST_CASE("echo baseline: the load's settings, no agent accounts, 10 s by default") {
    auto o = ok({"--scenario",      "echo", "--url",           "ws://127.0.0.1:9001/ws",
                 "--chats",         "2000", "--agents",        "200",
                 "--rate",          "5000", "--in-flight",     "4",
                 "--message-bytes", "100",  "--threads",       "2",
                 "--server-pid",    "4242", "--setup-timeout", "30"});
    CHECK(o.scenario == ScenarioName::echo);
    CHECK(std::string(to_string(o.scenario)) == "echo");
    CHECK(o.url.port == 9001);
    CHECK(o.chats == 2000);
    CHECK(o.agents == 200);
    CHECK(o.rate == 5000);
    CHECK(o.in_flight == 4);
    CHECK(o.message_bytes == 100);
    CHECK(o.threads == 2);
    CHECK(o.server_pid == 4242);
    CHECK(o.setup_timeout_s == 30);
    CHECK(o.duration_s == 10);
    CHECK(o.agents_file.empty());
    CHECK(ok({"--scenario", "echo", "--duration", "3"}).duration_s == 3);
    CHECK(ok({"--duration", "3", "--scenario", "echo"}).duration_s == 3);  // order does not matter
    CHECK(ok({"--scenario", "echo"}).agents == 200);
    // The same bounds as the load.
    CHECK(error({"--scenario", "echo", "--agents", std::to_string(kMaxAgents + 1)}).find("--agents") == 0);
    CHECK(error({"--scenario", "echo", "--in-flight", "0"}).find("--in-flight") == 0);
    CHECK(error({"--scenario", "echo", "--message-bytes", std::to_string(kMaxMessageBytes + 1)})
              .find("--message-bytes") == 0);
    CHECK(error({"--scenario", "ECHO"}).find("accident, question, load or echo") != std::string::npos);
    CHECK(usage_text().find("--scenario echo") != std::string::npos);
}

TEST_CASE("integer settings are bounded at their edges") {
    CHECK(ok({"--chats", "1"}).chats == 1);
    CHECK(ok({"--chats", std::to_string(kMaxChats)}).chats == kMaxChats);
    CHECK(error({"--chats", "0"}) == "--chats: must be 1..50000, got '0'");
    CHECK(error({"--chats", std::to_string(kMaxChats + 1)}).find("--chats") == 0);
    CHECK(ok({"--duration", "1"}).duration_s == 1);
    CHECK(ok({"--duration", std::to_string(kMaxDurationS)}).duration_s == kMaxDurationS);
    CHECK(error({"--duration", std::to_string(kMaxDurationS + 1)}).find("--duration") == 0);
    CHECK(ok({"--threads", std::to_string(kMaxThreads)}).threads == kMaxThreads);
    CHECK(error({"--threads", "0"}).find("--threads") == 0);
    CHECK(ok({"--in-flight", std::to_string(kMaxInFlight)}).in_flight == kMaxInFlight);
    CHECK(error({"--in-flight", std::to_string(kMaxInFlight + 1)}).find("--in-flight") == 0);
    CHECK(ok({"--message-bytes", std::to_string(kMinMessageBytes)}).message_bytes == kMinMessageBytes);
    CHECK(error({"--message-bytes", std::to_string(kMinMessageBytes - 1)}).find("--message-bytes") == 0);
    CHECK(ok({"--agents", std::to_string(kMaxAgents)}).agents == kMaxAgents);
    CHECK(error({"--agents", std::to_string(kMaxAgents + 1)}).find("--agents") == 0);
    CHECK(ok({"--setup-timeout", std::to_string(kMaxSetupTimeoutS)}).setup_timeout_s == kMaxSetupTimeoutS);
    CHECK(error({"--server-pid", "0"}).find("--server-pid") == 0);
}

TEST_CASE("numbers must be whole numbers, with nothing after them") {
    CHECK(error({"--chats", "5x"}).find("got '5x'") != std::string::npos);
    CHECK(error({"--chats", "-3"}).find("--chats") == 0);
    CHECK(error({"--chats", ""}).find("--chats") == 0);
    CHECK(error({"--chats", "2.5"}).find("--chats") == 0);
}

TEST_CASE("real-valued settings: rate and pace") {
    CHECK(ok({"--rate", "0"}).rate == 0);
    CHECK(ok({"--rate", "20000"}).rate == 20000);
    CHECK(error({"--rate", "-1"}).find("--rate") == 0);
    CHECK(error({"--rate", "nan"}).find("--rate") == 0);
    CHECK(error({"--rate", "1e9"}).find("--rate") == 0);
    CHECK(ok({"--pace", "0.01"}).pace == doctest::Approx(0.01));
    CHECK(error({"--pace", "0.001"}).find("--pace") == 0);
    CHECK(error({"--pace", "101"}).find("--pace") == 0);
}

TEST_CASE("unknown, incomplete and stray arguments") {
    CHECK(error({"--chat", "5"}) == "unknown option '--chat' (see --help)");
    CHECK(error({"--chats"}) == "--chats: needs a value");
    CHECK(error({"five"}).find("unexpected argument 'five'") == 0);
    CHECK(error({"--scenario", "crash"}).find("accident, question, load or echo") != std::string::npos);
    CHECK(std::holds_alternative<HelpRequested>(parse_options({"--chats", "3", "--help"})));
    CHECK(ok({"--quiet"}).quiet);
}

TEST_CASE("URLs: ws:// only, with a host and a valid port") {
    CHECK(error({"--url", "wss://example.org/ws"}).find("wss:// is not supported") != std::string::npos);
    CHECK(error({"--url", "http://127.0.0.1/ws"}).find("must start with ws://") != std::string::npos);
    CHECK(error({"--url", "ws:///ws"}).find("no host") != std::string::npos);
    CHECK(error({"--url", "ws://h:0/ws"}).find("port") != std::string::npos);
    CHECK(error({"--url", "ws://h:65536/ws"}).find("port") != std::string::npos);
    CHECK(error({"--url", "ws://h:/ws"}).find("port") != std::string::npos);
    auto v6 = ok({"--url", "ws://[::1]:8081/ws?x=1"}).url;
    CHECK(v6.host == "::1");
    CHECK(v6.port == 8081);
    CHECK(v6.path == "/ws?x=1");
    CHECK(v6.host_header() == "[::1]:8081");
    auto bare = ok({"--url", "ws://localhost"}).url;
    CHECK(bare.port == 80);
    CHECK(bare.path == "/");
    CHECK(bare.host_header() == "localhost");
    CHECK(ok({"--url", "ws://[::1]/ws"}).url.port == 80);
}

TEST_CASE("agents file: username password per line") {
    auto parsed = parse_agents_file("# load agents\nanna demo-anna\n\n  ben  pw-ben  # comment\n");
    REQUIRE(std::holds_alternative<std::vector<AgentAccount>>(parsed));
    const auto& accounts = std::get<std::vector<AgentAccount>>(parsed);
    REQUIRE(accounts.size() == 2);
    CHECK(accounts[1].username == "ben");
    CHECK(accounts[1].password == "pw-ben");

    auto missing = parse_agents_file("anna demo\nben\n");
    REQUIRE(std::holds_alternative<ArgError>(missing));
    CHECK(std::get<ArgError>(missing).message == "agents file line 2: expected 'username password'");
    CHECK(std::holds_alternative<ArgError>(parse_agents_file("anna a b\n")));
    CHECK(std::get<ArgError>(parse_agents_file("# nothing\n")).message == "agents file: no accounts");
}
