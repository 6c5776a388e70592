// Login, the welcome (fresh or resumed session), presence, logout.
#include <algorithm>

#include "desktop/core/update_internal.hpp"

namespace desk::detail {

void on_login(Step& step, const intent::Login& i) {
    auto& s = step.s;
    if (s.login.in_flight || !s.token.empty()) return;  // one attempt at a time; a session already exists
    if (i.username.empty() || i.password.empty()) {
        s.login.error = "Enter your user name and password.";
        return;
    }
    s.login.username = i.username;
    s.login.password = i.password;
    s.login.in_flight = true;
    s.login.error.clear();
    s.session_replaced = false;
    s.connection.phase = ConnectionPhase::connecting;
    if (s.connection.socket_open) {
        step.send(proto::AgentLogin{step.request(RequestKind::login), s.login.username, s.login.password});
    } else {
        step.out.push_back(cmd::OpenSocket{s.server_url});
    }
}

void on_logout(Step& step) {
    auto& s = step.s;
    if (s.token.empty() && !s.login.in_flight) return;
    if (s.connection.socket_open && s.connection.phase == ConnectionPhase::connected) {
        s.logging_out = true;  // finished by the `ok` or by the close that follows it
        step.send(proto::AgentLogout{step.request(RequestKind::logout)});
    } else {
        // Offline: forget the session here; the server drops the token after sessionTtlMs.
        finish_logout(step, "");
    }
}

void on_welcome(Step& step, const proto::AgentWelcome& w) {
    auto& s = step.s;
    s.pending.erase(w.rid);
    s.token = w.token;
    step.out.push_back(cmd::StoreSet{kTokenKey, w.token});
    s.login.in_flight = false;
    s.login.password.clear();
    s.login.error.clear();
    // A session resumed Not Ready although the agent was Ready when the connection dropped (the server restarted
    // and forgot, or someone changed it meanwhile): no new chats come, and the agent did nothing, so say so.
    const bool was_ready = s.agent && s.presence.state == proto::PresenceState::ready;
    if (was_ready && w.presence.state != proto::PresenceState::ready) {
        step.notice("presence",
                    "You are Not Ready after reconnecting" +
                        (w.presence.reason.empty() ? std::string() : " (" + w.presence.reason + ")") +
                        ": go Ready to receive new chats.");
    }
    // A new agent in this tab (not a resume of the same one): their own column widths, or the defaults.
    if (!s.agent || s.agent->username != w.agent.username) {
        s.columns = ColumnWidths{};
        step.out.push_back(cmd::StoreLoad{columns_storage_key(w.agent.username)});
    }
    s.agent = w.agent;
    s.presence = w.presence;
    s.presence_pending = false;
    s.capacity = w.capacity;
    s.config = w.config;
    s.limits = w.limits;
    s.connection.phase = ConnectionPhase::connected;
    s.connection.attempt = 0;
    step.glyphs(w.agent.display_name);

    // Chats: keep the events we hold (resume after a drop), add new ones, drop the ones no longer ours.
    std::vector<Chat> chats;
    for (const auto& summary : w.chats) {
        Chat* known = s.find_chat(summary.chat_id);
        if (known) {
            merge_summary(*known, summary);
            chats.push_back(std::move(*known));
        } else {
            chats.push_back(chat_from_summary(summary));
            step.glyphs(summary.customer.name);
        }
    }
    s.chats = std::move(chats);
    // What a barged-in supervisor wrote to the watched chat waits for the watch and the join to come back.
    std::erase_if(s.outbox, [&](const OutboxItem& item) {
        return !s.find_chat(item.chat_id) && !is_watched_chat(s, item.chat_id);
    });
    if (!s.selected_chat_id.empty() && !s.find_chat(s.selected_chat_id)) s.selected_chat_id.clear();
    if (s.selected_chat_id.empty() && !s.chats.empty()) s.selected_chat_id = s.chats.front().id;

    // Offers: the welcome lists the open ones. One we hold already rang: on_offer updates it without ringing again.
    std::erase_if(s.offers, [&](const Offer& held) {
        return std::none_of(w.offers.begin(), w.offers.end(),
                            [&](const proto::Offer& listed) { return listed.offer_id == held.offer_id; });
    });
    for (const auto& offer : w.offers) on_offer(step, offer);

    // Nothing lost, nothing twice: ask each chat for what came after the last event we hold, then resend what
    // the server has not acknowledged (clientIds make a resend that did arrive harmless).
    for (auto& chat : s.chats) request_sync(step, chat);
    supervision_on_welcome(s);
    flush_outbox(step);
    calls_on_welcome(step);
}

void on_set_presence(Step& step, proto::PresenceState state, std::string reason) {
    auto& s = step.s;
    if (!can_send_now(s)) {
        step.notice("offline", "Presence can be changed once the connection is back.");
        return;
    }
    if (state == proto::PresenceState::not_ready && reason.empty() && !s.config.not_ready_reasons.empty())
        reason = s.config.not_ready_reasons.front();
    s.presence_pending = true;
    step.send(proto::AgentPresence{step.request(RequestKind::presence), state, std::move(reason)});
}

void on_presence(Step& step, const proto::PresenceUpdate& p) {
    auto& s = step.s;
    if (!p.rid.empty()) s.pending.erase(p.rid);
    s.presence = p.presence;
    s.presence_pending = false;
    if (p.rid.empty() && p.presence.state == proto::PresenceState::not_ready && !p.presence.reason.empty())
        step.notice("presence", "You were set Not Ready: " + p.presence.reason);
}

void on_stored_value(Step& step, const ev::StoredValue& stored) {
    auto& s = step.s;
    if (!s.agent || stored.key != columns_storage_key(s.agent->username)) return;  // answered after a logout
    if (auto widths = parse_columns(stored.value)) s.columns = *widths;
}

}  // namespace desk::detail
