#include <doctest/doctest.h>

#include <fstream>

#include "server/config.hpp"

TEST_CASE("config: defaults are the protocol's") {
    server::ServerConfig config;
    CHECK(config.limits.max_frame_bytes == 65536);
    CHECK(config.limits.max_upload_bytes == 20'000'000);
    CHECK(config.limits.offer_timeout_ms == 20000);
    CHECK(config.session_ttl_ms == 12LL * 3600 * 1000);
    CHECK(config.abandon_timeout_ms == 600000);
    CHECK(config.threads == 1);
    CHECK_FALSE(config.desk.dispositions.empty());
    CHECK_FALSE(server::validate_config(config).has_value());
}

TEST_CASE("config: a file sets known keys, refuses unknown keys and wrong types without partial changes") {
    const auto file = std::filesystem::temp_directory_path() / "agentdesk-config-test.json";
    {
        std::ofstream out(file);
        out << R"({"offerTimeoutMs":1500,"dispositions":["Done"],"allowedOrigins":["https://desk.example"],
                   "cannedResponses":[{"shortcut":"hi","title":"Hi","text":"Hi {customer.name}"}]})";
    }
    server::ServerConfig config;
    REQUIRE_FALSE(server::apply_config_file(config, file).has_value());
    CHECK(config.limits.offer_timeout_ms == 1500);
    CHECK(config.desk.dispositions == std::vector<std::string>{"Done"});
    CHECK(config.allowed_origins.size() == 1);
    CHECK(config.desk.canned_responses.at(0).text == "Hi {customer.name}");

    {
        std::ofstream out(file);
        out << R"({"offerTimeoutMs":99,"maxTextChar":5})";
    }
    auto error = server::apply_config_file(config, file);
    REQUIRE(error.has_value());
    CHECK(error->message.find("maxTextChar") != std::string::npos);
    CHECK(config.limits.offer_timeout_ms == 1500);  // all or nothing

    {
        std::ofstream out(file);
        out << R"({"offerTimeoutMs":"soon"})";
    }
    CHECK(server::apply_config_file(config, file).has_value());
    std::filesystem::remove(file);
    CHECK(server::apply_config_file(config, file).has_value());  // missing file
}

TEST_CASE("config: --set values and range checks at their edges") {
    server::ServerConfig config;
    CHECK_FALSE(server::apply_setting(config, "maxMessagesPerSecond", "1").has_value());
    CHECK(config.limits.max_messages_per_second == 1);
    CHECK_FALSE(server::validate_config(config).has_value());
    CHECK_FALSE(server::apply_setting(config, "maxMessagesPerSecond", "0").has_value());
    CHECK(server::validate_config(config).has_value());
    CHECK(server::apply_setting(config, "noSuchSetting", "1").has_value());
    server::ServerConfig threads;
    threads.threads = 64;
    CHECK_FALSE(server::validate_config(threads).has_value());
    threads.threads = 65;
    CHECK(server::validate_config(threads).has_value());
}

