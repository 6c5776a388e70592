// Geographic coordinates as the agent reads, copies and types them: validation, parsing of the usual written
// forms, and formatting (decimal degrees, degrees-minutes-seconds, a map link). Platform-free and pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "protocol/result.hpp"

namespace desk::geo {

// Digits past the 7th decimal of a degree (1.1 cm at the equator) are noise from the sender's float
// formatting; parsed coordinates are rounded to it so two equal positions compare equal.
inline constexpr int kMaxDecimals = 7;
// What the agent reads and copies: 6 decimals = 11 cm, finer than any phone's GPS.
inline constexpr int kDisplayDecimals = 6;
// Seconds in the DMS form get one decimal (3 m).
inline constexpr int kDmsSecondDecimals = 1;
// Longest text parse_coordinates() looks at: a coordinate pair is short; anything longer is not one.
inline constexpr std::size_t kMaxCoordinateTextBytes = 100;
// Zoom level of "open in maps" links (street level).
inline constexpr int kLinkZoom = 17;

struct LatLon {
    double lat = 0;
    double lon = 0;
    friend bool operator==(const LatLon&, const LatLon&) = default;
};

// Checks a position: both finite, latitude in -90..90, longitude in -180..180. The error names the field
// ("lat"/"lon") and says why; invalid_field as on the wire.
[[nodiscard]] proto::Result<LatLon> validate(double lat, double lon);
// Accuracy radius in metres: finite and >= 0.
[[nodiscard]] bool valid_accuracy(double metres);

// Rounds to kMaxDecimals.
[[nodiscard]] double round_degrees(double degrees);

// Parses a written coordinate pair, latitude first:
//   "52.520008, 13.404954"   "52.520008 13.404954"   "-33.8688,151.2093"
//   "52°31'12.0\"N 13°24'17.8\"E"   "52° 31.2' N, 13° 24.3' E"   "N 52.52 E 13.405"   "52.52N 13.405E"
// Hemisphere letters (N/S/E/W, either case) override signs; "′″" and "’”" are accepted as minute and second
// marks. Validated as validate() does and rounded to kMaxDecimals. A text that is not exactly one pair fails.
[[nodiscard]] proto::Result<LatLon> parse_coordinates(std::string_view text);

// "52.520008, 13.404954" (kDisplayDecimals; "-0.000000" is written as "0.000000").
[[nodiscard]] std::string format_decimal(LatLon position, int decimals = kDisplayDecimals);
// "52°31'12.0\"N 13°24'17.8\"E" (UTF-8 degree sign). Seconds that round to 60 carry into the minutes.
[[nodiscard]] std::string format_dms(LatLon position);
// OpenStreetMap link that opens the position with a pin: https://www.openstreetmap.org/?mlat=…&mlon=…#map=17/…/…
[[nodiscard]] std::string maps_link(LatLon position, int zoom = kLinkZoom);
// "±12 m", "±1.2 km" ("" for an unknown accuracy of 0).
[[nodiscard]] std::string accuracy_label(double metres);

}  // namespace desk::geo
