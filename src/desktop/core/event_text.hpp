// The one-line text a transcript row shows for an event, built once when the event arrives.
#pragma once

#include <string>

#include "protocol/event.hpp"

namespace desk {

std::string event_display_text(const proto::Event& event);

// True for what the customer says (text, photo, location): these count as unread and start the reply timer.
bool is_customer_message(const proto::Event& event);

}  // namespace desk
