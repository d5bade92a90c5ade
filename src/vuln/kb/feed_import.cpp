// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/vuln/csaf.h>
#include <wardround/vuln/feed_import.h>

#include "vuln/kb/feed_store.h"

namespace wardround::vuln {
namespace detail {

std::unique_ptr<FeedStore> make_store(FeedKind kind) {
    switch (kind) {
        case FeedKind::kKev:
        case FeedKind::kKevCsv:
            return make_kev_store();
        case FeedKind::kEpss:
            return make_epss_store();
        case FeedKind::kNvd:
            return make_nvd_store();
        case FeedKind::kCsaf:
            return make_csaf_store();
        case FeedKind::kOsv:
            return make_osv_store();
    }
    return nullptr;
}

Result<std::string> feed_state_version(store::Database& database, std::string_view feed) {
    const store::Value params[] = {store::Value{std::string(feed)}};
    auto value = database.query_value("SELECT version FROM feed_state WHERE feed = ?", params);
    if (!value) {
        return propagate(value.error());
    }
    if (!*value || !std::holds_alternative<std::string>(**value)) {
        return std::string();
    }
    return std::get<std::string>(**value);
}

Status set_feed_state(store::Database& database,
                      std::string_view feed,
                      const std::string& version,
                      std::int64_t import_id) {
    const store::Value params[] = {store::Value{std::string(feed)}, store::Value{version},
                                   store::Value{import_id}};
    auto written = database.execute(
        "INSERT INTO feed_state (feed, version, import_id) VALUES (?, ?, ?) "
        "ON CONFLICT (feed) DO UPDATE SET version = excluded.version, import_id = "
        "excluded.import_id "
        "WHERE excluded.version > feed_state.version",
        params);
    if (!written) {
        return propagate(written.error());
    }
    return {};
}

store::ImportOutcome outcome_of(const store::ImportCounts& counts, bool older) {
    if (counts.inserted + counts.updated + counts.removed > 0) {
        return store::ImportOutcome::kApplied;
    }
    return older ? store::ImportOutcome::kOlder : store::ImportOutcome::kUnchanged;
}

}  // namespace detail

bool FeedImportReport::has_rejections() const {
    return std::any_of(sources.begin(), sources.end(), [](const FeedSourceReport& source) {
        return source.diagnostics.has_errors();
    });
}

namespace {

namespace fs = std::filesystem;

// Files a directory walk considers; anything else is reported as skipped.
bool looks_like_feed_file(const fs::path& path) {
    std::string name = to_lower(path.filename().string());
    for (const char* suffix : {".gz", ".xz"}) {
        if (name.ends_with(suffix)) {
            name.resize(name.size() - 3);
        }
    }
    return name.ends_with(".json") || name.ends_with(".csv");
}

Result<std::vector<fs::path>> list_files(const fs::path& root,
                                         Diagnostics& diagnostics,
                                         std::int64_t& skipped) {
    std::vector<fs::path> files;
    std::error_code error;
    fs::recursive_directory_iterator walk(root, fs::directory_options::skip_permission_denied,
                                          error);
    if (error) {
        return make_error(ErrorCode::kUnavailable, "cannot read the directory: " + error.message(),
                          root.string());
    }
    for (const fs::directory_entry& entry : walk) {
        if (!entry.is_regular_file()) {
            continue;
        }
        const std::string name = entry.path().filename().string();
        if (name.ends_with(".sha512")) {
            continue;  // a sidecar: checked with the file it belongs to
        }
        if (looks_like_feed_file(entry.path())) {
            files.push_back(entry.path());
        } else {
            ++skipped;
            diagnostics.add(Severity::kInfo, "feed.skipped_file", entry.path().string(), "",
                            "not a .json or .csv file (plain, .gz or .xz)");
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// CISA publishes `<file>.sha512` beside each CSAF document; when one is there it must match.
Status check_sidecar(const fs::path& path) {
    std::error_code error;
    if (!fs::exists(path.string() + ".sha512", error)) {
        return {};
    }
    return verify_sha512_sidecar(path.string());
}

// One source (path argument) with its stores per kind.
class SourceImport {
public:
    SourceImport(store::Database& database,
                 FeedImportReport& report,
                 Progress& progress,
                 std::string path,
                 std::string label)
        : database_(database),
          report_(report),
          progress_(progress),
          path_(std::move(path)),
          label_(std::move(label)) {}

    Status import_file(const fs::path& path,
                       const FeedImportOptions& options,
                       bool named_directly) {
        auto file = InputFile::open(path.string());
        if (!file) {
            return propagate(file.error());
        }
        auto detection = detect_feed_kind(*file);
        if (!detection) {
            return propagate(detection.error());
        }
        std::optional<FeedKind> kind = detection->kind;
        if (options.kind) {
            // A forced KEV kind still reads CSV as CSV.
            kind = (*options.kind == FeedKind::kKev && kind == FeedKind::kKevCsv)
                       ? FeedKind::kKevCsv
                       : *options.kind;
        }
        if (!kind) {
            if (named_directly) {
                return make_error(ErrorCode::kInvalidArgument,
                                  "not a feed Wardround can import: " + detection->note +
                                      " (use --kind to force one)",
                                  path.string());
            }
            ++report_.files_skipped;
            report_.diagnostics.add(Severity::kInfo, "feed.skipped_file", path.string(), "",
                                    detection->note);
            return {};
        }
        WARDROUND_TRY(check_sidecar(path));
        Part& part = part_for(*kind);
        if (!part.store) {
            part.store = detail::make_store(*kind);
            part.run.kind = std::string(feed_name(*kind));
            part.run.source = label_;
            part.run.started_at = now_utc();
            auto id = store::begin_import_run(database_, part.run);
            if (!id) {
                return propagate(id.error());
            }
            part.run.id = *id;
        }
        detail::ImportContext context{database_, part.diagnostics, progress_, part.run};
        progress_.update({feed_kind_name(*kind), path.string(), 0, file->raw_size(), 0});
        auto imported = part.store->import_file(*file, context);
        if (!imported) {
            Error error = imported.error();
            if (error.where.empty()) {
                error.where = path.string();
            }
            return propagate(std::move(error));
        }
        auto sha = file->sha256_hex();
        if (!sha) {
            return propagate(sha.error());
        }
        part.file_hashes.emplace_back(fs::relative(path, path_).string(), *sha);
        part.bytes += file->raw_size();
        part.compressions.insert(std::string(compression_name(file->compression())));
        ++part.files;
        return {};
    }

    Status finish() {
        for (auto& [kind, part] : parts_) {
            detail::ImportContext context{database_, part.diagnostics, progress_, part.run};
            WARDROUND_TRY(part.store->finish(context));
            part.run.bytes = part.bytes;
            part.run.compression =
                part.compressions.size() == 1 ? *part.compressions.begin() : "mixed";
            part.run.sha256 = tree_hash(part);
            part.run.finished_at = now_utc();
            WARDROUND_TRY(store::finish_import_run(database_, part.run, part.diagnostics));
            report_.sources.push_back(
                {path_, kind, part.files, part.run, std::move(part.diagnostics)});
        }
        return {};
    }

private:
    struct Part {
        std::unique_ptr<detail::FeedStore> store;
        store::ImportRun run;
        Diagnostics diagnostics;
        std::vector<std::pair<std::string, std::string>> file_hashes;
        std::uint64_t bytes = 0;
        std::int64_t files = 0;
        std::set<std::string> compressions;
    };

    Part& part_for(FeedKind kind) {
        // KEV JSON and CSV are one feed: both go through the same store and provenance record.
        return parts_[kind == FeedKind::kKevCsv ? FeedKind::kKev : kind];
    }

    // A single file's hash is its own; a directory's is the hash of its files' names and hashes,
    // so the same tree always gives the same value.
    static std::string tree_hash(Part& part) {
        if (part.file_hashes.size() == 1 && part.file_hashes[0].first == ".") {
            return part.file_hashes[0].second;
        }
        std::sort(part.file_hashes.begin(), part.file_hashes.end());
        std::string listing;
        for (const auto& [name, hash] : part.file_hashes) {
            listing.append(hash).append("  ").append(name).append("\n");
        }
        return "tree:" + sha256_hex(listing);
    }

    store::Database& database_;
    FeedImportReport& report_;
    Progress& progress_;
    std::string path_;
    std::string label_;
    std::map<FeedKind, Part> parts_;
};

// One path given by the user: a file, or a directory walked in name order.
Status import_path(store::Database& database,
                   FeedImportReport& report,
                   Progress& progress,
                   const std::string& path,
                   const FeedImportOptions& options) {
    std::error_code error;
    const bool directory = fs::is_directory(path, error);
    if (!directory && !fs::exists(path, error)) {
        return make_error(ErrorCode::kNotFound, "no such file or directory", path);
    }
    SourceImport source(database, report, progress, path,
                        options.source_label.empty() ? path : options.source_label);
    if (directory) {
        auto files = list_files(path, report.diagnostics, report.files_skipped);
        if (!files) {
            return propagate(files.error());
        }
        for (const fs::path& file : *files) {
            WARDROUND_TRY(source.import_file(file, options, false));
        }
    } else {
        WARDROUND_TRY(source.import_file(path, options, true));
    }
    return source.finish();
}

// Files of one folder as one source: one provenance record, with hashes named relative to it.
Status import_single_source(store::Database& database,
                            FeedImportReport& report,
                            Progress& progress,
                            const std::vector<std::string>& paths,
                            const FeedImportOptions& options) {
    const std::string folder = fs::path(paths.front()).parent_path().string();
    SourceImport source(database, report, progress, folder,
                        options.source_label.empty() ? folder : options.source_label);
    for (const std::string& path : paths) {
        WARDROUND_TRY(source.import_file(path, options, true));
    }
    return source.finish();
}

}  // namespace

Result<FeedImportReport> import_feeds(store::Database& database,
                                      const std::vector<std::string>& paths,
                                      const FeedImportOptions& options) {
    NoProgress no_progress;
    Progress& progress = options.progress != nullptr ? *options.progress : no_progress;
    FeedImportReport report;
    auto transaction = store::Transaction::begin(database);
    if (!transaction) {
        return propagate(transaction.error());
    }
    if (options.single_source && !paths.empty()) {
        WARDROUND_TRY(import_single_source(database, report, progress, paths, options));
    } else {
        for (const std::string& path : paths) {
            WARDROUND_TRY(import_path(database, report, progress, path, options));
        }
    }
    progress.done();
    WARDROUND_TRY(transaction->commit());
    return report;
}

}  // namespace wardround::vuln
