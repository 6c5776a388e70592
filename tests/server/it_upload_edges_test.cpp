// Integration: upload refusals the main files test does not reach — a body cut off mid-way (nothing half-written,
// no event), another agent's chat and one only offered, path tricks in the chat id and in Windows-style names,
// and a byte-exact round trip of a photo-sized file with every byte value.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "it_helpers.hpp"
#include "sample_files.hpp"

using namespace testing;

namespace {

std::size_t entries_in(const std::filesystem::path& folder) {
    std::size_t n = 0;
    if (!std::filesystem::exists(folder)) return 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) n += entry.is_regular_file() ? 1 : 0;
    return n;
}

// Sends the headers and `sent` of `declared` body bytes over a plain socket, then closes it.
void cut_off_upload(std::uint16_t port, const std::string& target, const std::string& token, std::size_t declared,
                    std::size_t sent) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    std::string request = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
        "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + std::to_string(declared) + "\r\n\r\n";
    request += jpeg_bytes(640, 480);
    request.resize(request.size() + sent - jpeg_bytes(640, 480).size(), '\x5A');
    std::size_t written = 0;
    while (written < request.size()) {
        const ssize_t n = ::send(fd, request.data() + written, request.size() - written, MSG_NOSIGNAL);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    ::close(fd);
}

}  // namespace

TEST_CASE("uploads: a cut-off body, foreign and unaccepted chats, path tricks; a large file round-trips exactly") {
    Server server;
    REQUIRE(server.port() != 0);
    const auto files = server.dir.path() / "files";
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    REQUIRE(accept_next_offer(anna, customer.chat_id));
    const std::string chat = customer.chat_id;
    const std::string target = "/api/chats/" + chat + "/files?name=cut.jpg&clientId=cut-1";

    // The client disappears after 200 KB of a declared 1 MB: no file, no temp file, no event; the same clientId
    // then uploads normally.
    cut_off_upload(server.port(), target, customer.token, 1'000'000, 200'000);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(entries_in(files) == 0);
    const std::string jpeg = jpeg_bytes(640, 480) + std::string(1000, '\x11');
    auto upload = [&](const std::string& path, const std::string& token, const std::string& body) {
        return http_request(server.port(), "POST", path, body, {{"Authorization", "Bearer " + token}});
    };
    auto whole = upload(target, customer.token, jpeg);
    CHECK(whole.status == 201);
    CHECK(whole.json()["seq"].get<int>() >= 1);
    CHECK(entries_in(files) == 1);

    // Another agent may not upload to this chat, nor to one only offered to him (his once he accepts).
    auto ben = login_agent(server.port(), "ben");
    REQUIRE(ben.ws);
    CHECK(upload("/api/chats/" + chat + "/files?name=b.jpg&clientId=b1", ben.token, jpeg).status == 403);
    anna.ws->send({{"type", "agent.presence"}, {"rid", "away"}, {"state", "not_ready"}, {"reason", "Break"}});
    REQUIRE(anna.ws->read_until([](const Json& f) { return f.value("rid", "") == "away"; }));
    auto second = start_customer(server.port(), "Erika Musterfrau");
    REQUIRE(second.ws);
    auto offer = ben.ws->read_until([](const Json& f) { return f.value("type", "") == "offer"; });
    REQUIRE(offer);
    CHECK(upload("/api/chats/" + second.chat_id + "/files?name=b.jpg&clientId=b2", ben.token, jpeg).status == 403);

    // Path tricks: in the chat id (never a file system path, never a 500) and in Windows-style names.
    for (const std::string trick : {"..%2F..%2Fetc", "%2E%2E", "c1%00", "..", "c1%2Ffiles"}) {
        const auto answer = upload("/api/chats/" + trick + "/files?name=x.jpg&clientId=t", customer.token, jpeg);
        CHECK_MESSAGE((answer.status == 400 || answer.status == 403 || answer.status == 404),
                      trick << " → " << answer.status);
    }
    auto windows = upload("/api/chats/" + chat + "/files?name=C%3A%5CUsers%5Cmax%5Cunfall.jpg&clientId=w1",
                          customer.token, jpeg + "w");
    REQUIRE(windows.status == 201);
    CHECK(windows.json()["file"]["name"] == "unfall.jpg");
    CHECK(entries_in(files) == 2);
    for (const auto& entry : std::filesystem::directory_iterator(files))
        CHECK(entry.path().filename().string().size() == 64);  // content hashes only, no temp leftovers

    // 3 MB with every byte value after a real JPEG header comes back byte for byte.
    std::string big = jpeg_bytes(4032, 3024);
    std::mt19937 random(7);
    while (big.size() < 3'000'000) big += static_cast<char>(random() & 0xFF);
    auto stored = upload("/api/chats/" + chat + "/files?name=big.jpg&clientId=big", customer.token, big);
    REQUIRE(stored.status == 201);
    CHECK(stored.json()["file"]["size"] == big.size());
    CHECK(stored.json()["file"]["width"] == 4032);
    const auto download =
        http_request(server.port(), "GET", "/api/files/" + stored.json()["file"]["fileId"].get<std::string>(), "",
                     {{"Authorization", "Bearer " + anna.token}});
    REQUIRE(download.status == 200);
    CHECK(download.body.size() == big.size());
    CHECK(download.body == big);
}
