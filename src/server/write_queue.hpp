// What the hub needs of durable writes: submit a batch of ops, hear back once it committed (or failed). The
// commit writer thread implements it (commit_writer.hpp); in-process tests use a queue they commit by hand.
#pragma once

#include <functional>
#include <vector>

#include "storage.hpp"

namespace server {

class WriteQueue {
public:
    using Completion = std::function<void(bool ok)>;
    virtual ~WriteQueue() = default;
    // Queues `ops` to be committed together (never split across transactions); `done(ok)` runs after the commit
    // on the writer's thread, in submission order, and must only post to its owner.
    virtual void submit(std::vector<WriteOp> ops, Completion done) = 0;
};

}  // namespace server
