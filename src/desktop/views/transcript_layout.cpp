#include "desktop/views/transcript_layout.hpp"

#include <algorithm>
#include <cmath>

#include "imgui.h"

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

std::size_t TranscriptLayout::sync(const Chat& chat, const RowMetrics& metrics) {
    const bool metrics_changed = metrics.wrap_width != metrics_.wrap_width ||
        metrics.line_height != metrics_.line_height || metrics.row_spacing != metrics_.row_spacing;
    if (metrics_changed || chat.events.size() < bottoms_.size()) {
        bottoms_.clear();
        metrics_ = metrics;
    }
    const std::size_t from = bottoms_.size();
    bottoms_.reserve(chat.events.size());
    float bottom = total_height();
    const BubbleGeometry bubble = bubble_geometry(metrics);
    for (std::size_t i = from; i < chat.events.size(); ++i) {
        const ChatEvent& e = chat.events[i];
        if (is_message_row(e)) {
            bottom += std::max(bubble.avatar, bubble_height(e, metrics, bubble)) + metrics.row_spacing;
        } else {
            const char* text = e.text.c_str();
            const float text_height = ImGui::CalcTextSize(text, text + e.text.size(), false, metrics.wrap_width).y;
            bottom += std::max(text_height, metrics.line_height) + metrics.row_spacing;
        }
        bottoms_.push_back(bottom);
    }
    return chat.events.size() - from;
}

std::size_t TranscriptLayout::first_row_below(float y) const {
    return static_cast<std::size_t>(std::upper_bound(bottoms_.begin(), bottoms_.end(), y) - bottoms_.begin());
}

}  // namespace desk
