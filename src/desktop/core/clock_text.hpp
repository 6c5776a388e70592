// Durations and clock times as the desktop shows them, and when such a label next changes (so timers can wake
// the page exactly then instead of drawing continuously).
#pragma once

#include <string>

#include "desktop/core/state.hpp"

namespace desk {

// "12 s", "3 min", "2 h" (negative durations show as "0 s": clocks of server and browser differ a little).
std::string elapsed_label(double elapsed_ms);

// How long until elapsed_label(elapsed_ms) changes.
double until_elapsed_label_changes(double elapsed_ms);

// A running timer as a clock: "0:42", "12:05" (minutes:seconds) under an hour, then "1:07 h" (hours:minutes);
// negative durations show as "0:00". The supervisor's tables (time in state, waits, overdue replies).
std::string timer_label(double elapsed_ms);
// How long until timer_label(elapsed_ms) changes.
double until_timer_label_changes(double elapsed_ms);

// "14:03" in the browser's local time zone.
std::string clock_label(TimeMs ts);
// "3 Dec 2026, 14:02" in local time: when an earlier chat took place.
std::string date_time_label(TimeMs ts);

// Whole seconds left until `deadline`, rounded up, never negative ("ringing 20 s").
int seconds_left(TimeMs deadline, TimeMs now);

// The server's clock now, as estimated from the browser's (compare with event `ts`).
inline TimeMs server_now(const State& state, TimeMs local_now) { return local_now + state.server_clock_offset_ms; }

// True when a customer text waiting since `since` (server time) is past the reply threshold: the one rule of
// "overdue" for the agent's own chats and the supervisor's live chats.
bool reply_wait_overdue(TimeMs since, const Settings& settings, TimeMs server_time);
// True when the customer wrote last and has waited longer than the threshold for a reply.
// `server_time` is server_now(): the chat's times are server times.
bool reply_overdue(const Chat& chat, const Settings& settings, TimeMs server_time);
// "Waiting 1:05" while the customer's last message has no reply in an active chat; "" otherwise (chat header).
std::string customer_wait_label(const Chat& chat, TimeMs server_time);

}  // namespace desk
