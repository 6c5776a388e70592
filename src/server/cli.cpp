#include "cli.hpp"

#include <istream>
#include <map>
#include <optional>
#include <ostream>

#include "accounts.hpp"
#include "protocol/types.hpp"
#include "config.hpp"
#include "serve.hpp"
#include "sqlite_storage.hpp"

namespace server {

namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  agentdesk-server serve --data DIR [--port 8080] [--bind 127.0.0.1] [--desktop-dir DIR]\n"
    "                         [--customer-dir DIR] [--config FILE] [--threads N] [--demo] [--set NAME=VALUE]...\n"
    "                         [--allowed-origin ORIGIN]... [--tls-cert FILE --tls-key FILE]\n"
    "  agentdesk-server agents add --data DIR --username U --name \"Display Name\" [--password P]\n"
    "                              [--role agent|supervisor]\n"
    "  agentdesk-server agents remove --data DIR --username U\n"
    "  agentdesk-server agents list --data DIR\n"
    "  agentdesk-server agents reset-password --data DIR --username U [--password P]\n"
    "  agentdesk-server identity-hash --user-id ID [--config FILE]\n"
    "Without --password the password is read from the first line of stdin.\n"
    "identity-hash prints the userHash of a verified customer (HMAC-SHA256 with customerIdentitySecret from\n"
    "--config FILE, else from the first line of stdin), to test an app's integration.\n";

// Flags of the form --name VALUE (or --flag for booleans). `repeatable` ones collect every value.
struct Flags {
    std::map<std::string, std::string> values;
    std::vector<std::string> sets;     // --set NAME=VALUE, in order
    std::vector<std::string> origins;  // --allowed-origin ORIGIN, repeatable
    bool demo = false;
    std::string error;
};

Flags parse_flags(const std::vector<std::string>& args, std::size_t from) {
    Flags flags;
    for (std::size_t i = from; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--demo") {
            flags.demo = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0 || i + 1 >= args.size()) {
            flags.error = "unexpected argument: " + arg;
            return flags;
        }
        const std::string name = arg.substr(2);
        const std::string& value = args[++i];
        if (name == "set")
            flags.sets.push_back(value);
        else if (name == "allowed-origin")
            flags.origins.push_back(value);
        else
            flags.values[name] = value;
    }
    return flags;
}

std::optional<std::string> get(const Flags& flags, const std::string& name) {
    const auto it = flags.values.find(name);
    if (it == flags.values.end()) return std::nullopt;
    return it->second;
}

bool only_known(const Flags& flags, std::initializer_list<const char*> known, std::ostream& err) {
    for (const auto& [name, value] : flags.values) {
        bool ok = false;
        for (const char* k : known) ok = ok || name == k;
        if (!ok) {
            err << "unknown option --" << name << "\n" << kUsage;
            return false;
        }
    }
    return true;
}

std::optional<std::int64_t> to_integer(const std::string& text) {
    try {
        std::size_t used = 0;
        const long long value = std::stoll(text, &used);
        if (used != text.size()) return std::nullopt;
        return value;
    } catch (...) { return std::nullopt; }
}

int serve_command(const Flags& flags, std::ostream& err) {
    if (!only_known(flags,
                    {"data", "port", "bind", "desktop-dir", "customer-dir", "config", "threads", "tls-cert", "tls-key"},
                    err)) {
        return 2;
    }
    ServerConfig config;
    if (auto file = get(flags, "config")) {
        if (auto error = apply_config_file(config, *file)) {
            err << error->message << "\n";
            return 2;
        }
    }
    const auto data = get(flags, "data");
    if (!data) {
        err << "serve needs --data DIR\n" << kUsage;
        return 2;
    }
    config.data_dir = *data;
    if (auto port = get(flags, "port")) {
        const auto value = to_integer(*port);
        if (!value || *value < 0 || *value > 65535) {
            err << "--port must be 0..65535\n";
            return 2;
        }
        config.port = std::uint16_t(*value);
    }
    if (auto bind = get(flags, "bind")) config.bind = *bind;
    if (auto dir = get(flags, "desktop-dir")) config.desktop_dir = *dir;
    if (auto dir = get(flags, "customer-dir")) config.customer_dir = *dir;
    // Added to the config file's list: a deployment can keep its origins in the file and add one for a test.
    for (const auto& origin : flags.origins) config.allowed_origins.push_back(origin);
    if (auto file = get(flags, "tls-cert")) config.tls_cert_file = *file;
    if (auto file = get(flags, "tls-key")) config.tls_key_file = *file;
    if (auto threads = get(flags, "threads")) {
        const auto value = to_integer(*threads);
        if (!value) {
            err << "--threads must be a number\n";
            return 2;
        }
        config.threads = int(*value);
    }
    for (const auto& set : flags.sets) {
        const auto eq = set.find('=');
        if (eq == std::string::npos) {
            err << "--set needs NAME=VALUE, got " << set << "\n";
            return 2;
        }
        if (auto error = apply_setting(config, set.substr(0, eq), set.substr(eq + 1))) {
            err << error->message << "\n";
            return 2;
        }
    }
    config.demo = flags.demo;
    if (auto error = validate_config(config)) {
        err << error->message << "\n";
        return 2;
    }
    return serve(config);
}

