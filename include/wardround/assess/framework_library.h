// SPDX-License-Identifier: Apache-2.0
// The frameworks an installation knows: the built-in libraries (data/frameworks), overlaid by the
// documents organisations import (our YAML, or OSCAL catalogues in XML or JSON). An imported
// document replaces the built-in library of the same qualified id, so that an organisation holding
// the publisher's full text sees it instead of our summaries, and a later import of the same id
// replaces an earlier one. Documents are kept as read and parsed again on load.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/assess/framework.h>
#include <wardround/assess/oscal_catalog.h>
#include <wardround/core/diagnostic.h>
#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::assess {

struct LibraryEntry {
    Framework framework;
    bool builtin = true;
    std::string format;       // yaml | oscal-xml | oscal-json
    std::string imported_at;  // empty for a built-in library
    std::string sha256;       // of the imported document
    bool replaces_builtin = false;
};

class FrameworkLibrary final : public FrameworkResolver {
public:
    // Errors: a built-in library that does not load (a bug the tests catch); a stored document
    // that no longer parses, or whose base is gone (kDataLoss, naming it); backend errors.
    [[nodiscard]] static Result<FrameworkLibrary> load(store::Database& database);

    [[nodiscard]] const Framework* find_framework(std::string_view qualified_id) const override;
    [[nodiscard]] const LibraryEntry* find_entry(std::string_view qualified_id) const;
    // By qualified id.
    [[nodiscard]] const std::vector<LibraryEntry>& entries() const { return entries_; }

private:
    std::vector<LibraryEntry> entries_;
};

struct FrameworkImportOptions {
    OscalNaming naming;  // OSCAL only: the id and version, over the catalogue's metadata
};

struct FrameworkImportReport {
    std::string file;
    std::string qualified_id;
    std::string format;  // yaml | oscal-xml | oscal-json
    std::size_t nodes = 0;
    std::size_t answered = 0;  // the items an assessment answers
    std::size_t skipped = 0;   // OSCAL entries left out (withdrawn), each a diagnostic
    bool replaced_builtin = false;
    bool replaced_import = false;
    std::int64_t import_id = 0;
    Diagnostics diagnostics;
};

// Reads a framework file (YAML when it does not start with '<' or '{') and keeps it. Errors
// (nothing changed): kNotFound for a missing file or a base it extends that the library lacks;
// kInvalidArgument for a file that breaks the schema or is not a catalogue, naming the file and
// place; backend errors.
[[nodiscard]] Result<FrameworkImportReport> import_framework_file(
    store::Database& database, const std::string& path, const FrameworkImportOptions& options = {});

}  // namespace wardround::assess
