// After a restart: open chats come back from storage with their logs' state, clientIds, receipts, context and
// last location, and routing resumes. Offered chats go back to the queue (their offers died with the process).
#include "hub_state.hpp"
#include "log.hpp"

#include <limits>

namespace server {

std::optional<std::string> HubState::restore() {
    const auto counters = storage.load_id_counters();
    nextChatNumber = counters.chat;
    nextFileNumber = counters.file;
    for (const auto& agent : storage.list_agents()) agents[agent.id].record = agent;
    std::size_t restored = 0;
    for (const auto& record : storage.load_open_chats()) {
        restore_chat(record);
        ++restored;
    }
    log_event("restored", {{"chats", restored}, {"queued", router.waiting_count()}, {"assigned", router.assigned_count()}});
    return std::nullopt;
}

void HubState::restore_chat(const ChatRecord& record) {
    const auto now_ms = now();
    ChatLive chat;
    chat.id = record.id;
    chat.createdAt = record.createdAt;
    chat.assignedAt = record.assignedAt;
    chat.endedAt = record.endedAt;
    chat.agentId = record.agentId;
    chat.customerGoneSince = now_ms;  // nobody is connected after a restart
    // The customer object is stored as the ChatSummary's; reuse the codec to read it back.
    nlohmann::json summary_json = {{"chatId", record.id}, {"status", record.status}, {"createdAt", record.createdAt},
                                   {"assignedAt", nullptr}, {"endedAt", nullptr},
                                   {"customer", nlohmann::json::parse(record.customerJson, nullptr, false)},
                                   {"context", nlohmann::json::parse(record.contextJson, nullptr, false)},
                                   {"agent", nullptr}, {"lastSeq", 0}, {"lastLocation", nullptr}};
    auto parsed = proto::chat_summary_from_json(summary_json);
    if (!parsed) {
        log_event("restore_skipped", {{"chat", record.id}, {"error", parsed.error().message}});
        return;
    }
    chat.customer = parsed.value().customer;

    core::ChatLogState state;
    state.status = parsed.value().status;
    if (state.status == proto::ChatStatus::offered) state.status = proto::ChatStatus::queued;
    state.context = parsed.value().context;
    for (const auto& receipt : storage.load_receipts(record.id)) {
        auto& marks = receipt.role == "customer" ? state.receipts.customer : state.receipts.agent;
        marks = {receipt.delivered, receipt.read};
    }
    const auto events = storage.load_events(record.id, 0, std::numeric_limits<std::int64_t>::max());
    std::vector<std::pair<proto::Author, std::pair<std::string, core::Stamp>>> client_ids;
    const core::ChatLogSettings settings{config.limits.max_context_entries, config.limits.max_context_value_chars};
    for (const auto& stored : events) {
        auto event = proto::event_from_json(nlohmann::json::parse(stored.json, nullptr, false));
        if (!event) {
            log_event("restore_event_unreadable", {{"chat", record.id}, {"seq", stored.seq}});
            continue;
        }
        const auto& e = event.value();
        state.last_seq = std::max(state.last_seq, e.seq);
        state.last_ts = std::max(state.last_ts, e.ts);
        if (e.client_id) client_ids.push_back({e.author, {*e.client_id, core::Stamp{e.seq, e.ts}}});
        if (const auto* context = std::get_if<proto::ContextBody>(&e.body)) {
            // Replaying merges in order gives the final context even over a row written mid-way (idempotent).
            auto merged = core::merge_context(state.context, context->values, settings);
            if (merged) state.context = merged.value();
        } else if (const auto* location = std::get_if<proto::LocationBody>(&e.body)) {
            chat.lastLocation = proto::TimedLocation{location->location, e.ts};
        } else if (const auto* text = std::get_if<proto::TextBody>(&e.body)) {
            if (e.author.role == proto::Role::customer && chat.firstMessage.empty()) chat.firstMessage = text->text;
        } else if (const auto* file = std::get_if<proto::FileBody>(&e.body)) {
            if (e.client_id) {
                chat.uploads[upload_key(e.author, *e.client_id)] = {
                    e.seq, nlohmann::json{{"seq", e.seq}, {"ts", e.ts}, {"file", proto::to_json(file->file)}}.dump()};
            }
        }
    }
    // Receipts never point past the log (a crash may have kept a mark but not a later event: impossible with one
    // FIFO writer, but cheap to guard).
    for (auto* marks : {&state.receipts.customer, &state.receipts.agent}) {
        marks->delivered = std::min(marks->delivered, state.last_seq);
        marks->read = std::min(marks->read, state.last_seq);
    }
    chat.log = core::ChatLog(settings, state);
    for (const auto& [author, entry] : client_ids) chat.log.remember_client_id(author, entry.first, entry.second);

    // Find the customer's token hash for this chat is not needed: sessions are looked up by token.
    const std::string id = chat.id;
    const auto status = chat.log.status();
    auto [it, inserted] = chats.emplace(id, std::move(chat));
    if (!inserted) return;
    ChatLive& live = it->second;
    if (status == proto::ChatStatus::queued) {
        apply_outcome(router.chat_queued(id, now_ms, live.createdAt), 0, {}, false);
        if (parsed.value().status == proto::ChatStatus::offered) persist_chat(live);
    } else if (status == proto::ChatStatus::active && !live.agentId.empty()) {
        const auto agent = agents.find(live.agentId);
        const std::string name = agent != agents.end() ? agent->second.record.displayName : live.agentId;
        apply_outcome(router.chat_assignment_restored(id, {live.agentId, name, std::nullopt}, now_ms), 0, {}, false);
        agents[live.agentId].chats.insert(id);
    } else if (status == proto::ChatStatus::ended && !live.agentId.empty()) {
        agents[live.agentId].chats.insert(id);  // waiting for its wrap-up
    } else if (status == proto::ChatStatus::ended) {
        // Ended before anyone took it (a crash between `ended` and closing): close it now.
        if (live.log.transition(proto::ChatStatus::closed)) persist_chat(live);
        chats.erase(it);
    }
}

}  // namespace server