TEST_CASE("config: allowed origins must be origins as browsers send them") {
    CHECK(server::is_origin_pattern("https://desk.example"));
    CHECK(server::is_origin_pattern("http://127.0.0.1:8080"));
    CHECK(server::is_origin_pattern("https://[::1]:8443"));
    CHECK(server::is_origin_pattern("*"));
    CHECK_FALSE(server::is_origin_pattern("https://desk.example/"));       // trailing slash never matches
    CHECK_FALSE(server::is_origin_pattern("https://desk.example/agent"));  // a path is not part of an origin
    CHECK_FALSE(server::is_origin_pattern("https://Desk.Example"));        // browsers send lower case
    CHECK_FALSE(server::is_origin_pattern("desk.example"));
    CHECK_FALSE(server::is_origin_pattern("https://"));
    CHECK_FALSE(server::is_origin_pattern("ftp://desk.example"));
    server::ServerConfig config;
    CHECK_FALSE(server::apply_setting(config, "allowedOrigins", R"(["https://desk.example"])").has_value());
    CHECK_FALSE(server::validate_config(config).has_value());
    CHECK_FALSE(server::apply_setting(config, "allowedOrigins", R"(["https://desk.example/"])").has_value());
    const auto error = server::validate_config(config);
    REQUIRE(error.has_value());
    CHECK(error->message.find("https://desk.example/") != std::string::npos);
}

TEST_CASE("config: TLS certificate and key come together") {
    server::ServerConfig config;
    CHECK_FALSE(server::apply_setting(config, "tlsCertFile", R"("/etc/agentdesk/cert.pem")").has_value());
    CHECK(server::validate_config(config).has_value());
    CHECK_FALSE(server::apply_setting(config, "tlsKeyFile", R"("/etc/agentdesk/key.pem")").has_value());
    CHECK_FALSE(server::validate_config(config).has_value());
    CHECK(config.tls_key_file->string() == "/etc/agentdesk/key.pem");
    CHECK(server::apply_setting(config, "tlsCertFile", "[1]").has_value());  // wrong type
}

TEST_CASE("config: offerPreviewTexts defaults to 5 and is 1..kMaxOfferPreviewTexts") {
    server::ServerConfig config;
    CHECK(config.limits.offer_preview_texts == 5);
    CHECK_FALSE(server::apply_setting(config, "offerPreviewTexts", "1").has_value());
    CHECK(config.limits.offer_preview_texts == 1);
    CHECK_FALSE(server::validate_config(config).has_value());
    CHECK_FALSE(server::apply_setting(config, "offerPreviewTexts", "0").has_value());
    CHECK(server::validate_config(config).has_value());
    CHECK_FALSE(
        server::apply_setting(config, "offerPreviewTexts", std::to_string(proto::kMaxOfferPreviewTexts)).has_value());
    CHECK_FALSE(server::validate_config(config).has_value());
    CHECK_FALSE(server::apply_setting(config, "offerPreviewTexts", std::to_string(proto::kMaxOfferPreviewTexts + 1))
                    .has_value());
    const auto error = server::validate_config(config);
    REQUIRE(error.has_value());
    CHECK(error->message.find("offerPreviewTexts") != std::string::npos);
    CHECK(server::apply_setting(config, "offerPreviewTexts", R"("many")").has_value());  // wrong type
}

TEST_CASE("config: the supervisor overview's interval and size are checked at their edges") {
    const auto valid = [](const char* key, std::int64_t value) {
        server::ServerConfig config;
        REQUIRE_FALSE(server::apply_setting(config, key, std::to_string(value)).has_value());
        return !server::validate_config(config).has_value();
    };
    server::ServerConfig defaults;
    CHECK(defaults.supervisor_overview_interval_ms == proto::kDefaultSupervisorOverviewIntervalMs);
    CHECK(defaults.supervisor_overview_max_entries == proto::kDefaultSupervisorOverviewMaxEntries);
    CHECK_FALSE(valid("supervisorOverviewIntervalMs", proto::kMinSupervisorOverviewIntervalMs - 1));
    CHECK(valid("supervisorOverviewIntervalMs", proto::kMinSupervisorOverviewIntervalMs));
    CHECK(valid("supervisorOverviewIntervalMs", proto::kMaxSupervisorOverviewIntervalMs));
    CHECK_FALSE(valid("supervisorOverviewIntervalMs", proto::kMaxSupervisorOverviewIntervalMs + 1));
    CHECK_FALSE(valid("supervisorOverviewMaxEntries", 0));
    CHECK(valid("supervisorOverviewMaxEntries", 1));
    CHECK(valid("supervisorOverviewMaxEntries", proto::kMaxSupervisorOverviewMaxEntries));
    CHECK_FALSE(valid("supervisorOverviewMaxEntries", proto::kMaxSupervisorOverviewMaxEntries + 1));
}
