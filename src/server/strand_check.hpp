// The hub strand runs on an io thread: a storage call there stalls every socket served by that thread. Storage
// implementations report each call here; a call made from a hub strand task is logged and counted, and the
// in-process hub tests require the count to stay zero.
#pragma once

#include <cstdint>

namespace server {

// Marks the calling thread as running a hub strand task while it lives (HubServices::post sets it).
class HubStrandScope {
public:
    HubStrandScope();
    ~HubStrandScope();
    HubStrandScope(const HubStrandScope&) = delete;
    HubStrandScope& operator=(const HubStrandScope&) = delete;

private:
    bool outer_;
};

[[nodiscard]] bool on_hub_strand();
// Called by Storage implementations at the top of every method: `what` names it in the log line.
void note_storage_call(const char* what);
// Storage calls made on the hub strand since the process started.
[[nodiscard]] std::uint64_t storage_calls_on_strand();

}  // namespace server
