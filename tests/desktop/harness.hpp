// Test helpers: a state driven by hand (manual event loop, controlled clock) and builders of server messages.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "desktop/core/update.hpp"

namespace desk::test {

inline constexpr double kStart = 1'764'172'000'000.0;
inline constexpr const char* kToken = "tok_0123456789012345678901234567890123456789";

struct Harness {
    State s;
    double now = kStart;
    Commands last;

    Commands apply(const Event& event);
    Commands server(const proto::ServerMessage& message) { return apply(ev::ServerFrame{message}); }
    Commands advance(double ms) {
        now += ms;
        return apply(ev::Tick{});
    }
    // Start, log in as anna, open the socket and receive a welcome with the given chats.
    void log_in(std::vector<proto::ChatSummary> chats = {});
    // The last request of `type` the rules sent since the last apply (null when none).
    nlohmann::json sent(const std::string& type) const;
    std::vector<nlohmann::json> all_sent(const std::string& type) const;
};

proto::ChatSummary summary(const std::string& chat_id, const std::string& customer = "Max Mustermann",
                           std::int64_t last_seq = 0);
proto::AgentWelcome welcome(const std::string& rid, std::vector<proto::ChatSummary> chats = {});
proto::EventPush text_event(const std::string& chat_id, std::int64_t seq, proto::Role role, const std::string& text,
                            const std::string& client_id = "");
proto::EventPush event_with(const std::string& chat_id, std::int64_t seq, proto::EventBody body,
                            proto::Role role = proto::Role::system);

// The alternatives of type C in a list of variants (commands, intents).
template <class C, class Variants>
std::vector<C> of_type(const Variants& list) {
    std::vector<C> found;
    for (const auto& c : list)
        if (const auto* typed = std::get_if<C>(&c)) found.push_back(*typed);
    return found;
}

}  // namespace desk::test
