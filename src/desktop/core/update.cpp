// update(): routes each event to its handler (update_*.cpp, one file per feature), then runs the per-step
// bookkeeping (read marks, tab title, timers) once.
#include <algorithm>

#include "core/overloaded.hpp"
#include "desktop/core/update_internal.hpp"

namespace desk {

const Chat* State::find_chat(const std::string& id) const {
    auto it = std::find_if(chats.begin(), chats.end(), [&](const Chat& c) { return c.id == id; });
    return it == chats.end() ? nullptr : &*it;
}
Chat* State::find_chat(const std::string& id) {
    return const_cast<Chat*>(static_cast<const State&>(*this).find_chat(id));
}
const Chat* State::find_readable_chat(const std::string& id) const {
    if (const Chat* held = find_chat(id)) return held;
    if (supervision.watched.open() && supervision.watched.chat.id == id) return &supervision.watched.chat;
    return history.viewer.open() && history.viewer.chat.id == id ? &history.viewer.chat : nullptr;
}
std::int64_t State::total_unread() const {
    std::int64_t total = 0;
    for (const auto& chat : chats) total += chat.unread;
    return total;
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
    // One lambda per message: a message added to the protocol does not compile until the desktop decides.
    const auto ignore = [&](std::string_view type) {
        // Customer-side messages (customer.welcome, queue) never reach an agent's socket from a correct server;
        // not worth the agent's attention, but visible in the notices for diagnosis.
        step.notice("ignored", "Ignored server message: " + std::string(type));
    };
    std::visit(core::Overloaded{
                   [&](const proto::AgentWelcome& m) { on_welcome(step, m); },
                   [&](const proto::CustomerWelcome&) { ignore("customer.welcome"); },
                   [&](const proto::QueueUpdate&) { ignore("queue"); },
                   [&](const proto::Ok& m) { on_ok(step, m); },
                   [&](const proto::ErrorReply& m) { on_error(step, m); },
                   [&](const proto::PresenceUpdate& m) { on_presence(step, m); },
                   [&](const proto::AgentsReply& m) { on_agents(step, m); },
                   [&](const proto::EventPush& m) { on_event(step, m); },
                   [&](const proto::Ack& m) { on_ack(step, m); },
                   [&](const proto::ChatSynced& m) { on_synced(step, m); },
                   [&](const proto::ReceiptPush& m) { on_receipt(step, m); },
                   [&](const proto::TypingPush& m) { on_typing(step, m); },
                   [&](const proto::RtcSignalPush& m) { on_rtc_signal(step, m); },
                   [&](const proto::OfferPush& m) { on_offer(step, m.offer); },
                   [&](const proto::OfferRevoked& m) { on_offer_revoked(step, m); },
                   [&](const proto::ChatAssigned& m) { on_chat_assigned(step, m); },
                   [&](const proto::ChatRemoved& m) { on_chat_removed(step, m); },
                   [&](const proto::TransferFailed& m) { on_transfer_failed(step, m); },
                   [&](const proto::SessionReplaced&) { step.s.session_replaced = true; },
                   [&](const proto::HistoryReply& m) { on_history(step, m); },
                   [&](const proto::InternalPush& m) { on_internal_push(step, m); },
                   [&](const proto::InternalPage& m) { on_internal_page(step, m); },
                   [&](const proto::ChatWatchers& m) { on_chat_watchers(step, m); },
                   [&](const proto::SupervisorOverview& m) { on_overview(step, m); },
               },
               message);
}

void on_toggle_theme(Step& step) {
    step.s.theme = step.s.theme == Theme::dark ? Theme::light : Theme::dark;
    step.out.push_back(cmd::StoreSet{kThemeKey, step.s.theme == Theme::dark ? "dark" : "light"});
}

// The agent's column widths are theirs alone: stored under their user name, loaded when they log in.
void on_resize_columns(Step& step, const ColumnWidths& widths) {
    step.s.columns = clamp_columns(widths);
    if (step.s.agent)
        step.out.push_back(cmd::StoreSet{columns_storage_key(step.s.agent->username), encode_columns(step.s.columns)});
}

void on_dismiss_notice(Step& step, std::size_t index) {
    if (index < step.s.notices.size())
        step.s.notices.erase(step.s.notices.begin() + static_cast<std::ptrdiff_t>(index));
}

// The files feature's intents go to its own handler as a group (update_files.cpp).
struct FileIntentRoute {
    Step& step;
    const Intent& intent;
    template <class I>
    requires is_file_intent_v<I>
    void operator()(const I&) const { on_file_intent(step, intent); }
};

void on_intent(Step& step, const Intent& intent) {
    // One lambda per intent (the files feature's intents go to its own handler as a group): an intent added to
    // intents.hpp does not compile until it is handled here.
    std::visit(
        core::Overloaded{
            [&](const intent::Login& i) { on_login(step, i); },
            [&](const intent::Logout&) { on_logout(step); },
            [&](const intent::SetReady&) { on_set_presence(step, proto::PresenceState::ready, ""); },
            [&](const intent::SetNotReady& i) { on_set_presence(step, proto::PresenceState::not_ready, i.reason); },
            [&](const intent::AcceptOffer& i) { on_accept(step, i.offer_id); },
            [&](const intent::DeclineOffer& i) { on_decline(step, i.offer_id); },
            [&](const intent::SelectChat& i) { select_chat(step, i.chat_id); },
            [&](const intent::DraftEdited& i) { on_draft_edited(step, i); },
            [&](const intent::SendText& i) { on_send_text(step, i); },
            [&](const intent::RetrySend& i) { on_retry(step, i.client_id); },
            [&](const intent::DiscardSend& i) { on_discard(step, i.client_id); },
            [&](const intent::RequestLocation& i) { on_request_location(step, i.chat_id); },
            [&](const intent::LoadAgents&) { on_load_agents(step); },
            [&](const intent::TransferChat& i) { on_transfer(step, i); },
            [&](const intent::EndChat& i) { on_end(step, i); },
            [&](const intent::FileWrapup& i) { on_wrapup(step, i); },
            [&](const intent::ToggleTheme&) { on_toggle_theme(step); },
            [&](const intent::ResizeColumns& i) { on_resize_columns(step, i.widths); },
            [&](const intent::CopyText& i) { step.out.push_back(cmd::ClipboardWrite{i.text}); },
            [&](const intent::DismissNotice& i) { on_dismiss_notice(step, i.index); },
            [&](const intent::ShowText& i) { step.glyphs(i.text); },
            [&](const intent::ShowOnMap& i) { on_show_on_map(step, i); },
            [&](const intent::OpenInMaps& i) { on_open_in_maps(step, i); },
            [&](const intent::CallControl& i) { on_call_control(step, i); },
            [&](const intent::OpenPastChat& i) { on_open_past_chat(step, i); },
            [&](const intent::ClosePastChat&) { close_past_chat(step); },
            [&](const intent::ReloadHistory& i) { on_reload_history(step, i.chat_id); },
            [&](const intent::WatchChat& i) { on_watch_chat(step, i.chat_id); },
            [&](const intent::StopWatching&) { on_stop_watching(step); },
            [&](const intent::EditWhisper& i) { on_edit_whisper(step, i); },
            [&](const intent::SendWhisper& i) { on_send_whisper(step, i); },
            [&](const intent::BargeIn& i) { on_barge_in(step, i.chat_id); },
            [&](const intent::TakeOver& i) { on_take_over(step, i.chat_id); },
            [&](const intent::ShowSupervisorPane& i) { on_show_supervisor_pane(step, i.pane); },
            [&](const intent::FlagChat& i) { on_flag_chat(step, i); },
            FileIntentRoute{step, intent},
        },
        intent);
}

}  // namespace
}  // namespace detail

