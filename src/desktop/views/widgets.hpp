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

// Unread count as a filled pill on the current line.
void badge(long long count, ImVec4 background, ImVec4 text);

// Text with a colour, not formatted (safe for any content).
void colored_text(ImVec4 color, const std::string& text);

// A button that does nothing while `enabled` is false.
bool button_if(bool enabled, const char* label, ImVec2 size = ImVec2(0, 0));

// Typed text with characters beyond ASCII: ask the platform for their glyphs (ASCII is always in the atlas).
void report_typed_text(const std::string& text, std::vector<Intent>& intents);

// Copy-to-clipboard affordance: a small button; true when clicked.
bool copy_button(const char* id);

// Width of a row of buttons with these labels (frame padding and item spacing included), at the current font.
float buttons_width(std::initializer_list<const char*> labels);

// Continues the line so that `width` more pixels end at the right edge of the content region; never moves left
// of the last item (a narrow window keeps the row readable instead of overlapping it).
void same_line_right(float width);

// Before the next item of a row: stays on the line when an item `next_width` wide still fits in the window's
// content region, else lets it start a new line, so a row of buttons wraps in a narrow column instead of being cut.
void same_line_or_wrap(float next_width);

}  // namespace desk
