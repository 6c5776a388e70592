#include "sessions.hpp"

#include <set>

#include "accounts.hpp"
#include "log.hpp"

namespace server {

namespace {

// Frames a socket may send while its session is still being opened; more is refused (the client is not waiting).
constexpr std::size_t kMaxWaitingFrames = 64;
// Longer tokens are never ours: refused before hashing or any read.
constexpr std::size_t kMaxTokenChars = 128;

proto::Error unauthorized(std::string message) {
    return proto::Error::make(proto::ErrorCode::unauthorized, std::move(message));
}
proto::Error storage_failed() { return proto::Error::make(proto::ErrorCode::unavailable, "storage failed"); }

bool plausible_token(const std::string& token) { return !token.empty() && token.size() <= kMaxTokenChars; }

}  // namespace

Sessions::Sessions(HubServices& services, Connections& connections, AgentRoster& roster, ChatPipeline& chats,
                   RoutingAdapter& routing)
    : services_(services), connections_(connections), roster_(roster), chats_(chats), routing_(routing) {}

bool Sessions::valid_now(const SessionRecord& record) const {
    return connections_.token_connected(record.token_hash) ||
        services_.now() - record.last_seen_at <= services_.config.session_ttl_ms;
}

// ======================= sockets =======================

void Sessions::connect(ConnectionId id, std::shared_ptr<ClientConnection> connection) {
    if (services_.stopping) {
        connection->close(kCloseGoingAway, "server shutting down");
        return;
    }
    connections_.add(id, std::move(connection));
}

SessionState* Sessions::admit(ConnectionId id, const proto::ClientMessage& message) {
    SessionState* session = connections_.find(id);
    if (!session) return nullptr;  // already disconnected
    const std::string& rid = proto::rid_of(message);
    if (services_.stopping) {
        connections_.send_error(id, rid, proto::Error::make(proto::ErrorCode::unavailable, "server is shutting down"));
        return nullptr;
    }
    if (session->opening) {
        if (session->waiting.size() >= kMaxWaitingFrames) {
            connections_.send_error(id, rid,
                                    proto::Error::make(proto::ErrorCode::rate_limited, "wait for the welcome"));
        } else {
            session->waiting.push_back(message);
        }
        return nullptr;
    }
    const proto::Role role = session->party.role;
    if (role == proto::Role::system) {
        if (!proto::is_session_opener(message)) {
            connections_.send_error(
                id, rid, unauthorized("log in first: agent.login, agent.resume, customer.start or customer.resume"));
            return nullptr;
        }
    } else if (!proto::role_may_send(role, message)) {
        connections_.send_error(
            id, rid,
            proto::Error::make(proto::ErrorCode::unknown_type,
                               std::string(proto::type_name(message)) + " is not allowed for " +
                                   std::string(proto::to_string(role)) +
                                   (proto::is_session_opener(message) ? " (already logged in)" : "")));
        return nullptr;
    }
    return session;
}

void Sessions::replay(ConnectionId id) {
    for (;;) {
        SessionState* session = connections_.find(id);
        if (!session || session->opening || session->waiting.empty()) return;
        auto next = std::move(session->waiting.front());
        session->waiting.pop_front();
        dispatch_(id, std::move(next));
    }
}

void Sessions::disconnect(ConnectionId id) {
    auto session = connections_.remove(id);
    if (!session) return;
    if (!session->token_hash.empty() && !services_.stopping) {
        services_.commit({TouchSession{session->token_hash, services_.now()}});
    }
    if (session->party.role == proto::Role::agent) {
        if (!connections_.agent_online(session->party.agent_id)) {
            routing_.agent_offline(session->party.agent_id);
            if (agent_offline_) agent_offline_(session->party.agent_id);
        }
    } else if (session->party.role == proto::Role::customer) {
        if (ChatLive* chat = chats_.find(session->party.chat_id)) {
            chat->customer_sockets.erase(id);
            if (chat->customer_sockets.empty()) chat->customer_gone_since = services_.now();
        }
    }
}

void Sessions::lookup_token(const std::string& token, std::function<void(std::optional<SessionRecord>)> done) {
    if (!plausible_token(token)) return done(std::nullopt);
    services_.read([hash = token_hash(token)](Storage& storage) { return storage.find_session(hash); },
                   [this, done = std::move(done)](std::optional<SessionRecord> record) {
                       if (record && !valid_now(*record)) record.reset();
                       done(std::move(record));
                   });
}

// ======================= agents =======================

void Sessions::agent_login(SessionState& session, const proto::AgentLogin& login) {
    // argon2id takes ~0.1 s: checked on the worker, then back on the strand.
    session.opening = true;
    services_.work(
        [username = login.username, password = login.password](Storage& storage) {
            std::optional<AgentRecord> agent = storage.find_agent(username);
            if (agent && !verify_password(agent->password_hash, password)) agent.reset();
            if (!agent) {
                // Unknown users cost the same time as wrong passwords, so timing does not reveal usernames.
                static const std::string dummy = hash_password("agentdesk-timing-equalizer");
                (void)verify_password(dummy, password);
            }
            return agent;
        },
        [this, id = session.id, rid = login.rid, username = login.username](std::optional<AgentRecord> agent) {
            if (!agent) log_event("login_failed", {{"username", username}});
            login_checked(id, rid, std::move(agent));
        });
}

void Sessions::login_checked(ConnectionId id, const std::string& rid, std::optional<AgentRecord> agent) {
    SessionState* session = connections_.find(id);
    if (!session) return;
    if (!agent || services_.storage_failed) {
        session->opening = false;
        connections_.send_error(id, rid, agent ? storage_failed() : unauthorized("wrong username or password"));
        return replay(id);
    }
    const std::string token = new_token();
    const auto now = services_.now();
    SessionRecord record{token_hash(token), "agent", agent->id, "", now, now};
    std::vector<WriteOp> ops = {record, DeleteAgentSessions{agent->id, record.token_hash}};
    services_.commit(std::move(ops), [this, id, rid, token, agent = std::move(*agent)](bool ok) {
        SessionState* again = connections_.find(id);
        if (!again) return;
        again->opening = false;
        if (!ok) {
            connections_.send_error(id, rid, storage_failed());
            return replay(id);
        }
        // A new login takes over: older sockets of this agent are told and closed.
        const auto frame = make_frame(proto::encode(proto::SessionReplaced{}));
        for (ConnectionId old : std::set<ConnectionId>(connections_.agent_sockets(agent.id))) {
            connections_.send(old, frame);
            if (SessionState* old_session = connections_.find(old))
                old_session->connection->close(kCloseReplaced, "session replaced");
        }
        log_event("login", {{"agent", agent.id}, {"username", agent.username}});
        agent_attach(*again, agent, token, rid);
        replay(id);
    });
}

void Sessions::agent_resume(SessionState& session, const proto::AgentResume& resume) {
    if (!plausible_token(resume.token))
        return connections_.send_error(session.id, resume.rid, unauthorized("unknown or expired token"));
    struct Found {
        std::optional<SessionRecord> record;
        std::optional<AgentRecord> agent;
    };
    session.opening = true;
    services_.read(
        [hash = token_hash(resume.token)](Storage& storage) {
            Found found;
            found.record = storage.find_session(hash);
            if (found.record && found.record->role == "agent")
                found.agent = storage.find_agent_by_id(found.record->agent_id);
            return found;
        },
        [this, id = session.id, rid = resume.rid, token = resume.token](Found found) {
            SessionState* session = connections_.find(id);
            if (!session) return;
            session->opening = false;
            if (!found.record || found.record->role != "agent" || !valid_now(*found.record)) {
                connections_.send_error(id, rid, unauthorized("unknown or expired token"));
            } else if (!found.agent) {
                connections_.send_error(id, rid, unauthorized("the agent no longer exists"));
            } else {
                log_event("resume", {{"agent", found.agent->id}});
                agent_attach(*session, *found.agent, token, rid);
            }
            replay(id);
        });
}

void Sessions::agent_attach(SessionState& session, const AgentRecord& agent, const std::string& token,
                            const std::string& rid) {
    connections_.set_token(session, token_hash(token));
    roster_.remember(agent);
    const bool first_socket = connections_.attach_agent(session, agent.id);
    proto::AgentWelcome welcome;
    welcome.rid = rid;
    welcome.token = token;
    welcome.agent = {agent.id, agent.username, agent.display_name,
                     proto::from_string<proto::AccountRole>(agent.role).value_or(proto::AccountRole::agent)};
    welcome.presence = routing_.presence_of(agent.id);
    welcome.capacity = routing_.capacity_of(agent.id);
    for (const auto& chat_id : roster_.chats_of(agent.id)) {
        if (const ChatLive* chat = chats_.find(chat_id)) welcome.chats.push_back(chats_.summary(*chat));
    }
    if (auto offer = routing_.open_offer_for(agent.id)) welcome.offers.push_back(std::move(*offer));
    welcome.config.dispositions = services_.config.desk.dispositions;
    welcome.config.not_ready_reasons = services_.config.desk.not_ready_reasons;
    for (const auto& canned : services_.config.desk.canned_responses) {
        welcome.config.canned_responses.push_back({canned.shortcut, canned.title, canned.text});
    }
    welcome.limits = services_.config.limits;
    connections_.send(session.id, proto::ServerMessage(std::move(welcome)));
    services_.commit({TouchSession{session.token_hash, services_.now()}});
    if (first_socket) routing_.agent_online(agent);
    if (welcomed_) welcomed_(session);
}

void Sessions::agent_logout(SessionState& session, const proto::AgentLogout& logout) {
    const std::string hash = session.token_hash;
    services_.commit({DeleteSession{hash}}, [this, id = session.id, rid = logout.rid, hash](bool) {
        connections_.send(id, proto::ServerMessage(proto::Ok{rid}));
        // Every socket of this session ends (other sessions of the agent are left alone).
        connections_.close_token(hash, kCloseNormal, "logged out");
    });
    log_event("logout", {{"agent", session.party.agent_id}});
}

// ======================= customers =======================

void Sessions::customer_start(SessionState& session, const proto::CustomerStart& start) {
    if (services_.storage_failed) return connections_.send_error(session.id, start.rid, storage_failed());
    const core::ChatLogSettings log_settings{services_.config.limits.max_context_entries,
                                             services_.config.limits.max_context_value_chars};
    auto context = core::merge_context({}, start.context, log_settings, "context");
    if (!context) return connections_.send_error(session.id, start.rid, context.error());

    const std::string chat_id = "c" + std::to_string(++next_chat_number_);
    const auto now = services_.now();
    ChatLive chat;
    chat.id = chat_id;
    chat.created_at = now;
    chat.customer = {start.name, start.phone, start.capabilities, start.language, start.app, std::nullopt};
    // A signed identity makes the customer verified (their earlier chats become visible to the agent who serves
    // them). Any other claim is ignored, never refused: a customer in trouble must reach an agent whatever
    // their app's integration gets wrong. The log says why.
    if (start.identity) {
        const auto& secret = services_.config.customer_identity_secret;
        if (identity_matches(secret, start.identity->user_id, start.identity->user_hash)) {
            chat.customer.user_id = start.identity->user_id;
        } else {
            log_event(
                "identity_rejected",
                {{"chat", chat_id},
                 {"reason", secret.empty() ? "no customerIdentitySecret configured" : "userHash does not match"}});
        }
    }
    core::ChatLogState initial;
    initial.context = context.value();
    chat.log = core::ChatLog(log_settings, initial);
    const std::string token = new_token();
    const std::string hash = token_hash(token);
    ChatLive& live = chats_.open(std::move(chat));
    session.opening = true;  // until the chat is committed

    chats_.persist(live);
    std::vector<WriteOp> ops{SessionRecord{hash, "customer", "", chat_id, now, now}};
    if (live.customer.user_id) ops.push_back(CustomerLink{*live.customer.user_id, chat_id, now});
    services_.commit(std::move(ops), [this, id = session.id, chat_id, token, rid = start.rid](bool ok) {
        ChatLive* chat = chats_.find(chat_id);
        if (!chat) return;
        SessionState* session = connections_.find(id);
        if (!ok) {
            if (session) {
                session->opening = false;
                connections_.send_error(id, rid, storage_failed());
            }
            chats_.discard(chat_id);
            return;
        }
        log_event("chat_start", {{"chat", chat_id}, {"customer", chat->customer.name}});
        if (!session) {
            chat->customer_gone_since = services_.now();
        } else {
            session->opening = false;
            customer_attach(*session, *chat, token, rid);
        }
        routing_.chat_queued(chat_id);
        replay(id);  // what arrived while the chat was being stored
    });
}

void Sessions::customer_resume(SessionState& session, const proto::CustomerResume& resume) {
    if (!plausible_token(resume.token))
        return connections_.send_error(session.id, resume.rid, unauthorized("unknown or expired token"));
    struct Found {
        std::optional<SessionRecord> record;
        std::optional<ChatRecord> chat;  // read too, in case the chat is closed (not live) by the time we look
    };
    session.opening = true;
    services_.read(
        [hash = token_hash(resume.token)](Storage& storage) {
            Found found;
            found.record = storage.find_session(hash);
            if (found.record && found.record->role == "customer") found.chat = storage.load_chat(found.record->chat_id);
            return found;
        },
        [this, id = session.id, rid = resume.rid, token = resume.token](Found found) {
            SessionState* session = connections_.find(id);
            if (!session) return;
            session->opening = false;
            if (!found.record || found.record->role != "customer" || !valid_now(*found.record)) {
                connections_.send_error(id, rid, unauthorized("unknown or expired token"));
                return replay(id);
            }
            if (ChatLive* chat = chats_.find(found.record->chat_id)) {
                customer_attach(*session, *chat, token, rid);
                return replay(id);
            }
            // A closed chat: the customer may still read it, but nothing happens in it any more.
            if (!found.chat) {
                connections_.send_error(id, rid, unauthorized("the chat no longer exists"));
                return replay(id);
            }
            const ChatRecord& stored = *found.chat;
            nlohmann::json summary_json = {{"chatId", stored.id},
                                           {"status", stored.status},
                                           {"createdAt", stored.created_at},
                                           {"assignedAt", nullptr},
                                           {"endedAt", nullptr},
                                           {"customer", nlohmann::json::parse(stored.customer_json, nullptr, false)},
                                           {"context", nlohmann::json::parse(stored.context_json, nullptr, false)},
                                           {"agent", nullptr},
                                           {"lastSeq", stored.last_seq},
                                           {"lastLocation", nullptr}};
            if (stored.assigned_at) summary_json["assignedAt"] = *stored.assigned_at;
            if (stored.ended_at) summary_json["endedAt"] = *stored.ended_at;
            if (auto ref = roster_.ref(stored.agent_id))
                summary_json["agent"] = {{"id", ref->id}, {"displayName", ref->display_name}};
            auto parsed = proto::chat_summary_from_json(summary_json);
            if (!parsed) {
                connections_.send_error(id, rid,
                                        proto::Error::make(proto::ErrorCode::unavailable, "stored chat unreadable"));
                return replay(id);
            }
            session->party = {proto::Role::customer, "", stored.id};
            connections_.set_token(*session, found.record->token_hash);
            connections_.send(
                id, proto::ServerMessage(proto::CustomerWelcome{rid, token, parsed.value(), services_.config.limits}));
            replay(id);
        });
}

void Sessions::customer_attach(SessionState& session, ChatLive& chat, const std::string& token,
                               const std::string& rid) {
    session.party = {proto::Role::customer, "", chat.id};
    connections_.set_token(session, token_hash(token));
    chat.customer_sockets.insert(session.id);
    chat.customer_gone_since.reset();
    connections_.send(
        session.id,
        proto::ServerMessage(proto::CustomerWelcome{rid, token, chats_.summary(chat), services_.config.limits}));
    const auto status = chat.log.status();
    if (chat.last_queue_position && (status == proto::ChatStatus::queued || status == proto::ChatStatus::offered)) {
        connections_.send(session.id, proto::ServerMessage(proto::QueueUpdate{chat.id, *chat.last_queue_position}));
    }
    services_.commit({TouchSession{session.token_hash, services_.now()}});
}

}  // namespace server
