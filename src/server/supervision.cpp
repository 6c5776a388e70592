#include "supervision.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

#include "log.hpp"

namespace server {

namespace {

proto::Error chat_error(proto::ErrorCode code, std::string message) {
    return proto::Error{code, std::move(message), "chatId", {}, {}};
}

proto::Error storage_failed() { return proto::Error::make(proto::ErrorCode::unavailable, "storage failed"); }

bool held(const ChatLive& chat) {
    const auto status = chat.log.status();
    return !chat.agent_id.empty() && (status == proto::ChatStatus::active || status == proto::ChatStatus::ended);
}

}  // namespace

Supervision::Supervision(HubServices& services, Connections& connections, AgentRoster& roster, ChatPipeline& chats,
                         RoutingAdapter& routing)
    : services_(services), connections_(connections), roster_(roster), chats_(chats), routing_(routing) {}

// ======================= checks =======================

bool Supervision::is_supervisor(const SessionState& session, const std::string& rid) {
    if (roster_.is_supervisor(session.party.agent_id)) return true;
    connections_.send_error(session.id, rid, proto::Error::make(proto::ErrorCode::forbidden, "supervisors only"));
    return false;
}

ChatLive* Supervision::open_chat(const SessionState& session, const std::string& chat_id, const std::string& rid) {
    ChatLive* chat = chats_.find(chat_id);
    if (!chat)
        connections_.send_error(session.id, rid, chat_error(proto::ErrorCode::not_found, "no open chat " + chat_id));
    return chat;
}

// ======================= the internal stream =======================

void Supervision::append_internal(ChatLive& chat, const std::string& by_agent_id, proto::InternalKind kind,
                                  std::string text, std::function<void(bool)> then) {
    const std::int64_t seq = ++chat.supervision.internal_seq;
    const proto::InternalEvent event{seq, services_.now(), *roster_.ref(by_agent_id), kind, std::move(text)};
    const Frame frame = make_frame(proto::encode(proto::InternalPush{chat.id, event}));
    services_.commit(
        {InternalEventRecord{chat.id, seq, event.ts, std::string(proto::to_string(kind)), proto::to_json_text(event)}},
        [this, chat_id = chat.id, seq, frame, then = std::move(then)](bool ok) {
            ChatLive* live = chats_.find(chat_id);
            if (live && ok) send_internal(*live, frame);
            // Writes commit in order and a failed one fails every later one: handing the seq out
            // again keeps the stream gapless.
            if (live && !ok && live->supervision.internal_seq == seq) --live->supervision.internal_seq;
            if (then) then(ok);
        });
}

void Supervision::send_internal(const ChatLive& chat, const Frame& frame) {
    chats_.send_to_agent_of(chat, frame);
    for (const auto& supervisor : chat.supervision.watchers) {
        if (supervisor != chat.agent_id) connections_.send_to_agent(supervisor, frame);
    }
}

void Supervision::send_watchers(const ChatLive& chat) {
    chats_.send_to_agent_of(chat, make_frame(proto::encode(chats_.watchers_of(chat))));
}

void Supervision::restore(ChatLive& chat, const std::vector<InternalEventRecord>& events) {
    for (const auto& record : events) {
        chat.supervision.internal_seq = std::max(chat.supervision.internal_seq, record.seq);
        auto event = proto::internal_event_from_json_text(record.json);
        if (!event) {
            log_event("restore_internal_unreadable", {{"chat", chat.id}, {"seq", record.seq}});
            continue;
        }
        const auto& e = event.value();
        if (e.kind == proto::InternalKind::flagged) chat.supervision.flag = proto::ChatFlag{e.by, e.text, e.ts};
        if (e.kind == proto::InternalKind::unflagged) chat.supervision.flag.reset();
    }
}

// ======================= requests =======================

void Supervision::chat_flag(SessionState& session, const proto::ChatFlagRequest& request) {
    const std::string& me = session.party.agent_id;
    ChatLive* chat = open_chat(session, request.chat_id, request.rid);
    if (!chat) return;
    const bool supervisor = roster_.is_supervisor(me);
    if (chat->agent_id != me && !supervisor)
        return connections_.send_error(session.id, request.rid,
                                       chat_error(proto::ErrorCode::forbidden, "not your chat"));
    if (request.flagged && chat->log.status() != proto::ChatStatus::active)
        return connections_.send_error(session.id, request.rid,
                                       proto::Error::make(proto::ErrorCode::conflict, "only active chats are flagged"));
    auto& flag = chat->supervision.flag;
    const bool unchanged = request.flagged ? flag && flag->reason == request.reason : !flag;
    if (unchanged) return connections_.send(session.id, proto::ServerMessage(proto::Ok{request.rid}));
    if (services_.storage_failed) return connections_.send_error(session.id, request.rid, storage_failed());
    if (request.flagged)
        flag = proto::ChatFlag{*roster_.ref(me), request.reason, services_.now()};
    else
        flag.reset();
    log_event("chat_flag", {{"chat", chat->id}, {"by", me}, {"flagged", request.flagged}});
    append_internal(*chat, me, request.flagged ? proto::InternalKind::flagged : proto::InternalKind::unflagged,
                    request.reason, [this, id = session.id, rid = request.rid](bool ok) {
                        if (ok)
                            connections_.send(id, proto::ServerMessage(proto::Ok{rid}));
                        else
                            connections_.send_error(id, rid, storage_failed());
                    });
}

void Supervision::internal_sync(SessionState& session, const proto::InternalSync& request) {
    const std::string me = session.party.agent_id;
    const bool supervisor = roster_.is_supervisor(me);
    const ChatLive* live = chats_.find(request.chat_id);
    if (live && live->agent_id != me && !supervisor)
        return connections_.send_error(session.id, request.rid,
                                       chat_error(proto::ErrorCode::forbidden, "not your chat"));
    struct Found {
        std::optional<ChatRecord> chat;  // read only when the chat is not live
        std::vector<InternalEventRecord> events;
    };
    const bool is_live = live != nullptr;
    services_.read(
        [chat_id = request.chat_id, after = request.after, is_live](Storage& storage) {
            Found found;
            if (!is_live) found.chat = storage.load_chat(chat_id);
            if (is_live || found.chat)
                found.events = storage.load_internal_events(chat_id, after, proto::kInternalPageEvents + 1);
            return found;
        },
        [this, id = session.id, me, supervisor, request, is_live](Found found) {
            if (!is_live) {
                if (!found.chat)
                    return connections_.send_error(id, request.rid,
                                                   chat_error(proto::ErrorCode::not_found, "no such chat"));
                if (found.chat->agent_id != me && !supervisor)
                    return connections_.send_error(id, request.rid,
                                                   chat_error(proto::ErrorCode::forbidden, "not your chat"));
            }
            proto::InternalPage page;
            page.rid = request.rid;
            page.chat_id = request.chat_id;
            page.last_seq = request.after;
            for (const auto& record : found.events) {
                page.last_seq = std::max(page.last_seq, record.seq);
                if (std::int64_t(page.events.size()) == proto::kInternalPageEvents) continue;  // one past the page
                auto event = proto::internal_event_from_json_text(record.json);
                if (event) page.events.push_back(std::move(event).value());
            }
            if (const ChatLive* now = chats_.find(request.chat_id)) page.flag = now->supervision.flag;
            connections_.send(id, proto::ServerMessage(std::move(page)));
        });
}

void Supervision::watch(SessionState& session, const proto::SupervisorWatch& request) {
    if (!is_supervisor(session, request.rid)) return;
    ChatLive* chat = open_chat(session, request.chat_id, request.rid);
    if (!chat) return;
    const std::string& me = session.party.agent_id;
    if (chat->agent_id == me)
        return connections_.send_error(session.id, request.rid,
                                       chat_error(proto::ErrorCode::conflict, "the chat is yours"));
    auto& on_chat = chat->supervision;
    if (request.watching) {
        if (on_chat.watchers.insert(me).second) {
            append_internal(*chat, me, proto::InternalKind::watch_started, "");
            send_watchers(*chat);
            log_event("watch", {{"chat", chat->id}, {"supervisor", me}});
        }
    } else if (on_chat.watchers.erase(me) > 0 || on_chat.barged_in.count(me) > 0) {
        if (on_chat.barged_in.erase(me) > 0) {
            // A supervisor who barged in and stops watching leaves the conversation, as an agent would.
            (void)chats_.append(*chat, {proto::Role::system, "", ""}, std::nullopt,
                                proto::LeftBody{proto::Role::agent, roster_.display_name(me), "supervisor"},
                                std::nullopt);
        }
        append_internal(*chat, me, proto::InternalKind::watch_stopped, "");
        send_watchers(*chat);
        log_event("unwatch", {{"chat", chat->id}, {"supervisor", me}});
    }
    connections_.send(session.id, proto::ServerMessage(proto::Ok{request.rid}));
}

void Supervision::whisper(SessionState& session, const proto::SupervisorWhisper& request) {
    if (!is_supervisor(session, request.rid)) return;
    ChatLive* chat = open_chat(session, request.chat_id, request.rid);
    if (!chat) return;
    const std::string& me = session.party.agent_id;
    if (!held(*chat))
        return connections_.send_error(session.id, request.rid,
                                       chat_error(proto::ErrorCode::conflict, "the chat has no agent to whisper to"));
    if (chat->agent_id == me)
        return connections_.send_error(session.id, request.rid,
                                       chat_error(proto::ErrorCode::conflict, "the chat is yours"));
    if (services_.storage_failed) return connections_.send_error(session.id, request.rid, storage_failed());
    append_internal(*chat, me, proto::InternalKind::whisper, request.text,
                    [this, id = session.id, rid = request.rid](bool ok) {
                        if (ok)
                            connections_.send(id, proto::ServerMessage(proto::Ok{rid}));
                        else
                            connections_.send_error(id, rid, storage_failed());
                    });
}

void Supervision::join(SessionState& session, const proto::SupervisorJoin& request) {
    if (!is_supervisor(session, request.rid)) return;
    ChatLive* chat = open_chat(session, request.chat_id, request.rid);
    if (!chat) return;
    const std::string me = session.party.agent_id;
    if (chat->log.status() != proto::ChatStatus::active || chat->agent_id.empty())
        return connections_.send_error(session.id, request.rid,
                                       chat_error(proto::ErrorCode::conflict, "only active chats can be joined"));
    if (chat->agent_id == me)
        return connections_.send_error(session.id, request.rid,
                                       chat_error(proto::ErrorCode::conflict, "the chat is yours"));
    auto& on_chat = chat->supervision;
    if (on_chat.barged_in.count(me)) return connections_.send(session.id, proto::ServerMessage(proto::Ok{request.rid}));
    if (services_.storage_failed) return connections_.send_error(session.id, request.rid, storage_failed());
    const std::string name = roster_.display_name(me);
    auto error =
        chats_.append(*chat, {proto::Role::agent, me, name}, std::nullopt, proto::JoinedBody{proto::Role::agent, name},
                      std::nullopt, [this, id = session.id, rid = request.rid, chat_id = chat->id, me](bool ok) {
                          ChatLive* live = chats_.find(chat_id);
                          if (!ok) {
                              if (live) {
                                  live->supervision.barged_in.erase(me);
                                  send_watchers(*live);
                              }
                              return connections_.send_error(id, rid, storage_failed());
                          }
                          connections_.send(id, proto::ServerMessage(proto::Ok{rid}));
                      });
    if (error) return connections_.send_error(session.id, request.rid, *error);
    // A party from the moment `joined` is reserved: its texts follow the joined event in seq order.
    on_chat.watchers.insert(me);
    on_chat.barged_in.insert(me);
    append_internal(*chat, me, proto::InternalKind::barged_in, "");
    send_watchers(*chat);
    log_event("barge_in", {{"chat", chat->id}, {"supervisor", me}});
}

void Supervision::take_over(SessionState& session, const proto::SupervisorTakeover& request) {
    if (!is_supervisor(session, request.rid)) return;
    routing_.take_over(session, request);
    // The help the flag asked for has come: a chat taken over is no longer flagged.
    ChatLive* chat = chats_.find(request.chat_id);
    const std::string& me = session.party.agent_id;
    if (chat && chat->agent_id == me && chat->supervision.flag) {
        chat->supervision.flag.reset();
        append_internal(*chat, me, proto::InternalKind::unflagged, "");
    }
}

// ======================= sessions and timers =======================

void Supervision::welcomed(SessionState& session) {
    const std::string& me = session.party.agent_id;
    if (roster_.is_supervisor(me)) {
        auto now = overview();
        now.ts = services_.now();
        connections_.send(session.id, proto::ServerMessage(std::move(now)));
    }
    for (const auto& chat_id : roster_.chats_of(me)) {
        const ChatLive* chat = chats_.find(chat_id);
        if (chat && (!chat->supervision.watchers.empty() || !chat->supervision.barged_in.empty()))
            connections_.send(session.id, make_frame(proto::encode(chats_.watchers_of(*chat))));
    }
}

void Supervision::agent_offline(const std::string& agent_id) {
    if (!roster_.is_supervisor(agent_id)) return;
    chats_.for_each([&](ChatLive& chat) {
        if (chat.supervision.watchers.erase(agent_id) == 0) return;
        append_internal(chat, agent_id, proto::InternalKind::watch_stopped, "");
        send_watchers(chat);
    });
}

std::vector<std::string> Supervision::online_supervisors() const {
    std::vector<std::string> online;
    roster_.for_each([&](const AgentRecord& record, const std::set<std::string>&) {
        if (record.role == "supervisor" && connections_.agent_online(record.id)) online.push_back(record.id);
    });
    return online;
}

std::optional<std::int64_t> Supervision::next_deadline() const {
    if (online_supervisors().empty()) return std::nullopt;
    return last_push_ms_ + services_.config.supervisor_overview_interval_ms;
}

void Supervision::tick(std::int64_t now_ms) {
    if (now_ms - last_push_ms_ < services_.config.supervisor_overview_interval_ms) return;
    const auto supervisors = online_supervisors();
    if (supervisors.empty()) return;
    last_push_ms_ = now_ms;
    auto view = overview();
    std::string unstamped = proto::encode(view);  // ts 0: compares what changed, not the clock
    if (unstamped == last_overview_) return;
    last_overview_ = std::move(unstamped);
    view.ts = now_ms;
    const Frame frame = make_frame(proto::encode(view));
    for (const auto& id : supervisors) connections_.send_to_agent(id, frame);
}

proto::SupervisorOverview Supervision::overview() {
    proto::SupervisorOverview view;
    const auto max_entries = std::size_t(services_.config.supervisor_overview_max_entries);
    chats_.for_each([&](ChatLive& chat) {
        const auto status = chat.log.status();
        if (status == proto::ChatStatus::queued || status == proto::ChatStatus::offered) {
            proto::QueuedChatView queued{
                chat.id,
                chat.customer.name,
                chat.customer.verified(),
                chat.created_at,
                status == proto::ChatStatus::offered ? 0 : chat.last_queue_position.value_or(0),
                std::nullopt};
            if (auto offer = routing_.open_offer_of_chat(chat.id)) queued.offered_to = roster_.ref(offer->agent);
            view.queue.push_back(std::move(queued));
        } else if (held(chat)) {
            proto::LiveChatView live;
            live.chat_id = chat.id;
            live.status = status;
            live.customer_name = chat.customer.name;
            live.verified = chat.customer.verified();
            live.agent = roster_.ref(chat.agent_id);
            live.assigned_at = chat.assigned_at;
            live.awaiting_reply_since = status == proto::ChatStatus::active ? chat.awaiting_reply_since : std::nullopt;
            live.flag = chat.supervision.flag;
            const auto refs = chats_.watchers_of(chat);
            live.watchers = refs.watchers;
            live.barged_in = refs.barged_in;
            live.last_seq = chat.log.last_committed_seq();
            view.chats.push_back(std::move(live));
        }
    });
    std::sort(view.queue.begin(), view.queue.end(), [](const auto& a, const auto& b) {
        return std::tie(a.queued_at, a.chat_id) < std::tie(b.queued_at, b.chat_id);
    });
    // Flags first (the oldest call for help on top), then the longest unanswered, then the oldest assignment.
    constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
    std::sort(view.chats.begin(), view.chats.end(), [&](const auto& a, const auto& b) {
        const auto key = [&](const proto::LiveChatView& c) {
            return std::make_tuple(c.flag ? 0 : 1, c.flag ? c.flag->ts : 0, c.awaiting_reply_since.value_or(kNever),
                                   c.assigned_at.value_or(kNever), c.chat_id);
        };
        return key(a) < key(b);
    });
    view.queue_total = std::int64_t(view.queue.size());
    view.chats_total = std::int64_t(view.chats.size());
    if (view.queue.size() > max_entries) view.queue.resize(max_entries);
    if (view.chats.size() > max_entries) view.chats.resize(max_entries);
    roster_.for_each([&](const AgentRecord& record, const std::set<std::string>& chats) {
        proto::AgentView agent;
        agent.id = record.id;
        agent.display_name = record.display_name;
        agent.role = proto::from_string<proto::AccountRole>(record.role).value_or(proto::AccountRole::agent);
        agent.online = connections_.agent_online(record.id);
        agent.presence = routing_.presence_of(record.id);
        agent.presence_since = routing_.presence_since(record.id);
        agent.load = std::int64_t(chats.size());
        agent.capacity = routing_.capacity_of(record.id);
        view.agents.push_back(std::move(agent));
    });
    std::sort(view.agents.begin(), view.agents.end(), [](const auto& a, const auto& b) {
        return std::tie(a.display_name, a.id) < std::tie(b.display_name, b.id);
    });
    return view;
}

}  // namespace server
