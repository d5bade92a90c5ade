// SPDX-License-Identifier: Apache-2.0
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <wardround/core/output_file.h>

namespace wardround {
namespace {

tl::unexpected<Error> cannot_write(const std::string& path, const std::string& reason) {
    return make_error(ErrorCode::kInvalidArgument, "cannot write the file: " + reason, path);
}

}  // namespace

std::string partial_path(const std::string& path) {
    return path + ".partial";
}

Status commit_partial(const std::string& path) {
    const std::string temporary = partial_path(path);
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::remove(temporary.c_str());
        return cannot_write(path, error.message());
    }
    return {};
}

Status write_file_whole(const std::string& path, std::string_view content) {
    const std::string temporary = partial_path(path);
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) {
            return cannot_write(path, std::strerror(errno));
        }
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.close();
        if (!out) {
            std::remove(temporary.c_str());
            return cannot_write(path, std::strerror(errno));
        }
    }
    return commit_partial(path);
}

}  // namespace wardround
