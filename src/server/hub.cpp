// The hub facade: thread-safe entry points that post to the strand, the components wired together, the one
// dispatch of client messages, timers, restore, health and shutdown.
#include "hub.hpp"

#include <algorithm>
#include <limits>

#include "agent_roster.hpp"
#include "chat_pipeline.hpp"
#include "connections.hpp"
#include "core/overloaded.hpp"
#include "file_transfers.hpp"
#include "log.hpp"
#include "past_chats.hpp"
#include "routing_adapter.hpp"
#include "sessions.hpp"
#include "supervision.hpp"

namespace server {

namespace {
// Longest sleep between ticks when nothing is due (abandon checks use it as their resolution).
constexpr std::int64_t kMaxTickDelayMs = 1000;
// How often the abandoned-chat scan runs at most.
constexpr std::int64_t kAbandonScanMs = 500;
}  // namespace

// The components, in dependency order (each may use the ones above it). Strand only, except restore().
class HubCore {
public:
    HubCore(const ServerConfig& config, Storage& storage, WriteQueue& writes, HubExecutors executors, Clock clock)
        : storage_(storage),
          services(config, storage, writes, std::move(executors), std::move(clock)),
          chats(services, connections, roster),
          routing(services, connections, roster, chats),
          sessions(services, connections, roster, chats, routing),
          files(services, sessions, chats),
          past_chats(services, connections, roster, chats),
          supervision(services, connections, roster, chats, routing) {
        sessions.set_welcomed_listener([this](SessionState& session) { supervision.welcomed(session); });
        sessions.set_agent_offline_listener([this](const std::string& agent) { supervision.agent_offline(agent); });
        sessions.set_dispatch(
            [this](ConnectionId id, proto::ClientMessage message) { dispatch(id, std::move(message)); });
        // The pipeline tells routing of customer texts through this one callback, so that it needs no routing
        // include: a ringing offer then shows what the customer wrote meanwhile.
        chats.set_customer_text_listener([this](const ChatLive& chat) { routing.customer_wrote(chat); });
    }

    // Every client message reaches its component here; a new message type fails to compile until it is routed.
    void dispatch(ConnectionId id, proto::ClientMessage message) {
        SessionState* admitted = sessions.admit(id, message);
        if (!admitted) return;
        SessionState& s = *admitted;
        std::visit(core::Overloaded{
                       [&](const proto::AgentLogin& m) { sessions.agent_login(s, m); },
                       [&](const proto::AgentResume& m) { sessions.agent_resume(s, m); },
                       [&](const proto::AgentLogout& m) { sessions.agent_logout(s, m); },
                       [&](const proto::CustomerStart& m) { sessions.customer_start(s, m); },
                       [&](const proto::CustomerResume& m) { sessions.customer_resume(s, m); },
                       [&](const proto::AgentPresence& m) { routing.agent_presence(s, m); },
                       [&](const proto::AgentsList& m) { routing.agents_list(s, m); },
                       [&](const proto::ChatSend& m) { chats.chat_send(s, m); },
                       [&](const proto::ChatSync& m) {
                           const bool offered =
                               s.party.role == proto::Role::agent && routing.is_offered_to(s.party.agent_id, m.chat_id);
                           chats.chat_sync(s, m, offered);
                       },
                       [&](const proto::ChatMark& m) { chats.chat_mark(s, m); },
                       [&](const proto::TypingSignal& m) { chats.typing(s, m); },
                       [&](const proto::RtcSignal& m) { chats.rtc_signal(s, m); },
                       [&](const proto::OfferAccept& m) { routing.offer_accept(s, m); },
                       [&](const proto::OfferDecline& m) { routing.offer_decline(s, m); },
                       [&](const proto::ChatTransfer& m) { routing.chat_transfer(s, m); },
                       [&](const proto::ChatEnd& m) { routing.chat_end(s, m); },
                       [&](const proto::ChatWrapup& m) { routing.chat_wrapup(s, m); },
                       [&](const proto::CustomerHistory& m) { past_chats.history(s, m); },
                       [&](const proto::ChatFlagRequest& m) { supervision.chat_flag(s, m); },
                       [&](const proto::InternalSync& m) { supervision.internal_sync(s, m); },
                       [&](const proto::SupervisorWatch& m) { supervision.watch(s, m); },
                       [&](const proto::SupervisorWhisper& m) { supervision.whisper(s, m); },
                       [&](const proto::SupervisorJoin& m) { supervision.join(s, m); },
                       [&](const proto::SupervisorTakeover& m) { supervision.take_over(s, m); },
                   },
                   message);
    }

