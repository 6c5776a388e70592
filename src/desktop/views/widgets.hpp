// Small drawing helpers shared by the panels.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "imgui.h"

#include "desktop/core/intents.hpp"

namespace desk {

// A label on a filled, rounded pill on the current line (status, waiting time).
void pill(const std::string& label, ImVec4 background, ImVec4 text);
// A pill tinted with `color` and its label in `color` (a state at a glance without a loud block of colour).
void soft_pill(const std::string& label, ImVec4 color);

// `text` in `color` after the icon (icons.hpp) in the same colour; the icon is left out where the font lacks it.
void icon_text(const char* icon, ImVec4 color, const std::string& text);

// Unread count as a filled pill on the current line.
void badge(long long count, ImVec4 background, ImVec4 text);

// Text with a colour, not formatted (safe for any content).
void colored_text(ImVec4 color, const std::string& text);

// A button that does nothing while `enabled` is false.
bool button_if(bool enabled, const char* label, ImVec2 size = ImVec2(0, 0));

// Action buttons with an icon (icons.hpp) before the label. The icon is drawn, not part of the label: ImGui's ID,
// automation (widgets() reports "Attach file", not "\uF0C6 Attach file") and a future screen reader see the plain
// label. Where the font lacks the icon (the icon font did not load, or the headless tests' built-in font) the
// button is the plain ImGui button with its label only; an explicit `size` too narrow for both drops the icon.
bool icon_button(const char* icon, const char* label, ImVec2 size = ImVec2(0, 0));
// icon_button that does nothing while `enabled` is false (as button_if).
bool icon_button_if(bool enabled, const char* icon, const char* label, ImVec2 size = ImVec2(0, 0));
// ImGui::SmallButton with an icon (no vertical frame padding, on the text's baseline).
bool small_icon_button(const char* icon, const char* label);
// What the icon adds to a button's width at the current font: its advance and the gap to the label; 0 when the
// font lacks it.
float icon_prefix_width(const char* icon);

// A button of a row measured by buttons_width: a plain label, or an icon and a label (icon_button).
struct ButtonLabel {
    ButtonLabel(const char* label_) : label(label_) {}  // NOLINT: implicit, so plain labels read as before
    ButtonLabel(const char* icon_, const char* label_) : icon(icon_), label(label_) {}
    const char* icon = nullptr;
    const char* label;
};

// Typed text with characters beyond ASCII: ask the platform for their glyphs (ASCII is always in the atlas).
void report_typed_text(const std::string& text, std::vector<Intent>& intents);

// Copy-to-clipboard affordance: a small button with the copy icon, labelled "Copy"; true when clicked.
bool copy_button(const char* id);

// Width of a row of buttons with these labels (frame padding and item spacing included), at the current font.
float buttons_width(std::initializer_list<ButtonLabel> labels);

// Continues the line so that `width` more pixels end at the right edge of the content region; never moves left
// of the last item (a narrow window keeps the row readable instead of overlapping it).
void same_line_right(float width);

// Before the next item of a row: stays on the line when an item `next_width` wide still fits in the window's
// content region, else lets it start a new line, so a row of buttons wraps in a narrow column instead of being cut.
void same_line_or_wrap(float next_width);

}  // namespace desk
