// Limits of docs/protocol.md ("Limits"), as one plain settings struct. The server fills it from its config and
// sends it in the welcome frames (`limits` object, same names in camelCase); clients respect what they got.
// Every default is a named constant so tests and docs can refer to it.
#pragma once

#include <cstdint>

namespace proto {

inline constexpr int kProtocolVersion = 1;  // the only version this library speaks

inline constexpr std::int64_t kDefaultMaxFrameBytes = 65536;
inline constexpr std::int64_t kDefaultMaxTextChars = 4000;  // Unicode code points
inline constexpr std::int64_t kDefaultMaxNameChars = 80;    // code points
inline constexpr std::int64_t kDefaultMaxContextEntries = 32;
inline constexpr std::int64_t kDefaultMaxContextValueChars = 500;  // code points
inline constexpr std::int64_t kDefaultMaxMessagesPerSecond = 20;   // per socket, burst 2x
inline constexpr std::int64_t kDefaultMaxUploadBytes = 20'000'000;
inline constexpr std::int64_t kDefaultOfferTimeoutMs = 20000;
inline constexpr std::int64_t kDefaultTypingTimeoutMs = 5000;
inline constexpr std::int64_t kDefaultAgentCapacity = 4;
inline constexpr std::int64_t kDefaultMaxIdChars = 64;        // rid, clientId, chatId, offerId, token, …
inline constexpr std::int64_t kDefaultMaxJsonDepth = 16;      // nesting of objects/arrays in one frame
inline constexpr std::int64_t kDefaultOfferPreviewTexts = 5;  // latest customer texts an offer carries
// Ceiling of offerPreviewTexts: a server refuses a larger setting, and readers of `offer` refuse a longer
// customerTexts, so a client never holds an unbounded preview whatever the welcome said.
inline constexpr std::int64_t kMaxOfferPreviewTexts = 50;
// A `history` reply (customer.history): at most maxHistoryChats earlier chats (server setting), each with its
// first historyPreviewLines texts cut to kPastChatLineChars code points. Readers refuse more than the ceilings.
inline constexpr std::int64_t kDefaultMaxHistoryChats = 20;
inline constexpr std::int64_t kMaxHistoryChats = 200;
inline constexpr std::int64_t kDefaultHistoryPreviewLines = 3;
inline constexpr std::int64_t kMaxHistoryPreviewLines = 20;
inline constexpr std::int64_t kPastChatLineChars = 200;
// customer.start identity.userHash: hex of an HMAC-SHA256.
inline constexpr std::int64_t kUserHashChars = 64;
// supervisor.overview: pushed at most every supervisorOverviewIntervalMs while it changed, with at most
// supervisorOverviewMaxEntries queued chats and as many live chats (the totals say what was left out).
inline constexpr std::int64_t kDefaultSupervisorOverviewIntervalMs = 1000;
inline constexpr std::int64_t kMinSupervisorOverviewIntervalMs = 100;
inline constexpr std::int64_t kMaxSupervisorOverviewIntervalMs = 60000;
inline constexpr std::int64_t kDefaultSupervisorOverviewMaxEntries = 500;
inline constexpr std::int64_t kMaxSupervisorOverviewMaxEntries = 5000;
// chat.internal answers at most this many internal events per page (asked again with `after`).
inline constexpr std::int64_t kInternalPageEvents = 200;

struct Limits {
    std::int64_t max_frame_bytes = kDefaultMaxFrameBytes;          // bigger frame: bad_frame, close 1009
    std::int64_t max_text_chars = kDefaultMaxTextChars;            // text body, wrap-up notes: too_large
    std::int64_t max_name_chars = kDefaultMaxNameChars;            // names and other short strings: invalid_field
    std::int64_t max_context_entries = kDefaultMaxContextEntries;  // context object size: too_large
    std::int64_t max_context_value_chars = kDefaultMaxContextValueChars;  // one context value: too_large
    std::int64_t max_messages_per_second = kDefaultMaxMessagesPerSecond;  // enforced by the server
    std::int64_t max_upload_bytes = kDefaultMaxUploadBytes;               // enforced by the HTTP upload
    std::int64_t offer_timeout_ms = kDefaultOfferTimeoutMs;
    std::int64_t typing_timeout_ms = kDefaultTypingTimeoutMs;
    std::int64_t agent_capacity = kDefaultAgentCapacity;
    std::int64_t max_id_chars = kDefaultMaxIdChars;                // ids and tokens: invalid_field
    std::int64_t max_json_depth = kDefaultMaxJsonDepth;            // deeper: bad_json, refused before parsing
    std::int64_t offer_preview_texts = kDefaultOfferPreviewTexts;  // offer.customerTexts entries at most

    friend bool operator==(const Limits&, const Limits&) = default;
};

}  // namespace proto
