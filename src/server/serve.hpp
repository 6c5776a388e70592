// `agentdesk-server serve`: opens storage, restores chats, listens, runs until SIGTERM/SIGINT.
#pragma once

#include "config.hpp"

namespace server {

// Prints "listening on http://ADDR:PORT" as the first stdout line once accepting. Returns the exit code.
int serve(const ServerConfig& config);

}  // namespace server
