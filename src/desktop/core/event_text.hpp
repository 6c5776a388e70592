// The one-line text a transcript row shows for an event, built once when the event arrives.
#pragma once

#include <cstddef>
#include <string>

#include "protocol/event.hpp"
#include "protocol/types.hpp"

namespace desk {

std::string event_display_text(const proto::Event& event);

// What a chat's staff-only internal event says in the transcript of its agent and of the supervisors watching:
// "Whisper · Sam Supervisor: …", "Anna Berger flagged: …", "Sam Supervisor started watching".
std::string internal_event_text(const proto::InternalEvent& event);

// True for what the customer says (text, photo, location): these count as unread and start the reply timer.
bool is_customer_message(const proto::Event& event);

// What an avatar shows for a display name: the first letter of its first and last words ("Max Mustermann" -> "MM",
// "anna" -> "A", "山田 太郎" -> "山太"), ASCII letters upper-cased; "?" for a name with no letters. Whole UTF-8
// sequences only, so a name in any script gives valid text.
std::string initials(const std::string& name);

// A stable small number for a person (their id), so the same person keeps one avatar colour in every chat.
std::size_t avatar_color_index(const std::string& person_id, std::size_t colors);

}  // namespace desk
