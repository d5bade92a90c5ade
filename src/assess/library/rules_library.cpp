// SPDX-License-Identifier: Apache-2.0
// Profiles and crosswalks of the library: the built-in ones overlaid by those imported, as
// frameworks are (framework_library.cpp), read by the same readers against the frameworks of the
// library. One template serves both kinds, so that a profile and a crosswalk are kept, replaced
// and reported unavailable by one rule.
#include <algorithm>
#include <utility>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <wardround/assess/framework_library.h>

#include "assess/library/library_documents.h"

namespace wardround::assess {
namespace {

using store::Value;

struct ProfileKind {
    using Item = Profile;
    using Load = ProfileLoad;
    using Entry = LibraryProfile;
    static constexpr const char* kName = "profile";

    static Result<Profile> parse(std::string_view text,
                                 std::string_view file_name,
                                 const FrameworkResolver& frameworks) {
        return parse_profile_yaml(text, file_name, frameworks);
    }
    static Result<std::vector<ProfileLoad>> builtins(const FrameworkResolver& frameworks) {
        return builtin_profiles(frameworks);
    }
    static const std::vector<std::pair<std::string, std::string>>& builtin_files() {
        return builtin_profile_files();
    }
    static std::optional<Profile>& item(ProfileLoad& load) { return load.profile; }
    static void describe(const Profile& profile, RulesImportReport& report) {
        report.frameworks = profile.framework;
        report.entries = profile.expected.size();
    }
};

struct CrosswalkKind {
    using Item = Crosswalk;
    using Load = CrosswalkLoad;
    using Entry = LibraryCrosswalk;
    static constexpr const char* kName = "crosswalk";

