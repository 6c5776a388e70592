// What a photo's EXIF data (JPEG APP1 "Exif") says about it, read from the file's first bytes: the GPS position
// (the desktop shows it on the map) and the orientation (the server reports the size as the photo is shown).
// Platform-free and defensive: every offset is bounds-checked, so truncated or hostile bytes give nullopt or the
// default, never a crash.
#pragma once

#include <optional>
#include <string_view>

namespace media {

struct ExifPosition {
    double lat = 0;  // -90..90, south negative
    double lon = 0;  // -180..180, west negative
};

// The position in the GPS IFD (tags GPSLatitudeRef/GPSLatitude/GPSLongitudeRef/GPSLongitude), or nullopt when the
// bytes are not a JPEG, carry no EXIF GPS, or the values are missing, zero-denominator or out of range.
[[nodiscard]] std::optional<ExifPosition> exif_gps_position(std::string_view jpeg_head);

// The EXIF Orientation tag (0x0112 in IFD0): 1..8 as TIFF defines them, 1 (as stored) when absent or invalid.
// 5..8 turn the picture by a quarter: shown, its width and height are swapped.
[[nodiscard]] int exif_orientation(std::string_view jpeg_head);
[[nodiscard]] inline bool orientation_swaps_axes(int orientation) { return orientation >= 5 && orientation <= 8; }

}  // namespace media
