// SPDX-License-Identifier: Apache-2.0
// Single-file feeds (CISA KEV, FIRST EPSS): downloaded next to their final name and renamed over
// it only once complete and checked. CISA once published a truncated catalogue; a fetch of it must
// fail and leave yesterday's good file where the importer finds it.
#include <system_error>

#include <unistd.h>

#include <wardround/core/input_file.h>
#include <wardround/fetch/fetch.h>

#include "fetch/fetch_internal.h"

namespace wardround::fetch {
namespace {

Status check_file_name(const std::string& name) {
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
        name.find('\0') != std::string::npos) {
        return make_error(ErrorCode::kInvalidArgument,
                          "the file name must be a plain name, not \"" + name + "\"");
    }
    return {};
}

// Removes the temporary download however the fetch ends; after a successful rename there is
// nothing left to remove.
class TemporaryFile {
public:
    explicit TemporaryFile(std::filesystem::path path) : path_(std::move(path)) {}
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    ~TemporaryFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

Result<FileFetchResult> fetch_file(std::string_view task,
                                   const FileFetchOptions& options,
                                   const std::string& folder,
                                   const FetchContext& context,
                                   const FileCheck& check) {
    SystemClock system_clock;
    NoProgress no_progress;
    Clock& clock = context.clock != nullptr ? *context.clock : system_clock;
    Progress& progress = context.progress != nullptr ? *context.progress : no_progress;
    const detail::ProgressScope progress_scope(progress);

    if (options.url.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "no URL to fetch " + std::string(task));
    }
    WARDROUND_TRY(check_file_name(options.file_name));
    const std::filesystem::path root(folder);
    WARDROUND_TRY(detail::ensure_folder(root));
    const std::filesystem::path target = root / options.file_name;
    // Same folder as the target, so the final rename cannot cross file systems; hidden and
    // per-process so that neither the importer nor a concurrent fetch picks it up.
    const TemporaryFile partial(
        root / ("." + options.file_name + ".partial-" + std::to_string(::getpid())));

    RetryPolicy retry = context.retry;
    retry.forbidden_is_rate_limit = false;
    Fetcher fetcher(FetcherOptions{context.http, retry, RateLimit{}}, clock, context.observer);
    HttpRequest request;
    request.url = options.url;
    request.on_progress = [&](std::uint64_t done, std::uint64_t total) {
        progress.update({task, options.url, done, total, 0});
    };
    const Timestamp started = clock.wall_now();
    // The check names the temporary file; the person reading the error needs the URL.
    const auto checked = [&](const std::string& path) -> Status {
        Status status = check(path);
        if (!status) {
            Error error = std::move(status).error();
            error.where = options.url;
            return propagate(std::move(error));
        }
        return {};
    };
    auto response = fetcher.download(request, partial.path().string(), checked);
    if (!response) {
        return propagate(std::move(response).error());
    }
    WARDROUND_TRY(detail::sync_path(partial.path()));

    FileFetchResult result;
    auto raw = InputFile::open(partial.path().string());
    if (!raw) {
        return propagate(std::move(raw).error());
    }
    auto sha256 = raw->sha256_hex();
    if (!sha256) {
        return propagate(std::move(sha256).error());
    }
    result.sha256 = std::move(*sha256);
    result.bytes = raw->raw_size();

    std::error_code error;
    std::filesystem::rename(partial.path(), target, error);
    if (error) {
        return make_error(ErrorCode::kFailedPrecondition,
                          "cannot move the download into place: " + error.message(),
                          target.string());
    }
    WARDROUND_TRY(detail::sync_path(root));
    result.path = target.string();
    result.url = response->url;
    result.fetched_at = started;
    result.last_modified = std::string(response->header("last-modified"));
    progress.update({task, options.url, result.bytes, result.bytes, 0});
    return result;
}

}  // namespace

FileFetchOptions default_kev_options() {
    return {std::string(kKevUrl), "known_exploited_vulnerabilities.json"};
}

FileFetchOptions default_epss_options() {
    return {std::string(kEpssUrl), "epss_scores-current.csv.gz"};
}

Result<FileFetchResult> fetch_kev(const FileFetchOptions& options,
                                  const std::string& folder,
                                  const FetchContext& context) {
    return fetch_file("kev", options, folder, context, &check_kev_file);
}

Result<FileFetchResult> fetch_epss(const FileFetchOptions& options,
                                   const std::string& folder,
                                   const FetchContext& context) {
    return fetch_file("epss", options, folder, context, &check_epss_file);
}

}  // namespace wardround::fetch
