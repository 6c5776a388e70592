// Effects returned by update() as values. The App executes them through PlatformServices; tests inspect them.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace desk {

namespace cmd {
struct OpenSocket { std::string url; };
struct CloseSocket {};
struct SendFrame { std::string text; };             // one JSON text frame
struct WakeAfter { double delay_ms = 0; };           // ask for a frame (timers)
struct StoreSet { std::string key, value; };
struct StoreRemove { std::string key; };
struct SetTitle { std::string title; };
struct Notify { std::string title, body; };
struct PlayTone {};
struct ClipboardWrite { std::string text; };
struct NeedGlyphs { std::string text; };             // text about to be shown
}  // namespace cmd

using Command = std::variant<cmd::OpenSocket, cmd::CloseSocket, cmd::SendFrame, cmd::WakeAfter, cmd::StoreSet,
                             cmd::StoreRemove, cmd::SetTitle, cmd::Notify, cmd::PlayTone, cmd::ClipboardWrite,
                             cmd::NeedGlyphs>;
using Commands = std::vector<Command>;

// Storage keys (per tab, survive a reload).
inline constexpr const char* kTokenKey = "agentdesk.token";
inline constexpr const char* kThemeKey = "agentdesk.theme";

}  // namespace desk
