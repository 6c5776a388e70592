// Starts the real agentdesk-server binary for integration tests: `serve --port 0 --data DIR ...`, reads the port
// from its first stdout line, and stops it (SIGTERM, or SIGKILL for crash tests). stderr goes to DIR/server.log.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace testing {

// A fresh directory under /tmp, removed with its contents on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

class ServerProcess {
public:
    // Starts the server; port() is 0 when it did not come up within 15 s (see DIR/server.log).
    ServerProcess(const std::filesystem::path& data_dir, const std::vector<std::string>& extra_args = {});
    ~ServerProcess();  // SIGKILL if still running
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    std::uint16_t port() const { return port_; }
    const std::vector<std::string>& stdout_lines() const { return lines_; }
    // SIGTERM and wait (bounded); the exit status, or -1 if it had to be killed.
    int terminate();
    void kill9();

private:
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    std::vector<std::string> lines_;
};

// The binary's path (set by CMake).
std::string server_binary();

// Runs `agentdesk-server ARGS` to completion (bounded), feeding `stdin_text`; returns the exit code and stdout.
struct CommandResult {
    int exit_code = -1;
    std::string out;
};
CommandResult run_command(const std::vector<std::string>& args, const std::string& stdin_text = "");

}  // namespace testing
