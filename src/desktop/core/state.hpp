// The agent desktop's state: plain values, changed only by update() (update.hpp). No ImGui, no browser.
// Views read it through a const reference; end-to-end tests read it through snapshot_json().
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "desktop/core/branding.hpp"
#include "desktop/core/call_state.hpp"
#include "desktop/core/map_state.hpp"
#include "desktop/core/files_state.hpp"
#include "desktop/core/history_state.hpp"
#include "desktop/core/supervision_state.hpp"
#include "desktop/core/workspace_layout.hpp"
#include "protocol/types.hpp"

namespace desk {

// Times are milliseconds since the Unix epoch (server `ts` or the platform's wall clock), durations in ms.
using TimeMs = double;

// Named settings of the desktop's own rules (the server's limits arrive in the welcome and live in Limits).
struct Settings {
    double reconnect_initial_ms = 500;        // first reconnect delay (before jitter)
    double reconnect_max_ms = 30000;          // backoff cap
    double reconnect_jitter = 0.5;            // the delay is drawn from [base * (1 - jitter), base]
    double typing_send_interval_ms = 2000;    // refresh `typing active:true` at most this often (protocol rule)
    double unanswered_warning_ms = 60000;     // customer waiting this long without an agent reply turns red
    std::size_t outbox_cap = 500;             // queued sends kept while offline; more are refused locally
    std::size_t error_log_cap = 20;           // notices kept for the agent to read
    std::string app_title = "Agent Desktop";  // tab title; "(N) " is prefixed while something is unread
    double offer_expiry_grace_ms = 1000;      // an offer still ringing this long after its countdown is dropped
    double typing_expiry_grace_ms = 500;      // the customer's "typing…" outlives typingTimeoutMs by this much
    std::size_t map_track_limit = 100;        // positions kept per chat for the map's track (config map.trackLimit)
};

enum class ConnectionPhase {
    offline,       // no session wanted (logged out), no socket
    connecting,    // socket being opened, or open and waiting for the welcome
    connected,     // welcome received: the session is live
    reconnecting,  // socket lost; the next attempt is at reconnect_at
};

struct Connection {
    ConnectionPhase phase = ConnectionPhase::offline;
    bool socket_open = false;
    int attempt = 0;          // failed attempts in a row (drives the backoff)
    TimeMs reconnect_at = 0;  // when phase == reconnecting
    int last_close_code = 0;
    std::string last_close_reason;
};

// Login form progress. The password is kept only until the welcome (or failure), never stored.
struct LoginAttempt {
    std::string username;
    std::string password;
    bool in_flight = false;
    std::string error;  // readable text of the last refusal
};

// One committed event of a chat log. `text` is what the transcript shows, built once when the event arrives
// so that drawing never formats history.
struct ChatEvent {
    std::int64_t seq = 0;
    TimeMs ts = 0;
    proto::Role role = proto::Role::system;
    std::string author_id;
    std::string author_name;
    proto::EventKind kind = proto::EventKind::text;
    std::string client_id;
    std::string text;
    std::optional<proto::FileInfo> file;      // of a `file` event: thumbnail, viewer, download
    std::optional<proto::Location> location;  // of a `location` event: the row focuses the map there
};

enum class OutboxStatus {
    queued,   // waiting for a connection
    sending,  // sent, no ack yet
    acked,    // acked; the committed event has not arrived yet
    failed,   // refused by the server: the agent retries or discards
};

// A message the agent sent that is not yet in the chat log. It leaves the outbox when its committed event
// (same clientId) is applied, so it is never shown twice.
struct OutboxItem {
    std::string chat_id;
    std::string client_id;
    std::string text;
    OutboxStatus status = OutboxStatus::queued;
    std::string rid;  // of the last chat.send
    std::int64_t acked_seq = 0;
    std::string error_code, error_message;
    TimeMs created_at = 0;
};

struct Typing {
    bool active = false;
    std::string name;
    TimeMs expires_at = 0;
};

struct Chat {
    std::string id;
    proto::ChatStatus status = proto::ChatStatus::active;
    TimeMs created_at = 0;
    TimeMs assigned_at = 0;  // 0 = unknown
    TimeMs ended_at = 0;
    proto::CustomerInfo customer;
    proto::ContextMap context;  // screen-pop data, merged from `context` events
    std::optional<proto::TimedLocation> last_location;
    LocationTrack track;  // recent positions for the map (update_map.cpp)

