#include "hub_services.hpp"

#include "log.hpp"

namespace server {

void HubServices::commit(std::vector<WriteOp> ops, std::function<void(bool)> done) {
    writes_.submit(std::move(ops), [this, done = std::move(done)](bool ok) mutable {
        bool first = false;
        {
            std::lock_guard lock(completed_mutex_);
            first = completed_.empty();
            completed_.push_back({ok, std::move(done)});
        }
        if (first) post([this] { run_completions(); });
    });
}

void HubServices::run_completions() {
    std::vector<Completed> ready;
    {
        std::lock_guard lock(completed_mutex_);
        ready.swap(completed_);
    }
    for (auto& [ok, done] : ready) {
        if (!ok && !storage_failed) {
            storage_failed = true;
            log_event("storage_failed", {{"detail", "a commit failed; refusing further writes"}});
        }
        if (done) done(ok);
    }
}

std::optional<proto::Error> HubServices::write_refusal() const {
    if (stopping) return proto::Error::make(proto::ErrorCode::unavailable, "server is shutting down");
    if (storage_failed) return proto::Error::make(proto::ErrorCode::unavailable, "storage failed");
    return std::nullopt;
}

std::string sender_key(const proto::Author& author) {
    return author.role == proto::Role::agent ? "agent:" + author.id : std::string(proto::to_string(author.role));
}

}  // namespace server
