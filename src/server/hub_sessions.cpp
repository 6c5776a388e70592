// Sessions: the first frame (login, resume, customer start/resume), message dispatch by role, presence,
// agents.list, logout and disconnects.
#include <type_traits>

#include "accounts.hpp"
#include "hub_state.hpp"
#include "log.hpp"

namespace server {

namespace {

// Frames a socket may send while its login is still being checked; more is refused (the client is not waiting).
constexpr std::size_t kMaxWaitingFrames = 64;

proto::Error unauthorized(std::string message) { return proto::Error::make(proto::ErrorCode::unauthorized, std::move(message)); }

}  // namespace

void HubState::connect(ConnectionId id, std::shared_ptr<ClientConnection> connection) {
    if (stopping) {
        connection->close(kCloseGoingAway, "server shutting down");
        return;
    }
    SessionState session;
    session.id = id;
    session.connection = std::move(connection);
    sessions.emplace(id, std::move(session));
}

void HubState::message(ConnectionId id, proto::ClientMessage message) {
    const auto it = sessions.find(id);
    if (it == sessions.end()) return;  // already disconnected
    SessionState& session = it->second;
    const std::string& rid = proto::rid_of(message);
    if (stopping) return send_error(id, rid, proto::Error::make(proto::ErrorCode::unavailable, "server is shutting down"));
    if (session.opening) {
        if (session.waiting.size() >= kMaxWaitingFrames) {
            return send_error(id, rid, proto::Error::make(proto::ErrorCode::rate_limited, "wait for the welcome"));
        }
        session.waiting.push_back(std::move(message));
        return;
    }
    if (session.role == proto::Role::system) {
        if (!proto::is_session_opener(message)) {
            return send_error(id, rid, unauthorized("log in first: agent.login, agent.resume, customer.start or customer.resume"));
        }
    } else if (!proto::role_may_send(session.role, message)) {
        return send_error(id, rid,
                          proto::Error::make(proto::ErrorCode::unknown_type,
                                             std::string(proto::type_name(message)) + " is not allowed for " +
                                                 std::string(proto::to_string(session.role)) +
                                                 (proto::is_session_opener(message) ? " (already logged in)" : "")));
    }
    std::visit(
        [&](auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, proto::AgentLogin>) agent_login(session, m);
            else if constexpr (std::is_same_v<T, proto::AgentResume>) agent_resume(session, m);
            else if constexpr (std::is_same_v<T, proto::CustomerStart>) customer_start(session, m);
            else if constexpr (std::is_same_v<T, proto::CustomerResume>) customer_resume(session, m);
            else if constexpr (std::is_same_v<T, proto::AgentLogout>) agent_logout(session, m);
            else if constexpr (std::is_same_v<T, proto::AgentPresence>) agent_presence(session, m);
            else if constexpr (std::is_same_v<T, proto::AgentsList>) agents_list(session, m);
            else if constexpr (std::is_same_v<T, proto::ChatSend>) chat_send(session, m);
            else if constexpr (std::is_same_v<T, proto::ChatSync>) chat_sync(session, m);
            else if constexpr (std::is_same_v<T, proto::ChatMark>) chat_mark(session, m);
            else if constexpr (std::is_same_v<T, proto::TypingSignal>) typing(session, m);
            else if constexpr (std::is_same_v<T, proto::RtcSignal>) rtc_signal(session, m);
            else if constexpr (std::is_same_v<T, proto::OfferAccept>) offer_accept(session, m);
            else if constexpr (std::is_same_v<T, proto::OfferDecline>) offer_decline(session, m);
            else if constexpr (std::is_same_v<T, proto::ChatTransfer>) chat_transfer(session, m);
            else if constexpr (std::is_same_v<T, proto::ChatEnd>) chat_end(session, m);
            else if constexpr (std::is_same_v<T, proto::ChatWrapup>) chat_wrapup(session, m);
        },
        message);
}

// ---- agents ----

void HubState::agent_login(SessionState& session, const proto::AgentLogin& login) {
    // argon2id takes ~0.1 s: check it on the worker, then come back to the strand.
    session.opening = true;
    const ConnectionId id = session.id;
    worker([this, id, rid = login.rid, username = login.username, password = login.password] {
        std::optional<AgentRecord> agent = storage.find_agent(username);
        if (agent && !verify_password(agent->passwordHash, password)) agent.reset();
        if (!agent) {
            // Unknown users cost the same time as wrong passwords, so timing does not reveal usernames.
            static const std::string dummy = hash_password("agentdesk-timing-equalizer");
            (void)verify_password(dummy, password);
        }
        post([this, id, rid, agent = std::move(agent), username]() mutable {
            if (!agent) log_event("login_failed", {{"username", username}});
            agent_login_checked(id, rid, std::move(agent));
        });
    });
}

