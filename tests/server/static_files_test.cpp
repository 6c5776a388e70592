#include <doctest/doctest.h>

#include <fstream>

#include "server/static_files.hpp"

using namespace server;

namespace {
struct Roots {
    Roots() {
        base = std::filesystem::temp_directory_path() / "agentdesk-static-test";
        std::filesystem::remove_all(base);
        std::filesystem::create_directories(base / "desk" / "js");
        std::filesystem::create_directories(base / "customer");
        write(base / "desk" / "index.html", "<html>");
        write(base / "desk" / "app.wasm", "wasm");
        write(base / "desk" / "app.wasm.br", "br");
        write(base / "desk" / "app.wasm.gz", "gz");
        write(base / "desk" / "js" / "main.js", "js");
        write(base / "desk" / ".env", "secret");
        write(base / "customer" / "index.html", "<html>");
        write(base / "secret.txt", "outside");
        roots = {base / "desk", base / "customer"};
    }
    ~Roots() { std::filesystem::remove_all(base); }
    static void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }
    std::filesystem::path base;
    StaticRoots roots;
};
}  // namespace

TEST_CASE("static files: index, MIME types, customer app") {
    Roots r;
    auto index = resolve_static(r.roots, "/", "");
    REQUIRE(index);
    CHECK(index->path == r.base / "desk" / "index.html");
    CHECK(index->mime == "text/html; charset=utf-8");
    CHECK(resolve_static(r.roots, "/js/main.js?v=3", "")->mime == "text/javascript; charset=utf-8");
    CHECK(resolve_static(r.roots, "/app.wasm", "")->mime == "application/wasm");
    CHECK(resolve_static(r.roots, "/customer/", "")->path == r.base / "customer" / "index.html");
    CHECK(resolve_static(r.roots, "/customer", "")->redirect_to_slash);
    CHECK_FALSE(resolve_static(r.roots, "/missing.js", ""));
}

TEST_CASE("static files: precompressed variants only when accepted") {
    Roots r;
    auto br = resolve_static(r.roots, "/app.wasm", "gzip, deflate, br");
    CHECK(br->encoding == "br");
    CHECK(br->mime == "application/wasm");
    CHECK(br->path.string().ends_with(".br"));
    CHECK(resolve_static(r.roots, "/app.wasm", "gzip")->encoding == "gzip");
    CHECK(resolve_static(r.roots, "/app.wasm", "br;q=0, gzip")->encoding == "gzip");
    CHECK(resolve_static(r.roots, "/app.wasm", "")->encoding == "");
    CHECK(resolve_static(r.roots, "/js/main.js", "br")->encoding == "");  // no variant on disk
}

TEST_CASE("static files: no traversal, no hidden files") {
    Roots r;
    CHECK_FALSE(resolve_static(r.roots, "/../secret.txt", ""));
    CHECK_FALSE(resolve_static(r.roots, "/%2e%2e/secret.txt", ""));
    CHECK_FALSE(resolve_static(r.roots, "/js/../../secret.txt", ""));
    CHECK_FALSE(resolve_static(r.roots, "/customer/../secret.txt", ""));
    CHECK_FALSE(resolve_static(r.roots, "/.env", ""));
    CHECK_FALSE(resolve_static(r.roots, "/js%5c..%5c..%5csecret.txt", ""));
    CHECK_FALSE(resolve_static(r.roots, "/index.html%00.js", ""));
    CHECK_FALSE(resolve_static(r.roots, "//etc/passwd", ""));
    CHECK_FALSE(resolve_static(r.roots, "relative", ""));
    StaticRoots none;
    CHECK_FALSE(resolve_static(none, "/", ""));
}

TEST_CASE("static files: content-hashed names (scripts/finalize-dist.mjs) are immutable, others revalidate") {
    CHECK(is_content_hashed_name("agentdesk-desktop.3fa9c2e1d0.wasm"));
    CHECK(is_content_hashed_name("boot.0123456789.js"));
    CHECK(is_content_hashed_name("ui-sans.abcdefabcd.ttf"));
    CHECK_FALSE(is_content_hashed_name("index.html"));
    CHECK_FALSE(is_content_hashed_name("config.json"));
    CHECK_FALSE(is_content_hashed_name("boot.012345678.js"));    // 9 digits
    CHECK_FALSE(is_content_hashed_name("boot.01234567890.js"));  // 11 digits
    CHECK_FALSE(is_content_hashed_name("boot.0123456789"));      // no extension after the hash
    CHECK_FALSE(is_content_hashed_name(".0123456789.js"));       // no name before the hash
    CHECK_FALSE(is_content_hashed_name("boot.0123456789A.js"));
    CHECK_FALSE(is_content_hashed_name("boot.ABCDEF0123.js"));  // upper case is not what the build writes
    Roots r;
    CHECK_FALSE(resolve_static(r.roots, "/app.wasm", "")->immutable);
}
