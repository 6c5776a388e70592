// The scripted customer's state machine, driven by hand: no sockets, no timers.
#include "scenario.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace sim;

namespace {

template <typename T>
std::vector<T> all_of(const std::vector<CustomerAction>& actions) {
    std::vector<T> found;
    for (const auto& a : actions) {
        if (const auto* x = std::get_if<T>(&a)) found.push_back(*x);
    }
    return found;
}

template <typename T>
bool has(const std::vector<CustomerAction>& actions) {
    return !all_of<T>(actions).empty();
}

// Runs every scheduled step as if its timer fired, collecting all actions, until the script is exhausted.
std::vector<CustomerAction> run_script(CustomerState& state, const Script& script,
                                       std::vector<CustomerAction> pending) {
    std::vector<CustomerAction> all;
    for (int guard = 0; guard < 1000; ++guard) {
        all.insert(all.end(), pending.begin(), pending.end());
        auto schedules = all_of<ScheduleStep>(pending);
        if (schedules.empty()) break;
        REQUIRE(schedules.size() == 1);  // one timer at a time
        pending = update(state, script, StepDue{schedules.front().step});
    }
    return all;
}

}  // namespace

TEST_CASE("scripts are deterministic per seed and differ between customers") {
    const Script a = make_script(ScenarioName::accident, 0, 7, 1.0);
    const Script again = make_script(ScenarioName::accident, 0, 7, 1.0);
    CHECK(a.persona.name == again.persona.name);
    CHECK(a.persona.phone == again.persona.phone);
    CHECK(a.steps.size() == again.steps.size());
    std::set<std::string> phones;
    for (int i = 0; i < 20; ++i) phones.insert(make_script(ScenarioName::accident, i, 7, 1.0).persona.phone);
    CHECK(phones.size() == 20);
}

TEST_CASE("accident persona: E.164 phone, capabilities and insurance context") {
    const Script s = make_script(ScenarioName::accident, 3, 1, 1.0);
    REQUIRE(s.persona.phone.size() == 14);
    CHECK(s.persona.phone.rfind("+49", 0) == 0);
    CHECK(s.persona.phone.find_first_not_of("+0123456789") == std::string::npos);
    CHECK(s.persona.capabilities.has(proto::Capability::phone));
    CHECK(s.persona.capabilities.has(proto::Capability::location));
    CHECK(s.persona.capabilities.has(proto::Capability::files));
    CHECK(s.persona.context.count("Policy") == 1);
    CHECK(s.persona.context.at("Vehicle").find("B-") != std::string::npos);
    CHECK_FALSE(s.opening.empty());
}

TEST_CASE("accident: opening at once, then texts, a route of locations and one photo after the agent joins") {
    const Script script = make_script(ScenarioName::accident, 0, 1, 1.0);
    CustomerState state;
    auto actions = update(state, script, Welcomed{"c7"});
    CHECK(state.phase == CustomerPhase::waiting_for_agent);
    CHECK(state.chat_id == "c7");
    REQUIRE(all_of<SendText>(actions).size() == 1);
    CHECK(all_of<SendText>(actions)[0].text == script.opening);
    CHECK_FALSE(has<ScheduleStep>(actions));  // nothing more until an agent is there

    CHECK(has<Say>(update(state, script, QueuePosition{2})));
    auto all = run_script(state, script, update(state, script, AgentJoined{"Anna Berger"}));
    CHECK(state.phase == CustomerPhase::talking);
    CHECK(state.next_step == script.steps.size());
    CHECK(all_of<SendText>(all).size() >= 3);
    const auto fixes = all_of<SendLocation>(all);
    CHECK(fixes.size() >= 5);
    for (std::size_t i = 1; i < fixes.size(); ++i) {
        CHECK(fixes[i].fix.lat != fixes[i - 1].fix.lat);  // a route, not one point repeated
        CHECK(fixes[i].fix.lat > 52.4);
        CHECK(fixes[i].fix.lat < 52.6);
        CHECK(fixes[i].fix.lon > 13.2);
        CHECK(fixes[i].fix.lon < 13.5);
    }
    REQUIRE(all_of<UploadPicture>(all).size() == 1);
    CHECK(all_of<UploadPicture>(all)[0].file_name == "damage-1.png");
    for (const auto& s : all_of<ScheduleStep>(all)) {
        CHECK(s.delay >= std::chrono::milliseconds(1000));  // human pace
        CHECK(s.delay <= std::chrono::milliseconds(8000));
    }
    CHECK_FALSE(has<EndChat>(all));  // scripts wait for the agent or the end of the run
}

TEST_CASE("pace scales every delay") {
    const Script normal = make_script(ScenarioName::accident, 2, 5, 1.0);
    const Script fast = make_script(ScenarioName::accident, 2, 5, 0.1);
    REQUIRE(normal.steps.size() == fast.steps.size());
    for (std::size_t i = 0; i < normal.steps.size(); ++i) {
        CHECK(fast.steps[i].delay.count() == doctest::Approx(normal.steps[i].delay.count() * 0.1).epsilon(0.01));
    }
}

TEST_CASE("question: a few texts only") {
    const Script script = make_script(ScenarioName::question, 1, 1, 1.0);
    CustomerState state;
    (void)update(state, script, Welcomed{"c1"});
    auto all = run_script(state, script, update(state, script, AgentJoined{"Ben"}));
    CHECK(all_of<SendText>(all).size() >= 2);
    CHECK_FALSE(has<SendLocation>(all));
    CHECK_FALSE(has<UploadPicture>(all));
}

