#include "scripted_run.hpp"

#include "console.hpp"
#include "customer_bot.hpp"
#include "event_loop.hpp"

#include <thread>
#include <vector>

namespace sim {

ScriptedSummary run_scripted(const SimOptions& options, std::FILE* out) {
    using namespace std::chrono;
    Console console(out, !options.quiet);
    ScriptedTally tally;
    EventLoop loop(options.threads);
    std::vector<std::shared_ptr<CustomerBot>> customers;
    customers.reserve(static_cast<std::size_t>(options.chats));

    console.line(std::string("starting ") + std::to_string(options.chats) + " '" + to_string(options.scenario) +
                 "' customers against ws://" + options.url.host_header() + options.url.path + " for " +
                 std::to_string(options.duration_s) + " s");
    loop.start();
    const auto deadline = steady_clock::now() + seconds(options.duration_s);
    const auto stagger = milliseconds(static_cast<long long>(kCustomerStaggerMs * options.pace));
    for (int i = 0; i < options.chats && steady_clock::now() < deadline; ++i) {
        if (i > 0) std::this_thread::sleep_for(stagger);
        customers.push_back(CustomerBot::start(
            loop, options.url, i, make_script(options.scenario, i, options.seed, options.pace), console, tally));
    }
    std::this_thread::sleep_until(deadline);
    for (auto& customer : customers) customer->time_up();
    const auto grace_end = steady_clock::now() + milliseconds(kGoodbyeGraceMs);
    while (tally.finished < static_cast<int>(customers.size()) && steady_clock::now() < grace_end) {
        std::this_thread::sleep_for(milliseconds(20));
    }
    loop.stop();

    ScriptedSummary summary;
    summary.chats = static_cast<int>(customers.size());
    summary.started = tally.chats_started;
    summary.assigned = tally.chats_assigned;
    summary.texts = tally.texts_sent;
    summary.locations = tally.locations_sent;
    summary.pictures = tally.pictures_uploaded;
    summary.calls = tally.calls_answered;
    summary.acks = tally.acks;
    summary.errors = tally.errors;
    return summary;
}

}  // namespace sim
