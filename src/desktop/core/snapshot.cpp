#include "desktop/core/snapshot.hpp"

#include <nlohmann/json.hpp>

#include "desktop/core/calls.hpp"
#include "desktop/core/clock_text.hpp"
#include "desktop/core/files_snapshot.hpp"
#include "desktop/core/supervision_snapshot.hpp"

namespace desk {

using nlohmann::json;

const char* own_message_status(const Chat& chat, const ChatEvent& event) {
    if (event.role != proto::Role::agent || event.kind != proto::EventKind::text) return "";
    if (chat.customer_receipts.read >= event.seq) return "read";
    if (chat.customer_receipts.delivered >= event.seq) return "delivered";
    return "sent";
}

const char* outbox_status_name(OutboxStatus status) {
    switch (status) {
        case OutboxStatus::queued:
            return "queued";
        case OutboxStatus::sending:
            return "sending";
        case OutboxStatus::acked:
            return "acked";
        case OutboxStatus::failed:
            return "failed";
    }
    return "queued";
}

const char* phase_name(ConnectionPhase phase) {
    switch (phase) {
        case ConnectionPhase::offline:
            return "offline";
        case ConnectionPhase::connecting:
            return "connecting";
        case ConnectionPhase::connected:
            return "connected";
        case ConnectionPhase::reconnecting:
            return "reconnecting";
    }
    return "offline";
}

namespace {

// The verified customer's earlier chats of one held chat (update_history.cpp); null when never asked.
json history_json(const State& s, const std::string& chat_id) {
    const auto it = s.history.by_chat.find(chat_id);
    if (it == s.history.by_chat.end()) return nullptr;
    json chats = json::array();
    for (const auto& p : it->second.chats)
        chats.push_back({{"chatId", p.chat_id},
                         {"status", std::string(proto::to_string(p.status))},
                         {"createdAt", p.created_at},
                         {"agent", p.agent ? json(p.agent->display_name) : json(nullptr)},
                         {"disposition", p.disposition ? json(*p.disposition) : json(nullptr)},
                         {"notes", p.notes},
                         {"firstLines", p.first_lines},
                         {"lastSeq", p.last_seq}});
    return {
        {"loading", it->second.loading}, {"loaded", it->second.loaded}, {"error", it->second.error}, {"chats", chats}};
}

json chat_json(const Chat& chat, const State& s, TimeMs now, std::size_t max_events) {
    json capabilities = json::array();
    for (auto c : proto::Capabilities::all)
        if (chat.customer.capabilities.has(c)) capabilities.push_back(std::string(proto::to_string(c)));
    json location = nullptr;
    if (chat.last_location)
        location = {{"lat", chat.last_location->location.lat},
                    {"lon", chat.last_location->location.lon},
                    {"accuracy", chat.last_location->location.accuracy},
                    {"ts", chat.last_location->ts}};
    json events = json::array();
    const std::size_t first = chat.events.size() > max_events ? chat.events.size() - max_events : 0;
    for (std::size_t i = first; i < chat.events.size(); ++i) {
        const auto& e = chat.events[i];
        events.push_back({{"seq", e.seq},
                          {"kind", std::string(proto::to_string(e.kind))},
                          {"role", std::string(proto::to_string(e.role))},
                          {"author", e.author_name},
                          {"text", e.text},
                          {"clientId", e.client_id},
                          {"status", own_message_status(chat, e)}});
        if (e.file) events.back()["file"] = file_info_json(*e.file);
    }
    json track = json::array();
    for (const auto& p : chat.track.points)
        track.push_back({{"lat", p.lat}, {"lon", p.lon}, {"accuracy", p.accuracy}, {"ts", p.ts}, {"seq", p.seq}});
    return {{"chatId", chat.id},
            {"track", track},
            {"locationRequestedAt", chat.track.requested_at},
            {"status", std::string(proto::to_string(chat.status))},
            {"customer",
             {{"name", chat.customer.name},
              {"phone", chat.customer.phone.value_or("")},
              {"capabilities", capabilities},
              {"app", chat.customer.app},
              {"language", chat.customer.language},
              {"verified", chat.customer.verified()},
              {"userId", chat.customer.user_id ? json(*chat.customer.user_id) : json(nullptr)}}},
            {"context", chat.context},
            {"lastLocation", location},
            {"lastSeq", chat.last_seq()},
            {"eventCount", chat.events.size()},
            {"unread", chat.unread},
            {"typing", chat.customer_typing.active},
            {"typingAnnounced", chat.typing_announced},  // the agent's draft is not empty: the customer sees typing
            {"replyOverdue", reply_overdue(chat, s.settings, server_now(s, now))},
            {"syncing", chat.sync_in_flight},
            {"transferPending", chat.transfer_pending},
            {"endRequested", chat.end_requested},
            {"wrapupPending", chat.wrapup_pending},
            {"customerRead", chat.customer_receipts.read},
            {"customerDelivered", chat.customer_receipts.delivered},
            {"history", history_json(s, chat.id)},
            {"events", events}};
}

}  // namespace

std::string snapshot_json(const State& s, TimeMs now, std::size_t max_events_per_chat) {
    json root;
    const auto& c = s.connection;
    root["connection"] = {
        {"phase", phase_name(c.phase)},
        {"socketOpen", c.socket_open},
        {"attempt", c.attempt},
        {"reconnectInMs", c.phase == ConnectionPhase::reconnecting ? std::max(0.0, c.reconnect_at - now) : 0.0},
        {"lastCloseCode", c.last_close_code}};
    root["login"] = {{"username", s.login.username}, {"inFlight", s.login.in_flight}, {"error", s.login.error}};
    root["session"] = s.agent ? json{{"agentId", s.agent->id},
                                     {"username", s.agent->username},
                                     {"displayName", s.agent->display_name},
                                     {"capacity", s.capacity},
                                     {"role", std::string(proto::to_string(s.agent->role))}}
                              : json(nullptr);
    root["role"] = s.agent ? json(std::string(proto::to_string(s.agent->role))) : json(nullptr);
    root["supervision"] = supervision_snapshot_json(s, now);
    root["watched"] = watched_snapshot_json(s, now, max_events_per_chat);
    root["presence"] = {{"state", std::string(proto::to_string(s.presence.state))},
                        {"reason", s.presence.reason},
                        {"pending", s.presence_pending}};
    json canned = json::array();
    for (const auto& r : s.config.canned_responses)
        canned.push_back({{"shortcut", r.shortcut}, {"title", r.title}, {"text", r.text}});
    root["config"] = {{"cannedResponses", canned},
                      {"dispositions", s.config.dispositions},
                      {"notReadyReasons", s.config.not_ready_reasons}};
    json offers = json::array();
    for (const auto& o : s.offers)
        offers.push_back({{"offerId", o.offer_id},
                          {"chatId", o.chat.id},
                          {"customerName", o.chat.customer.name},
                          {"app", o.chat.customer.app},
                          {"firstMessage", o.first_message},
                          {"customerTexts", o.customer_texts},
                          {"secondsLeft", seconds_left(o.expires_at, now)},
                          {"transferFrom", o.transfer_from},
                          {"responding", o.responding}});
    root["offers"] = offers;
    json chats = json::array();
    for (const auto& chat : s.chats) {
        chats.push_back(chat_json(chat, s, now, max_events_per_chat));
        add_chat_supervision_json(chats.back(), s, chat.id);  // watchers, bargedIn, flag, internal
    }
    root["chats"] = chats;
    json outbox = json::array();
    for (const auto& item : s.outbox)
        outbox.push_back({{"chatId", item.chat_id},
                          {"clientId", item.client_id},
                          {"text", item.text},
                          {"status", outbox_status_name(item.status)},
                          {"errorCode", item.error_code},
                          {"errorMessage", item.error_message}});
    root["outbox"] = outbox;
    root["files"] = files_snapshot_json(s);
    const auto& viewer = s.history.viewer;
    root["pastChat"] = viewer.open() ? json{{"fromChatId", viewer.from_chat_id},
                                            {"chat", chat_json(viewer.chat, s, now, max_events_per_chat)},
                                            {"serverLastSeq", viewer.chat.server_last_seq},
                                            {"error", viewer.error}}
                                     : json(nullptr);
    json agents = json::array();
    for (const auto& a : s.agents)
        agents.push_back({{"id", a.id},
                          {"displayName", a.display_name},
                          {"state", std::string(proto::to_string(a.state))},
                          {"load", a.load},
                          {"capacity", a.capacity}});
    root["agents"] = agents;
    json notices = json::array();
    for (const auto& n : s.notices)
        notices.push_back({{"code", n.code}, {"message", n.message}, {"chatId", n.chat_id}});
    root["notices"] = notices;
    root["unreadTotal"] = s.total_unread();
    root["selectedChatId"] = s.selected_chat_id;
    root["mapFocus"] = s.map_focus.serial == 0 ? json(nullptr)
                                               : json{{"chatId", s.map_focus.chat_id},
                                                      {"lat", s.map_focus.lat},
                                                      {"lon", s.map_focus.lon},
                                                      {"label", s.map_focus.label},
                                                      {"pin", !s.map_focus.is_track_point},
                                                      {"serial", s.map_focus.serial}};
    root["mapTrackLimit"] = s.settings.map_track_limit;
    root["title"] = s.title;
    {
        const Branding& b = s.branding;
        const char* status = b.logo == LogoStatus::loaded ? "loaded"
            : b.logo == LogoStatus::loading               ? "loading"
            : b.logo == LogoStatus::failed                ? "failed"
                                                          : "none";
        root["branding"] = {{"productName", b.settings.product_name},
                            {"logoUrl", b.settings.logo_url},
                            {"logoAlt", b.settings.logo_alt.empty() ? b.settings.product_name : b.settings.logo_alt},
                            {"logo", status},
                            {"logoTexture", b.logo_texture},
                            {"logoWidth", b.logo_width},
                            {"logoHeight", b.logo_height},
                            {"logoError", b.logo_error}};
    }
    root["theme"] = s.theme == Theme::dark ? "dark" : "light";
    root["pageVisible"] = s.page_visible;
    root["sessionReplaced"] = s.session_replaced;
    root["call"] = calls_snapshot(s, now);  // calls.hpp
    // Invalid UTF-8 cannot reach here (the codec validated every string), but replacing keeps dump() total.
    return root.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace desk
