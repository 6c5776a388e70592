// An earlier chat of a verified customer, read-only in the chat column: what it was (date, agent, disposition,
// notes), the way back to the live chat, and its transcript with photos and locations; no composer.
#include <algorithm>

#include "imgui.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/views/icons.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

void draw_past_chat(const State& s, UiState& ui, Intents& intents) {
    const Palette& p = palette(s.theme);
    const PastChatViewer& viewer = s.history.viewer;
    const proto::PastChat& entry = viewer.entry;
    if (icon_button(icons::kBack, "Back to the live chat")) intents.push_back(intent::ClosePastChat{});
    ImGui::SameLine();
    soft_pill("Earlier chat, read-only", p.muted);
    std::string title = date_time_label(static_cast<TimeMs>(entry.created_at));
    if (entry.agent) title += " \xC2\xB7 " + entry.agent->display_name;
    title += " \xC2\xB7 " + entry.disposition.value_or(std::string(proto::to_string(entry.status)));
    ImGui::TextUnformatted(title.c_str());
    if (!entry.notes.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        colored_text(p.muted, "Notes: " + entry.notes);
        ImGui::PopTextWrapPos();
    }
    if (!viewer.error.empty()) colored_text(p.warning, viewer.error);
    if (viewer.chat.last_seq() < viewer.chat.server_last_seq && viewer.error.empty())
        ImGui::TextDisabled("Loading the chat\xE2\x80\xA6 (%lld of %lld)",
                            static_cast<long long>(viewer.chat.last_seq()),
                            static_cast<long long>(viewer.chat.server_last_seq));
    ImGui::Separator();
    draw_transcript(s, viewer.chat, ui, intents, std::max(80.0f, ImGui::GetContentRegionAvail().y));
}

}  // namespace desk
