// The state as JSON, for end-to-end tests and diagnostics. Stable shape (keys never renamed, only added):
// {
//   "connection": {"phase": "offline|connecting|connected|reconnecting", "socketOpen": bool, "attempt": int,
//                  "reconnectInMs": number (0 unless reconnecting), "lastCloseCode": int},
//   "login": {"username": str, "inFlight": bool, "error": str},
//   "session": null | {"agentId": str, "username": str, "displayName": str, "capacity": int, "role": str},
//   "role": null | "agent" | "supervisor",
//   "supervision": null (an agent) | {"pane": "overview|watched|chat", "received": bool, "ts": server ms | null,
//                  "queueTotal", "chatsTotal", "takeoverPending": chatId | "",
//                  "queue": [{"chatId","customerName","queuedAt","waitingMs","position","offeredTo": name | null}],
//                  "agents": [{"id","displayName","role","online","state","reason","since","timeInState","load",
//                              "capacity"}],
//                  "chats": [{"chatId","status","customerName","agent": name | null,
//                             "flag": null | {"by","byId","reason","ts"}, "awaitingReplySince": ms | null,
//                             "overdue": bool, "watchers": [name], "bargedIn": [name], "lastSeq"}]},
//   "watched": null | {"chatId","customerName","agentName","status","watching": bool (confirmed),"bargedIn",
//                      "joinPending","lastSeq","serverLastSeq","syncing","eventCount","events": [as chats[].events],
//                      "internal": [{"seq","kind","by","text","display"}], "flag","whisperDraft",
//                      "whisperSending": bool, "error"},
//   "presence": {"state": "ready|not_ready", "reason": str, "pending": bool},
//   "config": {"cannedResponses": [{"shortcut","title","text"}], "dispositions": [str], "notReadyReasons": [str]},
//   "offers": [{"offerId", "chatId", "customerName", "app", "firstMessage", "customerTexts": [str] (latest first),
//               "secondsLeft", "transferFrom", "responding"}],
//   "chats": [{"chatId", "status", "customer": {"name","phone","capabilities":[str],"app","language"},
//              "context": {key: value}, "lastLocation": null | {"lat","lon","accuracy","ts"},
//              "track": [{"lat","lon","accuracy","ts","seq"}] (the map's recent positions, oldest first),
//              "locationRequestedAt": server ms of the pending location request (0 = none),
//              "lastSeq", "eventCount", "unread", "typing": bool, "replyOverdue": bool, "syncing": bool,
//              "transferPending", "endRequested", "wrapupPending", "customerRead", "customerDelivered",
//              "events": [{"seq","kind","role","author","text","clientId","status"}],
//              "watchers": [name], "bargedIn": [name], "flag": null | {"by","byId","reason","ts"}, "flagPending",
//              "internal": [{"seq","kind","by","text","display"}], "internalError": str}],
//                 (events: the last `max_events_per_chat`; status for own messages: sent|delivered|read, else "")
//   "outbox": [{"chatId","clientId","text","status":"queued|sending|acked|failed","errorCode","errorMessage"}],
//   "unreadTotal": int, "selectedChatId": str, "title": str, "theme": "dark|light", "pageVisible": bool,
//   "agents": [{"id","displayName","state","load","capacity"}],
//   "notices": [{"code","message","chatId"}], "sessionReplaced": bool,
//   "mapFocus": null | {"chatId","lat","lon","label","pin": bool,"serial"}, "mapTrackLimit": int
// }
#pragma once

#include <cstddef>
#include <string>

#include "desktop/core/state.hpp"

namespace desk {

// `max_events_per_chat` bounds the JSON for huge chats (the newest events are kept; "eventCount" tells all).
std::string snapshot_json(const State& state, TimeMs now, std::size_t max_events_per_chat = 200);

// Status of the agent's own committed message as the transcript shows it.
const char* own_message_status(const Chat& chat, const ChatEvent& event);

const char* outbox_status_name(OutboxStatus status);
const char* phase_name(ConnectionPhase phase);

}  // namespace desk
