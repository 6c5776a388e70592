// `ok` and `error` answers: matched to the request by rid, then handled by what that request was for.
#include "desktop/core/update_internal.hpp"

namespace desk::detail {

void on_ok(Step& step, const proto::Ok& ok) {
    auto& s = step.s;
    const auto it = s.pending.find(ok.rid);
    if (it == s.pending.end()) return;
    const PendingRequest request = it->second;
    s.pending.erase(it);
    switch (request.kind) {
        case RequestKind::logout:
            finish_logout(step, "");
            break;
        case RequestKind::decline:
            remove_offer(step, request.offer_id);
            break;
        case RequestKind::watch:
        case RequestKind::unwatch:
        case RequestKind::whisper:
        case RequestKind::join:
        case RequestKind::flag:
            supervision_on_ok(step, request, ok.rid);
            break;
        default:
            break;  // mark, transfer, end, wrapup: their effect arrives as pushes
    }
}

void on_error(Step& step, const proto::ErrorReply& reply) {
    auto& s = step.s;
    const proto::Error& error = reply.error;
    const std::string code(proto::to_string(error.code));
    const auto it = s.pending.find(reply.rid);
    if (it == s.pending.end()) {
        step.notice(code, "Server: " + error.message);
        return;
    }
    const PendingRequest request = it->second;
    s.pending.erase(it);
    Chat* chat = s.find_chat(request.chat_id);
    switch (request.kind) {
        case RequestKind::login:
            s.login.in_flight = false;
            s.login.password.clear();
            s.login.error =
                error.code == proto::ErrorCode::unauthorized ? "Wrong user name or password." : error.message;
            step.glyphs(s.login.error);
            s.connection.phase = ConnectionPhase::offline;
            step.out.push_back(cmd::CloseSocket{});
            s.connection.socket_open = false;
            break;
        case RequestKind::resume:
            if (error.code == proto::ErrorCode::unauthorized) {
                finish_logout(step, "Your session has expired. Please log in again.");
            } else {
                // The server cannot take us now (e.g. unavailable): drop this socket and try again with backoff.
                step.notice(code, "Could not resume the session: " + error.message);
                step.out.push_back(cmd::CloseSocket{});
                on_socket_closed(step, ev::SocketClosed{0, "resume refused: " + error.message});
            }
            break;
        case RequestKind::logout:
            finish_logout(step, "");
            break;
        case RequestKind::presence:
            s.presence_pending = false;
            step.notice(code, "Presence not changed: " + error.message);
            break;
        case RequestKind::accept:
        case RequestKind::decline:
            remove_offer(step, request.offer_id);
            step.notice(code, "The offer is no longer available: " + error.message);
            break;
        case RequestKind::send:
            on_send_refused(step, request, error);
            break;
        case RequestKind::sync:
            if (chat) chat->sync_in_flight = false;
            step.notice(code, "Could not load the chat history: " + error.message, request.chat_id);
            break;
        case RequestKind::mark:
            break;  // marks only move forward; the next one carries the same information
        case RequestKind::agents:
            s.agents_loading = false;
            step.notice(code, "Could not list the agents: " + error.message);
            break;
        case RequestKind::transfer:
            if (chat) chat->transfer_pending = false;
            step.notice(code, "Transfer refused: " + error.message, request.chat_id);
            break;
        case RequestKind::end:
            if (chat) chat->end_requested = false;
            step.notice(code, "Could not end the chat: " + error.message, request.chat_id);
            break;
        case RequestKind::signal:
            calls_on_refused(step, request, error);
            break;
        case RequestKind::wrapup:
            if (chat) chat->wrapup_pending = false;
            step.notice(code, "Wrap-up not filed: " + error.message, request.chat_id);
            break;
        case RequestKind::history:
        case RequestKind::past_sync:
            history_on_refused(step, request, error);
            break;
        case RequestKind::internal_sync:
        case RequestKind::flag:
        case RequestKind::watch:
        case RequestKind::unwatch:
        case RequestKind::watched_sync:
        case RequestKind::whisper:
        case RequestKind::join:
        case RequestKind::takeover:
            supervision_on_refused(step, request, error);
            break;
    }
}

}  // namespace desk::detail
