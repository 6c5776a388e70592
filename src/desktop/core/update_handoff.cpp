// Handing a chat on: transfer to another agent, end it, file the wrap-up.
#include <algorithm>

#include "desktop/core/update_internal.hpp"
#include "protocol/utf8.hpp"

namespace desk::detail {

void on_load_agents(Step& step) {
    if (!can_send_now(step.s) || step.s.agents_loading) return;
    step.s.agents_loading = true;
    step.send(proto::AgentsList{step.request(RequestKind::agents)});
}

void on_agents(Step& step, const proto::AgentsReply& reply) {
    auto& s = step.s;
    s.pending.erase(reply.rid);
    s.agents_loading = false;
    s.agents.clear();
    for (const auto& agent : reply.agents) {
        if (s.agent && agent.id == s.agent->id) continue;  // not a transfer target
        step.glyphs(agent.display_name);
        s.agents.push_back(agent);
    }
}

void on_transfer(Step& step, const intent::TransferChat& i) {
    Chat* chat = step.s.find_chat(i.chat_id);
    if (!chat || chat->transfer_pending || chat->status != proto::ChatStatus::active) return;
    if (!can_send_now(step.s)) {
        step.notice("offline", "Cannot transfer while offline.", chat->id);
        return;
    }
    chat->transfer_pending = true;
    step.send(proto::ChatTransfer{step.request(RequestKind::transfer, chat->id), chat->id, i.to_agent_id});
}

void on_transfer_failed(Step& step, const proto::TransferFailed& f) {
    Chat* chat = step.s.find_chat(f.chat_id);
    if (!chat) return;
    chat->transfer_pending = false;
    step.notice("transfer_failed",
                "Transfer of the chat with " + chat->customer.name + " failed (" +
                    std::string(proto::to_string(f.reason)) + "); the chat stays with you.",
                chat->id);
}

void on_end(Step& step, const intent::EndChat& i) {
    Chat* chat = step.s.find_chat(i.chat_id);
    if (!chat || chat->end_requested || chat->status != proto::ChatStatus::active) return;
    if (!can_send_now(step.s)) {
        step.notice("offline", "Cannot end the chat while offline.", chat->id);
        return;
    }
    chat->end_requested = true;
    step.send(proto::ChatEnd{step.request(RequestKind::end, chat->id), chat->id, "resolved"});
}

void on_wrapup(Step& step, const intent::FileWrapup& i) {
    auto& s = step.s;
    Chat* chat = s.find_chat(i.chat_id);
    if (!chat || chat->wrapup_pending || chat->status != proto::ChatStatus::ended) return;
    const auto& allowed = s.config.dispositions;
    if (std::find(allowed.begin(), allowed.end(), i.disposition) == allowed.end()) {
        step.notice("invalid_field", "Choose a disposition.", chat->id);
        return;
    }
    if (const auto chars = proto::utf8::count_code_points(i.notes);
        !chars || static_cast<std::int64_t>(*chars) > s.limits.max_text_chars) {
        step.notice("too_large",
                    "The notes are longer than " + std::to_string(s.limits.max_text_chars) + " characters.", chat->id);
        return;
    }
    if (!can_send_now(s)) {
        step.notice("offline", "The wrap-up can be filed once the connection is back.", chat->id);
        return;
    }
    chat->wrapup_pending = true;
    step.send(proto::ChatWrapup{step.request(RequestKind::wrapup, chat->id), chat->id, i.disposition, i.notes});
}

void on_chat_removed(Step& step, const proto::ChatRemoved& r) {
    const Chat* chat = step.s.find_chat(r.chat_id);
    if (!chat) return;
    if (r.reason == proto::ChatRemovedReason::transferred)
        step.notice("transferred", "The chat with " + chat->customer.name + " was transferred.");
    remove_chat(step, r.chat_id);
}

}  // namespace desk::detail
