// SPDX-License-Identifier: Apache-2.0
#include <cstdlib>
#include <optional>

#include <fmt/core.h>

#include <wardround/sync/feed_sync.h>
#include <wardround/vuln/feed_import.h>
#include <wardround/vuln/knowledge_base.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

struct ImportArgs {
    std::vector<std::string> paths;
    std::string kind;
};

struct FetchArgs {
    std::string feed;
    std::string url;
    std::string api_key;
    std::string since;
    bool full = false;
    std::string cache;
    bool keep = false;
    std::string ca_file;
};

struct StatusArgs {
    bool json = false;
    double stale_days = 7;
    std::vector<std::string> stale_after;  // feed=days
};

void print_import_report(const vuln::FeedImportReport& report) {
    for (const auto& source : report.sources) {
        const auto& run = source.run;
        const auto& counts = run.counts;
        fmt::print(
            "{} ({}, {} file{}): {} records: {} new, {} updated, {} unchanged, {} removed, "
            "{} rejected; {}{}\n",
            source.path, vuln::feed_kind_name(source.kind), source.files,
            source.files == 1 ? "" : "s", counts.records, counts.inserted, counts.updated,
            counts.unchanged, counts.removed, counts.rejected,
            store::import_outcome_name(run.outcome),
            run.feed_version.empty() ? "" : " (" + run.feed_version + ")");
        print_diagnostics(source.diagnostics);
    }
    if (report.files_skipped > 0) {
        fmt::print("{} file{} skipped: not a feed\n", report.files_skipped,
                   report.files_skipped == 1 ? "" : "s");
    }
    print_diagnostics(report.diagnostics, 5);
}

int run_import(Context& context, const ImportArgs& args) {
    vuln::FeedImportOptions options;
    if (!args.kind.empty()) {
        options.kind = vuln::parse_feed_kind(args.kind);
        if (!options.kind) {
            fmt::print(stderr,
                       "wardround: error: --kind must be nvd, kev, kev-csv, epss, csaf or osv\n");
            return kExitUsage;
        }
    }
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    TerminalProgress progress;
    options.progress = &progress;
    auto report = vuln::import_feeds(**database, args.paths, options);
    progress.done();
    if (!report) {
        report_error(report.error());
        fmt::print(stderr, "wardround: nothing was imported; the database is unchanged\n");
        return kExitFailed;
    }
    print_import_report(*report);
    return report->has_rejections() ? kExitWithDiagnostics : kExitOk;
}

// $WARDROUND_CACHE_DIR, else $XDG_CACHE_HOME/wardround, else ~/.cache/wardround.
std::string default_cache_dir() {
    for (const char* name : {"WARDROUND_CACHE_DIR"}) {
        if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
            return value;
        }
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::string(xdg) + "/wardround";
    }
    const char* home = std::getenv("HOME");
    return std::string(home != nullptr ? home : ".") + "/.cache/wardround";
}

