// The scripted customer: who they are (Persona), what they will do (Script), and the pure state machine that turns
// what happens in the chat (inputs) into what the customer does next (actions, as values). No sockets here: the
// customer bot executes the actions; tests drive update() by hand.
#pragma once

#include "options.hpp"
#include "png_image.hpp"
#include "route.hpp"

#include "protocol/types.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sim {

// What customer.start carries: a mobile auto-insurance app's user.
struct Persona {
    std::string name;
    std::string phone;  // E.164
    proto::Capabilities capabilities;
    proto::ContextMap context;  // Policy, Vehicle, …
    std::string language;
    std::string app;
};

enum class StepKind {
    text,      // send `text`
    location,  // send `fix`
    picture,   // upload `picture` as `file_name`
};

struct ScriptStep {
    std::chrono::milliseconds delay{0};  // after the previous step (the first: after the agent joined)
    StepKind kind = StepKind::text;
    std::string text;
    GeoFix fix;
    std::string file_name;
    PictureSpec picture;
};

struct Script {
    Persona persona;
    std::string opening;            // sent right after customer.welcome (the offer's firstMessage)
    std::vector<ScriptStep> steps;  // run once an agent joined, at human pace
    std::string farewell;           // sent before chat.end when the run's time is up (scripts never end early:
                                    // the agent, often a person in a demo, decides when the talk is over)
    GeoFix home_fix;                // answer to a location request before any fix was sent
};

// The script of customer number `index` (0-based) of a run. Same (scenario, index, seed, pace): same script.
// `pace` multiplies every delay. ScenarioName::load and ::echo have no script (their senders are not scripted).
[[nodiscard]] Script make_script(ScenarioName scenario, int index, std::uint64_t seed, double pace);

// ---- Inputs: what happened ----
// One line per alternative, a table read downwards:
// clang-format off
struct Welcomed { std::string chat_id; };
struct QueuePosition { std::int64_t position = 0; };
struct AgentJoined { std::string agent_name; };
struct AgentWrote { std::string text; };
struct LocationRequested {};
struct CallRequested { proto::CallMode mode = proto::CallMode::phone; std::string number; };
struct StepDue { std::size_t step = 0; };  // the timer of a ScheduleStep fired
struct TimeUp {};                          // the run's --duration is over
struct ChatEnded { proto::Role by = proto::Role::agent; std::string reason; };
struct Disconnected { std::string why; };
// clang-format on

using CustomerInput = std::variant<Welcomed, QueuePosition, AgentJoined, AgentWrote, LocationRequested, CallRequested,
                                   StepDue, TimeUp, ChatEnded, Disconnected>;

// ---- Actions: what the customer does ----
// One line per alternative, a table read downwards:
// clang-format off
struct SendText { std::string text; };
struct SendLocation { GeoFix fix; };
struct UploadPicture { std::string file_name; PictureSpec picture; };
struct AnswerCall { proto::CallMode mode = proto::CallMode::phone; bool accept = true; };
struct EndChat { std::string reason; };
struct ScheduleStep { std::size_t step = 0; std::chrono::milliseconds delay{0}; };
struct Say { std::string line; };  // one line for the demo's console
struct Leave {};                   // close the socket politely; the customer is done
// clang-format on

using CustomerAction =
    std::variant<SendText, SendLocation, UploadPicture, AnswerCall, EndChat, ScheduleStep, Say, Leave>;

enum class CustomerPhase { starting, waiting_for_agent, talking, done };

struct CustomerState {
    CustomerPhase phase = CustomerPhase::starting;
    std::string chat_id;
    std::string agent_name;
    std::size_t next_step = 0;
    std::optional<GeoFix> last_fix;  // the latest position sent
};

// The whole customer logic: applies `input` to `state` and returns the actions to run, in order.
[[nodiscard]] std::vector<CustomerAction> update(CustomerState& state, const Script& script,
                                                 const CustomerInput& input);

}  // namespace sim
