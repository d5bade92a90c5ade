// SPDX-License-Identifier: Apache-2.0
#include <wardround/store/provenance.h>

namespace wardround::store {

ImportCounts& ImportCounts::operator+=(const ImportCounts& other) {
    records += other.records;
    inserted += other.inserted;
    updated += other.updated;
    unchanged += other.unchanged;
    removed += other.removed;
    rejected += other.rejected;
    return *this;
}

std::string_view import_outcome_name(ImportOutcome outcome) {
    switch (outcome) {
        case ImportOutcome::kApplied:
            return "applied";
        case ImportOutcome::kUnchanged:
            return "unchanged";
        case ImportOutcome::kOlder:
            return "older";
    }
    return "applied";
}

Result<std::int64_t> begin_import_run(Database& database, const ImportRun& run) {
    const Value params[] = {Value{run.kind},
                            Value{run.source},
                            Value{format_timestamp(run.started_at)},
                            Value{format_timestamp(run.started_at)},
                            run.org_id == 0 ? null_value() : Value{run.org_id},
                            text_or_null(run.scope),
                            text_or_null(run.observed_at)};
    std::int64_t id = 0;
    WARDROUND_TRY(
        database.query("INSERT INTO import_run (kind, source, started_at, finished_at, org_id, "
                       "scope, observed_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, 'running') "
                       "RETURNING id",
                       params, [&](const Row& row) -> Status {
                           id = row.get_int(0);
                           return {};
                       }));
    return id;
}

Status finish_import_run(Database& database, const ImportRun& run, const Diagnostics& diagnostics) {
    const Value params[] = {
        text_or_null(run.sha256),
        text_or_null(run.compression),
        Value{static_cast<std::int64_t>(run.bytes)},
        Value{format_timestamp(run.finished_at)},
        text_or_null(run.feed_version),
        Value{run.counts.records},
        Value{run.counts.inserted},
        Value{run.counts.updated},
        Value{run.counts.unchanged},
        Value{run.counts.removed},
        Value{run.counts.rejected},
        Value{std::string(import_outcome_name(run.outcome))},
        text_or_null(run.observed_at),
        Value{run.id},
    };
    auto updated = database.execute(
        "UPDATE import_run SET sha256 = ?, compression = ?, bytes = ?, finished_at = ?, "
        "feed_version = ?, records = ?, inserted = ?, updated = ?, unchanged = ?, removed = ?, "
        "rejected = ?, outcome = ?, observed_at = ? WHERE id = ?",
        params);
    if (!updated) {
        return propagate(updated.error());
    }
    auto writer = database.bulk_writer(
        store::BulkTarget{"import_diagnostic",
                          {"import_id", "seq", "severity", "code", "location", "message"},
                          BulkMode::kInsert,
                          {}});
    if (!writer) {
        return propagate(writer.error());
    }
    std::int64_t seq = 0;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        const std::string location =
            diagnostic.source.empty()
                ? diagnostic.location
                : diagnostic.source +
                      (diagnostic.location.empty() ? "" : " " + diagnostic.location);
        const Value row[] = {Value{run.id},
                             Value{seq++},
                             Value{std::string(severity_name(diagnostic.severity))},
                             Value{diagnostic.code},
                             Value{location},
                             Value{diagnostic.message}};
        WARDROUND_TRY((*writer)->add(row));
    }
    return (*writer)->finish();
}

}  // namespace wardround::store
