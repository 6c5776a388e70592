#include "accounts.hpp"

#include <cctype>

#include <sodium.h>

#include <array>

namespace server {

bool init_crypto() { return sodium_init() >= 0; }

std::string hash_password(std::string_view password) {
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return {};  // out of memory: the caller treats an empty hash as a failure
    }
    return out.data();
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
    if (stored_hash.empty()) return false;
    return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::string new_token() {
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::array<char, sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> text{};
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return text.data();
}

std::string token_hash(std::string_view token) {
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
    std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return hex.data();
}

std::string identity_hash(std::string_view secret, std::string_view user_id) {
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(user_id.data()), user_id.size());
    crypto_auth_hmacsha256_final(&state, mac.data());
    std::array<char, crypto_auth_hmacsha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
    return std::string(hex.data(), mac.size() * 2);
}

bool identity_matches(std::string_view secret, std::string_view user_id, std::string_view user_hash) {
    if (secret.empty() || user_hash.size() != crypto_auth_hmacsha256_BYTES * 2) return false;
    std::string claimed(user_hash);
    for (char& c : claimed) c = char(std::tolower(static_cast<unsigned char>(c)));
    const std::string expected = identity_hash(secret, user_id);
    return sodium_memcmp(expected.data(), claimed.data(), expected.size()) == 0;
}

}  // namespace server
