// Ringing offers: customer, channel, what the customer wrote so far (latest first), countdown, Accept (with its
// shortcut) and Decline.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "imgui.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/icons.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

namespace {

// Lines of one text on the card: the latest may say why the customer is here, so it gets more room.
constexpr int kLatestTextLines = 3;
constexpr int kOlderTextLines = 2;
constexpr const char* kEllipsis = "...";  // ASCII: always in the font, whatever glyphs were loaded

// The start of the next line after a wrap at `at`: blanks are skipped, as ImGui's own wrapping does.
const char* skip_blanks(const char* at, const char* end) {
    while (at < end && (*at == ' ' || *at == '\t')) ++at;
    return at;
}

// `text` cut to the first `max_lines` lines it takes when wrapped at `width`, with an ellipsis when cut. Uses the
// font's own wrapping, so TextWrapped at the same width draws exactly these lines.
std::string clip_to_lines(const std::string& text, float width, int max_lines) {
    const ImFont* font = ImGui::GetFont();
    const float scale = ImGui::GetFontSize() / font->FontSize;
    const float ellipsis_width = ImGui::CalcTextSize(kEllipsis).x;
    const char* const begin = text.c_str();
    const char* const end = begin + text.size();
    const char* at = begin;
    for (int line = 0; line < max_lines && at < end; ++line) {
        const char* newline = static_cast<const char*>(std::memchr(at, '\n', static_cast<std::size_t>(end - at)));
        const char* line_end = newline ? newline : end;
        const bool last = line == max_lines - 1;
        // The last line keeps room for the ellipsis in case more follows.
        const float room = last ? std::max(1.0f, width - ellipsis_width) : width;
        const char* wrap = font->CalcWordWrapPositionA(scale, at, line_end, room);
        if (wrap == at && at < line_end) {  // not even one glyph fits: ImGui draws it anyway, so count it
            wrap = at + 1;
            while (wrap < line_end && (static_cast<unsigned char>(*wrap) & 0xC0) == 0x80) ++wrap;
        }
        if (last && wrap >= end) return text;  // everything fits
        if (last) return std::string(begin, wrap) + kEllipsis;
        at = wrap == line_end && newline ? newline + 1 : skip_blanks(wrap, end);
    }
    return text;
}

struct PreviewText {
    std::string text;
    bool latest = false;
};

// What the card shows below the channel: the customer's texts, latest first and clipped, or a line saying there
// is nothing yet. An offer from a server without customerTexts still shows its firstMessage.
std::vector<PreviewText> preview_of(const Offer& offer, float width) {
    std::vector<std::string> texts = offer.customer_texts;
    if (texts.empty() && !offer.first_message.empty()) texts.push_back(offer.first_message);
    std::vector<PreviewText> preview;
    preview.reserve(texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i)
        preview.push_back({clip_to_lines(texts[i], width, i == 0 ? kLatestTextLines : kOlderTextLines), i == 0});
    return preview;
}

}  // namespace

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
        // The card's child window is named by its slot, not by the offer: ImGui keeps every window it ever saw, and
        // a window per offer would grow the heap by ~15 KB for each chat of a shift. The buttons inside are keyed
        // by the offer, so a click never lands on the offer that moved into the slot. Its height follows what the
        // customer wrote (each text clipped to a few lines).
        ImGui::PushID(static_cast<int>(slot));
        ImGui::BeginChild("##offer", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY,
                          ImGuiWindowFlags_NoScrollbar);
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
        if (offer.chat.customer.verified()) {
            // A returning customer the contact center vouches for: their earlier chats are one click away.
            ImGui::SameLine();
            soft_pill("Verified customer", p.ok);
        }
        const auto preview = preview_of(offer, ImGui::GetContentRegionAvail().x);
        if (preview.empty()) {
            ImGui::TextDisabled("The customer has not written yet.");
        } else {
            // The latest text in the customer's colour, the older ones muted below it.
            ImGui::PushTextWrapPos(0);
            for (const auto& line : preview) {
                ImGui::PushStyleColor(ImGuiCol_Text, line.latest ? p.customer : p.muted);
                ImGui::TextUnformatted(line.text.c_str());
                ImGui::PopStyleColor();
            }
            ImGui::PopTextWrapPos();
        }
        char accept[64];
        std::snprintf(accept, sizeof accept, "Accept (%s)", kAcceptShortcutLabel);
        if (icon_button_if(online && !offer.responding, icons::kCheck, accept))
            intents.push_back(intent::AcceptOffer{offer.offer_id});
        ImGui::SameLine();
        if (button_if(online && !offer.responding, "Decline")) intents.push_back(intent::DeclineOffer{offer.offer_id});
        ImGui::PopID();
        ImGui::EndChild();
        ImGui::PopID();
        ImGui::PopStyleColor();
    }
}

}  // namespace desk
