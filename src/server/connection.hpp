// What the hub needs of one client socket, without any Beast/Asio type: send a frame, close. The WebSocket
// session implements it; both calls are thread-safe (they post to the session's strand).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace server {

using ConnectionId = std::uint64_t;

// Close codes the server uses (RFC 6455 and the protocol's own).
inline constexpr std::uint16_t kCloseNormal = 1000;
inline constexpr std::uint16_t kCloseGoingAway = 1001;  // server shutdown
inline constexpr std::uint16_t kClosePolicy = 1008;     // client does not read its frames
inline constexpr std::uint16_t kCloseTooBig = 1009;     // frame over maxFrameBytes
inline constexpr std::uint16_t kCloseReplaced = 4001;   // a newer login of the same agent took over

// One frame, serialised once and shared by every recipient.
using Frame = std::shared_ptr<const std::string>;
inline Frame make_frame(std::string text) { return std::make_shared<const std::string>(std::move(text)); }

class ClientConnection {
public:
    virtual ~ClientConnection() = default;
    // Queues a text frame. Frames are sent in the order of send() calls.
    virtual void send(Frame frame) = 0;
    // Sends what is queued, then closes with `code`. Later sends are dropped.
    virtual void close(std::uint16_t code, std::string reason) = 0;
};

}  // namespace server
