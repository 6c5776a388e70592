#include "media/exif.hpp"

#include "media/file_types.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace media {

namespace {

// TIFF data inside APP1: byte order from its header, every read bounds-checked (false = out of range).
class Tiff {
public:
    Tiff(std::string_view data, bool little_endian) : data_(data), little_(little_endian) {}

    bool u16(std::size_t at, std::uint32_t& out) const {
        if (at > data_.size() || data_.size() - at < 2) return false;
        const auto b0 = std::uint8_t(data_[at]), b1 = std::uint8_t(data_[at + 1]);
        out = little_ ? (b0 | (std::uint32_t(b1) << 8)) : ((std::uint32_t(b0) << 8) | b1);
        return true;
    }
    bool u32(std::size_t at, std::uint32_t& out) const {
        std::uint32_t a = 0, b = 0;
        if (!u16(at, a) || !u16(at + 2, b)) return false;
        out = little_ ? (a | (b << 16)) : ((a << 16) | b);
        return true;
    }

    struct Entry {
        std::uint32_t type = 0, count = 0;
        std::size_t value_at = 0;  // where the value is: inline in the entry, or at its offset
    };
    // The entry of `tag` in the IFD at `ifd`, if present and well-formed.
    std::optional<Entry> find(std::size_t ifd, std::uint32_t tag) const {
        std::uint32_t entries = 0;
        if (!u16(ifd, entries)) return std::nullopt;
        for (std::uint32_t i = 0; i < entries; ++i) {
            const std::size_t at = ifd + 2 + std::size_t(i) * 12;
            std::uint32_t t = 0, type = 0, count = 0;
            if (!u16(at, t) || !u16(at + 2, type) || !u32(at + 4, count)) return std::nullopt;
            if (t != tag) continue;
            const std::uint64_t unit = type == 5 || type == 10 ? 8 : type == 4 || type == 9 ? 4 : type == 3 ? 2 : 1;
            const std::uint64_t bytes = unit * count;
            Entry entry{type, count, at + 8};
            if (bytes > 4) {
                std::uint32_t offset = 0;
                if (!u32(at + 8, offset)) return std::nullopt;
                entry.value_at = offset;
            }
            if (entry.value_at > data_.size() || data_.size() - entry.value_at < bytes) return std::nullopt;
            return entry;
        }
        return std::nullopt;
    }

    std::optional<char> ascii_ref(std::size_t ifd, std::uint32_t tag) const {
        const auto e = find(ifd, tag);
        if (!e || e->type != 2 || e->count < 1) return std::nullopt;
        return data_[e->value_at];
    }

    // Degrees from three RATIONALs (degrees, minutes, seconds).
    std::optional<double> degrees(std::size_t ifd, std::uint32_t tag) const {
        const auto e = find(ifd, tag);
        if (!e || e->type != 5 || e->count != 3) return std::nullopt;
        double parts[3] = {};
        for (int i = 0; i < 3; ++i) {
            std::uint32_t numerator = 0, denominator = 0;
            if (!u32(e->value_at + std::size_t(i) * 8, numerator) ||
                !u32(e->value_at + std::size_t(i) * 8 + 4, denominator))
                return std::nullopt;
            if (denominator == 0) return std::nullopt;
            parts[i] = double(numerator) / double(denominator);
        }
        if (parts[1] >= 60 || parts[2] >= 60) return std::nullopt;
        return parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
    }

private:
    std::string_view data_;
    bool little_;
};

// The TIFF block of the first APP1 "Exif" segment, walking the markers before the image data.
std::optional<std::string_view> exif_tiff(std::string_view b) {
    if (b.size() < 4 || std::uint8_t(b[0]) != 0xFF || std::uint8_t(b[1]) != 0xD8) return std::nullopt;
    constexpr std::string_view kExifHeader("Exif\0\0", 6);
    const auto app1 = find_jpeg_segment(b, [&](const JpegSegment& s) {
        return s.marker == 0xE1 && s.payload.substr(0, kExifHeader.size()) == kExifHeader;
    });
    if (!app1) return std::nullopt;
    return app1->payload.substr(kExifHeader.size());
}

// The TIFF block and the offset of its IFD0, if the header is well-formed.
struct ExifRoot {
    Tiff tiff;
    std::size_t ifd0 = 0;
};
std::optional<ExifRoot> exif_root(std::string_view jpeg_head) {
    const auto tiff_bytes = exif_tiff(jpeg_head);
    if (!tiff_bytes || tiff_bytes->size() < 8) return std::nullopt;
    const std::string_view order = tiff_bytes->substr(0, 2);
    if (order != "II" && order != "MM") return std::nullopt;
    const Tiff tiff(*tiff_bytes, order == "II");
    std::uint32_t magic = 0, ifd0 = 0;
    if (!tiff.u16(2, magic) || magic != 42 || !tiff.u32(4, ifd0)) return std::nullopt;
    return ExifRoot{tiff, ifd0};
}

}  // namespace

int exif_orientation(std::string_view jpeg_head) {
    const auto root = exif_root(jpeg_head);
    if (!root) return 1;
    const auto entry = root->tiff.find(root->ifd0, 0x0112);  // Orientation, SHORT
    std::uint32_t value = 0;
    if (!entry || entry->type != 3 || entry->count != 1 || !root->tiff.u16(entry->value_at, value)) return 1;
    return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
}

std::optional<ExifPosition> exif_gps_position(std::string_view jpeg_head) {
    const auto root = exif_root(jpeg_head);
    if (!root) return std::nullopt;
    const Tiff& tiff = root->tiff;
    const std::size_t ifd0 = root->ifd0;
    const auto gps_pointer = tiff.find(ifd0, 0x8825);  // GPSInfo IFD pointer (LONG)
    if (!gps_pointer || gps_pointer->type != 4 || gps_pointer->count != 1) return std::nullopt;
    std::uint32_t gps_ifd = 0;
    if (!tiff.u32(gps_pointer->value_at, gps_ifd)) return std::nullopt;

    const auto lat_ref = tiff.ascii_ref(gps_ifd, 0x0001);
    const auto lat = tiff.degrees(gps_ifd, 0x0002);
    const auto lon_ref = tiff.ascii_ref(gps_ifd, 0x0003);
    const auto lon = tiff.degrees(gps_ifd, 0x0004);
    if (!lat_ref || !lat || !lon_ref || !lon) return std::nullopt;
    if ((*lat_ref != 'N' && *lat_ref != 'S') || (*lon_ref != 'E' && *lon_ref != 'W')) return std::nullopt;
    ExifPosition position{*lat_ref == 'S' ? -*lat : *lat, *lon_ref == 'W' ? -*lon : *lon};
    if (!std::isfinite(position.lat) || !std::isfinite(position.lon) || std::abs(position.lat) > 90 ||
        std::abs(position.lon) > 180)
        return std::nullopt;
    return position;
}

}  // namespace media
