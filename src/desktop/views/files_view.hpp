// Files in the views: a photo's thumbnail in its transcript row (with a reserved, stable height), the actions of a
// file row, the agent's upload rows, the "Attach file" button and the photo viewer window.
#pragma once

#include <string>
#include <vector>

#include "imgui.h"

#include "desktop/core/intents.hpp"
#include "desktop/core/state.hpp"
#include "desktop/views/transcript_layout.hpp"
#include "desktop/views/ui_state.hpp"

namespace desk {

// The thumbnail's size on screen, from the event's width/height only (known before any byte is loaded), so the
// row's height never changes when the photo arrives. Unknown sizes get a 4:3 box.
ImVec2 thumbnail_box(const proto::FileInfo& file, float line_height, float wrap_width);
// Height a file event adds to its row beyond the header and text lines (0 for other events).
float file_row_extra_height(const ChatEvent& event, const RowMetrics& metrics);

// On the header line of a file row: "Download" and, for a photo with EXIF GPS, "Show on map".
void draw_file_actions(const State& s, const Chat& chat, const ChatEvent& event, Intents& intents);
// The width draw_file_actions takes after the header text (0 for an event without a file); keep the two together.
float file_actions_width(const State& s, const ChatEvent& event);
// The thumbnail of a photo row (a placeholder until its texture is ready); click opens the viewer. Appends the
// file id to `shown` (the photos on screen this frame).
void draw_thumbnail(const State& s, const Chat& chat, const ChatEvent& event, float wrap_width, Intents& intents,
                    std::vector<std::string>& shown);
// After the transcript's rows: the agent's uploads to this chat (progress + cancel, retry, dismiss).
void draw_upload_rows(const State& s, const Chat& chat, float wrap_width, Intents& intents);
std::size_t upload_rows(const State& s, const Chat& chat);
// Tells the rules which photos are on screen, when that set changed since the last frame.
void report_shown_images(const Chat& chat, UiState& ui, std::vector<std::string> shown, Intents& intents);

void draw_attach_button(const State& s, const Chat& chat, Intents& intents);
void draw_photo_viewer(const State& s, UiState& ui, Intents& intents);

}  // namespace desk
