// Verified customers' earlier chats (docs/protocol.md "Verified customers"): customer.history lists them for the
// agent serving the customer now. Reading one (chat.sync, its files) is allowed by ChatPipeline::agent_may_read;
// an unverified customer has no history, whatever their app claims.
#pragma once

#include "agent_roster.hpp"
#include "chat_pipeline.hpp"
#include "connections.hpp"
#include "hub_services.hpp"

namespace server {

class PastChats {
public:
    PastChats(HubServices& services, Connections& connections, AgentRoster& roster, ChatPipeline& chats);

    // Answers `history`: the chat's customer's other chats, newest first, read off the strand.
    void history(SessionState& session, const proto::CustomerHistory& request);

private:
    proto::PastChat past_chat(const PastChatRecord& record) const;

    HubServices& services_;
    Connections& connections_;
    AgentRoster& roster_;
    ChatPipeline& chats_;
};

}  // namespace server