    std::int64_t tick(std::int64_t now_ms) {
        routing.tick(now_ms);
        chats.tick_typing(now_ms);
        supervision.tick(now_ms);
        // Queued chats whose customer has been away too long end by themselves. The scan visits every open chat,
        // so it runs at most every kAbandonScanMs (the timeout is minutes; this precision is plenty).
        std::vector<std::string> abandoned;
        std::optional<std::int64_t> next_abandon;
        if (now_ms - last_abandon_scan_ms_ >= kAbandonScanMs) {
            last_abandon_scan_ms_ = now_ms;
            chats.for_each([&](ChatLive& chat) {
                if (!chat.customer_gone_since) return;
                const auto status = chat.log.status();
                if (status != proto::ChatStatus::queued && status != proto::ChatStatus::offered) return;
                const std::int64_t due = *chat.customer_gone_since + services.config.abandon_timeout_ms;
                if (due <= now_ms)
                    abandoned.push_back(chat.id);
                else
                    next_abandon = std::min(next_abandon.value_or(due), due);
            });
        }
        for (const auto& id : abandoned) {
            ChatLive* chat = chats.find(id);
            if (!chat) continue;
            log_event("chat_abandoned", {{"chat", id}});
            routing.end_chat(*chat, proto::Role::system, "abandoned", 0, {});
        }
        std::int64_t next = now_ms + kMaxTickDelayMs;
        if (auto d = routing.next_deadline()) next = std::min(next, *d);
        if (auto d = chats.next_typing_deadline()) next = std::min(next, *d);
        if (auto d = supervision.next_deadline()) next = std::min(next, *d);
        if (next_abandon) next = std::min(next, *next_abandon);
        return std::max<std::int64_t>(1, next - now_ms);
    }

    void begin_shutdown(Task done) {
        services.stopping = true;
        // The write queue is FIFO: an empty job completes after everything submitted before it, and its completion
        // is posted after theirs, so every ack has been sent when the sockets are closed.
        services.commit({}, [this, done = std::move(done)](bool) {
            connections.close_all(kCloseGoingAway, "server shutting down");
            log_event("sessions_closed", {{"count", connections.size()}});
            done();
        });
    }

