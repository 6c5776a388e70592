// agentdesk-sim against a real agentdesk-server on an ephemeral loopback port, with a robot agent (the demo
// account anna) run by this test, checking what reached the agent's desk.
#include "agent_bot.hpp"
#include "child_process.hpp"
#include "event_loop.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <thread>

using namespace std::chrono;
using simtest::ChildProcess;

namespace {

constexpr auto kServerStartTimeout = seconds(15);
constexpr auto kAgentReadyTimeout = seconds(15);

// A server with the demo agents (anna, ben, clara) on an ephemeral port.
struct RunningServer {
    simtest::TempDir dir;
    std::string log = dir.path() + "/server.log";
    std::unique_ptr<ChildProcess> process;
    int port = 0;

    RunningServer() {
        REQUIRE_FALSE(dir.path().empty());
        process =
            std::make_unique<ChildProcess>(std::vector<std::string>{AGENTDESK_SERVER_BIN, "serve", "--data",
                                                                    dir.path() + "/data", "--port", "0", "--demo"},
                                           log);
        REQUIRE(process->started());
        const std::string text = simtest::wait_for_text(log, "listening on http://", kServerStartTimeout);
        std::smatch match;
        INFO("server output: " << text);
        REQUIRE(std::regex_search(text, match, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))")));
        port = std::stoi(match[1]);
        // The demo accounts are printed after the listening line.
        simtest::wait_for_text(log, "clara", seconds(5));
    }
    std::string ws_url() const { return "ws://127.0.0.1:" + std::to_string(port) + "/ws"; }
};

// A robot agent on its own event loop thread.
struct DeskAgent {
    sim::EventLoop loop{1};
    std::shared_ptr<sim::AgentBot> bot;

