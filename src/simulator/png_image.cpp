#include "png_image.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace sim {

namespace {

constexpr std::size_t kMaxStoredBlock = 65535;  // a stored deflate block's length field is 16 bits

std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}

void put_u32_be(std::string& out, std::uint32_t value) {
    out.push_back(static_cast<char>(value >> 24));
    out.push_back(static_cast<char>(value >> 16));
    out.push_back(static_cast<char>(value >> 8));
    out.push_back(static_cast<char>(value));
}

void put_chunk(std::string& out, const char type[4], const std::string& data) {
    put_u32_be(out, static_cast<std::uint32_t>(data.size()));
    std::string typed(type, 4);
    typed += data;
    out += typed;
    put_u32_be(out, crc32(reinterpret_cast<const std::uint8_t*>(typed.data()), typed.size()));
}

struct Rgb {
    std::uint8_t r, g, b;
};

// The scene: sky, grass verge, grey road with lane marks, a car whose rear has a dark dent.
Rgb pixel_at(int x, int y, int w, int h, std::uint32_t variant) {
    const int horizon = h * 2 / 5;
    const int road_top = h * 3 / 5;
    if (y < horizon) {
        const int shade = 255 - (y * 80) / std::max(1, horizon);
        return {static_cast<std::uint8_t>(shade * 6 / 10), static_cast<std::uint8_t>(shade * 8 / 10),
                static_cast<std::uint8_t>(shade)};
    }
    const int car_left = w / 4, car_right = w * 3 / 4, car_top = h / 2, car_bottom = h * 17 / 20;
    if (x >= car_left && x < car_right && y >= car_top && y < car_bottom) {
        const int dent_x = car_left + static_cast<int>(variant % 3 + 1) * (car_right - car_left) / 5;
        const int dx = x - dent_x, dy = y - (car_top + car_bottom) / 2;
        const int dent_radius = std::max(2, (car_bottom - car_top) / 4);
        if (dx * dx + dy * dy < dent_radius * dent_radius) return {60, 20, 20};
        static constexpr Rgb paints[] = {{200, 30, 30}, {30, 80, 200}, {230, 230, 230}, {40, 40, 40}};
        return paints[variant % 4];
    }
    if (y < road_top) return {70, 140, 60};
    const bool lane_mark =
        std::abs(y - (road_top + h) / 2) <= std::max(1, h / 80) && (x / std::max(1, w / 10)) % 2 == 0;
    return lane_mark ? Rgb{240, 240, 240} : Rgb{110, 110, 115};
}

}  // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc) {
    static const auto table = make_crc_table();
    crc = ~crc;
    for (std::size_t i = 0; i < size; ++i) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

std::uint32_t adler32(const std::uint8_t* data, std::size_t size) {
    constexpr std::uint32_t kModulus = 65521;
    std::uint32_t a = 1, b = 0;
    for (std::size_t i = 0; i < size; ++i) {
        a = (a + data[i]) % kModulus;
        b = (b + a) % kModulus;
    }
    return (b << 16) | a;
}

std::string make_accident_png(const PictureSpec& spec) {
    const int w = std::clamp(spec.width, 1, kMaxPictureSide);
    const int h = std::clamp(spec.height, 1, kMaxPictureSide);

    // Raw scanlines: a filter byte (0 = none) then RGB triples.
    std::vector<std::uint8_t> raw;
    raw.reserve(static_cast<std::size_t>(h) * (1 + static_cast<std::size_t>(w) * 3));
    for (int y = 0; y < h; ++y) {
        raw.push_back(0);
        for (int x = 0; x < w; ++x) {
            const Rgb p = pixel_at(x, y, w, h, spec.variant);
            raw.insert(raw.end(), {p.r, p.g, p.b});
        }
    }

    // zlib stream: header (deflate, 32K window, no dictionary, check bits), stored blocks, Adler-32.
    std::string zlib = {'\x78', '\x01'};
    for (std::size_t offset = 0; offset < raw.size() || offset == 0; offset += kMaxStoredBlock) {
        const std::size_t length = std::min(kMaxStoredBlock, raw.size() - offset);
        const bool last = offset + length >= raw.size();
        zlib.push_back(last ? '\x01' : '\x00');
        zlib.push_back(static_cast<char>(length & 0xFF));
        zlib.push_back(static_cast<char>(length >> 8));
        zlib.push_back(static_cast<char>(~length & 0xFF));
        zlib.push_back(static_cast<char>((~length >> 8) & 0xFF));
        zlib.append(reinterpret_cast<const char*>(raw.data() + offset), length);
        if (last) break;
    }
    put_u32_be(zlib, adler32(raw.data(), raw.size()));

    std::string header;
    put_u32_be(header, static_cast<std::uint32_t>(w));
    put_u32_be(header, static_cast<std::uint32_t>(h));
    header += {'\x08', '\x02', '\x00', '\x00', '\x00'};  // 8 bits, RGB, deflate, adaptive filter, no interlace

    std::string png = "\x89PNG\r\n\x1a\n";
    put_chunk(png, "IHDR", header);
    put_chunk(png, "IDAT", zlib);
    put_chunk(png, "IEND", "");
    return png;
}

}  // namespace sim