std::optional<std::string> password_from(const Flags& flags, std::istream& in, std::ostream& err) {
    if (auto password = get(flags, "password")) return password;
    std::string line;
    if (!std::getline(in, line) || line.empty()) {
        err << "no password given (--password or a line on stdin)\n";
        return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

int agents_command(const std::string& action, const Flags& flags, std::istream& in, std::ostream& out,
                   std::ostream& err) {
    if (!only_known(flags, {"data", "username", "name", "password", "role"}, err)) return 2;
    const auto data = get(flags, "data");
    if (!data) {
        err << "agents needs --data DIR\n" << kUsage;
        return 2;
    }
    if (!init_crypto()) {
        err << "libsodium initialisation failed\n";
        return 1;
    }
    std::string error;
    auto storage = SqliteStorage::open(*data, error);
    if (!storage) {
        err << error << "\n";
        return 1;
    }
    if (action == "list") {
        for (const auto& agent : storage->list_agents()) {
            out << agent.id << "\t" << agent.username << "\t" << agent.display_name << "\t" << agent.role << "\n";
        }
        return 0;
    }
    const auto username = get(flags, "username");
    if (!username || username->empty() || username->size() > 80) {
        err << "--username (1 to 80 characters) is required\n";
        return 2;
    }
    if (action == "remove") {
        if (!storage->remove_agent(*username)) {
            err << "no agent " << *username << "\n";
            return 1;
        }
        out << "removed " << *username << "\n";
        return 0;
    }
    if (action != "add" && action != "reset-password") {
        err << "unknown agents command " << action << "\n" << kUsage;
        return 2;
    }
    const std::string role = get(flags, "role").value_or("agent");
    if (action != "add" && get(flags, "role")) {
        err << "--role is only for agents add\n";
        return 2;
    }
    if (!proto::from_string<proto::AccountRole>(role)) {
        err << "--role must be agent or supervisor\n";
        return 2;
    }
    const auto password = password_from(flags, in, err);
    if (!password) return 2;
    if (password->size() < 8) {
        err << "the password must have at least 8 characters\n";
        return 2;
    }
    const std::string hash = hash_password(*password);
    if (hash.empty()) {
        err << "password hashing failed (out of memory?)\n";
        return 1;
    }
    if (action == "reset-password") {
        if (!storage->set_password(*username, hash)) {
            err << "no agent " << *username << "\n";
            return 1;
        }
        out << "password of " << *username << " changed; its sessions ended\n";
        return 0;
    }
    const auto name = get(flags, "name");
    if (!name || name->empty()) {
        err << "agents add needs --name \"Display Name\"\n";
        return 2;
    }
    const AgentRecord agent{"a" + std::to_string(storage->load_id_counters().agent + 1), *username, *name, hash, role};
    if (auto failure = storage->add_agent(agent)) {
        err << "cannot add " << *username << ": " << failure->message << "\n";
        return 1;
    }
    out << "added " << agent.id << " " << *username << (role == "agent" ? "" : " (" + role + ")") << "\n";
    return 0;
}

int identity_hash_command(const Flags& flags, std::istream& in, std::ostream& out, std::ostream& err) {
    if (!only_known(flags, {"user-id", "config"}, err)) return 2;
    const auto user_id = get(flags, "user-id");
    if (!user_id || user_id->empty()) {
        err << "identity-hash needs --user-id ID\n" << kUsage;
        return 2;
    }
    std::string secret;
    if (const auto file = get(flags, "config")) {
        ServerConfig config;
        if (auto failure = apply_config_file(config, *file)) {
            err << failure->message << "\n";
            return 1;
        }
        secret = config.customer_identity_secret;
    } else if (std::getline(in, secret) && !secret.empty() && secret.back() == '\r') {
        secret.pop_back();
    }
    if (secret.size() < kMinIdentitySecretBytes) {
        err << "no customerIdentitySecret of at least " << kMinIdentitySecretBytes
            << " bytes (in --config FILE or on stdin)\n";
        return 2;
    }
    if (!init_crypto()) {
        err << "libsodium initialisation failed\n";
        return 1;
    }
    out << identity_hash(secret, *user_id) << "\n";
    return 0;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    if (args.empty() || args[0] == "--help" || args[0] == "help") {
        (args.empty() ? err : out) << kUsage;
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "serve") {
        const Flags flags = parse_flags(args, 1);
        if (!flags.error.empty()) {
            err << flags.error << "\n" << kUsage;
            return 2;
        }
        return serve_command(flags, err);
    }
    if (args[0] == "agents" && args.size() >= 2) {
        const Flags flags = parse_flags(args, 2);
        if (!flags.error.empty() || flags.demo) {
            err << (flags.error.empty() ? "--demo is for serve" : flags.error) << "\n" << kUsage;
            return 2;
        }
        return agents_command(args[1], flags, in, out, err);
    }
    if (args[0] == "identity-hash") {
        const Flags flags = parse_flags(args, 1);
        if (!flags.error.empty() || flags.demo) {
            err << (flags.error.empty() ? "--demo is for serve" : flags.error) << "\n" << kUsage;
            return 2;
        }
        return identity_hash_command(flags, in, out, err);
    }
    err << "unknown command " << args[0] << "\n" << kUsage;
    return 2;
}

}  // namespace server
