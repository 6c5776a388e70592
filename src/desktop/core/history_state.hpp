// Verified customers' earlier chats on the desktop (update_history.cpp): the list Contact Info shows for each
// held chat whose customer is verified. The earlier chat open read-only is PastChatViewer (state.hpp, beside Chat).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "protocol/types.hpp"

namespace desk {

// customer.history of one held chat: asked once, when the chat is held and its customer verified.
struct CustomerHistory {
    bool loading = false;
    bool loaded = false;
    std::vector<proto::PastChat> chats;  // newest first, as the server answered
    std::string error;                   // readable text of a refusal ("" = none)
    std::string rid;                     // of the last customer.history sent
};

}  // namespace desk
