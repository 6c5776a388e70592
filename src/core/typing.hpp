// Typing indicators (docs/protocol.md "Typing"): relayed, not stored. The server relays `active:false` itself
// when a typist sent no refresh for typingTimeoutMs, and when the typist's message arrives. This tracker keeps
// who is typing where and says when such an `active:false` is due. No clock reads: callers pass now_ms.
//
// Complexity: every call O(log n) for n typists; tick() O(e log n) for e expiries; next_deadline() O(1).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "protocol/limits.hpp"
#include "protocol/types.hpp"

namespace core {

struct TypingSettings {
    std::int64_t typing_timeout_ms = proto::kDefaultTypingTimeoutMs;  // silence after which typing ends
};

// One typist stopped typing: relay {"type":"typing","chatId":chat,"role":role,"active":false}.
struct TypingStopped {
    std::string chat;
    proto::Role role = proto::Role::customer;
    friend bool operator==(const TypingStopped&, const TypingStopped&) = default;
};

class TypingTracker {
public:
    explicit TypingTracker(TypingSettings settings = {}) : settings_(settings) {}

    // `typing` active:true from `role` in `chat`: (re)starts its timeout. True when it was not typing before.
    bool typing_started(const std::string& chat, proto::Role role, std::int64_t now_ms);
    // `typing` active:false, or that party's message arrived. True when it was typing (relay active:false).
    bool typing_stopped(const std::string& chat, proto::Role role);
    // The chat ended or its party went away: forget every typist of the chat, without relaying anything.
    void forget_chat(const std::string& chat);

    // Every typist whose timeout passed (expires_at <= now_ms), each reported once, in expiry order.
    std::vector<TypingStopped> tick(std::int64_t now_ms);
    // When tick() must next be called, or nullopt when nobody is typing.
    std::optional<std::int64_t> next_deadline() const;

    bool is_typing(const std::string& chat, proto::Role role) const { return expires_.contains({chat, role}); }
    std::size_t typist_count() const { return expires_.size(); }

private:
    using Key = std::pair<std::string, proto::Role>;
    TypingSettings settings_;
    std::map<Key, std::int64_t> expires_;                 // typist -> expires_at
    std::set<std::pair<std::int64_t, Key>> by_deadline_;  // (expires_at, typist)
};

}  // namespace core
