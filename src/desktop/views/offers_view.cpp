// Ringing offers: customer, channel, first message, countdown, Accept (with its shortcut) and Decline.
#include <cstdio>

#include "imgui.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

void draw_offers(const State& s, UiState& ui, Intents& intents) {
    if (s.offers.empty()) return;
    const Palette& p = palette(s.theme);
    const bool online = can_send_now(s);

    // The shortcut accepts the oldest offer not yet answered.
    if (online && ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiMod_Shift | ImGuiKey_A)) {
        for (const auto& offer : s.offers)
            if (!offer.responding) {
                intents.push_back(intent::AcceptOffer{offer.offer_id});
                break;
            }
    }

    for (std::size_t slot = 0; slot < s.offers.size(); ++slot) {
        const Offer& offer = s.offers[slot];
        ImGui::PushStyleColor(ImGuiCol_ChildBg, p.ringing_bg);
        const float height =
            ImGui::GetTextLineHeightWithSpacing() * 3 + ImGui::GetStyle().WindowPadding.y * 2 + ImGui::GetFrameHeight();
        // The card's child window is named by its slot, not by the offer: ImGui keeps every window it ever saw, and
        // a window per offer would grow the heap by ~15 KB for each chat of a shift. The buttons inside are keyed
        // by the offer, so a click never lands on the offer that moved into the slot.
        ImGui::PushID(static_cast<int>(slot));
        ImGui::BeginChild("##offer", ImVec2(0, height), ImGuiChildFlags_Border);
        ImGui::PushID(offer.offer_id.c_str());
        const std::string title = offer.transfer_from.empty()
            ? "Incoming chat: " + offer.chat.customer.name
            : "Transfer from " + offer.transfer_from + ": " + offer.chat.customer.name;
        colored_text(p.warning, title);
        ImGui::SameLine();
        ImGui::TextDisabled("(%d s)", seconds_left(offer.expires_at, ui.now));
        const std::string channel =
            "Mobile app" + (offer.chat.customer.app.empty() ? std::string() : " - " + offer.chat.customer.app);
        ImGui::TextUnformatted(channel.c_str());
        const std::string first = offer.first_message.empty() ? "(no message yet)" : offer.first_message;
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(first.c_str());  // one line of it: the card is fixed height, the rest is clipped
        ImGui::PopTextWrapPos();
        char accept[64];
        std::snprintf(accept, sizeof accept, "Accept (%s)", kAcceptShortcutLabel);
        if (button_if(online && !offer.responding, accept)) intents.push_back(intent::AcceptOffer{offer.offer_id});
        ImGui::SameLine();
        if (button_if(online && !offer.responding, "Decline")) intents.push_back(intent::DeclineOffer{offer.offer_id});
        ImGui::PopID();
        ImGui::EndChild();
        ImGui::PopID();
        ImGui::PopStyleColor();
    }
}

}  // namespace desk
