// The views' transient state: input buffers, dialog selections, scroll and layout caches. Never read by the
// rules (core/); lost on reload, and that is fine.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "desktop/core/state.hpp"
#include "desktop/views/map_ui.hpp"
#include "desktop/views/transcript_layout.hpp"
#include "desktop/views/wrapped_input.hpp"

namespace desk {

struct TranscriptScroll {
    bool follow_bottom = true;     // the agent is at the bottom: new rows scroll into view
    bool new_below = false;        // rows arrived while scrolled up: show the "new messages" button
    std::size_t seen_rows = 0;     // rows (events + outbox) drawn last frame
    bool scroll_to_bottom = true;  // first display, or the button was clicked
};

struct UiState {
    TimeMs now = 0;  // the frame's time (set by the App before drawing)

    // Login form.
    std::string login_username;
    std::string login_password;

    // Composer: one draft per chat, so switching chats keeps what was typed.
    std::map<std::string, std::string> drafts;
    std::string composer_hint;  // why the last Enter did not send
    bool focus_composer = false;
    std::string canned_filter;
    WrappedInputState composer_editor;  // the soft-wrapped view of the selected chat's draft

    // Transcript caches per chat.
    std::map<std::string, TranscriptLayout> layouts;
    std::map<std::string, TranscriptScroll> scrolls;
    // Photos on screen in the last frame (files_view.cpp tells the rules when the set changes).
    std::string shown_images_chat;
    std::vector<std::string> shown_images;

    // Dialogs (chat ids; "" = closed).
    std::string transfer_chat;
    int transfer_choice = -1;
    std::string end_confirm_chat;
    std::string wrapup_chat;
    int wrapup_disposition = -1;
    std::string wrapup_notes;
    WrappedInputState wrapup_notes_editor;

    // Supervision (supervisor_view.cpp). The whisper draft itself is the state's (kept until the server stored it):
    // this is the field's copy, refreshed from the state while the field is not being edited.
    std::string whisper_buffer;
    bool whisper_field_active = false;
    std::string customer_message;  // to the customer of the watched chat, once barged in
    std::string flag_reason;       // the optional reason typed in the "Flag for help" popup

    // Column widths while a border is dragged (desktop_view.cpp); the rules get them on the drop.
    std::optional<ColumnWidths> dragged_columns;
    // The map takes the chat's column, the chat moves to the customer column (Alt+M, or the map's button).
    bool map_expanded = false;
    bool shortcuts_open = false;  // the keyboard help overlay ("?" or F1)

    float contact_content_height = 0;    // Contact Info's content last frame: its panel is that tall (desktop_view.cpp)
    Theme applied_theme = Theme::light;  // differs from the state's at start so the first frame applies it
    bool theme_applied = false;

    // The map overlay's region and the content it shows (map_view.cpp).
    MapUi map;

    // Diagnostics for tests: rows the transcript submitted in the last frame.
    int transcript_rows_submitted = 0;
    std::size_t transcript_rows_measured = 0;  // rows whose height was computed in the last frame
};

}  // namespace desk
