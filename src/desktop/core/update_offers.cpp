// Ringing offers: arrive, count down, get accepted or declined, or go away (revoked, expired).
#include <algorithm>

#include "desktop/core/update_internal.hpp"

namespace desk::detail {

namespace {

Offer* find_offer(State& s, const std::string& offer_id) {
    auto it = std::find_if(s.offers.begin(), s.offers.end(), [&](const Offer& o) { return o.offer_id == offer_id; });
    return it == s.offers.end() ? nullptr : &*it;
}

std::string channel_of(const proto::ChatSummary& chat) {
    return chat.customer.app.empty() ? "Mobile app" : "Mobile app (" + chat.customer.app + ")";
}

}  // namespace

void remove_offer(Step& step, const std::string& offer_id) {
    std::erase_if(step.s.offers, [&](const Offer& o) { return o.offer_id == offer_id; });
}

void on_offer(Step& step, const proto::Offer& o) {
    auto& s = step.s;
    step.glyphs(o.chat.customer.name);
    step.glyphs(o.first_message);
    for (const auto& text : o.customer_texts) step.glyphs(text);
    step.glyphs(o.chat.customer.app);
    const std::string transfer_from = o.transfer_from ? o.transfer_from->display_name : "";
    step.glyphs(transfer_from);

    // The same offerId again is an update (the customer wrote while it rings, or a welcome lists the offer we
    // hold): the card changes in place. It rang already, so no tone and no notification, and an answer already
    // sent stays sent.
    if (Offer* existing = find_offer(s, o.offer_id)) {
        existing->chat = chat_from_summary(o.chat);
        existing->first_message = o.first_message;
        existing->customer_texts = o.customer_texts;
        existing->expires_at = step.now + static_cast<double>(o.expires_in_ms);
        existing->transfer_from = transfer_from;
        return;
    }
    Offer offer;
    offer.offer_id = o.offer_id;
    offer.chat = chat_from_summary(o.chat);
    offer.first_message = o.first_message;
    offer.customer_texts = o.customer_texts;
    offer.received_at = step.now;
    offer.expires_at = step.now + static_cast<double>(o.expires_in_ms);
    offer.transfer_from = transfer_from;
    s.offers.push_back(std::move(offer));

    if (!s.page_visible) {  // a visible page shows the ringing card; a hidden one needs sound and a notification
        step.out.push_back(cmd::PlayTone{});
        // The latest text says most about why the customer is here; an older server sends only firstMessage.
        const std::string& said = o.customer_texts.empty() ? o.first_message : o.customer_texts.front();
        const std::string body = o.chat.customer.name + " · " + channel_of(o.chat) + (said.empty() ? "" : "\n" + said);
        step.out.push_back(cmd::Notify{o.transfer_from ? "Chat transfer" : "New chat", body});
    }
}

void on_offer_revoked(Step& step, const proto::OfferRevoked& r) {
    const Offer* offer = find_offer(step.s, r.offer_id);
    if (!offer) return;
    const std::string name = offer->chat.customer.name;
    remove_offer(step, r.offer_id);
    if (r.reason == proto::OfferRevokedReason::expired)
        step.notice("offer_expired", "Missed chat from " + name + ".");
    else if (r.reason == proto::OfferRevokedReason::ended)
        step.notice("offer_ended", name + " left before the chat was accepted.");
}

void on_accept(Step& step, const std::string& offer_id) {
    Offer* offer = find_offer(step.s, offer_id);
    if (!offer || offer->responding) return;
    if (!can_send_now(step.s)) {
        step.notice("offline", "Cannot accept while offline.");
        return;
    }
    offer->responding = true;
    step.send(proto::OfferAccept{step.request(RequestKind::accept, offer->chat.id, offer_id), offer_id});
}

void on_decline(Step& step, const std::string& offer_id) {
    Offer* offer = find_offer(step.s, offer_id);
    if (!offer || offer->responding) return;
    if (!can_send_now(step.s)) {
        step.notice("offline", "Cannot decline while offline.");
        return;
    }
    offer->responding = true;
    step.send(proto::OfferDecline{step.request(RequestKind::decline, offer->chat.id, offer_id), offer_id});
}

void on_chat_assigned(Step& step, const proto::ChatAssigned& a) {
    auto& s = step.s;
    if (auto it = s.pending.find(a.rid); it != s.pending.end()) {
        remove_offer(step, it->second.offer_id);
        s.pending.erase(it);
    }
    std::erase_if(s.offers, [&](const Offer& o) { return o.chat.id == a.chat.chat_id; });
    Chat* chat = s.find_chat(a.chat.chat_id);
    if (chat) {
        merge_summary(*chat, a.chat);
    } else {
        s.chats.push_back(chat_from_summary(a.chat));
        chat = &s.chats.back();
        step.glyphs(a.chat.customer.name);
    }
    if (s.selected_chat_id.empty()) s.selected_chat_id = chat->id;
    request_sync(step, *chat);
}

void tick_offers(Step& step) {
    // The server revokes an unanswered offer itself; dropping it locally a little later covers a lost revoke.
    // An offer we answered waits for that answer instead.
    auto& s = step.s;
    std::vector<std::string> expired;
    for (const auto& o : s.offers)
        if (!o.responding && step.now >= o.expires_at + s.settings.offer_expiry_grace_ms) expired.push_back(o.offer_id);
    for (const auto& id : expired) {
        const std::string name = find_offer(s, id)->chat.customer.name;
        remove_offer(step, id);
        step.notice("offer_expired", "Missed chat from " + name + ".");
    }
}

}  // namespace desk::detail
