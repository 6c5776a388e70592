#include "options.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

namespace sim {

namespace {

std::string range_message(const std::string& flag, long long lo, long long hi, const std::string& got) {
    return flag + ": must be " + std::to_string(lo) + ".." + std::to_string(hi) + ", got '" + got + "'";
}

std::optional<long long> to_integer(const std::string& text) {
    long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<double> to_number(const std::string& text) {
    if (text.empty()) return std::nullopt;
    std::size_t used = 0;
    try {
        double value = std::stod(text, &used);
        if (used != text.size() || !std::isfinite(value)) return std::nullopt;
        return value;
    } catch (...) { return std::nullopt; }
}

}  // namespace

const char* to_string(ScenarioName name) {
    switch (name) {
        case ScenarioName::accident:
            return "accident";
        case ScenarioName::question:
            return "question";
        case ScenarioName::load:
            return "load";
        case ScenarioName::echo:
            return "echo";
    }
    return "?";
}

std::string usage_text() {
    return R"(agentdesk-sim: simulated mobile customers (demos), a load benchmark for the agentdesk chat server, and its
bare echo baseline.

Usage: agentdesk-sim [options]
  --url URL             server WebSocket URL (default ws://127.0.0.1:8080/ws)
  --scenario NAME       accident | question | load | echo (default accident)
  --chats N             customer chats to open (default 5; 1..50000)
  --duration S          seconds (1..3600). accident/question: then every customer ends its chat politely
                        (default 60). load, echo: the measuring time (default 10)
  --threads N           io threads (default 1; 1..64)
  --seed N              seed for names, phones and delays (default 1)
  --pace X              multiply the scripted delays by X (default 1; 0.01..100)
  --quiet               scripted scenarios: print only the summary
  --help                this text
Load benchmark (--scenario load):
  --agents N            agents to log in: the first N accounts of --agents-file (default 200; 1..5000)
  --agents-file PATH    one "username password" per line (make them with agentdesk-server agents add)
  --rate R              customer messages per second over all chats; 0 = as fast as acks allow (default 0)
  --in-flight K         unacknowledged messages per customer (default 1; 1..1000)
  --message-bytes B     length of each text (default 100; 40..4000)
  --server-pid PID      report the server's CPU per message (/proc/PID/stat) and VmRSS/VmHWM (/proc/PID/status)
  --setup-timeout S     bound for logins and chat assignment (default 60; 1..600)
Echo baseline (--scenario echo, against agentdesk-echo): the load's connections and sending, without the chat.
  Each of the --chats connections sends --message-bytes texts with at most --in-flight unechoed (paced by --rate
  as in load); the --agents connections stay open and idle, as the load's agents only receive (no --agents-file).
  --duration, --threads and --server-pid work as in load; --setup-timeout bounds opening the connections.
  Reports echoed msgs/s, send -> echo latency and CPU per echoed message.
)";
}

ParseOutcome parse_options(const std::vector<std::string>& args) {
    SimOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (flag == "--help" || flag == "-h") return HelpRequested{};
        if (flag == "--quiet") {
            options.quiet = true;
            continue;
        }
        if (flag.rfind("--", 0) != 0) return ArgError{"unexpected argument '" + flag + "' (options start with --)"};
        if (i + 1 >= args.size()) return ArgError{flag + ": needs a value"};
        const std::string& value = args[++i];

        auto integer_in = [&](long long lo, long long hi, auto& target) -> std::optional<ArgError> {
            auto parsed = to_integer(value);
            if (!parsed || *parsed < lo || *parsed > hi) return ArgError{range_message(flag, lo, hi, value)};
            target = static_cast<std::remove_reference_t<decltype(target)>>(*parsed);
            return std::nullopt;
        };
        auto number_in = [&](double lo, double hi, double& target) -> std::optional<ArgError> {
            auto parsed = to_number(value);
            if (!parsed || *parsed < lo || *parsed > hi) {
                std::ostringstream message;
                message << flag << ": must be a number from " << lo << " to " << hi << ", got '" << value << "'";
                return ArgError{message.str()};
            }
            target = *parsed;
            return std::nullopt;
        };

        std::optional<ArgError> error;
        if (flag == "--url") {
            std::string why;
            auto url = parse_ws_url(value, &why);
            if (!url) return ArgError{"--url: " + why + " (got '" + value + "')"};
            options.url = *url;
        } else if (flag == "--scenario") {
            if (value == "accident")
                options.scenario = ScenarioName::accident;
            else if (value == "question")
                options.scenario = ScenarioName::question;
            else if (value == "load")
                options.scenario = ScenarioName::load;
            else if (value == "echo")
                options.scenario = ScenarioName::echo;
            else
                return ArgError{"--scenario: must be accident, question, load or echo, got '" + value + "'"};
        } else if (flag == "--chats") {
            error = integer_in(1, kMaxChats, options.chats);
        } else if (flag == "--duration") {
            error = integer_in(1, kMaxDurationS, options.duration_s);
            options.duration_given = true;
        } else if (flag == "--threads") {
            error = integer_in(1, kMaxThreads, options.threads);
        } else if (flag == "--seed") {
            long long seed = 0;
            error = integer_in(0, std::numeric_limits<long long>::max(), seed);
            options.seed = static_cast<std::uint64_t>(seed);
        } else if (flag == "--pace") {
            error = number_in(kMinPace, kMaxPace, options.pace);
        } else if (flag == "--agents") {
            error = integer_in(1, kMaxAgents, options.agents);
        } else if (flag == "--agents-file") {
            if (value.empty()) return ArgError{"--agents-file: needs a path"};
            options.agents_file = value;
        } else if (flag == "--rate") {
            error = number_in(0, kMaxRatePerSecond, options.rate);
        } else if (flag == "--in-flight") {
            error = integer_in(1, kMaxInFlight, options.in_flight);
        } else if (flag == "--message-bytes") {
            error = integer_in(kMinMessageBytes, kMaxMessageBytes, options.message_bytes);
        } else if (flag == "--server-pid") {
            error = integer_in(1, std::numeric_limits<int>::max(), options.server_pid);
        } else if (flag == "--setup-timeout") {
            error = integer_in(1, kMaxSetupTimeoutS, options.setup_timeout_s);
        } else {
            return ArgError{"unknown option '" + flag + "' (see --help)"};
        }
        if (error) return *error;
    }
    const bool measured = options.scenario == ScenarioName::load || options.scenario == ScenarioName::echo;
    if (measured && !options.duration_given) options.duration_s = 10;
    if (options.scenario == ScenarioName::load && options.agents_file.empty()) {
        return ArgError{"--scenario load needs --agents-file (agent accounts)"};
    }
    return options;
}

std::variant<std::vector<AgentAccount>, ArgError> parse_agents_file(const std::string& text) {
    std::vector<AgentAccount> accounts;
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::istringstream words(line);
        AgentAccount account;
        std::string extra;
        if (!(words >> account.username)) continue;  // blank or comment only
        if (!(words >> account.password) || (words >> extra)) {
            return ArgError{"agents file line " + std::to_string(number) + ": expected 'username password'"};
        }
        accounts.push_back(std::move(account));
    }
    if (accounts.empty()) return ArgError{"agents file: no accounts"};
    return accounts;
}

}  // namespace sim
