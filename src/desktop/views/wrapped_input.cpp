#include "desktop/views/wrapped_input.hpp"

#include <algorithm>

#include "imgui_internal.h"  // GetActiveID, CalcItemSize, IsKeyChordPressed with repeat: ImGui's own rules, reused
#include "imgui_stdlib.h"

namespace desk {

namespace {

// One call of input_text_wrapped, as the callback sees it.
struct Session {
    WrappedInputState& state;
    std::string& text;
    WrapLayoutKey layout;
    ImGuiInputTextFlags caller_flags = 0;
    WrappedInputCallback callback = nullptr;
    void* user_data = nullptr;
    bool changed = false;
};

WrapLayoutKey layout_for(float frame_width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    WrapLayoutKey key;
    // The frame less its padding on both sides and the vertical scrollbar, reserved even while it is hidden so
    // lines do not re-break when it appears. ImGui scrolls sideways once the caret reaches frame - scrollbar -
    // one padding: every line ends a padding before that.
    key.width = std::max(1.0f, frame_width - style.FramePadding.x * 2 - style.ScrollbarSize);
    key.font = ImGui::GetFont();
    key.font_size = ImGui::GetFontSize();
    key.font_glyphs = ImGui::GetFont()->Glyphs.Size;
    return key;
}

void rewrap(Session& s) {
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    // The same advances InputText sums for its caret (1.90.1 has no kerning).
    const MeasureChar measure = [font, size](std::string_view c) {
        return font->CalcTextSizeA(size, FLT_MAX, 0.0f, c.data(), c.data() + c.size()).x;
    };
    s.state.wrapped = wrap_text(s.text, s.layout.width, measure);
    s.state.logical = s.text;
    s.state.layout = s.layout;
}

// Puts `target` into ImGui's buffer, rewriting only the bytes that differ.
void replace_buffer(ImGuiInputTextCallbackData* data, const std::string& target) {
    const std::string_view current(data->Buf, static_cast<std::size_t>(data->BufTextLen));
    const std::size_t common = std::min(current.size(), target.size());
    std::size_t prefix = 0;
    while (prefix < common && current[prefix] == target[prefix]) ++prefix;
    std::size_t suffix = 0;
    while (suffix < common - prefix && current[current.size() - 1 - suffix] == target[target.size() - 1 - suffix])
        ++suffix;
    const int removed = static_cast<int>(current.size() - prefix - suffix);
    if (removed > 0) data->DeleteChars(static_cast<int>(prefix), removed);
    if (target.size() - suffix > prefix)
        data->InsertChars(static_cast<int>(prefix), target.data() + prefix, target.data() + target.size() - suffix);
}

// Replaces the logical text, keeping the old one for Ctrl+Z (with the cursor where the change happened).
void set_logical(Session& s, std::string text, std::size_t cursor) {
    if (text == s.text) return;
    s.state.history.record({s.text, std::min(cursor, s.text.size())});
    s.text = std::move(text);
    s.changed = true;
}

bool chord(ImGuiKeyChord key_chord, bool repeat = false) {
    return ImGui::IsKeyChordPressed(key_chord, 0, repeat ? ImGuiInputFlags_Repeat : ImGuiInputFlags_None);
}

int forward_char_filter(ImGuiInputTextCallbackData* data, Session& s) {
    if (!(s.caller_flags & ImGuiInputTextFlags_CallbackCharFilter) || !s.callback) return 0;
    WrappedInputEvent event;
    event.event = ImGuiInputTextFlags_CallbackCharFilter;
    event.event_char = data->EventChar;
    event.user_data = s.user_data;
    const int drop = s.callback(event);
    data->EventChar = event.event_char;
    return drop;
}

int wrapped_callback(ImGuiInputTextCallbackData* data) {
    Session& s = *static_cast<Session*>(data->UserData);
    if (data->EventFlag == ImGuiInputTextFlags_CallbackCharFilter) return forward_char_filter(data, s);
    WrappedInputState& st = s.state;
    if (!st.active) {  // the field took the focus this frame: ImGui has kept this text for Escape
        st.active = true;
        st.at_activation = st.wrapped;
    }
    const std::string_view shown(data->Buf, static_cast<std::size_t>(data->BufTextLen));
    std::size_t cursor = display_to_logical(st.wrapped, static_cast<std::size_t>(data->CursorPos));
    std::size_t selection_start = display_to_logical(st.wrapped, static_cast<std::size_t>(data->SelectionStart));
    std::size_t selection_end = display_to_logical(st.wrapped, static_cast<std::size_t>(data->SelectionEnd));
    bool place_cursor = false;

    if (s.text != st.logical) {
        // Changed by the caller since the last frame (a draft cleared, a canned text added): it wins.
        cursor = selection_start = selection_end = s.text.size();
        place_cursor = true;
    } else if (shown != st.wrapped.display) {  // typed, pasted, deleted
        const DisplayEdit edit{shown, static_cast<std::size_t>(data->CursorPos), ImGui::IsKeyPressed(ImGuiKey_Delete)};
        LogicalEdit result = recover_logical(st.wrapped, edit);
        if (chord(ImGuiMod_Shortcut | ImGuiKey_X, true) || chord(ImGuiMod_Shift | ImGuiKey_Delete, true))
            ImGui::SetClipboardText(result.removed.c_str());  // ImGui copied the display text, soft breaks and all
        cursor = selection_start = selection_end = result.cursor;
        set_logical(s, std::move(result.text), cursor);
        place_cursor = true;
    } else if (chord(ImGuiMod_Shortcut | ImGuiKey_Z, true) || chord(ImGuiMod_Shortcut | ImGuiKey_Y, true) ||
               chord(ImGuiMod_Shortcut | ImGuiMod_Shift | ImGuiKey_Z, true)) {
        TextSnapshot current{s.text, cursor};
        const bool redo = !chord(ImGuiMod_Shortcut | ImGuiKey_Z, true);
        if (redo ? st.history.redo(current) : st.history.undo(current)) {
            s.text = std::move(current.text);
            s.changed = true;
            cursor = selection_start = selection_end = std::min(current.cursor, s.text.size());
            place_cursor = true;
        }
    } else if (selection_start != selection_end &&
               (chord(ImGuiMod_Shortcut | ImGuiKey_C) || chord(ImGuiMod_Ctrl | ImGuiKey_Insert))) {
        const std::size_t from = std::min(selection_start, selection_end);
        const std::size_t to = std::max(selection_start, selection_end);
        ImGui::SetClipboardText(s.text.substr(from, to - from).c_str());
    }
    if (s.text != st.logical || !(s.layout == st.layout)) {
        rewrap(s);
        place_cursor = true;
    }

    // The caller's own callback, on the logical text. Always also runs on frames ImGui gave to an edit.
    const ImGuiInputTextFlags event_flag =
        data->EventFlag == ImGuiInputTextFlags_CallbackEdit && !(s.caller_flags & ImGuiInputTextFlags_CallbackEdit)
        ? ImGuiInputTextFlags_CallbackAlways
        : data->EventFlag;
    if (s.callback && (s.caller_flags & event_flag)) {
        WrappedInputEvent event;
        event.event = event_flag;
        event.text = &s.text;
        event.cursor = cursor;
        event.selection_start = selection_start;
        event.selection_end = selection_end;
        event.user_data = s.user_data;
        const std::string before = s.text;
        s.callback(event);
        if (s.text != before) {
            std::string changed = std::move(s.text);
            s.text = before;
            set_logical(s, std::move(changed), cursor);
            rewrap(s);
            place_cursor = true;
        }
        if (place_cursor || event.cursor != cursor || event.selection_start != selection_start ||
            event.selection_end != selection_end) {
            cursor = std::min(event.cursor, s.text.size());
            selection_start = std::min(event.selection_start, s.text.size());
            selection_end = std::min(event.selection_end, s.text.size());
            place_cursor = true;
        }
    }

    if (std::string_view(data->Buf, static_cast<std::size_t>(data->BufTextLen)) != st.wrapped.display)
        replace_buffer(data, st.wrapped.display);
    if (place_cursor) {
        data->CursorPos = static_cast<int>(logical_to_display(st.wrapped, cursor));
        data->SelectionStart = static_cast<int>(logical_to_display(st.wrapped, selection_start));
        data->SelectionEnd = static_cast<int>(logical_to_display(st.wrapped, selection_end));
    }
    return 0;
}

}  // namespace

bool input_text_wrapped(const char* label, std::string& text, WrappedInputState& state, const ImVec2& size,
                        ImGuiInputTextFlags flags, WrappedInputCallback callback, void* user_data) {
    const ImGuiID id = ImGui::GetID(label);
    const ImVec2 frame = ImGui::CalcItemSize(size, ImGui::CalcItemWidth(), ImGui::GetTextLineHeight() * 8);
    Session session{state, text, layout_for(frame.x), flags, callback, user_data};
    const bool was_active = ImGui::GetActiveID() == id;
    if (!was_active) {
        // ImGui reads the buffer only while the field is idle; once it has the focus, changes go through the
        // callback, which sees ImGui's copy.
        state.active = false;
        if (text != state.logical || !(session.layout == state.layout)) {
            if (text != state.logical) state.history.clear();  // another draft or a fresh note: not this one's past
            rewrap(session);
            state.buffer = state.wrapped.display;
        }
    }
    // Edit and Always: every frame with the focus goes through the callback (edits, width changes). No ImGui undo:
    // it would replay display texts whose soft breaks are stale. Never NoHorizontalScroll: if a line were ever too
    // long, the caret must stay visible (and the view test would see ScrollX move).
    const ImGuiInputTextFlags own =
        ImGuiInputTextFlags_CallbackEdit | ImGuiInputTextFlags_CallbackAlways | ImGuiInputTextFlags_NoUndoRedo;
    const ImGuiInputTextFlags passed_on =
        flags & ~(ImGuiInputTextFlags_CallbackEdit | ImGuiInputTextFlags_CallbackAlways);
    ImGui::InputTextMultiline(label, &state.buffer, size, own | passed_on, wrapped_callback, &session);

    if (state.buffer != state.wrapped.display) {
        // ImGui wrote its buffer without the callback. Escape restores the text the field had when it took the
        // focus: take that text back. Anything else is ImGui re-applying its last text as the field loses the
        // focus, which the callback has already seen: the logical text stands.
        if (state.buffer == state.at_activation.display)
            set_logical(session, logical_text(state.at_activation), text.size());
        rewrap(session);
        state.buffer = state.wrapped.display;
    }
    if (ImGui::GetActiveID() != id) state.active = false;
    return session.changed;
}

}  // namespace desk
