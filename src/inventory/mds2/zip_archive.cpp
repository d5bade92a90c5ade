// SPDX-License-Identifier: Apache-2.0
// libzip over a buffer in memory. A workbook is small (an MDS2 form is tens of kilobytes), so an
// entry is read whole, in chunks, counting the bytes as they come: the sizes the archive declares
// are not trusted, since a crafted archive can understate them.
#include "inventory/mds2/zip_archive.h"

#include <array>
#include <utility>

#include <zip.h>

namespace wardround::inventory::mds2_detail {
namespace {

// libzip's message for `error`, which is then released.
std::string error_text(zip_error_t& error) {
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

std::string mebibytes(std::size_t bytes) {
    return std::to_string(bytes >> 20) + " MiB";
}

// Which Error code a libzip failure while reading an entry is.
ErrorCode read_error_code(int zip_error) {
    switch (zip_error) {
        case ZIP_ER_COMPNOTSUPP:
        case ZIP_ER_ENCRNOTSUPP:
        case ZIP_ER_NOPASSWD:
        case ZIP_ER_WRONGPASSWD:
            return ErrorCode::kInvalidArgument;
        default:
            return ErrorCode::kDataLoss;
    }
}

}  // namespace

void ZipArchive::Discard::operator()(zip* archive) const {
    zip_discard(archive);
}

ZipArchive::ZipArchive(zip* archive,
                       std::string name,
                       std::size_t entry_limit,
                       std::size_t total_limit)
    : archive_(archive),
      name_(std::move(name)),
      entry_limit_(entry_limit),
      total_limit_(total_limit),
      total_left_(total_limit) {}

ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;
ZipArchive::~ZipArchive() = default;

Result<ZipArchive> ZipArchive::open(std::string_view bytes,
                                    std::string name,
                                    std::size_t entry_limit,
                                    std::size_t total_limit) {
    // libzip opens an empty file as a new, empty archive; for reading, it is simply not one.
    if (bytes.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "the file is empty, not an XLSX workbook (a zip archive)", name);
    }
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
        return make_error(ErrorCode::kInternal, "libzip: " + error_text(error), name);
    }
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (archive == nullptr) {
        zip_source_free(source);
        return make_error(ErrorCode::kInvalidArgument,
                          "not an XLSX workbook: the " + std::to_string(bytes.size()) +
                              " bytes are not a whole zip archive (" + error_text(error) +
                              "); a workbook cut short in a download or copy reads this way",
                          name);
    }
    zip_error_fini(&error);
    return ZipArchive(archive, std::move(name), entry_limit, total_limit);
}

bool ZipArchive::contains(const std::string& entry) const {
    return zip_name_locate(archive_.get(), entry.c_str(), ZIP_FL_NOCASE) >= 0;
}

Result<std::string> ZipArchive::read(const std::string& entry) {
    const std::string where = name_ + " entry " + entry;
    const zip_int64_t index = zip_name_locate(archive_.get(), entry.c_str(), ZIP_FL_NOCASE);
    if (index < 0) {
        return make_error(ErrorCode::kNotFound, "the workbook has no part " + entry, name_);
    }
    const auto too_large = [&]() {
        return make_error(ErrorCode::kInvalidArgument,
                          "decompresses to more than " + mebibytes(entry_limit_) +
                              " (an MDS2 workbook is far smaller): refused as a zip bomb",
                          where);
    };
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) == 0 &&
        (stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > entry_limit_) {
        return too_large();
    }
    zip_file_t* file = zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0);
    if (file == nullptr) {
        zip_error_t* error = zip_get_error(archive_.get());
        return make_error(read_error_code(zip_error_code_zip(error)),
                          std::string("cannot be read: ") + zip_error_strerror(error), where);
    }
    std::string out;
    std::array<char, 1 << 16> chunk{};
    for (;;) {
        const zip_int64_t n = zip_fread(file, chunk.data(), chunk.size());
        if (n < 0) {
            zip_error_t* error = zip_file_get_error(file);
            auto failure =
                make_error(read_error_code(zip_error_code_zip(error)),
                           "corrupt compressed data after " + std::to_string(out.size()) +
                               " bytes (" + zip_error_strerror(error) + ")",
                           where);
            zip_fclose(file);
            return failure;
        }
        if (n == 0) {
            break;
        }
        const auto size = static_cast<std::size_t>(n);
        if (out.size() + size > entry_limit_) {
            zip_fclose(file);
            return too_large();
        }
        if (size > total_left_) {
            zip_fclose(file);
            return make_error(ErrorCode::kInvalidArgument,
                              "the workbook's parts read so far decompress to more than " +
                                  mebibytes(total_limit_) + ": refused as a zip bomb",
                              where);
        }
        total_left_ -= size;
        out.append(chunk.data(), size);
    }
    zip_fclose(file);
    return out;
}

}  // namespace wardround::inventory::mds2_detail
