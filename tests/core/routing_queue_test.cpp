// Router: queue positions under random joins, leaves, offers, declines, expiries and disconnects, checked after
// every input against positions recomputed from scratch, and against the pushes themselves.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/routing.hpp"
#include "routing_test_support.hpp"

using namespace core;

TEST_CASE("pushed queue positions always equal the chats' ranks, and only changes are pushed") {
    RouterSettings settings;
    settings.offer_timeout_ms = 300;
    settings.agent_capacity = 2;
    Router router(settings);
    std::mt19937 rng(7);
    std::int64_t now = 0;
    std::map<ChatId, std::int64_t> queued_at;  // chats the router knows, with their queue time
    std::map<ChatId, std::int64_t> pushed;     // last pushed position per chat
    std::vector<ChatId> assigned;
    int next_chat = 0;
    std::size_t pushes = 0;
    std::size_t longest_queue = 0;

    auto apply = [&](const Decisions& decisions) {
        for (const auto& change : core_test::all_of<QueuePositionChanged>(decisions)) {
            auto [it, inserted] = pushed.try_emplace(change.chat, change.position);
            CHECK((inserted || it->second != change.position));  // a push must change something
            it->second = change.position;
            ++pushes;
        }
        for (const auto& done : core_test::all_of<ChatAssigned>(decisions)) {
            pushed.erase(done.chat);
            assigned.push_back(done.chat);
        }
    };
    const std::vector<AgentId> agents{"a1", "a2", "a3", "a4"};
    for (const auto& agent : agents) router.agent_connected({agent, agent, std::nullopt}, now);

    for (int step = 0; step < 1500; ++step) {
        now += 1 + static_cast<std::int64_t>(rng() % 60);
        apply(router.tick(now));
        const AgentId& agent = agents[rng() % agents.size()];
        switch (rng() % 8) {
            case 0:
            case 1: {
                const ChatId chat = "c" + std::to_string(next_chat++);
                queued_at[chat] = now;
                apply(core_test::ok(router.chat_queued(chat, now)));
                break;
            }
            case 2: {  // a waiting or offered chat's customer leaves
                std::vector<ChatId> open;
                for (const auto& [chat, at] : queued_at) {
                    if (router.chat(chat)->stage != ChatStage::assigned) open.push_back(chat);
                }
                if (open.empty()) break;
                const ChatId chat = open[rng() % open.size()];
                apply(core_test::ok(router.chat_left_queue(chat, now)));
                queued_at.erase(chat);
                pushed.erase(chat);
                break;
            }
            case 3:
                if (auto offer = router.open_offer_of(agent)) {
                    apply(core_test::ok(router.accept_offer(agent, offer->offer, now)));
                }
                break;
            case 4:
                if (auto offer = router.open_offer_of(agent)) {
                    apply(core_test::ok(router.decline_offer(agent, offer->offer, now)));
                }
                break;
            case 5: {
                const bool ready = rng() % 3 != 0;
                apply(core_test::ok(router.set_presence(
                    agent, {ready ? proto::PresenceState::ready : proto::PresenceState::not_ready, "Break"}, now)));
                break;
            }
            case 6:
                if (router.agent(agent)->connected && rng() % 4 == 0) {
                    apply(core_test::ok(router.agent_disconnected(agent, now)));
                } else {
                    apply(router.agent_connected({agent, agent, std::nullopt}, now));
                }
                break;
            case 7:
                if (!assigned.empty()) {
                    const std::size_t index = rng() % assigned.size();
                    const ChatId chat = assigned[index];
                    assigned.erase(assigned.begin() + static_cast<std::ptrdiff_t>(index));
                    apply(core_test::ok(router.chat_released(chat, now)));
                    queued_at.erase(chat);
                }
                break;
        }

        // Recompute: waiting chats ranked by queue time (distinct here), offered chats at 0.
        std::vector<std::pair<std::int64_t, ChatId>> waiting;
        for (const auto& [chat, at] : queued_at) {
            const auto state = router.chat(chat);
            REQUIRE(state);
            if (state->stage == ChatStage::waiting) waiting.emplace_back(at, chat);
            if (state->stage == ChatStage::offered) CHECK(pushed.at(chat) == 0);
        }
        std::sort(waiting.begin(), waiting.end());
        REQUIRE(waiting.size() == router.waiting_count());
        for (std::size_t rank = 0; rank < waiting.size(); ++rank) {
            const ChatId& chat = waiting[rank].second;
            const auto found = pushed.find(chat);
            if (found == pushed.end() || found->second != static_cast<std::int64_t>(rank + 1)) {
                FAIL("wrong or no position pushed for " << chat << " at step " << step);
            }
        }
        longest_queue = std::max(longest_queue, waiting.size());
    }
    MESSAGE("chats: " << next_chat << ", pushes: " << pushes << ", longest queue: " << longest_queue);
    CHECK(pushes > 1000);  // the run really moved the queue around
    CHECK(longest_queue > 10);
}
