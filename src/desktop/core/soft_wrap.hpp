// Soft wrap for multi-line editors that cannot wrap themselves (Dear ImGui 1.90.1's InputTextMultiline scrolls a
// long line sideways, hiding its start). The editor is given a display text in which long lines are broken with
// '\n'; the breaks it added are remembered, so the display text always maps back to exactly what was typed.
//
// Offsets are byte offsets into UTF-8 text. No ImGui here: the view passes a measure from its font, tests a
// fixed-width one.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace desk {

// The width of one character (its UTF-8 bytes), in the unit of the wrap width (pixels, columns).
using MeasureChar = std::function<float(std::string_view character)>;

// A line break that wrapping added: the logical text does not have it.
struct SoftBreak {
    std::size_t display_offset = 0;  // where its '\n' is in the display text
    bool replaces_space = false;     // the '\n' stands for a logical ' ' (else it was inserted inside a word)
};

// A logical text laid out for one width: what the editor shows, and the way back.
struct WrappedText {
    std::string display;
    std::vector<SoftBreak> breaks;  // ascending display_offset
};

// Breaks every line wider than `width` at its last space that fits (the space becomes the '\n'), or inside a
// word longer than a line (an added '\n', between UTF-8 characters). Hard newlines stay as they are. A line
// holds at least one character, however narrow the width.
WrappedText wrap_text(std::string_view logical, float width, const MeasureChar& measure);

// The text that was wrapped, soft breaks undone.
std::string logical_text(const WrappedText& wrapped);

// Cursor and selection positions between the two texts. A logical position at an added break maps to the start
// of the next display line (where typing continues the word).
std::size_t display_to_logical(const WrappedText& wrapped, std::size_t display_offset);
std::size_t logical_to_display(const WrappedText& wrapped, std::size_t logical_offset);

// The editor changed the display text: its new content and where it left the cursor.
struct DisplayEdit {
    std::string_view text;
    std::size_t cursor = 0;
    // Only used when the edit removed nothing but one added break (Backspace or Delete on it): the logical text
    // loses the character before the cursor, or after it when this is set, as the agent meant.
    bool forward_delete = false;
};

// The logical text after a display edit, and the cursor in it.
struct LogicalEdit {
    std::string text;
    std::size_t cursor = 0;
    std::string removed;  // the logical text the edit took out (what a cut puts on the clipboard)
};

// Recovers the logical text from an edited display text: the changed range is found as what lies between the
// common prefix and suffix of the old and new display texts. Soft breaks outside it survive; those inside were
// deleted by the agent (a replaced space goes with its '\n'). Text the editor inserted is taken as typed, so a
// hard newline typed at a soft break stays a newline.
LogicalEdit recover_logical(const WrappedText& before, const DisplayEdit& edit);

// Undo and redo over logical texts: the editor's own undo would replay stale display texts, soft breaks and all.
struct TextSnapshot {
    std::string text;
    std::size_t cursor = 0;
};

class UndoHistory {
public:
    // Keeps at most this many steps and this many bytes of old texts (the oldest go first).
    static constexpr std::size_t kMaxSteps = 200;
    static constexpr std::size_t kMaxBytes = 1 << 20;

    // Call before an edit replaces `before`; clears what could be redone.
    void record(TextSnapshot before);
    // Swap `current` with the previous (undo) or next (redo) snapshot; false when there is none.
    bool undo(TextSnapshot& current);
    bool redo(TextSnapshot& current);
    void clear();

private:
    void trim();
    std::vector<TextSnapshot> undo_;
    std::vector<TextSnapshot> redo_;
    std::size_t bytes_ = 0;  // text bytes held in undo_
};

}  // namespace desk
