// The echo baseline end to end: agentdesk-sim --scenario echo against a real agentdesk-echo on an ephemeral
// loopback port, as scripts/bench.sh runs them, and the echo server's clean exit on SIGTERM.
#include "child_process.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <signal.h>

#include <regex>

using namespace std::chrono;
using simtest::ChildProcess;

namespace {

constexpr auto kEchoStartTimeout = seconds(10);
constexpr auto kSimTimeout = seconds(30);
constexpr auto kEchoStopTimeout = seconds(5);

// agentdesk-echo --port 0, its port read from the line bench.sh parses.
struct RunningEcho {
    simtest::TempDir dir;
    std::string log = dir.path() + "/echo.log";
    std::unique_ptr<ChildProcess> process;
    int port = 0;

    RunningEcho() {
        REQUIRE_FALSE(dir.path().empty());
        process = std::make_unique<ChildProcess>(std::vector<std::string>{AGENTDESK_ECHO_BIN, "--port", "0"}, log);
        REQUIRE(process->started());
        const std::string text = simtest::wait_for_text(log, "listening on http://", kEchoStartTimeout);
        std::smatch match;
        INFO("echo output: " << text);
        REQUIRE(std::regex_search(text, match, std::regex(R"(listening on http://127\.0\.0\.1:(\d+)\n)")));
        port = std::stoi(match[1]);
    }
};

}  // namespace

TEST_CASE("echo scenario: every sender's texts come back; CPU per echo and memory of the echo server") {
    RunningEcho echo;
    const std::string output = echo.dir.path() + "/sim.log";
    ChildProcess sim({AGENTDESK_SIM_BIN, "--url", "ws://127.0.0.1:" + std::to_string(echo.port) + "/any/path",
                      "--scenario", "echo", "--chats", "20", "--agents", "5", "--in-flight", "2", "--duration", "2",
                      "--server-pid", std::to_string(echo.process->pid())},
                     output);
    REQUIRE(sim.started());
    const auto code = sim.wait_for_exit(kSimTimeout);
    const std::string text = simtest::read_file(output);
    INFO("simulator output:\n" << text);
    REQUIRE(code == 0);
    const auto brace = text.rfind("\n{");
    REQUIRE(brace != std::string::npos);
    auto json = nlohmann::json::parse(text.substr(brace + 1), nullptr, false);
    REQUIRE(json.is_object());
    CHECK(json["scenario"] == "echo");
    CHECK(json["setup"]["chatsConnected"] == 20);
    CHECK(json["setup"]["agentsConnected"] == 5);
    CHECK(json["sent"].get<int>() > 100);
    CHECK(json["echoed"].get<int>() >= json["sent"].get<int>() - 20 * 2);  // at most in-flight per sender missing
    CHECK(json["echoedPerSec"].get<double>() > 0);
    CHECK(json["latencyMs"]["p50"].get<double>() > 0);
    CHECK(json["latencyMs"]["max"].get<double>() >= json["latencyMs"]["p99"].get<double>());
    CHECK(json["errors"]["total"] == 0);
    CHECK(json["errors"]["disconnects"] == 0);
    CHECK(json["server"]["vmHwmKiB"].get<int>() > 100);
    CHECK(json["server"]["cpuUsPerMsg"].is_number());
    CHECK(json["simulator"]["cpuUsPerMsg"].is_number());

    REQUIRE(::kill(echo.process->pid(), SIGTERM) == 0);
    CHECK(echo.process->wait_for_exit(kEchoStopTimeout) == 0);
}

TEST_CASE("echo server: a bad argument exits 2 with the reason") {
    simtest::TempDir dir;
    const std::string output = dir.path() + "/echo.log";
    ChildProcess echo({AGENTDESK_ECHO_BIN, "--port", "70000"}, output);
    REQUIRE(echo.started());
    CHECK(echo.wait_for_exit(kEchoStopTimeout) == 2);
    CHECK(simtest::read_file(output).find("--port: must be 0..65535") != std::string::npos);
}