TEST_CASE("location requests are answered with the latest position, or the home position before any") {
    const Script script = make_script(ScenarioName::question, 0, 1, 1.0);
    CustomerState state;
    (void)update(state, script, Welcomed{"c1"});
    auto first = all_of<SendLocation>(update(state, script, LocationRequested{}));
    REQUIRE(first.size() == 1);
    CHECK(first[0].fix.lat == script.home_fix.lat);

    const Script accident = make_script(ScenarioName::accident, 0, 1, 1.0);
    CustomerState moving;
    (void)update(moving, accident, Welcomed{"c2"});
    auto all = run_script(moving, accident, update(moving, accident, AgentJoined{"Anna"}));
    const auto last_sent = all_of<SendLocation>(all).back().fix;
    auto answer = all_of<SendLocation>(update(moving, accident, LocationRequested{}));
    REQUIRE(answer.size() == 1);
    CHECK(answer[0].fix.lat == last_sent.lat);
    CHECK(answer[0].fix.lon == last_sent.lon);
}

TEST_CASE("a customer without the location capability does not send one") {
    Script script = make_script(ScenarioName::question, 0, 1, 1.0);
    script.persona.capabilities.set(proto::Capability::location, false);
    CustomerState state;
    (void)update(state, script, Welcomed{"c1"});
    auto actions = update(state, script, LocationRequested{});
    CHECK_FALSE(has<SendLocation>(actions));
    CHECK(has<Say>(actions));
}

TEST_CASE("call requests are accepted in the requested mode") {
    const Script script = make_script(ScenarioName::accident, 0, 1, 1.0);
    CustomerState state;
    (void)update(state, script, Welcomed{"c1"});
    auto answers = all_of<AnswerCall>(update(state, script, CallRequested{proto::CallMode::webrtc, ""}));
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].accept);
    CHECK(answers[0].mode == proto::CallMode::webrtc);
}

TEST_CASE("time up: farewell, chat.end, leave; nothing after") {
    const Script script = make_script(ScenarioName::accident, 0, 1, 1.0);
    CustomerState state;
    (void)update(state, script, Welcomed{"c1"});
    auto join = update(state, script, AgentJoined{"Anna"});
    const auto pending_step = all_of<ScheduleStep>(join).at(0).step;
    auto bye = update(state, script, TimeUp{});
    REQUIRE(all_of<SendText>(bye).size() == 1);
    CHECK(all_of<SendText>(bye)[0].text == script.farewell);
    REQUIRE(all_of<EndChat>(bye).size() == 1);
    CHECK(has<Leave>(bye));
    CHECK(state.phase == CustomerPhase::done);
    CHECK(update(state, script, StepDue{pending_step}).empty());  // the stale timer does nothing
    CHECK(update(state, script, LocationRequested{}).empty());
    CHECK(update(state, script, TimeUp{}).empty());
}

TEST_CASE("time up while still queued ends without a farewell; before a chat, just leaves") {
    const Script script = make_script(ScenarioName::question, 0, 1, 1.0);
    CustomerState queued;
    (void)update(queued, script, Welcomed{"c1"});
    auto bye = update(queued, script, TimeUp{});
    CHECK_FALSE(has<SendText>(bye));
    CHECK(has<EndChat>(bye));

    CustomerState never;
    auto leave = update(never, script, TimeUp{});
    CHECK_FALSE(has<EndChat>(leave));
    CHECK(has<Leave>(leave));
}

TEST_CASE("the agent ends the chat: the customer leaves and its script stops") {
    const Script script = make_script(ScenarioName::accident, 0, 1, 1.0);
    CustomerState state;
    (void)update(state, script, Welcomed{"c1"});
    auto join = update(state, script, AgentJoined{"Anna"});
    auto ended = update(state, script, ChatEnded{proto::Role::agent, "resolved"});
    CHECK(has<Leave>(ended));
    CHECK_FALSE(has<EndChat>(ended));
    CHECK(update(state, script, StepDue{all_of<ScheduleStep>(join).at(0).step}).empty());
}

TEST_CASE("a transfer's second join does not restart the script; out-of-order timers are ignored") {
    const Script script = make_script(ScenarioName::accident, 0, 1, 1.0);
    CustomerState state;
    (void)update(state, script, Welcomed{"c1"});
    (void)update(state, script, AgentJoined{"Anna"});
    (void)update(state, script, StepDue{0});
    CHECK(state.next_step == 1);
    auto second = update(state, script, AgentJoined{"Ben"});
    CHECK_FALSE(has<ScheduleStep>(second));
    CHECK(state.agent_name == "Ben");
    CHECK(update(state, script, StepDue{0}).empty());  // already done
    CHECK(update(state, script, StepDue{5}).empty());  // not due yet
    CHECK(state.next_step == 1);
}

TEST_CASE("a duplicate welcome is ignored; disconnects end the customer") {
    const Script script = make_script(ScenarioName::question, 0, 1, 1.0);
    CustomerState state;
    (void)update(state, script, Welcomed{"c1"});
    CHECK(update(state, script, Welcomed{"c2"}).empty());
    CHECK(state.chat_id == "c1");
    auto gone = update(state, script, Disconnected{"closed by the server"});
    CHECK(has<Say>(gone));
    CHECK(state.phase == CustomerPhase::done);
}