    static Result<Crosswalk> parse(std::string_view text,
                                   std::string_view file_name,
                                   const FrameworkResolver& frameworks) {
        return parse_crosswalk_yaml(text, file_name, frameworks);
    }
    static Result<std::vector<CrosswalkLoad>> builtins(const FrameworkResolver& frameworks) {
        return builtin_crosswalks(frameworks);
    }
    static const std::vector<std::pair<std::string, std::string>>& builtin_files() {
        return builtin_crosswalk_files();
    }
    static std::optional<Crosswalk>& item(CrosswalkLoad& load) { return load.crosswalk; }
    static void describe(const Crosswalk& crosswalk, RulesImportReport& report) {
        report.frameworks = crosswalk.direction();
        report.entries = crosswalk.relations.size();
    }
};

// The id a built-in file declares, read without checking the file against the frameworks: one
// that does not fit them (unavailable) is still replaced by an import of its id, which is how an
// organisation that imported its own version of a framework mends a crosswalk onto it.
std::string declared_id(const std::string& text, const char* key) {
    try {
        const YAML::Node root = YAML::Load(text);
        const YAML::Node id = root.IsMap() ? root[key] : YAML::Node();
        return id && id.IsScalar() ? id.Scalar() : std::string();
    } catch (const YAML::Exception&) {
        return {};  // the reader reports it; a built-in file is checked by the tests
    }
}

// Every document of the kind, built-in then imported over it, by id.
template <typename Kind>
Result<std::vector<typename Kind::Entry>> library_rules(
    const FrameworkLibrary& library, const std::vector<RulesDocument>& documents) {
    auto builtins = Kind::builtins(library);
    WARDROUND_TRY(builtins);
    std::vector<typename Kind::Entry> out;
    // builtins() gives one load per built-in file, in the files' order.
    const auto& files = Kind::builtin_files();
    for (std::size_t i = 0; i < builtins->size(); ++i) {
        typename Kind::Load& load = (*builtins)[i];
        const auto& item = Kind::item(load);
        std::string id = item ? item->id : declared_id(files[i].second, Kind::kName);
        RulesOrigin origin{true, load.file, {}, {}, false};
        out.push_back({std::move(id), std::move(load), std::move(origin)});
    }
    for (const RulesDocument& document : documents) {
        if (document.kind != Kind::kName) {
            continue;
        }
        typename Kind::Load load;
        load.file = document.file_name;
        auto parsed = Kind::parse(document.content, document.file_name, library);
        if (parsed) {
            Kind::item(load) = std::move(*parsed);
        } else {
            load.unavailable_reason = fmt::format(
                "the imported {} no longer fits the frameworks loaded (one was imported since): "
                "{}",
                Kind::kName, parsed.error().to_string());
        }
        RulesOrigin origin{false, document.file_name, document.imported_at, document.sha256, false};
        const auto same = std::find_if(out.begin(), out.end(),
                                       [&](const auto& entry) { return entry.id == document.id; });
        if (same == out.end()) {
            out.push_back({document.id, std::move(load), std::move(origin)});
        } else {
            origin.replaces_builtin = true;  // stored documents are unique by kind and id
            *same = {document.id, std::move(load), std::move(origin)};
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
}

// Keeps the document, replacing an earlier import of its kind and id, with its import run.
Status store_rules_document(store::Database& database,
                            const RulesImportReport& report,
                            detail::DocumentFile& document) {
    store::ImportRun& run = document.run;
    run.feed_version = report.id;
    run.counts.records = static_cast<std::int64_t>(report.entries);
    run.counts.inserted = 1;
    const auto write = [&]() -> Status {
        const Value key[] = {Value{report.kind}, Value{report.id}};
        WARDROUND_TRY(
            database.execute("DELETE FROM rules_document WHERE kind = ? AND id = ?", key));
        const Value row[] = {Value{report.kind},
                             Value{report.id},
                             Value{report.file},
                             Value{document.content},
                             Value{run.sha256},
                             Value{run.id},
                             Value{format_timestamp(run.started_at)}};
        WARDROUND_TRY(database.execute(
            "INSERT INTO rules_document (kind, id, file_name, content, sha256, import_id, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            row));
        return {};
    };
    const Diagnostics none;  // the readers refuse rather than warn
    return detail::store_with_import_run(database, run, none, write);
}

template <typename Kind>
Result<RulesImportReport> import_rules_file(store::Database& database, const std::string& path) {
    auto document = detail::read_document_file(path, Kind::kName);
    WARDROUND_TRY(document);
    auto library = FrameworkLibrary::load(database);
    WARDROUND_TRY(library);
    // Checked exactly as a built-in file is, but refused whatever the fault: an import that
    // would be unavailable is one nothing could use.
    auto parsed = Kind::parse(document->content, path, *library);
    WARDROUND_TRY(parsed);
    RulesImportReport report;
    report.file = path;
    report.kind = Kind::kName;
    report.id = parsed->id;
    Kind::describe(*parsed, report);
    auto existing = library_rules<Kind>(*library, library->rules_documents());
    WARDROUND_TRY(existing);
    const auto same = std::find_if(existing->begin(), existing->end(),
                                   [&](const auto& entry) { return entry.id == report.id; });
    if (same != existing->end()) {
        report.replaced_builtin = same->origin.builtin;
        report.replaced_import = !same->origin.builtin;
    }
    WARDROUND_TRY(store_rules_document(database, report, *document));
    report.import_id = document->run.id;
    return report;
}

}  // namespace

Result<std::vector<RulesDocument>> detail::stored_rules_documents(store::Database& database) {
    std::vector<RulesDocument> documents;
    WARDROUND_TRY(database.query(
        "SELECT kind, id, file_name, content, sha256, imported_at FROM rules_document ORDER BY "
        "kind, id",
        {}, [&](const store::Row& row) -> Status {
            documents.push_back({row.get_text(0), row.get_text(1), row.get_text(2), row.get_text(3),
                                 row.get_text(4), row.get_text(5)});
            return {};
        }));
    return documents;
}

Result<std::vector<LibraryProfile>> FrameworkLibrary::profiles() const {
    return library_rules<ProfileKind>(*this, rules_documents_);
}

Result<std::vector<LibraryCrosswalk>> FrameworkLibrary::crosswalks() const {
    return library_rules<CrosswalkKind>(*this, rules_documents_);
}

Result<RulesImportReport> import_profile_file(store::Database& database, const std::string& path) {
    return import_rules_file<ProfileKind>(database, path);
}

Result<RulesImportReport> import_crosswalk_file(store::Database& database,
                                                const std::string& path) {
    return import_rules_file<CrosswalkKind>(database, path);
}

}  // namespace wardround::assess
