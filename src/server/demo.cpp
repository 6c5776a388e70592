#include "demo.hpp"

#include "accounts.hpp"
#include "config.hpp"
#include "log.hpp"

#include <sodium.h>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <fstream>

namespace server {

std::vector<std::string> ensure_demo_agents(Storage& storage) {
    std::vector<std::string> lines;
    const bool empty = storage.list_agents().empty();
    std::int64_t next = storage.load_id_counters().agent;
    for (const auto& demo : kDemoAgents) {
        if (empty) {
            const AgentRecord agent{"a" + std::to_string(++next), demo.username, demo.display_name,
                                    hash_password(demo.password), demo.role};
            if (auto error = storage.add_agent(agent)) {
                log_event("demo_agent_failed", {{"username", demo.username}, {"error", error->message}});
                continue;
            }
        }
        lines.push_back(std::string("demo ") + demo.role + ": " + demo.username + "  password: " + demo.password +
                        (empty ? "" : "  (created earlier; unless changed)"));
    }
    return lines;
}

std::string demo_identity_secret(const std::filesystem::path& data_dir) {
    const auto file = data_dir / "demo-identity-secret";
    {
        std::ifstream in(file);
        std::string secret;
        if (in && std::getline(in, secret) && secret.size() >= kMinIdentitySecretBytes) return secret;
    }
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::array<char, 65> hex{};
    sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
    // Created owner-only from the start (no moment in which another user could read it).
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const std::string line = std::string(hex.data()) + "\n";
    const bool written = fd >= 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    if (fd >= 0) ::close(fd);
    if (!written) {
        log_event("demo_identity_secret_failed", {{"file", file.string()}});
        return {};
    }
    return hex.data();
}

}  // namespace server
