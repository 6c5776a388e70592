// Demo agents for `serve --demo`: created only when no agent exists, and printed so people can log in.
#pragma once

#include <string>
#include <vector>

#include "storage.hpp"

namespace server {

struct DemoAgent {
    const char* username;
    const char* display_name;
    const char* password;
};
inline constexpr DemoAgent kDemoAgents[] = {
    {"anna", "Anna Berger", "demo-anna"},
    {"ben", "Ben Koch", "demo-ben"},
    {"clara", "Clara Weiss", "demo-clara"},
};

// Adds kDemoAgents if the agents table is empty. Returns one line per demo login ("demo agent: anna  password:
// demo-anna"); serve prints them on stdout after the "listening on" line, which must stay the first.
std::vector<std::string> ensure_demo_agents(Storage& storage);

}  // namespace server
