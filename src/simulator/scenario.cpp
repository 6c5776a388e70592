#include "scenario.hpp"

#include <array>
#include <random>

namespace sim {

namespace {

using std::chrono::milliseconds;

constexpr std::array kFirstNames{"Max",  "Erika", "Jonas", "Leonie", "Murat", "Sofia",  "Lukas", "Anna",
                                 "Paul", "Mia",   "Emre",  "Lea",    "Felix", "Hannah", "Tim",   "Nina"};
constexpr std::array kLastNames{"Mustermann", "Schmidt", "Yilmaz",   "Weber",  "Fischer", "Nowak",
                                "Becker",     "Wagner",  "Hoffmann", "Schulz", "Koch",    "Richter"};
constexpr std::array kVehicles{"VW Golf",     "Opel Corsa",    "BMW 320d",     "Skoda Octavia",
                               "Ford Fiesta", "Tesla Model 3", "Renault Clio", "Mercedes A 180"};
constexpr std::array kPlateLetters{"AB", "KM", "XY", "LP", "RT", "GH", "NZ", "DS"};

// Whole milliseconds of `ms` scaled by the run's pace, never below 1 ms.
milliseconds paced(double ms, double pace) {
    return milliseconds(std::max<long long>(1, static_cast<long long>(ms * pace)));
}

Persona make_persona(int index, std::mt19937_64& rng) {
    Persona p;
    p.name = std::string(kFirstNames[rng() % kFirstNames.size()]) + " " + kLastNames[rng() % kLastNames.size()];
    // German mobile numbers: +49 15x/16x/17x and 7-8 more digits.
    static constexpr std::array prefixes{"151", "152", "157", "160", "162", "170", "172", "176"};
    p.phone = std::string("+49") + prefixes[rng() % prefixes.size()];
    for (int i = 0; i < 8; ++i) p.phone += static_cast<char>('0' + rng() % 10);
    p.capabilities = {proto::Capability::phone, proto::Capability::location, proto::Capability::files};
    p.context["Policy"] = "KFZ-" + std::to_string(1000 + rng() % 9000) + "-" + std::to_string(10 + rng() % 90);
    p.context["Vehicle"] = std::string(kVehicles[rng() % kVehicles.size()]) + ", B-" +
        kPlateLetters[rng() % kPlateLetters.size()] + " " + std::to_string(100 + index % 900);
    p.language = "en";
    p.app = "Auto Insurance 3.2";
    return p;
}

Script accident_script(int index, std::mt19937_64& rng, double pace) {
    Script s;
    s.persona = make_persona(index, rng);
    const auto route = a100_route(6, static_cast<std::uint32_t>(index));
    s.home_fix = route.front();
    s.opening =
        "Hello, I just had an accident on the A100 near Innsbrucker Platz. Nobody is hurt, but my car is "
        "damaged.";
    auto human = [&](double lo_ms, double hi_ms) {
        return paced(lo_ms + static_cast<double>(rng() % 1000) / 1000.0 * (hi_ms - lo_ms), pace);
    };
    auto text = [&](double lo, double hi, std::string t) {
        ScriptStep step;
        step.delay = human(lo, hi);
        step.kind = StepKind::text;
        step.text = std::move(t);
        s.steps.push_back(std::move(step));
    };
    auto location = [&](double lo, double hi, GeoFix fix) {
        ScriptStep step;
        step.delay = human(lo, hi);
        step.kind = StepKind::location;
        step.fix = fix;
        s.steps.push_back(std::move(step));
    };
    text(2000, 4000, "Another car hit me from behind when the traffic stopped suddenly.");
    location(1500, 3000, route[0]);
    text(3000, 5000, "I am sending you my position. We are moving to the hard shoulder now.");
    for (std::size_t i = 1; i < route.size(); ++i) location(2500, 4000, route[i]);
    ScriptStep picture;
    picture.delay = human(3000, 5000);
    picture.kind = StepKind::picture;
    picture.file_name = "damage-" + std::to_string(index + 1) + ".png";
    picture.picture = PictureSpec{160, 120, static_cast<std::uint32_t>(index)};
    s.steps.push_back(picture);
    text(2000, 4000, "Here is a photo of the damage at the rear.");
    text(4000, 7000, "Can you send a tow truck? The car does not start anymore.");
    s.farewell = "Thank you for your help. Goodbye!";
    return s;
}

Script question_script(int index, std::mt19937_64& rng, double pace) {
    Script s;
    s.persona = make_persona(index, rng);
    s.home_fix = a100_route(1, static_cast<std::uint32_t>(index)).front();
    static constexpr std::array openings{
        "Hello, does my policy cover a rental car while mine is being repaired?",
        "Hi, I would like to add my daughter as a driver to my policy. Is that possible?",
        "Good morning, how long does it take until a claim is paid out?",
    };
    s.opening = openings[static_cast<std::size_t>(index) % openings.size()];
    auto text = [&](double ms, std::string t) {
        ScriptStep step;
        step.delay = paced(ms + static_cast<double>(rng() % 1000), pace);
        step.text = std::move(t);
        s.steps.push_back(std::move(step));
    };
    text(1500, "My policy number is " + s.persona.context["Policy"] + ".");
    text(3000, "I can also send documents through the app if you need any.");
    s.farewell = "Thanks, that answers my question. Bye!";
    return s;
}

}  // namespace

Script make_script(ScenarioName scenario, int index, std::uint64_t seed, double pace) {
    std::mt19937_64 rng(seed * 1'000'003u + static_cast<std::uint64_t>(index));
    switch (scenario) {
        case ScenarioName::accident:
            return accident_script(index, rng, pace);
        case ScenarioName::question:
            return question_script(index, rng, pace);
        case ScenarioName::load:
        case ScenarioName::echo:
            break;
    }
    Script none;
    none.persona = make_persona(index, rng);
    none.opening = "Hello";
    return none;
}

namespace {

struct Updater {
    CustomerState& state;
    const Script& script;
    std::vector<CustomerAction> actions;

