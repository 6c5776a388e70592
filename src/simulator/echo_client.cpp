#include "echo_client.hpp"

#include "load_text.hpp"
#include "send_pacing.hpp"
#include "ws_connection.hpp"

#include <algorithm>

namespace sim {

std::shared_ptr<EchoClient> EchoClient::start(EventLoop& loop, EchoClientSettings settings) {
    auto client = std::make_shared<EchoClient>(loop, std::move(settings));
    client->strand_.post([client, &loop] {
        WsHandlers handlers;
        handlers.on_open = [client] {
            client->connected = true;
            client->pump();  // the window may have been set while connecting
        };
        handlers.on_text = [client](std::string_view text) { client->on_echo(text); };
        handlers.on_close = [client](std::string_view why) {
            client->record_.closed_because = std::string(why);
            client->failed = true;
        };
        client->socket_ = WsConnection::open(loop, client->strand_, client->settings_.url, std::move(handlers));
    });
    return client;
}

EchoClient::EchoClient(EventLoop& loop, EchoClientSettings settings)
    : strand_(loop), settings_(std::move(settings)), interval_ns_(settings_.interval_ms * 1e6) {}

void EchoClient::send_between(std::int64_t begin_ns, std::int64_t end_ns) {
    if (!settings_.sends) return;
    strand_.post([self = shared_from_this(), begin_ns, end_ns] {
        self->window_ = LoadWindow{begin_ns, end_ns};
        self->window_set_ = true;
        self->next_send_ns_ = first_send_ns(begin_ns, self->interval_ns_, self->settings_.index);
        self->pump();
    });
}

void EchoClient::stop() {
    strand_.post([self = shared_from_this()] {
        self->window_set_ = false;
        if (self->socket_) self->socket_->close();
    });
}

void EchoClient::pump() {
    if (!window_set_ || !connected || failed) return;
    while (in_flight_ < settings_.in_flight) {
        const std::int64_t now = monotonic_ns();
        if (now >= window_.end_ns) return;
        if (now < next_send_ns_) {  // before the window, or paced: come back when the next send is due
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
        socket_->send(make_load_text(settings_.index, ++seq_, now, settings_.message_bytes));
        ++record_.sent;
        ++in_flight_;
        next_send_ns_ = next_send_ns(next_send_ns_, interval_ns_, now);
    }
}

void EchoClient::on_echo(std::string_view text) {
    const std::int64_t received_ns = monotonic_ns();
    const auto sent_ns = parse_load_sent_ns(text);
    if (!sent_ns || in_flight_ == 0) {  // not one of ours, or more echoes than sends
        ++record_.errors[sent_ns ? "unexpected_echo" : "unreadable_frame"];
        return;
    }
    count_echo(record_, window_, *sent_ns, received_ns);
    --in_flight_;
    pump();
}

}  // namespace sim
