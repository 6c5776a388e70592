#include "strand_check.hpp"

#include <atomic>

#include "log.hpp"

namespace server {

namespace {
thread_local bool t_on_hub_strand = false;
std::atomic<std::uint64_t> g_storage_calls_on_strand{0};
}  // namespace

HubStrandScope::HubStrandScope() : outer_(t_on_hub_strand) { t_on_hub_strand = true; }
HubStrandScope::~HubStrandScope() { t_on_hub_strand = outer_; }

bool on_hub_strand() { return t_on_hub_strand; }

void note_storage_call(const char* what) {
    if (!t_on_hub_strand) return;
    g_storage_calls_on_strand.fetch_add(1, std::memory_order_relaxed);
    log_event("storage_call_on_hub_strand", {{"call", what}});
}

std::uint64_t storage_calls_on_strand() { return g_storage_calls_on_strand.load(std::memory_order_relaxed); }

}  // namespace server
