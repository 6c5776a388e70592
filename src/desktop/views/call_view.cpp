// Calls in the Contact Info panel (the tel: link, consent requests, the browser call and its controls) and the
// call bar above the chats, which keeps the call in reach while the agent works in another chat.
#include <algorithm>
#include <cstdio>

#include "imgui.h"

#include "desktop/core/calls.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/icons.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

namespace {

using Op = intent::CallControl::Op;

intent::CallControl control(Op op, const std::string& chat_id = {}, std::string mode = {}, std::string device = {}) {
    return intent::CallControl{op, chat_id, std::move(mode), std::move(device)};
}

// Good / fair / poor, by the usual VoIP thresholds (ITU-T G.114 for delay; loss and jitter as softphones show).
const char* quality_word(const CallQuality& q, ImVec4& color, const Palette& p) {
    if (q.rtt_ms < 0 && q.loss_pct < 0) {
        color = p.muted;
        return "measuring";
    }
    if (q.rtt_ms > 400 || q.loss_pct > 5 || q.jitter_ms > 50) {
        color = p.danger;
        return "poor";
    }
    if (q.rtt_ms > 150 || q.loss_pct > 1 || q.jitter_ms > 20) {
        color = p.warning;
        return "fair";
    }
    color = p.ok;
    return "good";
}

std::string status_line(const Call& c, TimeMs now) {
    char waited[32];
    std::snprintf(waited, sizeof waited, "%.0f s", std::max(0.0, (now - c.phase_since) / 1000.0));
    const std::string kind = c.mode == proto::CallMode::phone ? "Phone call" : "Browser call";
    switch (c.phase) {
        case CallPhase::requesting:
            return "Waiting for the customer's answer… " + std::string(waited);
        case CallPhase::ringing:
            return std::string(c.ring_sent ? "Ringing… " : "Opening your microphone… ") + waited;
        case CallPhase::connecting:
            return "Connecting… " + std::string(waited);
        case CallPhase::connected:
            return kind + (c.mode == proto::CallMode::phone ? " placed · " : " · ") +
                duration_label(call_duration_ms(c, now)) + (c.media_lost_since > 0 ? " · reconnecting…" : "");
        case CallPhase::on_hold:
            return "On hold · " + duration_label(call_duration_ms(c, now));
        case CallPhase::ended:
            return kind + " ended · " + duration_label(c.duration_ms) + " · " + c.reason_text();
        case CallPhase::failed:
            return kind + " failed: " + c.reason_text();
        case CallPhase::idle:
            break;
    }
    return {};
}

void draw_device_choice(const State& s, Intents& intents) {
    const CallDevices& d = s.calls.devices;
    auto combo = [&](const char* label, const std::vector<MediaDevice>& list, const std::string& selected, Op op) {
        std::string current = "Default";
        for (const auto& device : list)
            if (device.id == selected) current = device.label;
        ImGui::SetNextItemWidth(scaled(200));
        if (ImGui::BeginCombo(label, current.c_str())) {
            if (ImGui::Selectable("Default", selected.empty())) intents.push_back(control(op, {}, {}, ""));
            for (const auto& device : list) {
                ImGui::PushID(device.id.c_str());
                if (ImGui::Selectable(device.label.c_str(), device.id == selected))
                    intents.push_back(control(op, {}, {}, device.id));
                ImGui::PopID();
            }
            ImGui::EndCombo();
        }
    };
    combo("Microphone", d.inputs, d.input_id, Op::select_microphone);
    if (d.can_choose_output)
        combo("Speaker", d.outputs, d.output_id, Op::select_speaker);
    else
        ImGui::TextDisabled("Speaker: the browser's default (no choice in this browser)");
}

// The controls of the call in progress (in its chat's panel, and in the call bar).
void draw_controls(const State& s, Intents& intents, bool compact) {
    const Call& c = s.calls.call;
    const bool webrtc = c.mode == proto::CallMode::webrtc;
    if (webrtc &&
        (c.phase == CallPhase::connecting || c.phase == CallPhase::connected || c.phase == CallPhase::on_hold ||
         c.phase == CallPhase::ringing)) {
        // Fixed widths: a toggled label must not move the buttons beside it under the agent's pointer.
        const float pad = ImGui::GetStyle().FramePadding.x * 2;
        // (Icons are fixed-width: either icon of a pair takes the same room.)
        const ImVec2 mute_size(icon_prefix_width(icons::kMicOff) + ImGui::CalcTextSize("Unmute").x + pad, 0);
        const ImVec2 hold_size(icon_prefix_width(icons::kPlay) + ImGui::CalcTextSize("Resume").x + pad, 0);
        // The icon shows what a click does: muted, the microphone comes back.
        if (icon_button(c.muted ? icons::kMicrophone : icons::kMicOff, c.muted ? "Unmute" : "Mute", mute_size))
            intents.push_back(control(Op::toggle_mute));
        ImGui::SameLine();
        const bool can_hold = c.phase == CallPhase::connected || c.phase == CallPhase::on_hold;
        const bool held = c.phase == CallPhase::on_hold;
        if (icon_button_if(can_hold, held ? icons::kPlay : icons::kPause, held ? "Resume" : "Hold", hold_size))
            intents.push_back(control(Op::toggle_hold));
        ImGui::SameLine();
    }
    if (call_busy(c.phase)) {
        const char* label = c.phase == CallPhase::requesting ? "Cancel request" : (webrtc ? "Hang up" : "End call");
        const Palette& p = palette(s.theme);
        ImGui::PushStyleColor(ImGuiCol_Button, p.danger_button);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, p.danger_button_hovered);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, p.danger_button_active);
        ImGui::PushStyleColor(ImGuiCol_Text, p.on_danger_button);
        if (icon_button(icons::kHangUp, label)) intents.push_back(control(Op::hang_up));
        ImGui::PopStyleColor(4);
    } else if (c.phase == CallPhase::ended || c.phase == CallPhase::failed) {
        if (ImGui::Button("Dismiss##call")) intents.push_back(control(Op::dismiss));
    }
    if (compact || !webrtc || !(c.phase == CallPhase::connected || c.phase == CallPhase::on_hold)) return;
    const Palette& p = palette(s.theme);
    ImVec4 color;
    const char* word = quality_word(c.quality, color, p);
    auto number = [](double v, const char* format) {
        if (v < 0) return std::string("-");
        char b[32];
        std::snprintf(b, sizeof b, format, v);
        return std::string(b);
    };
    const std::string line = std::string("Quality: ") + word + " · RTT " + number(c.quality.rtt_ms, "%.0f ms") +
        " · loss " + number(c.quality.loss_pct, "%.1f %%") + " · jitter " + number(c.quality.jitter_ms, "%.0f ms");
    colored_text(color, line);
    if (!c.remote_audio) ImGui::TextDisabled("No audio from the customer yet.");
    draw_device_choice(s, intents);
}

