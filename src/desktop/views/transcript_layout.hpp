// Row heights of a transcript, cached per wrap width, so that drawing a chat of 100,000 events only touches the
// rows on screen. ImGuiListClipper needs rows of one height; wrapped messages are not, so the transcript clips
// itself with these prefix sums (binary search for the first visible row).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "imgui.h"

#include "desktop/core/state.hpp"

namespace desk {

// Metrics a row's height depends on (from the current font and style).
struct RowMetrics {
    float wrap_width = 0;   // text width of a row
    float line_height = 0;  // header line (author, time, status)
    float row_spacing = 0;  // gap below each row
};

// A transcript's rows are the chat's events with its staff-only internal events (whispers, flags; never seen by the
// customer) placed among them by time: an internal event goes after every event stamped at or before it.
class TranscriptLayout {
public:
    // Measures rows added since the last call; everything again when the metrics changed or the log shrank
    // (a new session), and from the first moved row when internal events were placed among measured ones (an
    // earlier page of them arrived). Needs an ImGui frame (uses the current font). Returns the rows measured.
    std::size_t sync(const Chat& chat, std::span<const proto::InternalEvent> internal, const RowMetrics& metrics);
    std::size_t sync(const Chat& chat, const RowMetrics& metrics) { return sync(chat, {}, metrics); }

    std::size_t rows() const { return bottoms_.size(); }
    float total_height() const { return bottoms_.empty() ? 0 : bottoms_.back(); }
    float row_top(std::size_t i) const { return i == 0 ? 0 : bottoms_[i - 1]; }
    float row_bottom(std::size_t i) const { return bottoms_[i]; }
    // The first row whose bottom is below `y` (rows.size() if none).
    std::size_t first_row_below(float y) const;
    // What row `row` shows (as of the last sync): the internal event with this index, or else (nullopt) the chat
    // event event_at(row).
    std::optional<std::size_t> internal_at(std::size_t row) const;
    std::size_t event_at(std::size_t row) const;

    // Rounds the available width down to a step, so that dragging a window edge re-measures every few pixels
    // instead of on every one (a full re-measure of 100,000 rows costs tens of milliseconds).
    static float quantize_width(float available);

private:
    RowMetrics metrics_{};
    std::vector<float> bottoms_;              // bottoms_[i] = bottom of row i = sum of heights 0..i
    std::vector<std::size_t> internal_rows_;  // the row of each internal event, ascending
};

// An internal event's line as the transcript shows it: its time, then internal_event_text().
std::string internal_row_text(const proto::InternalEvent& event);
// Its row's height: the line wrapped inside a tinted box `row.wrap_width` wide.
float internal_row_height(const std::string& text, const RowMetrics& row);
// Padding inside that box (left/right and top/bottom).
ImVec2 internal_row_padding(const RowMetrics& row);

// Whether the event is drawn as a message (author line + text) or a one-line system row.
bool is_message_row(const ChatEvent& event);

// A message is a bubble beside an initials avatar: the customer's on the left, agents' on the right, so who said
// what reads at a glance. Sizes follow the text line, so they scale with the font and devicePixelRatio.
struct BubbleGeometry {
    float avatar = 0;      // the avatar circle's diameter
    float gap = 0;         // between avatar and bubble
    float pad_x = 0;       // inside the bubble, left and right of its text
    float pad_y = 0;       // above and below it
    float max_width = 0;   // the widest a bubble gets (outer size)
    float text_width = 0;  // the text's wrap width inside the widest bubble
};
BubbleGeometry bubble_geometry(const RowMetrics& row);
// The bubble's outer height for a message event (header line, text, a photo's thumbnail, padding).
float bubble_height(const ChatEvent& event, const RowMetrics& row, const BubbleGeometry& bubble);
// The metrics a bubble's content is laid out with (its text width as the wrap width).
RowMetrics bubble_content_metrics(const RowMetrics& row, const BubbleGeometry& bubble);

}  // namespace desk
