// The in-memory rules of one chat's log (docs/protocol.md "The chat log", "Receipts", "Ending and wrap-up"),
// applied by the server before an event goes to storage and after it is committed:
// - sequence numbers 1, 2, 3… without gaps, handed out at reservation, committed in order;
// - idempotent sends: (author party, clientId) -> the original (seq, ts), also while that first send is still
//   waiting for its commit (the resend is then acked when the original commits);
// - receipt marks that only move forward and never past the last committed event;
// - status transitions queued -> offered -> active -> ended -> closed (plus offered -> queued when an offer ends
//   unanswered, and queued/offered -> ended when the customer leaves first); anything else is `conflict`;
// - context merges: "" removes a key; entry count and value length limits.
// No I/O, no clock reads: callers pass now_ms. One ChatLog per open chat, owned by the server's chat state.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "protocol/limits.hpp"
#include "protocol/result.hpp"
#include "protocol/types.hpp"

namespace core {

struct ChatLogSettings {
    std::int64_t max_context_entries = proto::kDefaultMaxContextEntries;         // merged context size: too_large
    std::int64_t max_context_value_chars = proto::kDefaultMaxContextValueChars;  // one key or value: too_large
};

// Where an event sits in the log: its seq and server time.
struct Stamp {
    std::int64_t seq = 0;
    std::int64_t ts = 0;
    friend bool operator==(const Stamp&, const Stamp&) = default;
};

// One event to append. client_id is set for events a client sent; context_merge for `context` events (merged
// into the chat's context at reservation, undone if the event is abandoned).
struct Append {
    proto::Author author;
    std::optional<std::string> client_id;
    std::optional<proto::ContextMap> context_merge;
};

// The answer to reserve(). For a new event: store it with `stamp`, then call committed_through(stamp.seq).
// For a duplicate: append nothing; ack with `stamp` now if `committed`, else when that seq commits.
struct Reservation {
    Stamp stamp;
    bool duplicate = false;
    bool committed = false;  // meaningful for duplicates; a new event is never committed yet
    friend bool operator==(const Reservation&, const Reservation&) = default;
};

// What a chat restored from storage starts from.
struct ChatLogState {
    std::int64_t last_seq = 0;
    std::int64_t last_ts = 0;
    proto::ChatStatus status = proto::ChatStatus::queued;
    proto::Receipts receipts;
    proto::ContextMap context;
};

// `base` with `values` merged in ("" removes a key), or the error: invalid_field for an empty key, too_large
// (with `limit`) for a key or value over max_context_value_chars code points, or a result over
// max_context_entries. Also checks the context of customer.start (merge into an empty map, field "context").
// Errors name `field` (the wire path of the values), with ".KEY" appended for a bad key or value.
proto::Result<proto::ContextMap> merge_context(const proto::ContextMap& base, const proto::ContextMap& values,
                                               const ChatLogSettings& settings, std::string_view field = "body.values");

// Whether a chat may go from `from` to `to` (see the list at the top).
bool status_transition_allowed(proto::ChatStatus from, proto::ChatStatus to);

class ChatLog {
public:
    explicit ChatLog(ChatLogSettings settings = {}, ChatLogState restored = {});

    // Restoring from storage: a clientId the log already holds, so resends keep getting the original ack.
    void remember_client_id(const proto::Author& author, const std::string& client_id, Stamp stamp);

    // Reserves the next seq for an event, or answers a duplicate. Checks, in order: a known (party, clientId)
    // -> duplicate (even after the chat ended); closed chat -> conflict; ended chat -> conflict for customer
    // and agent events (system events such as `ended` and `left` still go in); empty clientId or a clientId on
    // a system event -> invalid_field; context limits. ts never goes below an earlier event's ts.
    proto::Result<Reservation> reserve(const Append& append, std::int64_t now_ms);
    // Storage committed every event up to `seq`. False (and no change) when `seq` is not pending.
    bool committed_through(std::int64_t seq);
    // Storage failed for `seq` and everything after it: those seqs are handed out again, their clientIds
    // forgotten, their context merges undone. False (and no change) when `seq` is not pending. Resends that
    // were told to wait for one of those seqs (duplicate, not committed) must be failed too (`unavailable`):
    // their original will never commit.
    bool abandon_from(std::int64_t seq);

    std::int64_t last_committed_seq() const { return last_committed_seq_; }
    std::int64_t next_seq() const { return next_seq_; }
    std::int64_t pending_count() const { return next_seq_ - 1 - last_committed_seq_; }

    // chat.mark from `role` (customer or agent). Marks only move forward; `read` implies `delivered`. Returns
    // the party's new marks when something moved (push a `receipt`, store them), nullopt when nothing did.
    // invalid_field: a negative mark, a mark past the last committed seq, or a system role.
    proto::Result<std::optional<proto::ReceiptMarks>> mark(proto::Role role, std::optional<std::int64_t> delivered,
                                                           std::optional<std::int64_t> read);
    const proto::Receipts& receipts() const { return receipts_; }

    // Moves the chat to `to`; returns the status it left, or conflict naming both.
    proto::Result<proto::ChatStatus> transition(proto::ChatStatus to);
    proto::ChatStatus status() const { return status_; }

    // The merged context, including merges of events still pending commit.
    const proto::ContextMap& context() const { return context_; }

private:
    using ClientKey = std::tuple<proto::Role, std::string, std::string>;  // role, agent id, clientId
    struct Pending {
        std::int64_t seq = 0;
        std::optional<ClientKey> client_key;
        std::optional<proto::ContextMap> context_before;  // set when this event merged context
    };
    static ClientKey client_key(const proto::Author& author, const std::string& client_id);

    ChatLogSettings settings_;
    std::int64_t last_committed_seq_ = 0;
    std::int64_t next_seq_ = 1;
    std::int64_t last_ts_ = 0;
    proto::ChatStatus status_ = proto::ChatStatus::queued;
    proto::Receipts receipts_;
    proto::ContextMap context_;
    std::map<ClientKey, Stamp> client_ids_;
    std::deque<Pending> pending_;  // reserved, not yet committed, in seq order
};

}  // namespace core
