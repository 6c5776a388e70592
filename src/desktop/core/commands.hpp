// Effects returned by update() as values. The App executes them through PlatformServices; tests inspect them.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "desktop/core/files_state.hpp"

namespace desk {

namespace cmd {
// One line per alternative, a table read downwards:
// clang-format off
struct OpenSocket { std::string url; };
struct CloseSocket {};
struct SendFrame { std::string text; };             // one JSON text frame
struct WakeAfter { double delay_ms = 0; };           // ask for a frame (timers)
struct StoreSet { std::string key, value; };
struct StoreRemove { std::string key; };
struct StoreLoad { std::string key; };            // read it; the value comes back as ev::StoredValue
struct SetTitle { std::string title; };
struct Notify { std::string title, body; };
struct PlayTone {};
struct ClipboardWrite { std::string text; };
struct NeedGlyphs { std::string text; };             // text about to be shown
// Files (update_files.cpp). The token goes in an Authorization header, never in a URL the browser keeps.
struct PickFiles { std::string chat_id; };           // the browser's file picker; choices come back as fileio::Offered
struct StartUpload { std::string handle, url, token; };  // POST the held file's bytes; progress + answer come back
struct AbortUpload { std::string handle; };
struct ReleaseUpload { std::string handle; };        // the bytes are no longer needed
// Fetch, decode (EXIF orientation applied), scale to at most max_px on the longest side and make a texture;
// head_bytes > 0: also hand back the file's first bytes (EXIF GPS).
struct LoadImage { std::string file_id; ImageVariant variant; std::string url, token; int max_px = 0; std::size_t head_bytes = 0; };
struct FreeTexture { std::uint32_t texture = 0; };
struct DownloadFile { std::string url, token, name; };
struct OpenUrl { std::string url; };                 // tel: links (the agent's phone or softphone)
struct CallMedia { std::string command_json; };      // to the WebRTC media bridge (rtc-bridge.js; docs/desktop-platform.md)
// The admin's logo (config.json branding.logoUrl): fetched without a token and decoded like a photo, longest
// side at most max_px; the answer comes back as ev::LogoLoaded or ev::LogoFailed.
struct LoadLogo { std::string url; int max_px = 0; };
// clang-format on
}  // namespace cmd

using Command =
    std::variant<cmd::OpenSocket, cmd::CloseSocket, cmd::SendFrame, cmd::WakeAfter, cmd::StoreSet, cmd::StoreRemove,
                 cmd::StoreLoad, cmd::SetTitle, cmd::Notify, cmd::PlayTone, cmd::ClipboardWrite, cmd::NeedGlyphs,
                 cmd::OpenUrl, cmd::CallMedia, cmd::PickFiles, cmd::StartUpload, cmd::AbortUpload, cmd::ReleaseUpload,
                 cmd::LoadImage, cmd::FreeTexture, cmd::DownloadFile, cmd::LoadLogo>;
using Commands = std::vector<Command>;

// Storage keys. Per tab, surviving a reload (sessionStorage); "agentdesk.prefs." ones are kept across sessions
// (localStorage; see workspace_layout.hpp).
inline constexpr const char* kTokenKey = "agentdesk.token";
inline constexpr const char* kThemeKey = "agentdesk.prefs.theme";

}  // namespace desk
