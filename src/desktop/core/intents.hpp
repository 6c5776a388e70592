// What the agent asked for through the views. Views only emit these; update() decides what happens.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "desktop/core/files_intents.hpp"
#include "desktop/core/supervision_state.hpp"
#include "desktop/core/workspace_layout.hpp"

namespace desk {

namespace intent {
// One line per alternative, a table read downwards:
// clang-format off
struct Login { std::string username, password; };
struct Logout {};
struct SetReady {};
struct SetNotReady { std::string reason; };
struct AcceptOffer { std::string offer_id; };
struct DeclineOffer { std::string offer_id; };
struct SelectChat { std::string chat_id; };
struct DraftEdited { std::string chat_id; bool empty = false; };   // drives the typing signal
struct SendText { std::string chat_id, text; };
struct RetrySend { std::string client_id; };
struct DiscardSend { std::string client_id; };
struct RequestLocation { std::string chat_id; };  // ask the customer's app to share its location
struct LoadAgents {};
struct TransferChat { std::string chat_id, to_agent_id; };
struct EndChat { std::string chat_id; };
struct FileWrapup { std::string chat_id, disposition, notes; };
struct ToggleTheme {};
struct ResizeColumns { ColumnWidths widths; };  // a column border was dropped (or the layout reset)
struct CopyText { std::string text; };
struct DismissNotice { std::size_t index = 0; };
struct ShowText { std::string text; };  // text typed or about to be drawn: ask the platform for its glyphs
// Select the chat and centre its map on a position (a "Location shared" row, a photo's GPS position, a
// coordinate in the context). Out-of-range or NaN coordinates are refused with a notice.
struct ShowOnMap { std::string chat_id; double lat = 0, lon = 0; std::string label; };
struct OpenInMaps { double lat = 0, lon = 0; };  // the position in the agent's web map (a new tab)
// An earlier chat of the held chat's verified customer, read-only in the chat column (update_history.cpp).
struct OpenPastChat { std::string from_chat_id, past_chat_id; };
struct ClosePastChat {};
struct ReloadHistory { std::string chat_id; };  // ask again after a refusal
// Supervisors (update_supervision.cpp): watch a live chat read-only, whisper to its agent, barge in, take it over.
// Text to the customer while barged in is SendText on the watched chat.
struct WatchChat { std::string chat_id; };
struct StopWatching {};
struct EditWhisper { std::string chat_id, text; };  // the whisper draft lives in the state: kept until stored
struct SendWhisper { std::string chat_id, text; };
struct BargeIn { std::string chat_id; };
struct TakeOver { std::string chat_id; };
struct ShowSupervisorPane { SupervisorPane pane = SupervisorPane::overview; };
// The chat's agent asks a supervisor for help (flagged) or withdraws it; the reason may be "".
struct FlagChat { std::string chat_id; bool flagged = true; std::string reason; };
// clang-format on
// Calls (update_calls.cpp): one intent for every call control, so the call feature adds one alternative.
struct CallControl {
    enum class Op {
        request_consent,
        place_phone_call,
        start_webrtc_call,
        hang_up,
        toggle_mute,
        toggle_hold,
        select_microphone,
        select_speaker,
        refresh_devices,
        dismiss
    };
    Op op = Op::dismiss;
    std::string chat_id;
    std::string mode;       // request_consent: "phone" or "webrtc"
    std::string device_id;  // select_microphone / select_speaker ("" = the browser's default)
};
}  // namespace intent

using Intent =
    std::variant<intent::Login, intent::Logout, intent::SetReady, intent::SetNotReady, intent::AcceptOffer,
                 intent::DeclineOffer, intent::SelectChat, intent::DraftEdited, intent::SendText, intent::RetrySend,
                 intent::DiscardSend, intent::RequestLocation, intent::LoadAgents, intent::TransferChat,
                 intent::EndChat, intent::FileWrapup, intent::ToggleTheme, intent::ResizeColumns, intent::CopyText,
                 intent::DismissNotice, intent::ShowText, intent::ShowOnMap, intent::OpenInMaps, intent::CallControl,
                 intent::OpenPastChat, intent::ClosePastChat, intent::ReloadHistory, intent::WatchChat,
                 intent::StopWatching, intent::EditWhisper, intent::SendWhisper, intent::BargeIn, intent::TakeOver,
                 intent::ShowSupervisorPane, intent::FlagChat, intent::PickFiles, intent::CancelUpload,
                 intent::RetryUpload, intent::DismissUpload, intent::ShowImages, intent::OpenViewer,
                 intent::CloseViewer, intent::ViewerStep, intent::ViewerZoom, intent::ViewerRotate, intent::ViewerPan,
                 intent::DownloadFile>;

// The views' output for one frame.
using Intents = std::vector<Intent>;

}  // namespace desk
