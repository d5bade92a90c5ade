// SPDX-License-Identifier: Apache-2.0
// The frameworks an installation knows: the built-in libraries (data/frameworks), overlaid by the
// documents organisations import (our YAML, or OSCAL catalogues in XML or JSON). An imported
// document replaces the built-in library of the same qualified id, so that an organisation holding
// the publisher's full text sees it instead of our summaries, and a later import of the same id
// replaces an earlier one. Documents are kept as read and parsed again on load. Profiles and
// crosswalks are held the same way: the built-in ones (data/profiles, data/crosswalks) overlaid by
// those imported, checked against the frameworks of this library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/assess/crosswalk.h>
#include <wardround/assess/framework.h>
#include <wardround/assess/oscal_catalog.h>
#include <wardround/assess/profile.h>
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

// Where a profile or crosswalk comes from.
struct RulesOrigin {
    bool builtin = true;
    std::string file;         // the built-in file's name, or the path given to the import
    std::string imported_at;  // empty for a built-in one
    std::string sha256;       // of the imported document
    bool replaces_builtin = false;
};

// A profile of the library: `load.profile` set, or why it cannot be used with the frameworks as
// loaded (`load.unavailable_reason`).
struct LibraryProfile {
    std::string id;  // also of an unavailable one, as its file declares it
    ProfileLoad load;
    RulesOrigin origin;
};

struct LibraryCrosswalk {
    std::string id;
    CrosswalkLoad load;
    RulesOrigin origin;
};

// A profile or crosswalk document as imported, parsed when asked for.
struct RulesDocument {
    std::string kind;  // profile | crosswalk
    std::string id;
    std::string file_name;
    std::string content;
    std::string sha256;
    std::string imported_at;
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

    // Every profile, built-in and imported, by id; an import replaces the built-in profile of the
    // same id. Each is checked against the frameworks of this library; one that does not fit them
    // is returned as unavailable with the reason: a built-in one whose framework is not loaded,
    // or an imported one that no longer fits the frameworks (it fitted when imported, so a later
    // framework import changed them; every other assessment and profile still works). Errors: a
    // built-in file failing any other way (a bug the tests catch).
    [[nodiscard]] Result<std::vector<LibraryProfile>> profiles() const;
    // Every crosswalk, built-in and imported, by id, as profiles() does: one that does not fit the
    // frameworks as loaded is unavailable (builtin_crosswalks() gives the built-in reasons).
    [[nodiscard]] Result<std::vector<LibraryCrosswalk>> crosswalks() const;
    // The imported profile and crosswalk documents as stored, by kind and id.
    [[nodiscard]] const std::vector<RulesDocument>& rules_documents() const {
        return rules_documents_;
    }

private:
    std::vector<LibraryEntry> entries_;
    std::vector<RulesDocument> rules_documents_;  // imported profiles and crosswalks
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

struct RulesImportReport {
    std::string file;
    std::string kind;  // profile | crosswalk
    std::string id;
    std::string frameworks;   // a profile's framework; a crosswalk's "CAF-3.2 -> CE-3.2"
    std::size_t entries = 0;  // a profile's expectations; a crosswalk's relations
    bool replaced_builtin = false;
    bool replaced_import = false;
    std::int64_t import_id = 0;
};

// Reads a profile (import_profile_file) or a crosswalk (import_crosswalk_file) and keeps it, after
// checking it against the library as the built-in ones are: an import that would be unavailable
// is refused, since nothing could use it. Errors (nothing changed): kNotFound for a missing file
// or a framework the library lacks; kFailedPrecondition for a crosswalk whose nodes the frameworks
// as loaded lack; kInvalidArgument for a file that breaks the schema, naming the file and line;
// backend errors.
[[nodiscard]] Result<RulesImportReport> import_profile_file(store::Database& database,
                                                            const std::string& path);
[[nodiscard]] Result<RulesImportReport> import_crosswalk_file(store::Database& database,
                                                              const std::string& path);

}  // namespace wardround::assess
