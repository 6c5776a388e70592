// Shared steps of the integration tests: a running server with demo agents, agent logins, customers.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server_process.hpp"
#include "test_client.hpp"

namespace testing {

// A server on a fresh data dir with the demo agents (anna/ben/clara, passwords demo-NAME).
struct Server {
    explicit Server(std::vector<std::string> args = {}) : process(dir.path(), with_demo(std::move(args))) {}
    static std::vector<std::string> with_demo(std::vector<std::string> args) {
        args.push_back("--demo");
        return args;
    }
    std::uint16_t port() const { return process.port(); }
    TempDir dir;
    ServerProcess process;
};

struct AgentClient {
    std::unique_ptr<WsClient> ws;
    Json welcome;
    std::string token;
    std::string id;
};

// Logs in and returns the client after agent.welcome; ws is null on failure.
inline AgentClient login_agent(std::uint16_t port, const std::string& username, bool ready = true) {
    AgentClient agent;
    agent.ws = WsClient::connect(port);
    if (!agent.ws) return agent;
    agent.ws->send({{"type", "agent.login"},
                    {"rid", "login"},
                    {"protocol", 1},
                    {"username", username},
                    {"password", "demo-" + username}});
    auto welcome = agent.ws->read_type("agent.welcome", 15000ms);
    if (!welcome) {
        agent.ws.reset();
        return agent;
    }
    agent.welcome = *welcome;
    agent.token = (*welcome)["token"];
    agent.id = (*welcome)["agent"]["id"];
    if (ready) {
        agent.ws->send({{"type", "agent.presence"}, {"rid", "ready"}, {"state", "ready"}});
        auto presence = agent.ws->read_until([](const Json& f) { return f.value("rid", "") == "ready"; });
        if (!presence) agent.ws.reset();
    }
    return agent;
}

struct CustomerClient {
    std::unique_ptr<WsClient> ws;
    Json welcome;
    std::string token;
    std::string chat_id;
};

inline CustomerClient start_customer(std::uint16_t port, const std::string& name = "Max Mustermann",
                                     Json extra = Json::object()) {
    CustomerClient customer;
    customer.ws = WsClient::connect(port);
    if (!customer.ws) return customer;
    Json start = {{"type", "customer.start"},
                  {"rid", "start"},
                  {"protocol", 1},
                  {"name", name},
                  {"phone", "+49 151 12345678"},
                  {"capabilities", {"phone", "location", "files"}},
                  {"context", {{"Policy", "KFZ-2231-77"}}}};
    for (auto& [k, v] : extra.items()) start[k] = v;
    customer.ws->send(start);
    auto welcome = customer.ws->read_type("customer.welcome");
    if (!welcome) {
        customer.ws.reset();
        return customer;
    }
    customer.welcome = *welcome;
    customer.token = (*welcome)["token"];
    customer.chat_id = (*welcome)["chat"]["chatId"];
    return customer;
}

// Waits for an offer at `agent` and accepts it; returns the chat.assigned frame.
inline std::optional<Json> accept_next_offer(AgentClient& agent, const std::string& chat_id) {
    auto offer = agent.ws->read_until(
        [&](const Json& f) { return f.value("type", "") == "offer" && f["chat"]["chatId"] == chat_id; }, 10000ms);
    if (!offer) return std::nullopt;
    agent.ws->send({{"type", "offer.accept"}, {"rid", "acc"}, {"offerId", (*offer)["offerId"]}});
    return agent.ws->read_until([](const Json& f) { return f.value("type", "") == "chat.assigned"; }, 10000ms);
}

// chat.send of a text; returns the ack (or an error frame) answering it.
inline std::optional<Json> send_text(WsClient& ws, const std::string& chat_id, const std::string& client_id,
                                     const std::string& text, const std::string& rid) {
    ws.send({{"type", "chat.send"},
             {"rid", rid},
             {"chatId", chat_id},
             {"clientId", client_id},
             {"kind", "text"},
             {"body", {{"text", text}}}});
    return ws.read_until([&](const Json& f) { return f.value("rid", "") == rid; });
}

inline Json error_for(WsClient& ws, const std::string& rid) {
    auto frame = ws.read_until([&](const Json& f) { return f.value("rid", "") == rid; });
    return frame ? *frame : Json();
}

}  // namespace testing
