// The one writer thread: group commit "as soon as the writer is free". While a transaction commits, new
// submissions queue up; the next transaction takes everything queued (up to max_batch ops), so batches grow only
// under load and a lone write is committed at once, with no timer anywhere.
//
// Completions run on the writer thread, in submission order, after the commit (ok=true) or after the batch
// failed (ok=false). They must only post to their owner (the hub strand), never touch its state.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "storage.hpp"
#include "write_queue.hpp"

namespace server {

class CommitWriter final : public WriteQueue {
public:
    using Completion = std::function<void(bool ok)>;

    CommitWriter(Storage& storage, std::size_t max_batch);
    ~CommitWriter();  // stop()s
    CommitWriter(const CommitWriter&) = delete;
    CommitWriter& operator=(const CommitWriter&) = delete;

    // Queues `ops` to be committed together (never split across transactions), then `done(ok)`.
    void submit(std::vector<WriteOp> ops, Completion done) override;

    // Commits everything already submitted, then ends the thread. Later submissions complete with ok=false.
    void stop();

    struct Stats {
        std::uint64_t commits = 0;
        std::uint64_t ops = 0;
        std::uint64_t failures = 0;
    };
    Stats stats() const;

private:
    struct Job {
        std::vector<WriteOp> ops;
        Completion done;
    };
    void run();

    Storage& storage_;
    const std::size_t max_batch_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    std::vector<std::size_t> job_sizes_;  // writer thread only: ops per job of the current batch
    bool stopping_ = false;
    Stats stats_;
    std::thread thread_;
};

}  // namespace server
