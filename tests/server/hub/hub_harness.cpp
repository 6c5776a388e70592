#include "hub_harness.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/overloaded.hpp"
#include "protocol/codec.hpp"
#include "server/log.hpp"

namespace hubtest {

using namespace server;

namespace {
std::int64_t number_of(const std::string& id) { return id.size() > 1 ? std::stoll(id.substr(1)) : 0; }
}  // namespace

// ======================= MemoryStorage =======================

std::optional<StorageError> MemoryStorage::apply_batch(const std::vector<WriteOp>& ops) {
    note_storage_call("apply_batch");
    if (fail_writes) return StorageError{"writes fail (test)"};
    // All or nothing: work on copies, then swap in.
    auto next_sessions = sessions;
    auto next_chats = chats;
    auto next_events = events;
    auto next_receipts = receipts;
    auto next_files = files;
    auto next_wrapups = wrapups;
    auto next_links = customer_links;
    auto next_internal = internal_events;
    auto next_order = chat_order;
    for (const auto& op : ops) {
        std::optional<StorageError> error;
        std::visit(core::Overloaded{
                       [&](const ChatRecord& r) {
                           if (!next_chats.count(r.id)) next_order.push_back(r.id);
                           next_chats[r.id] = r;
                       },
                       [&](const EventRecord& r) {
                           if (next_events.count({r.chat_id, r.seq})) error = StorageError{"duplicate seq"};
                           for (const auto& [key, e] : next_events) {
                               if (!r.client_id.empty() && e.chat_id == r.chat_id && e.sender == r.sender &&
                                   e.client_id == r.client_id) {
                                   error = StorageError{"duplicate clientId"};
                               }
                           }
                           next_events[{r.chat_id, r.seq}] = r;
                       },
                       [&](const ReceiptRecord& r) {
                           next_receipts[{r.chat_id, r.role}] = r;
                       },
                       [&](const FileRecord& r) { next_files[r.id] = r; },
                       [&](const WrapupRecord& r) { next_wrapups[r.chat_id] = r; },
                       [&](const SessionRecord& r) { next_sessions[r.token_hash] = r; },
                       [&](const DeleteSession& r) { next_sessions.erase(r.token_hash); },
                       [&](const DeleteAgentSessions& r) {
                           for (auto it = next_sessions.begin(); it != next_sessions.end();) {
                               if (it->second.agent_id == r.agent_id && it->first != r.keep_token_hash)
                                   it = next_sessions.erase(it);
                               else
                                   ++it;
                           }
                       },
                       [&](const CustomerLink& r) {
                           next_links.insert({r.user_id, r.created_at, r.chat_id});
                       },
                       [&](const InternalEventRecord& r) {
                           if (!next_internal.emplace(std::pair{r.chat_id, r.seq}, r).second)
                               error = StorageError{"UNIQUE constraint failed: internal_events"};
                       },
                       [&](const TouchSession& r) {
                           const auto it = next_sessions.find(r.token_hash);
                           if (it != next_sessions.end()) it->second.last_seen_at = r.last_seen_at;
                       },
                   },
                   op);
        if (error) return error;
    }
    internal_events = std::move(next_internal);
    sessions = std::move(next_sessions);
    chats = std::move(next_chats);
    events = std::move(next_events);
    receipts = std::move(next_receipts);
    files = std::move(next_files);
    wrapups = std::move(next_wrapups);
    customer_links = std::move(next_links);
    chat_order = std::move(next_order);
    return std::nullopt;
}

std::optional<StorageError> MemoryStorage::add_agent(const AgentRecord& agent) {
    note_storage_call("add_agent");
    for (const auto& [id, a] : agents) {
        if (a.username == agent.username) return StorageError{"username taken"};
    }
    agents[agent.id] = agent;
    return std::nullopt;
}

bool MemoryStorage::remove_agent(const std::string& username) {
    note_storage_call("remove_agent");
    for (auto it = agents.begin(); it != agents.end(); ++it) {
        if (it->second.username == username) {
            agents.erase(it);
            return true;
        }
    }
    return false;
}

bool MemoryStorage::set_password(const std::string& username, const std::string& password_hash) {
    note_storage_call("set_password");
    for (auto& [id, a] : agents) {
        if (a.username == username) {
            a.password_hash = password_hash;
            return true;
        }
    }
    return false;
}

std::vector<AgentRecord> MemoryStorage::list_agents() {
    note_storage_call("list_agents");
    std::vector<AgentRecord> out;
    for (const auto& [id, a] : agents) out.push_back(a);
    return out;
}

std::optional<AgentRecord> MemoryStorage::find_agent(const std::string& username) {
    note_storage_call("find_agent");
    for (const auto& [id, a] : agents) {
        if (a.username == username) return a;
    }
    return std::nullopt;
}

std::optional<AgentRecord> MemoryStorage::find_agent_by_id(const std::string& id) {
    note_storage_call("find_agent_by_id");
    const auto it = agents.find(id);
    if (it == agents.end()) return std::nullopt;
    return it->second;
}

std::optional<SessionRecord> MemoryStorage::find_session(const std::string& token_hash) {
    note_storage_call("find_session");
    const auto it = sessions.find(token_hash);
    if (it == sessions.end()) return std::nullopt;
    return it->second;
}

std::vector<ChatRecord> MemoryStorage::load_open_chats() {
    note_storage_call("load_open_chats");
    std::vector<ChatRecord> out;
    for (const auto& id : chat_order) {
        if (chats.at(id).status != "closed") out.push_back(chats.at(id));
    }
    return out;
}

std::optional<ChatRecord> MemoryStorage::load_chat(const std::string& chat_id) {
    note_storage_call("load_chat");
    const auto it = chats.find(chat_id);
    if (it == chats.end()) return std::nullopt;
    return it->second;
}

std::vector<EventRecord> MemoryStorage::load_events(const std::string& chat_id, std::int64_t after_seq,
                                                    std::int64_t max_events) {
    note_storage_call("load_events");
    std::vector<EventRecord> out;
    for (auto it = events.upper_bound({chat_id, after_seq}); it != events.end() && it->first.first == chat_id; ++it) {
        if (std::int64_t(out.size()) >= max_events) break;
        out.push_back(it->second);
    }
    return out;
}

std::vector<ReceiptRecord> MemoryStorage::load_receipts(const std::string& chat_id) {
    note_storage_call("load_receipts");
    std::vector<ReceiptRecord> out;
    for (const auto& [key, r] : receipts) {
        if (key.first == chat_id) out.push_back(r);
    }
    return out;
}

std::optional<FileRecord> MemoryStorage::find_file(const std::string& file_id) {
    note_storage_call("find_file");
    const auto it = files.find(file_id);
    if (it == files.end()) return std::nullopt;
    return it->second;
}

std::vector<InternalEventRecord> MemoryStorage::load_internal_events(const std::string& chat_id, std::int64_t after_seq,
                                                                     std::int64_t max_events) {
    note_storage_call("load_internal_events");
    std::vector<InternalEventRecord> out;
    for (auto it = internal_events.upper_bound({chat_id, after_seq});
         it != internal_events.end() && it->first.first == chat_id && std::int64_t(out.size()) < max_events; ++it)
        out.push_back(it->second);
    return out;
}

std::vector<PastChatRecord> MemoryStorage::load_customer_history(const std::string& user_id,
                                                                 const std::string& except_chat_id,
                                                                 std::int64_t max_chats, std::int64_t preview_texts) {
    note_storage_call("load_customer_history");
    std::vector<PastChatRecord> out;
    for (auto it = customer_links.rbegin(); it != customer_links.rend(); ++it) {  // newest first
        const auto& [user, created_at, chat_id] = *it;
        if (user != user_id || chat_id == except_chat_id) continue;
        if (std::int64_t(out.size()) >= max_chats) break;
        const auto chat = chats.find(chat_id);
        if (chat == chats.end()) continue;
        PastChatRecord past{chat->second, std::nullopt, {}};
        if (const auto w = wrapups.find(chat_id); w != wrapups.end()) past.wrapup = w->second;
        for (auto e = events.lower_bound({chat_id, 0}); e != events.end() && e->first.first == chat_id; ++e) {
            if (std::int64_t(past.first_texts.size()) >= preview_texts) break;
            if (e->second.kind == "text") past.first_texts.push_back(e->second.json);
        }
        out.push_back(std::move(past));
    }
    return out;
}

IdCounters MemoryStorage::load_id_counters() {
    note_storage_call("load_id_counters");
    IdCounters counters;
    for (const auto& [id, c] : chats) counters.chat = std::max(counters.chat, number_of(id));
    for (const auto& [id, f] : files) counters.file = std::max(counters.file, number_of(id));
    for (const auto& [id, a] : agents) counters.agent = std::max(counters.agent, number_of(id));
    return counters;
}

// ======================= ManualWrites =======================

void ManualWrites::commit_all() {
    while (!jobs_.empty()) {
        auto [ops, done] = std::move(jobs_.front());
        jobs_.pop_front();
        const bool ok = ops.empty() || !storage_.apply_batch(ops).has_value();
        if (done) done(ok);
    }
}

// ======================= HubHarness =======================

ServerConfig HubHarness::default_config() {
    ServerConfig config;
    config.data_dir = "/nonexistent";  // the hub never touches files itself
    return config;
}

HubHarness::HubHarness(ServerConfig config, MemoryStorage initial) : storage(std::move(initial)) {
    if (!init_crypto()) throw std::runtime_error("libsodium");
    set_logging(false);
    HubExecutors executors{[this](Task t) { strand_.push_back(std::move(t)); },
                           [this](Task t) { reader_.push_back(std::move(t)); },
                           [this](Task t) { worker_.push_back(std::move(t)); }};
    hub = std::make_unique<Hub>(config, storage, writes, std::move(executors), [this] { return now_ms; });
    if (auto error = hub->restore()) throw std::runtime_error(*error);
}

bool HubHarness::run_strand() {
    bool ran = false;
    while (!strand_.empty()) {
        auto task = std::move(strand_.front());
        strand_.pop_front();
        task();
        ran = true;
    }
    return ran;
}

bool HubHarness::run_reader() {
    bool ran = false;
    while (!reader_.empty()) {
        auto task = std::move(reader_.front());
        reader_.pop_front();
        task();
        ran = true;
    }
    return ran;
}

bool HubHarness::run_worker() {
    bool ran = false;
    while (!worker_.empty()) {
        auto task = std::move(worker_.front());
        worker_.pop_front();
        task();
        ran = true;
    }
    return ran;
}

void HubHarness::run() {
    for (int round = 0; round < 10'000; ++round) {
        bool ran = run_strand();
        ran |= run_reader();
        ran |= run_worker();
        if (writes.queued() > 0) {
            writes.commit_all();
            ran = true;
        }
        if (!ran) return;
    }
    throw std::runtime_error("the hub never went idle");
}

HubHarness::Client HubHarness::connect() {
    Client client{0, std::make_shared<FakeConnection>()};
    client.id = hub->connect(client.connection);
    run();
    return client;
}

void HubHarness::send(const Client& client, const Json& frame) {
    std::string rid;
    auto parsed = proto::parse_client_message(frame.dump(), proto::Limits{}, &rid);
    if (!parsed) throw std::runtime_error("test frame refused by the codec: " + parsed.error().message);
    hub->message(client.id, std::move(parsed).value());
}

void HubHarness::disconnect(const Client& client) { hub->disconnect(client.id); }

void HubHarness::tick() {
    hub->tick([](std::int64_t) {});
    run();
}

AgentRecord HubHarness::add_agent(const std::string& username, const std::string& password) {
    AgentRecord agent{"a" + std::to_string(++next_agent_), username, "Agent " + username, hash_password(password)};
    (void)storage.add_agent(agent);
    return agent;
}

HubHarness::Client HubHarness::login(const std::string& username, const std::string& password) {
    Client agent = connect();
    send(agent,
         {{"type", "agent.login"}, {"rid", "login"}, {"protocol", 1}, {"username", username}, {"password", password}});
    run();
    return agent;
}

void HubHarness::ready(const Client& agent) {
    send(agent, {{"type", "agent.presence"}, {"rid", "ready"}, {"state", "ready"}});
    run();
}

HubHarness::Client HubHarness::start_customer(const std::string& name) {
    Client customer = connect();
    send(customer, {{"type", "customer.start"}, {"rid", "start"}, {"protocol", 1}, {"name", name}});
    run();
    return customer;
}

std::vector<Json> of_type(const FakeConnection& connection, const std::string& type) {
    std::vector<Json> out;
    for (const auto& frame : connection.frames) {
        if (frame.value("type", "") == type) out.push_back(frame);
    }
    return out;
}

std::optional<Json> last_of_type(const FakeConnection& connection, const std::string& type) {
    auto all = of_type(connection, type);
    if (all.empty()) return std::nullopt;
    return all.back();
}

std::vector<std::int64_t> event_seqs(const FakeConnection& connection, const std::string& chat_id) {
    std::vector<std::int64_t> out;
    for (const auto& frame : connection.frames) {
        if (frame.value("type", "") == "event" && frame.value("chatId", "") == chat_id)
            out.push_back(frame["event"]["seq"]);
    }
    return out;
}

}  // namespace hubtest