int run_fetch(Context& context, const FetchArgs& args) {
    sync::SyncOptions options;
    if (args.feed == "nvd") {
        options.feed = sync::SyncFeed::kNvd;
    } else if (args.feed == "kev") {
        options.feed = sync::SyncFeed::kKev;
    } else if (args.feed == "epss") {
        options.feed = sync::SyncFeed::kEpss;
    } else {
        fmt::print(stderr, "wardround: error: fetch takes nvd, kev or epss\n");
        return kExitUsage;
    }
    if (!args.since.empty()) {
        auto since = parse_timestamp(args.since);
        if (!since) {
            fmt::print(stderr, "wardround: error: --since: {}\n", since.error().message);
            return kExitUsage;
        }
        options.since = *since;
    }
    options.url = args.url;
    options.api_key = args.api_key;
    if (options.api_key.empty()) {
        if (const char* key = std::getenv("NVD_API_KEY"); key != nullptr) {
            options.api_key = key;
        }
    }
    options.full = args.full;
    options.keep_files = args.keep;
    options.cache_dir = (args.cache.empty() ? default_cache_dir() : args.cache) + "/" + args.feed;
    options.context.http.ca_file = args.ca_file;
    TerminalProgress progress;
    options.context.progress = &progress;
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto report = sync::sync_feed(**database, options);
    progress.done();
    if (!report) {
        report_error(report.error());
        fmt::print(stderr, "wardround: nothing was imported; the database is unchanged\n");
        return kExitFailed;
    }
    if (options.feed == sync::SyncFeed::kNvd) {
        fmt::print("fetched {} records in {} page{} from {}{}\n", report->fetched_records,
                   report->pages, report->pages == 1 ? "" : "s", report->source,
                   report->since ? " modified since " + format_timestamp(*report->since)
                                 : " (everything)");
    } else {
        fmt::print("fetched {}\n", report->source);
    }
    print_import_report(report->import);
    return report->import.has_rejections() ? kExitWithDiagnostics : kExitOk;
}

std::string age_text(const vuln::FeedStatus& status) {
    if (!status.age_days) {
        return "-";
    }
    return fmt::format("{:.1f} d", *status.age_days);
}

// --stale-days and --stale-after; nullopt (after printing why) when a FEED=DAYS item is malformed.
std::optional<vuln::StaleLimits> stale_limits(const StatusArgs& args) {
    vuln::StaleLimits limits;
    limits.default_days = args.stale_days;
    for (const std::string& item : args.stale_after) {
        const std::size_t equals = item.find('=');
        double days = 0;
        try {
            days = equals == std::string::npos ? -1 : std::stod(item.substr(equals + 1));
        } catch (const std::exception&) {
            days = -1;
        }
        if (days < 0) {
            fmt::print(stderr, "wardround: error: --stale-after takes FEED=DAYS, such as kev=3\n");
            return std::nullopt;
        }
        limits.per_feed[item.substr(0, equals)] = days;
    }
    return limits;
}

void print_status_json(const std::vector<vuln::FeedStatus>& statuses,
                       const vuln::StaleLimits& limits) {
    Json feeds = Json::array();
    for (const auto& status : statuses) {
        feeds.push_back(Json{
            {"feed", status.feed},
            {"records", status.records},
            {"extra", status.extra},
            {"newest", status.newest.empty() ? Json(nullptr) : Json(status.newest)},
            {"version", status.version.empty() ? Json(nullptr) : Json(status.version)},
            {"imports", status.imports},
            {"last_import_at",
             status.last_import_at.empty() ? Json(nullptr) : Json(status.last_import_at)},
            {"last_source", status.last_source.empty() ? Json(nullptr) : Json(status.last_source)},
            {"last_outcome",
             status.last_outcome.empty() ? Json(nullptr) : Json(status.last_outcome)},
            {"age_days", status.age_days ? Json(*status.age_days) : Json(nullptr)},
            {"stale_after_days", limits.for_feed(status.feed)},
            {"stale", status.stale},
            {"demo_subset", status.demo},
        });
    }
    print_json(Json{{"feeds", std::move(feeds)}});
}

void print_status_table(const std::vector<vuln::FeedStatus>& statuses,
                        const vuln::StaleLimits& limits) {
    Table table({"FEED", "RECORDS", "NEWEST DATA", "VERSION", "AGE", "LAST IMPORT", "STATE"});
    for (const auto& status : statuses) {
        std::string records = std::to_string(status.records);
        if (status.feed == "nvd" && status.extra > 0) {
            records += fmt::format(" ({} awaiting analysis)", status.extra);
        } else if (status.feed == "kev" && status.extra > 0) {
            records += fmt::format(" (+{} removed)", status.extra);
        }
        std::string state = status.imports == 0 ? "never imported"
                            : status.stale      ? fmt::format("STALE (older than {:g} days)",
                                                              limits.for_feed(status.feed))
                                                : "fresh";
        if (status.demo) {
            state += "; DEMO SUBSET (data/demo/kb), not a feed";
        }
        table.add({status.feed, records, status.newest.empty() ? "-" : status.newest,
                   status.version.empty() ? "-" : status.version, age_text(status),
                   status.last_import_at.empty() ? "-" : status.last_import_at, state});
    }
    table.print();
    for (const auto& status : statuses) {
        if (status.stale && status.imports > 0) {
            fmt::print(stderr,
                       "warning: the {} feed is stale: its newest data is {:.0f} days old\n",
                       status.feed, status.age_days.value_or(0));
        }
    }
}

