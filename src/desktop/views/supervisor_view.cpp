// A supervisor's overview in the chat column (widened over the customer column, desktop_view.cpp): the live chats
// (flagged first, with their reply timers and the supervisors on them; Watch, Take over), the queue (longest
// waiting first) and the agents (state, time in it, load). And the entries atop the conversation list that switch
// between the overview, the watched chat and the supervisor's own chats. Timers use the server's clock.
#include <string>

#include "imgui.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/icons.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

namespace {

constexpr ImGuiTableFlags kTableFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
    ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;

std::string names_of(const std::vector<proto::AgentRef>& refs) {
    std::string names;
    for (const auto& ref : refs) names += (names.empty() ? "" : ", ") + ref.display_name;
    return names;
}

void wrapped(const std::string& text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    ImGui::PopTextWrapPos();
}

// The wait for a reply as a clock: a red pill once overdue (the desktop's one threshold), muted before.
void reply_timer(const State& s, const Palette& p, std::int64_t since, TimeMs server_time) {
    const std::string label = timer_label(server_time - static_cast<double>(since));
    if (reply_wait_overdue(static_cast<TimeMs>(since), s.settings, server_time))
        pill(label, p.badge_bg, p.badge_text);
    else
        soft_pill(label, p.muted);
}

void draw_live_chats(const State& s, const proto::SupervisorOverview& overview, TimeMs server_time, Intents& intents) {
    const Palette& p = palette(s.theme);
    const auto& watched = s.supervision.watched;
    const bool online = can_send_now(s);
    const bool takeover_free = s.supervision.overview.takeover_chat_id.empty();
    if (overview.chats.empty()) {
        ImGui::TextDisabled("No live chats.");
        return;
    }
    if (!ImGui::BeginTable("##live_chats", 6, kTableFlags)) return;
    ImGui::TableSetupColumn("Flag", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("Customer", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("Agent", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Awaiting reply", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("Supervisors", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthFixed,
                            buttons_width({{icons::kEye, "Stop watching"}}) + ImGui::GetStyle().CellPadding.x * 2);
    ImGui::TableHeadersRow();
    for (const auto& chat : overview.chats) {
        ImGui::PushID(chat.chat_id.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (chat.flag) {
            icon_text(icons::kFlag, p.danger, chat.flag->reason.empty() ? "Flagged" : "Flagged:");
            if (!chat.flag->reason.empty()) wrapped(chat.flag->reason);
        } else {
            ImGui::TextDisabled("-");
        }
        ImGui::TableNextColumn();
        wrapped(chat.customer_name);
        if (chat.status != proto::ChatStatus::active) ImGui::TextDisabled("Ended: wrap-up");
        ImGui::TableNextColumn();
        wrapped(chat.agent ? chat.agent->display_name : "-");
        ImGui::TableNextColumn();
        if (chat.awaiting_reply_since)
            reply_timer(s, p, *chat.awaiting_reply_since, server_time);
        else
            ImGui::TextDisabled("-");
        ImGui::TableNextColumn();
        if (!chat.barged_in.empty()) wrapped(names_of(chat.barged_in) + " (joined)");
        if (!chat.watchers.empty()) wrapped(names_of(chat.watchers) + " (watching)");
        if (chat.barged_in.empty() && chat.watchers.empty()) ImGui::TextDisabled("-");
        ImGui::TableNextColumn();
        // Stable labels per chat: browser tests find the buttons by them.
        const std::string id = chat.chat_id;
        const bool own = s.find_chat(id) != nullptr;
        if (own) {
            if (ImGui::SmallButton(("Open##" + id).c_str())) intents.push_back(intent::SelectChat{id});
        } else if (watched.open() && watched.chat.id == id) {
            if (ImGui::SmallButton(("Stop watching##" + id).c_str())) intents.push_back(intent::StopWatching{});
        } else {
            ImGui::BeginDisabled(!online || chat.status != proto::ChatStatus::active);
            if (ImGui::SmallButton(("Watch##" + id).c_str())) intents.push_back(intent::WatchChat{id});
            ImGui::EndDisabled();
        }
        if (!own) {
            ImGui::BeginDisabled(!online || !takeover_free || chat.status != proto::ChatStatus::active);
            if (ImGui::SmallButton(("Take over##" + id).c_str())) intents.push_back(intent::TakeOver{id});
            ImGui::EndDisabled();
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void draw_queue(const State& s, const proto::SupervisorOverview& overview, TimeMs server_time, Intents& intents) {
    if (overview.queue.empty()) {
        ImGui::TextDisabled("Nobody is waiting.");
        return;
    }
    if (!ImGui::BeginTable("##queue", 4, kTableFlags)) return;
    ImGui::TableSetupColumn("Customer", ImGuiTableColumnFlags_WidthStretch, 1.5f);
    ImGui::TableSetupColumn("Waiting", ImGuiTableColumnFlags_WidthStretch, 0.6f);
    ImGui::TableSetupColumn("Position", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthFixed,
                            buttons_width({"Stop watching"}) + ImGui::GetStyle().CellPadding.x * 2);
    ImGui::TableHeadersRow();
    const Palette& p = palette(s.theme);
    const auto& watched = s.supervision.watched;
    for (const auto& q : overview.queue) {
        ImGui::PushID(q.chat_id.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        wrapped(q.customer_name);
        if (q.verified) {
            ImGui::SameLine();
            soft_pill("Verified", p.ok);
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(timer_label(server_time - static_cast<double>(q.queued_at)).c_str());
        ImGui::TableNextColumn();
        if (q.offered_to)
            wrapped("Ringing at " + q.offered_to->display_name);
        else
            ImGui::Text("%lld in line", static_cast<long long>(q.position));
        ImGui::TableNextColumn();
        // A queued chat can be watched (what the customer wrote while waiting), not taken over.
        if (watched.open() && watched.chat.id == q.chat_id) {
            if (ImGui::SmallButton(("Stop watching##" + q.chat_id).c_str())) intents.push_back(intent::StopWatching{});
        } else {
            ImGui::BeginDisabled(!can_send_now(s));
            if (ImGui::SmallButton(("Watch##" + q.chat_id).c_str())) intents.push_back(intent::WatchChat{q.chat_id});
            ImGui::EndDisabled();
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void draw_agents(const State& s, const proto::SupervisorOverview& overview, TimeMs server_time) {
    const Palette& p = palette(s.theme);
    if (!ImGui::BeginTable("##agents", 4, kTableFlags)) return;
    ImGui::TableSetupColumn("Agent", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("Time in state", ImGuiTableColumnFlags_WidthStretch, 0.7f);
    ImGui::TableSetupColumn("Chats", ImGuiTableColumnFlags_WidthStretch, 0.5f);
    ImGui::TableHeadersRow();
    for (const auto& a : overview.agents) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        wrapped(a.role == proto::AccountRole::supervisor ? a.display_name + " (supervisor)" : a.display_name);
        ImGui::TableNextColumn();
        if (!a.online)
            ImGui::TextDisabled("Offline");
        else if (a.presence.state == proto::PresenceState::ready)
            colored_text(p.ok, "Ready");
        else
            colored_text(p.warning, a.presence.reason.empty() ? "Not Ready" : "Not Ready: " + a.presence.reason);
        ImGui::TableNextColumn();
        // since 0: the account has not changed state since the server started (offline since before it).
        if (a.presence_since > 0)
            ImGui::TextUnformatted(timer_label(server_time - static_cast<double>(a.presence_since)).c_str());
        else
            ImGui::TextDisabled("-");
        ImGui::TableNextColumn();
        ImGui::Text("%lld/%lld", static_cast<long long>(a.load), static_cast<long long>(a.capacity));
    }
    ImGui::EndTable();
}

std::size_t flagged_count(const proto::SupervisorOverview& overview) {
    std::size_t flagged = 0;
    for (const auto& chat : overview.chats) flagged += chat.flag.has_value();
    return flagged;
}

std::string more_note(std::int64_t total, std::size_t shown) {
    return total > static_cast<std::int64_t>(shown)
        ? " (" + std::to_string(shown) + " of " + std::to_string(total) + " shown)"
        : "";
}

}  // namespace

void draw_supervisor_overview(const State& s, UiState& ui, Intents& intents) {
    const auto& latest = s.supervision.overview.latest;
    ImGui::TextUnformatted("Supervisor");
    if (!latest) {
        ImGui::TextDisabled("Waiting for the overview from the server\xE2\x80\xA6");
        return;
    }
    const proto::SupervisorOverview& overview = *latest;
    const TimeMs server_time = server_now(s, ui.now);
    ImGui::SameLine();
    ImGui::TextDisabled("%lld queued \xC2\xB7 %zu live \xC2\xB7 %zu flagged",
                        static_cast<long long>(overview.queue_total), static_cast<std::size_t>(overview.chats_total),
                        flagged_count(overview));
    ImGui::Separator();
    // One scrolling region: every table keeps its full width and rows, and a short screen scrolls instead of
    // cutting the last table off.
    ImGui::BeginChild("##supervisor_overview", ImVec2(0, 0));
    ImGui::SeparatorText(("Live chats" + more_note(overview.chats_total, overview.chats.size())).c_str());
    draw_live_chats(s, overview, server_time, intents);
    ImGui::SeparatorText(("Queue" + more_note(overview.queue_total, overview.queue.size())).c_str());
    draw_queue(s, overview, server_time, intents);
    ImGui::SeparatorText("Agents");
    draw_agents(s, overview, server_time);
    ImGui::EndChild();
}

void draw_supervisor_entries(const State& s, UiState&, Intents& intents) {
    const auto& sup = s.supervision;
    const Palette& p = palette(s.theme);
    const float height = ImGui::GetTextLineHeightWithSpacing() * 2;
    const auto entry = [&](const char* label, SupervisorPane pane, const std::string& title, const std::string& line,
                           ImVec4 line_color) {
        const ImVec2 start = ImGui::GetCursorPos();
        if (ImGui::Selectable(label, sup.pane == pane, ImGuiSelectableFlags_AllowOverlap, ImVec2(0, height)))
            intents.push_back(intent::ShowSupervisorPane{pane});
        ImGui::SetCursorPos(start);
        ImGui::BeginGroup();
        ImGui::TextUnformatted(title.c_str());
        colored_text(line_color, line);
        ImGui::EndGroup();
        ImGui::SetCursorPos(ImVec2(start.x, start.y + height + ImGui::GetStyle().ItemSpacing.y));
        ImGui::Separator();
    };
    std::string summary = "Waiting for the server";
    ImVec4 summary_color = p.muted;
    if (const auto& o = sup.overview.latest) {
        const std::size_t flagged = flagged_count(*o);
        summary = std::to_string(o->queue_total) + " queued \xC2\xB7 " + std::to_string(o->chats_total) + " live";
        if (flagged > 0) {
            summary += " \xC2\xB7 " + std::to_string(flagged) + " flagged";
            summary_color = p.danger;
        }
    }
    entry("##pane-overview", SupervisorPane::overview, "Supervisor overview", summary, summary_color);
    if (sup.watched.open())
        entry("##pane-watched", SupervisorPane::watched, "Watching " + sup.watched.customer_name,
              sup.watched.agent_name.empty() ? "-" : "with " + sup.watched.agent_name, p.muted);
}

}  // namespace desk
