#include "commit_writer.hpp"

namespace server {

CommitWriter::CommitWriter(Storage& storage, std::size_t max_batch)
    : storage_(storage), max_batch_(max_batch == 0 ? 1 : max_batch), thread_([this] { run(); }) {}

CommitWriter::~CommitWriter() { stop(); }

void CommitWriter::submit(std::vector<WriteOp> ops, Completion done) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back({std::move(ops), std::move(done)});
            wake_.notify_one();
            return;
        }
    }
    if (done) done(false);
}

void CommitWriter::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        wake_.notify_one();
    }
    if (thread_.joinable()) thread_.join();
}

CommitWriter::Stats CommitWriter::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void CommitWriter::run() {
    std::vector<Job> batch;
    std::vector<WriteOp> ops;
    for (;;) {
        batch.clear();
        ops.clear();
        job_sizes_.clear();
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping and drained
            // Take whole jobs while the batch stays under max_batch_ ops (a single larger job still goes alone).
            while (!queue_.empty() && (batch.empty() || ops.size() + queue_.front().ops.size() <= max_batch_)) {
                job_sizes_.push_back(queue_.front().ops.size());
                for (auto& op : queue_.front().ops) ops.push_back(std::move(op));
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        bool ok = ops.empty() || !storage_.apply_batch(ops).has_value();
        std::vector<bool> job_ok(batch.size(), ok);
        if (!ok && batch.size() > 1) {
            // One bad job must not fail its neighbours: retry each job in its own transaction (the jobs were
            // moved into `ops`; job_sizes_ tells which ops were whose).
            std::size_t at = 0;
            for (std::size_t j = 0; j < batch.size(); ++j) {
                const std::size_t count = job_sizes_[j];
                std::vector<WriteOp> one(ops.begin() + std::ptrdiff_t(at), ops.begin() + std::ptrdiff_t(at + count));
                job_ok[j] = !storage_.apply_batch(one).has_value();
                at += count;
            }
        }
        {
            std::lock_guard lock(mutex_);
            ++stats_.commits;
            stats_.ops += ops.size();
            for (bool job : job_ok) stats_.failures += job ? 0 : 1;
        }
        for (std::size_t j = 0; j < batch.size(); ++j) {
            if (batch[j].done) batch[j].done(job_ok[j]);
        }
        storage_.between_batches();
    }
}

}  // namespace server
