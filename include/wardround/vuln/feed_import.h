// SPDX-License-Identifier: Apache-2.0
// Importing vulnerability feeds from files and directories (plain, gzip or xz), the kind of each
// file detected from its content. One call is one transaction: any error leaves the database
// exactly as it was. Each path given gets its own provenance record per feed kind.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <wardround/core/diagnostic.h>
#include <wardround/core/progress.h>
#include <wardround/core/result.h>
#include <wardround/store/database.h>
#include <wardround/store/provenance.h>
#include <wardround/vuln/feed_kind.h>

namespace wardround::vuln {

struct FeedImportOptions {
    // Treat every file as this kind instead of detecting it ("kev" also reads a KEV CSV).
    std::optional<FeedKind> kind;
    Progress* progress = nullptr;
    // Recorded as the source instead of the path (a fetch records the URL it downloaded from).
    std::string source_label;
    // All paths are files of one source with one provenance record (the pages of one fetch),
    // rather than one source each.
    bool single_source = false;
};

struct FeedSourceReport {
    std::string path;  // as given
    FeedKind kind = FeedKind::kNvd;
    std::int64_t files = 0;
    store::ImportRun run;
    Diagnostics diagnostics;  // of this source's files (also stored with its provenance)
};

struct FeedImportReport {
    std::vector<FeedSourceReport> sources;
    Diagnostics diagnostics;         // of the walk itself: skipped files
    std::int64_t files_skipped = 0;  // files in directories that hold no feed (each reported)

    // True when some record was rejected (the front end exits with "done with diagnostics").
    [[nodiscard]] bool has_rejections() const;
};

// Imports `paths`. Directories are walked recursively in name order; their files that are not feeds
// (signatures, indexes, schemas) are skipped with a `feed.skipped_file` diagnostic, and a file with
// a `.sha512` sidecar (CISA's CSAF distribution) must match it.
// Errors (the transaction is rolled back): a file named directly that is not a feed
// (kInvalidArgument), malformed content (kInvalidArgument or kDataLoss, naming the file and the
// JSON path, line or byte offset), a sidecar mismatch (kDataLoss), storage errors.
[[nodiscard]] Result<FeedImportReport> import_feeds(store::Database& database,
                                                    const std::vector<std::string>& paths,
                                                    const FeedImportOptions& options = {});

}  // namespace wardround::vuln
