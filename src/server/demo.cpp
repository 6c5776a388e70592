#include "demo.hpp"

#include "accounts.hpp"
#include "log.hpp"

namespace server {

std::vector<std::string> ensure_demo_agents(Storage& storage) {
    std::vector<std::string> lines;
    const bool empty = storage.list_agents().empty();
    std::int64_t next = storage.load_id_counters().agent;
    for (const auto& demo : kDemoAgents) {
        if (empty) {
            const AgentRecord agent{"a" + std::to_string(++next), demo.username, demo.display_name,
                                    hash_password(demo.password)};
            if (auto error = storage.add_agent(agent)) {
                log_event("demo_agent_failed", {{"username", demo.username}, {"error", error->message}});
                continue;
            }
        }
        lines.push_back(std::string("demo agent: ") + demo.username + "  password: " + demo.password +
                        (empty ? "" : "  (created earlier; unless changed)"));
    }
    return lines;
}

}  // namespace server
