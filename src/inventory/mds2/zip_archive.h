// SPDX-License-Identifier: Apache-2.0
// A zip archive in memory, read with libzip, every entry read with a ceiling on its decompressed
// size and on the total decompressed, so that a zip bomb is an error rather than an exhausted
// machine. Internal to the mds2 module.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <wardround/core/result.h>

struct zip;

namespace wardround::inventory::mds2_detail {

class ZipArchive {
public:
    // Opens the archive held in `bytes`, which must outlive it; `name` is used in messages.
    // Errors: kInvalidArgument when `bytes` is not a zip archive or is one cut short.
    [[nodiscard]] static Result<ZipArchive> open(std::string_view bytes,
                                                 std::string name,
                                                 std::size_t entry_limit,
                                                 std::size_t total_limit);

    ZipArchive(ZipArchive&&) noexcept;
    ZipArchive& operator=(ZipArchive&&) noexcept;
    ~ZipArchive();

    // True when the archive has the entry (names compared without regard to case, as OPC does).
    [[nodiscard]] bool contains(const std::string& entry) const;

    // The entry decompressed. Errors (where = "<name> entry <entry>"): kNotFound when absent;
    // kInvalidArgument when it would pass the entry limit, or all entries read so far the total
    // limit, or it uses a compression method or encryption libzip cannot read; kDataLoss when its
    // data is corrupt (CRC mismatch, a bad deflate stream, cut short).
    [[nodiscard]] Result<std::string> read(const std::string& entry);

    [[nodiscard]] const std::string& name() const { return name_; }

private:
    struct Discard {
        void operator()(zip* archive) const;
    };
    ZipArchive(zip* archive, std::string name, std::size_t entry_limit, std::size_t total_limit);

    std::unique_ptr<zip, Discard> archive_;
    std::string name_;
    std::size_t entry_limit_;
    std::size_t total_limit_;
    std::size_t total_left_;
};

}  // namespace wardround::inventory::mds2_detail