int run_status(Context& context, const StatusArgs& args) {
    const auto limits = stale_limits(args);
    if (!limits) {
        return kExitUsage;
    }
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto statuses = vuln::feed_status(**database, now_utc(), *limits);
    if (!statuses) {
        return report_error(statuses.error());
    }
    if (args.json) {
        print_status_json(*statuses, *limits);
    } else {
        print_status_table(*statuses, *limits);
    }
    return kExitOk;
}

}  // namespace

void add_feeds_commands(CLI::App& app, Context& context) {
    auto* feeds = app.add_subcommand("feeds", "Vulnerability feeds: NVD, KEV, EPSS, CSAF, OSV");
    feeds->require_subcommand(1);

    auto import_args = std::make_shared<ImportArgs>();
    auto* import_command = feeds->add_subcommand(
        "import",
        "Import feed files or directories (kind detected from content; .gz and .xz read)");
    import_command->add_option("paths", import_args->paths, "files or directories")->required();
    import_command->add_option("--kind", import_args->kind,
                               "treat every file as this kind: nvd, kev, kev-csv, epss, csaf, osv");
    import_command->callback([&context, import_args] {
        context.run = [&context, import_args] {
            return run_import(context, *import_args);
        };
    });

    auto fetch_args = std::make_shared<FetchArgs>();
    auto* fetch = feeds->add_subcommand(
        "fetch", "Download a feed (NVD incrementally, KEV, EPSS) and import it in one transaction");
    fetch->add_option("feed", fetch_args->feed, "nvd, kev or epss")->required();
    fetch->add_option("--url", fetch_args->url,
                      "base URL instead of the published one (mirrors, tests)");
    fetch->add_option("--api-key", fetch_args->api_key,
                      "NVD API key (default $NVD_API_KEY): 50 requests per 30 s instead of 5");
    fetch->add_option("--since", fetch_args->since,
                      "NVD: records modified since this time (default: the newest record held)");
    fetch->add_flag("--full", fetch_args->full, "NVD: fetch every record, not only changes");
    fetch->add_option("--cache", fetch_args->cache,
                      "download folder (default $WARDROUND_CACHE_DIR or ~/.cache/wardround)");
    fetch->add_flag("--keep", fetch_args->keep, "NVD: keep the fetched pages after the import");
    fetch->add_option("--ca-file", fetch_args->ca_file,
                      "PEM CA bundle to trust (a hospital proxy that inspects TLS)");
    fetch->callback([&context, fetch_args] {
        context.run = [&context, fetch_args] {
            return run_fetch(context, *fetch_args);
        };
    });

    auto status_args = std::make_shared<StatusArgs>();
    auto* status =
        feeds->add_subcommand("status", "Each feed's records, newest data, age and last import");
    status->add_flag("--json", status_args->json, "JSON output");
    status->add_option("--stale-days", status_args->stale_days,
                       "a feed whose newest data is older than this is stale (default 7)");
    status->add_option("--stale-after", status_args->stale_after,
                       "per-feed limit, FEED=DAYS (repeatable), such as kev=3");
    status->callback([&context, status_args] {
        context.run = [&context, status_args] {
            return run_status(context, *status_args);
        };
    });
}

}  // namespace wardround::cli
