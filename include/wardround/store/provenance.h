// SPDX-License-Identifier: Apache-2.0
// Import provenance: every import records what it read (file or URL, SHA-256, size), when, what it
// changed and which diagnostics it raised. The run row is written inside the import's own
// transaction, so a failed import leaves no trace in the database and a committed one always has
// its provenance.
#pragma once

#include <cstdint>
#include <string>

#include <wardround/core/diagnostic.h>
#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/store/database.h>

namespace wardround::store {

struct ImportCounts {
    std::int64_t records = 0;    // records read
    std::int64_t inserted = 0;   // new
    std::int64_t updated = 0;    // replaced by a newer version
    std::int64_t unchanged = 0;  // the same or older than what is stored
    std::int64_t removed = 0;    // marked removed
    std::int64_t rejected = 0;   // reported as error diagnostics

    ImportCounts& operator+=(const ImportCounts& other);
};

enum class ImportOutcome {
    kApplied,    // something changed
    kUnchanged,  // the same data was already there
    kOlder,      // the data is older than what is stored; nothing changed
};

std::string_view import_outcome_name(ImportOutcome outcome);

struct ImportRun {
    std::int64_t id = 0;
    std::string kind;    // nvd | kev | epss | csaf | osv | org
    std::string source;  // path or URL
    std::string sha256;
    std::string compression;
    std::uint64_t bytes = 0;
    Timestamp started_at;
    Timestamp finished_at;
    std::string feed_version;
    // Inventory imports only: the organisation, "<source>/<format>" and when the report was made.
    std::int64_t org_id = 0;  // 0: a global import (knowledge base, organisations)
    std::string scope;
    std::string observed_at;
    ImportCounts counts;
    ImportOutcome outcome = ImportOutcome::kApplied;
};

// Inserts the run row (outcome filled in by finish_import_run) and returns its id, for the rows
// the import writes to reference. Call inside the import's transaction.
[[nodiscard]] Result<std::int64_t> begin_import_run(Database& database, const ImportRun& run);

// Writes the final counts, outcome and diagnostics of a run begun with begin_import_run.
[[nodiscard]] Status finish_import_run(Database& database,
                                       const ImportRun& run,
                                       const Diagnostics& diagnostics);

}  // namespace wardround::store
