// One structured line per notable event on stderr, as JSON: {"ts":…,"event":"login","agent":"a1",…}.
// Lines from different threads never interleave.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace server {

void log_event(std::string_view event, nlohmann::json fields = nlohmann::json::object());

// Silences log_event (unit tests that provoke errors on purpose).
void set_logging(bool enabled);

}  // namespace server
