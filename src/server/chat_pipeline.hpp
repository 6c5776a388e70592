// The chat log over the wire: the open chats in memory, and for each event the pipeline reserve (on the strand)
// → commit (writer thread) → ack to the sender and push to every party (back on the strand). Also sync (pages read
// off the strand), receipts, typing and WebRTC relay, and who may act on which chat.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "agent_roster.hpp"
#include "connections.hpp"
#include "core/chat_log.hpp"
#include "core/typing.hpp"
#include "hub_services.hpp"
#include "protocol/codec.hpp"

namespace server {

// Who to answer when an event commits.
struct AckTarget {
    ConnectionId connection = 0;
    std::string rid;
    std::string client_id;
};

// An event reserved in the chat log and submitted to storage, not yet committed.
struct PendingEvent {
    proto::Event event;
    Frame frame;                        // the `event` push, serialised once
    std::optional<AckTarget> ack;       // chat.send's requester
    std::function<void(bool ok)> then;  // extra work after the commit (uploads, wrap-up replies)
};

// Supervisors on a live chat and its internal stream (supervision.hpp acts on it; the pipeline fans the chat's
// events out to the watchers and lets barged-in supervisors send texts).
struct ChatSupervision {
    std::set<std::string> watchers;   // supervisors receiving its pushes now (watching; barged in and online)
    std::set<std::string> barged_in;  // supervisors who joined it as a party (until a restart)
    std::int64_t internal_seq = 0;    // the last internal seq handed out
    std::optional<proto::ChatFlag> flag;
};

struct ChatLive {
    std::string id;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> assigned_at;
    std::optional<std::int64_t> ended_at;
    proto::CustomerInfo customer;
    std::string agent_id;  // assigned agent, "" when none
    core::ChatLog log;
    std::optional<proto::TimedLocation> last_location;
    std::string first_message;  // first customer text (offers show it)
    // The latest customer texts, oldest first, at most limits.offer_preview_texts: an offer shows what the
    // customer wrote before the agent accepts (offer.customerTexts, latest first).
    std::deque<std::string> recent_customer_texts;
    std::set<ConnectionId> customer_sockets;
    std::optional<std::int64_t> customer_gone_since;  // for abandonTimeoutMs
    std::optional<std::int64_t> last_queue_position;
    // When the oldest customer text no agent has answered yet was stored (the supervisor's overdue timer).
    std::optional<std::int64_t> awaiting_reply_since;
    ChatSupervision supervision;
    std::map<std::int64_t, PendingEvent> pending;                            // by seq
    std::map<std::int64_t, std::vector<std::function<void(bool)>>> waiters;  // duplicates of a pending seq
    // upload_key → (seq, the 201 body), to answer repeated uploads once that seq is committed.
    std::map<std::string, std::pair<std::int64_t, std::string>> uploads;
};

// Keeps `text` as the chat's latest customer text, dropping the oldest beyond `limit`.
void remember_customer_text(ChatLive& chat, const std::string& text, std::int64_t limit);

// Key of an upload in ChatLive::uploads.
std::string upload_key(const proto::Author& author, const std::string& client_id);

class ChatPipeline {
public:
    ChatPipeline(HubServices& services, Connections& connections, AgentRoster& roster);

    // Called once a customer `text` has committed and the chat's recent texts hold it. The hub points it at
    // routing, which re-sends a ringing offer of that chat; the pipeline itself knows nothing of offers.
    using CustomerTextListener = std::function<void(const ChatLive& chat)>;
    void set_customer_text_listener(CustomerTextListener listener) { customer_text_listener_ = std::move(listener); }

    // ---- the open chats ----
    ChatLive* find(const std::string& chat_id);
    ChatLive& open(ChatLive chat);
    // Forgets a closed chat once nothing of it is still committing; false while a commit is due.
    bool forget(const std::string& chat_id);
    void discard(const std::string& chat_id);  // a chat whose creation failed to commit
    std::size_t size() const { return chats_.size(); }
    template <class F>
    void for_each(F&& f) {
        for (auto& [id, chat] : chats_) f(chat);
    }

    proto::ChatSummary summary(const ChatLive& chat) const;
    // The `chat.watchers` push of the chat (to its agent).
    proto::ChatWatchers watchers_of(const ChatLive& chat) const;
    proto::Author author_of(const Party& party) const;
    // Writes the chat's row (status, times, context) in the background; failures are logged by the commit.
    void persist(const ChatLive& chat);

