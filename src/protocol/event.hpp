// The chat log's event (docs/protocol.md "The chat log"): a typed body per kind, so a kind can never carry the
// wrong body. Event::kind() is derived from the body's alternative.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "protocol/types.hpp"

namespace proto {

struct TextBody {
    std::string text;  // 1..max_text_chars code points
    friend bool operator==(const TextBody&, const TextBody&) = default;
};
struct FileBody {
    FileInfo file;
    friend bool operator==(const FileBody&, const FileBody&) = default;
};
struct LocationBody {
    Location location;
    friend bool operator==(const LocationBody&, const LocationBody&) = default;
};
struct LocationRequestBody {
    friend bool operator==(const LocationRequestBody&, const LocationRequestBody&) = default;
};
struct ContextBody {
    ContextMap values;  // merged into the chat's context; "" removes a key
    friend bool operator==(const ContextBody&, const ContextBody&) = default;
};
struct JoinedBody {
    Role role = Role::agent;
    std::string name;
    friend bool operator==(const JoinedBody&, const JoinedBody&) = default;
};
struct LeftBody {
    Role role = Role::agent;
    std::string name;
    std::string reason;  // e.g. "transfer", "disconnected"; may be ""
    friend bool operator==(const LeftBody&, const LeftBody&) = default;
};
struct TransferBody {
    std::string from;  // display names
    std::string to;
    friend bool operator==(const TransferBody&, const TransferBody&) = default;
};
struct CallBody {
    CallAction action = CallAction::requested;
    CallMode mode = CallMode::phone;
    std::optional<std::string> number;        // E.164, phone calls
    std::optional<std::int64_t> duration_ms;  // with action ended
    std::optional<std::string> reason;        // with action failed
    friend bool operator==(const CallBody&, const CallBody&) = default;
};
struct EndedBody {
    Role by = Role::agent;  // who ended it (system: abandoned)
    std::string reason;     // e.g. "resolved", "abandoned"; may be ""
    friend bool operator==(const EndedBody&, const EndedBody&) = default;
};

// Alternatives in EventKind order: EventBody::index() == static_cast<size_t>(kind).
using EventBody = std::variant<TextBody, FileBody, LocationBody, LocationRequestBody, ContextBody, JoinedBody, LeftBody,
                               TransferBody, CallBody, EndedBody>;

inline EventKind kind_of(const EventBody& body) { return static_cast<EventKind>(body.index()); }

// Kinds a client may send with chat.send (file events come from the HTTP upload, the rest from the server).
// Which role may send which of these is the server's rule (forbidden otherwise).
inline bool client_may_send(EventKind kind) {
    return kind == EventKind::text || kind == EventKind::location || kind == EventKind::location_request ||
        kind == EventKind::context || kind == EventKind::call;
}

struct Event {
    std::int64_t seq = 0;  // 1, 2, 3… per chat, no gaps
    std::int64_t ts = 0;   // server clock, ms since the epoch
    Author author;
    std::optional<std::string> client_id;  // present on events a client sent
    EventBody body;

    EventKind kind() const { return kind_of(body); }
    friend bool operator==(const Event&, const Event&) = default;
};

}  // namespace proto
