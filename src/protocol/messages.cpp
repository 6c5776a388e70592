// Wire type names and routing facts of the message variants.
#include <array>

#include "protocol/codec_internal.hpp"

namespace proto {
namespace detail {

// In ClientMessage's alternative order (checked by the size asserts and by the round-trip tests).
const std::array<std::string_view, kClientMessageCount>& client_type_names() {
    static constexpr std::array<std::string_view, kClientMessageCount> names = {
        "agent.login",      "agent.resume",       "agent.logout",     "agent.presence",     "agents.list",
        "customer.start",   "customer.resume",    "chat.send",        "chat.sync",          "chat.mark",
        "typing",           "rtc.signal",         "offer.accept",     "offer.decline",      "chat.transfer",
        "chat.end",         "chat.wrapup",        "customer.history", "chat.flag",          "chat.internal",
        "supervisor.watch", "supervisor.whisper", "supervisor.join",  "supervisor.takeover"};
    return names;
}

// In ServerMessage's alternative order.
const std::array<std::string_view, kServerMessageCount>& server_type_names() {
    static constexpr std::array<std::string_view, kServerMessageCount> names = {"agent.welcome",
                                                                                "customer.welcome",
                                                                                "ok",
                                                                                "error",
                                                                                "presence",
                                                                                "agents",
                                                                                "queue",
                                                                                "event",
                                                                                "ack",
                                                                                "chat.synced",
                                                                                "receipt",
                                                                                "typing",
                                                                                "rtc.signal",
                                                                                "offer",
                                                                                "offer.revoked",
                                                                                "chat.assigned",
                                                                                "chat.removed",
                                                                                "transfer.failed",
                                                                                "session.replaced",
                                                                                "history",
                                                                                "internal",
                                                                                "internal.page",
                                                                                "chat.watchers",
                                                                                "supervisor.overview"};
    return names;
}

}  // namespace detail

std::string_view type_name(const ClientMessage& message) { return detail::client_type_names()[message.index()]; }
std::string_view type_name(const ServerMessage& message) { return detail::server_type_names()[message.index()]; }

const std::string& rid_of(const ClientMessage& message) {
    return std::visit([](const auto& m) -> const std::string& { return m.rid; }, message);
}

bool is_session_opener(const ClientMessage& message) {
    return std::holds_alternative<AgentLogin>(message) || std::holds_alternative<AgentResume>(message) ||
        std::holds_alternative<CustomerStart>(message) || std::holds_alternative<CustomerResume>(message);
}

bool role_may_send(Role role, const ClientMessage& message) {
    if (is_session_opener(message)) return false;
    const bool chat_message = std::holds_alternative<ChatSend>(message) || std::holds_alternative<ChatSync>(message) ||
        std::holds_alternative<ChatMark>(message) || std::holds_alternative<TypingSignal>(message) ||
        std::holds_alternative<RtcSignal>(message) || std::holds_alternative<ChatEnd>(message);
    if (chat_message) return role == Role::agent || role == Role::customer;
    // Everything else left (logout, presence, agents.list, offers, transfer, wrap-up, customer.history, chat.flag,
    // chat.internal, supervisor.*) is the agent's; whether the account is a supervisor is the server's check.
    return role == Role::agent;
}

}  // namespace proto
