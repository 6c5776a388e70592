#include "samples.hpp"

#include <nlohmann/json.hpp>

using namespace proto;

namespace proto_test {

ChatSummary sample_chat() {
    ChatSummary chat;
    chat.chat_id = "c7";
    chat.status = ChatStatus::active;
    chat.created_at = 1764172000123;
    chat.assigned_at = 1764172000456;
    chat.customer.name = "Max Müller 山田 🚗";
    chat.customer.phone = "+4915112345678";
    chat.customer.capabilities = {Capability::phone, Capability::location, Capability::webrtc};
    chat.customer.language = "de";
    chat.customer.app = "Auto Insurance 3.2";
    chat.customer.user_id = "u-4711";
    chat.context = {{"Policy", "KFZ-2231-77"}, {"Vehicle", "VW Golf, B-XY 123"}};
    chat.agent = AgentRef{"a1", "Anna Berger"};
    chat.last_seq = 12;
    chat.last_location = TimedLocation{Location{52.52, 13.405, 12.5}, 1764172001000};
    return chat;
}

Event sample_event(EventBody body) {
    Event event;
    event.seq = 5;
    event.ts = 1764172000123;
    event.author = Author{Role::agent, "a1", "Anna Berger"};
    event.client_id = "m-5f2c";
    event.body = std::move(body);
    return event;
}

std::vector<EventBody> sample_bodies() {
    return {
        TextBody{"Ich hatte einen Unfall auf der A100… 事故 🚑"},
        FileBody{FileInfo{"f3", "unfall.jpg", "image/jpeg", 2311222, 4032, 3024}},
        LocationBody{Location{52.520008, 13.404954, 12.5}},
        LocationRequestBody{},
        ContextBody{{{"Policy", "KFZ-2231-77"}, {"Old", ""}}},
        JoinedBody{Role::agent, "Anna Berger"},
        LeftBody{Role::agent, "Anna Berger", "transfer"},
        TransferBody{"Anna Berger", "Ben Koch"},
        CallBody{CallAction::ended, CallMode::phone, "+4915112345678", 93000, std::nullopt},
        EndedBody{Role::customer, "resolved"},
    };
}

std::vector<ClientMessage> sample_client_messages() {
    std::vector<ClientMessage> list;
    list.push_back(AgentLogin{"1", "anna", "demo-anna"});
    list.push_back(AgentResume{"1", "q0Vx-token_abcdefghijklmnopqrstuvwxyz012345"});
    list.push_back(AgentLogout{"9"});
    list.push_back(AgentPresence{"3", PresenceState::not_ready, "Lunch"});
    list.push_back(AgentPresence{"", PresenceState::ready, ""});
    list.push_back(AgentsList{"4"});
    CustomerStart start;
    start.rid = "1";
    start.name = "Max Mustermann";
    start.phone = "+4915112345678";
    start.capabilities = {Capability::phone, Capability::location, Capability::files, Capability::webrtc};
    start.context = {{"Policy", "KFZ-2231-77"}, {"Vehicle", "VW Golf, B-XY 123"}};
    start.language = "de";
    start.app = "Auto Insurance 3.2";
    list.push_back(start);
    start.identity = CustomerIdentity{"u-4711", std::string(64, 'a')};
    list.push_back(start);
    list.push_back(CustomerStart{"", "Yuki 山田", std::nullopt, {}, {}, "", "", std::nullopt});
    list.push_back(CustomerResume{"1", "Zk3-token"});
    for (EventBody& body : sample_bodies()) {
        if (client_may_send(kind_of(body))) list.push_back(ChatSend{"21", "c7", "m-5f2c", body});
    }
    list.push_back(ChatSync{"5", "c7", 12});
    list.push_back(ChatMark{"8", "c7", 13, 13});
    list.push_back(ChatMark{"", "c7", std::nullopt, 4});
    list.push_back(TypingSignal{"", "c7", true});
    list.push_back(RtcSignal{"", "c7", "k1", nlohmann::json{{"sdp", {{"type", "offer"}, {"sdp", "v=0\r\n"}}}}});
    list.push_back(OfferAccept{"6", "o9"});
    list.push_back(OfferDecline{"7", "o9"});
    list.push_back(ChatTransfer{"8", "c7", "a2"});
    list.push_back(ChatEnd{"9", "c7", "resolved"});
    list.push_back(ChatWrapup{"10", "c7", "Claim opened", "Tow truck ordered\nÜberführung morgen"});
    list.push_back(CustomerHistory{"11", "c7"});
    list.push_back(ChatFlagRequest{"12", "c7", true, "Customer injured"});
    list.push_back(ChatFlagRequest{"13", "c7", false, ""});
    list.push_back(InternalSync{"14", "c7", 3});
    list.push_back(SupervisorWatch{"15", "c7", true});
    list.push_back(SupervisorWatch{"16", "c7", false});
    list.push_back(SupervisorWhisper{"17", "c7", "Ask whether anyone is hurt\nthen offer the tow"});
    list.push_back(SupervisorJoin{"18", "c7"});
    list.push_back(SupervisorTakeover{"19", "c7"});
    return list;
}

std::vector<ServerMessage> sample_server_messages() {
    std::vector<ServerMessage> list;
    AgentWelcome welcome;
    welcome.rid = "1";
    welcome.token = "q0Vx";
    welcome.agent = AgentInfo{"a1", "anna", "Anna Berger"};
    welcome.presence = Presence{PresenceState::not_ready, "Login"};
    welcome.capacity = 4;
    welcome.chats = {sample_chat()};
    Offer offer{"o9",
                sample_chat(),
                "Ich hatte einen Unfall…",
                20000,
                AgentRef{"a2", "Ben Koch"},
                {"Auf der A100, Höhe Tempelhof", "Ich hatte einen Unfall…"}};
    welcome.offers = {offer};
    welcome.config.canned_responses = {
        {"hello", "Greeting", "Hello {customer.name}, I am {agent.name}. How can I help?"}};
    welcome.config.dispositions = {"Resolved", "Follow-up needed", "Claim opened", "No response"};
    welcome.config.not_ready_reasons = {"Break", "Lunch"};
    welcome.limits.max_text_chars = 5000;
    list.push_back(welcome);
    ChatSummary queued;
    queued.chat_id = "c8";
    queued.customer.name = "Max";
    list.push_back(CustomerWelcome{"1", "Zk3", queued, Limits{}});
    list.push_back(Ok{"9"});
    list.push_back(ErrorReply{"17", Error::invalid_field("body.text", "must not be empty")});
    list.push_back(ErrorReply{"", Error::too_large("body.text", 4000)});
    Error rate = Error::make(ErrorCode::rate_limited, "slow down");
    rate.retry_after_ms = 250;
    list.push_back(ErrorReply{"3", rate});
    list.push_back(PresenceUpdate{"2", Presence{PresenceState::ready, ""}});
    list.push_back(PresenceUpdate{"", Presence{PresenceState::not_ready, "Missed offer"}});
    list.push_back(AgentsReply{"4", {AgentListEntry{"a2", "Ben Koch", PresenceState::ready, 1, 4}}});
    list.push_back(QueueUpdate{"c7", 3});
    for (EventBody& body : sample_bodies()) list.push_back(EventPush{"c7", sample_event(body)});
    Event system_event = sample_event(JoinedBody{Role::agent, "Anna Berger"});
    system_event.author = Author{Role::system, "", ""};
    system_event.client_id.reset();
    list.push_back(EventPush{"c7", system_event});
    list.push_back(Ack{"21", "c7", "m-5f2c", 13, 1764172000999});
    list.push_back(ChatSynced{"5", "c7", 20, Receipts{{13, 13}, {12, 12}}});
    list.push_back(ReceiptPush{"c7", Role::customer, {13, 13}});
    list.push_back(TypingPush{"c7", Role::customer, "Max Mustermann", true});
    list.push_back(RtcSignalPush{"c7", "k1", Role::agent, nlohmann::json{{"candidate", "a=1"}}});
    list.push_back(OfferPush{offer});
    Offer plain = offer;
    plain.transfer_from.reset();
    plain.chat.agent.reset();
    plain.chat.last_location.reset();
    plain.chat.assigned_at.reset();
    plain.chat.customer.phone.reset();
    plain.customer_texts.clear();
    list.push_back(OfferPush{plain});
    list.push_back(OfferRevoked{"o9", OfferRevokedReason::expired});
    list.push_back(ChatAssigned{"6", sample_chat()});
    list.push_back(ChatRemoved{"c7", ChatRemovedReason::transferred});
    list.push_back(TransferFailed{"c7", TransferFailedReason::declined});
    list.push_back(SessionReplaced{});
    PastChat past;
    past.chat_id = "c3";
    past.created_at = 1764000000000;
    past.ended_at = 1764000900000;
    past.agent = AgentRef{"a1", "Anna Berger"};
    past.disposition = "Claim opened";
    past.notes = "Tow truck ordered";
    past.first_lines = {"Ich hatte einen Unfall", "Wo sind Sie?"};
    past.last_seq = 14;
    PastChat unanswered;
    unanswered.chat_id = "c2";
    unanswered.status = ChatStatus::ended;
    list.push_back(HistoryReply{"11", "c7", true, {past, unanswered}});
    list.push_back(HistoryReply{"12", "c8", false, {}});
    AgentWelcome supervisor_welcome = welcome;
    supervisor_welcome.agent = AgentInfo{"a9", "sam", "Sam Supervisor", AccountRole::supervisor};
    list.push_back(supervisor_welcome);
    const AgentRef sam{"a9", "Sam Supervisor"};
    const ChatFlag flag{AgentRef{"a1", "Anna Berger"}, "Customer injured", 1764172001000};
    list.push_back(
        InternalPush{"c7", InternalEvent{4, 1764172002000, sam, InternalKind::whisper, "Ask about injuries"}});
    list.push_back(InternalPage{"20",
                                "c7",
                                {InternalEvent{1, 1764172001000, flag.by, InternalKind::flagged, "Customer injured"},
                                 InternalEvent{2, 1764172001500, sam, InternalKind::watch_started, ""}},
                                2,
                                flag});
    list.push_back(InternalPage{"21", "c8", {}, 0, std::nullopt});
    list.push_back(ChatWatchers{"c7", {sam}, {}});
    list.push_back(ChatWatchers{"c7", {}, {sam}});
    SupervisorOverview overview;
    overview.ts = 1764172003000;
    overview.queue = {QueuedChatView{"c9", "Lea", true, 1764172000000, 1, std::nullopt},
                      QueuedChatView{"c10", "Tom", false, 1764172001000, 0, AgentRef{"a2", "Ben Koch"}}};
    overview.queue_total = 2;
    overview.agents = {AgentView{"a1", "Anna Berger", AccountRole::agent, true, Presence{PresenceState::ready, ""},
                                 1764171000000, 1, 4},
                       AgentView{"a9", "Sam Supervisor", AccountRole::supervisor, true,
                                 Presence{PresenceState::not_ready, "Login"}, 1764171500000, 0, 4}};
    LiveChatView live;
    live.chat_id = "c7";
    live.customer_name = "Max Mustermann";
    live.verified = true;
    live.agent = AgentRef{"a1", "Anna Berger"};
    live.assigned_at = 1764171900000;
    live.awaiting_reply_since = 1764172002500;
    live.flag = flag;
    live.watchers = {sam};
    live.last_seq = 20;
    LiveChatView ended;
    ended.chat_id = "c6";
    ended.status = ChatStatus::ended;
    ended.customer_name = "Ida";
    ended.barged_in = {sam};
    overview.chats = {live, ended};
    overview.chats_total = 2;
    list.push_back(overview);
    list.push_back(SupervisorOverview{});
    return list;
}

}  // namespace proto_test