    std::vector<ChatEvent> events;     // seq 1..last_seq, in order, no gaps
    std::int64_t server_last_seq = 0;  // the highest seq the server told us about
    bool sync_in_flight = false;
    std::string sync_rid;

    std::int64_t unread = 0;
    std::int64_t marked_read = 0;  // the highest `read` mark we sent
    std::int64_t marked_delivered = 0;
    proto::ReceiptMarks customer_receipts;  // how far the customer has received / read

    TimeMs last_customer_message_at = 0;  // ts of the customer's last text/file/location
    TimeMs last_agent_reply_at = 0;       // ts of the agent's last text after it
    std::string last_message_preview;     // the last text, for the conversation list

    Typing customer_typing;
    TimeMs typing_sent_at = -1e18;  // when we last sent typing active:true
    bool typing_announced = false;  // we told the customer we are typing

    bool end_requested = false;
    bool wrapup_pending = false;  // chat.wrapup sent, waiting for ok / chat.removed
    bool transfer_pending = false;

    std::int64_t last_seq() const { return events.empty() ? 0 : events.back().seq; }
};

// The earlier chat of a verified customer shown read-only in place of the live transcript (update_history.cpp).
// `chat` holds its events (chat.sync from 0, paged like any sync); nothing is ever sent into it.
struct PastChatViewer {
    std::string from_chat_id;  // the held chat it was opened from ("" = closed)
    proto::PastChat entry;     // the history entry: date, agent, disposition, notes
    Chat chat;
    std::string error;  // readable text when it could not be loaded
    bool open() const { return !from_chat_id.empty(); }
};

struct HistoryState {
    std::map<std::string, CustomerHistory> by_chat;  // held chat id → its customer's earlier chats
    PastChatViewer viewer;
};

// The chat a supervisor watches, read-only unless barged in (update_supervision.cpp). `chat` holds its events
// (chat.sync from 0, paged, then the live pushes); its internal side is SupervisionState::by_chat[chat.id].
struct WatchedChat {
    Chat chat;  // chat.id "" = none watched
    std::string customer_name, agent_name;
    bool watching = false;   // the server confirmed supervisor.watch on this session
    std::string watch_rid;   // of the supervisor.watch in flight ("" = none)
    bool barged_in = false;  // supervisor.join confirmed: the supervisor may write to the customer
    bool join_pending = false;
    bool rejoin = false;          // was barged in when the socket dropped: join again once watching again
    std::string whisper_draft;    // kept until the server stored the whisper (cleared on ok, kept on error)
    std::string whisper_sending;  // the text of the supervisor.whisper in flight ("" = none)
    std::string whisper_rid;
    std::string error;  // readable text when the chat could not be loaded
    bool open() const { return !chat.id.empty(); }
};

struct SupervisionState {
    SupervisorPane pane = SupervisorPane::overview;
    OverviewState overview;
    WatchedChat watched;
    std::map<std::string, ChatSupervision> by_chat;  // held chats and the watched one
};

struct Offer {
    std::string offer_id;
    Chat chat;  // summary only (no events)
    std::string first_message;
    std::vector<std::string> customer_texts;  // what the customer wrote so far, latest first (the card shows it)
    TimeMs received_at = 0;
    TimeMs expires_at = 0;
    std::string transfer_from;  // display name of the transferring agent, "" for a new chat
    bool responding = false;    // accept or decline sent
};

struct Notice {
    TimeMs at = 0;
    std::string code;     // protocol error code or a local one ("transfer_failed", "offer_expired", …)
    std::string message;  // readable text
    std::string chat_id;  // "" when not about one chat
};

enum class Theme { dark, light };

// What a request we sent was for, so that its answer (`ok`, `error`, typed reply) can be matched by `rid`.
enum class RequestKind {
    login,
    resume,
    logout,
    presence,
    accept,
    decline,
    send,
    sync,
    mark,
    agents,
    transfer,
    end,
    wrapup,
    signal,
    history,        // customer.history of a held chat
    past_sync,      // chat.sync of the earlier chat in the viewer
    internal_sync,  // chat.internal of a held or watched chat
    flag,           // chat.flag of a held chat
    watch,          // supervisor.watch watching:true
    unwatch,        // supervisor.watch watching:false
    watched_sync,   // chat.sync of the watched chat
    whisper,        // supervisor.whisper
    join,           // supervisor.join (barge in)
    takeover        // supervisor.takeover (answered by chat.assigned)
};

struct PendingRequest {
    RequestKind kind = RequestKind::login;
    std::string chat_id;
    std::string offer_id;
    std::string client_id;
};

struct State {
    Settings settings;
    std::string server_url;
    Connection connection;
    LoginAttempt login;
    std::string token;  // session token ("" = logged out)
    std::optional<proto::AgentInfo> agent;
    proto::Presence presence;
    bool presence_pending = false;  // a change was asked and not yet confirmed
    std::int64_t capacity = 0;
    proto::AgentConfig config;
    proto::Limits limits;  // from the welcome

