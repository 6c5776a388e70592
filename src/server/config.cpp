#include "config.hpp"

#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace server {

DeskConfig demo_desk_config() {
    DeskConfig desk;
    desk.canned_responses = {
        {"hello", "Greeting", "Hello {customer.name}, I am {agent.name}. How can I help?"},
        {"policy", "Ask for policy number",
         "Could you tell me your policy number, {customer.name}? It starts with KFZ."},
        {"location", "Ask for location", "Please share your location so we can send help to the right place."},
        {"photos", "Ask for photos", "Please send photos of the damage and of the other vehicle's number plate."},
        {"safe", "Safety first", "Is everyone safe? If anyone is hurt, please call 112 first."},
        {"tow", "Tow truck ordered", "A tow truck is on its way. It should arrive within 45 minutes."},
        {"claim", "Claim opened", "I have opened claim for you. You will receive a confirmation by e-mail."},
        {"bye", "Goodbye", "Thank you, {customer.name}. Drive safely! {agent.name}"},
    };
    desk.dispositions = {"Resolved", "Follow-up needed", "Claim opened", "Tow truck ordered", "No response"};
    desk.not_ready_reasons = {"Break", "Lunch", "Meeting", "Training", "Back office"};
    return desk;
}

namespace {

using Json = nlohmann::json;
using Setter = std::function<void(ServerConfig&, const Json&)>;

Setter integer(std::int64_t proto::Limits::*field) {
    return [field](ServerConfig& c, const Json& v) { c.limits.*field = v.get<std::int64_t>(); };
}
Setter integer(std::int64_t ServerConfig::*field) {
    return [field](ServerConfig& c, const Json& v) { c.*field = v.get<std::int64_t>(); };
}
Setter strings(std::vector<std::string> DeskConfig::*field) {
    return [field](ServerConfig& c, const Json& v) { c.desk.*field = v.get<std::vector<std::string>>(); };
}

const std::map<std::string, Setter>& setters() {
    static const std::map<std::string, Setter> table = {
        {"maxFrameBytes", integer(&proto::Limits::max_frame_bytes)},
        {"maxTextChars", integer(&proto::Limits::max_text_chars)},
        {"maxNameChars", integer(&proto::Limits::max_name_chars)},
        {"maxContextEntries", integer(&proto::Limits::max_context_entries)},
        {"maxContextValueChars", integer(&proto::Limits::max_context_value_chars)},
        {"maxMessagesPerSecond", integer(&proto::Limits::max_messages_per_second)},
        {"maxUploadBytes", integer(&proto::Limits::max_upload_bytes)},
        {"offerTimeoutMs", integer(&proto::Limits::offer_timeout_ms)},
        {"typingTimeoutMs", integer(&proto::Limits::typing_timeout_ms)},
        {"agentCapacity", integer(&proto::Limits::agent_capacity)},
        {"maxIdChars", integer(&proto::Limits::max_id_chars)},
        {"maxJsonDepth", integer(&proto::Limits::max_json_depth)},
        {"offerPreviewTexts", integer(&proto::Limits::offer_preview_texts)},
        {"sessionTtlMs", integer(&ServerConfig::session_ttl_ms)},
        {"abandonTimeoutMs", integer(&ServerConfig::abandon_timeout_ms)},
        {"httpTimeoutMs", integer(&ServerConfig::http_timeout_ms)},
        {"wsIdleTimeoutMs", integer(&ServerConfig::ws_idle_timeout_ms)},
        {"maxHeaderBytes", integer(&ServerConfig::max_header_bytes)},
        {"maxQueuedBytesPerSocket", integer(&ServerConfig::max_queued_bytes_per_socket)},
        {"maxSyncEvents", integer(&ServerConfig::max_sync_events)},
        {"maxSyncBytes", integer(&ServerConfig::max_sync_bytes)},
        {"maxCommitBatch", integer(&ServerConfig::max_commit_batch)},
        {"walCheckpointPages", integer(&ServerConfig::wal_checkpoint_pages)},
        {"walMaxBytes", integer(&ServerConfig::wal_max_bytes)},
        {"sqliteCacheBytes", integer(&ServerConfig::sqlite_cache_bytes)},
        {"maxHistoryChats", integer(&ServerConfig::max_history_chats)},
        {"supervisorOverviewIntervalMs", integer(&ServerConfig::supervisor_overview_interval_ms)},
        {"supervisorOverviewMaxEntries", integer(&ServerConfig::supervisor_overview_max_entries)},
        {"historyPreviewLines", integer(&ServerConfig::history_preview_lines)},
        {"customerIdentitySecret",
         [](ServerConfig& c, const Json& v) { c.customer_identity_secret = v.get<std::string>(); }},
        {"allowedOrigins",
         [](ServerConfig& c, const Json& v) { c.allowed_origins = v.get<std::vector<std::string>>(); }},
        {"tlsCertFile", [](ServerConfig& c, const Json& v) { c.tls_cert_file = v.get<std::string>(); }},
        {"tlsKeyFile", [](ServerConfig& c, const Json& v) { c.tls_key_file = v.get<std::string>(); }},
        {"threads", [](ServerConfig& c, const Json& v) { c.threads = v.get<int>(); }},
        {"dispositions", strings(&DeskConfig::dispositions)},
        {"notReadyReasons", strings(&DeskConfig::not_ready_reasons)},
        {"cannedResponses",
         [](ServerConfig& c, const Json& v) {
             std::vector<CannedResponse> list;
             for (const auto& item : v) {
                 list.push_back({item.at("shortcut").get<std::string>(), item.at("title").get<std::string>(),
                                 item.at("text").get<std::string>()});
             }
             c.desk.canned_responses = std::move(list);
         }},
    };
    return table;
}

}  // namespace

