// What every hub component shares: settings, the clock, the executors, durable writes and storage reads, and the
// two switches that refuse new work (shutdown, a failed commit). Components receive it by reference; it has no
// domain state of its own.
//
// Threads: every component runs on the hub strand. Storage is never called there: reads go to the reader
// executor and their result comes back as a posted strand task (read()); writes go to the write queue and their
// completion comes back the same way (commit()).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config.hpp"
#include "protocol/result.hpp"
#include "protocol/types.hpp"
#include "storage.hpp"
#include "strand_check.hpp"
#include "write_queue.hpp"

namespace server {

using Task = std::function<void()>;
using Post = std::function<void(Task)>;
using Clock = std::function<std::int64_t()>;  // ms since the Unix epoch

struct HubExecutors {
    Post strand;  // runs tasks one at a time, in order: all hub state is touched only there
    Post reader;  // storage reads, one at a time in order (a single thread)
    Post worker;  // slow CPU work (password hashing); may call storage, never touches hub state
};

class HubServices {
public:
    HubServices(const ServerConfig& config, Storage& storage, WriteQueue& writes, HubExecutors executors, Clock clock)
        : config(config),
          storage_(storage),
          writes_(writes),
          executors_(std::move(executors)),
          clock_(std::move(clock)) {}

    const ServerConfig config;

    std::int64_t now() const { return clock_(); }

    // Runs `task` on the strand, marked as such for the storage check (strand_check.hpp).
    void post(Task task) {
        executors_.strand([task = std::move(task)] {
            HubStrandScope on_strand;
            task();
        });
    }

    // Runs `work(storage)` off the strand (password checks), then `then(result)` on the strand.
    template <class Work, class Then>
    void work(Work work, Then then) {
        executors_.worker([this, work = std::move(work), then = std::move(then)]() mutable {
            auto result = work(storage_);
            post([then = std::move(then), result = std::move(result)]() mutable { then(std::move(result)); });
        });
    }

    // Runs `read(storage)` on the reader, then `then(result)` on the strand. Reads run in the order they were
    // asked for; the strand may have moved on meanwhile, so `then` looks its state up again.
    template <class Read, class Then>
    void read(Read read, Then then) {
        executors_.reader([this, read = std::move(read), then = std::move(then)]() mutable {
            auto result = read(storage_);
            post([then = std::move(then), result = std::move(result)]() mutable { then(std::move(result)); });
        });
    }

    // Submits ops as one transaction; `done(ok)` runs on the strand after the commit. The first failed commit
    // switches the hub to refusing writes (storage_failed).
    void commit(std::vector<WriteOp> ops, std::function<void(bool ok)> done = {});

    // Why new writes are refused now (`unavailable`), or nullopt.
    std::optional<proto::Error> write_refusal() const;

    bool stopping = false;        // shutdown began: new work gets `unavailable`
    bool storage_failed = false;  // a commit failed: writes get `unavailable`

private:
    // Runs, on the strand, every completion that arrived since the last run, in arrival order.
    void run_completions();

    Storage& storage_;
    WriteQueue& writes_;
    HubExecutors executors_;
    Clock clock_;
    // Commit completions waiting for the strand. The writer hands over a whole batch's completions one after the
    // other; only the first of a run posts a strand task, which then takes all of them: one post per batch, not
    // one per message.
    struct Completed {
        bool ok;
        std::function<void(bool)> done;
    };
    std::mutex completed_mutex_;
    std::vector<Completed> completed_;  // under completed_mutex_
};

// Storage's `sender` of an event (clientId uniqueness is per chat and sender).
std::string sender_key(const proto::Author& author);

}  // namespace server
