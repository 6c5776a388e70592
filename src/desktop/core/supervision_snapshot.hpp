// The supervision part of the state snapshot (snapshot.hpp): the supervisor's overview and watched chat, and the
// staff-only side of one held chat.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "desktop/core/state.hpp"

namespace desk {

// null for an agent; {"pane","received","ts","queueTotal","chatsTotal","queue":[…],"agents":[…],"chats":[…],
// "takeoverPending"} for a supervisor (shape in snapshot.hpp).
nlohmann::json supervision_snapshot_json(const State& s, TimeMs now);
// null when no chat is watched; otherwise its id, names, watch state, events and internal events.
nlohmann::json watched_snapshot_json(const State& s, TimeMs now, std::size_t max_events);
// The held chat's "watchers", "bargedIn", "flag", "flagPending" and "internal", merged into its chat object.
void add_chat_supervision_json(nlohmann::json& chat, const State& s, const std::string& chat_id);
// [{"seq","kind","by","text","display"}]: display is the transcript's line.
nlohmann::json internal_events_json(const State& s, const std::string& chat_id);

}  // namespace desk
