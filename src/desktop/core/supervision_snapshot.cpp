#include "desktop/core/supervision_snapshot.hpp"

#include "desktop/core/clock_text.hpp"
#include "desktop/core/event_text.hpp"

namespace desk {

using nlohmann::json;

namespace {

json names_json(const std::vector<proto::AgentRef>& refs) {
    json names = json::array();
    for (const auto& ref : refs) names.push_back(ref.display_name);
    return names;
}

json flag_json(const std::optional<proto::ChatFlag>& flag) {
    if (!flag) return nullptr;
    return {{"by", flag->by.display_name}, {"byId", flag->by.id}, {"reason", flag->reason}, {"ts", flag->ts}};
}

const char* pane_name(SupervisorPane pane) {
    switch (pane) {
        case SupervisorPane::overview:
            return "overview";
        case SupervisorPane::watched:
            return "watched";
        case SupervisorPane::chat:
            return "chat";
    }
    return "overview";
}

}  // namespace

json internal_events_json(const State& s, const std::string& chat_id) {
    json events = json::array();
    const auto it = s.supervision.by_chat.find(chat_id);
    if (it == s.supervision.by_chat.end()) return events;
    for (const auto& e : it->second.internal)
        events.push_back({{"seq", e.seq},
                          {"kind", std::string(proto::to_string(e.kind))},
                          {"by", e.by.display_name},
                          {"text", e.text},
                          {"display", internal_event_text(e)}});
    return events;
}

void add_chat_supervision_json(json& chat, const State& s, const std::string& chat_id) {
    const auto it = s.supervision.by_chat.find(chat_id);
    const ChatSupervision none;
    const ChatSupervision& sup = it == s.supervision.by_chat.end() ? none : it->second;
    chat["watchers"] = names_json(sup.watchers);
    chat["bargedIn"] = names_json(sup.barged_in);
    chat["flag"] = flag_json(sup.flag);
    chat["flagPending"] = sup.flag_pending;
    chat["internal"] = internal_events_json(s, chat_id);
    chat["internalError"] = sup.internal_error;
}

json supervision_snapshot_json(const State& s, TimeMs now) {
    if (!s.is_supervisor()) return nullptr;
    const auto& sup = s.supervision;
    json root = {{"pane", pane_name(sup.pane)},
                 {"received", sup.overview.latest.has_value()},
                 {"takeoverPending", sup.overview.takeover_chat_id}};
    json queue = json::array(), agents = json::array(), chats = json::array();
    if (const auto& o = sup.overview.latest) {
        const TimeMs server_time = server_now(s, now);
        root["ts"] = o->ts;
        root["queueTotal"] = o->queue_total;
        root["chatsTotal"] = o->chats_total;
        for (const auto& q : o->queue)
            queue.push_back({{"chatId", q.chat_id},
                             {"customerName", q.customer_name},
                             {"queuedAt", q.queued_at},
                             {"waitingMs", server_time - static_cast<double>(q.queued_at)},
                             {"position", q.position},
                             {"offeredTo", q.offered_to ? json(q.offered_to->display_name) : json(nullptr)}});
        for (const auto& a : o->agents)
            agents.push_back(
                {{"id", a.id},
                 {"displayName", a.display_name},
                 {"role", std::string(proto::to_string(a.role))},
                 {"online", a.online},
                 {"state", std::string(proto::to_string(a.presence.state))},
                 {"reason", a.presence.reason},
                 {"since", a.presence_since},
                 {"timeInState",
                  a.presence_since > 0 ? timer_label(server_time - static_cast<double>(a.presence_since)) : "-"},
                 {"load", a.load},
                 {"capacity", a.capacity}});
        for (const auto& c : o->chats) {
            const bool overdue = c.awaiting_reply_since &&
                reply_wait_overdue(static_cast<TimeMs>(*c.awaiting_reply_since), s.settings, server_time);
            chats.push_back(
                {{"chatId", c.chat_id},
                 {"status", std::string(proto::to_string(c.status))},
                 {"customerName", c.customer_name},
                 {"agent", c.agent ? json(c.agent->display_name) : json(nullptr)},
                 {"flag", flag_json(c.flag)},
                 {"awaitingReplySince", c.awaiting_reply_since ? json(*c.awaiting_reply_since) : json(nullptr)},
                 {"overdue", overdue},
                 {"watchers", names_json(c.watchers)},
                 {"bargedIn", names_json(c.barged_in)},
                 {"lastSeq", c.last_seq}});
        }
    } else {
        root["ts"] = nullptr;
        root["queueTotal"] = 0;
        root["chatsTotal"] = 0;
    }
    root["queue"] = queue;
    root["agents"] = agents;
    root["chats"] = chats;
    return root;
}

json watched_snapshot_json(const State& s, TimeMs, std::size_t max_events) {
    const WatchedChat& w = s.supervision.watched;
    if (!w.open()) return nullptr;
    json events = json::array();
    const auto& list = w.chat.events;
    const std::size_t first = list.size() > max_events ? list.size() - max_events : 0;
    for (std::size_t i = first; i < list.size(); ++i)
        events.push_back({{"seq", list[i].seq},
                          {"kind", std::string(proto::to_string(list[i].kind))},
                          {"role", std::string(proto::to_string(list[i].role))},
                          {"author", list[i].author_name},
                          {"text", list[i].text},
                          {"clientId", list[i].client_id}});
    const auto it = s.supervision.by_chat.find(w.chat.id);
    json flag = it == s.supervision.by_chat.end() ? json(nullptr) : flag_json(it->second.flag);
    return {{"chatId", w.chat.id},
            {"customerName", w.customer_name},
            {"agentName", w.agent_name},
            {"status", std::string(proto::to_string(w.chat.status))},
            {"watching", w.watching},
            {"bargedIn", w.barged_in},
            {"joinPending", w.join_pending},
            {"lastSeq", w.chat.last_seq()},
            {"serverLastSeq", w.chat.server_last_seq},
            {"syncing", w.chat.sync_in_flight},
            {"eventCount", list.size()},
            {"events", events},
            {"internal", internal_events_json(s, w.chat.id)},
            {"flag", flag},
            {"whisperDraft", w.whisper_draft},
            {"whisperSending", !w.whisper_sending.empty()},
            {"error", w.error}};
}

}  // namespace desk
