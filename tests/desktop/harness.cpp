#include "harness.hpp"

#include <doctest/doctest.h>

namespace desk::test {

Commands Harness::apply(const Event& event) {
    last = update(s, event, now);
    return last;
}

std::vector<nlohmann::json> Harness::all_sent(const std::string& type) const {
    std::vector<nlohmann::json> frames;
    for (const auto& frame : of_type<cmd::SendFrame>(last)) {
        auto json = nlohmann::json::parse(frame.text);
        if (json.value("type", "") == type) frames.push_back(json);
    }
    return frames;
}

nlohmann::json Harness::sent(const std::string& type) const {
    auto frames = all_sent(type);
    return frames.empty() ? nlohmann::json(nullptr) : frames.back();
}

void Harness::log_in(std::vector<proto::ChatSummary> chats) {
    apply(ev::Started{"", "", "ws://127.0.0.1:1/ws", true, 42});
    apply(intent::Login{"anna", "demo-anna"});
    REQUIRE(of_type<cmd::OpenSocket>(last).size() == 1);
    apply(ev::SocketOpened{});
    const auto login = sent("agent.login");
    REQUIRE(login.is_object());
    server(welcome(login["rid"].get<std::string>(), std::move(chats)));
    REQUIRE(s.connection.phase == ConnectionPhase::connected);
}

proto::ChatSummary summary(const std::string& chat_id, const std::string& customer, std::int64_t last_seq) {
    proto::ChatSummary c;
    c.chat_id = chat_id;
    c.status = proto::ChatStatus::active;
    c.created_at = static_cast<std::int64_t>(kStart) - 120000;
    c.assigned_at = static_cast<std::int64_t>(kStart) - 60000;
    c.customer.name = customer;
    c.customer.phone = "+4915112345678";
    c.customer.capabilities = {proto::Capability::phone, proto::Capability::location};
    c.customer.app = "Auto Insurance 3.2";
    c.context = {{"Policy", "KFZ-2231-77"}};
    c.last_seq = last_seq;
    return c;
}

proto::AgentWelcome welcome(const std::string& rid, std::vector<proto::ChatSummary> chats) {
    proto::AgentWelcome w;
    w.rid = rid;
    w.token = kToken;
    w.agent = {"a1", "anna", "Anna Berger"};
    w.presence = {proto::PresenceState::not_ready, "Login"};
    w.capacity = 4;
    w.chats = std::move(chats);
    w.config.canned_responses = {{"hello", "Greeting", "Hello {customer.name}, I am {agent.name}."}};
    w.config.dispositions = {"Resolved", "Claim opened"};
    w.config.not_ready_reasons = {"Break", "Lunch"};
    return w;
}

proto::EventPush text_event(const std::string& chat_id, std::int64_t seq, proto::Role role, const std::string& text,
                            const std::string& client_id) {
    proto::EventPush push;
    push.chat_id = chat_id;
    push.event.seq = seq;
    push.event.ts = static_cast<std::int64_t>(kStart) + seq;
    push.event.author = {role, role == proto::Role::agent ? "a1" : "",
                         role == proto::Role::agent ? "Anna Berger" : "Max Mustermann"};
    if (!client_id.empty()) push.event.client_id = client_id;
    push.event.body = proto::TextBody{text};
    return push;
}

proto::EventPush event_with(const std::string& chat_id, std::int64_t seq, proto::EventBody body, proto::Role role) {
    proto::EventPush push;
    push.chat_id = chat_id;
    push.event.seq = seq;
    push.event.ts = static_cast<std::int64_t>(kStart) + seq;
    push.event.author = {role, "", role == proto::Role::system ? "" : "Max Mustermann"};
    push.event.body = std::move(body);
    return push;
}

}  // namespace desk::test
