#include <doctest/doctest.h>

#include "sample_files.hpp"
#include "server/http_rules.hpp"

using namespace server;

TEST_CASE("query strings and tokens") {
    const auto q = parse_query("/api/chats/c1/files?name=Sch%C3%A4den+1.jpg&clientId=u-1&bad=%zz");
    CHECK(q.at("name") == "Schäden 1.jpg");
    CHECK(q.at("clientId") == "u-1");
    CHECK_FALSE(q.count("bad"));
    CHECK(target_path("/api/files/f1?token=x") == "/api/files/f1");
    CHECK(request_token("Bearer abc", {{"token", "q"}}) == "abc");
    CHECK(request_token("", {{"token", "q"}}) == "q");
    CHECK(request_token("Basic xyz", {}) == "");
}

TEST_CASE("api paths") {
    CHECK(upload_chat_id("/api/chats/c7/files") == "c7");
    CHECK_FALSE(upload_chat_id("/api/chats//files").has_value());
    CHECK_FALSE(upload_chat_id("/api/chats/c7/x/files").has_value());
    CHECK_FALSE(upload_chat_id("/api/chats/c7/files/x").has_value());
    CHECK(download_file_id("/api/files/f3") == "f3");
    CHECK_FALSE(download_file_id("/api/files/").has_value());
    CHECK_FALSE(download_file_id("/api/files/a/b").has_value());
}

TEST_CASE("origins") {
    CHECK(origin_allowed({}, "https://evil.example"));
    CHECK(origin_allowed({"https://desk.example"}, ""));
    CHECK(origin_allowed({"https://desk.example"}, "https://desk.example"));
    CHECK_FALSE(origin_allowed({"https://desk.example"}, "https://evil.example"));
    CHECK(origin_allowed({"*"}, "https://any.example"));
    // The server's own pages: the origin's host[:port] is the request's Host, whatever the allow-list says.
    CHECK(origin_allowed({"https://desk.example"}, "http://127.0.0.1:8080", "127.0.0.1:8080"));
    CHECK(origin_allowed({"https://desk.example"}, "https://chat.example", "chat.example"));
    CHECK_FALSE(origin_allowed({"https://desk.example"}, "http://127.0.0.1:8081", "127.0.0.1:8080"));
    CHECK_FALSE(origin_allowed({"https://desk.example"}, "https://chat.example.evil", "chat.example"));
    CHECK_FALSE(origin_allowed({"https://desk.example"}, "chat.example", "chat.example"));  // not an origin
}

TEST_CASE("upload inspection: limits and types at their edges") {
    const std::map<std::string, std::string> query = {{"name", "unfall.png"}, {"clientId", "u-1"}};
    const std::string png = testing::png_bytes(640, 480);
    auto ok = inspect_upload(query, png, std::int64_t(png.size()), 80, 64);  // exactly at the limit
    REQUIRE(std::holds_alternative<UploadRequest>(ok));
    const auto& request = std::get<UploadRequest>(ok);
    CHECK(request.mime == "image/png");
    CHECK(request.width == 640);
    CHECK(request.height == 480);
    CHECK(request.size == std::int64_t(png.size()));

    auto status = [&](const std::map<std::string, std::string>& q, const std::string& body, std::int64_t limit) {
        auto r = inspect_upload(q, body, limit, 80, 64);
        return std::holds_alternative<HttpError>(r) ? std::get<HttpError>(r).status : 201;
    };
    CHECK(status(query, png, std::int64_t(png.size()) - 1) == 413);  // one byte over
    CHECK(status(query, "just text", 1000) == 415);
    CHECK(status({{"name", "unfall.jpg"}, {"clientId", "u"}}, png, 1000) == 415);  // disguised
    CHECK(status({{"name", "unfall"}, {"clientId", "u"}}, png, 1000) == 201);      // no extension
    CHECK(status({{"clientId", "u"}}, png, 1000) == 400);
    CHECK(status({{"name", "a.png"}}, png, 1000) == 400);
    CHECK(status({{"name", "a.png"}, {"clientId", std::string(65, 'x')}}, png, 1000) == 400);
    CHECK(status({{"name", "a.png"}, {"clientId", std::string(64, 'x')}}, png, 1000) == 201);
    CHECK(status(query, "", 1000) == 400);
    auto tricky = inspect_upload({{"name", "../../x/evil.png"}, {"clientId", "u"}}, png, 1000, 80, 64);
    CHECK(std::get<UploadRequest>(tricky).name == "evil.png");
}

TEST_CASE("download headers") {
    FileRecord image{"f1", "c1", "", "unfall.jpg", "image/jpeg", 1, 0, 0, 0};
    CHECK(content_disposition(image) == "inline; filename=\"unfall.jpg\"");
    FileRecord pdf{"f2", "c1", "", "police report.pdf", "application/pdf", 1, 0, 0, 0};
    CHECK(content_disposition(pdf) == "attachment; filename=\"police report.pdf\"");
    FileRecord umlaut{"f3", "c1", "", "Schäden.jpg", "image/jpeg", 1, 0, 0, 0};
    CHECK(content_disposition(umlaut) == "inline; filename=\"Sch__den.jpg\"; filename*=UTF-8''Sch%C3%A4den.jpg");
}