Commands update(State& state, const Event& event, TimeMs now) {
    Commands out;
    detail::Step step{state, now, out};
    std::visit(core::Overloaded{
                   [&](const ev::Started& e) { detail::on_started(step, e); },
                   [&](const ev::SocketOpened&) { detail::on_socket_opened(step); },
                   [&](const ev::SocketClosed& e) { detail::on_socket_closed(step, e); },
                   [&](const ev::ServerFrame& e) { detail::on_server(step, e.message); },
                   [&](const ev::BadServerFrame& e) {
                       step.notice("bad_server_frame",
                                   "The server sent a frame this desktop cannot read: " + e.error.message);
                   },
                   [&](const ev::VisibilityChanged& e) { state.page_visible = e.visible; },
                   [&](const ev::FileIo& e) { detail::on_file_io(step, e.report); },
                   [&](const ev::StoredValue& e) { detail::on_stored_value(step, e); },
                   [&](const ev::Tick&) {
                       detail::tick_reconnect(step);
                       detail::tick_offers(step);
                       detail::tick_typing(step);
                       detail::tick_calls(step);
                   },
                   [&](const ev::CallMediaReport& e) { detail::on_call_media(step, e.report); },
                   [&](const ev::LogoLoaded& e) { detail::on_logo_loaded(step, e); },
                   [&](const ev::LogoFailed& e) { detail::on_logo_failed(step, e); },
                   [&](const Intent& i) { detail::on_intent(step, i); },
               },
               event);
    detail::after_step(step);
    return out;
}

}  // namespace desk
