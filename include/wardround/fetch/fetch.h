// SPDX-License-Identifier: Apache-2.0
// Online fetching of the NVD CVE API 2.0, CISA KEV and FIRST EPSS into a folder that the importers
// then read, exactly as they read files brought in by hand (hospital networks are often offline,
// so fetching is a convenience, never the only way in). Nothing reaches the folder unchecked: NVD
// pages are validated before they are written, and KEV and EPSS downloads replace the previous
// file only once complete and checked, so a truncated download never replaces good data.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/progress.h>
#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/fetch/clock.h>
#include <wardround/fetch/fetcher.h>
#include <wardround/fetch/http_client.h>
#include <wardround/fetch/retry.h>

namespace wardround::fetch {

inline constexpr std::string_view kNvdCveApiUrl =
    "https://services.nvd.nist.gov/rest/json/cves/2.0";
inline constexpr std::string_view kKevUrl =
    "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json";
inline constexpr std::string_view kEpssUrl =
    "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz";

// The NVD rejects date ranges longer than 120 consecutive days.
inline constexpr std::chrono::milliseconds kNvdMaxWindow = std::chrono::hours(24 * 120);
inline constexpr int kNvdMaxResultsPerPage = 2000;
// Names written into an NVD fetch folder.
inline constexpr std::string_view kNvdManifestName = "manifest.json";

// What every fetch shares: HTTP settings, retry policy, and the clock, progress and observer
// (null pointers: the system clock, no progress). fetch_nvd treats 403 as rate limiting, as the
// NVD uses it; fetch_kev and fetch_epss do not, whatever retry.forbidden_is_rate_limit says.
struct FetchContext {
    HttpOptions http;
    RetryPolicy retry;
    Clock* clock = nullptr;
    Progress* progress = nullptr;
    FetchObserver observer;
};

struct NvdWindow {
    Timestamp start;
    Timestamp end;
};

// Splits [since, until] into consecutive windows no longer than `max_span`. Each window starts
// where the previous one ended: a record modified exactly on a boundary is fetched twice (the
// import keeps one), never missed. since == until gives one empty-span window.
// Errors: kInvalidArgument when since > until or max_span is not positive.
[[nodiscard]] Result<std::vector<NvdWindow>> nvd_windows(Timestamp since,
                                                         Timestamp until,
                                                         std::chrono::milliseconds max_span);

// "2023-10-18T18:04:18.493+00:00": ISO 8601 with milliseconds and an explicit offset, the form
// lastModStartDate and lastModEndDate require (NVD answers 404 to a time without an offset).
[[nodiscard]] std::string format_nvd_timestamp(Timestamp timestamp);

struct NvdFetchOptions {
    std::string base_url = std::string(kNvdCveApiUrl);
    // Sent in the "apiKey" header, never in the URL, so it stays out of logs and errors.
    std::string api_key;
    int results_per_page = kNvdMaxResultsPerPage;
    // Set: incremental, records modified since then (lastModStartDate/lastModEndDate windows).
    // Unset: every record.
    std::optional<Timestamp> modified_since;
    // End of the incremental span; unset: the clock's wall time when the fetch starts.
    std::optional<Timestamp> modified_until;
    std::chrono::milliseconds max_window = kNvdMaxWindow;
    // The NVD's published limits; smaller windows make tests fast.
    RateLimit rate_without_key{5, std::chrono::seconds(30)};
    RateLimit rate_with_key{50, std::chrono::seconds(30)};
};

struct NvdPage {
    std::string file;  // "page-00000.json", in the fetch folder
    std::string url;
    std::size_t window = 0;  // index into NvdFetchResult::windows (0 in a full fetch)
    std::int64_t start_index = 0;
    std::int64_t records = 0;
    std::int64_t total_results = 0;  // as this page reported it
    std::string timestamp;           // the page's own "timestamp", as NVD wrote it
    std::string sha256;
    std::uint64_t bytes = 0;
};

struct NvdFetchResult {
    std::string folder;
    std::string manifest;  // path of manifest.json: written last, so its presence means complete
    bool incremental = false;
    std::vector<NvdWindow> windows;  // empty in a full fetch
    // For the next incremental fetch: the end of the last window (incremental), or the time the
    // full fetch started.
    Timestamp high_water;
    Timestamp started_at;
    Timestamp finished_at;
    std::vector<NvdPage> pages;
    std::int64_t records = 0;  // sum over pages; may count a record twice (see nvd_windows)
    // totalResults moved while paging (records were added or removed upstream); paging followed
    // the newest value.
    bool total_changed = false;
};

// Fetches NVD CVE API 2.0 pages into `folder` (created if missing) as page-00000.json, ... and
// then manifest.json, the record of what was fetched (URLs, times, windows, totalResults). Pages
// are requested with resultsPerPage and startIndex until totalResults is reached; each must be a
// complete CVE API 2.0 page for the startIndex asked for, or it is retried and never written.
// Errors: kInvalidArgument (options: page size outside 1..2000, since after until);
// kAlreadyExists (`folder` already holds a fetch: page or manifest files); kFailedPrecondition
// (`folder` cannot be created or written); kDataLoss (a page failed check_nvd_page on every
// attempt: truncated, an HTML error page, empty before totalResults); and the Fetcher's errors.
// When totalResults shrinks while paging, paging stops at the new end. On error the
// folder has no manifest and must not be imported.
[[nodiscard]] Result<NvdFetchResult> fetch_nvd(const NvdFetchOptions& options,
                                               const std::string& folder,
                                               const FetchContext& context);

struct FileFetchOptions {
    std::string url;
    std::string file_name;  // created or replaced in the folder
};

[[nodiscard]] FileFetchOptions
default_kev_options();  // kKevUrl -> known_exploited_vulnerabilities.json
[[nodiscard]] FileFetchOptions default_epss_options();  // kEpssUrl -> epss_scores-current.csv.gz

struct FileFetchResult {
    std::string path;  // the file in the folder, replaced atomically
    std::string url;   // after redirects
    std::uint64_t bytes = 0;
    std::string sha256;  // of the bytes as stored (compressed for EPSS)
    Timestamp fetched_at;
    std::string last_modified;  // the server's Last-Modified header, when sent
};

// Downloads the CISA KEV catalogue to `folder`/file_name via a temporary file in the same folder;
// the old file is replaced only when the download passes check_kev_file.
// Errors: kInvalidArgument (empty URL or a file name with a path separator);
// kFailedPrecondition (folder not writable); kDataLoss (every attempt failed the check: the
// previous file is untouched); and the Fetcher's errors.
[[nodiscard]] Result<FileFetchResult> fetch_kev(const FileFetchOptions& options,
                                                const std::string& folder,
                                                const FetchContext& context);

// Downloads the EPSS scores (gzip or plain CSV) the same way, checked by check_epss_file.
// Errors: as fetch_kev.
[[nodiscard]] Result<FileFetchResult> fetch_epss(const FileFetchOptions& options,
                                                 const std::string& folder,
                                                 const FetchContext& context);

// True of a KEV catalogue: a complete JSON object with a "vulnerabilities" array of objects whose
// length equals "count" when there is one. Errors: kDataLoss saying what is wrong (invalid or
// truncated JSON, no array, a count mismatch); kNotFound, kUnavailable when it cannot be read.
[[nodiscard]] Status check_kev_file(const std::string& path);

// True of an EPSS file: gzip (checked to its end, CRC included) or plain text whose first line is
// "#model_version..." followed by "cve,epss,percentile", or that header alone.
// Errors: kDataLoss (corrupt or truncated gzip, wrong first lines); kNotFound, kUnavailable.
[[nodiscard]] Status check_epss_file(const std::string& path);

// True of one NVD CVE API 2.0 page answering startIndex `start_index` with at most
// `results_per_page` records: complete JSON, format "NVD_CVE", integer startIndex (equal to the one
// asked for), resultsPerPage and totalResults, and a "vulnerabilities" array of objects each with a
// "cve" object holding a string "id", not empty while startIndex is short of totalResults and not
// reaching past it. Errors: kDataLoss naming the first problem. A body with
// kBodySlack bytes of spare capacity (as HttpClient leaves it) is parsed without a copy.
[[nodiscard]] Status check_nvd_page(const std::string& body,
                                    std::int64_t start_index,
                                    std::int64_t results_per_page);

}  // namespace wardround::fetch
