#include "load_run.hpp"

#include "agent_bot.hpp"
#include "console.hpp"
#include "event_loop.hpp"
#include "load_customer.hpp"
#include "load_text.hpp"
#include "run_window.hpp"

#include <thread>

namespace sim {

using namespace std::chrono;

std::variant<LoadReport, LoadFailure> run_load(const SimOptions& options, const std::vector<AgentAccount>& accounts,
                                               std::FILE* progress) {
    Console console(progress);
    const int agent_count = std::min<int>(options.agents, static_cast<int>(accounts.size()));
    EventLoop loop(options.threads);
    loop.start();
    const auto setup_start = steady_clock::now();
    const auto setup_deadline = setup_start + seconds(options.setup_timeout_s);

    std::vector<std::shared_ptr<AgentBot>> agents;
    for (int i = 0; i < agent_count; ++i) {
        AgentBotSettings settings;
        settings.url = options.url;
        settings.account = accounts[static_cast<std::size_t>(i)];
        agents.push_back(AgentBot::start(loop, std::move(settings)));
        pause_between_batches(i + 1);
    }
    auto count_agents = [&] {
        int n = 0;
        for (auto& a : agents) n += a->ready ? 1 : 0;
        return n;
    };
    wait_until(
        [&] {
            for (auto& a : agents) {
                if (!a->ready && !a->failed) return false;
            }
            return true;
        },
        setup_deadline);
    console.line(std::to_string(count_agents()) + "/" + std::to_string(agent_count) + " agents ready");

    // Customers pace themselves so that all together they send `rate` messages per second.
    const double interval_ms = options.rate > 0 ? 1000.0 * options.chats / options.rate : 0;
    std::vector<std::shared_ptr<LoadCustomer>> customers;
    if (count_agents() > 0) {
        for (int i = 0; i < options.chats; ++i) {
            customers.push_back(LoadCustomer::start(
                loop, LoadCustomerSettings{options.url, i, options.in_flight, interval_ms, options.message_bytes}));
            pause_between_batches(i + 1);
        }
    }
    auto count_customers = [&](auto member) {
        int n = 0;
        for (auto& c : customers) n += ((*c).*member).load() ? 1 : 0;
        return n;
    };
    auto settled = [&] {  // every customer has an agent, or has failed
        for (auto& c : customers) {
            if (!c->joined && !c->failed) return false;
        }
        return true;
    };
    wait_until(settled, setup_deadline);

    LoadReport partial;
    partial.setup.chats_requested = options.chats;
    partial.setup.agents_requested = agent_count;
    partial.setup.agents_ready = count_agents();
    partial.setup.chats_welcomed = count_customers(&LoadCustomer::welcomed);
    partial.setup.chats_assigned = count_customers(&LoadCustomer::joined);
    partial.setup.setup_ms = duration<double, std::milli>(steady_clock::now() - setup_start).count();
    console.line(std::to_string(partial.setup.chats_welcomed) + "/" + std::to_string(options.chats) +
                 " chats started, " + std::to_string(partial.setup.chats_assigned) + " assigned to agents");

    if (partial.setup.agents_ready == 0 || partial.setup.chats_assigned == 0) {
        for (auto& c : customers) c->stop();
        for (auto& a : agents) a->stop();
        std::this_thread::sleep_for(milliseconds(kCloseGraceMs));
        loop.stop();
        std::string why =
            partial.setup.agents_ready == 0 ? "no agent could log in and go ready" : "no chat was assigned to an agent";
        if (!agents.empty()) {  // the loop is stopped: records are safe to read
            const auto& first = agents.front()->record();
            const std::string& detail = !first.login_error.empty() ? first.login_error : first.closed_because;
            if (!detail.empty()) why += " (first agent: " + detail + ")";
        }
        return LoadFailure{why + " within --setup-timeout " + std::to_string(options.setup_timeout_s) + " s", partial};
    }

    const LoadWindow window = window_from_now(options.duration_s);
    for (auto& c : customers) c->send_between(window.begin_ns, window.end_ns);
    console.line("measuring for " + std::to_string(options.duration_s) + " s");
    const WindowUsage usage = measure_window(window, options.server_pid);
    std::this_thread::sleep_for(milliseconds(kDrainMs));
    // Sockets lost before we close them ourselves are failures.
    std::int64_t disconnects = 0;
    for (auto& c : customers) disconnects += c->failed ? 1 : 0;
    for (auto& a : agents) disconnects += a->failed ? 1 : 0;
    for (auto& c : customers) c->stop();
    for (auto& a : agents) a->stop();
    std::this_thread::sleep_for(milliseconds(kCloseGraceMs));
    loop.stop();  // joins the io threads: every record below is complete and safe to read

    std::vector<LoadCustomerRecord> customer_records;
    for (auto& c : customers) customer_records.push_back(c->record());
    std::vector<AgentRecord> agent_records;
    for (auto& a : agents) agent_records.push_back(a->record());
    LoadReport report = summarize_load(window, customer_records, agent_records);
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
