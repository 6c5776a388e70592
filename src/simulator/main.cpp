// agentdesk-sim: scripted mobile customers for demos, the load benchmark and its echo baseline. See --help.
#include "echo_run.hpp"
#include "load_run.hpp"
#include "options.hpp"
#include "scripted_run.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace {

// Each chat and each agent is a socket: allow as many descriptors as the hard limit permits.
void raise_descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

int run_load_cli(const sim::SimOptions& options) {
    std::ifstream file(options.agents_file);
    if (!file) {
        std::fprintf(stderr, "agentdesk-sim: --agents-file: cannot read '%s'\n", options.agents_file.c_str());
        return 2;
    }
    std::ostringstream text;
    text << file.rdbuf();
    auto accounts = sim::parse_agents_file(text.str());
    if (auto* error = std::get_if<sim::ArgError>(&accounts)) {
        std::fprintf(stderr, "agentdesk-sim: %s\n", error->message.c_str());
        return 2;
    }
    const auto& list = std::get<std::vector<sim::AgentAccount>>(accounts);
    if (static_cast<int>(list.size()) < options.agents) {
        std::fprintf(stderr, "agentdesk-sim: --agents %d but the agents file has only %zu accounts\n", options.agents,
                     list.size());
        return 2;
    }
    auto outcome = sim::run_load(options, list, stderr);
    if (auto* failure = std::get_if<sim::LoadFailure>(&outcome)) {
        std::fprintf(stderr, "agentdesk-sim: load benchmark failed: %s\n", failure->message.c_str());
        std::printf("%s\n", sim::to_json_line(failure->partial).c_str());
        return 1;
    }
    std::printf("%s\n", sim::to_json_line(std::get<sim::LoadReport>(outcome)).c_str());
    return 0;
}

int run_echo_cli(const sim::SimOptions& options) {
    auto outcome = sim::run_echo(options, stderr);
    if (auto* failure = std::get_if<sim::EchoFailure>(&outcome)) {
        std::fprintf(stderr, "agentdesk-sim: echo baseline failed: %s\n", failure->message.c_str());
        std::printf("%s\n", sim::to_json_line(failure->partial).c_str());
        return 1;
    }
    std::printf("%s\n", sim::to_json_line(std::get<sim::EchoReport>(outcome)).c_str());
    return 0;
}

int run_scripted_cli(const sim::SimOptions& options) {
    const auto s = sim::run_scripted(options, stdout);
    std::printf(
        "summary: %d chats, %d started, %d reached an agent; sent %d texts, %d locations, %d photos, "
        "answered %d calls; %d acks, %d errors\n",
        s.chats, s.started, s.assigned, s.texts, s.locations, s.pictures, s.calls, s.acks, s.errors);
    // Success means every chat started and nothing was refused; reaching an agent depends on agents being there.
    return s.started == s.chats && s.errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    auto parsed = sim::parse_options(args);
    if (std::holds_alternative<sim::HelpRequested>(parsed)) {
        std::fputs(sim::usage_text().c_str(), stdout);
        return 0;
    }
    if (auto* error = std::get_if<sim::ArgError>(&parsed)) {
        std::fprintf(stderr, "agentdesk-sim: %s\n\n%s", error->message.c_str(), sim::usage_text().c_str());
        return 2;
    }
    const auto& options = std::get<sim::SimOptions>(parsed);
    raise_descriptor_limit();
    switch (options.scenario) {
        case sim::ScenarioName::load:
            return run_load_cli(options);
        case sim::ScenarioName::echo:
            return run_echo_cli(options);
        case sim::ScenarioName::accident:
        case sim::ScenarioName::question:
            break;
    }
    return run_scripted_cli(options);
}
