// Wire names of every enum, in one table per enum so to_string and from_string cannot disagree.
#include <array>

#include "protocol/result.hpp"
#include "protocol/types.hpp"

namespace proto {
namespace {

template <class Enum, std::size_t N>
using NameTable = std::array<std::string_view, N>;

template <class Enum, std::size_t N>
std::string_view name_of(const NameTable<Enum, N>& names, Enum value) {
    auto index = static_cast<std::size_t>(value);
    return index < N ? names[index] : std::string_view{};
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const NameTable<Enum, N>& names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == name) return static_cast<Enum>(i);
    }
    return std::nullopt;
}

// Each table lists the names in the enum's declaration order.
constexpr NameTable<ErrorCode, 12> kErrorCodeNames = {
    "bad_json",  "bad_frame", "unknown_type", "invalid_field", "unsupported_version", "unauthorized",
    "forbidden", "not_found", "conflict",     "too_large",     "rate_limited",        "unavailable"};
constexpr NameTable<Role, 3> kRoleNames = {"customer", "agent", "system"};
constexpr NameTable<EventKind, 10> kEventKindNames = {
    "text", "file", "location", "location_request", "context", "joined", "left", "transfer", "call", "ended"};
constexpr NameTable<ChatStatus, 5> kChatStatusNames = {"queued", "offered", "active", "ended", "closed"};
constexpr NameTable<PresenceState, 2> kPresenceNames = {"ready", "not_ready"};
constexpr NameTable<Capability, 4> kCapabilityNames = {"phone", "location", "files", "webrtc"};
constexpr NameTable<CallAction, 7> kCallActionNames = {"requested", "accepted", "declined", "placed",
                                                       "started",   "ended",    "failed"};
constexpr NameTable<CallMode, 2> kCallModeNames = {"phone", "webrtc"};
constexpr NameTable<OfferRevokedReason, 3> kOfferRevokedNames = {"expired", "ended", "declined"};
constexpr NameTable<ChatRemovedReason, 2> kChatRemovedNames = {"transferred", "closed"};
constexpr NameTable<TransferFailedReason, 3> kTransferFailedNames = {"declined", "expired", "ended"};
constexpr NameTable<AccountRole, 2> kAccountRoleNames = {"agent", "supervisor"};
constexpr NameTable<InternalKind, 6> kInternalKindNames = {"whisper",       "flagged",       "unflagged",
                                                           "watch_started", "watch_stopped", "barged_in"};

}  // namespace

#define PROTO_ENUM_NAMES(Enum, table)                                              \
    std::string_view to_string(Enum value) { return name_of<Enum>(table, value); } \
    template <>                                                                    \
    std::optional<Enum> from_string<Enum>(std::string_view name) {                 \
        return value_of<Enum>(table, name);                                        \
    }

PROTO_ENUM_NAMES(ErrorCode, kErrorCodeNames)
PROTO_ENUM_NAMES(Role, kRoleNames)
PROTO_ENUM_NAMES(EventKind, kEventKindNames)
PROTO_ENUM_NAMES(ChatStatus, kChatStatusNames)
PROTO_ENUM_NAMES(PresenceState, kPresenceNames)
PROTO_ENUM_NAMES(Capability, kCapabilityNames)
PROTO_ENUM_NAMES(CallAction, kCallActionNames)
PROTO_ENUM_NAMES(CallMode, kCallModeNames)
PROTO_ENUM_NAMES(OfferRevokedReason, kOfferRevokedNames)
PROTO_ENUM_NAMES(ChatRemovedReason, kChatRemovedNames)
PROTO_ENUM_NAMES(TransferFailedReason, kTransferFailedNames)
PROTO_ENUM_NAMES(AccountRole, kAccountRoleNames)
PROTO_ENUM_NAMES(InternalKind, kInternalKindNames)
#undef PROTO_ENUM_NAMES

std::optional<ErrorCode> parse_error_code(std::string_view text) { return from_string<ErrorCode>(text); }

Error Error::invalid_field(std::string field, std::string_view what) {
    std::string message = field.empty() ? std::string(what) : field + ": " + std::string(what);
    return Error{ErrorCode::invalid_field, std::move(message), std::move(field), {}, {}};
}

Error Error::too_large(std::string field, std::int64_t limit) {
    std::string message = field + ": over the limit of " + std::to_string(limit);
    return Error{ErrorCode::too_large, std::move(message), std::move(field), limit, {}};
}

}  // namespace proto
