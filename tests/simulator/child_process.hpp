// A child process for integration tests: started with its output in a file, stopped with SIGTERM (then SIGKILL),
// always within a bounded time.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace simtest {

class ChildProcess {
public:
    // Starts `argv[0]` with `argv`; stdout and stderr go to `output_file`.
    ChildProcess(const std::vector<std::string>& argv, const std::string& output_file);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    [[nodiscard]] int pid() const { return pid_; }
    [[nodiscard]] bool started() const { return pid_ > 0; }
    // Waits for the exit; its code, or nullopt on timeout (the child is then killed) or a signal.
    std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);
    // SIGTERM, up to `grace` for the exit, then SIGKILL.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));

private:
    int pid_ = -1;
    bool reaped_ = false;
};

// The whole content of a file ("" if missing).
std::string read_file(const std::string& path);

// Polls `path` until it contains `marker` or `timeout` passes; returns the content at that point.
std::string wait_for_text(const std::string& path, const std::string& marker, std::chrono::milliseconds timeout);

// A fresh directory under /tmp, removed with its content by the destructor.
class TempDir {
public:
    TempDir();
    ~TempDir();
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace simtest
