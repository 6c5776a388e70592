#include <doctest/doctest.h>

#include <set>

#include "server/accounts.hpp"

TEST_CASE("passwords: argon2id hashes verify only the right password") {
    REQUIRE(server::init_crypto());
    const std::string hash = server::hash_password("demo-anna");
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(server::verify_password(hash, "demo-anna"));
    CHECK_FALSE(server::verify_password(hash, "demo-anna "));
    CHECK_FALSE(server::verify_password(hash, ""));
    CHECK_FALSE(server::verify_password("", "demo-anna"));
    CHECK(server::hash_password("demo-anna") != hash);  // salted
}

TEST_CASE("tokens: 43 base64url characters, unique; stored as a 64-hex hash") {
    REQUIRE(server::init_crypto());
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string token = server::new_token();
        CHECK(token.size() == 43);
        CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
              std::string::npos);
        seen.insert(token);
    }
    CHECK(seen.size() == 200);
    const std::string token = server::new_token();
    CHECK(server::token_hash(token).size() == 64);
    CHECK(server::token_hash(token) == server::token_hash(token));
    CHECK(server::token_hash(token) != server::token_hash(server::new_token()));
}
