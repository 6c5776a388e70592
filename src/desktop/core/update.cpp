// update(): routes each event to its handler (update_*.cpp, one file per feature), then runs the per-step
// bookkeeping (read marks, tab title, timers) once.
#include <algorithm>

#include "desktop/core/update_internal.hpp"
#include "protocol/utf8.hpp"

namespace desk {

const Chat* State::find_chat(const std::string& id) const {
    auto it = std::find_if(chats.begin(), chats.end(), [&](const Chat& c) { return c.id == id; });
    return it == chats.end() ? nullptr : &*it;
}
Chat* State::find_chat(const std::string& id) {
    return const_cast<Chat*>(static_cast<const State&>(*this).find_chat(id));
}
std::int64_t State::total_unread() const {
    std::int64_t total = 0;
    for (const auto& chat : chats) total += chat.unread;
    return total;
}

bool can_send_now(const State& state) {
    return state.connection.phase == ConnectionPhase::connected && state.connection.socket_open;
}

std::string text_refusal(const State& state, std::string_view text) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return "Type a message first.";
    const auto chars = proto::utf8::count_code_points(text);
    if (!chars) return "The text is not valid UTF-8.";
    if (static_cast<std::int64_t>(*chars) > state.limits.max_text_chars)
        return "Too long: " + std::to_string(*chars) + " of " + std::to_string(state.limits.max_text_chars) +
               " characters.";
    return {};
}

