// The desktop's whole logic: update(state, event, now) changes the state and returns the effects to run.
// Events are what happened: the platform's (socket, visibility, clock), the server's (parsed frames), and the
// agent's (intents from the views). Nothing here blocks, draws or touches the browser.
#pragma once

#include <string>
#include <variant>

#include "desktop/core/commands.hpp"
#include "desktop/core/intents.hpp"
#include "desktop/core/rules.hpp"  // the rules update() applies to intents, shared with the views
#include "desktop/core/state.hpp"
#include "protocol/messages.hpp"
#include "protocol/result.hpp"

namespace desk {

namespace ev {
// The App started: what storage held, and where the server is.
struct Started {
    std::string stored_token;
    std::string stored_theme;
    std::string server_url;
    bool page_visible = true;
    std::uint64_t seed = 0;  // entropy for jitter and clientIds
};
// One line per alternative, a table read downwards:
// clang-format off
struct SocketOpened {};
struct SocketClosed { int code = 0; std::string reason; };
struct ServerFrame { proto::ServerMessage message; };
struct BadServerFrame { proto::Error error; };  // a frame that did not parse: reported, never fatal
struct VisibilityChanged { bool visible = true; };
struct FileIo { FileIoReport report; };  // uploads and image loads reported by the platform (files_intents.hpp)
struct StoredValue { std::string key, value; };  // answer to cmd::StoreLoad ("" = nothing stored)
struct Tick {};  // the clock moved (timers, countdowns)
struct CallMediaReport { CallMediaEvent report; };  // from the WebRTC media bridge (parse_call_media_event)
struct LogoLoaded { std::uint32_t texture = 0; int width = 0, height = 0; };  // answer to cmd::LoadLogo
struct LogoFailed { std::string message; };                                  // answer to cmd::LoadLogo
// clang-format on
}  // namespace ev

using Event = std::variant<ev::Started, ev::SocketOpened, ev::SocketClosed, ev::ServerFrame, ev::BadServerFrame,
                           ev::VisibilityChanged, ev::StoredValue, ev::Tick, Intent, ev::CallMediaReport, ev::FileIo,
                           ev::LogoLoaded, ev::LogoFailed>;

[[nodiscard]] Commands update(State& state, const Event& event, TimeMs now);

}  // namespace desk