// SameLine only when the next button fits; the panel is narrow and labels must not be clipped.
void same_line_if_fits(const char* icon, const char* next_label) {
    ImGui::SameLine();
    const float needed = icon_prefix_width(icon) + ImGui::CalcTextSize(next_label, nullptr, true).x +
        ImGui::GetStyle().FramePadding.x * 2;
    if (ImGui::GetContentRegionAvail().x < needed) ImGui::NewLine();
}

void draw_call_panel_body(const State& s, const Chat& chat, UiState& ui, Intents& intents);

}  // namespace

void draw_call_panel(const State& s, const Chat& chat, UiState& ui, Intents& intents) {
    ImGui::PushTextWrapPos(0.0f);  // status, quality and refusal lines wrap in the narrow panel
    draw_call_panel_body(s, chat, ui, intents);
    ImGui::PopTextWrapPos();
}

namespace {

void draw_call_panel_body(const State& s, const Chat& chat, UiState& ui, Intents& intents) {
    const Palette& p = palette(s.theme);
    const Call& c = s.calls.call;
    ImGui::Separator();
    ImGui::TextUnformatted("Call");

    // Phone: the number as a tel: link (the agent's phone or softphone dials it), any time.
    if (chat.customer.phone) {
        const std::string why = phone_call_refusal(s, chat);
        const std::string label = "Call " + *chat.customer.phone + "##tel";
        if (icon_button_if(why.empty(), icons::kPhone, label.c_str()))
            intents.push_back(control(Op::place_phone_call, chat.id));
        if (!why.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", why.c_str());
    }
    const bool webrtc_capable = chat.customer.capabilities.has(proto::Capability::webrtc);
    if (webrtc_capable) {
        const std::string why = webrtc_call_refusal(s, chat);
        if (chat.customer.phone) same_line_if_fits(icons::kVideo, "Call in browser");
        if (icon_button_if(why.empty(), icons::kVideo, "Call in browser"))
            intents.push_back(control(Op::start_webrtc_call, chat.id));
        if (!why.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", why.c_str());
    }

    // Consent first ("May we call you at …?"), per what the customer's app can take.
    const bool phone_capable = chat.customer.capabilities.has(proto::Capability::phone) && chat.customer.phone;
    if (phone_capable || webrtc_capable) {
        ImGui::TextDisabled("Ask first:");
        if (phone_capable) {
            same_line_if_fits(icons::kPhone, "Request phone call");
            if (icon_button_if(consent_refusal(s, chat, proto::CallMode::phone).empty(), icons::kPhone,
                               "Request phone call"))
                intents.push_back(control(Op::request_consent, chat.id, "phone"));
        }
        if (webrtc_capable) {
            same_line_if_fits(icons::kVideo, "Request browser call");
            if (icon_button_if(consent_refusal(s, chat, proto::CallMode::webrtc).empty(), icons::kVideo,
                               "Request browser call"))
                intents.push_back(control(Op::request_consent, chat.id, "webrtc"));
        }
    }
    if (const Consent* consent = s.calls.consent_for(chat.id)) {
        colored_text(consent->accepted ? p.ok : p.warning,
                     std::string("Customer ") + (consent->accepted ? "agreed to" : "declined") + " a " +
                         (consent->mode == proto::CallMode::phone ? "phone" : "browser") + " call.");
    }

    if (c.phase == CallPhase::idle) return;
    if (c.chat_id != chat.id) {
        // The one-call rule, said where the agent looks for the buttons.
        if (call_busy(c.phase)) colored_text(p.muted, "On a call with " + c.customer_name + " (one call at a time).");
        return;
    }
    const ImVec4 color = c.phase == CallPhase::failed ? p.danger : (c.phase == CallPhase::ended ? p.muted : p.ok);
    colored_text(color, status_line(c, ui.now));
    draw_controls(s, intents, false);
}

}  // namespace

void draw_call_bar(const State& s, UiState& ui, Intents& intents) {
    const Call& c = s.calls.call;
    if (!call_busy(c.phase) || c.chat_id == s.selected_chat_id) return;
    const Palette& p = palette(s.theme);
    colored_text(p.ok, "Call with " + c.customer_name + ": " + status_line(c, ui.now));
    ImGui::SameLine();
    if (ImGui::Button("Open chat##call")) intents.push_back(intent::SelectChat{c.chat_id});
    ImGui::SameLine();
    draw_controls(s, intents, true);
}

}  // namespace desk
