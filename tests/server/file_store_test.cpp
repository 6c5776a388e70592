#include <doctest/doctest.h>

#include <filesystem>

#include "sample_files.hpp"
#include "server/file_store.hpp"

using namespace server;

TEST_CASE("file store: content addressed, written whole") {
    const auto dir = std::filesystem::temp_directory_path() / "agentdesk-filestore-test";
    std::filesystem::remove_all(dir);
    const FileStore store(dir);
    std::string error;
    const std::string bytes = testing::png_bytes(2, 2);
    const auto digest = store.put(bytes, error);
    REQUIRE(digest.has_value());
    CHECK(*digest == sha256_hex(bytes));
    CHECK(std::filesystem::file_size(store.path_of(*digest)) == bytes.size());
    CHECK(store.put(bytes, error) == digest);  // same bytes, same file
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        ++files;
        CHECK(entry.path().filename().string().rfind(".upload-", 0) != 0);  // no temp files left
    }
    CHECK(files == 1);
    CHECK(store.path_of("../../etc/passwd").empty());
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    std::filesystem::remove_all(dir);
}
