// What the views ask of the files feature (uploads, thumbnails, the photo viewer, downloads), and what the
// platform reports back (ev::FileIo). Handled by update_files.cpp.
#pragma once

#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "desktop/core/files_state.hpp"

namespace desk {

namespace intent {
// One line per alternative, a table read downwards:
// clang-format off
struct PickFiles { std::string chat_id; };         // open the browser's file picker for this chat
struct CancelUpload { std::string handle; };       // abort a running or queued upload and drop it
struct RetryUpload { std::string handle; };        // a failed upload again, with the same clientId
struct DismissUpload { std::string handle; };      // drop a failed or refused row
// The photos whose thumbnails are on screen this frame (sent when the set changes): they load first and are
// never evicted while shown.
struct ShowImages { std::string chat_id; std::vector<std::string> file_ids; };
struct OpenViewer { std::string chat_id, file_id; };
struct CloseViewer {};
struct ViewerStep { int delta = 1; };              // next (+1) / previous (-1) photo of the chat, wrapping
struct ViewerZoom { double factor = 1; };          // multiplies the zoom; 0 = back to fit (and centred)
struct ViewerRotate { int quarter_turns = 1; };    // clockwise
struct ViewerPan { double dx = 0, dy = 0; };       // in fractions of the shown image's size
struct DownloadFile { std::string file_id; };      // save a file of a held chat through the browser
// clang-format on
}  // namespace intent

template <class I>
inline constexpr bool is_file_intent_v =
    std::is_same_v<I, intent::PickFiles> || std::is_same_v<I, intent::CancelUpload> ||
    std::is_same_v<I, intent::RetryUpload> || std::is_same_v<I, intent::DismissUpload> ||
    std::is_same_v<I, intent::ShowImages> || std::is_same_v<I, intent::OpenViewer> ||
    std::is_same_v<I, intent::CloseViewer> || std::is_same_v<I, intent::ViewerStep> ||
    std::is_same_v<I, intent::ViewerZoom> || std::is_same_v<I, intent::ViewerRotate> ||
    std::is_same_v<I, intent::ViewerPan> || std::is_same_v<I, intent::DownloadFile>;

// Reports of the platform's file I/O, wrapped in one event type (ev::FileIo in update.hpp).
namespace fileio {
// A file the agent picked, dropped or pasted. `chat_id` "" = the selected chat. `head` = its first bytes (the
// type is judged by them, as the server does).
// One line per alternative, a table read downwards:
// clang-format off
struct Offered { std::string handle, chat_id, name; std::int64_t size = 0; std::string head; };
struct Progress { std::string handle; std::int64_t sent = 0; };
// The upload's HTTP answer: status 0 = no answer (network error, aborted); body = the JSON the server sent.
struct Finished { std::string handle; int status = 0; std::string body; };
// clang-format on
// A decoded photo is on the GPU. `head` = the file's first bytes (EXIF), for JPEG thumbnails only.
struct ImageLoaded {
    std::string file_id;
    ImageVariant variant = ImageVariant::thumbnail;
    std::uint32_t texture = 0;
    int width = 0, height = 0;
    std::string head;
};
// One line per alternative, a table read downwards:
// clang-format off
struct ImageFailed { std::string file_id; ImageVariant variant = ImageVariant::thumbnail; std::string message; };
// clang-format on
}  // namespace fileio
using FileIoReport =
    std::variant<fileio::Offered, fileio::Progress, fileio::Finished, fileio::ImageLoaded, fileio::ImageFailed>;

}  // namespace desk