void HubState::agent_login_checked(ConnectionId id, std::string rid, std::optional<AgentRecord> agent) {
    const auto it = sessions.find(id);
    if (it == sessions.end()) return;
    SessionState& session = it->second;
    auto replay = [this, id] {
        // Frames that arrived during the check, in order (the session may be gone by then).
        for (;;) {
            const auto again = sessions.find(id);
            if (again == sessions.end() || again->second.opening || again->second.waiting.empty()) return;
            auto next = std::move(again->second.waiting.front());
            again->second.waiting.pop_front();
            message(id, std::move(next));
        }
    };
    if (!agent) {
        session.opening = false;
        send_error(id, rid, unauthorized("wrong username or password"));
        return replay();
    }
    if (storageFailed) {
        session.opening = false;
        send_error(id, rid, proto::Error::make(proto::ErrorCode::unavailable, "storage failed"));
        return replay();
    }
    const std::string token = new_token();
    SessionRecord record{token_hash(token), "agent", agent->id, "", now(), now()};
    // Built before the call: the callback below takes the agent by move.
    std::vector<WriteOp> ops = {record, DeleteAgentSessions{agent->id, record.tokenHash}};
    commit(std::move(ops),
           [this, id, rid, token, agent = std::move(*agent), replay](bool ok) {
               const auto again = sessions.find(id);
               if (again == sessions.end()) return;
               again->second.opening = false;
               if (!ok) {
                   send_error(id, rid, proto::Error::make(proto::ErrorCode::unavailable, "storage failed"));
                   return replay();
               }
               // A new login takes over: older sockets of this agent are told and closed.
               const auto live = agents.find(agent.id);
               if (live != agents.end()) {
                   const auto frame = make_frame(proto::encode(proto::SessionReplaced{}));
                   for (ConnectionId old : std::set<ConnectionId>(live->second.sockets)) {
                       send(old, frame);
                       const auto old_session = sessions.find(old);
                       if (old_session != sessions.end()) old_session->second.connection->close(kCloseReplaced, "session replaced");
                   }
               }
               log_event("login", {{"agent", agent.id}, {"username", agent.username}});
               agent_attach(again->second, agent, token, rid);
               replay();
           });
}

void HubState::agent_resume(SessionState& session, const proto::AgentResume& resume) {
    const auto record = session_for_token(resume.token);
    if (!record || record->role != "agent") return send_error(session.id, resume.rid, unauthorized("unknown or expired token"));
    auto agent = storage.find_agent_by_id(record->agentId);
    if (!agent) return send_error(session.id, resume.rid, unauthorized("the agent no longer exists"));
    log_event("resume", {{"agent", agent->id}});
    agent_attach(session, *agent, resume.token, resume.rid);
}

void HubState::agent_attach(SessionState& session, const AgentRecord& agent, const std::string& token,
                            const std::string& rid) {
    session.role = proto::Role::agent;
    session.agentId = agent.id;
    set_token(session, token_hash(token));
    AgentLive& live = agents[agent.id];
    live.record = agent;
    const bool first_socket = live.sockets.empty();
    live.sockets.insert(session.id);

    core::Decisions decisions;
    if (first_socket) decisions = router.agent_connected({agent.id, agent.displayName, std::nullopt}, now());

    proto::AgentWelcome welcome;
    welcome.rid = rid;
    welcome.token = token;
    welcome.agent = {agent.id, agent.username, agent.displayName};
    const auto routing = router.agent(agent.id);
    welcome.presence = routing ? routing->presence : proto::Presence{proto::PresenceState::not_ready, "Login"};
    welcome.capacity = routing ? routing->capacity : config.limits.agent_capacity;
    for (const auto& chat_id : live.chats) {
        const auto chat = chats.find(chat_id);
        if (chat != chats.end()) welcome.chats.push_back(summary(chat->second));
    }
    if (auto offer = router.open_offer_of(agent.id)) welcome.offers.push_back(offer_for(*offer));
    welcome.config.dispositions = config.desk.dispositions;
    welcome.config.not_ready_reasons = config.desk.notReadyReasons;
    for (const auto& canned : config.desk.cannedResponses) {
        welcome.config.canned_responses.push_back({canned.shortcut, canned.title, canned.text});
    }
    welcome.limits = config.limits;
    send(session.id, proto::ServerMessage(std::move(welcome)));
    commit({TouchSession{session.tokenHash, now()}}, {});
    apply(decisions);
}

