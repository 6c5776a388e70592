// The outbox: what the agent wrote and the chat log does not hold yet. Queued while offline, resent after a
// reconnect with the same clientId (the server answers a repeat with the original ack), retried or discarded
// by the agent when the server refused it.
#include <algorithm>
#include <cstdio>

#include "desktop/core/backoff.hpp"
#include "desktop/core/update_internal.hpp"

namespace desk::detail {

namespace {

OutboxItem* find_item(State& s, const std::string& client_id) {
    auto it =
        std::find_if(s.outbox.begin(), s.outbox.end(), [&](const OutboxItem& i) { return i.client_id == client_id; });
    return it == s.outbox.end() ? nullptr : &*it;
}

// Unique per chat and sender (protocol): a counter for uniqueness within this tab, random bits so that two
// tabs or a reload of the same agent never collide.
std::string new_client_id(State& s) {
    char buffer[48];
    const auto random = static_cast<unsigned long long>(next_unit_random(s.rng) * 281474976710656.0);  // 48 bits
    std::snprintf(buffer, sizeof buffer, "m-%012llx-%llu", random, static_cast<unsigned long long>(s.next_client_id++));
    return buffer;
}

void transmit(Step& step, OutboxItem& item) {
    item.rid = step.request(RequestKind::send, item.chat_id, {}, item.client_id);
    item.status = OutboxStatus::sending;
    item.error_code.clear();
    item.error_message.clear();
    step.send(proto::ChatSend{item.rid, item.chat_id, item.client_id, proto::TextBody{item.text}});
}

}  // namespace

void on_send_text(Step& step, const intent::SendText& i) {
    auto& s = step.s;
    Chat* chat = s.find_chat(i.chat_id);
    if (!chat) chat = barged_in_chat(s, i.chat_id);  // a supervisor writing to the chat they joined
    if (!chat) return;
    if (chat->status != proto::ChatStatus::active) {
        step.notice("conflict", "This chat has ended; messages can no longer be sent.", chat->id);
        return;
    }
    if (const std::string why = text_refusal(s, i.text); !why.empty()) {
        step.notice("invalid_text", why, chat->id);
        return;
    }
    if (s.outbox.size() >= s.settings.outbox_cap) {
        step.notice("outbox_full",
                    "Too many unsent messages (" + std::to_string(s.settings.outbox_cap) +
                        "); wait for the connection or discard some.",
                    chat->id);
        return;
    }
    OutboxItem item;
    item.chat_id = chat->id;
    item.client_id = new_client_id(s);
    item.text = i.text;
    item.created_at = step.now;
    step.glyphs(item.text);
    s.outbox.push_back(std::move(item));
    chat->typing_announced = false;  // the server ends our typing when the message arrives
    if (can_send_now(s)) transmit(step, s.outbox.back());
}

void on_ack(Step& step, const proto::Ack& ack) {
    auto& s = step.s;
    s.pending.erase(ack.rid);
    s.server_clock_offset_ms = static_cast<double>(ack.ts) - step.now;
    calls_on_ack(step, ack);
    OutboxItem* item = find_item(s, ack.client_id);
    if (!item) return;  // its event already arrived
    item->status = OutboxStatus::acked;
    item->acked_seq = ack.seq;
    const Chat* chat = s.find_readable_chat(item->chat_id);
    if (chat && chat->last_seq() >= ack.seq) {
        const std::string id = item->client_id;
        std::erase_if(s.outbox, [&](const OutboxItem& i) { return i.client_id == id; });
    }
}

void on_send_refused(Step& step, const PendingRequest& request, const proto::Error& error) {
    OutboxItem* item = find_item(step.s, request.client_id);
    if (!item) {  // not a text (a location request, a call event)
        calls_on_refused(step, request, error);
        step.notice(std::string(proto::to_string(error.code)), "Refused: " + error.message, request.chat_id);
        return;
    }
    item->status = OutboxStatus::failed;
    item->error_code = std::string(proto::to_string(error.code));
    item->error_message = error.message;
    step.glyphs(error.message);
}

void on_retry(Step& step, const std::string& client_id) {
    OutboxItem* item = find_item(step.s, client_id);
    if (!item || item->status != OutboxStatus::failed) return;
    if (can_send_now(step.s))
        transmit(step, *item);
    else
        item->status = OutboxStatus::queued;
}

void on_discard(Step& step, const std::string& client_id) {
    OutboxItem* item = find_item(step.s, client_id);
    // A message on its way may already be committed; discarding it then would hide a sent message.
    if (!item || item->status == OutboxStatus::sending || item->status == OutboxStatus::acked) return;
    std::erase_if(step.s.outbox, [&](const OutboxItem& i) { return i.client_id == client_id; });
}

void on_request_location(Step& step, const std::string& chat_id) {
    Chat* chat = step.s.find_chat(chat_id);
    if (!chat || chat->status != proto::ChatStatus::active) return;
    if (!chat->customer.capabilities.has(proto::Capability::location)) {
        step.notice("forbidden", "The customer's app cannot share its location.", chat_id);
        return;
    }
    if (!can_send_now(step.s)) {
        step.notice("offline", "Cannot request the location while offline.", chat_id);
        return;
    }
    // Not an outbox item: a request made offline would be stale by the time it arrives.
    const std::string client_id = new_client_id(step.s);
    step.send(proto::ChatSend{step.request(RequestKind::send, chat_id, {}, client_id), chat_id, client_id,
                              proto::LocationRequestBody{}});
}

void flush_outbox(Step& step) {
    // A supervisor's text to a watched chat waits until the join is renewed (update_supervision.cpp).
    for (auto& item : step.s.outbox)
        if (item.status == OutboxStatus::queued &&
            (step.s.find_chat(item.chat_id) || barged_in_chat(step.s, item.chat_id)))
            transmit(step, item);
}

void outbox_on_disconnect(State& s) {
    for (auto& item : s.outbox)
        if (item.status == OutboxStatus::sending) item.status = OutboxStatus::queued;
}

void outbox_on_applied(State& s, const Chat& chat, const ChatEvent& event) {
    if (event.client_id.empty() || event.role != proto::Role::agent) return;
    std::erase_if(s.outbox,
                  [&](const OutboxItem& i) { return i.chat_id == chat.id && i.client_id == event.client_id; });
}

}  // namespace desk::detail
