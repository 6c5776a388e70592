// The agents the hub knows: their account record (display names for summaries and events) and the chats assigned
// to each (active, and ended awaiting wrap-up) that its welcome lists. Loaded at start, refreshed at every login.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "protocol/types.hpp"
#include "storage.hpp"

namespace server {

class AgentRoster {
public:
    void remember(const AgentRecord& record) { agents_[record.id].record = record; }
    // The agent's display name, or its id for an agent not known (removed meanwhile).
    std::string display_name(const std::string& agent_id) const {
        const auto it = agents_.find(agent_id);
        return it == agents_.end() ? agent_id : it->second.record.display_name;
    }
    // Supervisors see every chat and are never offered one (docs/protocol.md "Supervisors").
    bool is_supervisor(const std::string& agent_id) const {
        const auto it = agents_.find(agent_id);
        return it != agents_.end() && it->second.record.role == "supervisor";
    }
    // Every known account, in no particular order: f(const AgentRecord&, const std::set<std::string>& chats).
    template <class F>
    void for_each(F&& f) const {
        for (const auto& [id, entry] : agents_)
            if (!entry.record.id.empty()) f(entry.record, entry.chats);
    }
    std::optional<proto::AgentRef> ref(const std::string& agent_id) const {
        if (agent_id.empty()) return std::nullopt;
        return proto::AgentRef{agent_id, display_name(agent_id)};
    }
    void assign(const std::string& agent_id, const std::string& chat_id) { agents_[agent_id].chats.insert(chat_id); }
    void unassign(const std::string& agent_id, const std::string& chat_id) {
        const auto it = agents_.find(agent_id);
        if (it != agents_.end()) it->second.chats.erase(chat_id);
    }
    const std::set<std::string>& chats_of(const std::string& agent_id) const {
        static const std::set<std::string> none;
        const auto it = agents_.find(agent_id);
        return it == agents_.end() ? none : it->second.chats;
    }

private:
    struct Entry {
        AgentRecord record;
        std::set<std::string> chats;
    };
    std::unordered_map<std::string, Entry> agents_;
};

}  // namespace server