void HubState::agent_logout(SessionState& session, const proto::AgentLogout& logout) {
    const std::string hash = session.tokenHash;
    const ConnectionId id = session.id;
    commit({DeleteSession{hash}}, [this, id, rid = logout.rid, hash](bool) {
        send(id, proto::ServerMessage(proto::Ok{rid}));
        // Every socket of this session ends (other sessions of the agent are left alone).
        for (auto& [other_id, other] : sessions) {
            if (other.tokenHash == hash) other.connection->close(kCloseNormal, "logged out");
        }
    });
    log_event("logout", {{"agent", session.agentId}});
}

void HubState::agent_presence(SessionState& session, const proto::AgentPresence& request) {
    proto::Presence presence{request.state, request.state == proto::PresenceState::ready ? "" : request.reason};
    auto outcome = router.set_presence(session.agentId, presence, now());
    if (outcome.error) return send_error(session.id, request.rid, *outcome.error);
    const auto routing = router.agent(session.agentId);
    send(session.id, proto::ServerMessage(proto::PresenceUpdate{request.rid, routing ? routing->presence : presence}));
    log_event("presence", {{"agent", session.agentId}, {"state", proto::to_string(presence.state)}, {"reason", presence.reason}});
    apply(outcome.decisions, session.id, request.rid);
}

void HubState::agents_list(SessionState& session, const proto::AgentsList& list) {
    send(session.id, proto::ServerMessage(proto::AgentsReply{list.rid, router.connected_agents()}));
}

// ---- customers ----

void HubState::customer_start(SessionState& session, const proto::CustomerStart& start) {
    if (storageFailed) return send_error(session.id, start.rid, proto::Error::make(proto::ErrorCode::unavailable, "storage failed"));
    const core::ChatLogSettings log_settings{config.limits.max_context_entries, config.limits.max_context_value_chars};
    auto context = core::merge_context({}, start.context, log_settings, "context");
    if (!context) return send_error(session.id, start.rid, context.error());

    const std::string chat_id = "c" + std::to_string(++nextChatNumber);
    ChatLive chat;
    chat.id = chat_id;
    chat.createdAt = now();
    chat.customer = {start.name, start.phone, start.capabilities, start.language, start.app};
    core::ChatLogState initial;
    initial.context = context.value();
    chat.log = core::ChatLog(log_settings, initial);
    const std::string token = new_token();
    chat.customerTokenHash = token_hash(token);
    auto [it, inserted] = chats.emplace(chat_id, std::move(chat));
    ChatLive& live = it->second;
    session.opening = true;  // until the chat is committed

    persist_chat(live);
    const ConnectionId id = session.id;
    commit({SessionRecord{live.customerTokenHash, "customer", "", chat_id, now(), now()}},
           [this, id, chat_id, token, rid = start.rid](bool ok) {
               const auto chat = chats.find(chat_id);
               if (chat == chats.end()) return;
               const auto session = sessions.find(id);
               if (!ok) {
                   if (session != sessions.end()) {
                       session->second.opening = false;
                       send_error(id, rid, proto::Error::make(proto::ErrorCode::unavailable, "storage failed"));
                   }
                   chats.erase(chat);
                   return;
               }
               log_event("chat_start", {{"chat", chat_id}, {"customer", chat->second.customer.name}});
               if (session == sessions.end()) {
                   chat->second.customerGoneSince = now();
               } else {
                   session->second.opening = false;
                   customer_attach(session->second, chat->second, token, rid);
               }
               auto outcome = router.chat_queued(chat_id, now());
               apply_outcome(outcome, 0, {}, false);
               // Replay what arrived while the chat was being stored.
               for (;;) {
                   const auto again = sessions.find(id);
                   if (again == sessions.end() || again->second.opening || again->second.waiting.empty()) break;
                   auto next = std::move(again->second.waiting.front());
                   again->second.waiting.pop_front();
                   message(id, std::move(next));
               }
           });
}

