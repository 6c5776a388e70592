#include "past_chats.hpp"

#include "protocol/utf8.hpp"

namespace server {

namespace {

// The first `max_chars` code points of valid UTF-8 text, with "…" when it was longer.
std::string first_code_points(const std::string& text, std::int64_t max_chars) {
    std::size_t at = 0;
    for (std::int64_t n = 0; n < max_chars && at < text.size(); ++n) {
        const std::size_t length = proto::utf8::sequence_length(text, at);
        at += length == 0 ? 1 : length;
    }
    return at >= text.size() ? text : text.substr(0, at) + "…";
}

}  // namespace

PastChats::PastChats(HubServices& services, Connections& connections, AgentRoster& roster, ChatPipeline& chats)
    : services_(services), connections_(connections), roster_(roster), chats_(chats) {}

void PastChats::history(SessionState& session, const proto::CustomerHistory& request) {
    ChatLive* chat = chats_.chat_for_request(session, request.chat_id, request.rid);
    if (!chat) return;
    if (!chat->customer.user_id)
        return connections_.send(session.id,
                                 proto::ServerMessage(proto::HistoryReply{request.rid, chat->id, false, {}}));
    services_.read([user_id = *chat->customer.user_id, chat_id = chat->id,
                    max_chats = services_.config.max_history_chats, lines = services_.config.history_preview_lines](
                       Storage& storage) { return storage.load_customer_history(user_id, chat_id, max_chats, lines); },
                   [this, id = session.id, rid = request.rid, chat_id = chat->id](std::vector<PastChatRecord> records) {
                       proto::HistoryReply reply{rid, chat_id, true, {}};
                       reply.chats.reserve(records.size());
                       for (const auto& record : records) reply.chats.push_back(past_chat(record));
                       connections_.send(id, proto::ServerMessage(std::move(reply)));
                   });
}

proto::PastChat PastChats::past_chat(const PastChatRecord& record) const {
    proto::PastChat past;
    past.chat_id = record.chat.id;
    past.status = proto::from_string<proto::ChatStatus>(record.chat.status).value_or(proto::ChatStatus::closed);
    past.created_at = record.chat.created_at;
    past.ended_at = record.chat.ended_at;
    past.agent = roster_.ref(record.chat.agent_id);
    if (record.wrapup) {
        past.disposition = record.wrapup->disposition;
        past.notes = record.wrapup->notes;
    }
    for (const auto& json : record.first_texts) {
        auto event = proto::event_from_json_text(json);
        if (!event) continue;  // unreadable rows are skipped, the rest still shows
        if (const auto* text = std::get_if<proto::TextBody>(&event.value().body))
            past.first_lines.push_back(first_code_points(text->text, proto::kPastChatLineChars));
    }
    past.last_seq = record.chat.last_seq;
    return past;
}

}  // namespace server
