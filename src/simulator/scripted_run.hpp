// A demo run: N scripted customers (accident or question) against a server, one console line per notable thing.
#pragma once

#include "options.hpp"

#include <cstdio>

namespace sim {

inline constexpr int kCustomerStaggerMs = 400;  // between two customers' starts (× pace): a queue builds up
inline constexpr int kGoodbyeGraceMs = 3'000;   // after TimeUp, wait this long at most for sockets to close

struct ScriptedSummary {
    int chats = 0;
    int started = 0;
    int assigned = 0;
    int texts = 0;
    int locations = 0;
    int pictures = 0;
    int calls = 0;
    int acks = 0;
    int errors = 0;
};

// Runs the scripted scenario of `options` for options.duration_s; lines go to `out`.
ScriptedSummary run_scripted(const SimOptions& options, std::FILE* out);

}  // namespace sim
