// SPDX-License-Identifier: Apache-2.0
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "fetch/fetch_internal.h"

namespace wardround::fetch::detail {
namespace {

tl::unexpected<Error> cannot(const std::string& what,
                             const std::filesystem::path& path,
                             int error) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "cannot " + what + ": " + std::strerror(error), path.string());
}

}  // namespace

Status sync_path(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return cannot("open to flush", path, errno);
    }
    const int result = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    // Some file systems cannot flush a folder (EINVAL); the rename is then as durable as it gets.
    if (result != 0 && error != EINVAL) {
        return cannot("flush", path, error);
    }
    return {};
}

Status ensure_folder(const std::filesystem::path& folder) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
        return make_error(ErrorCode::kFailedPrecondition,
                          "cannot create the folder: " + error.message(), folder.string());
    }
    if (!std::filesystem::is_directory(folder, error)) {
        return make_error(ErrorCode::kFailedPrecondition, "not a folder", folder.string());
    }
    return {};
}

Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
    std::filesystem::path temporary = path;
    temporary.replace_filename("." + path.filename().string() + ".partial-" +
                               std::to_string(::getpid()));
    std::FILE* file = std::fopen(temporary.c_str(), "wb");
    if (file == nullptr) {
        return cannot("create", temporary, errno);
    }
    const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size() &&
                         std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
    const int error = errno;
    const bool closed = std::fclose(file) == 0;
    if (!written || !closed) {
        std::remove(temporary.c_str());
        return cannot("write", temporary, error);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int rename_error = errno;
        std::remove(temporary.c_str());
        return cannot("rename into place", path, rename_error);
    }
    return sync_path(path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path());
}

}  // namespace wardround::fetch::detail
