// agentdesk-server: the chat server of the agent desktop. See docs/server.md.
#include <iostream>
#include <string>
#include <vector>

#include "server/cli.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    return server::run_cli(args, std::cin, std::cout, std::cerr);
}
