// A multi-line text field that wraps long lines at its width (Dear ImGui 1.90.1's InputTextMultiline scrolls them
// sideways instead). ImGui edits a display text with soft breaks (core/soft_wrap.hpp); the caller's string is the
// logical text, exactly what was typed. It scrolls vertically only.
#pragma once

#include <cstddef>
#include <string>

#include "imgui.h"

#include "desktop/core/soft_wrap.hpp"

namespace desk {

// What a wrap depends on besides the text: a new width, font size or glyph set (the web atlas grows as new
// characters appear) changes where lines break.
struct WrapLayoutKey {
    float width = -1;
    float font_size = 0;
    const void* font = nullptr;
    int font_glyphs = 0;
    bool operator==(const WrapLayoutKey&) const = default;
};

// One field's state between frames; the caller keeps it (UiState), one per field on screen.
struct WrappedInputState {
    WrappedText wrapped;        // what ImGui shows, and the way back to the logical text
    std::string logical;        // the text `wrapped` was made from: when the caller's differs, it changed outside
    WrapLayoutKey layout;       // what `wrapped` was made for
    std::string buffer;         // the display text as ImGui last wrote it
    WrappedText at_activation;  // what ImGui restores on Escape (the text when the field took the focus)
    bool active = false;        // the field had the focus in the last callback
    UndoHistory history;        // Ctrl+Z / Ctrl+Y over logical texts (ImGui's own undo is off)
};

// What the caller's callback sees: the logical text, never the display text.
struct WrappedInputEvent {
    ImGuiInputTextFlags event = 0;  // CallbackCharFilter, CallbackCompletion, CallbackEdit or CallbackAlways
    ImWchar event_char = 0;         // CharFilter: the character typed; may be changed (return 1 to drop it)
    std::string* text = nullptr;    // the logical text, which the callback may change (null for CharFilter)
    std::size_t cursor = 0;         // byte offset in *text; set it when changing the text
    std::size_t selection_start = 0;
    std::size_t selection_end = 0;
    void* user_data = nullptr;
};
using WrappedInputCallback = int (*)(WrappedInputEvent& event);

// Draws the field over `text` (the logical text). `flags` chooses the caller's events as for
// InputTextMultiline: CallbackAlways is also called on frames ImGui spends on an edit. True when the text changed
// here (typed, pasted, or by the callback).
bool input_text_wrapped(const char* label, std::string& text, WrappedInputState& state, const ImVec2& size,
                        ImGuiInputTextFlags flags = 0, WrappedInputCallback callback = nullptr,
                        void* user_data = nullptr);

}  // namespace desk
