// Verified customers' earlier chats (docs/protocol.md "Verified customers"): customer.history is asked once for
// every held chat whose customer the server verified; Contact Info lists the answer; one earlier chat at a time
// opens read-only in the chat column (chat.sync from 0, paged), photos and locations included. An unverified
// customer is never asked about: the server would answer an empty list anyway.
#include <algorithm>

#include "desktop/core/rules.hpp"
#include "desktop/core/update_internal.hpp"

namespace desk::detail {

namespace {

void ask_history(Step& step, const Chat& chat, CustomerHistory& history) {
    if (chat.customer.user_id) step.glyphs(*chat.customer.user_id);  // Contact Info's tooltip shows it
    history.loading = true;
    history.error.clear();
    history.rid = step.request(RequestKind::history, chat.id);
    step.send(proto::CustomerHistory{history.rid, chat.id});
}

void sync_past_chat(Step& step) {
    auto& viewer = step.s.history.viewer;
    if (viewer.chat.sync_in_flight || !can_send_now(step.s)) return;
    viewer.chat.sync_in_flight = true;
    viewer.chat.sync_rid = step.request(RequestKind::past_sync, viewer.chat.id);
    step.send(proto::ChatSync{viewer.chat.sync_rid, viewer.chat.id, viewer.chat.last_seq()});
}

}  // namespace

void on_history(Step& step, const proto::HistoryReply& reply) {
    auto& s = step.s;
    s.pending.erase(reply.rid);
    if (!s.find_chat(reply.chat_id)) return;  // the chat left meanwhile
    CustomerHistory& history = s.history.by_chat[reply.chat_id];
    if (reply.rid != history.rid) return;  // an answer to an older question
    history.loading = false;
    history.loaded = true;
    history.chats = reply.chats;
    for (const auto& past : history.chats) {
        if (past.agent) step.glyphs(past.agent->display_name);
        if (past.disposition) step.glyphs(*past.disposition);
        step.glyphs(past.notes);
        for (const auto& line : past.first_lines) step.glyphs(line);
    }
}

void on_open_past_chat(Step& step, const intent::OpenPastChat& open) {
    auto& s = step.s;
    const Chat* from = s.find_chat(open.from_chat_id);
    if (!from) return;
    const auto it = s.history.by_chat.find(open.from_chat_id);
    if (it == s.history.by_chat.end()) return;
    const auto& list = it->second.chats;
    const auto past = std::find_if(list.begin(), list.end(),
                                   [&](const proto::PastChat& p) { return p.chat_id == open.past_chat_id; });
    if (past == list.end()) return;  // only chats the server listed for this customer
    if (s.find_chat(past->chat_id)) {
        // Still one of the agent's own chats (ended, awaiting its wrap-up): it is already in the list, live.
        close_past_chat(step);
        s.selected_chat_id = past->chat_id;
        return;
    }
    auto& viewer = s.history.viewer;
    if (viewer.open() && viewer.chat.id == past->chat_id && viewer.from_chat_id == from->id) return;
    close_past_chat(step);  // the photo viewer may still show the previous one's photo
    viewer = PastChatViewer{};
    viewer.from_chat_id = from->id;
    viewer.entry = *past;
    viewer.chat.id = past->chat_id;
    viewer.chat.status = past->status;
    viewer.chat.created_at = static_cast<TimeMs>(past->created_at);
    viewer.chat.ended_at = past->ended_at ? static_cast<TimeMs>(*past->ended_at) : 0;
    viewer.chat.customer = from->customer;  // the same verified person
    viewer.chat.server_last_seq = past->last_seq;
    s.selected_chat_id = from->id;
    sync_past_chat(step);
}

void close_past_chat(Step& step) {
    auto& viewer = step.s.history.viewer;
    if (!viewer.open()) return;
    if (step.s.files.viewer.chat_id == viewer.chat.id) step.s.files.viewer = Viewer{};
    viewer = PastChatViewer{};
}

bool past_chat_event(Step& step, const proto::EventPush& push) {
    auto& viewer = step.s.history.viewer;
    if (!viewer.open() || push.chat_id != viewer.chat.id || step.s.find_chat(push.chat_id)) return false;
    Chat& chat = viewer.chat;
    // Applied in order only, like a held chat's log; anything else comes again with the next page.
    if (push.event.seq != chat.last_seq() + 1) return true;
    ChatEvent row = event_row(step, push.event);
    if (const auto* location = std::get_if<proto::LocationBody>(&push.event.body)) {
        row.location = location->location;
        chat.last_location = proto::TimedLocation{location->location, push.event.ts};
    }
    chat.events.push_back(std::move(row));
    return true;
}

bool past_chat_synced(Step& step, const proto::ChatSynced& synced) {
    auto& viewer = step.s.history.viewer;
    if (!viewer.open() || synced.chat_id != viewer.chat.id || step.s.find_chat(synced.chat_id)) return false;
    step.s.pending.erase(synced.rid);
    Chat& chat = viewer.chat;
    if (synced.rid == chat.sync_rid) chat.sync_in_flight = false;
    chat.server_last_seq = std::max(chat.server_last_seq, synced.last_seq);
    if (chat.last_seq() < chat.server_last_seq) sync_past_chat(step);  // the next page
    return true;
}

void history_on_refused(Step& step, const PendingRequest& request, const proto::Error& error) {
    auto& s = step.s;
    if (request.kind == RequestKind::history) {
        const auto it = s.history.by_chat.find(request.chat_id);
        if (it == s.history.by_chat.end()) return;
        it->second.loading = false;
        it->second.loaded = true;  // not asked again by itself (no loop on a lasting refusal); "Try again" asks
        it->second.error = "Earlier chats could not be loaded: " + error.message;
        step.glyphs(it->second.error);
        return;
    }
    auto& viewer = s.history.viewer;
    if (!viewer.open() || request.chat_id != viewer.chat.id) return;
    viewer.chat.sync_in_flight = false;
    viewer.error = "This chat could not be opened: " + error.message;
    step.glyphs(viewer.error);
}

void history_on_chat_removed(Step& step, const std::string& chat_id) {
    auto& history = step.s.history;
    history.by_chat.erase(chat_id);
    // The server lets an agent read a customer's earlier chats only while it serves that customer.
    if (history.viewer.open() && history.viewer.from_chat_id == chat_id) close_past_chat(step);
}

void on_reload_history(Step& step, const std::string& chat_id) {
    auto& s = step.s;
    const Chat* chat = s.find_chat(chat_id);
    if (!chat || !chat->customer.verified() || !can_send_now(s)) return;
    CustomerHistory& history = s.history.by_chat[chat_id];
    if (history.loading) return;
    ask_history(step, *chat, history);
}

void history_after_step(Step& step) {
    auto& s = step.s;
    // The earlier chat became one of the agent's own (transferred to them): the held chat takes over.
    if (s.history.viewer.open() && s.find_chat(s.history.viewer.chat.id)) close_past_chat(step);
    const bool online = can_send_now(s);
    for (const auto& chat : s.chats) {
        if (!chat.customer.verified()) continue;
        CustomerHistory& history = s.history.by_chat[chat.id];
        // A question lost with its socket (pending requests are dropped on close) is asked again.
        if (history.loading && !s.pending.contains(history.rid)) history.loading = false;
        if (!history.loaded && !history.loading && online) ask_history(step, chat, history);
    }
    auto& viewer = s.history.viewer;
    if (viewer.open() && viewer.chat.sync_in_flight && !s.pending.contains(viewer.chat.sync_rid))
        viewer.chat.sync_in_flight = false;
    if (viewer.open() && viewer.error.empty() && viewer.chat.last_seq() < viewer.chat.server_last_seq)
        sync_past_chat(step);
}

}  // namespace desk::detail
