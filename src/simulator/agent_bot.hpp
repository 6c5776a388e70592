// A robot agent: logs in, goes ready, accepts every offer, files a wrap-up when a chat ends, and records what
// reached it (for the load benchmark's latency, and for tests that check chats reached an agent).
#pragma once

#include "event_loop.hpp"
#include "protocol/types.hpp"
#include "options.hpp"
#include "ws_url.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sim {

inline constexpr std::size_t kMaxLatencySamplesPerAgent = 2'000'000;  // ~32 MB; later deliveries are counted only

struct AgentBotSettings {
    WsUrl url;
    AgentAccount account;
    bool keep_transcripts = false;   // store every customer event per chat (tests; off under load)
    std::string wrapup_disposition;  // "" = the first of the welcome's config.dispositions
    bool probe_customer = false;     // on each new chat, ask for the location and a phone call (tests the answers)
};

// One customer text that carried a load timestamp: when it was sent and when it reached this agent.
struct Delivery {
    std::int64_t sent_ns = 0;
    std::int64_t received_ns = 0;
};

// What one chat looked like from the agent's desk (keep_transcripts).
struct AgentChatView {
    std::string customer_name;
    std::string customer_phone;
    std::string first_message;
    std::vector<std::string> customer_texts;
    int locations = 0;
    int files = 0;
    int call_answers = 0;  // customer call events (accepted/declined)
    bool ended = false;
    std::int64_t last_seq = 0;  // events applied in order, each once
};

// Read only after the event loop stopped (its threads are joined, so every write happened before).
struct AgentRecord {
    std::string agent_id;
    int offers = 0;
    int accepted = 0;
    int wrapups = 0;
    std::int64_t customer_texts = 0;
    std::vector<Delivery> deliveries;            // at most kMaxLatencySamplesPerAgent
    std::int64_t deliveries_dropped = 0;         // deliveries past the cap
    std::map<std::string, int> errors;           // by error code
    std::map<std::string, AgentChatView> chats;  // by chatId (keep_transcripts)
    std::string closed_because;                  // "" while connected
    std::string login_error;                     // the server's refusal of agent.login ("" when accepted)
};

class AgentBot : public std::enable_shared_from_this<AgentBot> {
public:
    static std::shared_ptr<AgentBot> start(EventLoop& loop, AgentBotSettings settings);
    AgentBot(EventLoop& loop, AgentBotSettings settings);

    // Live progress, readable from any thread.
    std::atomic<bool> ready{false};      // logged in and presence ready acknowledged
    std::atomic<int> chats_assigned{0};  // chat.assigned replies so far
    std::atomic<bool> failed{false};     // login refused or socket closed

    // Logs out politely. Thread-safe.
    void stop();
    [[nodiscard]] const AgentRecord& record() const { return record_; }

private:
    void on_frame(std::string_view text);
    // Accepts an offer (agent.welcome's or pushed) unless it is the one already accepted.
    void accept_once(const proto::Offer& offer);
    void go_ready();
    void send(std::string frame);
    std::string next_rid() { return std::to_string(++counter_); }

    EventLoop& loop_;
    Strand strand_;
    AgentBotSettings settings_;
    std::shared_ptr<class WsConnection> socket_;
    AgentRecord record_;
    std::vector<std::string> dispositions_;
    std::uint64_t counter_ = 0;
    // The offer last accepted. The server re-sends a ringing offer (same id) when the customer writes; an agent
    // holds one offer at a time, so remembering the last id is enough to accept each offer once.
    std::string accepted_offer_;
};

}  // namespace sim
