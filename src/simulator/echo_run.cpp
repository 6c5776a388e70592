#include "echo_run.hpp"

#include "console.hpp"
#include "echo_client.hpp"
#include "event_loop.hpp"
#include "run_window.hpp"

#include <memory>
#include <thread>
#include <vector>

namespace sim {

using namespace std::chrono;

std::variant<EchoReport, EchoFailure> run_echo(const SimOptions& options, std::FILE* progress) {
    Console console(progress);
    EventLoop loop(options.threads);
    loop.start();
    const auto setup_start = steady_clock::now();
    const auto setup_deadline = setup_start + seconds(options.setup_timeout_s);

    // The load's order: its agents connect first, then the customers.
    const double interval_ms = options.rate > 0 ? 1000.0 * options.chats / options.rate : 0;
    std::vector<std::shared_ptr<EchoClient>> idle;
    std::vector<std::shared_ptr<EchoClient>> senders;
    int opened = 0;
    for (int i = 0; i < options.agents; ++i) {
        idle.push_back(EchoClient::start(loop, EchoClientSettings{options.url, i, false, 0, 0, 0}));
        pause_between_batches(++opened);
    }
    for (int i = 0; i < options.chats; ++i) {
        senders.push_back(EchoClient::start(
            loop, EchoClientSettings{options.url, i, true, options.in_flight, interval_ms, options.message_bytes}));
        pause_between_batches(++opened);
    }
    auto count_connected = [](const std::vector<std::shared_ptr<EchoClient>>& clients) {
        int n = 0;
        for (const auto& c : clients) n += c->connected ? 1 : 0;
        return n;
    };
    auto settled = [&] {  // every connection is open, or has failed
        for (const auto* group : {&idle, &senders}) {
            for (const auto& c : *group) {
                if (!c->connected && !c->failed) return false;
            }
        }
        return true;
    };
    wait_until(settled, setup_deadline);

    EchoReport partial;
    partial.setup.chats_requested = options.chats;
    partial.setup.agents_requested = options.agents;
    partial.setup.chats_connected = count_connected(senders);
    partial.setup.agents_connected = count_connected(idle);
    partial.setup.setup_ms = duration<double, std::milli>(steady_clock::now() - setup_start).count();
    console.line(std::to_string(partial.setup.chats_connected) + "/" + std::to_string(options.chats) + " sending and " +
                 std::to_string(partial.setup.agents_connected) + "/" + std::to_string(options.agents) +
                 " idle connections open");

    auto stop_all = [&] {
        for (auto& c : senders) c->stop();
        for (auto& c : idle) c->stop();
        std::this_thread::sleep_for(milliseconds(kCloseGraceMs));
        loop.stop();  // joins the io threads: every record is complete and safe to read
    };
    if (partial.setup.chats_connected == 0) {
        stop_all();
        std::string why = "no sending connection opened";
        if (const auto& first = senders.front()->record(); !first.closed_because.empty()) {
            why += " (first: " + first.closed_because + ")";
        }
        return EchoFailure{why + " within --setup-timeout " + std::to_string(options.setup_timeout_s) + " s", partial};
    }

    const LoadWindow window = window_from_now(options.duration_s);
    for (auto& c : senders) c->send_between(window.begin_ns, window.end_ns);
    console.line("measuring for " + std::to_string(options.duration_s) + " s");
    const WindowUsage usage = measure_window(window, options.server_pid);
    std::this_thread::sleep_for(milliseconds(kDrainMs));
    // Sockets lost before we close them ourselves are failures.
    std::int64_t disconnects = 0;
    for (const auto* group : {&idle, &senders}) {
        for (const auto& c : *group) disconnects += c->failed ? 1 : 0;
    }
    stop_all();

    std::vector<EchoConnectionRecord> records;
    for (const auto* group : {&idle, &senders}) {
        for (const auto& c : *group) records.push_back(c->record());
    }
    EchoReport report = summarize_echo(window, records);
    report.disconnects = disconnects;
    report.url = "ws://" + options.url.host_header() + options.url.path;
    report.threads = options.threads;
    report.rate_target = options.rate;
    report.in_flight = options.in_flight;
    report.message_bytes = options.message_bytes;
    report.setup = partial.setup;
    report.server_pid = options.server_pid;
    report.server_memory = usage.server_memory;
    report.server_cpu_ms = usage.server_cpu_ms;
    report.sim_cpu_ms = usage.sim_cpu_ms;
    return report;
}

}  // namespace sim
