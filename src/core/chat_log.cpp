#include "core/chat_log.hpp"

#include <algorithm>

#include "protocol/utf8.hpp"

namespace core {

namespace {

proto::Error conflict(std::string message) {
    return proto::Error::make(proto::ErrorCode::conflict, std::move(message));
}

// Checks one key or value against the length limit; nullopt when it fits.
std::optional<proto::Error> check_context_text(std::string_view text, std::string_view field,
                                               const ChatLogSettings& settings) {
    const auto chars = proto::utf8::count_code_points(text);
    if (!chars) return proto::Error::invalid_field(std::string(field), "not valid UTF-8");
    if (static_cast<std::int64_t>(*chars) > settings.max_context_value_chars) {
        return proto::Error::too_large(std::string(field), settings.max_context_value_chars);
    }
    return std::nullopt;
}

}  // namespace

proto::Result<proto::ContextMap> merge_context(const proto::ContextMap& base, const proto::ContextMap& values,
                                               const ChatLogSettings& settings, std::string_view field) {
    proto::ContextMap merged = base;
    for (const auto& [key, value] : values) {
        const std::string entry_field = std::string(field) + "." + key;
        if (key.empty()) return proto::Error::invalid_field(std::string(field), "keys must not be empty");
        if (auto error = check_context_text(key, entry_field, settings)) return *error;
        if (auto error = check_context_text(value, entry_field, settings)) return *error;
        if (value.empty()) {
            merged.erase(key);
        } else {
            merged[key] = value;
        }
    }
    if (static_cast<std::int64_t>(merged.size()) > settings.max_context_entries) {
        return proto::Error::too_large(std::string(field), settings.max_context_entries);
    }
    return merged;
}

bool status_transition_allowed(proto::ChatStatus from, proto::ChatStatus to) {
    using S = proto::ChatStatus;
    switch (from) {
        case S::queued:
            return to == S::offered || to == S::ended;
        case S::offered:
            return to == S::queued || to == S::active || to == S::ended;
        case S::active:
            return to == S::ended;
        case S::ended:
            return to == S::closed;
        case S::closed:
            return false;
    }
    return false;
}

ChatLog::ChatLog(ChatLogSettings settings, ChatLogState restored)
    : settings_(settings),
      last_committed_seq_(restored.last_seq),
      next_seq_(restored.last_seq + 1),
      last_ts_(restored.last_ts),
      status_(restored.status),
      receipts_(restored.receipts),
      context_(std::move(restored.context)) {}

ChatLog::ClientKey ChatLog::client_key(const proto::Author& author, const std::string& client_id) {
    // Agents are told apart by id (a transferred chat has had two); customers and the system have one party each.
    return {author.role, author.role == proto::Role::agent ? author.id : std::string(), client_id};
}

void ChatLog::remember_client_id(const proto::Author& author, const std::string& client_id, Stamp stamp) {
    client_ids_.insert_or_assign(client_key(author, client_id), stamp);
}

proto::Result<Reservation> ChatLog::reserve(const Append& append, std::int64_t now_ms) {
    const bool from_client = append.author.role != proto::Role::system;
    std::optional<ClientKey> key;
    if (append.client_id) {
        if (!from_client) return proto::Error::invalid_field("clientId", "system events carry none");
        if (append.client_id->empty()) return proto::Error::invalid_field("clientId", "must not be empty");
        key = client_key(append.author, *append.client_id);
        if (auto known = client_ids_.find(*key); known != client_ids_.end()) {
            return Reservation{known->second, true, known->second.seq <= last_committed_seq_};
        }
    }
    if (status_ == proto::ChatStatus::closed) return conflict("the chat is closed");
    if (status_ == proto::ChatStatus::ended && from_client) return conflict("the chat has ended");

    Pending pending{next_seq_, key, std::nullopt};
    if (append.context_merge) {
        auto merged = merge_context(context_, *append.context_merge, settings_);
        if (!merged) return merged.error();
        pending.context_before = std::exchange(context_, std::move(merged).value());
    }
    const Stamp stamp{next_seq_++, std::max(now_ms, last_ts_)};
    last_ts_ = stamp.ts;
    if (key) client_ids_.emplace(*key, stamp);
    pending_.push_back(std::move(pending));
    return Reservation{stamp, false, false};
}

bool ChatLog::committed_through(std::int64_t seq) {
    if (seq <= last_committed_seq_ || seq >= next_seq_) return false;
    while (!pending_.empty() && pending_.front().seq <= seq) pending_.pop_front();
    last_committed_seq_ = seq;
    return true;
}

bool ChatLog::abandon_from(std::int64_t seq) {
    if (seq <= last_committed_seq_ || seq >= next_seq_) return false;
    while (!pending_.empty() && pending_.back().seq >= seq) {
        Pending& dropped = pending_.back();
        if (dropped.client_key) client_ids_.erase(*dropped.client_key);
        // Undo newest first, so the oldest abandoned merge's snapshot is what remains.
        if (dropped.context_before) context_ = std::move(*dropped.context_before);
        pending_.pop_back();
    }
    next_seq_ = seq;
    return true;
}

proto::Result<std::optional<proto::ReceiptMarks>> ChatLog::mark(proto::Role role, std::optional<std::int64_t> delivered,
                                                                std::optional<std::int64_t> read) {
    if (role == proto::Role::system) return proto::Error::invalid_field("role", "only customer and agent mark");
    for (const auto& [value, field] : {std::pair{delivered, "delivered"}, std::pair{read, "read"}}) {
        if (!value) continue;
        if (*value < 0) return proto::Error::invalid_field(field, "must not be negative");
        if (*value > last_committed_seq_) {
            return proto::Error::invalid_field(field,
                                               "past the last event (" + std::to_string(last_committed_seq_) + ")");
        }
    }
    proto::ReceiptMarks& marks = role == proto::Role::customer ? receipts_.customer : receipts_.agent;
    const proto::ReceiptMarks before = marks;
    marks.read = std::max(marks.read, read.value_or(0));
    marks.delivered = std::max({marks.delivered, delivered.value_or(0), marks.read});
    if (marks == before) return std::optional<proto::ReceiptMarks>{};
    return std::optional<proto::ReceiptMarks>{marks};
}

proto::Result<proto::ChatStatus> ChatLog::transition(proto::ChatStatus to) {
    if (!status_transition_allowed(status_, to)) {
        return conflict("the chat is " + std::string(proto::to_string(status_)) + ", it cannot become " +
                        std::string(proto::to_string(to)));
    }
    return std::exchange(status_, to);
}

}  // namespace core
