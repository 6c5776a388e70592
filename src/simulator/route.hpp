// GPS fixes along a real road, for customers who share their position while moving (tow truck, hard shoulder).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sim {

struct GeoFix {
    double lat = 0;
    double lon = 0;
    double accuracy = 0;  // metres
};

// `count` fixes (>= 1) evenly along Berlin's A100 from Dreieck Funkturm to Tempelhofer Damm, each jittered by a
// few metres and with a plausible phone GPS accuracy. `variant` shifts the start so customers do not overlap.
[[nodiscard]] std::vector<GeoFix> a100_route(std::size_t count, std::uint32_t variant);

}  // namespace sim
