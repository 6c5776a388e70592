#include "route.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sim {

namespace {

// Junctions of the A100 (approximate, WGS84), west to south-east.
constexpr std::array<GeoFix, 8> kA100Waypoints{{
    {52.50060, 13.27870, 0},  // Dreieck Funkturm
    {52.49460, 13.28800, 0},  // Halenseestraße
    {52.49140, 13.29560, 0},  // Kurfürstendamm
    {52.48600, 13.30500, 0},  // Hohenzollerndamm
    {52.48150, 13.31600, 0},  // Detmolder Straße
    {52.47800, 13.34300, 0},  // Innsbrucker Platz
    {52.47100, 13.36200, 0},  // Schöneberg
    {52.46500, 13.38500, 0},  // Tempelhofer Damm
}};

}  // namespace

std::vector<GeoFix> a100_route(std::size_t count, std::uint32_t variant) {
    count = std::max<std::size_t>(count, 1);
    std::vector<GeoFix> fixes;
    fixes.reserve(count);
    const double segments = static_cast<double>(kA100Waypoints.size() - 1);
    // Start somewhere in the first half, end at most at the last waypoint.
    const double start = std::fmod(static_cast<double>(variant) * 0.37, segments / 2);
    const double span = segments - start;
    for (std::size_t i = 0; i < count; ++i) {
        const double t = count == 1 ? start : start + span * static_cast<double>(i) / static_cast<double>(count - 1);
        const auto segment = std::min(static_cast<std::size_t>(t), kA100Waypoints.size() - 2);
        const double f = t - static_cast<double>(segment);
        const GeoFix& a = kA100Waypoints[segment];
        const GeoFix& b = kA100Waypoints[segment + 1];
        // Deterministic jitter of about ±5 m, so the track looks like a phone's, not a ruler's.
        const double jitter = std::sin(static_cast<double>(i * 7919 + variant * 104729)) * 0.00005;
        fixes.push_back({a.lat + (b.lat - a.lat) * f + jitter, a.lon + (b.lon - a.lon) * f - jitter,
                         5.0 + static_cast<double>((i + variant) % 4) * 2.5});
    }
    return fixes;
}

}  // namespace sim
