// Supervisors (docs/protocol.md "Supervisors"): the overview pushed to supervisors; one live chat at a time watched
// read-only (supervisor.watch, then its log by chat.sync from 0, paged, and its internal stream by chat.internal),
// whispers to its agent, barging in (then writing to the customer through the outbox like an agent) and taking
// it over (chat.assigned makes it a held chat and ends the watch). For every held chat, agent or supervisor: the
// internal stream asked once per session, the flag (chat.flag) and the supervisors on it (chat.watchers).
// A refusal is a notice and is never asked again by itself.
#include <algorithm>
#include <limits>

#include "desktop/core/clock_text.hpp"
#include "desktop/core/event_text.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/core/update_internal.hpp"

namespace desk::detail {

namespace {

const proto::LiveChatView* overview_row(const State& s, const std::string& chat_id) {
    if (!s.supervision.overview.latest) return nullptr;
    const auto& chats = s.supervision.overview.latest->chats;
    const auto it =
        std::find_if(chats.begin(), chats.end(), [&](const proto::LiveChatView& c) { return c.chat_id == chat_id; });
    return it == chats.end() ? nullptr : &*it;
}

const proto::QueuedChatView* queue_row(const State& s, const std::string& chat_id) {
    if (!s.supervision.overview.latest) return nullptr;
    const auto& queue = s.supervision.overview.latest->queue;
    const auto it =
        std::find_if(queue.begin(), queue.end(), [&](const proto::QueuedChatView& q) { return q.chat_id == chat_id; });
    return it == queue.end() ? nullptr : &*it;
}

bool is_watched(const State& s, const std::string& chat_id) {
    return s.supervision.watched.open() && s.supervision.watched.chat.id == chat_id && !s.find_chat(chat_id);
}

// The staff-only side of a chat we may see: held, or watched. Null for any other chat.
ChatSupervision* supervised_chat(State& s, const std::string& chat_id) {
    if (!s.find_chat(chat_id) && !is_watched(s, chat_id)) return nullptr;
    return &s.supervision.by_chat[chat_id];
}

void glyphs_of_refs(Step& step, const std::vector<proto::AgentRef>& refs) {
    for (const auto& ref : refs) step.glyphs(ref.display_name);
}

// Each seq once, in order, whether it came in a page or as a push.
void insert_internal(Step& step, ChatSupervision& chat, const proto::InternalEvent& event) {
    chat.internal_server_last_seq = std::max(chat.internal_server_last_seq, event.seq);
    auto& list = chat.internal;
    const auto at = std::lower_bound(list.begin(), list.end(), event.seq,
                                     [](const proto::InternalEvent& e, std::int64_t seq) { return e.seq < seq; });
    if (at != list.end() && at->seq == event.seq) return;
    list.insert(at, event);
    step.glyphs(internal_event_text(event));
}

// The highest seq up to which nothing is missing: where a new chat.internal continues (pushes received past a gap
// do not count, or the gap would never be asked for).
std::int64_t contiguous_internal_seq(const ChatSupervision& chat) {
    std::int64_t seq = 0;
    for (const auto& e : chat.internal) {
        if (e.seq != seq + 1) break;
        seq = e.seq;
    }
    return seq;
}

void ask_internal(Step& step, const std::string& chat_id, ChatSupervision& chat, std::int64_t after) {
    chat.internal_in_flight = true;
    chat.internal_error.clear();
    chat.internal_rid = step.request(RequestKind::internal_sync, chat_id);
    step.send(proto::InternalSync{chat.internal_rid, chat_id, after});
}

void send_watch(Step& step) {
    auto& watched = step.s.supervision.watched;
    watched.watch_rid = step.request(RequestKind::watch, watched.chat.id);
    step.send(proto::SupervisorWatch{watched.watch_rid, watched.chat.id, true});
}

void sync_watched(Step& step) {
    Chat& chat = step.s.supervision.watched.chat;
    if (chat.sync_in_flight || !can_send_now(step.s)) return;
    chat.sync_in_flight = true;
    chat.sync_rid = step.request(RequestKind::watched_sync, chat.id);
    step.send(proto::ChatSync{chat.sync_rid, chat.id, chat.last_seq()});
}

// Closes the watched chat's view (no request: the caller decides whether the server must be told).
void close_watched(Step& step) {
    auto& s = step.s;
    auto& watched = s.supervision.watched;
    if (!watched.open()) return;
    const std::string id = watched.chat.id;
    if (s.files.viewer.chat_id == id) s.files.viewer = Viewer{};
    if (!s.find_chat(id)) {
        std::erase_if(s.outbox, [&](const OutboxItem& item) { return item.chat_id == id; });
        s.supervision.by_chat.erase(id);
    }
    watched = WatchedChat{};
    if (s.supervision.pane == SupervisorPane::watched) s.supervision.pane = SupervisorPane::overview;
}

std::string ascii_free_names(const proto::SupervisorOverview& overview) {
    std::string names;
    const auto add = [&](const std::string& name) {
        if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
            names += name + " ";
    };
    for (const auto& q : overview.queue) add(q.customer_name);
    for (const auto& a : overview.agents) add(a.display_name);
    for (const auto& c : overview.chats) {
        add(c.customer_name);
        if (c.agent) add(c.agent->display_name);
        if (c.flag) add(c.flag->reason);
    }
    return names;
}

}  // namespace

bool is_watched_chat(const State& s, const std::string& chat_id) { return is_watched(s, chat_id); }

Chat* barged_in_chat(State& s, const std::string& chat_id) {
    auto& watched = s.supervision.watched;
    return is_watched(s, chat_id) && watched.barged_in ? &watched.chat : nullptr;
}

void on_overview(Step& step, const proto::SupervisorOverview& overview) {
    auto& s = step.s;
    if (!s.is_supervisor()) return;
    // Made a moment ago on the server: a supervisor without chats has no other sample of the clocks' difference,
    // and every wait in the overview is measured against the server's clock.
    s.server_clock_offset_ms = static_cast<double>(overview.ts) - step.now;
    s.supervision.overview.latest = overview;
    s.supervision.overview.received_at = step.now;
    // Only names beyond ASCII need glyphs, and the overview comes every second: one request for all of them.
    step.glyphs(ascii_free_names(overview));

    auto& watched = s.supervision.watched;
    if (!watched.open() || s.find_chat(watched.chat.id)) return;
    if (const proto::LiveChatView* row = overview_row(s, watched.chat.id)) {
        watched.customer_name = row->customer_name;
        watched.agent_name = row->agent ? row->agent->display_name : "";
        watched.chat.status = row->status;
        return;
    }
    if (queue_row(s, watched.chat.id)) return;  // still waiting for an agent
    // Not listed although both lists are complete: the chat was closed (wrapped up) or the customer left.
    const bool complete = overview.chats_total <= static_cast<std::int64_t>(overview.chats.size()) &&
        overview.queue_total <= static_cast<std::int64_t>(overview.queue.size());
    if (complete) {
        const std::string name = watched.customer_name;
        close_watched(step);
        step.notice("watch_ended", "The chat with " + name + " is over: you are no longer watching it.");
    }
}

void on_watch_chat(Step& step, const std::string& chat_id) {
    auto& s = step.s;
    if (!s.is_supervisor()) return;
    auto& sup = s.supervision;
    if (s.find_chat(chat_id)) {  // already one of the supervisor's own chats
        select_chat(step, chat_id);
        return;
    }
    if (is_watched(s, chat_id)) {
        sup.pane = SupervisorPane::watched;
        return;
    }
    if (!can_send_now(s)) {
        step.notice("offline", "Watching a chat needs the connection: try again once it is back.");
        return;
    }
    // Only chats the overview lists, live or still queued (the server lets a supervisor watch any open chat).
    WatchedChat opened;
    opened.chat.id = chat_id;
    if (const proto::LiveChatView* live = overview_row(s, chat_id)) {
        opened.chat.status = live->status;
        opened.chat.assigned_at = live->assigned_at ? static_cast<TimeMs>(*live->assigned_at) : 0;
        opened.chat.server_last_seq = live->last_seq;
        opened.customer_name = live->customer_name;
        opened.agent_name = live->agent ? live->agent->display_name : "";
    } else if (const proto::QueuedChatView* queued = queue_row(s, chat_id)) {
        opened.chat.status = proto::ChatStatus::queued;
        opened.chat.created_at = static_cast<TimeMs>(queued->queued_at);
        opened.customer_name = queued->customer_name;
    } else {
        return;
    }
    opened.chat.customer.name = opened.customer_name;
    if (sup.watched.open()) on_stop_watching(step);  // one watched chat at a time
    auto& watched = sup.watched;
    watched = std::move(opened);
    sup.by_chat[chat_id] = ChatSupervision{};
    sup.pane = SupervisorPane::watched;
    send_watch(step);
}

void on_stop_watching(Step& step) {
    auto& s = step.s;
    auto& watched = s.supervision.watched;
    if (!watched.open()) return;
    // A watch the server never confirmed on this session needs no stop; one it did (or may have) does.
    if (can_send_now(s) && (watched.watching || !watched.watch_rid.empty()))
        step.send(proto::SupervisorWatch{step.request(RequestKind::unwatch, watched.chat.id), watched.chat.id, false});
    close_watched(step);
    s.supervision.pane = SupervisorPane::overview;
}

void on_edit_whisper(Step& step, const intent::EditWhisper& edit) {
    auto& watched = step.s.supervision.watched;
    if (is_watched(step.s, edit.chat_id)) watched.whisper_draft = edit.text;
}

void on_send_whisper(Step& step, const intent::SendWhisper& whisper) {
    auto& s = step.s;
    auto& watched = s.supervision.watched;
    if (!is_watched(s, whisper.chat_id)) return;
    watched.whisper_draft = whisper.text;
    if (!watched.whisper_sending.empty()) return;  // one at a time: its answer decides what the draft becomes
    if (const std::string why = text_refusal(s, whisper.text); !why.empty()) {
        step.notice("invalid_text", why, whisper.chat_id);
        return;
    }
    if (!can_send_now(s) || !watched.watching) {
        step.notice("offline", "The whisper was not sent: it needs the connection (and the watch) to be back.",
                    whisper.chat_id);
        return;
    }
    watched.whisper_sending = whisper.text;
    watched.whisper_rid = step.request(RequestKind::whisper, whisper.chat_id);
    step.send(proto::SupervisorWhisper{watched.whisper_rid, whisper.chat_id, whisper.text});
}

void on_barge_in(Step& step, const std::string& chat_id) {
    auto& s = step.s;
    auto& watched = s.supervision.watched;
    // The server lets only a watching supervisor join: the button shows once the watch is confirmed.
    if (!is_watched(s, chat_id) || !watched.watching || watched.barged_in || watched.join_pending) return;
    if (watched.chat.status != proto::ChatStatus::active) return;  // queued or ended: nothing to join (conflict)
    if (!can_send_now(s)) return;
    watched.join_pending = true;
    step.send(proto::SupervisorJoin{step.request(RequestKind::join, chat_id), chat_id});
}

void on_take_over(Step& step, const std::string& chat_id) {
    auto& s = step.s;
    auto& overview = s.supervision.overview;
    if (!s.is_supervisor() || s.find_chat(chat_id) || !overview.takeover_chat_id.empty()) return;
    if (!can_send_now(s)) {
        step.notice("offline", "Taking over a chat needs the connection: try again once it is back.");
        return;
    }
    overview.takeover_chat_id = chat_id;
    overview.takeover_rid = step.request(RequestKind::takeover, chat_id);
    step.send(proto::SupervisorTakeover{overview.takeover_rid, chat_id});
}

void on_show_supervisor_pane(Step& step, SupervisorPane pane) {
    auto& s = step.s;
    if (!s.is_supervisor()) return;
    if (pane == SupervisorPane::watched && !s.supervision.watched.open()) return;
    if (pane == SupervisorPane::chat && !s.selected_chat()) return;
    s.supervision.pane = pane;
}

void on_flag_chat(Step& step, const intent::FlagChat& flag) {
    auto& s = step.s;
    const Chat* chat = s.find_chat(flag.chat_id);
    // A supervisor may also clear the flag of a chat they watch (the agent's own asks for help).
    if (!chat && !flag.flagged && s.is_supervisor() && is_watched(s, flag.chat_id)) chat = &s.supervision.watched.chat;
    if (!chat) return;
    ChatSupervision& sup = s.supervision.by_chat[chat->id];
    if (sup.flag_pending) return;
    if (!can_send_now(s)) {
        step.notice("offline", "The flag can be changed once the connection is back.", chat->id);
        return;
    }
    sup.flag_pending = true;
    sup.flag_asked = flag.flagged;  // what the ok confirms, should it come before the internal push
    sup.flag_asked_reason = flag.reason;
    sup.flag_rid = step.request(RequestKind::flag, chat->id);
    step.send(proto::ChatFlagRequest{sup.flag_rid, chat->id, flag.flagged, flag.reason});
}

bool watched_chat_event(Step& step, const proto::EventPush& push) {
    if (!is_watched(step.s, push.chat_id)) return false;
    Chat& chat = step.s.supervision.watched.chat;
    const std::int64_t last = chat.last_seq();
    if (push.event.seq <= last) return true;  // a duplicate (the sync page and the live push overlap)
    if (push.event.seq > last + 1) {          // missing events first: they come with the next page
        chat.server_last_seq = std::max(chat.server_last_seq, push.event.seq);
        if (step.s.supervision.watched.watching) sync_watched(step);
        return true;
    }
    ChatEvent row = event_row(step, push.event);
    if (const auto* location = std::get_if<proto::LocationBody>(&push.event.body)) {
        row.location = location->location;
        chat.last_location = proto::TimedLocation{location->location, push.event.ts};
    } else if (std::holds_alternative<proto::EndedBody>(push.event.body)) {
        chat.status = proto::ChatStatus::ended;
        chat.ended_at = row.ts;
    }
    if (is_customer_message(push.event)) chat.last_customer_message_at = row.ts;
    if (push.event.author.role == proto::Role::agent && push.event.kind() == proto::EventKind::text)
        chat.last_agent_reply_at = row.ts;
    chat.server_last_seq = std::max(chat.server_last_seq, push.event.seq);
    chat.events.push_back(std::move(row));
    outbox_on_applied(step.s, chat, chat.events.back());  // what the supervisor wrote after barging in
    return true;
}

bool watched_chat_synced(Step& step, const proto::ChatSynced& synced) {
    if (!is_watched(step.s, synced.chat_id)) return false;
    step.s.pending.erase(synced.rid);
    Chat& chat = step.s.supervision.watched.chat;
    if (synced.rid == chat.sync_rid) chat.sync_in_flight = false;
    chat.customer_receipts.delivered = std::max(chat.customer_receipts.delivered, synced.receipts.customer.delivered);
    chat.customer_receipts.read = std::max(chat.customer_receipts.read, synced.receipts.customer.read);
    chat.server_last_seq = std::max(chat.server_last_seq, synced.last_seq);
    if (chat.last_seq() < chat.server_last_seq) sync_watched(step);  // the next page
    return true;
}

void on_internal_push(Step& step, const proto::InternalPush& push) {
    ChatSupervision* chat = supervised_chat(step.s, push.chat_id);
    if (!chat) return;
    insert_internal(step, *chat, push.event);
    if (push.event.kind == proto::InternalKind::flagged)
        chat->flag = proto::ChatFlag{push.event.by, push.event.text, push.event.ts};
    else if (push.event.kind == proto::InternalKind::unflagged)
        chat->flag.reset();
}

void on_internal_page(Step& step, const proto::InternalPage& page) {
    auto& s = step.s;
    s.pending.erase(page.rid);
    ChatSupervision* chat = supervised_chat(s, page.chat_id);
    if (!chat || page.rid != chat->internal_rid) return;  // the chat left, or an answer to an older question
    chat->internal_in_flight = false;
    chat->internal_rid.clear();
    for (const auto& event : page.events) insert_internal(step, *chat, event);
    chat->internal_server_last_seq = std::max(chat->internal_server_last_seq, page.last_seq);
    chat->flag = page.flag;
    if (chat->flag) step.glyphs(chat->flag->reason);
    // Continued from the page's own last seq (pushes may have arrived past it meanwhile); an empty page ends it
    // whatever lastSeq says, so a server that miscounts cannot make us loop.
    if (!page.events.empty() && page.events.back().seq < page.last_seq && can_send_now(s))
        ask_internal(step, page.chat_id, *chat, page.events.back().seq);
    else
        chat->internal_current = true;
}

void on_chat_watchers(Step& step, const proto::ChatWatchers& watchers) {
    auto& s = step.s;
    if (!s.find_chat(watchers.chat_id)) return;
    ChatSupervision& chat = s.supervision.by_chat[watchers.chat_id];
    chat.watchers = watchers.watchers;
    chat.barged_in = watchers.barged_in;
    glyphs_of_refs(step, chat.watchers);
    glyphs_of_refs(step, chat.barged_in);
}

void supervision_on_ok(Step& step, const PendingRequest& request, const std::string& rid) {
    auto& s = step.s;
    auto& watched = s.supervision.watched;
    switch (request.kind) {
        case RequestKind::watch:
            if (!is_watched(s, request.chat_id) || rid != watched.watch_rid) return;
            watched.watch_rid.clear();
            watched.watching = true;
            // Joined before the socket dropped: join again to write (the server forgets a watch with its last
            // socket, and a join with a restart; joining again is harmless).
            if (watched.rejoin) {
                watched.rejoin = false;
                watched.join_pending = true;
                step.send(proto::SupervisorJoin{step.request(RequestKind::join, request.chat_id), request.chat_id});
            }
            // From the last event held: from 0 the first time, from where it stopped after a reconnect.
            sync_watched(step);
            s.supervision.by_chat[request.chat_id].internal_current = false;  // asked by supervision_after_step
            return;
        case RequestKind::whisper:
            if (!is_watched(s, request.chat_id) || rid != watched.whisper_rid) return;
            // Stored: the draft goes, unless the supervisor already typed the next one.
            if (watched.whisper_draft == watched.whisper_sending) watched.whisper_draft.clear();
            watched.whisper_sending.clear();
            watched.whisper_rid.clear();
            return;
        case RequestKind::join:
            if (!is_watched(s, request.chat_id)) return;
            watched.join_pending = false;
            watched.barged_in = true;
            flush_outbox(step);  // what was written to the customer while the join was being renewed
            return;
        case RequestKind::flag: {
            if (!s.find_chat(request.chat_id) && !is_watched(s, request.chat_id)) return;
            ChatSupervision& chat = s.supervision.by_chat[request.chat_id];
            if (rid != chat.flag_rid) return;
            chat.flag_pending = false;
            if (chat.flag_asked) {
                const proto::AgentRef me{s.agent ? s.agent->id : "", s.agent ? s.agent->display_name : ""};
                if (!chat.flag)
                    chat.flag =
                        proto::ChatFlag{me, chat.flag_asked_reason, static_cast<std::int64_t>(server_now(s, step.now))};
            } else {
                chat.flag.reset();
            }
            return;
        }
        default:
            return;  // unwatch: nothing follows; takeover is answered by chat.assigned
    }
}

void supervision_on_refused(Step& step, const PendingRequest& request, const proto::Error& error) {
    auto& s = step.s;
    auto& watched = s.supervision.watched;
    const std::string code(proto::to_string(error.code));
    switch (request.kind) {
        case RequestKind::internal_sync: {
            const auto it = s.supervision.by_chat.find(request.chat_id);
            if (it == s.supervision.by_chat.end()) return;
            it->second.internal_in_flight = false;
            it->second.internal_current = true;  // not asked again by itself
            it->second.internal_error = "Internal notes could not be loaded: " + error.message;
            step.notice(code, it->second.internal_error, request.chat_id);
            return;
        }
        case RequestKind::flag: {
            const auto it = s.supervision.by_chat.find(request.chat_id);
            if (it != s.supervision.by_chat.end()) it->second.flag_pending = false;
            step.notice(code, "The flag was not changed: " + error.message, request.chat_id);
            return;
        }
        case RequestKind::watch:
            if (!is_watched(s, request.chat_id)) return;
            close_watched(step);
            step.notice(code, "Could not watch the chat: " + error.message, request.chat_id);
            return;
        case RequestKind::unwatch:
            return;  // the view is closed already; the server ends a watch with the chat anyway
        case RequestKind::watched_sync:
            if (!is_watched(s, request.chat_id)) return;
            watched.chat.sync_in_flight = false;
            watched.error = "This chat could not be loaded: " + error.message;
            step.glyphs(watched.error);
            return;
        case RequestKind::whisper:
            if (is_watched(s, request.chat_id)) {
                watched.whisper_sending.clear();
                watched.whisper_rid.clear();
            }
            step.notice(code, "Whisper not sent: " + error.message, request.chat_id);
            return;
        case RequestKind::join:
            if (is_watched(s, request.chat_id)) watched.join_pending = false;
            step.notice(code, "Could not barge in: " + error.message, request.chat_id);
            return;
        case RequestKind::takeover:
            s.supervision.overview.takeover_chat_id.clear();
            s.supervision.overview.takeover_rid.clear();
            step.notice(code, "Could not take over the chat: " + error.message, request.chat_id);
            return;
        default:
            return;
    }
}

void supervision_on_disconnect(State& s) {
    auto& sup = s.supervision;
    auto& watched = sup.watched;
    watched.watching = false;  // a new session knows nothing of it: supervision_after_step watches again
    watched.watch_rid.clear();
    // Nothing is written to the customer before the join is renewed (supervision_on_ok, watch).
    watched.rejoin = watched.barged_in || watched.join_pending;
    watched.barged_in = false;
    watched.join_pending = false;
    watched.whisper_sending.clear();
    watched.whisper_rid.clear();
    watched.chat.sync_in_flight = false;
    for (auto& [id, chat] : sup.by_chat) {
        chat.internal_in_flight = false;
        chat.internal_current = false;  // whispers may have come meanwhile: asked again from the last one held
        chat.flag_pending = false;
    }
    sup.overview.takeover_chat_id.clear();
    sup.overview.takeover_rid.clear();
}

void supervision_on_welcome(State& s) {
    // The server sends chat.watchers right after the welcome only for chats that have supervisors on them: the
    // others must not keep a pill from before the drop.
    for (auto& [id, chat] : s.supervision.by_chat) {
        if (!s.find_chat(id)) continue;
        chat.watchers.clear();
        chat.barged_in.clear();
    }
}

void supervision_after_step(Step& step) {
    auto& s = step.s;
    auto& sup = s.supervision;
    auto& watched = sup.watched;
    // Taken over (chat.assigned): the chat is the supervisor's own now, and the server ended the watch.
    if (watched.open() && s.find_chat(watched.chat.id)) {
        const std::string id = watched.chat.id;
        close_watched(step);
        s.selected_chat_id = id;
        sup.pane = SupervisorPane::chat;
    }
    if (!sup.overview.takeover_chat_id.empty()) {
        if (s.find_chat(sup.overview.takeover_chat_id)) {
            s.selected_chat_id = sup.overview.takeover_chat_id;
            sup.pane = SupervisorPane::chat;
            sup.overview.takeover_chat_id.clear();
            sup.overview.takeover_rid.clear();
        } else if (!s.pending.contains(sup.overview.takeover_rid)) {
            sup.overview.takeover_chat_id.clear();
            sup.overview.takeover_rid.clear();
        }
    }
    if (sup.pane == SupervisorPane::chat && !s.selected_chat()) sup.pane = SupervisorPane::overview;
    if (sup.pane == SupervisorPane::watched && !watched.open()) sup.pane = SupervisorPane::overview;

    const bool online = can_send_now(s);
    if (watched.open() && online) {
        // A watch lost with its socket: the new session watches again (a refusal closes the view, so no loop).
        if (!watched.watching && watched.watch_rid.empty()) send_watch(step);
        if (watched.watching && watched.error.empty() && watched.chat.last_seq() < watched.chat.server_last_seq)
            sync_watched(step);
    }

    // The internal stream of every held chat, and of the watched one once the watch holds: once per session.
    if (online) {
        const auto ask_if_due = [&](const std::string& chat_id) {
            ChatSupervision& chat = sup.by_chat[chat_id];
            if (chat.internal_current || chat.internal_in_flight) return;
            ask_internal(step, chat_id, chat, contiguous_internal_seq(chat));
        };
        for (const auto& chat : s.chats) ask_if_due(chat.id);
        if (watched.open() && watched.watching && !s.find_chat(watched.chat.id)) ask_if_due(watched.chat.id);
    }
    // Chats gone (filed, transferred, no longer watched) take their internal side with them.
    if (sup.by_chat.size() > s.chats.size() + (watched.open() ? 1 : 0))
        std::erase_if(sup.by_chat,
                      [&](const auto& entry) { return !s.find_chat(entry.first) && !is_watched(s, entry.first); });
}

double next_supervision_deadline(const State& s, TimeMs now) {
    const auto& latest = s.supervision.overview.latest;
    double next = std::numeric_limits<double>::infinity();
    if (!s.is_supervisor() || !latest) return next;
    // The overview's timers (waits, time in state, overdue replies) each change on their own second; an overdue
    // reply turns red on one of those too (the threshold is whole seconds).
    const double server_time = server_now(s, now);
    const auto consider = [&](std::int64_t since) {
        next = std::min(next, now + until_timer_label_changes(server_time - static_cast<double>(since)));
    };
    for (const auto& q : latest->queue) consider(q.queued_at);
    for (const auto& a : latest->agents) consider(a.presence_since);
    for (const auto& c : latest->chats)
        if (c.awaiting_reply_since) consider(*c.awaiting_reply_since);
    return next;
}

}  // namespace desk::detail
