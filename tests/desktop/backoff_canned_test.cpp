#include <doctest/doctest.h>

#include "desktop/core/backoff.hpp"
#include "desktop/core/canned.hpp"
#include "desktop/core/clock_text.hpp"

using namespace desk;

TEST_CASE("backoff doubles from the initial delay up to the cap, jittered within [base*(1-j), base]") {
    Settings settings;  // 500 ms → 30 s, jitter 0.5
    CHECK(backoff_base_ms(settings, 0) == 500);
    CHECK(backoff_base_ms(settings, 1) == 1000);
    CHECK(backoff_base_ms(settings, 5) == 16000);
    CHECK(backoff_base_ms(settings, 6) == 30000);     // 32 s capped
    CHECK(backoff_base_ms(settings, 1000) == 30000);  // no overflow far past the cap
    std::uint64_t rng = 7;
    double lowest = 1e9, highest = 0;
    for (int i = 0; i < 2000; ++i) {
        const double d = backoff_delay_ms(settings, 3, rng);  // base 4000
        lowest = std::min(lowest, d);
        highest = std::max(highest, d);
        REQUIRE(d >= 2000);
        REQUIRE(d <= 4000);
    }
    CHECK(lowest < 2200);  // the jitter really spreads the delays
    CHECK(highest > 3800);
    settings.reconnect_jitter = 0;
    CHECK(backoff_delay_ms(settings, 2, rng) == 2000);
}

TEST_CASE("canned responses: variables, search, slash shortcut") {
    const std::vector<proto::CannedResponse> canned{{"hello", "Greeting", "Hello {customer.name}, I am {agent.name}."},
                                                    {"bye", "Goodbye", "Thank you, {customer.name}!"}};
    CHECK(expand_canned(canned[0].text, "Max", "Anna") == "Hello Max, I am Anna.");
    CHECK(expand_canned("{unknown} {customer.name}{customer.name}", "M", "A") == "{unknown} MM");
    CHECK(filter_canned(canned, "GREET") == std::vector<std::size_t>{0});
    CHECK(filter_canned(canned, "thank") == std::vector<std::size_t>{1});
    CHECK(filter_canned(canned, "").size() == 2);
    CHECK(filter_canned(canned, "zzz").empty());
    CHECK(canned_for_slash(canned, "/bye") == &canned[1]);
    CHECK(canned_for_slash(canned, "/bye  ") == &canned[1]);
    CHECK(canned_for_slash(canned, "/by") == nullptr);
    CHECK(canned_for_slash(canned, "bye") == nullptr);
    CHECK(canned_for_slash(canned, "/") == nullptr);
}

TEST_CASE("elapsed labels and when they change") {
    CHECK(elapsed_label(-5) == "0 s");
    CHECK(elapsed_label(59999) == "59 s");
    CHECK(elapsed_label(60000) == "1 min");
    CHECK(elapsed_label(3600000) == "1 h");
    CHECK(until_elapsed_label_changes(1500) == doctest::Approx(500));
    CHECK(until_elapsed_label_changes(90000) == doctest::Approx(30000));
    CHECK(seconds_left(10500, 10000) == 1);
    CHECK(seconds_left(9000, 10000) == 0);
}
