// SPDX-License-Identifier: Apache-2.0
// Output files written whole or not at all: through a temporary file beside the target
// ("PATH.partial"), renamed over it once complete, so that a failed write never leaves half a
// report or export behind. Errors are kInvalidArgument with the target path as the place.
#pragma once

#include <string>
#include <string_view>

#include <wardround/core/result.h>

namespace wardround {

// Where a writer that produces the file itself (a library writing to a path) should write first.
[[nodiscard]] std::string partial_path(const std::string& path);

// Renames the finished partial file over `path`; on failure the partial file is removed.
[[nodiscard]] Status commit_partial(const std::string& path);

// Writes `content` to `path` through its partial file.
[[nodiscard]] Status write_file_whole(const std::string& path, std::string_view content);

}  // namespace wardround
