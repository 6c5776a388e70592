// Canned responses: the variables they may hold and how the composer finds them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "desktop/core/state.hpp"

namespace desk {

// Replaces {customer.name} and {agent.name}; other braces are left as typed.
std::string expand_canned(std::string_view text, std::string_view customer_name, std::string_view agent_name);

// Indexes of the responses whose shortcut, title or text contains `filter` (ASCII case-insensitive).
std::vector<std::size_t> filter_canned(const std::vector<proto::CannedResponse>& responses, std::string_view filter);

// The response a draft of the form "/shortcut" names exactly (trailing spaces ignored), or nullptr.
const proto::CannedResponse* canned_for_slash(const std::vector<proto::CannedResponse>& responses,
                                              std::string_view draft);

}  // namespace desk
