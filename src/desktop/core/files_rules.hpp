// Small rules of the files feature shared by update_files.cpp, the snapshot and the views.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "desktop/core/state.hpp"

namespace desk {

inline constexpr double kViewerMinZoom = 0.25;  // of the fitted size
inline constexpr double kViewerMaxZoom = 16;

// The HTTP origin (and path prefix) of the server whose socket is `ws_url`: ws://h:1/ws → http://h:1.
std::string http_base_url(const std::string& ws_url);
// RFC 3986 percent-encoding of everything but unreserved characters (for path segments and query values).
std::string percent_encode(std::string_view text);
std::string byte_size_text(std::int64_t bytes);  // "512 B", "12 KB", "3.4 MB"
bool is_image_file(const proto::FileInfo& file);
const proto::FileInfo* find_chat_file(const Chat& chat, const std::string& file_id);
std::vector<std::string> chat_image_ids(const Chat& chat);  // the chat's photos, oldest first (viewer order)

}  // namespace desk
