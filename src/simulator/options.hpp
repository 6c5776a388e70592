// Command line of agentdesk-sim: every setting of a run as plain documented data with defaults, and its parser.
#pragma once

#include "ws_url.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sim {

enum class ScenarioName { accident, question, load, echo };

// Bounds of the settings (edges are tested). They keep a mistyped number from opening a million sockets.
inline constexpr int kMaxChats = 50'000;
inline constexpr int kMaxAgents = 5'000;
inline constexpr int kMaxDurationS = 3'600;
inline constexpr int kMaxThreads = 64;
inline constexpr int kMaxInFlight = 1'000;
inline constexpr double kMaxRatePerSecond = 1'000'000;
inline constexpr int kMaxMessageBytes = 4'000;  // the protocol's default maxTextChars (ASCII text)
inline constexpr int kMinMessageBytes = 40;     // room for the embedded send timestamp
inline constexpr int kMaxSetupTimeoutS = 600;
inline constexpr double kMinPace = 0.01;
inline constexpr double kMaxPace = 100;

struct SimOptions {
    WsUrl url{"127.0.0.1", 8080, "/ws"};
    ScenarioName scenario = ScenarioName::accident;
    int chats = 5;                // customer chats to open
    int duration_s = 60;          // scripted: then every customer ends its chat; load, echo: measuring time
    bool duration_given = false;  // load and echo default to 10 s when --duration is not given
    int threads = 1;              // io threads (one beat two on 2 cores: see shared notes)
    std::uint64_t seed = 1;       // names, phones, delays: same seed, same run
    double pace = 1.0;            // scripted delays are multiplied by this (0.1 = ten times faster)
    bool quiet = false;           // scripted: no per-event lines, only the summary

    // Load benchmark. The echo baseline takes the same settings except agents_file: its --agents connections
    // stay idle and its --chats connections send as the load's customers do.
    int agents = 200;          // agents to log in (the first N of --agents-file); echo: idle connections
    std::string agents_file;   // "username password" per line; '#' starts a comment
    double rate = 0;           // target customer messages/s over all chats; 0 = as fast as acks allow
    int in_flight = 1;         // unacknowledged messages per customer at most
    int message_bytes = 100;   // length of each load text
    int server_pid = 0;        // read the server's CPU time and VmRSS/VmHWM when > 0
    int setup_timeout_s = 60;  // logins + chats assigned (echo: connections open) must finish within this
};

struct HelpRequested {};  // --help: print usage, exit 0

struct ArgError {
    std::string message;  // names the argument and what is wrong, e.g. "--chats: must be 1..50000, got 0"
};

using ParseOutcome = std::variant<SimOptions, HelpRequested, ArgError>;

// Parses argv[1..]. Never exits or throws.
[[nodiscard]] ParseOutcome parse_options(const std::vector<std::string>& args);

// The usage text printed by --help and after an argument error.
[[nodiscard]] std::string usage_text();

[[nodiscard]] const char* to_string(ScenarioName name);

// One agent account for the load benchmark.
struct AgentAccount {
    std::string username;
    std::string password;
};

// Parses an agents file's text ("username password" per line, blank lines and '#' comments skipped).
// ArgError names the line of the first malformed entry.
[[nodiscard]] std::variant<std::vector<AgentAccount>, ArgError> parse_agents_file(const std::string& text);

}  // namespace sim
