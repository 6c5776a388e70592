// Demo agents for `serve --demo`: created only when no agent exists, and printed so people can log in.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "storage.hpp"

namespace server {

struct DemoAgent {
    const char* username;
    const char* display_name;
    const char* password;
    const char* role = "agent";
};
inline constexpr DemoAgent kDemoAgents[] = {
    {"anna", "Anna Berger", "demo-anna"},
    {"ben", "Ben Koch", "demo-ben"},
    {"clara", "Clara Weiss", "demo-clara"},
    {"sam", "Sam Supervisor", "demo-sam", "supervisor"},
};

// Adds kDemoAgents if the agents table is empty. Returns one line per demo login ("demo agent: anna  password:
// demo-anna", "demo supervisor: sam …"); serve prints them on stdout after the "listening on" line, which must stay the first.
std::vector<std::string> ensure_demo_agents(Storage& storage);

// serve --demo without customerIdentitySecret: a random secret kept in DATA/demo-identity-secret (created on first
// use, owner-only), so the demo's verified customer link works across restarts. "" when it cannot be kept.
std::string demo_identity_secret(const std::filesystem::path& data_dir);

// The demo customer whose link serve --demo prints: a verified identity, so its second chat shows the first.
inline constexpr const char* kDemoCustomerUserId = "demo-max";
inline constexpr const char* kDemoCustomerName = "Max Mustermann";

}  // namespace server
