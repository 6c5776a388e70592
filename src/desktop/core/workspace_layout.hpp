// The work screen's columns as the agent arranged them: widths of the conversation list and of the customer
// column (the chat takes the rest), in design pixels (16 px text; the views scale them with the font). Dragged by
// their borders, remembered per agent in the browser (localStorage, key below), restored at login.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace desk {

struct ColumnWidths {
    float conversations = 270;
    float customer = 320;
    friend bool operator==(const ColumnWidths&, const ColumnWidths&) = default;
};

// Bounds of a dragged width (design px). The chat column keeps at least kChatColumnMin: a border dragged further
// stops there.
inline constexpr float kConversationsWidthMin = 200;
inline constexpr float kConversationsWidthMax = 560;
inline constexpr float kCustomerWidthMin = 260;
inline constexpr float kCustomerWidthMax = 900;
inline constexpr float kChatColumnMin = 320;
// Stored values are short JSON objects; anything longer is not ours.
inline constexpr std::size_t kColumnWidthsMaxBytes = 200;

// Each width within its bounds; then, when the three columns do not fit `total_width` (design px of the whole
// row, 0 = unknown), the customer column and then the list give way down to their minimums.
[[nodiscard]] ColumnWidths clamp_columns(ColumnWidths widths, float total_width = 0);

// {"conversations":270,"customer":320}
[[nodiscard]] std::string encode_columns(const ColumnWidths& widths);
// nullopt for anything that is not such an object with finite numbers (a stored value of another version or a
// hand-edited one); the widths are clamped.
[[nodiscard]] std::optional<ColumnWidths> parse_columns(std::string_view stored);

// "agentdesk.prefs.columns.<username>": kept across sessions (web/desktop/services-bridge.js puts
// "agentdesk.prefs." keys in localStorage), one per agent sharing a browser.
[[nodiscard]] std::string columns_storage_key(const std::string& username);

}  // namespace desk
