// The generated photo must be a PNG any decoder accepts: signature, chunk CRCs, IHDR dimensions, and a zlib stream
// whose stored blocks hold exactly the scanlines, with a matching Adler-32.
#include "png_image.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

using namespace sim;

namespace {

std::uint32_t be32(const std::string& s, std::size_t at) {
    auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + i])); };
    return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}

struct Chunk {
    std::string type;
    std::string data;
};

// Splits a PNG into chunks, checking every CRC.
std::vector<Chunk> chunks_of(const std::string& png) {
    std::vector<Chunk> chunks;
    std::size_t at = 8;
    while (at + 12 <= png.size()) {
        const auto length = be32(png, at);
        REQUIRE(at + 12 + length <= png.size());
        const std::string typed = png.substr(at + 4, 4 + length);
        CHECK(crc32(reinterpret_cast<const std::uint8_t*>(typed.data()), typed.size()) == be32(png, at + 8 + length));
        chunks.push_back({typed.substr(0, 4), typed.substr(4)});
        at += 12 + length;
    }
    CHECK(at == png.size());
    return chunks;
}

// Inflates a zlib stream made only of stored blocks (what the generator writes).
std::string inflate_stored(const std::string& z) {
    REQUIRE(z.size() >= 6);
    CHECK((static_cast<unsigned char>(z[0]) * 256 + static_cast<unsigned char>(z[1])) % 31 == 0);  // FCHECK
    CHECK((static_cast<unsigned char>(z[0]) & 0x0F) == 8);                                         // deflate
    std::string out;
    std::size_t at = 2;
    for (;;) {
        REQUIRE(at + 5 <= z.size());
        const auto header = static_cast<unsigned char>(z[at]);
        CHECK((header >> 1) == 0);  // BTYPE 00: stored
        const unsigned len = static_cast<unsigned char>(z[at + 1]) | (static_cast<unsigned char>(z[at + 2]) << 8);
        const unsigned nlen = static_cast<unsigned char>(z[at + 3]) | (static_cast<unsigned char>(z[at + 4]) << 8);
        CHECK((len ^ 0xFFFF) == nlen);
        REQUIRE(at + 5 + len <= z.size());
        out += z.substr(at + 5, len);
        at += 5 + len;
        if (header & 1) break;
    }
    REQUIRE(at + 4 == z.size());
    CHECK(be32(z, at) == adler32(reinterpret_cast<const std::uint8_t*>(out.data()), out.size()));
    return out;
}

}  // namespace

TEST_CASE("checksums match their published check values") {
    const char* check = "123456789";
    CHECK(crc32(reinterpret_cast<const std::uint8_t*>(check), 9) == 0xCBF43926u);
    CHECK(adler32(reinterpret_cast<const std::uint8_t*>("Wikipedia"), 9) == 0x11E60398u);
}

TEST_CASE("the accident photo is a valid PNG of the asked size") {
    for (auto [w, h] : {std::pair{160, 120}, std::pair{1, 1}, std::pair{300, 250}}) {
        CAPTURE(w);
        CAPTURE(h);
        const std::string png = make_accident_png({w, h, 3});
        REQUIRE(png.size() > 8);
        CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
        const auto chunks = chunks_of(png);
        REQUIRE(chunks.size() == 3);
        CHECK(chunks[0].type == "IHDR");
        CHECK(chunks[1].type == "IDAT");
        CHECK(chunks[2].type == "IEND");
        REQUIRE(chunks[0].data.size() == 13);
        CHECK(be32(chunks[0].data, 0) == static_cast<std::uint32_t>(w));
        CHECK(be32(chunks[0].data, 4) == static_cast<std::uint32_t>(h));
        CHECK(chunks[0].data.substr(8) == std::string("\x08\x02\x00\x00\x00", 5));
        const std::string raw = inflate_stored(chunks[1].data);
        CHECK(raw.size() == static_cast<std::size_t>(h) * (1 + static_cast<std::size_t>(w) * 3));
        for (int y = 0; y < h; ++y) CHECK(raw[static_cast<std::size_t>(y) * (1 + w * 3)] == 0);  // filter: none
    }
}

TEST_CASE("pictures bigger than one stored block span several blocks") {
    const std::string png = make_accident_png({300, 250, 0});  // 225,250 bytes of scanlines: 4 blocks
    const auto chunks = chunks_of(png);
    CHECK(inflate_stored(chunks[1].data).size() == 250u * 901u);
}

TEST_CASE("sides are clamped to 1..kMaxPictureSide and variants differ") {
    const auto tiny = chunks_of(make_accident_png({0, -5, 0}));
    CHECK(be32(tiny[0].data, 0) == 1);
    CHECK(be32(tiny[0].data, 4) == 1);
    const auto huge = chunks_of(make_accident_png({kMaxPictureSide + 1, 2, 0}));
    CHECK(be32(huge[0].data, 0) == static_cast<std::uint32_t>(kMaxPictureSide));
    CHECK(make_accident_png({64, 48, 0}) != make_accident_png({64, 48, 1}));
}
