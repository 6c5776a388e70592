// In-process hub tests: the real Hub and its components, with every thread replaced by a queue the test runs by
// hand (strand, storage reader, worker, write queue), a manual clock and an in-memory storage. No sockets, no
// sleeps: a test decides exactly what has run when.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/accounts.hpp"
#include "server/hub.hpp"
#include "server/storage.hpp"
#include "server/strand_check.hpp"

namespace hubtest {

using Json = nlohmann::json;
using server::Task;

// Storage in maps, with the uniqueness rules of the SQLite schema and a switch that makes every write fail.
class MemoryStorage final : public server::Storage {
public:
    bool fail_writes = false;

    std::optional<server::StorageError> apply_batch(const std::vector<server::WriteOp>& ops) override;
    std::optional<server::StorageError> add_agent(const server::AgentRecord& agent) override;
    bool remove_agent(const std::string& username) override;
    bool set_password(const std::string& username, const std::string& password_hash) override;
    std::vector<server::AgentRecord> list_agents() override;
    std::optional<server::AgentRecord> find_agent(const std::string& username) override;
    std::optional<server::AgentRecord> find_agent_by_id(const std::string& id) override;
    std::optional<server::SessionRecord> find_session(const std::string& token_hash) override;
    std::vector<server::ChatRecord> load_open_chats() override;
    std::optional<server::ChatRecord> load_chat(const std::string& chat_id) override;
    std::vector<server::EventRecord> load_events(const std::string& chat_id, std::int64_t after_seq,
                                                 std::int64_t max_events) override;
    std::vector<server::ReceiptRecord> load_receipts(const std::string& chat_id) override;
    std::optional<server::FileRecord> find_file(const std::string& file_id) override;
    std::vector<server::PastChatRecord> load_customer_history(const std::string& user_id,
                                                              const std::string& except_chat_id, std::int64_t max_chats,
                                                              std::int64_t preview_texts) override;
    std::vector<server::InternalEventRecord> load_internal_events(const std::string& chat_id, std::int64_t after_seq,
                                                                  std::int64_t max_events) override;
    server::IdCounters load_id_counters() override;

    std::map<std::pair<std::string, std::int64_t>, server::InternalEventRecord> internal_events;
    std::set<std::tuple<std::string, std::int64_t, std::string>> customer_links;  // user id, created at, chat id
    std::map<std::string, server::AgentRecord> agents;                            // by id
    std::map<std::string, server::SessionRecord> sessions;
    std::map<std::string, server::ChatRecord> chats;
    std::map<std::pair<std::string, std::int64_t>, server::EventRecord> events;
    std::map<std::pair<std::string, std::string>, server::ReceiptRecord> receipts;
    std::map<std::string, server::FileRecord> files;
    std::map<std::string, server::WrapupRecord> wrapups;
    std::vector<std::string> chat_order;  // creation order (load_open_chats is oldest first)
};

// The write queue, committed by hand: nothing is durable until commit_all().
class ManualWrites final : public server::WriteQueue {
public:
    explicit ManualWrites(server::Storage& storage) : storage_(storage) {}
    void submit(std::vector<server::WriteOp> ops, Completion done) override {
        jobs_.push_back({std::move(ops), std::move(done)});
    }
    std::size_t queued() const { return jobs_.size(); }
    // Commits every queued job, each in its own transaction, in order.
    void commit_all();

private:
    server::Storage& storage_;
    std::deque<std::pair<std::vector<server::WriteOp>, Completion>> jobs_;
};

// One client socket: what it received, parsed, and how it was closed.
class FakeConnection final : public server::ClientConnection {
public:
    void send(server::Frame frame) override {
        if (!closed) frames.push_back(Json::parse(*frame));
    }
    void close(std::uint16_t code, std::string) override {
        if (!closed) close_code = code;
        closed = true;
    }
    std::vector<Json> frames;
    std::optional<std::uint16_t> close_code;
    bool closed = false;
};

// A hub with manual executors. run() runs everything until nothing is left; the finer steps let a test stop
// between the strand, the reader and the commits.
class HubHarness {
public:
    explicit HubHarness(server::ServerConfig config = default_config(), MemoryStorage initial = {});
    static server::ServerConfig default_config();

    std::int64_t now_ms = 1'700'000'000'000;
    MemoryStorage storage;
    ManualWrites writes{storage};
    std::unique_ptr<server::Hub> hub;

    bool run_strand();  // runs queued strand tasks (and those they post); false when there were none
    bool run_reader();
    bool run_worker();
    void run();  // strand, reader, worker and commits until all are idle

    // A socket; `send` parses a client frame (the real codec) and hands it to the hub.
    struct Client {
        server::ConnectionId id = 0;
        std::shared_ptr<FakeConnection> connection;
    };
    Client connect();
    void send(const Client& client, const Json& frame);
    void disconnect(const Client& client);
    void tick();

    // Flows the tests share, each run to completion.
    server::AgentRecord add_agent(const std::string& username, const std::string& password = "secret");
    Client login(const std::string& username, const std::string& password = "secret");
    void ready(const Client& agent);
    Client start_customer(const std::string& name = "Max");

private:
    std::deque<Task> strand_, reader_, worker_;
    int next_agent_ = 0;
};

// Frames of `type` a client received (in order), and the last one.
std::vector<Json> of_type(const FakeConnection& connection, const std::string& type);
std::optional<Json> last_of_type(const FakeConnection& connection, const std::string& type);
// seqs of the `event` pushes a client received for `chat_id`, in arrival order.
std::vector<std::int64_t> event_seqs(const FakeConnection& connection, const std::string& chat_id);

}  // namespace hubtest
