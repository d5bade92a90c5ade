// SPDX-License-Identifier: Apache-2.0
// The contract between the import driver (feed_import.cpp) and each feed's store: the driver walks
// files, detects kinds, keeps provenance and the transaction; a store turns one kind's files into
// rows. One store object serves one source (a file or directory given on the command line) and one
// kind, within one transaction.
#pragma once

#include <memory>
#include <string>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/progress.h>
#include <wardround/core/result.h>
#include <wardround/store/database.h>
#include <wardround/store/provenance.h>
#include <wardround/vuln/feed_kind.h>

namespace wardround::vuln::detail {

struct ImportContext {
    store::Database& database;
    Diagnostics& diagnostics;
    Progress& progress;
    store::ImportRun& run;  // this source's provenance: id set; the store keeps its counts
};

class FeedStore {
public:
    virtual ~FeedStore() = default;
    // Imports one file. Errors stop the whole import (the driver rolls back).
    [[nodiscard]] virtual Status import_file(InputFile& file, ImportContext& context) = 0;
    // After the source's last file: flushes, records feed state, and fills in run.feed_version and
    // run.outcome.
    [[nodiscard]] virtual Status finish(ImportContext& context) = 0;
};

[[nodiscard]] std::unique_ptr<FeedStore> make_store(FeedKind kind);

std::unique_ptr<FeedStore> make_kev_store();
std::unique_ptr<FeedStore> make_epss_store();
std::unique_ptr<FeedStore> make_nvd_store();
std::unique_ptr<FeedStore> make_csaf_store();
std::unique_ptr<FeedStore> make_osv_store();

// Feed high-water marks (the feed_state table). Versions are strings that order as the feed does.
[[nodiscard]] Result<std::string> feed_state_version(store::Database& database,
                                                     std::string_view feed);
[[nodiscard]] Status set_feed_state(store::Database& database,
                                    std::string_view feed,
                                    const std::string& version,
                                    std::int64_t import_id);

// applied when anything changed; older when the source was older than what is stored; otherwise
// unchanged.
[[nodiscard]] store::ImportOutcome outcome_of(const store::ImportCounts& counts, bool older);

}  // namespace wardround::vuln::detail
