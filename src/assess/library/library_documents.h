// SPDX-License-Identifier: Apache-2.0
// What every import into the library shares, whatever it holds (a framework, a profile, a
// crosswalk): reading the file with its provenance, and keeping the document in one transaction
// with its import run, so that a refused write leaves nothing behind.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/assess/framework_library.h>
#include <wardround/core/diagnostic.h>
#include <wardround/core/result.h>
#include <wardround/store/database.h>
#include <wardround/store/provenance.h>

namespace wardround::assess::detail {

struct DocumentFile {
    std::string content;
    store::ImportRun run;  // kind, source, sha256, compression, bytes and start set
};

// Reads a document to import (compressed or not) with its provenance. Errors: kNotFound for a
// missing file; kInvalidArgument for one too large to be a framework, profile or crosswalk.
[[nodiscard]] Result<DocumentFile> read_document_file(const std::string& path,
                                                      std::string_view kind);

// Begins `run`, calls `write` (which keeps the document, replacing an earlier one of its id) and
// finishes the run with `diagnostics`, all in one transaction. On return run.id is the run's.
[[nodiscard]] Status store_with_import_run(store::Database& database,
                                           store::ImportRun& run,
                                           const Diagnostics& diagnostics,
                                           const std::function<Status()>& write);

// The profiles and crosswalks imported, by kind and id.
[[nodiscard]] Result<std::vector<RulesDocument>> stored_rules_documents(store::Database& database);

}  // namespace wardround::assess::detail
