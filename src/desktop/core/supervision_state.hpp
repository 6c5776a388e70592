// Supervisors on the desktop (update_supervision.cpp, docs/protocol.md "Supervisors"): the overview a supervisor
// is pushed, and per chat the staff-only side of it (internal events, flag, supervisors on it), kept for the
// held chats of agents and supervisors alike and for the chat a supervisor watches. The watched chat itself is
// WatchedChat (state.hpp, beside Chat, as it holds one).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/messages.hpp"

namespace desk {

// The staff-only side of one chat: its internal stream (chat.internal pages and `internal` pushes), its flag and
// the supervisors on it (chat.watchers, for the chat's own agent).
struct ChatSupervision {
    std::vector<proto::InternalEvent> internal;  // by seq, each once
    std::int64_t internal_server_last_seq = 0;   // the latest seq the server told us about
    // chat.internal is asked once per session (after the welcome or the assignment) and continued page by page;
    // `current` says that was done, so a lost socket asks again from the last seq held and nothing twice.
    bool internal_current = false;
    bool internal_in_flight = false;
    std::string internal_rid;
    std::string internal_error;  // readable text of a refusal ("" = none); not asked again by itself

    std::optional<proto::ChatFlag> flag;
    bool flag_pending = false;  // chat.flag sent, no answer yet
    std::string flag_rid;
    bool flag_asked = false;  // what that chat.flag asked for: flagged (true) or withdrawn
    std::string flag_asked_reason;

    std::vector<proto::AgentRef> watchers;   // supervisors watching (chat.watchers), read-only
    std::vector<proto::AgentRef> barged_in;  // supervisors who joined as a party

    std::int64_t last_internal_seq() const { return internal.empty() ? 0 : internal.back().seq; }
};

// What the chat column shows a supervisor: the overview (queue, agents, live chats), the chat being watched, or
// one of their own held chats (the selected one).
enum class SupervisorPane { overview, watched, chat };

// The latest supervisor.overview and when it arrived (browser clock).
struct OverviewState {
    std::optional<proto::SupervisorOverview> latest;
    double received_at = 0;
    // A takeover asked from the overview or the watched chat: one at a time (its answer is chat.assigned).
    std::string takeover_chat_id;
    std::string takeover_rid;
};

}  // namespace desk