    std::vector<Offer> offers;
    std::vector<Chat> chats;  // in the order they were assigned
    std::string selected_chat_id;
    Calls calls;         // the agent's one call, consent answers, media devices (update_calls.cpp)
    MapFocus map_focus;  // the place the agent last asked the map to show
    std::vector<OutboxItem> outbox;
    FilesState files;              // uploads, photo textures, viewer (update_files.cpp)
    Branding branding;             // product name and the login screen's logo (update_branding.cpp)
    HistoryState history;          // verified customers' earlier chats (update_history.cpp)
    SupervisionState supervision;  // overview, watched chat, internal events and flags (update_supervision.cpp)

    std::vector<proto::AgentListEntry> agents;  // last agents.list answer (for transfer)
    bool agents_loading = false;

    std::vector<Notice> notices;
    bool session_replaced = false;
    bool logging_out = false;  // another login took over; no automatic reconnect

    Theme theme = Theme::dark;
    ColumnWidths columns;  // the agent's own, restored at login (workspace_layout.hpp)
    bool page_visible = true;
    std::string title;  // last title set
    TimeMs wake_at = 0;
    // Server clock minus the browser's, from live events and acks: event `ts` are server times, and "waiting
    // for 42 s" must not be off by the difference between the two clocks.
    double server_clock_offset_ms = 0;  // the earliest wake we asked the platform for (0 = none pending)

    std::int64_t next_rid = 1;
    std::uint64_t next_client_id = 1;
    std::uint64_t rng = 0x9E3779B97F4A7C15ull;  // jitter and clientId entropy; seeded by the App
    std::map<std::string, PendingRequest> pending;

    const Chat* find_chat(const std::string& id) const;
    Chat* find_chat(const std::string& id);
    const Chat* selected_chat() const { return find_chat(selected_chat_id); }
    // A held chat, the earlier chat open read-only, or the chat a supervisor watches: what photos and the viewer
    // may show.
    const Chat* find_readable_chat(const std::string& id) const;
    // The account may supervise (agent.welcome agent.role).
    bool is_supervisor() const { return agent && agent->role == proto::AccountRole::supervisor; }
    std::int64_t total_unread() const;
};

}  // namespace desk
