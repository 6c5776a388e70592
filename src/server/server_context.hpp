// What every network session shares: settings, the hub, the file store and counters. No Beast/Asio types.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "config.hpp"
#include "file_store.hpp"
#include "hub.hpp"
#include "static_files.hpp"

namespace server {

inline constexpr const char* kServerVersion = "0.1.0";

struct ServerContext {
    ServerContext(const ServerConfig& c, Hub& h, std::int64_t started)
        : config(c), hub(h), files(c.data_dir / "files"), roots{c.desktop_dir, c.customer_dir}, started_ms(started) {}

    const ServerConfig config;
    Hub& hub;
    const FileStore files;
    const StaticRoots roots;
    const std::int64_t started_ms;
    std::atomic<std::int64_t> connections{0};  // open TCP connections (HTTP and WebSocket)
    std::atomic<bool> stopping{false};         // shutting down: refuse new requests
};

}  // namespace server
