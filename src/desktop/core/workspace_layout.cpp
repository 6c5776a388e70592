#include "desktop/core/workspace_layout.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace desk {

ColumnWidths clamp_columns(ColumnWidths widths, float total_width) {
    widths.conversations = std::clamp(widths.conversations, kConversationsWidthMin, kConversationsWidthMax);
    widths.customer = std::clamp(widths.customer, kCustomerWidthMin, kCustomerWidthMax);
    if (total_width > 0) {
        float excess = widths.conversations + widths.customer + kChatColumnMin - total_width;
        if (excess > 0) {
            const float from_customer = std::min(excess, widths.customer - kCustomerWidthMin);
            widths.customer -= from_customer;
            excess -= from_customer;
            widths.conversations -= std::min(excess, widths.conversations - kConversationsWidthMin);
        }
    }
    return widths;
}

std::string encode_columns(const ColumnWidths& widths) {
    return nlohmann::json{{"conversations", std::lround(widths.conversations)},
                          {"customer", std::lround(widths.customer)}}
        .dump();
}

std::optional<ColumnWidths> parse_columns(std::string_view stored) {
    if (stored.empty() || stored.size() > kColumnWidthsMaxBytes) return std::nullopt;
    const nlohmann::json value = nlohmann::json::parse(stored, nullptr, /*allow_exceptions=*/false);
    if (!value.is_object()) return std::nullopt;
    ColumnWidths widths;
    for (auto [key, field] : {std::pair{"conversations", &widths.conversations}, {"customer", &widths.customer}}) {
        const auto found = value.find(key);
        if (found == value.end() || !found->is_number()) return std::nullopt;
        const double number = found->get<double>();
        if (!std::isfinite(number)) return std::nullopt;
        *field = static_cast<float>(number);
    }
    return clamp_columns(widths);
}

std::string columns_storage_key(const std::string& username) { return "agentdesk.prefs.columns." + username; }

}  // namespace desk
