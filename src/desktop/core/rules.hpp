// Rules of the desktop that the views also apply, to enable or disable a control before the agent tries it. The
// same functions guard the intents in update(), so a button is never enabled for a request the rules refuse.
#pragma once

#include <string>
#include <string_view>

#include "desktop/core/state.hpp"

namespace desk {

// The session is live (otherwise sends are queued and requests wait).
bool can_send_now(const State& state);
// "" when `text` may be sent, else why not (empty, not UTF-8, over the server's maxTextChars).
std::string text_refusal(const State& state, std::string_view text);
// What the empty conversation list tells the agent: to go Ready only when they are not.
std::string empty_conversations_hint(const State& state);

}  // namespace desk
