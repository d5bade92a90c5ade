// SPDX-License-Identifier: Apache-2.0
// NVD CVE API 2.0 (https://nvd.nist.gov/developers/vulnerabilities): offset paging with
// resultsPerPage (at most 2,000) and startIndex, and lastModStartDate/lastModEndDate for
// incremental updates (both required, at most 120 days apart, ISO 8601 with an offset). An error
// comes back as a bare 404 with the reason in a "message" header, which Fetcher reports.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <system_error>

#include <nlohmann/json.hpp>

#include <wardround/core/input_file.h>
#include <wardround/fetch/fetch.h>

#include "fetch/fetch_internal.h"

namespace wardround::fetch {
namespace {

std::string page_name(std::size_t index) {
    char name[32];
    std::snprintf(name, sizeof name, "page-%05zu.json", index);
    return name;
}

// A folder that already holds a fetch would mix two runs' pages in one import.
Status check_folder_is_fresh(const std::filesystem::path& folder) {
    std::error_code error;
    for (std::filesystem::directory_iterator it(folder, error), end; !error && it != end;
         it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (name == kNvdManifestName || (name.starts_with("page-") && name.ends_with(".json"))) {
            return make_error(
                ErrorCode::kAlreadyExists,
                "the folder already holds an NVD fetch (" + name + "); give an empty folder",
                folder.string());
        }
    }
    if (error) {
        return make_error(ErrorCode::kFailedPrecondition,
                          "cannot list the folder: " + error.message(), folder.string());
    }
    return {};
}

std::string page_url(const NvdFetchOptions& options,
                     std::int64_t start_index,
                     const NvdWindow* window) {
    std::string url = options.base_url;
    url += url.find('?') == std::string::npos ? '?' : '&';
    if (window != nullptr) {
        url += "lastModStartDate=" + url_encode(format_nvd_timestamp(window->start)) +
               "&lastModEndDate=" + url_encode(format_nvd_timestamp(window->end)) + "&";
    }
    url += "resultsPerPage=" + std::to_string(options.results_per_page) +
           "&startIndex=" + std::to_string(start_index);
    return url;
}

nlohmann::json manifest_json(const NvdFetchOptions& options, const NvdFetchResult& result) {
    nlohmann::json pages = nlohmann::json::array();
    for (const NvdPage& page : result.pages) {
        pages.push_back({{"file", page.file},
                         {"url", page.url},
                         {"window", page.window},
                         {"start_index", page.start_index},
                         {"records", page.records},
                         {"total_results", page.total_results},
                         {"timestamp", page.timestamp},
                         {"sha256", page.sha256},
                         {"bytes", page.bytes}});
    }
    nlohmann::json windows = nlohmann::json::array();
    for (const NvdWindow& window : result.windows) {
        windows.push_back(
            {{"start", format_timestamp(window.start)}, {"end", format_timestamp(window.end)}});
    }
    return {{"feed", "nvd"},
            {"format", "wardround-nvd-fetch/1"},
            {"base_url", options.base_url},
            {"mode", result.incremental ? "incremental" : "full"},
            {"results_per_page", options.results_per_page},
            {"started_at", format_timestamp(result.started_at)},
            {"finished_at", format_timestamp(result.finished_at)},
            {"high_water", format_timestamp(result.high_water)},
            {"windows", windows},
            {"records", result.records},
            {"total_results_changed", result.total_changed},
            {"pages", pages}};
}

Status check_options(const NvdFetchOptions& options) {
    if (options.results_per_page < 1 || options.results_per_page > kNvdMaxResultsPerPage) {
        return make_error(ErrorCode::kInvalidArgument,
                          "resultsPerPage must be between 1 and 2000, not " +
                              std::to_string(options.results_per_page));
    }
    if (options.base_url.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "no NVD API URL");
    }
    return {};
}

Status prepare_folder(const std::filesystem::path& root) {
    WARDROUND_TRY(detail::ensure_folder(root));
    return check_folder_is_fresh(root);
}

// The result before any page: its start time and, for an incremental fetch, its windows.
Result<NvdFetchResult> plan_fetch(const NvdFetchOptions& options,
                                  const std::string& folder,
                                  Timestamp now) {
    NvdFetchResult result;
    result.folder = folder;
    result.started_at = now;
    result.high_water = result.started_at;
    if (options.modified_since) {
        result.incremental = true;
        const Timestamp until = options.modified_until.value_or(result.started_at);
        auto windows = nvd_windows(*options.modified_since, until, options.max_window);
        if (!windows) {
            return propagate(std::move(windows).error());
        }
        result.windows = std::move(*windows);
        result.high_water = until;
    }
    return result;
}

// What every page request of one fetch shares.
struct NvdPaging {
    const NvdFetchOptions& options;
    const std::filesystem::path& root;
    Fetcher& fetcher;
    HttpRequest& request;
    simdjson::dom::parser& parser;
    Progress& progress;
    std::uint64_t& bytes_before;  // of the pages already written
    NvdFetchResult& result;
};

// Fetches the page of window `w` that starts at `start_index`, writes it to the folder and appends
// it to the result's pages.
Status fetch_page(NvdPaging& paging, std::size_t w, std::int64_t start_index) {
    NvdFetchResult& result = paging.result;
    const NvdWindow* window = result.incremental ? &result.windows[w] : nullptr;
    paging.request.url = page_url(paging.options, start_index, window);
    detail::NvdPageInfo info;
    auto response = paging.fetcher.get(paging.request, [&](const HttpResponse& page) -> Status {
        auto inspected = detail::inspect_nvd_page(paging.parser, page.body, start_index,
                                                  paging.options.results_per_page);
        if (!inspected) {
            return propagate(std::move(inspected).error());
        }
        info = std::move(*inspected);
        return {};
    });
    if (!response) {
        return propagate(std::move(response).error());
    }
    NvdPage page;
    page.file = page_name(result.pages.size());
    WARDROUND_TRY(detail::write_file_atomically(paging.root / page.file, response->body));
    page.url = paging.request.url;
    page.window = w;
    page.start_index = start_index;
    page.records = info.records;
    page.total_results = info.total_results;
    page.timestamp = std::move(info.timestamp);
    page.sha256 = sha256_hex(response->body);
    page.bytes = response->body.size();
    paging.bytes_before += page.bytes;
    result.records += page.records;
    result.pages.push_back(std::move(page));
    paging.progress.update({"nvd", paging.request.url, paging.bytes_before, 0,
                            static_cast<std::uint64_t>(result.records)});
    return {};
}

// Every page of window `w` (of everything, in a full fetch).
Status fetch_window(NvdPaging& paging, std::size_t w) {
    std::optional<std::int64_t> last_total;
    std::int64_t start_index = 0;
    for (;;) {
        WARDROUND_TRY(fetch_page(paging, w, start_index));
        const NvdPage& page = paging.result.pages.back();
        // Records added upstream while paging raise totalResults, and paging follows it to the
        // new end; records that move between pages meanwhile may be seen twice, and the import
        // keeps the newest copy of each.
        if (last_total && *last_total != page.total_results) {
            paging.result.total_changed = true;
        }
        last_total = page.total_results;
        start_index += page.records;
        // The page check guarantees records on every page short of totalResults, so each
        // step advances.
        if (start_index >= page.total_results) {
            return {};
        }
    }
}

}  // namespace