void HubState::customer_resume(SessionState& session, const proto::CustomerResume& resume) {
    const auto record = session_for_token(resume.token);
    if (!record || record->role != "customer") return send_error(session.id, resume.rid, unauthorized("unknown or expired token"));
    const auto chat = chats.find(record->chatId);
    if (chat == chats.end()) {
        // A closed chat: the customer may still read it, but nothing happens in it any more.
        const auto stored = storage.load_chat(record->chatId);
        if (!stored) return send_error(session.id, resume.rid, unauthorized("the chat no longer exists"));
        session.role = proto::Role::customer;
        session.chatId = record->chatId;
        set_token(session, record->tokenHash);
        proto::CustomerWelcome welcome;
        welcome.rid = resume.rid;
        welcome.token = resume.token;
        nlohmann::json summary_json = {{"chatId", stored->id}, {"status", stored->status}, {"createdAt", stored->createdAt},
                                       {"assignedAt", nullptr}, {"endedAt", nullptr},
                                       {"customer", nlohmann::json::parse(stored->customerJson, nullptr, false)},
                                       {"context", nlohmann::json::parse(stored->contextJson, nullptr, false)},
                                       {"agent", nullptr}, {"lastSeq", stored->lastSeq}, {"lastLocation", nullptr}};
        if (stored->assignedAt) summary_json["assignedAt"] = *stored->assignedAt;
        if (stored->endedAt) summary_json["endedAt"] = *stored->endedAt;
        if (auto ref = agent_ref(stored->agentId)) summary_json["agent"] = {{"id", ref->id}, {"displayName", ref->display_name}};
        auto parsed = proto::chat_summary_from_json(summary_json);
        if (!parsed) return send_error(session.id, resume.rid, proto::Error::make(proto::ErrorCode::unavailable, "stored chat unreadable"));
        welcome.chat = parsed.value();
        welcome.limits = config.limits;
        return send(session.id, proto::ServerMessage(std::move(welcome)));
    }
    customer_attach(session, chat->second, resume.token, resume.rid);
}

void HubState::customer_attach(SessionState& session, ChatLive& chat, const std::string& token, const std::string& rid) {
    session.role = proto::Role::customer;
    session.chatId = chat.id;
    set_token(session, token_hash(token));
    chat.customerSockets.insert(session.id);
    chat.customerGoneSince.reset();
    send(session.id, proto::ServerMessage(proto::CustomerWelcome{rid, token, summary(chat), config.limits}));
    if (chat.lastQueuePosition && (chat.log.status() == proto::ChatStatus::queued ||
                                   chat.log.status() == proto::ChatStatus::offered)) {
        send(session.id, proto::ServerMessage(proto::QueueUpdate{chat.id, *chat.lastQueuePosition}));
    }
    commit({TouchSession{session.tokenHash, now()}}, {});
}

void HubState::set_token(SessionState& session, std::string hash) {
    if (!session.tokenHash.empty()) return;  // a socket opens one session only
    ++connectedTokens[hash];
    session.tokenHash = std::move(hash);
}

std::optional<SessionRecord> HubState::session_for_token(const std::string& token) {
    if (token.empty() || token.size() > 128) return std::nullopt;
    const std::string hash = token_hash(token);
    auto record = storage.find_session(hash);
    if (!record) return std::nullopt;
    // Valid while a socket of it is connected, or within sessionTtlMs of the last one.
    const bool connected = connectedTokens.count(hash) > 0;
    if (!connected && now() - record->lastSeenAt > config.sessionTtlMs) return std::nullopt;
    return record;
}

// ---- disconnects ----

void HubState::disconnect(ConnectionId id) {
    const auto it = sessions.find(id);
    if (it == sessions.end()) return;
    SessionState session = std::move(it->second);
    sessions.erase(it);
    if (!session.tokenHash.empty()) {
        const auto count = connectedTokens.find(session.tokenHash);
        if (count != connectedTokens.end() && --count->second == 0) connectedTokens.erase(count);
    }
    if (!session.tokenHash.empty() && !stopping) commit({TouchSession{session.tokenHash, now()}}, {});
    if (session.role == proto::Role::agent) {
        const auto agent = agents.find(session.agentId);
        if (agent != agents.end()) {
            agent->second.sockets.erase(id);
            if (agent->second.sockets.empty()) {
                auto outcome = router.agent_disconnected(session.agentId, now());
                apply_outcome(outcome, 0, {}, false);
                log_event("agent_offline", {{"agent", session.agentId}});
            }
        }
    } else if (session.role == proto::Role::customer) {
        const auto chat = chats.find(session.chatId);
        if (chat != chats.end()) {
            chat->second.customerSockets.erase(id);
            if (chat->second.customerSockets.empty()) chat->second.customerGoneSince = now();
        }
    }
}

}  // namespace server
