// SPDX-License-Identifier: Apache-2.0
#include <filesystem>

#include <wardround/sync/feed_sync.h>

namespace wardround::sync {
namespace {

namespace fs = std::filesystem;

// The newest lastModified of the NVD records held: the next fetch asks for what changed since.
// NVD windows overlap at their edges and the import keeps the newest copy, so nothing is lost by
// starting exactly there.
Result<std::optional<Timestamp>> newest_nvd_record(store::Database& database) {
    auto value = database.query_value("SELECT MAX(last_modified) FROM cve");
    if (!value) {
        return propagate(value.error());
    }
    if (!*value || !std::holds_alternative<std::string>(**value)) {
        return std::optional<Timestamp>{};
    }
    auto newest = parse_timestamp(std::get<std::string>(**value));
    if (!newest) {
        return propagate(newest.error());
    }
    return std::optional<Timestamp>{*newest};
}

Result<SyncReport> sync_nvd(store::Database& database, const SyncOptions& options) {
    SyncReport report;
    fetch::NvdFetchOptions nvd = options.nvd;
    if (!options.url.empty()) {
        nvd.base_url = options.url;
    }
    nvd.api_key = options.api_key;
    if (!options.full) {
        if (options.since) {
            nvd.modified_since = options.since;
        } else {
            auto newest = newest_nvd_record(database);
            if (!newest) {
                return propagate(newest.error());
            }
            nvd.modified_since = *newest;
        }
    }
    report.since = nvd.modified_since;
    // A new folder per fetch: fetch_nvd refuses one that holds an earlier fetch.
    const std::string stamp = format_timestamp(now_utc());
    std::string name = "nvd-" + stamp;
    for (char& c : name) {
        c = (c == ':' || c == '.') ? '-' : c;
    }
    report.folder = (fs::path(options.cache_dir) / name).string();
    auto fetched = fetch::fetch_nvd(nvd, report.folder, options.context);
    if (!fetched) {
        return propagate(fetched.error());
    }
    report.source = nvd.base_url;
    report.incremental = fetched->incremental;
    report.pages = static_cast<std::int64_t>(fetched->pages.size());
    report.fetched_records = fetched->records;
    // The manifest is JSON of its own kind; only the pages are imported.
    std::vector<std::string> pages;
    for (const fetch::NvdPage& page : fetched->pages) {
        pages.push_back((fs::path(report.folder) / page.file).string());
    }
    if (!pages.empty()) {
        vuln::FeedImportOptions import_options;
        import_options.kind = vuln::FeedKind::kNvd;
        import_options.progress = options.context.progress;
        import_options.source_label = report.source;
        import_options.single_source = true;
        auto imported = vuln::import_feeds(database, pages, import_options);
        if (!imported) {
            return propagate(imported.error());
        }
        report.import = std::move(*imported);
    }
    if (!options.keep_files) {
        std::error_code ignored;
        fs::remove_all(report.folder, ignored);
    }
    return report;
}

Result<SyncReport> sync_file(store::Database& database, const SyncOptions& options) {
    SyncReport report;
    const bool kev = options.feed == SyncFeed::kKev;
    fetch::FileFetchOptions file =
        kev ? fetch::default_kev_options() : fetch::default_epss_options();
    if (!options.url.empty()) {
        file.url = options.url;
    }
    report.folder = options.cache_dir;
    std::error_code error;
    fs::create_directories(options.cache_dir, error);
    auto fetched = kev ? fetch::fetch_kev(file, options.cache_dir, options.context)
                       : fetch::fetch_epss(file, options.cache_dir, options.context);
    if (!fetched) {
        return propagate(fetched.error());
    }
    report.source = fetched->url;
    report.pages = 1;
    vuln::FeedImportOptions import_options;
    import_options.kind = kev ? vuln::FeedKind::kKev : vuln::FeedKind::kEpss;
    import_options.progress = options.context.progress;
    import_options.source_label = report.source;
    auto imported = vuln::import_feeds(database, {fetched->path}, import_options);
    if (!imported) {
        return propagate(imported.error());
    }
    report.import = std::move(*imported);
    for (const auto& source : report.import.sources) {
        report.fetched_records += source.run.counts.records;
    }
    return report;
}

}  // namespace

Result<SyncReport> sync_feed(store::Database& database, const SyncOptions& options) {
    if (options.cache_dir.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "no folder for downloads was given");
    }
    return options.feed == SyncFeed::kNvd ? sync_nvd(database, options)
                                          : sync_file(database, options);
}

}  // namespace wardround::sync
