#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "server/commit_writer.hpp"
#include "server/sqlite_storage.hpp"

using namespace server;

namespace {
// Storage that records batch sizes and can be told to fail; delegates nothing else.
class RecordingStorage final : public Storage {
public:
    std::optional<StorageError> apply_batch(const std::vector<WriteOp>& ops) override {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a commit takes time
        std::lock_guard lock(mutex);
        batches.push_back(ops.size());
        for (const auto& op : ops) {
            if (const auto* e = std::get_if<EventRecord>(&op); e && e->kind == "poison") return StorageError{"poison"};
        }
        for (const auto& op : ops) {
            if (const auto* e = std::get_if<EventRecord>(&op)) committed.push_back(e->seq);
        }
        return std::nullopt;
    }
    std::optional<StorageError> add_agent(const AgentRecord&) override { return std::nullopt; }
    bool remove_agent(const std::string&) override { return false; }
    bool set_password(const std::string&, const std::string&) override { return false; }
    std::vector<AgentRecord> list_agents() override { return {}; }
    std::optional<AgentRecord> find_agent(const std::string&) override { return std::nullopt; }
    std::optional<AgentRecord> find_agent_by_id(const std::string&) override { return std::nullopt; }
    std::optional<SessionRecord> find_session(const std::string&) override { return std::nullopt; }
    std::vector<ChatRecord> load_open_chats() override { return {}; }
    std::optional<ChatRecord> load_chat(const std::string&) override { return std::nullopt; }
    std::vector<EventRecord> load_events(const std::string&, std::int64_t, std::int64_t) override { return {}; }
    std::vector<ReceiptRecord> load_receipts(const std::string&) override { return {}; }
    std::optional<FileRecord> find_file(const std::string&) override { return std::nullopt; }
    // The writer never reads: the reads of this storage answer nothing.
    std::vector<PastChatRecord> load_customer_history(const std::string&, const std::string&, std::int64_t,
                                                      std::int64_t) override {
        return {};
    }
    std::vector<InternalEventRecord> load_internal_events(const std::string&, std::int64_t, std::int64_t) override {
        return {};
    }
    IdCounters load_id_counters() override { return {}; }

    std::mutex mutex;
    std::vector<std::size_t> batches;
    std::vector<std::int64_t> committed;
};

EventRecord ev(std::int64_t seq, std::string kind = "text") {
    return {"c1", seq, 0, std::move(kind), "customer", "", "{}"};
}
}  // namespace

TEST_CASE("commit writer: a lone write commits at once, batches grow under load, order is kept") {
    RecordingStorage storage;
    CommitWriter writer(storage, 1000);
    std::atomic<int> done{0};
    writer.submit({ev(1)}, [&](bool ok) {
        CHECK(ok);
        ++done;
    });
    for (int i = 0; i < 200 && done < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(done == 1);  // no timer: committed without more submissions

    std::vector<int> order;
    std::mutex order_mutex;
    for (int seq = 2; seq <= 301; ++seq) {
        writer.submit({ev(seq)}, [&, seq](bool ok) {
            CHECK(ok);
            std::lock_guard lock(order_mutex);
            order.push_back(seq);
        });
    }
    writer.stop();
    REQUIRE(order.size() == 300);
    for (std::size_t i = 0; i < order.size(); ++i) CHECK(order[i] == int(i) + 2);
    CHECK(storage.batches.size() < 300);  // grouped while the writer was busy
    for (std::size_t i = 0; i < storage.committed.size(); ++i) CHECK(storage.committed[i] == std::int64_t(i) + 1);
    const auto stats = writer.stats();
    CHECK(stats.ops == 301);
    CHECK(stats.failures == 0);
}

TEST_CASE("commit writer: max batch bounds a transaction; one bad job fails alone") {
    RecordingStorage storage;
    CommitWriter writer(storage, 3);
    std::atomic<int> ok_count{0}, failed{0};
    // Hold the writer busy so the next jobs queue up together.
    writer.submit({ev(1)}, {});
    for (int seq = 2; seq <= 7; ++seq) {
        writer.submit({ev(seq, seq == 4 ? "poison" : "text")}, [&](bool ok) { ok ? ++ok_count : ++failed; });
    }
    writer.stop();
    CHECK(ok_count == 5);
    CHECK(failed == 1);
    for (std::size_t size : storage.batches) CHECK(size <= 3);
    writer.submit({ev(9)}, [&](bool ok) { CHECK_FALSE(ok); });  // after stop: refused, not lost silently
}
