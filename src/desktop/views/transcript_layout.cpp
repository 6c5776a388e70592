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
    for (std::size_t i = from; i < chat.events.size(); ++i) {
        const ChatEvent& e = chat.events[i];
        const char* text = e.text.c_str();
        const float text_height = ImGui::CalcTextSize(text, text + e.text.size(), false, metrics.wrap_width).y;
        const float header = is_message_row(e) ? metrics.line_height : 0;
        bottom += header + std::max(text_height, metrics.line_height) + metrics.row_spacing +
            file_row_extra_height(e, metrics);
        bottoms_.push_back(bottom);
    }
    return chat.events.size() - from;
}

std::size_t TranscriptLayout::first_row_below(float y) const {
    return static_cast<std::size_t>(std::upper_bound(bottoms_.begin(), bottoms_.end(), y) - bottoms_.begin());
}

}  // namespace desk
