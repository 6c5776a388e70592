#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace testing {

std::string server_binary() { return AGENTDESK_SERVER_BIN; }

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "agentdesk-test-XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    path_ = made ? made : pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

namespace {

// Reads one line from `fd` within `timeout_ms`; false on timeout or EOF.
bool read_line(int fd, std::string& line, int timeout_ms) {
    line.clear();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, int(left)) <= 0) continue;
        char c = 0;
        const ssize_t n = ::read(fd, &c, 1);
        if (n <= 0) return false;
        if (c == '\n') return true;
        line.push_back(c);
    }
}

int wait_bounded(pid_t pid, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
}

}  // namespace

ServerProcess::ServerProcess(const std::filesystem::path& data_dir, const std::vector<std::string>& extra_args) {
    int out[2];
    if (pipe(out) != 0) return;
    std::vector<std::string> args = {server_binary(), "serve", "--port", "0", "--data", data_dir.string()};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    const std::string log = (data_dir / "server.log").string();
    std::filesystem::create_directories(data_dir);
    pid_ = fork();
    if (pid_ == 0) {
        dup2(out[1], 1);
        const int err = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (err >= 0) dup2(err, 2);
        close(out[0]);
        close(out[1]);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    std::string line;
    if (read_line(out[0], line, 15000)) {
        lines_.push_back(line);
        for (const std::string prefix : {"listening on http://127.0.0.1:", "listening on https://127.0.0.1:"}) {
            if (line.rfind(prefix, 0) == 0) port_ = std::uint16_t(std::atoi(line.c_str() + prefix.size()));
        }
        // Further lines (demo agents) are available without waiting long.
        while (read_line(out[0], line, 200)) lines_.push_back(line);
    }
    close(out[0]);
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) kill9();
}

int ServerProcess::terminate() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int code = wait_bounded(pid_, 10000);
    if (code == -1) kill9();
    pid_ = -1;
    return code;
}

void ServerProcess::kill9() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    wait_bounded(pid_, 10000);
    pid_ = -1;
}

CommandResult run_command(const std::vector<std::string>& args, const std::string& stdin_text) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) return {};
    std::vector<std::string> full = {server_binary()};
    full.insert(full.end(), args.begin(), args.end());
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        const int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) dup2(devnull, 2);
        close(in[1]);
        close(out[0]);
        std::vector<char*> argv;
        for (auto& a : full) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    if (!stdin_text.empty()) (void)!write(in[1], stdin_text.data(), stdin_text.size());
    close(in[1]);
    CommandResult result;
    std::string line;
    while (read_line(out[0], line, 20000)) result.out += line + "\n";
    close(out[0]);
    result.exit_code = wait_bounded(pid, 20000);
    if (result.exit_code == -1) {
        ::kill(pid, SIGKILL);
        wait_bounded(pid, 5000);
    }
    return result;
}

}  // namespace testing
