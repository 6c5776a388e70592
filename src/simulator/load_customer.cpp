#include "load_customer.hpp"

#include "core/overloaded.hpp"
#include "load_text.hpp"
#include "send_pacing.hpp"
#include "ws_connection.hpp"

#include "protocol/codec.hpp"

#include <algorithm>

namespace sim {

std::shared_ptr<LoadCustomer> LoadCustomer::start(EventLoop& loop, LoadCustomerSettings settings) {
    auto bot = std::make_shared<LoadCustomer>(loop, std::move(settings));
    bot->strand_.post([bot] {
        WsHandlers handlers;
        handlers.on_open = [bot] {
            proto::CustomerStart start;
            start.rid = "start";
            start.name = "Load Customer " + std::to_string(bot->settings_.index + 1);
            start.phone = "+49170" + std::to_string(1'000'000 + bot->settings_.index);
            start.capabilities = {proto::Capability::phone, proto::Capability::location, proto::Capability::files};
            start.context["Policy"] = "LOAD-" + std::to_string(bot->settings_.index + 1);
            start.app = "agentdesk-sim load";
            bot->socket_->send(proto::encode(start));
        };
        handlers.on_text = [bot](std::string_view text) { bot->on_frame(text); };
        handlers.on_close = [bot](std::string_view why) {
            bot->record_.closed_because = std::string(why);
            bot->failed = true;
        };
        bot->socket_ = WsConnection::open(bot->loop_, bot->strand_, bot->settings_.url, std::move(handlers));
    });
    return bot;
}

LoadCustomer::LoadCustomer(EventLoop& loop, LoadCustomerSettings settings)
    : loop_(loop), strand_(loop), settings_(std::move(settings)) {
    min_interval_ns_ = settings_.interval_ms * 1e6;
}

void LoadCustomer::send_between(std::int64_t begin_ns, std::int64_t end_ns) {
    strand_.post([self = shared_from_this(), begin_ns, end_ns] {
        self->begin_ns_ = begin_ns;
        self->end_ns_ = end_ns;
        self->window_set_ = true;
        self->next_send_ns_ = first_send_ns(begin_ns, self->min_interval_ns_, self->settings_.index);
        self->pump();
    });
}

void LoadCustomer::stop() {
    strand_.post([self = shared_from_this()] {
        self->window_set_ = false;
        if (self->socket_) self->socket_->close();
    });
}

void LoadCustomer::pump() {
    if (!window_set_ || !joined || failed || chat_id_.empty()) return;
    while (in_flight_ < settings_.in_flight) {
        const std::int64_t now = monotonic_ns();
        if (now >= end_ns_) return;
        if (now < next_send_ns_) {
            if (!timer_pending_) {
                timer_pending_ = true;
                const auto wait =
                    std::chrono::milliseconds(std::max<std::int64_t>(1, (next_send_ns_ - now) / 1'000'000));
                strand_.after(wait, [self = shared_from_this()] {
                    self->timer_pending_ = false;
                    self->pump();
                });
            }
            return;
        }
        proto::ChatSend send;
        send.rid = std::to_string(++seq_);
        send.chat_id = chat_id_;
        send.client_id = std::string("L").append(std::to_string(settings_.index)).append("-").append(send.rid);
        send.body = proto::TextBody{make_load_text(settings_.index, seq_, now, settings_.message_bytes)};
        pending_.emplace(send.rid, now);
        socket_->send(proto::encode(send));
        ++record_.sent;
        ++in_flight_;
        next_send_ns_ = next_send_ns(next_send_ns_, min_interval_ns_, now);
    }
}

void LoadCustomer::on_frame(std::string_view text) {
    // Once an agent joined, the customer's own events echoed back are of no use to it: skip them unparsed, so the
    // simulator's CPU (which shares the machine with the server) goes to what is measured. The prefix is how
    // proto::encode starts an event push; any other spelling is simply parsed.
    static constexpr std::string_view kEventPrefix = R"({"type":"event",)";
    if (joined && text.substr(0, kEventPrefix.size()) == kEventPrefix) return;
    auto parsed = proto::parse_server_message(text);
    if (!parsed) {
        ++record_.errors["unreadable_frame"];
        return;
    }
    std::visit(core::Overloaded{
                   [&](const proto::CustomerWelcome& message) {
                       chat_id_ = message.chat.chat_id;
                       // Never faster than the server's per-socket limit: going over would measure refusals, not chat.
                       if (message.limits.max_messages_per_second > 0) {
                           min_interval_ns_ = std::max(
                               min_interval_ns_, 1e9 / static_cast<double>(message.limits.max_messages_per_second));
                       }
                       welcomed = true;
                   },
                   [&](const proto::EventPush& message) {
                       if (const auto* j = std::get_if<proto::JoinedBody>(&message.event.body);
                           j && j->role == proto::Role::agent && !joined) {
                           joined = true;
                           pump();
                       }
                   },
                   [&](const proto::Ack& message) {
                       if (auto it = pending_.find(message.rid); it != pending_.end()) {
                           record_.ack_latency_us.push_back((monotonic_ns() - it->second) / 1000);
                           pending_.erase(it);
                           ++record_.acked;
                           --in_flight_;
                           pump();
                       }
                   },
                   [&](const proto::ErrorReply& message) {
                       ++record_.errors[std::string(proto::to_string(message.error.code))];
                       if (message.rid == "start") {
                           failed = true;
                           return;
                       }
                       if (auto it = pending_.find(message.rid); it != pending_.end()) {
                           pending_.erase(it);
                           --in_flight_;
                           if (message.error.retry_after_ms) {
                               next_send_ns_ =
                                   std::max(next_send_ns_, monotonic_ns() + *message.error.retry_after_ms * 1'000'000);
                           }
                           pump();
                       }
                   },
                   // Answers and pushes a load customer does not act on.
                   [](const proto::AgentWelcome&) {},
                   [](const proto::Ok&) {},
                   [](const proto::PresenceUpdate&) {},
                   [](const proto::AgentsReply&) {},
                   [](const proto::QueueUpdate&) {},
                   [](const proto::ChatSynced&) {},
                   [](const proto::ReceiptPush&) {},
                   [](const proto::TypingPush&) {},
                   [](const proto::RtcSignalPush&) {},
                   [](const proto::OfferPush&) {},
                   [](const proto::OfferRevoked&) {},
                   [](const proto::ChatAssigned&) {},
                   [](const proto::ChatRemoved&) {},
                   [](const proto::TransferFailed&) {},
                   [](const proto::SessionReplaced&) {},
                   [](const proto::HistoryReply&) {},
                   // Staff-only frames: a customer receiving one is a server bug.
                   [&](const proto::InternalPush&) { ++record_.errors["staff_frame_to_customer"]; },
                   [&](const proto::InternalPage&) { ++record_.errors["staff_frame_to_customer"]; },
                   [&](const proto::ChatWatchers&) { ++record_.errors["staff_frame_to_customer"]; },
                   [&](const proto::SupervisorOverview&) { ++record_.errors["staff_frame_to_customer"]; },
               },
               parsed.value());
}

}  // namespace sim
