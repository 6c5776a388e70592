// Shared by the update_*.cpp files only: one update step's context and the handlers each file defines.
#pragma once

#include <string>

#include "desktop/core/update.hpp"
#include "protocol/codec.hpp"

namespace desk::detail {

// One call of update(): the state, the time, and the commands collected so far.
struct Step {
    State& s;
    TimeMs now;
    Commands& out;

    // A fresh rid, remembered so the answer can be matched.
    std::string request(RequestKind kind, std::string chat_id = {}, std::string offer_id = {},
                        std::string client_id = {});
    template <class Message>
    void send(const Message& message) {
        out.push_back(cmd::SendFrame{proto::encode(message)});
    }
    void notice(std::string code, std::string message, std::string chat_id = {});
    void glyphs(const std::string& text) {
        if (!text.empty()) out.push_back(cmd::NeedGlyphs{text});
    }
};

// update_connection.cpp
void on_started(Step&, const ev::Started&);
void on_socket_opened(Step&);
void on_socket_closed(Step&, const ev::SocketClosed&);
void tick_reconnect(Step&);
void finish_logout(Step&, std::string login_message);

// update_branding.cpp
void start_logo_load(Step&);  // at start, when branding.logoUrl is set
void on_logo_loaded(Step&, const ev::LogoLoaded&);
void on_logo_failed(Step&, const ev::LogoFailed&);

// update_session.cpp
void on_login(Step&, const intent::Login&);
void on_logout(Step&);
void on_welcome(Step&, const proto::AgentWelcome&);
void on_stored_value(Step&, const ev::StoredValue&);  // the agent's stored column widths
void on_set_presence(Step&, proto::PresenceState, std::string reason);
void on_presence(Step&, const proto::PresenceUpdate&);

// update_offers.cpp
void on_offer(Step&, const proto::Offer&);
void on_offer_revoked(Step&, const proto::OfferRevoked&);
void on_accept(Step&, const std::string& offer_id);
void on_decline(Step&, const std::string& offer_id);
void on_chat_assigned(Step&, const proto::ChatAssigned&);
void tick_offers(Step&);
void remove_offer(Step&, const std::string& offer_id);

// update_chats.cpp
Chat chat_from_summary(const proto::ChatSummary&);
void merge_summary(Chat&, const proto::ChatSummary&);
void request_sync(Step&, Chat&);
void on_event(Step&, const proto::EventPush&);
void on_synced(Step&, const proto::ChatSynced&);
void on_receipt(Step&, const proto::ReceiptPush&);
void on_typing(Step&, const proto::TypingPush&);
void on_draft_edited(Step&, const intent::DraftEdited&);
void select_chat(Step&, const std::string& chat_id);
void remove_chat(Step&, const std::string& chat_id);
void tick_typing(Step&);
void after_step(Step&);  // marks, title and timers, once per update

// update_outbox.cpp
void on_send_text(Step&, const intent::SendText&);
void on_ack(Step&, const proto::Ack&);
void on_send_refused(Step&, const PendingRequest&, const proto::Error&);
void on_retry(Step&, const std::string& client_id);
void on_discard(Step&, const std::string& client_id);
void on_request_location(Step&, const std::string& chat_id);
void flush_outbox(Step&);
void outbox_on_disconnect(State&);
void outbox_on_applied(State&, const Chat&, const ChatEvent&);

// update_handoff.cpp: transfer, end, wrap-up
void on_load_agents(Step&);
void on_agents(Step&, const proto::AgentsReply&);
void on_transfer(Step&, const intent::TransferChat&);
void on_transfer_failed(Step&, const proto::TransferFailed&);
void on_end(Step&, const intent::EndChat&);
void on_wrapup(Step&, const intent::FileWrapup&);
void on_chat_removed(Step&, const proto::ChatRemoved&);

// update_map.cpp: per-chat location track, location requests, map focus
void map_append_position(Chat&, const proto::Location&, double ts, std::int64_t seq, std::size_t limit);
void map_on_event(Step&, Chat&, const proto::Event&, ChatEvent& row);  // location / location_request events
void on_show_on_map(Step&, const intent::ShowOnMap&);
void on_open_in_maps(Step&, const intent::OpenInMaps&);

// update_calls.cpp: consent requests, phone and WebRTC calls (one at a time), media bridge reports
void on_call_control(Step&, const intent::CallControl&);
void on_rtc_signal(Step&, const proto::RtcSignalPush&);
void on_call_media(Step&, const CallMediaEvent&);
void calls_on_event(Step&, Chat&, const proto::Event&);  // call events, and the chat's end, seen in the log
void calls_on_ack(Step&, const proto::Ack&);
void calls_on_refused(Step&, const PendingRequest&, const proto::Error&);  // a call event or signal refused
void calls_on_welcome(Step&);                                              // resend unacknowledged call events
void calls_on_chat_removed(Step&, const std::string& chat_id);
void tick_calls(Step&);
double next_call_deadline(const State&, TimeMs now);  // the next timer or duration label change

// update_files.cpp: uploads, photo textures, viewer, downloads
void on_file_intent(Step&, const Intent&);
void on_file_io(Step&, const FileIoReport&);
void files_after_step(Step&);  // uploads and image loads to start, textures to free (once per update)

// update_history.cpp: verified customers' earlier chats (Contact Info's list, the read-only viewer)
ChatEvent event_row(Step&, const proto::Event&);  // update_chats.cpp: an event as the transcript shows it
void on_history(Step&, const proto::HistoryReply&);
void on_open_past_chat(Step&, const intent::OpenPastChat&);
void close_past_chat(Step&);
void on_reload_history(Step&, const std::string& chat_id);  // "Try again" after a refusal
bool past_chat_event(Step&, const proto::EventPush&);       // true when it was the viewer's (and handled)
bool past_chat_synced(Step&, const proto::ChatSynced&);     // the same for its sync pages
void history_on_refused(Step&, const PendingRequest&, const proto::Error&);
void history_on_chat_removed(Step&, const std::string& chat_id);
void history_after_step(Step&);  // asks for the history of newly held verified chats

// update_supervision.cpp: the supervisor's overview and watched chat; every held chat's internal side
void on_overview(Step&, const proto::SupervisorOverview&);
void on_internal_push(Step&, const proto::InternalPush&);
void on_internal_page(Step&, const proto::InternalPage&);
void on_chat_watchers(Step&, const proto::ChatWatchers&);
void on_watch_chat(Step&, const std::string& chat_id);
void on_stop_watching(Step&);
void on_edit_whisper(Step&, const intent::EditWhisper&);
void on_send_whisper(Step&, const intent::SendWhisper&);
void on_barge_in(Step&, const std::string& chat_id);
void on_take_over(Step&, const std::string& chat_id);
void on_show_supervisor_pane(Step&, SupervisorPane);
void on_flag_chat(Step&, const intent::FlagChat&);
bool is_watched_chat(const State&, const std::string& chat_id);  // the watched chat (not one of our own)
Chat* barged_in_chat(State&, const std::string& chat_id);   // the watched chat, while the supervisor may write to it
bool watched_chat_event(Step&, const proto::EventPush&);    // true when it was the watched chat's (and handled)
bool watched_chat_synced(Step&, const proto::ChatSynced&);  // the same for its sync pages
void supervision_on_ok(Step&, const PendingRequest&, const std::string& rid);
void supervision_on_refused(Step&, const PendingRequest&, const proto::Error&);
void supervision_on_disconnect(State&);
void supervision_on_welcome(State&);  // the supervisors on each held chat are told again by the new session
void supervision_after_step(Step&);   // re-watch, pages to continue, internal streams to ask, takeovers done
double next_supervision_deadline(const State&, TimeMs now);  // the overview's next timer label change

// update_replies.cpp: `ok` and `error` answers routed by rid
void on_ok(Step&, const proto::Ok&);
void on_error(Step&, const proto::ErrorReply&);

}  // namespace desk::detail