    // Before serving: storage is read directly here, on the caller's thread (not the strand).
    std::optional<std::string> restore() {
        const auto counters = storage_.load_id_counters();
        sessions.continue_chat_numbers(counters.chat);
        files.continue_file_numbers(counters.file);
        for (const auto& agent : storage_.list_agents()) roster.remember(agent);
        std::size_t restored = 0;
        for (const auto& record : storage_.load_open_chats()) {
            auto chat =
                chats.rebuild(record, storage_.load_events(record.id, 0, std::numeric_limits<std::int64_t>::max()),
                              storage_.load_receipts(record.id));
            if (!chat || chats.find(chat->id)) continue;
            ++restored;
            Supervision::restore(*chat,
                                 storage_.load_internal_events(chat->id, 0, std::numeric_limits<std::int64_t>::max()));
            ChatLive& live = chats.open(std::move(*chat));
            const auto status = live.log.status();
            if (status == proto::ChatStatus::queued) {
                routing.chat_queued(live.id, live.created_at);
                if (record.status == "offered") chats.persist(live);
            } else if (status == proto::ChatStatus::active && !live.agent_id.empty()) {
                routing.assignment_restored(live);
                roster.assign(live.agent_id, live.id);
            } else if (status == proto::ChatStatus::ended && !live.agent_id.empty()) {
                roster.assign(live.agent_id, live.id);  // waiting for its wrap-up
            } else if (status == proto::ChatStatus::ended) {
                // Ended before anyone took it (a crash between `ended` and closing): close it now.
                if (live.log.transition(proto::ChatStatus::closed)) chats.persist(live);
                chats.discard(live.id);
            }
        }
        log_event("restored",
                  {{"chats", restored}, {"queued", routing.waiting_count()}, {"assigned", routing.assigned_count()}});
        return std::nullopt;
    }

private:
    Storage& storage_;  // restore() only

public:
    HubServices services;
    Connections connections;
    AgentRoster roster;
    ChatPipeline chats;
    RoutingAdapter routing;
    Sessions sessions;
    FileTransfers files;
    PastChats past_chats;
    Supervision supervision;

private:
    std::int64_t last_abandon_scan_ms_ = 0;
};

// ======================= Hub: thread-safe wrappers =======================

Hub::Hub(const ServerConfig& config, Storage& storage, WriteQueue& writes, HubExecutors executors, Clock clock)
    : core_(std::make_unique<HubCore>(config, storage, writes, std::move(executors), std::move(clock))) {}

Hub::~Hub() = default;

std::optional<std::string> Hub::restore() { return core_->restore(); }

ConnectionId Hub::connect(std::shared_ptr<ClientConnection> connection) {
    const ConnectionId id = next_connection_.fetch_add(1);
    HubCore* core = core_.get();
    core->services.post([core, id, connection = std::move(connection)]() mutable {
        core->sessions.connect(id, std::move(connection));
    });
    return id;
}

void Hub::message(ConnectionId id, proto::ClientMessage message) {
    HubCore* core = core_.get();
    core->services.post([core, id, message = std::move(message)]() mutable { core->dispatch(id, std::move(message)); });
}

void Hub::disconnect(ConnectionId id) {
    HubCore* core = core_.get();
    core->services.post([core, id] { core->sessions.disconnect(id); });
}

void Hub::check_upload(std::string token, std::string chat_id, std::string client_id,
                       std::function<void(std::optional<HttpError>, std::optional<std::string>)> done) {
    HubCore* core = core_.get();
    core->services.post(
        [core, token = std::move(token), chat_id = std::move(chat_id), client_id = std::move(client_id),
         done = std::move(done)]() mutable { core->files.check_upload(token, chat_id, client_id, std::move(done)); });
}

void Hub::commit_upload(UploadRequest request, std::function<void(UploadResult)> done) {
    HubCore* core = core_.get();
    core->services.post([core, request = std::move(request), done = std::move(done)]() mutable {
        core->files.commit_upload(std::move(request), std::move(done));
    });
}

void Hub::authorize_download(std::string token, std::string file_id, std::function<void(DownloadResult)> done) {
    HubCore* core = core_.get();
    core->services.post(
        [core, token = std::move(token), file_id = std::move(file_id), done = std::move(done)]() mutable {
            core->files.authorize_download(token, file_id, std::move(done));
        });
}

void Hub::tick(std::function<void(std::int64_t)> done) {
    HubCore* core = core_.get();
    core->services.post([core, done = std::move(done)] { done(core->tick(core->services.now())); });
}

void Hub::shutdown(Task done) {
    HubCore* core = core_.get();
    core->services.post([core, done = std::move(done)]() mutable { core->begin_shutdown(std::move(done)); });
}

void Hub::health(std::function<void(HealthCounts)> done) {
    HubCore* core = core_.get();
    core->services.post([core, done = std::move(done)] {
        done({std::int64_t(core->routing.waiting_count()), std::int64_t(core->routing.offered_count()),
              std::int64_t(core->routing.assigned_count()), std::int64_t(core->connections.size())});
    });
}

}  // namespace server
