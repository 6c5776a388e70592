// Helpers for the routing tests: pick decisions of one type out of a Decisions list, and set up agents.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <variant>
#include <vector>

#include "core/routing.hpp"

namespace core_test {

// Every decision of type T, in order.
template <class T>
std::vector<T> all_of(const core::Decisions& decisions) {
    std::vector<T> found;
    for (const auto& decision : decisions) {
        if (const T* value = std::get_if<T>(&decision)) found.push_back(*value);
    }
    return found;
}

// The single decision of type T (fails the test when there is not exactly one).
template <class T>
T only(const core::Decisions& decisions) {
    auto found = all_of<T>(decisions);
    REQUIRE(found.size() == 1);
    return found.front();
}

template <class T>
std::size_t count_of(const core::Decisions& decisions) {
    return all_of<T>(decisions).size();
}

inline core::Decisions ok(core::RoutingOutcome outcome) {
    if (outcome.error) FAIL_CHECK("unexpected error: " << outcome.error->message);
    return std::move(outcome.decisions);
}

// Connects an agent and sets it ready; returns the decisions of both steps.
inline core::Decisions ready_agent(core::Router& router, const std::string& id, std::int64_t now_ms,
                                   std::optional<std::int64_t> capacity = std::nullopt) {
    core::Decisions out = router.agent_connected({id, "Agent " + id, capacity}, now_ms);
    core::Decisions more = ok(router.set_presence(id, {proto::PresenceState::ready, ""}, now_ms));
    out.insert(out.end(), more.begin(), more.end());
    return out;
}

inline std::int64_t position_of(const core::Decisions& decisions, const std::string& chat) {
    std::int64_t position = -1;  // -1: no push for that chat
    for (const auto& change : all_of<core::QueuePositionChanged>(decisions)) {
        if (change.chat == chat) position = change.position;
    }
    return position;
}

}  // namespace core_test
