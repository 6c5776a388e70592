// The echo baseline's pure parts: counting echoes against the window, the aggregation and the JSON line.
#include "echo_report.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace sim;

namespace {
constexpr std::int64_t kSecondNs = 1'000'000'000;
}  // namespace

TEST_CASE("echoes count only for texts sent in the window, the rate only for those back within it") {
    const LoadWindow window{10 * kSecondNs, 12 * kSecondNs};  // 2 s
    EchoConnectionRecord record;
    count_echo(record, window, 9 * kSecondNs, 10 * kSecondNs);                   // sent before: ignored
    count_echo(record, window, 10 * kSecondNs, 10 * kSecondNs + 2'000'000);      // 2 ms
    count_echo(record, window, 11 * kSecondNs, 11 * kSecondNs + 4'000'000);      // 4 ms
    count_echo(record, window, 12 * kSecondNs - 1, 12 * kSecondNs + 6'000'000);  // back in the drain: latency only
    count_echo(record, window, 12 * kSecondNs, 12 * kSecondNs + 1000);           // sent at the end: ignored
    CHECK(record.echoed == 3);
    CHECK(record.echoed_in_window == 2);
    CHECK(record.latency_us == std::vector<std::int64_t>{2000, 4000, 6000});
}

TEST_CASE("latency samples stop at the cap, the counts go on") {
    const LoadWindow window{0, 10 * kSecondNs};
    EchoConnectionRecord record;
    record.latency_us.resize(kMaxEchoSamplesPerConnection);
    count_echo(record, window, 1 * kSecondNs, 1 * kSecondNs + 1000);
    CHECK(record.echoed == 1);
    CHECK(record.echoed_in_window == 1);
    CHECK(record.latency_us.size() == kMaxEchoSamplesPerConnection);
}

TEST_CASE("the echo report sums the connections and names its fields like the load's") {
    const LoadWindow window{10 * kSecondNs, 12 * kSecondNs};
    EchoConnectionRecord sender1;
    sender1.sent = 3;
    count_echo(sender1, window, 10 * kSecondNs, 10 * kSecondNs + 1'000'000);
    count_echo(sender1, window, 11 * kSecondNs, 11 * kSecondNs + 3'000'000);
    EchoConnectionRecord sender2;
    sender2.sent = 2;
    count_echo(sender2, window, 11 * kSecondNs, 11 * kSecondNs + 2'000'000);
    count_echo(sender2, window, 12 * kSecondNs - 1, 12 * kSecondNs + 5'000'000);
    sender2.errors["unreadable_frame"] = 1;
    EchoConnectionRecord idle;  // the load's agents: connected, sending nothing
    idle.errors["unexpected_echo"] = 2;

    EchoReport r = summarize_echo(window, {sender1, sender2, idle});
    CHECK(r.sent == 5);
    CHECK(r.echoed == 4);
    CHECK(r.echoed_in_window == 3);
    CHECK(r.duration_s == doctest::Approx(2.0));
    CHECK(r.echoed_per_s == doctest::Approx(1.5));
    CHECK(r.latency.count == 4);
    CHECK(r.latency.p50_ms == doctest::Approx(2.0));
    CHECK(r.latency.max_ms == doctest::Approx(5.0));
    CHECK(r.errors.at("unreadable_frame") == 1);
    CHECK(r.errors.at("unexpected_echo") == 2);

    r.setup.chats_requested = 2;
    r.setup.agents_requested = 1;
    r.setup.chats_connected = 2;
    r.setup.agents_connected = 1;
    r.disconnects = 1;
    const std::string line = to_json_line(r);
    CHECK(line.find('\n') == std::string::npos);
    auto json = nlohmann::json::parse(line);
    CHECK(json["scenario"] == "echo");
    CHECK(json["sent"] == 5);
    CHECK(json["echoed"] == 4);
    CHECK(json["echoedInWindow"] == 3);
    CHECK(json["echoedPerSec"] == 2.0);  // rounded, as deliveredPerSec
    CHECK(json["lost"] == 1);
    CHECK(json["latencyMs"]["max"] == 5.0);
    CHECK(json["latencyMs"]["count"] == 4);
    CHECK(json["setup"]["chatsConnected"] == 2);
    CHECK(json["setup"]["agentsConnected"] == 1);
    CHECK(json["errors"]["total"] == 3);
    CHECK(json["errors"]["disconnects"] == 1);
    CHECK(json["server"].is_null());
    CHECK(json["simulator"]["cpuMs"].is_null());
}

TEST_CASE("CPU per echoed message and the server's memory appear in the JSON when measured") {
    EchoReport r;
    r.echoed_in_window = 2000;
    r.server_pid = 7;
    r.server_cpu_ms = 30.0;
    r.sim_cpu_ms = 50.0;
    r.server_memory = ProcessMemory{4096, 6144};
    auto json = nlohmann::json::parse(to_json_line(r));
    CHECK(json["server"]["pid"] == 7);
    CHECK(json["server"]["cpuMs"] == 30.0);
    CHECK(json["server"]["cpuUsPerMsg"] == 15.0);
    CHECK(json["server"]["vmRssKiB"] == 4096);
    CHECK(json["server"]["vmHwmMiB"] == 6.0);
    CHECK(json["simulator"]["cpuUsPerMsg"] == 25.0);
    r.echoed_in_window = 0;
    CHECK(nlohmann::json::parse(to_json_line(r))["server"]["cpuUsPerMsg"].is_null());
}
