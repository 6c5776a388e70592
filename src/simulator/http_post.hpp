// One HTTP/1.1 POST on a fresh TCP connection (file uploads), behind a header with no Boost include.
#pragma once

#include "event_loop.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace sim {

struct HttpPostRequest {
    std::string host;
    std::uint16_t port = 80;
    std::string target;        // path and query, e.g. /api/chats/c7/files?name=a.png&clientId=u-1
    std::string bearer_token;  // sent as Authorization: Bearer …; empty sends none
    std::string content_type;
    std::string body;
    std::chrono::milliseconds timeout{15'000};  // the whole exchange
};

struct HttpResponse {
    int status = 0;  // 0 when no response arrived (then `error` says why)
    std::string body;
    std::string error;  // transport failure, readable; empty on any HTTP response
};

// Sends `request`; `done` runs once, on `strand`, with the response or the transport error.
void http_post(EventLoop& loop, const Strand& strand, HttpPostRequest request, std::function<void(HttpResponse)> done);

}  // namespace sim
