#include "desktop/core/soft_wrap.hpp"

#include <algorithm>

namespace desk {

namespace {

bool is_continuation(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// Bytes of the UTF-8 character starting at `at` (1 for a stray byte, so malformed text still moves on).
std::size_t char_length(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 1;
    if (lead >= 0xF0 && lead < 0xF8)
        length = 4;
    else if (lead >= 0xE0)
        length = lead < 0xF0 ? 3 : 1;
    else if (lead >= 0xC0)
        length = 2;
    length = std::min(length, text.size() - at);
    // A truncated sequence is not one character: take its lead byte alone.
    for (std::size_t i = 1; i < length; ++i)
        if (!is_continuation(text[at + i])) return 1;
    return length;
}

// Appends the logical text of display bytes [from, to): added breaks dropped, replaced spaces restored.
void append_logical(const WrappedText& wrapped, std::size_t from, std::size_t to, std::string& out) {
    auto it = std::lower_bound(wrapped.breaks.begin(), wrapped.breaks.end(), from,
                               [](const SoftBreak& b, std::size_t offset) { return b.display_offset < offset; });
    std::size_t copied = from;
    for (; it != wrapped.breaks.end() && it->display_offset < to; ++it) {
        out.append(wrapped.display, copied, it->display_offset - copied);
        if (it->replaces_space) out.push_back(' ');
        copied = it->display_offset + 1;
    }
    out.append(wrapped.display, copied, to - copied);
}

std::size_t previous_char_start(std::string_view text, std::size_t at) {
    if (at == 0) return 0;
    --at;
    while (at > 0 && is_continuation(text[at])) --at;
    return at;
}

}  // namespace

WrappedText wrap_text(std::string_view logical, float width, const MeasureChar& measure) {
    WrappedText out;
    out.display.reserve(logical.size() + logical.size() / 32 + 1);
    // The line being filled. Widths are summed character by character from the line's start, the order in which
    // the editor measures its caret, so a line that fits here fits there to the last bit.
    std::size_t line_start = 0;
    float line_width = 0;
    constexpr std::size_t kNone = std::string::npos;
    std::size_t last_space = kNone;  // display offset of the line's last space
    float width_after_space = 0;     // what moves to the next line when the break goes there

    for (std::size_t at = 0; at < logical.size();) {
        if (logical[at] == '\n') {
            out.display.push_back('\n');
            ++at;
            line_start = out.display.size();
            line_width = 0;
            last_space = kNone;
            continue;
        }
        const std::size_t length = char_length(logical, at);
        const std::string_view character = logical.substr(at, length);
        const float advance = measure(character);
        const bool is_space = character == " ";
        while (line_width + advance > width && out.display.size() > line_start) {
            if (is_space) break;  // handled below: this space becomes the break
            if (last_space != kNone) {
                out.display[last_space] = '\n';
                out.breaks.push_back({last_space, true});
                line_start = last_space + 1;
                line_width = width_after_space;
                last_space = kNone;
            } else {
                out.breaks.push_back({out.display.size(), false});
                out.display.push_back('\n');
                line_start = out.display.size();
                line_width = 0;
            }
        }
        if (is_space && line_width + advance > width && out.display.size() > line_start) {
            out.breaks.push_back({out.display.size(), true});
            out.display.push_back('\n');
            line_start = out.display.size();
            line_width = 0;
            last_space = kNone;
            at += length;
            continue;
        }
        if (is_space) {
            last_space = out.display.size();
            width_after_space = 0;
        } else {
            width_after_space += advance;
        }
        out.display.append(character);
        line_width += advance;
        at += length;
    }
    return out;
}

std::string logical_text(const WrappedText& wrapped) {
    std::string out;
    out.reserve(wrapped.display.size());
    append_logical(wrapped, 0, wrapped.display.size(), out);
    return out;
}

std::size_t display_to_logical(const WrappedText& wrapped, std::size_t display_offset) {
    display_offset = std::min(display_offset, wrapped.display.size());
    std::size_t added_before = 0;
    for (const SoftBreak& b : wrapped.breaks) {
        if (b.display_offset >= display_offset) break;
        if (!b.replaces_space) ++added_before;
    }
    return display_offset - added_before;
}

std::size_t logical_to_display(const WrappedText& wrapped, std::size_t logical_offset) {
    std::size_t added_before = 0;
    for (const SoftBreak& b : wrapped.breaks) {
        if (b.replaces_space) continue;
        // This added break comes before logical character b.display_offset - added_before.
        if (b.display_offset - added_before > logical_offset) break;
        ++added_before;
    }
    return std::min(logical_offset + added_before, wrapped.display.size());
}

LogicalEdit recover_logical(const WrappedText& before, const DisplayEdit& edit) {
    const std::string_view old_text = before.display;
    const std::string_view new_text = edit.text;
    const std::size_t old_size = old_text.size();
    const std::size_t new_size = new_text.size();

    // Typing, pasting and deleting leave the cursor at the end of what was inserted: the change ends there, and
    // starts no later than cursor - growth. Capping prefix and suffix there settles ties the way the agent saw
    // them: a newline typed just before a soft break goes before it, Backspace takes the '\n' it was next to.
    const std::size_t growth = new_size > old_size ? new_size - old_size : 0;
    const std::size_t cursor = std::min(edit.cursor, new_size);
    const std::size_t prefix_cap = std::min({old_size, new_size, cursor >= growth ? cursor - growth : 0});
    std::size_t prefix = 0;
    while (prefix < prefix_cap && old_text[prefix] == new_text[prefix]) ++prefix;
    // Whole characters on both sides of the changed range.
    while (prefix > 0 &&
           ((prefix < old_size && is_continuation(old_text[prefix])) ||
            (prefix < new_size && is_continuation(new_text[prefix]))))
        --prefix;
    const std::size_t suffix_cap = std::min(std::min(old_size, new_size) - prefix, new_size - cursor);
    std::size_t suffix = 0;
    while (suffix < suffix_cap && old_text[old_size - 1 - suffix] == new_text[new_size - 1 - suffix]) ++suffix;
    while (suffix > 0 && (is_continuation(old_text[old_size - suffix]) || is_continuation(new_text[new_size - suffix])))
        --suffix;
    const std::size_t old_end = old_size - suffix;
    const std::size_t new_end = new_size - suffix;

    LogicalEdit out;
    out.text.reserve(new_size);
    append_logical(before, 0, prefix, out.text);
    const std::size_t logical_prefix = out.text.size();
    append_logical(before, prefix, old_end, out.removed);
    out.text.append(new_text.substr(prefix, new_end - prefix));
    const std::size_t logical_middle_end = out.text.size();
    const std::size_t logical_old_end = display_to_logical(before, old_end);
    append_logical(before, old_end, old_size, out.text);

    if (cursor < prefix)
        out.cursor = display_to_logical(before, cursor);
    else if (cursor <= new_end)
        out.cursor = logical_prefix + (cursor - prefix);
    else
        out.cursor = logical_middle_end + display_to_logical(before, cursor - new_end + old_end) - logical_old_end;

    // Backspace or Delete on an added break deletes only the break, which the logical text never had: take the
    // character next to it instead, or the key would seem dead.
    const bool removed_one_added_break = new_end == prefix && old_end == prefix + 1 && out.removed.empty();
    if (removed_one_added_break) {
        if (edit.forward_delete) {
            if (out.cursor < out.text.size()) out.text.erase(out.cursor, char_length(out.text, out.cursor));
        } else if (out.cursor > 0) {
            const std::size_t start = previous_char_start(out.text, out.cursor);
            out.removed = out.text.substr(start, out.cursor - start);
            out.text.erase(start, out.cursor - start);
            out.cursor = start;
        }
    }
    return out;
}

void UndoHistory::record(TextSnapshot before) {
    bytes_ += before.text.size();
    undo_.push_back(std::move(before));
    redo_.clear();
    trim();
}

bool UndoHistory::undo(TextSnapshot& current) {
    if (undo_.empty()) return false;
    bytes_ -= undo_.back().text.size();
    std::swap(current, undo_.back());
    redo_.push_back(std::move(undo_.back()));
    undo_.pop_back();
    return true;
}

bool UndoHistory::redo(TextSnapshot& current) {
    if (redo_.empty()) return false;
    std::swap(current, redo_.back());
    bytes_ += redo_.back().text.size();
    undo_.push_back(std::move(redo_.back()));
    redo_.pop_back();
    trim();
    return true;
}

void UndoHistory::clear() {
    undo_.clear();
    redo_.clear();
    bytes_ = 0;
}

void UndoHistory::trim() {
    std::size_t drop = 0;
    while (drop < undo_.size() && (undo_.size() - drop > kMaxSteps || bytes_ > kMaxBytes))
        bytes_ -= undo_[drop++].text.size();
    undo_.erase(undo_.begin(), undo_.begin() + static_cast<std::ptrdiff_t>(drop));
}

}  // namespace desk
