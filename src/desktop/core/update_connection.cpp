// The socket's life: open on login or a stored token, reconnect with backoff when it drops, resume the session.
#include "desktop/core/backoff.hpp"
#include "desktop/core/update_internal.hpp"

namespace desk::detail {

namespace {

// Close code the server uses when a newer login of the same agent took over (docs/protocol.md).
constexpr int kSessionReplacedCloseCode = 4001;

void open_socket(Step& step) {
    step.s.connection.phase = ConnectionPhase::connecting;
    step.out.push_back(cmd::OpenSocket{step.s.server_url});
}

void schedule_reconnect(Step& step) {
    auto& c = step.s.connection;
    const double delay = backoff_delay_ms(step.s.settings, c.attempt, step.s.rng);
    ++c.attempt;
    c.phase = ConnectionPhase::reconnecting;
    c.reconnect_at = step.now + delay;
}

}  // namespace

void on_started(Step& step, const ev::Started& e) {
    auto& s = step.s;
    s.server_url = e.server_url;
    s.page_visible = e.page_visible;
    if (e.seed != 0) s.rng = e.seed;
    s.theme = e.stored_theme == "light" ? Theme::light : Theme::dark;
    start_logo_load(step);
    if (!e.stored_token.empty()) {
        s.token = e.stored_token;  // a reload: resume the session without asking for the password
        open_socket(step);
    }
}

void on_socket_opened(Step& step) {
    auto& s = step.s;
    s.connection.socket_open = true;
    if (!s.token.empty()) {
        step.send(proto::AgentResume{step.request(RequestKind::resume), s.token});
    } else if (s.login.in_flight) {
        step.send(proto::AgentLogin{step.request(RequestKind::login), s.login.username, s.login.password});
    } else {
        // Nobody wants this socket any more (logged out meanwhile).
        step.out.push_back(cmd::CloseSocket{});
    }
}

void on_socket_closed(Step& step, const ev::SocketClosed& e) {
    auto& s = step.s;
    auto& c = s.connection;
    // A close we already handled (we closed it ourselves and the platform reports it too): nothing more to do.
    if (!c.socket_open && c.phase != ConnectionPhase::connecting) return;
    const bool was_connected = c.phase == ConnectionPhase::connected;
    c.socket_open = false;
    c.last_close_code = e.code;
    c.last_close_reason = e.reason;

    // Answers to what was in flight will never come: forget them, and undo their "pending" marks.
    s.pending.clear();
    s.presence_pending = false;
    s.agents_loading = false;
    for (auto& chat : s.chats) {
        chat.sync_in_flight = false;
        chat.transfer_pending = false;
        chat.end_requested = false;
        chat.wrapup_pending = false;
        chat.typing_announced = false;
    }
    for (auto& offer : s.offers) offer.responding = false;
    outbox_on_disconnect(s);
    supervision_on_disconnect(s);

    if (s.logging_out) {
        finish_logout(step, "");
        return;
    }
    if (s.session_replaced || e.code == kSessionReplacedCloseCode) {
        finish_logout(step, "Signed in elsewhere: this session was taken over by a newer login.");
        return;
    }
    if (!s.token.empty()) {
        if (was_connected) c.attempt = 0;  // a drop after a good session starts the backoff afresh
        schedule_reconnect(step);
        return;
    }
    if (s.login.in_flight) {
        s.login.in_flight = false;
        s.login.password.clear();
        s.login.error =
            "Cannot reach the server (" + std::to_string(e.code) + (e.reason.empty() ? "" : ": " + e.reason) + ").";
        step.glyphs(s.login.error);
    }
    c.phase = ConnectionPhase::offline;
}

void tick_reconnect(Step& step) {
    auto& c = step.s.connection;
    if (c.phase == ConnectionPhase::reconnecting && step.now >= c.reconnect_at) open_socket(step);
}

void finish_logout(Step& step, std::string login_message) {
    State& s = step.s;
    // Keep what belongs to the tab, not to the session.
    State fresh;
    fresh.settings = s.settings;
    fresh.server_url = s.server_url;
    fresh.theme = s.theme;
    fresh.page_visible = s.page_visible;
    fresh.rng = s.rng;
    fresh.next_rid = s.next_rid;
    fresh.next_client_id = s.next_client_id;
    fresh.title = s.title;
    fresh.login.username = s.agent ? s.agent->username : s.login.username;
    fresh.login.error = std::move(login_message);
    const bool socket_was_open = s.connection.socket_open;
    s = std::move(fresh);
    step.out.push_back(cmd::StoreRemove{kTokenKey});
    if (socket_was_open) step.out.push_back(cmd::CloseSocket{});
}

}  // namespace desk::detail
