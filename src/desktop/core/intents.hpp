// What the agent asked for through the views. Views only emit these; update() decides what happens.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace desk {

namespace intent {
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
struct CopyText { std::string text; };
struct DismissNotice { std::size_t index = 0; };
struct ShowText { std::string text; };  // text typed or about to be drawn: ask the platform for its glyphs
}  // namespace intent

using Intent = std::variant<intent::Login, intent::Logout, intent::SetReady, intent::SetNotReady,
                            intent::AcceptOffer, intent::DeclineOffer, intent::SelectChat, intent::DraftEdited,
                            intent::SendText, intent::RetrySend, intent::DiscardSend, intent::RequestLocation, intent::LoadAgents,
                            intent::TransferChat, intent::EndChat, intent::FileWrapup, intent::ToggleTheme,
                            intent::CopyText, intent::DismissNotice, intent::ShowText>;

// The views' output for one frame.
using Intents = std::vector<Intent>;

}  // namespace desk
