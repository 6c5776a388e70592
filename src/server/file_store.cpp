#include "file_store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <array>

namespace server {

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return hex.data();
}

std::filesystem::path FileStore::path_of(std::string_view sha256) const {
    if (sha256.size() != 64 || sha256.find_first_not_of("0123456789abcdef") != std::string_view::npos) return {};
    return dir_ / std::string(sha256);
}

std::optional<std::string> FileStore::put(std::string_view bytes, std::string& error) const {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) {
        error = "cannot create " + dir_.string() + ": " + ec.message();
        return std::nullopt;
    }
    const std::string digest = sha256_hex(bytes);
    const auto final_path = path_of(digest);
    if (std::filesystem::is_regular_file(final_path, ec) &&
        std::filesystem::file_size(final_path, ec) == bytes.size()) {
        return digest;  // already stored by an earlier upload of the same bytes
    }
    std::string temp = (dir_ / (".upload-XXXXXX")).string();
    const int fd = mkstemp(temp.data());
    if (fd < 0) {
        error = "cannot create a temp file in " + dir_.string();
        return std::nullopt;
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) break;
        written += std::size_t(n);
    }
    const bool ok = written == bytes.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || std::rename(temp.c_str(), final_path.c_str()) != 0) {
        ::unlink(temp.c_str());
        error = "cannot write " + final_path.string();
        return std::nullopt;
    }
    return digest;
}

}  // namespace server