    DeskAgent(int port, const char* username, const char* password) {
        sim::AgentBotSettings settings;
        settings.url = sim::WsUrl{"127.0.0.1", static_cast<std::uint16_t>(port), "/ws"};
        settings.account = {username, password};
        settings.keep_transcripts = true;
        settings.probe_customer = true;
        loop.start();
        bot = sim::AgentBot::start(loop, settings);
        const auto deadline = steady_clock::now() + kAgentReadyTimeout;
        while (!bot->ready && !bot->failed && steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
        REQUIRE(bot->ready);
    }
    // Stops the loop; the record is safe to read afterwards.
    const sim::AgentRecord& finish() {
        bot->stop();
        std::this_thread::sleep_for(200ms);
        loop.stop();
        return bot->record();
    }
};

int run_sim(const std::vector<std::string>& args, const std::string& output, seconds timeout) {
    std::vector<std::string> argv{AGENTDESK_SIM_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    ChildProcess sim(argv, output);
    REQUIRE(sim.started());
    auto code = sim.wait_for_exit(timeout);
    REQUIRE_MESSAGE(code.has_value(), "agentdesk-sim did not exit in time:\n" << simtest::read_file(output));
    return *code;
}

}  // namespace

TEST_CASE("question scenario: two chats reach the agent, with the customers' data and texts, and end politely") {
    RunningServer server;
    DeskAgent agent(server.port, "anna", "demo-anna");
    const std::string output = server.dir.path() + "/sim.log";
    const int code = run_sim({"--url", server.ws_url(), "--scenario", "question", "--chats", "2", "--duration", "5"},
                             output, seconds(20));
    const std::string text = simtest::read_file(output);
    INFO("simulator output:\n" << text);
    CHECK(code == 0);
    CHECK(text.find("summary: 2 chats, 2 started, 2 reached an agent") != std::string::npos);
    std::this_thread::sleep_for(300ms);  // the last frames (ended) reach the agent
    const auto& record = agent.finish();
    INFO("agent closed: " << record.closed_because);
    CHECK(record.accepted == 2);
    REQUIRE(record.chats.size() == 2);
    for (const auto& [chat_id, view] : record.chats) {
        CAPTURE(chat_id);
        CHECK_FALSE(view.customer_name.empty());
        CHECK(view.customer_phone.rfind("+49", 0) == 0);
        REQUIRE(view.customer_texts.size() >= 2);  // the opening and at least one more before the 5 s ran out
        CHECK(view.customer_texts.front().find('?') != std::string::npos);  // every opening asks a question
        CHECK(view.locations >= 1);     // the answer to the agent's location request
        CHECK(view.call_answers == 1);  // the answer to the agent's call request
        CHECK(view.ended);              // the customer ended the chat when its time was up
    }
    CHECK(record.wrapups == 2);
    CHECK(record.errors.empty());
}

TEST_CASE("accident scenario at 10x pace: route of locations and an uploaded photo reach the agent") {
    RunningServer server;
    DeskAgent agent(server.port, "ben", "demo-ben");
    const std::string output = server.dir.path() + "/sim.log";
    const int code = run_sim(
        {"--url", server.ws_url(), "--scenario", "accident", "--chats", "1", "--duration", "8", "--pace", "0.1"},
        output, seconds(25));
    const std::string text = simtest::read_file(output);
    INFO("simulator output:\n" << text);
    CHECK(code == 0);
    CHECK(text.find("photo damage-1.png uploaded as file") != std::string::npos);
    std::this_thread::sleep_for(300ms);
    const auto& record = agent.finish();
    REQUIRE(record.chats.size() == 1);
    const auto& view = record.chats.begin()->second;
    CHECK(view.files == 1);
    CHECK(view.locations == 7);  // six along the A100 and one answer to the location request
    CHECK(view.call_answers == 1);
    CHECK(view.customer_texts.size() == 6);  // opening, four during the script, the farewell
    CHECK(view.ended);
}

TEST_CASE("load scenario: one JSON line with deliveries, latency and the server's memory") {
    RunningServer server;
    const std::string agents_file = server.dir.path() + "/agents.txt";
    {
        std::ofstream file(agents_file);
        file << "# the demo accounts\nanna demo-anna\nben demo-ben\nclara demo-clara\n";
    }
    const std::string output = server.dir.path() + "/load.log";
    const int code =
        run_sim({"--url", server.ws_url(), "--scenario", "load", "--chats", "6", "--agents", "3", "--agents-file",
                 agents_file, "--duration", "2", "--server-pid", std::to_string(server.process->pid())},
                output, seconds(30));
    const std::string text = simtest::read_file(output);
    INFO("simulator output:\n" << text);
    REQUIRE(code == 0);
    const auto brace = text.rfind("\n{");
    REQUIRE(brace != std::string::npos);
    auto json = nlohmann::json::parse(text.substr(brace + 1), nullptr, false);
    REQUIRE(json.is_object());
    CHECK(json["setup"]["agentsReady"] == 3);
    CHECK(json["setup"]["chatsAssigned"] == 6);
    CHECK(json["sent"].get<int>() > 20);
    CHECK(json["delivered"].get<int>() >= json["sent"].get<int>() - 6);  // at most one in flight per chat
    CHECK(json["latencyMs"]["p50"].get<double>() > 0);
    CHECK(json["latencyMs"]["max"].get<double>() >= json["latencyMs"]["p99"].get<double>());
    CHECK(json["errors"]["total"] == 0);
    CHECK(json["server"]["vmHwmKiB"].get<int>() > 1000);
}

TEST_CASE("load scenario: wrong passwords fail setup with a clear message and exit code 1") {
    RunningServer server;
    const std::string agents_file = server.dir.path() + "/agents.txt";
    {
        std::ofstream file(agents_file);
        file << "anna wrong-password\n";
    }
    const std::string output = server.dir.path() + "/load.log";
    const int code = run_sim({"--url", server.ws_url(), "--scenario", "load", "--chats", "2", "--agents", "1",
                              "--agents-file", agents_file, "--duration", "1", "--setup-timeout", "3"},
                             output, seconds(20));
    const std::string text = simtest::read_file(output);
    INFO("simulator output:\n" << text);
    CHECK(code == 1);
    CHECK(text.find("no agent could log in") != std::string::npos);
}
