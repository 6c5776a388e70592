#include "core/typing.hpp"

namespace core {

bool TypingTracker::typing_started(const std::string& chat, proto::Role role, std::int64_t now_ms) {
    Key key{chat, role};
    const std::int64_t expires_at = now_ms + settings_.typing_timeout_ms;
    auto [it, inserted] = expires_.try_emplace(key, expires_at);
    if (!inserted) {
        by_deadline_.erase({it->second, key});
        it->second = expires_at;
    }
    by_deadline_.emplace(expires_at, std::move(key));
    return inserted;
}

bool TypingTracker::typing_stopped(const std::string& chat, proto::Role role) {
    auto it = expires_.find(Key{chat, role});
    if (it == expires_.end()) return false;
    by_deadline_.erase({it->second, it->first});
    expires_.erase(it);
    return true;
}

void TypingTracker::forget_chat(const std::string& chat) {
    // Keys sort by chat first, so one chat's typists (at most one per role) are adjacent.
    auto it = expires_.lower_bound(Key{chat, proto::Role{}});
    while (it != expires_.end() && it->first.first == chat) {
        by_deadline_.erase({it->second, it->first});
        it = expires_.erase(it);
    }
}

std::vector<TypingStopped> TypingTracker::tick(std::int64_t now_ms) {
    std::vector<TypingStopped> stopped;
    while (!by_deadline_.empty() && by_deadline_.begin()->first <= now_ms) {
        auto node = by_deadline_.extract(by_deadline_.begin());
        expires_.erase(node.value().second);
        stopped.push_back({std::move(node.value().second.first), node.value().second.second});
    }
    return stopped;
}

std::optional<std::int64_t> TypingTracker::next_deadline() const {
    if (by_deadline_.empty()) return std::nullopt;
    return by_deadline_.begin()->first;
}

}  // namespace core
