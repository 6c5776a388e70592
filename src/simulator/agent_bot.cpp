#include "agent_bot.hpp"

#include "core/overloaded.hpp"
#include "load_text.hpp"
#include "ws_connection.hpp"

#include "protocol/codec.hpp"

namespace sim {

std::shared_ptr<AgentBot> AgentBot::start(EventLoop& loop, AgentBotSettings settings) {
    auto bot = std::make_shared<AgentBot>(loop, std::move(settings));
    bot->strand_.post([bot] {
        WsHandlers handlers;
        handlers.on_open = [bot] {
            bot->send(proto::encode(
                proto::AgentLogin{bot->next_rid(), bot->settings_.account.username, bot->settings_.account.password}));
        };
        handlers.on_text = [bot](std::string_view text) { bot->on_frame(text); };
        handlers.on_close = [bot](std::string_view why) {
            bot->record_.closed_because = std::string(why);
            bot->failed = true;
            bot->ready = false;
        };
        bot->socket_ = WsConnection::open(bot->loop_, bot->strand_, bot->settings_.url, std::move(handlers));
    });
    return bot;
}

AgentBot::AgentBot(EventLoop& loop, AgentBotSettings settings)
    : loop_(loop), strand_(loop), settings_(std::move(settings)) {}

void AgentBot::stop() {
    strand_.post([self = shared_from_this()] {
        if (!self->socket_) return;
        self->send(proto::encode(proto::AgentLogout{self->next_rid()}));
        self->socket_->close();
    });
}

void AgentBot::send(std::string frame) {
    if (socket_) socket_->send(std::move(frame));
}

void AgentBot::go_ready() { send(proto::encode(proto::AgentPresence{next_rid(), proto::PresenceState::ready, ""})); }

void AgentBot::accept_once(const proto::Offer& offer) {
    if (settings_.keep_transcripts) {
        auto& view = record_.chats[offer.chat.chat_id];
        view.customer_name = offer.chat.customer.name;
        view.customer_phone = offer.chat.customer.phone.value_or("");
        view.first_message = offer.first_message;
    }
    if (offer.offer_id == accepted_offer_) return;  // the same offer updated: already accepted
    accepted_offer_ = offer.offer_id;
    ++record_.offers;
    send(proto::encode(proto::OfferAccept{next_rid(), offer.offer_id}));
}

void AgentBot::on_frame(std::string_view text) {
    const std::int64_t received_ns = monotonic_ns();  // before parsing: parsing is the agent's cost, not the server's
    auto parsed = proto::parse_server_message(text);
    if (!parsed) {
        ++record_.errors["unreadable_frame"];
        return;
    }
    std::visit(
        core::Overloaded{
            [&](const proto::AgentWelcome& message) {
                record_.agent_id = message.agent.id;
                dispositions_ = message.config.dispositions;
                go_ready();
                for (const auto& offer : message.offers) accept_once(offer);
            },
            [&](const proto::PresenceUpdate& message) {
                if (message.presence.state == proto::PresenceState::ready) {
                    ready = true;
                } else if (message.rid.empty()) {  // pushed, e.g. "Missed offer": a robot is always at its desk
                    ready = false;
                    go_ready();
                }
            },
            [&](const proto::OfferPush& message) { accept_once(message.offer); },
            [&](const proto::ChatAssigned& message) {
                ++record_.accepted;
                ++chats_assigned;
                if (settings_.keep_transcripts) {
                    auto& view = record_.chats[message.chat.chat_id];
                    view.customer_name = message.chat.customer.name;
                    view.customer_phone = message.chat.customer.phone.value_or("");
                    // events before the join (the opening message) come with a sync
                    send(proto::encode(proto::ChatSync{next_rid(), message.chat.chat_id, 0}));
                }
                if (settings_.probe_customer) {
                    auto request = [&](proto::EventBody body) {
                        proto::ChatSend send;
                        send.rid = next_rid();
                        send.chat_id = message.chat.chat_id;
                        send.client_id = "probe-" + send.rid;
                        send.body = std::move(body);
                        this->send(proto::encode(send));
                    };
                    request(proto::LocationRequestBody{});
                    proto::CallBody call;
                    call.action = proto::CallAction::requested;
                    call.mode = proto::CallMode::phone;
                    call.number = message.chat.customer.phone;
                    request(call);
                }
            },
            [&](const proto::EventPush& message) {
                const proto::Event& event = message.event;
                AgentChatView* view = settings_.keep_transcripts ? &record_.chats[message.chat_id] : nullptr;
                if (view) {
                    // The sync sent on chat.assigned replays from seq 1: apply each seq once, in order (a live
                    // event that ran ahead of the sync comes again within it).
                    if (event.seq != view->last_seq + 1) return;
                    view->last_seq = event.seq;
                }
                if (std::holds_alternative<proto::EndedBody>(event.body)) {
                    if (view) view->ended = true;
                    std::string disposition = settings_.wrapup_disposition;
                    if (disposition.empty() && !dispositions_.empty()) disposition = dispositions_.front();
                    send(proto::encode(proto::ChatWrapup{next_rid(), message.chat_id, disposition, "simulated"}));
                    ++record_.wrapups;
                    return;
                }
                if (event.author.role != proto::Role::customer) return;
                if (const auto* body = std::get_if<proto::TextBody>(&event.body)) {
                    ++record_.customer_texts;
                    if (auto sent_ns = parse_load_sent_ns(body->text)) {
                        if (record_.deliveries.size() < kMaxLatencySamplesPerAgent) {
                            record_.deliveries.push_back({*sent_ns, received_ns});
                        } else {
                            ++record_.deliveries_dropped;
                        }
                    }
                    if (view) view->customer_texts.push_back(body->text);
                } else if (view && std::holds_alternative<proto::LocationBody>(event.body)) {
                    ++view->locations;
                } else if (view && std::holds_alternative<proto::FileBody>(event.body)) {
                    ++view->files;
                } else if (view && std::holds_alternative<proto::CallBody>(event.body)) {
                    ++view->call_answers;
                }
            },
            [&](const proto::ErrorReply& message) {
                ++record_.errors[std::string(proto::to_string(message.error.code))];
                if (record_.agent_id.empty()) {  // before agent.welcome: the login was refused
                    record_.login_error =
                        std::string(proto::to_string(message.error.code)) + ": " + message.error.message;
                    failed = true;
                }
            },
            [&](const proto::SessionReplaced&) { ++record_.errors["session_replaced"]; },
            // Answers and pushes a robot agent does not act on.
            [](const proto::CustomerWelcome&) {},
            [](const proto::HistoryReply&) {},
            [](const proto::InternalPush&) {},
            [](const proto::InternalPage&) {},
            [](const proto::ChatWatchers&) {},
            [](const proto::SupervisorOverview&) {},
            [](const proto::Ok&) {},
            [](const proto::AgentsReply&) {},
            [](const proto::QueueUpdate&) {},
            [](const proto::Ack&) {},
            [](const proto::ChatSynced&) {},
            [](const proto::ReceiptPush&) {},
            [](const proto::TypingPush&) {},
            [](const proto::RtcSignalPush&) {},
            [](const proto::OfferRevoked&) {},
            [](const proto::ChatRemoved&) {},
            [](const proto::TransferFailed&) {},
        },
        parsed.value());
}

}  // namespace sim
