// The file rules the server and the desktop share (src/media): magic bytes, extensions, header sizes, names.
#include <doctest/doctest.h>

#include "sample_files.hpp"
#include "media/exif.hpp"
#include "media/file_types.hpp"

using namespace media;

TEST_CASE("sniffing: types come from magic bytes, not names") {
    CHECK(sniff_file_type(testing::png_bytes(1, 1))->kind == FileKind::png);
    CHECK(sniff_file_type(testing::jpeg_bytes(1, 1))->kind == FileKind::jpeg);
    CHECK(sniff_file_type(testing::gif_bytes(1, 1))->kind == FileKind::gif);
    CHECK(sniff_file_type(testing::webp_vp8x_bytes(1, 1))->kind == FileKind::webp);
    CHECK(sniff_file_type(testing::pdf_bytes())->mime == "application/pdf");
    CHECK_FALSE(sniff_file_type("MZ\x90\x00 executable").has_value());
    CHECK_FALSE(sniff_file_type("<html><script>").has_value());
    CHECK_FALSE(sniff_file_type("").has_value());
    CHECK_FALSE(sniff_file_type("RIFF\x10\x00\x00\x00WAVEfmt ").has_value());  // RIFF but not WebP
    CHECK_FALSE(sniff_file_type("\xFF\xD8").has_value());                      // too short for JPEG
}

TEST_CASE("extensions must not claim another type") {
    CHECK(extension_matches("unfall.jpg", FileKind::jpeg));
    CHECK(extension_matches("UNFALL.JPEG", FileKind::jpeg));
    CHECK(extension_matches("scan", FileKind::pdf));
    CHECK_FALSE(extension_matches("unfall.png", FileKind::jpeg));
    CHECK_FALSE(extension_matches("invoice.pdf", FileKind::png));
    CHECK_FALSE(extension_matches("run.exe", FileKind::jpeg));
    CHECK_FALSE(extension_matches("page.html", FileKind::gif));
}

TEST_CASE("image sizes from header bytes") {
    auto check = [](const std::string& bytes, FileKind kind, std::uint32_t w, std::uint32_t h) {
        const auto size = image_size(bytes, kind);
        REQUIRE(size.has_value());
        CHECK(size->width == w);
        CHECK(size->height == h);
    };
    check(testing::png_bytes(4032, 3024), FileKind::png, 4032, 3024);
    check(testing::jpeg_bytes(4032, 3024), FileKind::jpeg, 4032, 3024);
    check(testing::gif_bytes(320, 200), FileKind::gif, 320, 200);
    check(testing::webp_vp8x_bytes(1920, 1080), FileKind::webp, 1920, 1080);
    check(testing::webp_vp8l_bytes(640, 480), FileKind::webp, 640, 480);
    check(testing::webp_vp8_bytes(800, 600), FileKind::webp, 800, 600);
    CHECK_FALSE(image_size(testing::pdf_bytes(), FileKind::pdf).has_value());
    // Truncated or garbled headers give no size instead of reading past the end.
    const std::string png = testing::png_bytes(10, 10);
    CHECK_FALSE(image_size(png.substr(0, 20), FileKind::png).has_value());
    const std::string jpeg = testing::jpeg_bytes(10, 10);
    for (std::size_t cut = 0; cut < 26; ++cut) CHECK_FALSE(image_size(jpeg.substr(0, cut), FileKind::jpeg).has_value());
    CHECK_FALSE(image_size(std::string("\xFF\xD8\xFF\xDA\x00\x02", 6), FileKind::jpeg).has_value());
    CHECK_FALSE(image_size(testing::png_bytes(0, 10), FileKind::png).has_value());
}

TEST_CASE("file names: no path parts, no control characters, no quotes, bounded") {
    CHECK(sanitize_file_name("unfall.jpg", 80) == "unfall.jpg");
    CHECK(sanitize_file_name("../../etc/passwd", 80) == "passwd");
    CHECK(sanitize_file_name("C:\\Users\\max\\foto.jpg", 80) == "foto.jpg");
    CHECK(sanitize_file_name("a\r\nb\x01\x7f.jpg", 80) == "ab.jpg");
    CHECK(sanitize_file_name("\"quoted\".jpg", 80) == "quoted.jpg");
    CHECK(sanitize_file_name("..", 80) == "file");
    CHECK(sanitize_file_name(".hidden.jpg", 80) == "hidden.jpg");
    CHECK(sanitize_file_name("", 80) == "file");
    CHECK(sanitize_file_name("dir/", 80) == "file");
    CHECK(sanitize_file_name("bad\xff\xfe.jpg", 80) == "file");
    CHECK(sanitize_file_name("Schäden.jpg", 80) == "Schäden.jpg");
    CHECK(sanitize_file_name("ääääää", 3) == "äää");  // code points, never a cut multi-byte character
}

TEST_CASE("a JPEG is measured as it is shown: an EXIF orientation of a quarter turn swaps width and height") {
    using testing::jpeg_bytes_with_orientation;
    CHECK(media::exif_orientation(jpeg_bytes_with_orientation(4000, 3000, 6)) == 6);
    for (std::uint16_t turned : {5, 6, 7, 8}) {
        const auto size = media::image_size(jpeg_bytes_with_orientation(4000, 3000, turned), media::FileKind::jpeg);
        REQUIRE(size);
        CHECK(size->width == 3000);
        CHECK(size->height == 4000);
    }
    for (std::uint16_t upright : {1, 2, 3, 4, 0, 9, 0xFFFF}) {  // 0, 9, 0xFFFF: invalid, read as "as stored"
        const auto size = media::image_size(jpeg_bytes_with_orientation(4000, 3000, upright), media::FileKind::jpeg);
        REQUIRE(size);
        CHECK(size->width == 4000);
        CHECK(size->height == 3000);
    }
    CHECK(media::exif_orientation(testing::jpeg_bytes(4000, 3000)) == 1);  // no EXIF
    // Every truncation of the header: an orientation of 1..8 or the default, never a read past the end.
    const std::string whole = jpeg_bytes_with_orientation(4000, 3000, 6);
    for (std::size_t n = 0; n < whole.size(); ++n) {
        const int orientation = media::exif_orientation(whole.substr(0, n));
        CHECK((orientation >= 1 && orientation <= 8));
    }
}
