// SPDX-License-Identifier: Apache-2.0
// InputFile: reads a file as a stream of bytes, decompressing gzip and xz transparently (detected
// from the magic bytes, not the name), and hashes the file's raw bytes on the way so that
// provenance costs no second read. Memory stays bounded whatever the file size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <wardround/core/result.h>

namespace wardround {

enum class Compression { kNone, kGzip, kXz };

std::string_view compression_name(Compression compression);

class InputFile {
public:
    // Opens `path`. Errors: kNotFound, kPermissionDenied, kInvalidArgument (a directory).
    [[nodiscard]] static Result<InputFile> open(const std::string& path);
    // Wraps bytes already in memory (tests, fuzzing, HTTP bodies); `name` is used in messages.
    [[nodiscard]] static InputFile from_memory(std::string name, std::string bytes);

    InputFile(InputFile&&) noexcept;
    InputFile& operator=(InputFile&&) noexcept;
    ~InputFile();

    // Reads up to buffer.size() decompressed bytes; 0 means the end. Errors: kDataLoss for corrupt
    // or truncated compressed data (naming the compressed byte offset), kUnavailable for I/O
    // errors.
    [[nodiscard]] Result<std::size_t> read(std::span<char> buffer);

    // The first `size` decompressed bytes (fewer at the end of input) without consuming them: used
    // to detect a feed's kind from its content. Must be called before the first read().
    [[nodiscard]] Result<std::string_view> peek(std::size_t size);

    // Reads everything that is left. Errors: as read(), and kInvalidArgument when the decompressed
    // size passes `limit` (documents that are parsed whole, such as CSAF, have a sane ceiling).
    [[nodiscard]] Result<std::string> read_all(std::size_t limit);

    // SHA-256 of the raw (possibly compressed) file, hex. Call it once reading is done: raw bytes
    // not yet read are hashed and skipped, so reading afterwards returns nothing more.
    [[nodiscard]] Result<std::string> sha256_hex();

    [[nodiscard]] const std::string& name() const;
    [[nodiscard]] Compression compression() const;
    [[nodiscard]] std::uint64_t raw_size() const;         // 0 when unknown
    [[nodiscard]] std::uint64_t raw_bytes_read() const;   // for progress
    [[nodiscard]] std::uint64_t bytes_delivered() const;  // decompressed bytes returned so far

private:
    struct State;
    explicit InputFile(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// SHA-256 of a byte string, hex.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace wardround
