// The composer: multi-line draft per chat. Enter sends, Shift+Enter adds a line, "/shortcut" + Enter or Tab
// inserts a canned response; a searchable canned list; typing signals (the rules throttle them).
#include <algorithm>

#include "imgui.h"
#include "imgui_stdlib.h"

#include "desktop/core/canned.hpp"
#include "desktop/core/rules.hpp"
#include "desktop/views/files_view.hpp"
#include "desktop/views/icons.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/views.hpp"
#include "desktop/views/widgets.hpp"
#include "desktop/views/wrapped_input.hpp"

namespace desk {

namespace {

struct ComposerCallbackData {
    const State* state = nullptr;
    const Chat* chat = nullptr;
    bool enter_pressed = false;  // set by the char filter, acted on by the next "always" callback
    bool send = false;
    std::string sent_text;
    std::string hint;
};

std::string expanded(const State& s, const Chat& chat, const proto::CannedResponse& r) {
    return expand_canned(r.text, chat.customer.name, s.agent ? s.agent->display_name : "");
}

// The draft becomes `text`, the cursor at its end (as if typed).
void replace_draft(WrappedInputEvent& event, std::string text) {
    *event.text = std::move(text);
    event.cursor = event.selection_start = event.selection_end = event.text->size();
}

// The first canned response whose shortcut starts with what follows "/" (for Tab completion).
const proto::CannedResponse* canned_prefix_match(const State& s, std::string_view draft) {
    if (draft.size() < 2 || draft.front() != '/') return nullptr;
    const std::string_view typed = draft.substr(1);
    for (const auto& r : s.config.canned_responses)
        if (r.shortcut.compare(0, typed.size(), typed) == 0) return &r;
    return nullptr;
}

// Runs on the logical draft (wrapped_input.hpp): what is sent or expanded is what was typed, without soft breaks.
int composer_callback(WrappedInputEvent& event) {
    auto* d = static_cast<ComposerCallbackData*>(event.user_data);
    if (event.event == ImGuiInputTextFlags_CallbackCharFilter) {
        // Enter reaches the filter as '\n'. Plain Enter means "send"; Shift+Enter keeps the new line.
        const bool enter = ImGui::IsKeyPressed(ImGuiKey_Enter) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter);
        if (event.event_char == '\n' && enter && !ImGui::GetIO().KeyShift) {
            d->enter_pressed = true;
            return 1;  // drop the character
        }
        return 0;
    }
    std::string& draft = *event.text;
    if (event.event == ImGuiInputTextFlags_CallbackCompletion) {
        if (const auto* r = canned_prefix_match(*d->state, draft))
            replace_draft(event, expanded(*d->state, *d->chat, *r));
        return 0;
    }
    if (event.event == ImGuiInputTextFlags_CallbackAlways && d->enter_pressed) {
        d->enter_pressed = false;
        if (const auto* r = canned_for_slash(d->state->config.canned_responses, draft)) {
            replace_draft(event, expanded(*d->state, *d->chat, *r));
            return 0;
        }
        if (std::string why = text_refusal(*d->state, draft); !why.empty()) {
            d->hint = std::move(why);
            return 0;
        }
        d->send = true;
        d->sent_text = draft;
        replace_draft(event, "");
    }
    return 0;
}

void draw_canned_popup(const State& s, const Chat& chat, UiState& ui, std::string& draft, Intents& intents) {
    if (ImGui::Button("Canned responses")) {
        ui.canned_filter.clear();
        ImGui::OpenPopup("##canned");
    }
    if (!ImGui::BeginPopup("##canned")) return;
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(scaled(320));
    if (ImGui::InputTextWithHint("##canned_filter", "Search", &ui.canned_filter))
        report_typed_text(ui.canned_filter, intents);
    const auto matches = filter_canned(s.config.canned_responses, ui.canned_filter);
    if (matches.empty()) ImGui::TextDisabled("No canned response matches.");
    for (std::size_t index : matches) {
        const auto& r = s.config.canned_responses[index];
        ImGui::PushID(static_cast<int>(index));
        const std::string label = "/" + r.shortcut + "  " + r.title;
        if (ImGui::Selectable(label.c_str())) {
            draft += expanded(s, chat, r);
            ui.focus_composer = true;
            ImGui::CloseCurrentPopup();
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", expanded(s, chat, r).c_str());
        ImGui::PopID();
    }
    ImGui::EndPopup();
}

void draw_slash_suggestions(const State& s, const std::string& draft) {
    if (draft.size() < 1 || draft.front() != '/' || draft.find('\n') != std::string::npos) return;
    const std::string_view typed = std::string_view(draft).substr(1);
    int shown = 0;
    for (const auto& r : s.config.canned_responses) {
        if (r.shortcut.compare(0, typed.size(), typed) != 0) continue;
        if (shown++ == 0) ImGui::TextDisabled("Enter or Tab inserts:");
        ImGui::SameLine();
        ImGui::TextDisabled("/%s (%s)", r.shortcut.c_str(), r.title.c_str());
        if (shown == 5) break;
    }
}

}  // namespace

void draw_composer(const State& s, const Chat& chat, UiState& ui, Intents& intents) {
    std::string& draft = ui.drafts[chat.id];
    const bool open = chat.status == proto::ChatStatus::active;
    if (!open) {
        ImGui::TextDisabled("The chat has ended: file the wrap-up to close it.");
        return;
    }
    draw_slash_suggestions(s, draft);

    ComposerCallbackData data;
    data.state = &s;
    data.chat = &chat;
    if (ui.focus_composer) {
        // SetKeyboardFocusHere alone does not move the focus scope into a child window (1.90.1): focus the
        // window first, or the request finds no item.
        ImGui::SetWindowFocus();
        ImGui::SetKeyboardFocusHere();
        ui.focus_composer = false;
    }
    // Wide enough for the icon and the label whatever the font (the icon goes when the icon font did not load).
    const ImGuiStyle& style = ImGui::GetStyle();
    const float send_width = std::max(scaled(80),
                                      icon_prefix_width(icons::kSend) + ImGui::CalcTextSize("Send").x +
                                          style.FramePadding.x * 2 + style.ItemSpacing.x);
    const ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackCharFilter | ImGuiInputTextFlags_CallbackAlways |
        ImGuiInputTextFlags_CallbackCompletion;
    const float height = ImGui::GetTextLineHeight() * 3 + ImGui::GetStyle().FramePadding.y * 2;
    const bool edited = input_text_wrapped("##composer", draft, ui.composer_editor,
                                           ImVec2(ImGui::GetContentRegionAvail().x - send_width, height), flags,
                                           composer_callback, &data);
    ImGui::SameLine();
    const bool clicked = icon_button(icons::kSend, "Send", ImVec2(send_width - style.ItemSpacing.x, height));

    if (data.send) {
        intents.push_back(intent::SendText{chat.id, data.sent_text});
        ui.composer_hint.clear();
    } else if (clicked) {
        if (std::string why = text_refusal(s, draft); why.empty()) {
            intents.push_back(intent::SendText{chat.id, draft});
            draft.clear();
            ui.composer_hint.clear();
        } else {
            ui.composer_hint = why;
        }
        ui.focus_composer = true;
    } else if (!data.hint.empty()) {
        ui.composer_hint = data.hint;
    }
    if (edited && !data.send) {
        intents.push_back(intent::DraftEdited{chat.id, draft.empty()});
        report_typed_text(draft, intents);
        if (!draft.empty()) ui.composer_hint.clear();
    }

    draw_canned_popup(s, chat, ui, draft, intents);
    ImGui::SameLine();
    draw_attach_button(s, chat, intents);
    ImGui::SameLine();
    if (!can_send_now(s)) {
        colored_text(palette(s.theme).warning, "Offline: messages wait in the outbox (queued).");
        ImGui::SameLine();
    }
    if (!ui.composer_hint.empty()) colored_text(palette(s.theme).danger, ui.composer_hint);
    // Short enough to fit beside the buttons in a narrow chat column (and next to the offline warning).
    else
        ImGui::TextDisabled("Enter sends \xC2\xB7 Shift+Enter: new line \xC2\xB7 /: canned");
}

}  // namespace desk
