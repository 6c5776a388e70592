// Command line of agentdesk-server: `serve` and `agents add|remove|list|reset-password` (docs/server.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace server {

// Runs the command in `args` (without the program name). Output to `out`, problems to `err`; returns the exit
// code. `in` supplies passwords when --password is not given.
int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace server
