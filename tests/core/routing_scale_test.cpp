// Router at the scale of docs: 2,000 chats through 200 agents with random accepts, declines, missed offers,
// releases and reconnects. Checks invariants on every decision and that every chat is assigned exactly once.
// Bounded in steps; no timing asserts (the machine is shared).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/routing.hpp"
#include "routing_test_support.hpp"

using namespace core;

namespace {

constexpr int kChats = 2000;
constexpr int kAgents = 200;
constexpr std::int64_t kCapacity = 4;
constexpr int kMaxSteps = 200000;

struct Model {
    std::map<ChatId, int> assignments;              // chat -> how often ChatAssigned
    std::unordered_map<AgentId, OfferMade> offers;  // open offers by agent
    std::unordered_map<AgentId, std::int64_t> load;
    std::vector<ChatId> active;  // assigned, not yet released
    std::set<AgentId> not_ready;
    std::map<ChatId, std::int64_t> positions;  // last queue push per chat
    std::size_t bad_decisions = 0;
    std::string first_bad;  // what went wrong first, for the failure message

    void bad(const std::string& what) {
        if (bad_decisions++ == 0) first_bad = what;
    }

    std::size_t decision_count = 0;
    std::size_t longest_queue = 0;

    void apply(const Decisions& decisions) {
        decision_count += decisions.size();
        for (const auto& decision : decisions) std::visit([this](const auto& d) { on(d); }, decision);
    }
    void on(const OfferMade& offer) {
        if (offers.contains(offer.agent)) bad("second offer to " + offer.agent);
        if (offer.transfer_from) bad("transfer offer " + offer.offer);
        offers[offer.agent] = offer;
    }
    void on(const OfferRevoked& revoked) {
        auto it = offers.find(revoked.agent);
        if (it == offers.end() || it->second.offer != revoked.offer) bad("revoked unknown " + revoked.offer);
        if (it != offers.end()) offers.erase(it);
    }
    void on(const ChatAssigned& assigned) {
        ++assignments[assigned.chat];
        if (++load[assigned.agent] > kCapacity) bad("over capacity: " + assigned.agent);
        if (offers.erase(assigned.agent) != 1) bad("assigned without an offer: " + assigned.chat);
        active.push_back(assigned.chat);
        positions.erase(assigned.chat);
    }
    void on(const TransferFailed& failed) { bad("transfer failed: " + failed.chat); }
    void on(const QueuePositionChanged& change) {
        auto [it, inserted] = positions.try_emplace(change.chat, change.position);
        if (!inserted && it->second == change.position) bad("push without a change: " + change.chat);
        it->second = change.position;
    }
    void on(const PresenceChanged& change) {
        if (change.presence.state == proto::PresenceState::not_ready) not_ready.insert(change.agent);
    }
};

}  // namespace

TEST_CASE("scale: 2,000 chats and 200 agents, every chat assigned exactly once") {
    RouterSettings settings;
    settings.agent_capacity = kCapacity;
    settings.offer_timeout_ms = 5000;
    Router router(settings);
    Model model;
    std::mt19937 rng(20261126);
    auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
    std::int64_t now = 0;

    std::vector<AgentId> agents;
    for (int i = 0; i < kAgents; ++i) {
        agents.push_back("a" + std::to_string(i));
        model.apply(router.agent_connected({agents.back(), "Agent", std::nullopt}, now));
        model.apply(core_test::ok(router.set_presence(agents.back(), {proto::PresenceState::ready, ""}, now)));
    }

    int queued = 0;
    int released = 0;
    int steps = 0;
    std::set<AgentId> offline;
    for (; steps < kMaxSteps && released < kChats; ++steps) {
        now += 1 + static_cast<std::int64_t>(rng() % 50);
        model.apply(router.tick(now));
        model.longest_queue = std::max(model.longest_queue, router.waiting_count());

        // Customers arrive in bursts, so a queue builds up and positions move.
        if (queued < kChats && chance(15)) {
            for (int burst = 0; burst < 8 && queued < kChats; ++burst, ++queued) {
                model.apply(core_test::ok(router.chat_queued("c" + std::to_string(queued), now)));
            }
        }
        // A few random agents answer their offers: mostly accept, sometimes decline, sometimes let them ring out.
        for (int answers = 0; answers < 3; ++answers) {
            const AgentId& agent = agents[rng() % agents.size()];
            auto offer = model.offers.find(agent);
            if (offer == model.offers.end()) continue;
            const OfferId id = offer->second.offer;
            if (chance(80)) {
                model.apply(core_test::ok(router.accept_offer(agent, id, now)));
            } else if (chance(60)) {
                model.apply(core_test::ok(router.decline_offer(agent, id, now)));
            }
        }
        // Agents finish chats, more slowly than customers arrive once all 800 seats are taken: a queue builds up.
        if (!model.active.empty() && chance(50)) {
            const std::size_t index = rng() % model.active.size();
            const ChatId chat = model.active[index];
            model.active[index] = model.active.back();
            model.active.pop_back();
            AgentId owner = *router.chat(chat)->agent;
            --model.load[owner];
            model.apply(core_test::ok(router.chat_released(chat, now)));
            ++released;
        }
        // Agents who missed an offer come back; now and then one drops its connection and returns.
        if (!model.not_ready.empty() && chance(30)) {
            const AgentId back = *model.not_ready.begin();
            model.not_ready.erase(model.not_ready.begin());
            model.apply(core_test::ok(router.set_presence(back, {proto::PresenceState::ready, ""}, now)));
        }
        if (chance(2)) {
            const AgentId& flaky = agents[rng() % agents.size()];
            if (offline.insert(flaky).second) model.apply(core_test::ok(router.agent_disconnected(flaky, now)));
        } else if (!offline.empty() && chance(20)) {
            model.apply(router.agent_connected({*offline.begin(), "Agent", std::nullopt}, now));
            offline.erase(offline.begin());
        }

        // Every so often, the pushed positions of the waiting chats must be exactly 1..W in queue order.
        if (steps % 97 == 0) {
            std::vector<std::int64_t> waiting_positions;
            for (const auto& [chat, position] : model.positions) {
                auto state = router.chat(chat);
                if (state && state->stage == ChatStage::waiting) {
                    CHECK(state->position == position);
                    waiting_positions.push_back(position);
                }
            }
            std::sort(waiting_positions.begin(), waiting_positions.end());
            CHECK(waiting_positions.size() == router.waiting_count());
            for (std::size_t i = 0; i < waiting_positions.size(); ++i) CHECK(waiting_positions[i] == i + 1);
        }
    }

    MESSAGE("steps: " << steps << ", simulated ms: " << now << ", decisions: " << model.decision_count
                      << ", longest queue: " << model.longest_queue);
    CHECK(steps < kMaxSteps);
    CHECK_MESSAGE(model.bad_decisions == 0, model.first_bad);
    CHECK(released == kChats);
    CHECK(model.assignments.size() == static_cast<std::size_t>(kChats));
    CHECK(std::all_of(model.assignments.begin(), model.assignments.end(),
                      [](const auto& entry) { return entry.second == 1; }));
    CHECK(router.waiting_count() == 0);
    CHECK(router.assigned_count() == 0);
}