    // ---- who may act on a chat ----
    // The live chat `party` may act on; an error when it may not; nullopt when the chat is not live and only
    // storage can tell which error applies (then call refuse_not_live).
    std::optional<proto::Result<ChatLive*>> live_party_chat(const Party& party, const std::string& chat_id);
    // Answers, after a storage read, why `party` cannot act on a chat that is not live (not_found/forbidden/conflict).
    void refuse_not_live(const Party& party, const std::string& chat_id, std::function<void(proto::Error)> answer);
    // Whether agent `agent_id` may read a chat (sync it, download its files): its own, or — verified customers —
    // another chat of the customer it serves now (holds a chat of, assigned or ended awaiting its wrap-up):
    // the earlier chats Contact Info lists, read-only; supervisors may read every chat. One overload for a live
    // chat, one for a stored row.
    bool agent_may_read(const std::string& agent_id, const ChatLive& chat) const;
    bool agent_may_read(const std::string& agent_id, const ChatRecord& record) const;
    // The live chat a request of `session` acts on, or nullptr once the refusal has been (or will be) answered.
    ChatLive* chat_for_request(const SessionState& session, const std::string& chat_id, const std::string& rid);

    // ---- appending ----
    // Reserves and submits one event. Returns the reservation error if any. `extra` ops are committed in the same
    // transaction, before the event (a file's row). `reservation` receives what the chat log answered.
    std::optional<proto::Error> append(ChatLive& chat, const proto::Author& author,
                                       std::optional<std::string> client_id, proto::EventBody body,
                                       std::optional<AckTarget> ack, std::function<void(bool ok)> then = {},
                                       std::vector<WriteOp> extra = {}, core::Reservation* reservation = nullptr);

    // ---- requests ----
    void chat_send(SessionState& session, const proto::ChatSend& request);
    // `offered_to_requester`: the chat is being offered to this agent (it may preview it).
    void chat_sync(SessionState& session, const proto::ChatSync& request, bool offered_to_requester);
    void chat_mark(SessionState& session, const proto::ChatMark& request);
    void typing(SessionState& session, const proto::TypingSignal& request);
    void rtc_signal(SessionState& session, const proto::RtcSignal& request);

    // ---- sending to a chat's parties ----
    void send_to_customer(const ChatLive& chat, const Frame& frame);
    void send_to_agent_of(const ChatLive& chat, const Frame& frame);
    void send_to_parties(const ChatLive& chat, const Frame& frame);

    // ---- typing ----
    void stop_typing(ChatLive& chat, proto::Role role);  // relays "stopped" when it was on
    void forget_typing(const std::string& chat_id) { typists_.forget_chat(chat_id); }
    // Ends `role`'s typing without telling anyone (the typist left the chat).
    void drop_typing(const std::string& chat_id, proto::Role role) { (void)typists_.typing_stopped(chat_id, role); }
    void tick_typing(std::int64_t now_ms);
    std::optional<std::int64_t> next_typing_deadline() const { return typists_.next_deadline(); }

    // ---- restart ----
    // Rebuilds a chat from its stored row, events and receipts; nullopt (logged) when the row is unreadable.
    std::optional<ChatLive> rebuild(const ChatRecord& record, const std::vector<EventRecord>& events,
                                    const std::vector<ReceiptRecord>& receipts) const;

private:
    // Whether `agent_id` holds a chat now whose customer is verified as `user_id` (agent_may_read).
    bool serves_customer(const std::string& agent_id, const std::string& user_id) const;
    void on_committed(const std::string& chat_id, std::int64_t seq, bool ok);
    void barged_in_send(SessionState& session, ChatLive& chat, const proto::ChatSend& request);
    // Whether the session is a supervisor watching (or barged into) the live chat, which is not its own.
    bool supervisor_on(const SessionState& session, const std::string& chat_id) const;
    void relay_to_other_party(const ChatLive& chat, proto::Role from, const Frame& frame);

    HubServices& services_;
    Connections& connections_;
    AgentRoster& roster_;
    core::TypingTracker typists_;
    std::unordered_map<std::string, ChatLive> chats_;  // open chats (not closed)
    CustomerTextListener customer_text_listener_;
};

}  // namespace server
