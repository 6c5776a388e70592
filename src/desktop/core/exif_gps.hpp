// The GPS position in a photo's EXIF data (JPEG APP1 "Exif"), read from the file's first bytes. Platform-free and
// defensive: every offset is bounds-checked, so truncated or hostile bytes give nullopt, never a crash.
#pragma once

#include <optional>
#include <string_view>

namespace desk {

struct ExifPosition {
    double lat = 0;  // -90..90, south negative
    double lon = 0;  // -180..180, west negative
};

// The position in the GPS IFD (tags GPSLatitudeRef/GPSLatitude/GPSLongitudeRef/GPSLongitude), or nullopt when the
// bytes are not a JPEG, carry no EXIF GPS, or the values are missing, zero-denominator or out of range.
[[nodiscard]] std::optional<ExifPosition> exif_gps_position(std::string_view jpeg_head);

}  // namespace desk
