// The chat log over the wire: appending events (reserve on the strand, commit on the writer, ack + broadcast
// after the commit), sync, receipts, typing and WebRTC relay.
#include "hub_state.hpp"
#include "log.hpp"

namespace server {

namespace {

// Which event kinds each role may send with chat.send (file events come from uploads, the rest from the server).
bool role_may_send_kind(proto::Role role, proto::EventKind kind) {
    switch (kind) {
        case proto::EventKind::text:
        case proto::EventKind::call: return true;
        case proto::EventKind::location:
        case proto::EventKind::context: return role == proto::Role::customer;
        case proto::EventKind::location_request: return role == proto::Role::agent;
        default: return false;
    }
}

std::string event_frame_text(const std::string& chat_id, const std::string& event_json) {
    // The `event` push around an already serialised event: one serialisation for storage and every recipient.
    std::string frame;
    frame.reserve(event_json.size() + chat_id.size() + 40);
    frame += R"({"type":"event","chatId":)";
    frame += nlohmann::json(chat_id).dump();
    frame += R"(,"event":)";
    frame += event_json;
    frame += '}';
    return frame;
}

}  // namespace

proto::Result<ChatLive*> HubState::party_chat(const SessionState& session, const std::string& chat_id) {
    const auto it = chats.find(chat_id);
    if (session.role == proto::Role::customer) {
        if (chat_id != session.chatId) {
            return proto::Error{proto::ErrorCode::forbidden, "not your chat", "chatId", {}, {}};
        }
        if (it == chats.end()) return proto::Error{proto::ErrorCode::conflict, "the chat is closed", "chatId", {}, {}};
        return &it->second;
    }
    if (it == chats.end()) {
        const auto stored = storage.load_chat(chat_id);
        if (!stored) return proto::Error{proto::ErrorCode::not_found, "no such chat", "chatId", {}, {}};
        if (stored->agentId != session.agentId) return proto::Error{proto::ErrorCode::forbidden, "not your chat", "chatId", {}, {}};
        return proto::Error{proto::ErrorCode::conflict, "the chat is closed", "chatId", {}, {}};
    }
    if (it->second.agentId != session.agentId) {
        return proto::Error{proto::ErrorCode::forbidden, "not your chat", "chatId", {}, {}};
    }
    return &it->second;
}

std::optional<proto::Error> HubState::append(ChatLive& chat, const proto::Author& author,
                                             std::optional<std::string> client_id, proto::EventBody body,
                                             std::optional<AckTarget> ack, std::function<void(bool)> then,
                                             std::vector<WriteOp> extra, core::Reservation* reservation) {
    if (storageFailed || stopping) {
        return proto::Error::make(proto::ErrorCode::unavailable, stopping ? "server is shutting down" : "storage failed");
    }
    core::Append request{author, client_id, std::nullopt};
    if (const auto* context = std::get_if<proto::ContextBody>(&body)) request.context_merge = context->values;
    auto reserved = chat.log.reserve(request, now());
    if (!reserved) return reserved.error();
    const auto& r = reserved.value();
    if (reservation) *reservation = r;
    if (r.duplicate) {
        // The same clientId again: answer with the original ack, now or when the original commits.
        // `ok` is false when the original's commit failed: the duplicate fails with it (the client resends later).
        auto answer = [this, ack, chat_id = chat.id, stamp = r.stamp, then](bool ok) {
            if (ack) {
                if (ok) send(ack->connection, proto::ServerMessage(proto::Ack{ack->rid, chat_id, ack->clientId, stamp.seq, stamp.ts}));
                else send_error(ack->connection, ack->rid, proto::Error::make(proto::ErrorCode::unavailable, "storage failed"));
            }
            if (then) then(ok);
        };
        if (r.committed) answer(true);
        else chat.waiters[r.stamp.seq].push_back(std::move(answer));
        return std::nullopt;
    }
    PendingEvent pending;
    pending.event = proto::Event{r.stamp.seq, r.stamp.ts, author, client_id, std::move(body)};
    const std::string json = proto::to_json_text(pending.event);
    pending.frame = make_frame(event_frame_text(chat.id, json));
    pending.ack = std::move(ack);
    pending.then = std::move(then);
    EventRecord record{chat.id, r.stamp.seq, r.stamp.ts, std::string(proto::to_string(pending.event.kind())),
                       sender_key(author), client_id.value_or(""), json};
    const std::int64_t seq = r.stamp.seq;
    chat.pending.emplace(seq, std::move(pending));
    extra.push_back(std::move(record));
    commit(std::move(extra), [this, chat_id = chat.id, seq](bool ok) { on_committed(chat_id, seq, ok); });
    return std::nullopt;
}

void HubState::on_committed(const std::string& chat_id, std::int64_t seq, bool ok) {
    const auto it = chats.find(chat_id);
    if (it == chats.end()) return;
    ChatLive& chat = it->second;
    const auto found = chat.pending.find(seq);
    if (found == chat.pending.end()) return;
    PendingEvent pending = std::move(found->second);
    chat.pending.erase(found);
    if (!ok) {
        // Everything from this seq on is handed out again; later pending events of this chat fail with it.
        chat.log.abandon_from(seq);
        std::vector<PendingEvent> failed{std::move(pending)};
        for (auto later = chat.pending.begin(); later != chat.pending.end();) {
            failed.push_back(std::move(later->second));
            later = chat.pending.erase(later);
        }
        for (auto& f : failed) {
            if (f.ack) send_error(f.ack->connection, f.ack->rid, proto::Error::make(proto::ErrorCode::unavailable, "storage failed"));
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
        chat.lastLocation = proto::TimedLocation{location->location, event.ts};
    }
    if (const auto* text = std::get_if<proto::TextBody>(&event.body)) {
        if (event.author.role == proto::Role::customer && chat.firstMessage.empty()) chat.firstMessage = text->text;
    }
    if (pending.ack) {
        send(pending.ack->connection,
             proto::ServerMessage(proto::Ack{pending.ack->rid, chat.id, pending.ack->clientId, event.seq, event.ts}));
    }
    send_to_parties(chat, pending.frame);
    if (pending.then) pending.then(true);
    const auto waiting = chat.waiters.find(seq);
    if (waiting != chat.waiters.end()) {
        auto answers = std::move(waiting->second);
        chat.waiters.erase(waiting);
        for (auto& answer : answers) answer(true);
    }
}

void HubState::chat_send(SessionState& session, const proto::ChatSend& request) {
    auto chat = party_chat(session, request.chat_id);
    if (!chat) return send_error(session.id, request.rid, chat.error());
    const auto kind = proto::kind_of(request.body);
    if (!role_may_send_kind(session.role, kind)) {
        return send_error(session.id, request.rid,
                          proto::Error{proto::ErrorCode::forbidden,
                                       std::string(proto::to_string(session.role)) + " may not send " +
                                           std::string(proto::to_string(kind)) + " events",
                                       "kind", {}, {}});
    }
    if (session.role == proto::Role::agent && chat.value()->log.status() != proto::ChatStatus::active &&
        chat.value()->log.status() != proto::ChatStatus::ended) {
        return send_error(session.id, request.rid, proto::Error::make(proto::ErrorCode::conflict, "accept the chat first"));
    }
    ChatLive& live = *chat.value();
    const proto::Author author = author_of(session);
    auto error = append(live, author, request.client_id, request.body,
                        AckTarget{session.id, request.rid, request.client_id});
    if (error) return send_error(session.id, request.rid, *error);
    // The typist's message arrived: its typing indicator ends now.
    if (typists.typing_stopped(live.id, session.role)) {
        const auto frame = make_frame(proto::encode(proto::TypingPush{live.id, session.role, author.name, false}));
        if (session.role == proto::Role::customer) { if (!live.agentId.empty()) send_to_agent(live.agentId, frame); }
        else send_to_customer(live, frame);
    }
}

void HubState::chat_sync(SessionState& session, const proto::ChatSync& request) {
    // Also for chats an agent is being offered (to preview them) and closed chats of the party.
    std::int64_t committed = 0;
    proto::Receipts receipts;
    const auto it = chats.find(request.chat_id);
    bool allowed = false;
    if (session.role == proto::Role::customer) {
        allowed = request.chat_id == session.chatId;
    } else if (it != chats.end()) {
        const auto routing = router.chat(request.chat_id);
        const auto offer = routing && routing->open_offer ? router.open_offer_of(session.agentId) : std::nullopt;
        allowed = it->second.agentId == session.agentId || (offer && offer->chat == request.chat_id);
    } else if (const auto stored = storage.load_chat(request.chat_id)) {
        allowed = stored->agentId == session.agentId;
    } else {
        return send_error(session.id, request.rid, proto::Error{proto::ErrorCode::not_found, "no such chat", "chatId", {}, {}});
    }
    if (!allowed) return send_error(session.id, request.rid, proto::Error{proto::ErrorCode::forbidden, "not your chat", "chatId", {}, {}});
    if (it != chats.end()) {
        committed = it->second.log.last_committed_seq();
        receipts = it->second.log.receipts();
    } else {
        for (const auto& r : storage.load_receipts(request.chat_id)) {
            auto& marks = r.role == "customer" ? receipts.customer : receipts.agent;
            marks = {r.delivered, r.read};
        }
    }
    // Committed events come from storage; anything committing later is pushed after this reply, in order.
    // One page at a time (maxSyncEvents / maxSyncBytes): one more row than the page is read, so that a cut page
    // answers a lastSeq past what it sent even for a chat that is no longer live, and the client asks again.
    std::int64_t last = std::max(request.after, committed);
    const auto events = storage.load_events(request.chat_id, request.after, config.maxSyncEvents + 1);
    std::int64_t sent_bytes = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& event = events[i];
        last = std::max(last, event.seq);
        if (std::int64_t(i) == config.maxSyncEvents || sent_bytes >= config.maxSyncBytes) break;
        send(session.id, make_frame(event_frame_text(request.chat_id, event.json)));
        sent_bytes += std::int64_t(event.json.size());
    }
    if (it == chats.end() && committed == 0) last = std::max(last, request.after);
    send(session.id, proto::ServerMessage(proto::ChatSynced{request.rid, request.chat_id, last, receipts}));
}

void HubState::chat_mark(SessionState& session, const proto::ChatMark& request) {
    auto chat = party_chat(session, request.chat_id);
    if (!chat) return send_error(session.id, request.rid, chat.error());
    ChatLive& live = *chat.value();
    auto moved = live.log.mark(session.role, request.delivered, request.read);
    if (!moved) return send_error(session.id, request.rid, moved.error());
    send(session.id, proto::ServerMessage(proto::Ok{request.rid}));
    if (!moved.value()) return;
    const auto marks = *moved.value();
    commit({ReceiptRecord{live.id, std::string(proto::to_string(session.role)), marks.delivered, marks.read}}, {});
    const auto frame = make_frame(proto::encode(proto::ReceiptPush{live.id, session.role, marks}));
    if (session.role == proto::Role::customer) {
        if (!live.agentId.empty()) send_to_agent(live.agentId, frame);
    } else {
        send_to_customer(live, frame);
    }
}

void HubState::relay_typing_stopped(ChatLive& chat, proto::Role role) {
    std::string name = chat.customer.name;
    if (role == proto::Role::agent) {
        if (auto ref = agent_ref(chat.agentId)) name = ref->display_name;
    }
    const auto frame = make_frame(proto::encode(proto::TypingPush{chat.id, role, name, false}));
    if (role == proto::Role::customer) {
        if (!chat.agentId.empty()) send_to_agent(chat.agentId, frame);
    } else {
        send_to_customer(chat, frame);
    }
}

void HubState::typing(SessionState& session, const proto::TypingSignal& request) {
    auto chat = party_chat(session, request.chat_id);
    if (!chat) return send_error(session.id, request.rid, chat.error());
    ChatLive& live = *chat.value();
    if (live.log.status() == proto::ChatStatus::ended) {
        return send_error(session.id, request.rid, proto::Error::make(proto::ErrorCode::conflict, "the chat has ended"));
    }
    const bool changed = request.active ? typists.typing_started(live.id, session.role, now())
                                        : typists.typing_stopped(live.id, session.role);
    if (!changed) return;  // a refresh: the other party already shows it
    const auto frame = make_frame(proto::encode(proto::TypingPush{live.id, session.role, author_of(session).name, request.active}));
    if (session.role == proto::Role::customer) {
        if (!live.agentId.empty()) send_to_agent(live.agentId, frame);
    } else {
        send_to_customer(live, frame);
    }
}

void HubState::rtc_signal(SessionState& session, const proto::RtcSignal& request) {
    auto chat = party_chat(session, request.chat_id);
    if (!chat) return send_error(session.id, request.rid, chat.error());
    ChatLive& live = *chat.value();
    if (live.log.status() != proto::ChatStatus::active) {
        return send_error(session.id, request.rid, proto::Error::make(proto::ErrorCode::conflict, "calls need an active chat"));
    }
    const auto frame = make_frame(proto::encode(proto::RtcSignalPush{live.id, request.call_id, session.role, request.data}));
    bool delivered = false;
    if (session.role == proto::Role::customer) {
        const auto agent = agents.find(live.agentId);
        delivered = agent != agents.end() && !agent->second.sockets.empty();
        if (delivered) send_to_agent(live.agentId, frame);
    } else {
        delivered = !live.customerSockets.empty();
        send_to_customer(live, frame);
    }
    if (!delivered) {
        return send_error(session.id, request.rid, proto::Error::make(proto::ErrorCode::unavailable, "the other party is offline"));
    }
    if (!request.rid.empty()) send(session.id, proto::ServerMessage(proto::Ok{request.rid}));
}

}  // namespace server
