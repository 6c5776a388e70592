// The chats' logs: apply events exactly once and in order, sync gaps, receipts, typing, unread counts and the
// per-step bookkeeping (read marks, tab title, timers).
#include <algorithm>
#include <cmath>
#include <limits>

#include "desktop/core/clock_text.hpp"
#include "desktop/core/event_text.hpp"
#include "desktop/core/update_internal.hpp"

namespace desk::detail {

Chat chat_from_summary(const proto::ChatSummary& summary) {
    Chat chat;
    chat.id = summary.chat_id;
    merge_summary(chat, summary);
    return chat;
}

void merge_summary(Chat& chat, const proto::ChatSummary& summary) {
    chat.status = summary.status;
    chat.created_at = static_cast<TimeMs>(summary.created_at);
    chat.assigned_at = summary.assigned_at ? static_cast<TimeMs>(*summary.assigned_at) : 0;
    chat.ended_at = summary.ended_at ? static_cast<TimeMs>(*summary.ended_at) : 0;
    chat.customer = summary.customer;
    chat.context = summary.context;
    if (summary.last_location) chat.last_location = summary.last_location;
    chat.server_last_seq = std::max(chat.server_last_seq, summary.last_seq);
}

void request_sync(Step& step, Chat& chat) {
    if (chat.sync_in_flight || !step.s.connection.socket_open) return;
    chat.sync_in_flight = true;
    chat.sync_rid = step.request(RequestKind::sync, chat.id);
    step.send(proto::ChatSync{chat.sync_rid, chat.id, chat.last_seq()});
}

ChatEvent event_row(Step& step, const proto::Event& e) {
    ChatEvent row;
    row.seq = e.seq;
    row.ts = static_cast<TimeMs>(e.ts);
    row.role = e.author.role;
    row.author_id = e.author.id;
    row.author_name = e.author.name;
    row.kind = e.kind();
    row.client_id = e.client_id.value_or("");
    row.text = event_display_text(e);
    if (const auto* file = std::get_if<proto::FileBody>(&e.body)) row.file = file->file;
    step.glyphs(row.author_name);
    step.glyphs(row.text);
    return row;
}

namespace {

bool chat_in_view(const State& s, const Chat& chat) { return s.page_visible && s.selected_chat_id == chat.id; }

void apply(Step& step, Chat& chat, const proto::Event& e) {
    ChatEvent row = event_row(step, e);

    if (const auto* context = std::get_if<proto::ContextBody>(&e.body)) {
        for (const auto& [key, value] : context->values) {
            if (value.empty())
                chat.context.erase(key);
            else
                chat.context[key] = value;
        }
    } else if (const auto* location = std::get_if<proto::LocationBody>(&e.body)) {
        chat.last_location = proto::TimedLocation{location->location, e.ts};
    } else if (const auto* ended = std::get_if<proto::EndedBody>(&e.body)) {
        (void)ended;
        chat.status = proto::ChatStatus::ended;
        chat.ended_at = row.ts;
        chat.end_requested = false;
    }

    map_on_event(step, chat, e, row);  // the map's track and location requests

    if (is_customer_message(e)) {
        chat.last_customer_message_at = row.ts;
        chat.customer_typing.active = false;  // the message ends the typing (the server says so too)
        if (!chat_in_view(step.s, chat) && e.seq > chat.marked_read) ++chat.unread;
    }
    if (e.author.role == proto::Role::agent && e.kind() == proto::EventKind::text) chat.last_agent_reply_at = row.ts;
    if (e.kind() == proto::EventKind::text || e.kind() == proto::EventKind::file) chat.last_message_preview = row.text;

    chat.server_last_seq = std::max(chat.server_last_seq, e.seq);
    chat.events.push_back(std::move(row));
    outbox_on_applied(step.s, chat, chat.events.back());
    calls_on_event(step, chat, e);  // consent answers, the chat's end during a call
}

}  // namespace

void on_event(Step& step, const proto::EventPush& push) {
    if (past_chat_event(step, push) || watched_chat_event(step, push)) return;
    Chat* chat = step.s.find_chat(push.chat_id);
    if (!chat) return;  // a chat we no longer hold (removed, transferred): nothing to show
    const std::int64_t last = chat->last_seq();
    if (push.event.seq <= last) return;  // a duplicate (resent, or overlapping sync)
    if (push.event.seq > last + 1) {     // a gap: ask for what is missing; this event comes again with it
        chat->server_last_seq = std::max(chat->server_last_seq, push.event.seq);
        request_sync(step, *chat);
        return;
    }
    // A live event (not history replayed by a sync) was stamped a moment ago: it tells the clocks' difference.
    if (!chat->sync_in_flight) step.s.server_clock_offset_ms = static_cast<double>(push.event.ts) - step.now;
    apply(step, *chat, push.event);
}

void on_synced(Step& step, const proto::ChatSynced& synced) {
    if (past_chat_synced(step, synced) || watched_chat_synced(step, synced)) return;
    auto& s = step.s;
    s.pending.erase(synced.rid);
    Chat* chat = s.find_chat(synced.chat_id);
    if (!chat) return;
    if (synced.rid == chat->sync_rid) chat->sync_in_flight = false;
    chat->customer_receipts.delivered = std::max(chat->customer_receipts.delivered, synced.receipts.customer.delivered);
    chat->customer_receipts.read = std::max(chat->customer_receipts.read, synced.receipts.customer.read);
    chat->marked_read = std::max(chat->marked_read, synced.receipts.agent.read);
    chat->marked_delivered = std::max(chat->marked_delivered, synced.receipts.agent.delivered);
    chat->server_last_seq = std::max(chat->server_last_seq, synced.last_seq);

    // Unread = the customer's messages past our stored read mark (a reload starts with no local count).
    // Once per sync, so a pass over the log is fine here.
    if (!chat_in_view(s, *chat)) {
        std::int64_t unread = 0;
        for (auto it = chat->events.rbegin(); it != chat->events.rend() && it->seq > chat->marked_read; ++it)
            if (it->role == proto::Role::customer &&
                (it->kind == proto::EventKind::text || it->kind == proto::EventKind::file ||
                 it->kind == proto::EventKind::location))
                ++unread;
        chat->unread = unread;
    }
    if (chat->last_seq() < chat->server_last_seq) request_sync(step, *chat);  // something still missing
}

void on_receipt(Step& step, const proto::ReceiptPush& r) {
    Chat* chat = step.s.find_chat(r.chat_id);
    if (!chat || r.role != proto::Role::customer) return;
    chat->customer_receipts.delivered = std::max(chat->customer_receipts.delivered, r.marks.delivered);
    chat->customer_receipts.read = std::max(chat->customer_receipts.read, r.marks.read);
}

void on_typing(Step& step, const proto::TypingPush& t) {
    Chat* chat = step.s.find_chat(t.chat_id);
    if (!chat || t.role != proto::Role::customer) return;
    chat->customer_typing.active = t.active;
    chat->customer_typing.name = t.name;
    chat->customer_typing.expires_at =
        step.now + static_cast<double>(step.s.limits.typing_timeout_ms) + step.s.settings.typing_expiry_grace_ms;
    step.glyphs(t.name);
}

void tick_typing(Step& step) {
    // The server relays active:false itself; expiring locally covers a lost connection.
    for (auto& chat : step.s.chats)
        if (chat.customer_typing.active && step.now >= chat.customer_typing.expires_at)
            chat.customer_typing.active = false;
}

void on_draft_edited(Step& step, const intent::DraftEdited& d) {
    Chat* chat = step.s.find_chat(d.chat_id);
    if (!chat || !can_send_now(step.s) || chat->status != proto::ChatStatus::active) return;
    if (d.empty) {
        if (chat->typing_announced) {
            chat->typing_announced = false;
            chat->typing_sent_at = -std::numeric_limits<double>::infinity();
            step.send(proto::TypingSignal{"", chat->id, false});
        }
        return;
    }
    if (step.now - chat->typing_sent_at < step.s.settings.typing_send_interval_ms) return;  // throttle
    chat->typing_sent_at = step.now;
    chat->typing_announced = true;
    step.send(proto::TypingSignal{"", chat->id, true});
}

void select_chat(Step& step, const std::string& chat_id) {
    if (!step.s.find_chat(chat_id)) return;
    step.s.selected_chat_id = chat_id;
    step.s.supervision.pane = SupervisorPane::chat;  // a supervisor's chat column shows it instead of the overview
}

void remove_chat(Step& step, const std::string& chat_id) {
    auto& s = step.s;
    const auto at = std::find_if(s.chats.begin(), s.chats.end(), [&](const Chat& c) { return c.id == chat_id; });
    if (at == s.chats.end()) return;
    const auto index = at - s.chats.begin();
    s.chats.erase(at);
    std::erase_if(s.outbox, [&](const OutboxItem& item) { return item.chat_id == chat_id; });
    calls_on_chat_removed(step, chat_id);
    history_on_chat_removed(step, chat_id);
    if (s.selected_chat_id == chat_id) {
        // Select the neighbour, as mail clients do, so the agent keeps working without a click.
        s.selected_chat_id = s.chats.empty() ? "" : s.chats[std::min<std::size_t>(index, s.chats.size() - 1)].id;
    }
}

namespace {

void send_marks(Step& step) {
    // What the agent sees is read, online or not; the mark follows once the connection is back.
    for (auto& chat : step.s.chats)
        if (chat_in_view(step.s, chat) && !chat.sync_in_flight) chat.unread = 0;
    if (!can_send_now(step.s)) return;
    for (auto& chat : step.s.chats) {
        if (chat.sync_in_flight) continue;  // one mark after the sync, not one per replayed event
        const std::int64_t last = chat.last_seq();
        const bool read_now = chat_in_view(step.s, chat) && last > chat.marked_read;
        if (!read_now && last <= chat.marked_delivered) continue;
        proto::ChatMark mark{step.request(RequestKind::mark, chat.id), chat.id, {}, {}};
        if (last > chat.marked_delivered) mark.delivered = last;
        if (read_now) mark.read = last;
        chat.marked_delivered = std::max(chat.marked_delivered, last);
        if (read_now) chat.marked_read = last;
        step.send(mark);
    }
}

void update_title(Step& step) {
    auto& s = step.s;
    const std::int64_t attention = s.total_unread() + static_cast<std::int64_t>(s.offers.size());
    std::string title =
        attention > 0 ? "(" + std::to_string(attention) + ") " + s.settings.app_title : s.settings.app_title;
    if (title != s.title) {
        s.title = title;
        step.out.push_back(cmd::SetTitle{std::move(title)});
    }
}

// The next moment something on screen changes by itself.
double next_deadline(const State& s, TimeMs now) {
    double next = std::numeric_limits<double>::infinity();
    auto consider = [&](double at) {
        if (at > now) next = std::min(next, at);
    };
    if (s.connection.phase == ConnectionPhase::reconnecting) {
        consider(s.connection.reconnect_at);
        consider(now + until_elapsed_label_changes(s.connection.reconnect_at - now));  // "in N s" label
    }
    for (const auto& offer : s.offers) {
        const double left = offer.expires_at - now;
        consider(now + (left > 0 ? std::fmod(left, 1000.0) + 1 : 0));  // the countdown's next whole second
        consider(offer.expires_at + s.settings.offer_expiry_grace_ms);
    }
    const double offset = s.server_clock_offset_ms;  // chat times are server times
    for (const auto& chat : s.chats) {
        if (chat.customer_typing.active) consider(chat.customer_typing.expires_at);
        if (chat.last_customer_message_at > 0) {
            const double elapsed = server_now(s, now) - chat.last_customer_message_at;
            consider(now + until_elapsed_label_changes(elapsed));
            consider(chat.last_customer_message_at + s.settings.unanswered_warning_ms - offset);
        }
    }
    consider(next_call_deadline(s, now));         // call timers and the call's duration label
    consider(next_supervision_deadline(s, now));  // the supervisor's overview timers
    return next;
}

void schedule_wake(Step& step) {
    auto& s = step.s;
    const double next = next_deadline(s, step.now);
    if (!std::isfinite(next)) return;
    if (s.wake_at > step.now && s.wake_at <= next) return;  // an earlier or equal wake is already asked for
    s.wake_at = next;
    step.out.push_back(cmd::WakeAfter{next - step.now});
}

}  // namespace

void after_step(Step& step) {
    history_after_step(step);
    supervision_after_step(step);
    send_marks(step);
    files_after_step(step);
    update_title(step);
    schedule_wake(step);
}

}  // namespace desk::detail