    void schedule(std::size_t step) {
        if (step < script.steps.size()) actions.push_back(ScheduleStep{step, script.steps[step].delay});
    }

    void operator()(const Welcomed& in) {
        if (state.phase != CustomerPhase::starting) return;
        state.chat_id = in.chat_id;
        state.phase = CustomerPhase::waiting_for_agent;
        actions.push_back(Say{"chat " + in.chat_id + " started, waiting for an agent"});
        actions.push_back(SendText{script.opening});
    }
    void operator()(const QueuePosition& in) {
        if (state.phase != CustomerPhase::waiting_for_agent) return;
        actions.push_back(Say{in.position == 0 ? std::string("being offered to an agent")
                                               : "queue position " + std::to_string(in.position)});
    }
    void operator()(const AgentJoined& in) {
        if (state.phase == CustomerPhase::done) return;
        const bool first_agent = state.phase != CustomerPhase::talking;
        state.agent_name = in.agent_name;
        actions.push_back(Say{"agent " + in.agent_name + " joined"});
        if (first_agent) {  // a transfer's second join does not restart the script
            state.phase = CustomerPhase::talking;
            schedule(state.next_step);
        }
    }
    void operator()(const AgentWrote& in) {
        if (state.phase == CustomerPhase::done) return;
        actions.push_back(Say{"agent wrote: " + in.text});
    }
    void operator()(const LocationRequested&) {
        if (state.phase == CustomerPhase::done) return;
        if (!script.persona.capabilities.has(proto::Capability::location)) {
            actions.push_back(Say{"location requested, but this app cannot share it"});
            return;
        }
        const GeoFix fix = state.last_fix.value_or(script.home_fix);
        state.last_fix = fix;
        actions.push_back(SendLocation{fix});
        actions.push_back(Say{"location requested: sent " + std::to_string(fix.lat) + ", " + std::to_string(fix.lon)});
    }
    void operator()(const CallRequested& in) {
        if (state.phase == CustomerPhase::done) return;
        actions.push_back(AnswerCall{in.mode, true});
        actions.push_back(Say{std::string("call requested (") + std::string(proto::to_string(in.mode)) +
                              (in.number.empty() ? "" : " " + in.number) + "): accepted"});
    }
    void operator()(const StepDue& in) {
        if (state.phase != CustomerPhase::talking || in.step != state.next_step || in.step >= script.steps.size()) {
            return;  // stale timer (e.g. the chat ended meanwhile)
        }
        const ScriptStep& step = script.steps[in.step];
        ++state.next_step;
        switch (step.kind) {
            case StepKind::text:
                actions.push_back(SendText{step.text});
                break;
            case StepKind::location:
                state.last_fix = step.fix;
                actions.push_back(SendLocation{step.fix});
                break;
            case StepKind::picture:
                actions.push_back(UploadPicture{step.file_name, step.picture});
                break;
        }
        schedule(state.next_step);
    }
    void operator()(const TimeUp&) {
        if (state.phase == CustomerPhase::done) return;
        if (state.phase == CustomerPhase::starting) {  // never got a chat: just go
            state.phase = CustomerPhase::done;
            actions.push_back(Leave{});
            return;
        }
        if (state.phase == CustomerPhase::talking && !script.farewell.empty()) {
            actions.push_back(SendText{script.farewell});
        }
        state.phase = CustomerPhase::done;
        actions.push_back(EndChat{"customer_done"});
        actions.push_back(Say{"time is up: said goodbye and ended the chat"});
        actions.push_back(Leave{});
    }
    void operator()(const ChatEnded& in) {
        if (state.phase == CustomerPhase::done) return;
        state.phase = CustomerPhase::done;
        actions.push_back(Say{std::string("chat ended by ") + std::string(proto::to_string(in.by)) +
                              (in.reason.empty() ? "" : " (" + in.reason + ")")});
        actions.push_back(Leave{});
    }
    void operator()(const Disconnected& in) {
        if (state.phase == CustomerPhase::done) return;
        state.phase = CustomerPhase::done;
        actions.push_back(Say{"disconnected: " + in.why});
    }
};

}  // namespace

std::vector<CustomerAction> update(CustomerState& state, const Script& script, const CustomerInput& input) {
    Updater updater{state, script, {}};
    std::visit(updater, input);
    return std::move(updater.actions);
}

}  // namespace sim
