// The load benchmark's pure parts: the timestamped text, the window arithmetic of the report, /proc parsing.
#include "load_report.hpp"
#include "load_text.hpp"
#include "process_memory.hpp"
#include "send_pacing.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <unistd.h>

using namespace sim;

TEST_CASE("load texts carry their send time and have the asked length") {
    const std::string text = make_load_text(12, 345, 987654321012345, 100);
    CHECK(text.size() == 100);
    CHECK(parse_load_sent_ns(text) == 987654321012345);
    CHECK(make_load_text(1, 1, 5, 40).size() == 40);
    CHECK(make_load_text(1, 1, 987654321012345, 10).size() > 10);  // header never cut
    CHECK(parse_load_sent_ns(make_load_text(1, 1, 987654321012345, 10)) == 987654321012345);
    CHECK_FALSE(parse_load_sent_ns("hello t=5"));
    CHECK_FALSE(parse_load_sent_ns("load c1 #1 t=abc "));
    CHECK_FALSE(parse_load_sent_ns("load c1 #1 t=12x "));
    CHECK_FALSE(parse_load_sent_ns("load c1 #1 "));
    CHECK(parse_load_sent_ns("load c1 #1 t=12") == 12);
}

TEST_CASE("the report counts only messages sent in the window, and the rate only deliveries within it") {
    const std::int64_t s = 1'000'000'000;  // one second in ns
    LoadWindow window{10 * s, 12 * s};     // 2 s
    LoadCustomerRecord c1;
    c1.sent = 3;
    c1.acked = 3;
    c1.ack_latency_us = {100, 200, 300};
    c1.errors["rate_limited"] = 1;
    LoadCustomerRecord c2;
    c2.sent = 1;
    AgentRecord a1;
    a1.deliveries = {
        {9 * s, 10 * s + 1000},        // sent before the window (warm-up): ignored
        {10 * s, 10 * s + 2'000'000},  // 2 ms
        {11 * s, 11 * s + 4'000'000},  // 4 ms
    };
    AgentRecord a2;
    a2.deliveries = {
        {12 * s - 1, 12 * s + 6'000'000},  // sent in the window, arrived in the drain: latency yes, rate no
        {12 * s, 12 * s + 1000},           // sent at the window's end: ignored
    };
    a2.errors["rate_limited"] = 2;
    a2.errors["conflict"] = 1;

    const LoadReport r = summarize_load(window, {c1, c2}, {a1, a2});
    CHECK(r.sent == 4);
    CHECK(r.acked == 3);
    CHECK(r.delivered == 3);
    CHECK(r.delivered_in_window == 2);
    CHECK(r.delivered_per_s == doctest::Approx(1.0));
    CHECK(r.duration_s == doctest::Approx(2.0));
    CHECK(r.delivery.count == 3);
    CHECK(r.delivery.p50_ms == doctest::Approx(4.0));
    CHECK(r.delivery.max_ms == doctest::Approx(6.0));
    CHECK(r.ack.p50_ms == doctest::Approx(0.2));
    CHECK(r.errors.at("rate_limited") == 3);
    CHECK(r.errors.at("conflict") == 1);

    auto json = nlohmann::json::parse(to_json_line(r));
    CHECK(json["delivered"] == 3);
    CHECK(json["lost"] == 1);
    CHECK(json["latencyMs"]["max"] == 6.0);
    CHECK(json["errors"]["total"] == 4);
    CHECK(json["server"].is_null());
    CHECK(to_json_line(r).find('\n') == std::string::npos);
}

TEST_CASE("/proc status: VmRSS and VmHWM in KiB") {
    const char* status = "Name:\tagentdesk-server\nVmPeak:\t  300000 kB\nVmHWM:\t   51234 kB\nVmRSS:\t   40960 kB\n";
    auto memory = parse_proc_status(status);
    REQUIRE(memory);
    CHECK(memory->hwm_kib == 51234);
    CHECK(memory->rss_kib == 40960);
    CHECK_FALSE(parse_proc_status("Name:\tx\nVmRSS:\t 1 kB\n"));
    CHECK_FALSE(parse_proc_status("XVmHWM:\t 5 kB\nXVmRSS:\t 1 kB\n"));  // keys must start a line

    auto self = read_process_memory(static_cast<int>(getpid()));
    REQUIRE(self);
    CHECK(self->rss_kib > 0);
    CHECK(self->hwm_kib >= self->rss_kib);
    CHECK_FALSE(read_process_memory(0));
    CHECK_FALSE(read_process_memory(-1));
}

TEST_CASE("/proc stat: CPU time of utime + stime, with a process name holding spaces and parentheses") {
    const char* stat = "4242 (agent (desk) srv) S 1 4242 4242 0 -1 4194560 500 0 0 0 250 50 0 0 20 0 3 0 100 0 0";
    auto cpu = parse_proc_stat_cpu_ms(stat, 100);
    REQUIRE(cpu);
    CHECK(*cpu == doctest::Approx(3000.0));  // (250 + 50) ticks at 100 per second
    CHECK_FALSE(parse_proc_stat_cpu_ms("4242 (x) S 1 2", 100));
    CHECK_FALSE(parse_proc_stat_cpu_ms("no parenthesis", 100));
    CHECK_FALSE(parse_proc_stat_cpu_ms(stat, 0));
    auto self = read_process_cpu_ms(0);
    REQUIRE(self);
    CHECK(*self >= 0);
    CHECK_FALSE(read_process_cpu_ms(-1));
}

TEST_CASE("CPU per delivered message appears in the JSON when measured") {
    LoadReport r;
    r.delivered_in_window = 1000;
    r.server_pid = 7;
    r.server_cpu_ms = 50.0;
    r.sim_cpu_ms = 20.0;
    auto json = nlohmann::json::parse(to_json_line(r));
    CHECK(json["server"]["cpuUsPerMsg"] == 50.0);
    CHECK(json["simulator"]["cpuUsPerMsg"] == 20.0);
    r.delivered_in_window = 0;
    CHECK(nlohmann::json::parse(to_json_line(r))["server"]["cpuUsPerMsg"].is_null());
}

TEST_CASE("paced senders: first sends spread over one interval, later ones kept on the plan") {
    const double interval_ns = 1'000'000;          // 1 ms
    CHECK(first_send_ns(5'000, 0, 123) == 5'000);  // unpaced: at once
    CHECK(first_send_ns(5'000, interval_ns, 0) == 5'000);
    CHECK(first_send_ns(5'000, interval_ns, kPacingSpreadSlots) == 5'000);  // the slots repeat
    const std::int64_t last = first_send_ns(0, interval_ns, kPacingSpreadSlots - 1);
    CHECK(last > 0);
    CHECK(last < 1'000'000);
    // On time or a little late: the next send stays one interval after the planned one (no lost rate).
    CHECK(next_send_ns(10'000'000, interval_ns, 10'000'000) == 11'000'000);
    CHECK(next_send_ns(10'000'000, interval_ns, 10'400'000) == 11'000'000);
    // Far behind (a stall): not more than one interval in the past, so no burst makes up for it.
    CHECK(next_send_ns(10'000'000, interval_ns, 50'000'000) == 49'000'000);
    CHECK(next_send_ns(10'000'000, 0, 50'000'000) == 50'000'000);  // unpaced: now
}
