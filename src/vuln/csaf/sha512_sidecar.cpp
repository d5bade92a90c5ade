// SPDX-License-Identifier: Apache-2.0
// CSAF providers publish "<document>.sha512" next to each document (CSAF 2.0 section 7.1.18), in
// the coreutils sha512sum format: 128 hex digits, two spaces (or a space and '*' for binary mode),
// then the file name; CISA's have no final newline.
#include <array>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include <wardround/core/text.h>
#include <wardround/vuln/csaf.h>

namespace wardround::vuln {
namespace {

// Sidecars are one line; anything much longer is not one.
constexpr std::size_t kMaxSidecarBytes = 4096;
constexpr std::size_t kSha512HexDigits = 128;

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using FileHandle = std::unique_ptr<std::FILE, FileCloser>;

struct DigestFree {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

Result<FileHandle> open_raw(const std::string& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        return make_error(ErrorCode::kInvalidArgument, "is a directory, not a file", path);
    }
    FileHandle file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        const int reason = errno;
        if (reason == ENOENT) {
            return make_error(ErrorCode::kNotFound, "no such file", path);
        }
        if (reason == EACCES || reason == EPERM) {
            return make_error(ErrorCode::kPermissionDenied, "permission denied", path);
        }
        return make_error(ErrorCode::kUnavailable, "cannot open the file", path);
    }
    return file;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

Result<std::string> sha512_hex_of_file(const std::string& path) {
    auto file = open_raw(path);
    if (!file) {
        return propagate(file.error());
    }
    std::unique_ptr<EVP_MD_CTX, DigestFree> context(EVP_MD_CTX_new());
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha512(), nullptr) != 1) {
        return make_error(ErrorCode::kInternal, "OpenSSL could not start a SHA-512 digest", path);
    }
    std::vector<char> buffer(std::size_t{1} << 16);
    for (;;) {
        const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file->get());
        if (n > 0 && EVP_DigestUpdate(context.get(), buffer.data(), n) != 1) {
            return make_error(ErrorCode::kInternal, "OpenSSL SHA-512 update failed", path);
        }
        if (n < buffer.size()) {
            if (std::ferror(file->get())) {
                return make_error(ErrorCode::kUnavailable, "read error", path);
            }
            break;
        }
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context.get(), digest.data(), &length) != 1) {
        return make_error(ErrorCode::kInternal, "OpenSSL SHA-512 final failed", path);
    }
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(std::size_t{length} * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kDigits[digest[i] >> 4]);
        hex.push_back(kDigits[digest[i] & 0x0F]);
    }
    return hex;
}

}  // namespace

Status verify_sha512_sidecar(const std::string& document_path) {
    const std::string sidecar_path = document_path + ".sha512";
    auto sidecar = open_raw(sidecar_path);
    if (!sidecar) {
        return propagate(sidecar.error());
    }
    std::string content(kMaxSidecarBytes + 1, '\0');
    content.resize(std::fread(content.data(), 1, content.size(), sidecar->get()));
    if (std::ferror(sidecar->get())) {
        return make_error(ErrorCode::kUnavailable, "read error", sidecar_path);
    }
    if (content.size() > kMaxSidecarBytes) {
        return make_error(ErrorCode::kInvalidArgument, "longer than a SHA-512 sidecar line can be",
                          sidecar_path);
    }
    const std::string_view line = trim(content);
    const auto malformed = [&] {
        return make_error(ErrorCode::kInvalidArgument,
                          "not of the form '<128 hex digits>  <file name>'", sidecar_path);
    };
    if (line.size() < kSha512HexDigits + 2 || line[kSha512HexDigits] != ' ') {
        return malformed();
    }
    const std::string_view expected = line.substr(0, kSha512HexDigits);
    for (char c : expected) {
        if (!is_hex(c)) {
            return malformed();
        }
    }
    std::string_view named = line.substr(kSha512HexDigits + 1);
    if (!named.empty() && (named[0] == ' ' || named[0] == '*')) {
        named.remove_prefix(1);
    }
    const std::string file_name = std::filesystem::path(document_path).filename().string();
    if (named != file_name) {
        return make_error(ErrorCode::kInvalidArgument,
                          "names '" + truncate_utf8(named, 256) + "', not '" + file_name + "'",
                          sidecar_path);
    }
    auto actual = sha512_hex_of_file(document_path);
    if (!actual) {
        return propagate(actual.error());
    }
    if (!iequals(*actual, expected)) {
        return make_error(
            ErrorCode::kDataLoss,
            "SHA-512 " + *actual + " differs from the sidecar's " + std::string(expected),
            document_path);
    }
    return {};
}

}  // namespace wardround::vuln
