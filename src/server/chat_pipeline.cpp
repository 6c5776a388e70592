#include "chat_pipeline.hpp"

#include <algorithm>

#include "log.hpp"

namespace server {

namespace {

// Which event kinds each role may send with chat.send (file events come from uploads, the rest from the server).
bool role_may_send_kind(proto::Role role, proto::EventKind kind) {
    switch (kind) {
        case proto::EventKind::text:
        case proto::EventKind::call:
            return true;
        case proto::EventKind::location:
        case proto::EventKind::context:
            return role == proto::Role::customer;
        case proto::EventKind::location_request:
            return role == proto::Role::agent;
        default:
            return false;
    }
}

// The `event` push around an already serialised event: one serialisation for storage and every recipient.
std::string event_frame_text(const std::string& chat_id, const std::string& event_json) {
    std::string frame;
    frame.reserve(event_json.size() + chat_id.size() + 40);
    frame += R"({"type":"event","chatId":)";
    frame += nlohmann::json(chat_id).dump();
    frame += R"(,"event":)";
    frame += event_json;
    frame += '}';
    return frame;
}

proto::Error chat_error(proto::ErrorCode code, const char* message) {
    return proto::Error{code, message, "chatId", {}, {}};
}

proto::Receipts receipts_of(const std::vector<ReceiptRecord>& records) {
    proto::Receipts receipts;
    for (const auto& r : records) {
        auto& marks = r.role == "customer" ? receipts.customer : receipts.agent;
        marks = {r.delivered, r.read};
    }
    return receipts;
}

}  // namespace

void remember_customer_text(ChatLive& chat, const std::string& text, std::int64_t limit) {
    chat.recent_customer_texts.push_back(text);
    while (std::int64_t(chat.recent_customer_texts.size()) > limit) chat.recent_customer_texts.pop_front();
}

std::string upload_key(const proto::Author& author, const std::string& client_id) {
    return std::string(proto::to_string(author.role)) + ":" + author.id + "\n" + client_id;
}

ChatPipeline::ChatPipeline(HubServices& services, Connections& connections, AgentRoster& roster)
    : services_(services),
      connections_(connections),
      roster_(roster),
      typists_(core::TypingSettings{services.config.limits.typing_timeout_ms}) {}

// ======================= the open chats =======================

ChatLive* ChatPipeline::find(const std::string& chat_id) {
    const auto it = chats_.find(chat_id);
    return it == chats_.end() ? nullptr : &it->second;
}

ChatLive& ChatPipeline::open(ChatLive chat) {
    const std::string id = chat.id;
    return chats_.insert_or_assign(id, std::move(chat)).first->second;
}

bool ChatPipeline::forget(const std::string& chat_id) {
    const auto it = chats_.find(chat_id);
    if (it == chats_.end()) return true;
    if (!it->second.pending.empty()) return false;  // a commit is still due; the chat stays until then
    if (!it->second.agent_id.empty()) roster_.unassign(it->second.agent_id, chat_id);
    typists_.forget_chat(chat_id);
    chats_.erase(it);
    return true;
}

void ChatPipeline::discard(const std::string& chat_id) { chats_.erase(chat_id); }

proto::ChatSummary ChatPipeline::summary(const ChatLive& chat) const {
    proto::ChatSummary s;
    s.chat_id = chat.id;
    s.status = chat.log.status();
    s.created_at = chat.created_at;
    s.assigned_at = chat.assigned_at;
    s.ended_at = chat.ended_at;
    s.customer = chat.customer;
    s.context = chat.log.context();
    s.agent = roster_.ref(chat.agent_id);
    s.last_seq = chat.log.last_committed_seq();
    s.last_location = chat.last_location;
    return s;
}

proto::Author ChatPipeline::author_of(const Party& party) const {
    if (party.role == proto::Role::agent)
        return {proto::Role::agent, party.agent_id, roster_.display_name(party.agent_id)};
    const auto chat = chats_.find(party.chat_id);
    return {proto::Role::customer, "", chat == chats_.end() ? std::string() : chat->second.customer.name};
}

void ChatPipeline::persist(const ChatLive& chat) {
    ChatRecord record;
    record.id = chat.id;
    record.status = std::string(proto::to_string(chat.log.status()));
    record.created_at = chat.created_at;
    record.assigned_at = chat.assigned_at;
    record.ended_at = chat.ended_at;
    nlohmann::json summary_json = proto::to_json(summary(chat));
    record.customer_json = summary_json.value("customer", nlohmann::json::object()).dump();
    record.context_json = summary_json.value("context", nlohmann::json::object()).dump();
    record.agent_id = chat.agent_id;
    record.last_seq = chat.log.last_committed_seq();
    record.last_location_json = chat.last_location ? summary_json["lastLocation"].dump() : std::string();
    services_.commit({std::move(record)});
}

// ======================= who may act on a chat =======================

std::optional<proto::Result<ChatLive*>> ChatPipeline::live_party_chat(const Party& party, const std::string& chat_id) {
    const auto it = chats_.find(chat_id);
    if (party.role == proto::Role::customer) {
        if (chat_id != party.chat_id)
            return proto::Result<ChatLive*>(chat_error(proto::ErrorCode::forbidden, "not your chat"));
        if (it == chats_.end())
            return proto::Result<ChatLive*>(chat_error(proto::ErrorCode::conflict, "the chat is closed"));
        return proto::Result<ChatLive*>(&it->second);
    }
    if (it == chats_.end()) return std::nullopt;
    if (it->second.agent_id != party.agent_id)
        return proto::Result<ChatLive*>(chat_error(proto::ErrorCode::forbidden, "not your chat"));
    return proto::Result<ChatLive*>(&it->second);
}

void ChatPipeline::refuse_not_live(const Party& party, const std::string& chat_id,
                                   std::function<void(proto::Error)> answer) {
    services_.read([chat_id](Storage& storage) { return storage.load_chat(chat_id); },
                   [agent_id = party.agent_id, answer = std::move(answer)](std::optional<ChatRecord> stored) {
                       if (!stored) return answer(chat_error(proto::ErrorCode::not_found, "no such chat"));
                       if (stored->agent_id != agent_id)
                           return answer(chat_error(proto::ErrorCode::forbidden, "not your chat"));
                       answer(chat_error(proto::ErrorCode::conflict, "the chat is closed"));
                   });
}

namespace {

// The verified user id in a stored chat row, nullopt when its customer was not verified.
std::optional<std::string> verified_user_of(const ChatRecord& record) {
    const auto customer = nlohmann::json::parse(record.customer_json, nullptr, false);
    if (!customer.is_object()) return std::nullopt;
    const auto verified = customer.find("verified");
    const auto user_id = customer.find("userId");
    if (verified == customer.end() || !verified->is_boolean() || !verified->get<bool>()) return std::nullopt;
    if (user_id == customer.end() || !user_id->is_string()) return std::nullopt;
    return user_id->get<std::string>();
}

}  // namespace

bool ChatPipeline::serves_customer(const std::string& agent_id, const std::string& user_id) const {
    for (const auto& chat_id : roster_.chats_of(agent_id)) {
        const auto it = chats_.find(chat_id);
        if (it != chats_.end() && it->second.agent_id == agent_id && it->second.customer.user_id == user_id)
            return true;
    }
    return false;
}

bool ChatPipeline::agent_may_read(const std::string& agent_id, const ChatLive& chat) const {
    return chat.agent_id == agent_id || roster_.is_supervisor(agent_id) ||
        (chat.customer.user_id && serves_customer(agent_id, *chat.customer.user_id));
}

bool ChatPipeline::agent_may_read(const std::string& agent_id, const ChatRecord& record) const {
    if (record.agent_id == agent_id || roster_.is_supervisor(agent_id)) return true;
    const auto user_id = verified_user_of(record);
    return user_id && serves_customer(agent_id, *user_id);
}

ChatLive* ChatPipeline::chat_for_request(const SessionState& session, const std::string& chat_id,
                                         const std::string& rid) {
    auto chat = live_party_chat(session.party, chat_id);
    if (!chat) {
        refuse_not_live(session.party, chat_id,
                        [this, id = session.id, rid](proto::Error error) { connections_.send_error(id, rid, error); });
        return nullptr;
    }
    if (!*chat) {
        connections_.send_error(session.id, rid, chat->error());
        return nullptr;
    }
    return chat->value();
}

// ======================= appending =======================

std::optional<proto::Error> ChatPipeline::append(ChatLive& chat, const proto::Author& author,
                                                 std::optional<std::string> client_id, proto::EventBody body,
                                                 std::optional<AckTarget> ack, std::function<void(bool)> then,
                                                 std::vector<WriteOp> extra, core::Reservation* reservation) {
    if (auto refusal = services_.write_refusal()) return refusal;
    core::Append request{author, client_id, std::nullopt};
    if (const auto* context = std::get_if<proto::ContextBody>(&body)) request.context_merge = context->values;
    auto reserved = chat.log.reserve(request, services_.now());
    if (!reserved) return reserved.error();
    const auto& r = reserved.value();
    if (reservation) *reservation = r;
    if (r.duplicate) {
        // The same clientId again: answer with the original ack, now or when the original commits.
        // `ok` is false when the original's commit failed: the duplicate fails with it (the client resends later).
        auto answer = [this, ack, chat_id = chat.id, stamp = r.stamp, then](bool ok) {
            if (ack) {
                if (ok)
                    connections_.send(
                        ack->connection,
                        proto::ServerMessage(proto::Ack{ack->rid, chat_id, ack->client_id, stamp.seq, stamp.ts}));
                else
                    connections_.send_error(ack->connection, ack->rid,
                                            proto::Error::make(proto::ErrorCode::unavailable, "storage failed"));
            }
            if (then) then(ok);
        };
        if (r.committed)
            answer(true);
        else
            chat.waiters[r.stamp.seq].push_back(std::move(answer));
        return std::nullopt;
    }
    PendingEvent pending;
    pending.event = proto::Event{r.stamp.seq, r.stamp.ts, author, client_id, std::move(body)};
    const std::string json = proto::to_json_text(pending.event);
    pending.frame = make_frame(event_frame_text(chat.id, json));
    pending.ack = std::move(ack);
    pending.then = std::move(then);
    EventRecord record{chat.id,
                       r.stamp.seq,
                       r.stamp.ts,
                       std::string(proto::to_string(pending.event.kind())),
                       sender_key(author),
                       client_id.value_or(""),
                       json};
    const std::int64_t seq = r.stamp.seq;
    chat.pending.emplace(seq, std::move(pending));
    extra.push_back(std::move(record));
    services_.commit(std::move(extra), [this, chat_id = chat.id, seq](bool ok) { on_committed(chat_id, seq, ok); });
    return std::nullopt;
}

void ChatPipeline::on_committed(const std::string& chat_id, std::int64_t seq, bool ok) {
    ChatLive* found_chat = find(chat_id);
    if (!found_chat) return;
    ChatLive& chat = *found_chat;
    const auto found = chat.pending.find(seq);
    if (found == chat.pending.end()) return;
    PendingEvent pending = std::move(found->second);
    chat.pending.erase(found);
    if (!ok) {
        // Everything from this seq on is handed out again; later pending events of this chat fail with it.
        chat.log.abandon_from(seq);
        std::vector<PendingEvent> failed;
        failed.push_back(std::move(pending));
        for (auto later = chat.pending.begin(); later != chat.pending.end();) {
            failed.push_back(std::move(later->second));
            later = chat.pending.erase(later);
        }
        for (auto& f : failed) {
            if (f.ack)
                connections_.send_error(f.ack->connection, f.ack->rid,
                                        proto::Error::make(proto::ErrorCode::unavailable, "storage failed"));
            if (f.then) f.then(false);
        }
        // Duplicates waiting on an abandoned seq would otherwise wait forever (and answer a seq handed out again).
        std::vector<std::function<void(bool)>> orphaned;
        for (auto waiting = chat.waiters.lower_bound(seq); waiting != chat.waiters.end();) {
            for (auto& answer : waiting->second) orphaned.push_back(std::move(answer));
            waiting = chat.waiters.erase(waiting);
        }
        for (auto& answer : orphaned) answer(false);
        return;
    }
    chat.log.committed_through(seq);
    const auto& event = pending.event;
    if (const auto* location = std::get_if<proto::LocationBody>(&event.body)) {
        chat.last_location = proto::TimedLocation{location->location, event.ts};
    }
    const auto* text = std::get_if<proto::TextBody>(&event.body);
    const bool customer_text = text && event.author.role == proto::Role::customer;
    if (customer_text) {
        if (chat.first_message.empty()) chat.first_message = text->text;
        remember_customer_text(chat, text->text, services_.config.limits.offer_preview_texts);
        if (!chat.awaiting_reply_since) chat.awaiting_reply_since = event.ts;
    } else if (text && event.author.role == proto::Role::agent) {
        chat.awaiting_reply_since.reset();  // the agent (or a supervisor who barged in) answered
    }
    if (pending.ack) {
        connections_.send(
            pending.ack->connection,
            proto::ServerMessage(proto::Ack{pending.ack->rid, chat.id, pending.ack->client_id, event.seq, event.ts}));
    }
    for (ConnectionId id : chat.customer_sockets) connections_.send_event(id, chat.id, event.seq, pending.frame);
    if (!chat.agent_id.empty()) connections_.send_event_to_agent(chat.agent_id, chat.id, event.seq, pending.frame);
    for (const auto& supervisor : chat.supervision.watchers) {
        if (supervisor != chat.agent_id)
            connections_.send_event_to_agent(supervisor, chat.id, event.seq, pending.frame);
    }
    // After the event push: an agent being offered the chat learns of the text once it is stored.
    if (customer_text && customer_text_listener_) customer_text_listener_(chat);
    if (pending.then) pending.then(true);
    // `then` may have forgotten the chat: look it up again before answering duplicates.
    ChatLive* still = find(chat_id);
    if (!still) return;
    const auto waiting = still->waiters.find(seq);
    if (waiting != still->waiters.end()) {
        auto answers = std::move(waiting->second);
        still->waiters.erase(waiting);
        for (auto& answer : answers) answer(true);
    }
}

// ======================= requests =======================

void ChatPipeline::chat_send(SessionState& session, const proto::ChatSend& request) {
    if (session.party.role == proto::Role::agent) {
        // A supervisor who barged in is a party for texts only (the chat stays the agent's: its marks, typing,
        // calls, end and wrap-up).
        ChatLive* joined = find(request.chat_id);
        if (joined && joined->agent_id != session.party.agent_id &&
            joined->supervision.barged_in.count(session.party.agent_id)) {
            return barged_in_send(session, *joined, request);
        }
    }
    ChatLive* chat = chat_for_request(session, request.chat_id, request.rid);
    if (!chat) return;
    const proto::Role role = session.party.role;
    const auto kind = proto::kind_of(request.body);
    if (!role_may_send_kind(role, kind)) {
        return connections_.send_error(session.id, request.rid,
                                       proto::Error{proto::ErrorCode::forbidden,
                                                    std::string(proto::to_string(role)) + " may not send " +
                                                        std::string(proto::to_string(kind)) + " events",
                                                    "kind",
                                                    {},
                                                    {}});
    }
    if (role == proto::Role::agent && chat->log.status() != proto::ChatStatus::active &&
        chat->log.status() != proto::ChatStatus::ended) {
        return connections_.send_error(session.id, request.rid,
                                       proto::Error::make(proto::ErrorCode::conflict, "accept the chat first"));
    }
    const proto::Author author = author_of(session.party);
    auto error =
        append(*chat, author, request.client_id, request.body, AckTarget{session.id, request.rid, request.client_id});
    if (error) return connections_.send_error(session.id, request.rid, *error);
    // The typist's message arrived: its typing indicator ends now.
    stop_typing(*chat, role);
}

void ChatPipeline::barged_in_send(SessionState& session, ChatLive& chat, const proto::ChatSend& request) {
    if (proto::kind_of(request.body) != proto::EventKind::text) {
        return connections_.send_error(
            session.id, request.rid,
            proto::Error{
                proto::ErrorCode::forbidden, "a supervisor who joined may send text events only", "kind", {}, {}});
    }
    if (chat.log.status() != proto::ChatStatus::active) {
        return connections_.send_error(session.id, request.rid,
                                       proto::Error::make(proto::ErrorCode::conflict, "the chat is not active"));
    }
    auto error = append(chat, author_of(session.party), request.client_id, request.body,
                        AckTarget{session.id, request.rid, request.client_id});
    if (error) connections_.send_error(session.id, request.rid, *error);
}

void ChatPipeline::chat_sync(SessionState& session, const proto::ChatSync& request, bool offered_to_requester) {
    // Also for chats an agent is being offered (to preview them) and closed chats of the party.
    const Party party = session.party;
    const ConnectionId id = session.id;
    const auto max_events = services_.config.max_sync_events;
    const auto max_bytes = services_.config.max_sync_bytes;
    ChatLive* chat = find(request.chat_id);
    if (chat) {
        const bool allowed = party.role == proto::Role::customer
            ? request.chat_id == party.chat_id
            : offered_to_requester || agent_may_read(party.agent_id, *chat);
        if (!allowed)
            return connections_.send_error(id, request.rid, chat_error(proto::ErrorCode::forbidden, "not your chat"));
        // The page holds committed events only (those up to `committed` now). Pushes of events committing while
        // it is read wait in Connections until the page and chat.synced went out.
        const std::int64_t committed = chat->log.last_committed_seq();
        const proto::Receipts receipts = chat->log.receipts();
        connections_.begin_sync(session, request.chat_id);
        services_.read([chat_id = request.chat_id, after = request.after,
                        max_events](Storage& storage) { return storage.load_events(chat_id, after, max_events + 1); },
                       [this, id, rid = request.rid, chat_id = request.chat_id, after = request.after, committed,
                        receipts, max_events, max_bytes](std::vector<EventRecord> events) {
                           std::int64_t sent_through = after;
                           std::int64_t sent_bytes = 0;
                           for (std::size_t i = 0; i < events.size(); ++i) {
                               const auto& event = events[i];
                               if (event.seq > committed) break;  // committed after the request: pushed live
                               if (std::int64_t(i) == max_events || sent_bytes >= max_bytes) break;
                               connections_.send(id, make_frame(event_frame_text(chat_id, event.json)));
                               sent_bytes += std::int64_t(event.json.size());
                               sent_through = event.seq;
                           }
                           // A cut page still names `committed`: the client sees lastSeq past what it holds and asks again.
                           const std::int64_t last = std::max(after, committed);
                           connections_.send(id, proto::ServerMessage(proto::ChatSynced{rid, chat_id, last, receipts}));
                           connections_.end_sync(id, chat_id, sent_through);
                       });
        return;
    }
    // Not live: a closed chat of the party (or an error). Its row, receipts and page come in one read.
    struct NotLive {
        std::optional<ChatRecord> chat;
        std::vector<ReceiptRecord> receipts;
        std::vector<EventRecord> events;
    };
    services_.read(
        [chat_id = request.chat_id, after = request.after, max_events,
         customer = party.role == proto::Role::customer](Storage& storage) {
            NotLive found;
            found.chat = storage.load_chat(chat_id);
            if (found.chat || customer) {
                found.receipts = storage.load_receipts(chat_id);
                found.events = storage.load_events(chat_id, after, max_events + 1);
            }
            return found;
        },
        [this, id, party, request, max_events, max_bytes](NotLive found) {
            bool allowed = false;
            if (party.role == proto::Role::customer) {
                allowed = request.chat_id == party.chat_id;
            } else if (found.chat) {
                allowed = agent_may_read(party.agent_id, *found.chat);
            } else {
                return connections_.send_error(id, request.rid,
                                               chat_error(proto::ErrorCode::not_found, "no such chat"));
            }
            if (!allowed)
                return connections_.send_error(id, request.rid,
                                               chat_error(proto::ErrorCode::forbidden, "not your chat"));
            // One more row than the page is read, so that a cut page answers a lastSeq past what it sent and the
            // client asks again.
            std::int64_t last = request.after;
            std::int64_t sent_bytes = 0;
            for (std::size_t i = 0; i < found.events.size(); ++i) {
                const auto& event = found.events[i];
                last = std::max(last, event.seq);
                if (std::int64_t(i) == max_events || sent_bytes >= max_bytes) break;
                connections_.send(id, make_frame(event_frame_text(request.chat_id, event.json)));
                sent_bytes += std::int64_t(event.json.size());
            }
            connections_.send(id,
                              proto::ServerMessage(
                                  proto::ChatSynced{request.rid, request.chat_id, last, receipts_of(found.receipts)}));
        });
}

bool ChatPipeline::supervisor_on(const SessionState& session, const std::string& chat_id) const {
    if (session.party.role != proto::Role::agent) return false;
    const auto it = chats_.find(chat_id);
    if (it == chats_.end() || it->second.agent_id == session.party.agent_id) return false;
    const auto& on_chat = it->second.supervision;
    return on_chat.watchers.count(session.party.agent_id) > 0 || on_chat.barged_in.count(session.party.agent_id) > 0;
}

void ChatPipeline::chat_mark(SessionState& session, const proto::ChatMark& request) {
    // A supervisor's reading is not the agent's: its marks change no receipt the customer sees.
    if (supervisor_on(session, request.chat_id))
        return connections_.send(session.id, proto::ServerMessage(proto::Ok{request.rid}));
    ChatLive* chat = chat_for_request(session, request.chat_id, request.rid);
    if (!chat) return;
    const proto::Role role = session.party.role;
    auto moved = chat->log.mark(role, request.delivered, request.read);
    if (!moved) return connections_.send_error(session.id, request.rid, moved.error());
    connections_.send(session.id, proto::ServerMessage(proto::Ok{request.rid}));
    if (!moved.value()) return;
    const auto marks = *moved.value();
    services_.commit({ReceiptRecord{chat->id, std::string(proto::to_string(role)), marks.delivered, marks.read}});
    relay_to_other_party(*chat, role, make_frame(proto::encode(proto::ReceiptPush{chat->id, role, marks})));
}

void ChatPipeline::typing(SessionState& session, const proto::TypingSignal& request) {
    // The customer's typing indicator is the agent's; a supervisor's typing is answered and not relayed.
    if (supervisor_on(session, request.chat_id)) {
        if (!request.rid.empty()) connections_.send(session.id, proto::ServerMessage(proto::Ok{request.rid}));
        return;
    }
    ChatLive* chat = chat_for_request(session, request.chat_id, request.rid);
    if (!chat) return;
    const proto::Role role = session.party.role;
    if (chat->log.status() == proto::ChatStatus::ended) {
        return connections_.send_error(session.id, request.rid,
                                       proto::Error::make(proto::ErrorCode::conflict, "the chat has ended"));
    }
    const bool changed = request.active ? typists_.typing_started(chat->id, role, services_.now())
                                        : typists_.typing_stopped(chat->id, role);
    // Every request with a rid gets one answer (docs/protocol.md), also a refresh that relays nothing.
    if (!request.rid.empty()) connections_.send(session.id, proto::ServerMessage(proto::Ok{request.rid}));
    if (!changed) return;  // a refresh: the other party already shows it
    relay_to_other_party(
        *chat, role,
        make_frame(proto::encode(proto::TypingPush{chat->id, role, author_of(session.party).name, request.active})));
}

void ChatPipeline::rtc_signal(SessionState& session, const proto::RtcSignal& request) {
    ChatLive* chat = chat_for_request(session, request.chat_id, request.rid);
    if (!chat) return;
    const proto::Role role = session.party.role;
    if (chat->log.status() != proto::ChatStatus::active) {
        return connections_.send_error(session.id, request.rid,
                                       proto::Error::make(proto::ErrorCode::conflict, "calls need an active chat"));
    }
    const bool delivered =
        role == proto::Role::customer ? connections_.agent_online(chat->agent_id) : !chat->customer_sockets.empty();
    if (!delivered) {
        return connections_.send_error(session.id, request.rid,
                                       proto::Error::make(proto::ErrorCode::unavailable, "the other party is offline"));
    }
    relay_to_other_party(
        *chat, role, make_frame(proto::encode(proto::RtcSignalPush{chat->id, request.call_id, role, request.data})));
    if (!request.rid.empty()) connections_.send(session.id, proto::ServerMessage(proto::Ok{request.rid}));
}

// ======================= sending =======================

proto::ChatWatchers ChatPipeline::watchers_of(const ChatLive& chat) const {
    proto::ChatWatchers push;
    push.chat_id = chat.id;
    for (const auto& id : chat.supervision.watchers) {
        if (!chat.supervision.barged_in.count(id)) push.watchers.push_back(*roster_.ref(id));
    }
    for (const auto& id : chat.supervision.barged_in) push.barged_in.push_back(*roster_.ref(id));
    return push;
}

void ChatPipeline::send_to_customer(const ChatLive& chat, const Frame& frame) {
    for (ConnectionId id : chat.customer_sockets) connections_.send(id, frame);
}

void ChatPipeline::send_to_agent_of(const ChatLive& chat, const Frame& frame) {
    if (!chat.agent_id.empty()) connections_.send_to_agent(chat.agent_id, frame);
}

void ChatPipeline::send_to_parties(const ChatLive& chat, const Frame& frame) {
    send_to_customer(chat, frame);
    send_to_agent_of(chat, frame);
}

void ChatPipeline::relay_to_other_party(const ChatLive& chat, proto::Role from, const Frame& frame) {
    if (from == proto::Role::customer)
        send_to_agent_of(chat, frame);
    else
        send_to_customer(chat, frame);
}

// ======================= typing =======================

void ChatPipeline::stop_typing(ChatLive& chat, proto::Role role) {
    if (!typists_.typing_stopped(chat.id, role)) return;
    const std::string name = role == proto::Role::agent ? roster_.display_name(chat.agent_id) : chat.customer.name;
    relay_to_other_party(chat, role, make_frame(proto::encode(proto::TypingPush{chat.id, role, name, false})));
}

void ChatPipeline::tick_typing(std::int64_t now_ms) {
    for (const auto& stopped : typists_.tick(now_ms)) {
        ChatLive* chat = find(stopped.chat);
        if (!chat) continue;
        const std::string name =
            stopped.role == proto::Role::agent ? roster_.display_name(chat->agent_id) : chat->customer.name;
        relay_to_other_party(*chat, stopped.role,
                             make_frame(proto::encode(proto::TypingPush{chat->id, stopped.role, name, false})));
    }
}

// ======================= restart =======================

std::optional<ChatLive> ChatPipeline::rebuild(const ChatRecord& record, const std::vector<EventRecord>& events,
                                              const std::vector<ReceiptRecord>& receipts) const {
    ChatLive chat;
    chat.id = record.id;
    chat.created_at = record.created_at;
    chat.assigned_at = record.assigned_at;
    chat.ended_at = record.ended_at;
    chat.agent_id = record.agent_id;
    chat.customer_gone_since = services_.now();  // nobody is connected after a restart
    // The customer object is stored as the ChatSummary's; reuse the codec to read it back.
    nlohmann::json summary_json = {{"chatId", record.id},
                                   {"status", record.status},
                                   {"createdAt", record.created_at},
                                   {"assignedAt", nullptr},
                                   {"endedAt", nullptr},
                                   {"customer", nlohmann::json::parse(record.customer_json, nullptr, false)},
                                   {"context", nlohmann::json::parse(record.context_json, nullptr, false)},
                                   {"agent", nullptr},
                                   {"lastSeq", 0},
                                   {"lastLocation", nullptr}};
    auto parsed = proto::chat_summary_from_json(summary_json);
    if (!parsed) {
        log_event("restore_skipped", {{"chat", record.id}, {"error", parsed.error().message}});
        return std::nullopt;
    }
    chat.customer = parsed.value().customer;

    core::ChatLogState state;
    state.status = parsed.value().status;
    // Offers died with the process: offered chats go back to the queue.
    if (state.status == proto::ChatStatus::offered) state.status = proto::ChatStatus::queued;
    state.context = parsed.value().context;
    const proto::Receipts stored_receipts = receipts_of(receipts);
    state.receipts = stored_receipts;
    std::vector<std::pair<proto::Author, std::pair<std::string, core::Stamp>>> client_ids;
    const core::ChatLogSettings settings{services_.config.limits.max_context_entries,
                                         services_.config.limits.max_context_value_chars};
    for (const auto& stored : events) {
        auto event = proto::event_from_json(nlohmann::json::parse(stored.json, nullptr, false));
        if (!event) {
            log_event("restore_event_unreadable", {{"chat", record.id}, {"seq", stored.seq}});
            continue;
        }
        const auto& e = event.value();
        state.last_seq = std::max(state.last_seq, e.seq);
        state.last_ts = std::max(state.last_ts, e.ts);
        if (e.client_id) client_ids.push_back({e.author, {*e.client_id, core::Stamp{e.seq, e.ts}}});
        if (const auto* context = std::get_if<proto::ContextBody>(&e.body)) {
            // Replaying merges in order gives the final context even over a row written mid-way (idempotent).
            auto merged = core::merge_context(state.context, context->values, settings);
            if (merged) state.context = merged.value();
        } else if (const auto* location = std::get_if<proto::LocationBody>(&e.body)) {
            chat.last_location = proto::TimedLocation{location->location, e.ts};
        } else if (const auto* text = std::get_if<proto::TextBody>(&e.body)) {
            if (e.author.role == proto::Role::customer) {
                if (chat.first_message.empty()) chat.first_message = text->text;
                remember_customer_text(chat, text->text, services_.config.limits.offer_preview_texts);
                if (!chat.awaiting_reply_since) chat.awaiting_reply_since = e.ts;
            } else if (e.author.role == proto::Role::agent) {
                chat.awaiting_reply_since.reset();
            }
        } else if (const auto* file = std::get_if<proto::FileBody>(&e.body)) {
            if (e.client_id) {
                chat.uploads[upload_key(e.author, *e.client_id)] = {
                    e.seq, nlohmann::json{{"seq", e.seq}, {"ts", e.ts}, {"file", proto::to_json(file->file)}}.dump()};
            }
        }
    }
    // Receipts never point past the log (a crash may have kept a mark but not a later event: impossible with one
    // FIFO writer, but cheap to guard).
    for (auto* marks : {&state.receipts.customer, &state.receipts.agent}) {
        marks->delivered = std::min(marks->delivered, state.last_seq);
        marks->read = std::min(marks->read, state.last_seq);
    }
    chat.log = core::ChatLog(settings, state);
    for (const auto& [author, entry] : client_ids) chat.log.remember_client_id(author, entry.first, entry.second);
    return chat;
}

}  // namespace server
