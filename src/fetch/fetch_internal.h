// SPDX-License-Identifier: Apache-2.0
// Internals shared by the fetch module's sources: durable file writes and NVD page inspection.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <simdjson.h>

#include <wardround/core/progress.h>
#include <wardround/core/result.h>

namespace wardround::fetch::detail {

// What a checked NVD page says about itself.
struct NvdPageInfo {
    std::int64_t records = 0;
    std::int64_t total_results = 0;
    std::string timestamp;
};

// Checks one CVE API 2.0 page (see check_nvd_page) and reads its counts. `parser` is reused
// across pages so its buffers are allocated once. Errors: kDataLoss.
[[nodiscard]] Result<NvdPageInfo> inspect_nvd_page(simdjson::dom::parser& parser,
                                                   const std::string& body,
                                                   std::int64_t start_index,
                                                   std::int64_t results_per_page);

// Writes `bytes` to `path` through a temporary file in the same folder, flushed to disk before it
// is renamed over `path`, so readers see the old file or the whole new one. Errors:
// kFailedPrecondition naming the path and the system's reason.
[[nodiscard]] Status write_file_atomically(const std::filesystem::path& path,
                                           std::string_view bytes);

// Flushes a file (or a folder's entries, after a rename) to disk. Errors: kFailedPrecondition.
[[nodiscard]] Status sync_path(const std::filesystem::path& path);

// Creates `folder` if it is missing. Errors: kFailedPrecondition.
[[nodiscard]] Status ensure_folder(const std::filesystem::path& folder);

// Calls Progress::done() when a fetch ends, however it ends.
class ProgressScope {
public:
    explicit ProgressScope(Progress& progress) : progress_(&progress) {}
    ProgressScope(const ProgressScope&) = delete;
    ProgressScope& operator=(const ProgressScope&) = delete;
    ~ProgressScope() { progress_->done(); }

private:
    Progress* progress_;
};

}  // namespace wardround::fetch::detail
