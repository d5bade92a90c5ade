// SPDX-License-Identifier: Apache-2.0
#include <utility>

#include <wardround/core/input_file.h>
#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/inventory/inventory_store.h>

#include "inventory/store/asset_merger.h"
#include "inventory/store/identity_book.h"
#include "inventory/store/inventory_lookup.h"

namespace wardround::inventory {
namespace {

using store::Value;

// How often (in assets) the progress display is told.
constexpr std::int64_t kProgressEvery = 64;

// SHA-256 of the file's raw bytes, read once before parsing: a file already imported for the
// organisation and source is then skipped without parsing it.
Result<std::string> file_sha256(const std::string& path) {
    auto file = InputFile::open(path);
    if (!file) {
        return propagate(file.error());
    }
    return file->sha256_hex();
}

Result<bool> already_imported(store::Database& database,
                              std::int64_t org_id,
                              const std::string& scope,
                              const std::string& sha256) {
    const Value params[] = {Value{org_id}, Value{scope}, Value{sha256}};
    auto found = database.query_value(
        "SELECT COUNT(*) FROM import_run WHERE org_id = ? AND scope = ? AND sha256 = ? AND "
        "outcome = 'applied'",
        params);
    if (!found) {
        return propagate(found.error());
    }
    return *found && std::get<std::int64_t>(**found) > 0;
}

// Warnings and errors fail a --strict import; notes do not, since nothing was lost.
Status check_strict(const Diagnostics& diagnostics, const std::string& file) {
    const std::size_t problems =
        diagnostics.count(Severity::kWarning) + diagnostics.count(Severity::kError);
    if (problems == 0) {
        return {};
    }
    std::string first;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        if (diagnostic.severity != Severity::kInfo) {
            first = diagnostic.code + " at " + diagnostic.location + ": " + diagnostic.message;
            break;
        }
    }
    return make_error(ErrorCode::kInvalidArgument,
                      "rejected under --strict: " + std::to_string(problems) +
                          " problem(s) in the file; the first: " + first,
                      file);
}

}  // namespace

struct InventoryImporter::State {
    store::Database& database;
    Progress* progress;
    detail::IdentityBook identities;

    State(store::Database& db, Progress* shown) : database(db), progress(shown), identities(db) {}
};

InventoryImporter::InventoryImporter(store::Database& database, Progress* progress)
    : state_(std::make_unique<State>(database, progress)) {}

InventoryImporter::~InventoryImporter() = default;

Result<InventoryImportReport> InventoryImporter::import_file(
    const std::string& path, const InventoryImportOptions& options) {
    auto report = import_one(path, options);
    if (!report) {
        // The transaction was rolled back: identities it stored are gone with it.
        state_->identities.forget();
        if (report.error().where.empty()) {
            // Every failure names the file, even one that is not about its content.
            report.error().where = path;
        }
    }
    return report;
}

namespace {

// What the report says about the file before it is read: format, source, scope, size, hash.
Status describe_file(InputFile& file,
                     const std::string& path,
                     const InventoryImportOptions& options,
                     InventoryImportReport& report) {
    if (options.format) {
        report.format = *options.format;
    } else {
        auto detected = detect_inventory_format(file);
        if (!detected) {
            return propagate(detected.error());
        }
        report.format = *detected;
    }
    report.source =
        options.source.empty() ? std::string(default_source_name(report.format)) : options.source;
    report.run.scope = report.source + "/" + std::string(inventory_format_name(report.format));
    report.run.compression = std::string(compression_name(file.compression()));
    report.run.bytes = file.raw_size();
    auto sha256 = file_sha256(path);
    if (!sha256) {
        return propagate(sha256.error());
    }
    report.run.sha256 = *sha256;
    return {};
}

// The organisation and, with --asset, the asset the file attaches to.
Result<std::optional<std::int64_t>> resolve_targets(store::Database& database,
                                                    const InventoryImportOptions& options,
                                                    InventoryImportReport& report) {
    auto org_id = detail::find_org_id(database, options.org_code);
    if (!org_id) {
        return propagate(org_id.error());
    }
    report.run.org_id = *org_id;
    if (options.attach_to.empty()) {
        return std::optional<std::int64_t>{};
    }
    auto asset = detail::find_asset_id(database, *org_id, options.attach_to);
    if (!asset) {
        return propagate(asset.error());
    }
    return std::optional<std::int64_t>{*asset};
}

// The run of a file whose bytes were already imported for the organisation and source.
Status record_unchanged(store::Database& database, InventoryImportReport& report) {
    report.run.outcome = store::ImportOutcome::kUnchanged;
    report.run.finished_at = now_utc();
    auto run_id = store::begin_import_run(database, report.run);
    if (!run_id) {
        return propagate(run_id.error());
    }
    report.run.id = *run_id;
    return store::finish_import_run(database, report.run, report.diagnostics);
}

void fill_run_counts(InventoryImportReport& report) {
    const InventoryImportCounts& counts = report.counts;
    report.run.finished_at = now_utc();
    report.run.feed_version = report.observed.tool;
    report.run.counts.records = counts.assets_read;
    report.run.counts.inserted = counts.assets_new;
    report.run.counts.updated = counts.assets_merged;
    report.run.counts.unchanged = counts.assets_older;
    report.run.counts.removed = counts.marked_stale;
    report.run.counts.rejected =
        static_cast<std::int64_t>(report.diagnostics.count(Severity::kError));
    const bool only_older =
        counts.assets_older > 0 && counts.assets_new + counts.assets_merged == 0;
    report.run.outcome = only_older ? store::ImportOutcome::kOlder : store::ImportOutcome::kApplied;
}

}  // namespace