bool is_origin_pattern(std::string_view origin) {
    if (origin == "*") return true;
    // Browsers send the serialised origin: lower-case scheme and host, no path, no trailing slash, and the port
    // only when it is not the scheme's default. An entry in another form would never match, so it is refused.
    std::string_view rest;
    if (origin.substr(0, 8) == "https://")
        rest = origin.substr(8);
    else if (origin.substr(0, 7) == "http://")
        rest = origin.substr(7);
    else
        return false;
    if (rest.empty()) return false;
    for (const char ch : rest) {
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == ':' ||
            ch == '[' || ch == ']';
        if (!ok) return false;
    }
    return true;
}

std::optional<ConfigError> apply_setting(ServerConfig& config, const std::string& name, const std::string& json_value) {
    const auto setter = setters().find(name);
    if (setter == setters().end()) return ConfigError{"unknown setting \"" + name + "\""};
    Json value = Json::parse(json_value, nullptr, false);
    if (value.is_discarded()) value = json_value;  // a bare word is a string
    ServerConfig updated = config;
    try {
        setter->second(updated, value);
    } catch (const Json::exception& e) { return ConfigError{"setting \"" + name + "\": " + e.what()}; }
    config = std::move(updated);
    return std::nullopt;
}

std::optional<ConfigError> validate_config(const ServerConfig& c) {
    const std::pair<const char*, std::int64_t> positive[] = {
        {"maxFrameBytes", c.limits.max_frame_bytes},
        {"maxTextChars", c.limits.max_text_chars},
        {"maxNameChars", c.limits.max_name_chars},
        {"maxContextEntries", c.limits.max_context_entries},
        {"maxContextValueChars", c.limits.max_context_value_chars},
        {"maxMessagesPerSecond", c.limits.max_messages_per_second},
        {"maxUploadBytes", c.limits.max_upload_bytes},
        {"offerTimeoutMs", c.limits.offer_timeout_ms},
        {"typingTimeoutMs", c.limits.typing_timeout_ms},
        {"agentCapacity", c.limits.agent_capacity},
        {"maxIdChars", c.limits.max_id_chars},
        {"maxJsonDepth", c.limits.max_json_depth},
        {"sessionTtlMs", c.session_ttl_ms},
        {"abandonTimeoutMs", c.abandon_timeout_ms},
        {"httpTimeoutMs", c.http_timeout_ms},
        {"wsIdleTimeoutMs", c.ws_idle_timeout_ms},
        {"maxHeaderBytes", c.max_header_bytes},
        {"maxQueuedBytesPerSocket", c.max_queued_bytes_per_socket},
        {"maxSyncEvents", c.max_sync_events},
        {"maxSyncBytes", c.max_sync_bytes},
        {"maxCommitBatch", c.max_commit_batch},
        {"walCheckpointPages", c.wal_checkpoint_pages},
        {"walMaxBytes", c.wal_max_bytes},
        {"sqliteCacheBytes", c.sqlite_cache_bytes},
    };
    for (const auto& [name, value] : positive) {
        if (value < 1) return ConfigError{std::string(name) + " must be at least 1"};
    }
    if (c.limits.offer_preview_texts < 1 || c.limits.offer_preview_texts > proto::kMaxOfferPreviewTexts) {
        // Readers of `offer` refuse a longer customerTexts (protocol/limits.hpp), so a larger setting would
        // make every offer unreadable.
        return ConfigError{"offerPreviewTexts must be 1.." + std::to_string(proto::kMaxOfferPreviewTexts)};
    }
    if (c.max_history_chats < 1 || c.max_history_chats > proto::kMaxHistoryChats)
        return ConfigError{"maxHistoryChats must be 1.." + std::to_string(proto::kMaxHistoryChats)};
    if (c.supervisor_overview_interval_ms < proto::kMinSupervisorOverviewIntervalMs ||
        c.supervisor_overview_interval_ms > proto::kMaxSupervisorOverviewIntervalMs)
        return ConfigError{"supervisorOverviewIntervalMs must be " +
                           std::to_string(proto::kMinSupervisorOverviewIntervalMs) + ".." +
                           std::to_string(proto::kMaxSupervisorOverviewIntervalMs)};
    if (c.supervisor_overview_max_entries < 1 ||
        c.supervisor_overview_max_entries > proto::kMaxSupervisorOverviewMaxEntries)
        return ConfigError{"supervisorOverviewMaxEntries must be 1.." +
                           std::to_string(proto::kMaxSupervisorOverviewMaxEntries)};
    if (c.history_preview_lines < 1 || c.history_preview_lines > proto::kMaxHistoryPreviewLines)
        return ConfigError{"historyPreviewLines must be 1.." + std::to_string(proto::kMaxHistoryPreviewLines)};
    if (!c.customer_identity_secret.empty() && c.customer_identity_secret.size() < kMinIdentitySecretBytes)
        return ConfigError{"customerIdentitySecret must be at least " + std::to_string(kMinIdentitySecretBytes) +
                           " bytes (32 random bytes recommended)"};
    if (c.threads < 1 || c.threads > 64) return ConfigError{"threads must be 1..64"};
    if (c.desk.dispositions.empty()) return ConfigError{"dispositions must not be empty"};
    for (const auto& origin : c.allowed_origins) {
        if (!is_origin_pattern(origin)) {
            return ConfigError{"allowedOrigins: \"" + origin +
                               "\" is not an origin (scheme://host[:port] in lower case, no path, or \"*\")"};
        }
    }
    if (c.tls_cert_file.has_value() != c.tls_key_file.has_value()) {
        return ConfigError{
            "TLS needs both a certificate (--tls-cert / tlsCertFile) and a key (--tls-key / tlsKeyFile)"};
    }
    return std::nullopt;
}

std::optional<ConfigError> apply_config_file(ServerConfig& config, const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return ConfigError{"cannot open config file " + file.string()};
    std::stringstream text;
    text << in.rdbuf();
    const Json doc = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) return ConfigError{file.string() + ": not a JSON object"};
    ServerConfig updated = config;  // all or nothing
    for (const auto& [key, value] : doc.items()) {
        const auto setter = setters().find(key);
        if (setter == setters().end()) return ConfigError{file.string() + ": unknown setting \"" + key + "\""};
        try {
            setter->second(updated, value);
        } catch (const Json::exception& e) {
            return ConfigError{file.string() + ": setting \"" + key + "\": " + e.what()};
        }
    }
    config = std::move(updated);
    return std::nullopt;
}

}  // namespace server
