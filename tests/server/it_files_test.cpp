// Integration: HTTP uploads and downloads — refusals (size, type, disguise, path tricks, ended chat, tokens)
// and a byte-exact round trip with the right headers and a `file` event.
#include "it_helpers.hpp"
#include "sample_files.hpp"

using namespace testing;

namespace {
HttpResponse upload(std::uint16_t port, const std::string& chat, const std::string& token, const std::string& name,
                    const std::string& client_id, const std::string& bytes) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    headers["Content-Type"] = "application/octet-stream";
    return http_request(port, "POST", "/api/chats/" + chat + "/files?name=" + name + "&clientId=" + client_id, bytes,
                        headers);
}
std::size_t stored_files(const std::filesystem::path& data) {
    std::size_t n = 0;
    if (!std::filesystem::exists(data / "files")) return 0;
    for (const auto& entry : std::filesystem::directory_iterator(data / "files")) n += entry.is_regular_file() ? 1 : 0;
    return n;
}
}  // namespace

TEST_CASE("uploads: refusals leave nothing behind; a good upload round-trips byte-exact") {
    Server server({"--set", "maxUploadBytes=4096"});
    REQUIRE(server.port() != 0);
    const auto data = server.dir.path();
    auto anna = login_agent(server.port(), "anna");
    REQUIRE(anna.ws);
    auto customer = start_customer(server.port());
    REQUIRE(customer.ws);
    REQUIRE(accept_next_offer(anna, customer.chat_id));
    auto stranger = start_customer(server.port(), "Fremd");
    REQUIRE(stranger.ws);
    const std::string chat = customer.chat_id;
    const std::string png = png_bytes(4032, 3024);

    CHECK(upload(server.port(), chat, "", "a.png", "u1", png).status == 401);
    CHECK(upload(server.port(), chat, std::string(43, 'x'), "a.png", "u1", png).status == 401);
    CHECK(upload(server.port(), chat, stranger.token, "a.png", "u1", png).status == 403);
    CHECK(upload(server.port(), "c999", customer.token, "a.png", "u1", png).status == 403);
    auto too_big =
        upload(server.port(), chat, customer.token, "big.png", "u1", png + std::string(4097 - png.size(), '\0'));
    CHECK(too_big.status == 413);
    CHECK(too_big.json()["code"] == "too_large");
    CHECK(upload(server.port(), chat, customer.token, "big.png", "u1", png + std::string(4096 - png.size(), '\0'))
              .status == 201);
    auto wrong = upload(server.port(), chat, customer.token, "notes.txt", "u2", "just some text");
    CHECK(wrong.status == 415);
    CHECK(
        upload(server.port(), chat, customer.token, "virus.exe", "u3", std::string("MZ\x90\x00", 4) + "rest").status ==
        415);
    CHECK(upload(server.port(), chat, customer.token, "photo.jpg", "u4", pdf_bytes()).status == 415);  // disguised
    CHECK(upload(server.port(), chat, customer.token, "", "u5", png).status == 400);
    CHECK(stored_files(data) == 1);  // only the accepted one

    // A name with path parts and control characters is cleaned; the bytes come back exactly.
    const std::string jpeg = jpeg_bytes(640, 480) + std::string("\x00\x01\x02\xff binary tail", 16);
    auto created = upload(server.port(), chat, customer.token, "..%2F..%2Fetc%2Funfall%0D.jpg", "photo-1", jpeg);
    REQUIRE(created.status == 201);
    const auto body = created.json();
    CHECK(body["file"]["name"] == "unfall.jpg");
    CHECK(body["file"]["mime"] == "image/jpeg");
    CHECK(body["file"]["size"] == jpeg.size());
    CHECK(body["file"]["width"] == 640);
    CHECK(body["file"]["height"] == 480);
    const std::string file_id = body["file"]["fileId"];
    // The same clientId again answers the original and appends nothing.
    auto repeated = upload(server.port(), chat, customer.token, "other.jpg", "photo-1", jpeg);
    CHECK(repeated.status == 201);
    CHECK(repeated.json() == body);
    // Both parties got the `file` event.
    auto event = anna.ws->read_until(
        [](const Json& f) { return f.value("type", "") == "event" && f["event"]["kind"] == "file"; });
    REQUIRE(event);
    auto file_event = anna.ws->read_until([&](const Json& f) {
        return f.value("type", "") == "event" && f["event"]["kind"] == "file" &&
            f["event"]["body"]["fileId"] == file_id;
    });
    REQUIRE(file_event);
    CHECK((*file_event)["event"]["seq"] == body["seq"]);
    CHECK((*file_event)["event"]["clientId"] == "photo-1");

    auto download = http_request(server.port(), "GET", "/api/files/" + file_id + "?token=" + anna.token);
    REQUIRE(download.status == 200);
    CHECK(download.body == jpeg);
    CHECK(download.headers["content-type"] == "image/jpeg");
    CHECK(download.headers["content-disposition"] == "inline; filename=\"unfall.jpg\"");
    CHECK(download.headers["x-content-type-options"] == "nosniff");
    CHECK(download.headers["cache-control"] == "private, max-age=31536000, immutable");
    auto by_header = http_request(server.port(), "GET", "/api/files/" + file_id, "",
                                  {{"Authorization", "Bearer " + customer.token}});
    CHECK(by_header.body == jpeg);
    CHECK(http_request(server.port(), "GET", "/api/files/" + file_id).status == 401);
    CHECK(http_request(server.port(), "GET", "/api/files/" + file_id + "?token=" + stranger.token).status == 403);
    auto ben = login_agent(server.port(), "ben", false);
    REQUIRE(ben.ws);
    CHECK(http_request(server.port(), "GET", "/api/files/" + file_id + "?token=" + ben.token).status == 403);
    CHECK(http_request(server.port(), "GET", "/api/files/f999?token=" + anna.token).status == 404);

    // PDFs download as attachments.
    auto pdf = upload(server.port(), chat, anna.token, "bericht.pdf", "a-pdf", pdf_bytes());
    REQUIRE(pdf.status == 201);
    auto pdf_download =
        http_request(server.port(), "GET",
                     "/api/files/" + pdf.json()["file"]["fileId"].get<std::string>() + "?token=" + customer.token);
    CHECK(pdf_download.headers["content-disposition"] == "attachment; filename=\"bericht.pdf\"");
    CHECK(pdf_download.body == pdf_bytes());

    // After the end: 409, and nothing stored.
    anna.ws->send({{"type", "chat.end"}, {"rid", "e"}, {"chatId", chat}});
    CHECK(error_for(*anna.ws, "e")["type"] == "ok");
    const auto before = stored_files(data);
    CHECK(upload(server.port(), chat, customer.token, "late.gif", "late", gif_bytes(5, 5)).status == 409);
    CHECK(stored_files(data) == before);
    // Files of an ended chat can still be read by its parties.
    CHECK(http_request(server.port(), "GET", "/api/files/" + file_id + "?token=" + customer.token).status == 200);
}
