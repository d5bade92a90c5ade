// SPDX-License-Identifier: Apache-2.0
#include <array>
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
    if (!report && report.error().where.empty()) {
        // Every failure names the file, even one that is not about its content.
        report.error().where = path;
    }
    return report;
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
    if (options.format) {
        report.format = *options.format;
    } else {
        auto detected = detect_inventory_format(*file);
        if (!detected) {
            return propagate(detected.error());
        }
        report.format = *detected;
    }
    report.source =
        options.source.empty() ? std::string(default_source_name(report.format)) : options.source;
    const std::string format_name(inventory_format_name(report.format));
    report.run.scope = report.source + "/" + format_name;
    report.run.compression = std::string(compression_name(file->compression()));
    report.run.bytes = file->raw_size();

    auto sha256 = file_sha256(path);
    if (!sha256) {
        return propagate(sha256.error());
    }
    report.run.sha256 = *sha256;

    auto transaction = store::Transaction::begin(database);
    if (!transaction) {
        return propagate(transaction.error());
    }
    state_->identities.forget();
    auto org_id = detail::find_org_id(database, options.org_code);
    if (!org_id) {
        return propagate(org_id.error());
    }
    report.run.org_id = *org_id;
    std::optional<std::int64_t> attach_to;
    if (!options.attach_to.empty()) {
        auto asset = detail::find_asset_id(database, *org_id, options.attach_to);
        if (!asset) {
            return propagate(asset.error());
        }
        attach_to = *asset;
    }

    auto seen = already_imported(database, *org_id, report.run.scope, report.run.sha256);
    if (!seen) {
        return propagate(seen.error());
    }
    if (*seen) {
        // The same bytes were imported for this organisation and source: nothing to do but say so.
        report.run.outcome = store::ImportOutcome::kUnchanged;
        report.run.finished_at = now_utc();
        auto run_id = store::begin_import_run(database, report.run);
        if (!run_id) {
            return propagate(run_id.error());
        }
        report.run.id = *run_id;
        WARDROUND_TRY(store::finish_import_run(database, report.run, report.diagnostics));
        WARDROUND_TRY(transaction->commit());
        return report;
    }

    // The run row is written first, since the rows the import writes reference it.
    const std::string now = format_timestamp(report.run.started_at);
    auto run_id = store::begin_import_run(database, report.run);
    if (!run_id) {
        return propagate(run_id.error());
    }
    report.run.id = *run_id;

    detail::MergeScope scope;
    scope.org_id = *org_id;
    scope.source = report.source;
    scope.format = format_name;
    scope.now = now;
    scope.import_id = *run_id;
    scope.file = path;
    scope.attach_to = attach_to;
    detail::AssetMerger merger(database, state_->identities, scope, report.counts,
                               report.diagnostics);
    const auto sink = [&](ObservedAsset&& asset) -> Status {
        WARDROUND_TRY(merger.merge(std::move(asset)));
        if (state_->progress != nullptr && report.counts.assets_read % kProgressEvery == 0) {
            state_->progress->update({"inventory", path, file->raw_bytes_read(), file->raw_size(),
                                      static_cast<std::uint64_t>(report.counts.assets_read)});
        }
        return {};
    };
    auto observed = parse_inventory(report.format, *file, report.diagnostics, sink, options.csv);
    if (state_->progress != nullptr) {
        state_->progress->done();
    }
    if (!observed) {
        state_->identities.forget();
        return propagate(observed.error());
    }
    report.observed = std::move(*observed);
    if (options.strict) {
        if (auto strict = check_strict(report.diagnostics, path); !strict) {
            state_->identities.forget();
            return propagate(strict.error());
        }
    }
    report.run.observed_at =
        report.observed.observed_at.empty() ? now : report.observed.observed_at;
    WARDROUND_TRY(merger.finish(report.run.observed_at));

    report.run.finished_at = now_utc();
    report.run.feed_version = report.observed.tool;
    report.run.counts.records = report.counts.assets_read;
    report.run.counts.inserted = report.counts.assets_new;
    report.run.counts.updated = report.counts.assets_merged;
    report.run.counts.unchanged = report.counts.assets_older;
    report.run.counts.removed = report.counts.marked_stale;
    report.run.counts.rejected =
        static_cast<std::int64_t>(report.diagnostics.count(Severity::kError));
    const bool only_older = report.counts.assets_older > 0 &&
                            report.counts.assets_new + report.counts.assets_merged == 0;
    report.run.outcome = only_older ? store::ImportOutcome::kOlder : store::ImportOutcome::kApplied;
    WARDROUND_TRY(store::finish_import_run(database, report.run, report.diagnostics));
    if (auto committed = transaction->commit(); !committed) {
        state_->identities.forget();
        return propagate(committed.error());
    }
    return report;
}

}  // namespace wardround::inventory