Result<std::vector<NvdWindow>> nvd_windows(Timestamp since,
                                           Timestamp until,
                                           std::chrono::milliseconds max_span) {
    if (max_span <= std::chrono::milliseconds::zero()) {
        return make_error(ErrorCode::kInvalidArgument, "the window span must be positive");
    }
    if (since > until) {
        return make_error(ErrorCode::kInvalidArgument, "the start " + format_timestamp(since) +
                                                           " is after the end " +
                                                           format_timestamp(until));
    }
    std::vector<NvdWindow> windows;
    const std::int64_t span = max_span.count();
    Timestamp start = since;
    do {
        const Timestamp end{std::min(until.ms_since_epoch, start.ms_since_epoch + span)};
        windows.push_back({start, end});
        start = end;
    } while (start < until);
    return windows;
}

std::string format_nvd_timestamp(Timestamp timestamp) {
    std::string text = format_timestamp(timestamp);
    // format_timestamp gives "...18.493Z"; the NVD documents the numeric offset form.
    text.pop_back();
    return text + "+00:00";
}

Result<NvdFetchResult> fetch_nvd(const NvdFetchOptions& options,
                                 const std::string& folder,
                                 const FetchContext& context) {
    SystemClock system_clock;
    NoProgress no_progress;
    Clock& clock = context.clock != nullptr ? *context.clock : system_clock;
    Progress& progress = context.progress != nullptr ? *context.progress : no_progress;
    const detail::ProgressScope progress_scope(progress);

    WARDROUND_TRY(check_options(options));
    const std::filesystem::path root(folder);
    WARDROUND_TRY(prepare_folder(root));
    auto planned = plan_fetch(options, folder, clock.wall_now());
    if (!planned) {
        return propagate(std::move(planned).error());
    }
    NvdFetchResult& result = *planned;

    RetryPolicy retry = context.retry;
    retry.forbidden_is_rate_limit = true;
    FetcherOptions fetcher_options{
        context.http, retry,
        options.api_key.empty() ? options.rate_without_key : options.rate_with_key};
    Fetcher fetcher(std::move(fetcher_options), clock, context.observer);

    HttpRequest request;
    if (!options.api_key.empty()) {
        request.headers.push_back({"apiKey", options.api_key});
    }
    std::uint64_t bytes_before = 0;
    request.on_progress = [&](std::uint64_t done, std::uint64_t) {
        progress.update({"nvd", request.url, bytes_before + done, 0,
                         static_cast<std::uint64_t>(result.records)});
    };

    // One parser for every page: its buffers grow to the largest page once.
    simdjson::dom::parser parser;
    NvdPaging paging{options, root, fetcher, request, parser, progress, bytes_before, result};
    const std::size_t window_count = result.incremental ? result.windows.size() : 1;
    for (std::size_t w = 0; w < window_count; ++w) {
        WARDROUND_TRY(fetch_window(paging, w));
    }

    result.finished_at = clock.wall_now();
    const std::filesystem::path manifest = root / std::string(kNvdManifestName);
    WARDROUND_TRY(
        detail::write_file_atomically(manifest, manifest_json(options, result).dump(2) + "\n"));
    result.manifest = manifest.string();
    return planned;
}

}  // namespace wardround::fetch
