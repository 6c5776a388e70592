// Filled-in sample values of every message, shared by the round-trip and robustness tests.
#pragma once

#include <vector>

#include "protocol/codec.hpp"

namespace proto_test {

proto::ChatSummary sample_chat();
proto::Event sample_event(proto::EventBody body);
std::vector<proto::EventBody> sample_bodies();               // one per EventKind
std::vector<proto::ClientMessage> sample_client_messages();  // every alternative at least once
std::vector<proto::ServerMessage> sample_server_messages();  // every alternative at least once

}  // namespace proto_test
