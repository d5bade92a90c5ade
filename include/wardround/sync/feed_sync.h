// SPDX-License-Identifier: Apache-2.0
// Fetching a feed online and importing what was fetched, as one step: NVD (incrementally from the
// newest record already held, in windows of at most 120 days), KEV and EPSS. The download is
// checked before anything is imported, and the import is the same one-transaction import that
// files brought in by hand go through, with the URL recorded as the source.
#pragma once

#include <optional>
#include <string>

#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/fetch/fetch.h>
#include <wardround/store/database.h>
#include <wardround/vuln/feed_import.h>

namespace wardround::sync {

enum class SyncFeed { kNvd, kKev, kEpss };

struct SyncOptions {
    SyncFeed feed = SyncFeed::kNvd;
    std::string url;      // "" for the feed's published address
    std::string api_key;  // NVD only; raises the rate limit from 5 to 50 requests per 30 s
    // NVD: fetch records modified since then. Unset: since the newest lastModified already held,
    // or everything when the database has no NVD records (or `full` is set).
    std::optional<Timestamp> since;
    bool full = false;
    // Where downloads go: NVD pages into a new folder below it (removed after a successful import
    // unless keep_files), KEV and EPSS files replaced in place.
    std::string cache_dir;
    bool keep_files = false;
    fetch::FetchContext context;
    fetch::NvdFetchOptions nvd;  // paging and rate limits; base_url and api_key come from above
};

struct SyncReport {
    std::string source;  // the URL recorded as the import's source
    std::string folder;  // where the download is (or was)
    bool incremental = false;
    std::optional<Timestamp> since;
    std::int64_t pages = 0;
    std::int64_t fetched_records = 0;
    vuln::FeedImportReport import;
};

// Errors: those of fetch_nvd, fetch_kev or fetch_epss (nothing is imported then), and those of
// import_feeds (the database is unchanged then).
[[nodiscard]] Result<SyncReport> sync_feed(store::Database& database, const SyncOptions& options);

}  // namespace wardround::sync
