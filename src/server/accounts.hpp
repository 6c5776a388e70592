// Passwords and session tokens (libsodium). Passwords are stored as argon2id strings (crypto_pwhash_str); tokens
// are 256 random bits in base64url (43 characters) and only their hash is stored, so a copied database does not
// hand out sessions.
#pragma once

#include <string>
#include <string_view>

namespace server {

// Must be called once before any other function here (calls sodium_init; safe to call repeatedly).
[[nodiscard]] bool init_crypto();

// argon2id with libsodium's "interactive" limits. Slow on purpose (~0.1 s): never call it on the hub strand.
[[nodiscard]] std::string hash_password(std::string_view password);
[[nodiscard]] bool verify_password(const std::string& stored_hash, std::string_view password);

// A fresh session token: 32 bytes from randombytes_buf, base64url without padding (43 characters).
[[nodiscard]] std::string new_token();
// What the database keeps for a token: hex of its 32-byte BLAKE2b hash (crypto_generichash).
[[nodiscard]] std::string token_hash(std::string_view token);

// Verified customers: hex (lower case) of HMAC-SHA256(secret, user_id), what the contact center's backend puts in
// customer.start identity.userHash; and the check of a claimed hash (either case, compared in constant time).
[[nodiscard]] std::string identity_hash(std::string_view secret, std::string_view user_id);
[[nodiscard]] bool identity_matches(std::string_view secret, std::string_view user_id, std::string_view user_hash);

}  // namespace server