namespace detail {

std::string Step::request(RequestKind kind, std::string chat_id, std::string offer_id, std::string client_id) {
    std::string rid = "d" + std::to_string(s.next_rid++);
    s.pending[rid] = PendingRequest{kind, std::move(chat_id), std::move(offer_id), std::move(client_id)};
    return rid;
}

void Step::notice(std::string code, std::string message, std::string chat_id) {
    glyphs(message);
    s.notices.push_back(Notice{now, std::move(code), std::move(message), std::move(chat_id)});
    // Oldest first out: the list is for reading what just happened, not an archive.
    if (s.notices.size() > s.settings.error_log_cap)
        s.notices.erase(s.notices.begin(), s.notices.end() - static_cast<std::ptrdiff_t>(s.settings.error_log_cap));
}

namespace {

void on_server(Step& step, const proto::ServerMessage& message) {
    std::visit(
        [&](const auto& m) {
            using M = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<M, proto::AgentWelcome>) on_welcome(step, m);
            else if constexpr (std::is_same_v<M, proto::Ok>) on_ok(step, m);
            else if constexpr (std::is_same_v<M, proto::ErrorReply>) on_error(step, m);
            else if constexpr (std::is_same_v<M, proto::PresenceUpdate>) on_presence(step, m);
            else if constexpr (std::is_same_v<M, proto::AgentsReply>) on_agents(step, m);
            else if constexpr (std::is_same_v<M, proto::EventPush>) on_event(step, m);
            else if constexpr (std::is_same_v<M, proto::Ack>) on_ack(step, m);
            else if constexpr (std::is_same_v<M, proto::ChatSynced>) on_synced(step, m);
            else if constexpr (std::is_same_v<M, proto::ReceiptPush>) on_receipt(step, m);
            else if constexpr (std::is_same_v<M, proto::TypingPush>) on_typing(step, m);
            else if constexpr (std::is_same_v<M, proto::OfferPush>) on_offer(step, m.offer);
            else if constexpr (std::is_same_v<M, proto::OfferRevoked>) on_offer_revoked(step, m);
            else if constexpr (std::is_same_v<M, proto::ChatAssigned>) on_chat_assigned(step, m);
            else if constexpr (std::is_same_v<M, proto::ChatRemoved>) on_chat_removed(step, m);
            else if constexpr (std::is_same_v<M, proto::TransferFailed>) on_transfer_failed(step, m);
            else if constexpr (std::is_same_v<M, proto::SessionReplaced>) step.s.session_replaced = true;
            else if constexpr (std::is_same_v<M, proto::RtcSignalPush>) on_rtc_signal(step, m);
            else {
                // customer.welcome, queue: customer-side messages; rtc.signal: the calls feature (later issue).
                // Not an error worth the agent's attention, but visible in the notices for diagnosis.
                step.notice("ignored", std::string("Ignored server message: ") + std::string(proto::type_name(message)));
            }
        },
        message);
}

void on_intent(Step& step, const Intent& intent) {
    std::visit(
        [&](const auto& i) {
            using I = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<I, intent::Login>) on_login(step, i);
            else if constexpr (std::is_same_v<I, intent::Logout>) on_logout(step);
            else if constexpr (std::is_same_v<I, intent::SetReady>) on_set_presence(step, proto::PresenceState::ready, "");
            else if constexpr (std::is_same_v<I, intent::SetNotReady>) on_set_presence(step, proto::PresenceState::not_ready, i.reason);
            else if constexpr (std::is_same_v<I, intent::AcceptOffer>) on_accept(step, i.offer_id);
            else if constexpr (std::is_same_v<I, intent::DeclineOffer>) on_decline(step, i.offer_id);
            else if constexpr (std::is_same_v<I, intent::SelectChat>) select_chat(step, i.chat_id);
            else if constexpr (std::is_same_v<I, intent::DraftEdited>) on_draft_edited(step, i);
            else if constexpr (std::is_same_v<I, intent::SendText>) on_send_text(step, i);
            else if constexpr (std::is_same_v<I, intent::RetrySend>) on_retry(step, i.client_id);
            else if constexpr (std::is_same_v<I, intent::DiscardSend>) on_discard(step, i.client_id);
            else if constexpr (std::is_same_v<I, intent::RequestLocation>) on_request_location(step, i.chat_id);
            else if constexpr (std::is_same_v<I, intent::LoadAgents>) on_load_agents(step);
            else if constexpr (std::is_same_v<I, intent::TransferChat>) on_transfer(step, i);
            else if constexpr (std::is_same_v<I, intent::EndChat>) on_end(step, i);
            else if constexpr (std::is_same_v<I, intent::FileWrapup>) on_wrapup(step, i);
            else if constexpr (std::is_same_v<I, intent::ToggleTheme>) {
                step.s.theme = step.s.theme == Theme::dark ? Theme::light : Theme::dark;
                step.out.push_back(cmd::StoreSet{kThemeKey, step.s.theme == Theme::dark ? "dark" : "light"});
            } else if constexpr (std::is_same_v<I, intent::CopyText>) step.out.push_back(cmd::ClipboardWrite{i.text});
            else if constexpr (std::is_same_v<I, intent::DismissNotice>) {
                if (i.index < step.s.notices.size())
                    step.s.notices.erase(step.s.notices.begin() + static_cast<std::ptrdiff_t>(i.index));
            } else if constexpr (std::is_same_v<I, intent::ShowText>) step.glyphs(i.text);
            else if constexpr (is_file_intent_v<I>) on_file_intent(step, intent);
            else if constexpr (std::is_same_v<I, intent::ShowOnMap>) on_show_on_map(step, i);
            else if constexpr (std::is_same_v<I, intent::OpenInMaps>) on_open_in_maps(step, i);
            else if constexpr (std::is_same_v<I, intent::CallControl>) on_call_control(step, i);
        },
        intent);
}

}  // namespace
}  // namespace detail

Commands update(State& state, const Event& event, TimeMs now) {
    Commands out;
    detail::Step step{state, now, out};
    std::visit(
        [&](const auto& e) {
            using E = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<E, ev::Started>) detail::on_started(step, e);
            else if constexpr (std::is_same_v<E, ev::SocketOpened>) detail::on_socket_opened(step);
            else if constexpr (std::is_same_v<E, ev::SocketClosed>) detail::on_socket_closed(step, e);
            else if constexpr (std::is_same_v<E, ev::ServerFrame>) detail::on_server(step, e.message);
            else if constexpr (std::is_same_v<E, ev::BadServerFrame>)
                step.notice("bad_server_frame", "The server sent a frame this desktop cannot read: " + e.error.message);
            else if constexpr (std::is_same_v<E, ev::VisibilityChanged>) state.page_visible = e.visible;
            else if constexpr (std::is_same_v<E, ev::FileIo>) detail::on_file_io(step, e.report);
            else if constexpr (std::is_same_v<E, ev::Tick>) {
                detail::tick_reconnect(step);
                detail::tick_offers(step);
                detail::tick_typing(step);
                detail::tick_calls(step);
            } else if constexpr (std::is_same_v<E, ev::CallMediaReport>) detail::on_call_media(step, e.report);
            else detail::on_intent(step, e);
        },
        event);
    detail::after_step(step);
    return out;
}

}  // namespace desk
