#include "desktop/core/rules.hpp"

#include "protocol/utf8.hpp"

namespace desk {

bool can_send_now(const State& state) {
    return state.connection.phase == ConnectionPhase::connected && state.connection.socket_open;
}

std::string text_refusal(const State& state, std::string_view text) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return "Type a message first.";
    const auto chars = proto::utf8::count_code_points(text);
    if (!chars) return "The text is not valid UTF-8.";
    if (static_cast<std::int64_t>(*chars) > state.limits.max_text_chars)
        return "Too long: " + std::to_string(*chars) + " of " + std::to_string(state.limits.max_text_chars) +
            " characters.";
    return {};
}

std::string empty_conversations_hint(const State& state) {
    if (state.presence.state == proto::PresenceState::ready) return "No chats yet. You are Ready: new chats ring here.";
    return "No chats. Go Ready to receive offers.";
}

}  // namespace desk
