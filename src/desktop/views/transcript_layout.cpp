#include "desktop/views/transcript_layout.hpp"

#include <algorithm>
#include <cmath>

#include "imgui.h"

#include "desktop/core/clock_text.hpp"
#include "desktop/core/event_text.hpp"
#include "desktop/views/files_view.hpp"

namespace desk {

namespace {
constexpr float kWidthStep = 16;  // see quantize_width
}

bool is_message_row(const ChatEvent& event) {
    return event.role != proto::Role::system &&
        (event.kind == proto::EventKind::text || event.kind == proto::EventKind::file ||
         event.kind == proto::EventKind::location);
}

BubbleGeometry bubble_geometry(const RowMetrics& row) {
    BubbleGeometry g;
    g.avatar = std::floor(row.line_height * 1.75f);
    g.gap = std::floor(row.line_height * 0.5f);
    g.pad_x = std::floor(row.line_height * 0.6f);
    g.pad_y = std::floor(row.line_height * 0.35f);
    // A bubble leaves a fifth of the row free on the other side (so sides stay apart) but is never narrower than
    // a few words; in a very narrow column it takes what is there.
    const float beside_avatar = std::max(0.0f, row.wrap_width - g.avatar - g.gap);
    const float preferred = std::max(row.line_height * 12, std::floor(beside_avatar * 0.8f));
    g.max_width = std::min(beside_avatar, preferred);
    g.text_width = std::max(row.line_height, g.max_width - 2 * g.pad_x);
    return g;
}

RowMetrics bubble_content_metrics(const RowMetrics& row, const BubbleGeometry& bubble) {
    RowMetrics content = row;
    content.wrap_width = bubble.text_width;
    return content;
}

float bubble_height(const ChatEvent& event, const RowMetrics& row, const BubbleGeometry& bubble) {
    const RowMetrics content = bubble_content_metrics(row, bubble);
    const char* text = event.text.c_str();
    const float text_height = ImGui::CalcTextSize(text, text + event.text.size(), false, bubble.text_width).y;
    // Items inside are ImGui's ItemSpacing.y (half the row spacing) apart: header, [thumbnail,] text.
    return 2 * bubble.pad_y + row.line_height + row.row_spacing * 0.5f + std::max(text_height, row.line_height) +
        file_row_extra_height(event, content);
}

float TranscriptLayout::quantize_width(float available) {
    return std::max(kWidthStep, std::floor(available / kWidthStep) * kWidthStep);
}

std::string internal_row_text(const proto::InternalEvent& event) {
    return clock_label(static_cast<TimeMs>(event.ts)) + "  " + internal_event_text(event);
}

ImVec2 internal_row_padding(const RowMetrics& row) {
    return ImVec2(std::floor(row.line_height * 0.6f), std::floor(row.line_height * 0.25f));
}

float internal_row_height(const std::string& text, const RowMetrics& row) {
    const ImVec2 pad = internal_row_padding(row);
    const float width = std::max(row.line_height, row.wrap_width - 2 * pad.x);
    const float text_height = ImGui::CalcTextSize(text.c_str(), text.c_str() + text.size(), false, width).y;
    return std::max(text_height, row.line_height) + 2 * pad.y;
}

std::size_t TranscriptLayout::sync(const Chat& chat, std::span<const proto::InternalEvent> internal,
                                   const RowMetrics& metrics) {
    const bool metrics_changed = metrics.wrap_width != metrics_.wrap_width ||
        metrics.line_height != metrics_.line_height || metrics.row_spacing != metrics_.row_spacing;
    const std::size_t total_rows = chat.events.size() + internal.size();
    if (metrics_changed || total_rows < bottoms_.size()) {
        bottoms_.clear();
        internal_rows_.clear();
        metrics_ = metrics;
    }
    // Where each internal event goes: after the events stamped at or before it (logs are in time order), and
    // never before an earlier internal event. Few per chat, so this is cheap each frame.
    std::vector<std::size_t> rows;
    rows.reserve(internal.size());
    std::size_t after_events = 0;
    for (std::size_t j = 0; j < internal.size(); ++j) {
        const auto ts = static_cast<TimeMs>(internal[j].ts);
        const auto at = std::upper_bound(chat.events.begin() + static_cast<std::ptrdiff_t>(after_events),
                                         chat.events.end(), ts, [](TimeMs t, const ChatEvent& e) { return t < e.ts; });
        after_events = static_cast<std::size_t>(at - chat.events.begin());
        rows.push_back(after_events + j);
    }
    // Rows before the first internal event that moved (or is new, or went) are still measured right.
    std::size_t valid = bottoms_.size();
    for (std::size_t j = 0; j < std::max(rows.size(), internal_rows_.size()); ++j) {
        const bool same = j < rows.size() && j < internal_rows_.size() && rows[j] == internal_rows_[j];
        if (same) continue;
        if (j < rows.size()) valid = std::min(valid, rows[j]);
        if (j < internal_rows_.size()) valid = std::min(valid, internal_rows_[j]);
        break;
    }
    bottoms_.resize(valid);
    internal_rows_ = std::move(rows);

    const std::size_t from = bottoms_.size();
    bottoms_.reserve(total_rows);
    float bottom = total_height();
    const BubbleGeometry bubble = bubble_geometry(metrics);
    for (std::size_t row = from; row < total_rows; ++row) {
        if (const auto j = internal_at(row)) {
            bottom += internal_row_height(internal_row_text(internal[*j]), metrics) + metrics.row_spacing;
            bottoms_.push_back(bottom);
            continue;
        }
        const ChatEvent& e = chat.events[event_at(row)];
        if (is_message_row(e)) {
            bottom += std::max(bubble.avatar, bubble_height(e, metrics, bubble)) + metrics.row_spacing;
        } else {
            const char* text = e.text.c_str();
            const float text_height = ImGui::CalcTextSize(text, text + e.text.size(), false, metrics.wrap_width).y;
            bottom += std::max(text_height, metrics.line_height) + metrics.row_spacing;
        }
        bottoms_.push_back(bottom);
    }
    return total_rows - from;
}

std::optional<std::size_t> TranscriptLayout::internal_at(std::size_t row) const {
    const auto at = std::lower_bound(internal_rows_.begin(), internal_rows_.end(), row);
    if (at == internal_rows_.end() || *at != row) return std::nullopt;
    return static_cast<std::size_t>(at - internal_rows_.begin());
}

std::size_t TranscriptLayout::event_at(std::size_t row) const {
    // Every internal event in a row before this one shifts the events down by one.
    const auto before = std::lower_bound(internal_rows_.begin(), internal_rows_.end(), row) - internal_rows_.begin();
    return row - static_cast<std::size_t>(before);
}

std::size_t TranscriptLayout::first_row_below(float y) const {
    return static_cast<std::size_t>(std::upper_bound(bottoms_.begin(), bottoms_.end(), y) - bottoms_.begin());
}

}  // namespace desk
