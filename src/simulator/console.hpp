// One line per notable thing, from any strand: lines never interleave and carry the time since the run started.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string_view>

namespace sim {

class Console {
public:
    explicit Console(std::FILE* out = stdout, bool enabled = true) : out_(out), enabled_(enabled) {}

    void line(std::string_view text) {
        if (!enabled_) return;
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        std::lock_guard lock(mutex_);
        std::fprintf(out_, "[%7.2fs] %.*s\n", seconds, static_cast<int>(text.size()), text.data());
        std::fflush(out_);
    }

private:
    std::FILE* out_;
    bool enabled_;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace sim