Status InventoryImporter::merge_file(InputFile& file,
                                     const InventoryImportOptions& options,
                                     std::optional<std::int64_t> attach_to,
                                     InventoryImportReport& report) {
    store::Database& database = state_->database;
    // The run row is written first, since the rows the import writes reference it.
    const std::string now = format_timestamp(report.run.started_at);
    auto run_id = store::begin_import_run(database, report.run);
    if (!run_id) {
        return propagate(run_id.error());
    }
    report.run.id = *run_id;

    detail::MergeScope scope;
    scope.org_id = report.run.org_id;
    scope.source = report.source;
    scope.format = std::string(inventory_format_name(report.format));
    scope.now = now;
    scope.import_id = *run_id;
    scope.file = report.file;
    scope.attach_to = attach_to;
    detail::AssetMerger merger(database, state_->identities, scope, report.counts,
                               report.diagnostics);
    Progress* progress = state_->progress;
    const auto sink = [&](ObservedAsset&& asset) -> Status {
        WARDROUND_TRY(merger.merge(std::move(asset)));
        if (progress != nullptr && report.counts.assets_read % kProgressEvery == 0) {
            progress->update({"inventory", report.file, file.raw_bytes_read(), file.raw_size(),
                              static_cast<std::uint64_t>(report.counts.assets_read)});
        }
        return {};
    };
    auto observed = parse_inventory(report.format, file, report.diagnostics, sink, options.csv);
    if (progress != nullptr) {
        progress->done();
    }
    if (!observed) {
        return propagate(observed.error());
    }
    report.observed = std::move(*observed);
    if (options.strict) {
        WARDROUND_TRY(check_strict(report.diagnostics, report.file));
    }
    report.run.observed_at =
        report.observed.observed_at.empty() ? now : report.observed.observed_at;
    WARDROUND_TRY(merger.finish(report.run.observed_at));
    fill_run_counts(report);
    return store::finish_import_run(database, report.run, report.diagnostics);
}

Result<InventoryImportReport> InventoryImporter::import_one(const std::string& path,
                                                            const InventoryImportOptions& options) {
    store::Database& database = state_->database;
    InventoryImportReport report;
    report.file = path;
    report.run.kind = "inventory";
    report.run.source = path;
    report.run.started_at = now_utc();
    auto file = InputFile::open(path);
    if (!file) {
        return propagate(file.error());
    }
    WARDROUND_TRY(describe_file(*file, path, options, report));

    auto transaction = store::Transaction::begin(database);
    if (!transaction) {
        return propagate(transaction.error());
    }
    state_->identities.forget();
    auto attach_to = resolve_targets(database, options, report);
    if (!attach_to) {
        return propagate(attach_to.error());
    }
    auto seen = already_imported(database, report.run.org_id, report.run.scope, report.run.sha256);
    if (!seen) {
        return propagate(seen.error());
    }
    if (*seen) {
        WARDROUND_TRY(record_unchanged(database, report));
    } else {
        WARDROUND_TRY(merge_file(*file, options, *attach_to, report));
    }
    WARDROUND_TRY(transaction->commit());
    return report;
}

}  // namespace wardround::inventory
