// The desktop's views: free functions that read the state and emit intents. One file per panel.
#pragma once

#include "desktop/core/intents.hpp"
#include "desktop/core/state.hpp"
#include "desktop/views/ui_state.hpp"

namespace desk {

// The whole desktop for one frame: login screen, or the work screen with its panels and dialogs.
void draw_desktop(const State&, UiState&, Intents&);

void draw_login(const State&, UiState&, Intents&);
void draw_top_bar(const State&, UiState&, Intents&);
void draw_offers(const State&, UiState&, Intents&);
void draw_conversations(const State&, UiState&, Intents&);
void draw_notices(const State&, UiState&, Intents&);
void draw_chat_header(const State&, const Chat&, UiState&, Intents&);
void draw_transcript(const State&, const Chat&, UiState&, Intents&, float height);
void draw_composer(const State&, const Chat&, UiState&, Intents&);
void draw_contact_info(const State&, const Chat&, UiState&, Intents&);
// The earlier chat open read-only (state.history.viewer): its header, the way back, and its transcript.
void draw_past_chat(const State&, UiState&, Intents&);
// supervisor_view.cpp: a supervisor's overview (live chats, queue, agents) and the chat they watch, each in the
// chat column widened over the customer column; and the entries that open them atop the conversation list.
void draw_supervisor_overview(const State&, UiState&, Intents&);
void draw_watched_chat(const State&, UiState&, Intents&);
void draw_supervisor_entries(const State&, UiState&, Intents&);
// call_view.cpp: the call part of Contact Info, and the bar that shows a call in another chat.
void draw_call_panel(const State&, const Chat&, UiState&, Intents&);
void draw_call_bar(const State&, UiState&, Intents&);
void draw_context_info(const State&, const Chat&, UiState&, Intents&);
void draw_dialogs(const State&, UiState&, Intents&);
// shortcuts_view.cpp: the work screen's keyboard shortcuts, and their help overlay ("?" or F1).
void handle_shortcuts(const State&, UiState&, Intents&);
void draw_shortcuts_help(const State&, UiState&);

// Keyboard shortcut to accept the oldest ringing offer (shown on its button).
inline constexpr const char* kAcceptShortcutLabel = "Ctrl+Shift+A";

}  // namespace desk
