// SPDX-License-Identifier: Apache-2.0
// wardround profile list|show|import and wardround crosswalk list|import: the profiles and
// crosswalks the installation knows (built-in, and imported from our YAML). Commands of their own
// rather than `framework import` guessing the kind from a file's keys: the command says what the
// file is meant to be, so a profile with a misspelt top-level key is refused as a profile, naming
// the key, rather than tried as a framework.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <wardround/assess/framework_library.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

using assess::FrameworkLibrary;
using assess::RulesOrigin;

std::string origin_text(const RulesOrigin& origin) {
    if (origin.builtin) {
        return "built-in";
    }
    return fmt::format("imported {}{}", origin.imported_at.substr(0, 10),
                       origin.replaces_builtin ? " (replaces the built-in)" : "");
}

Json origin_json(const RulesOrigin& origin) {
    return Json{
        {"builtin", origin.builtin},
        {"file", origin.file},
        {"imported_at", origin.imported_at.empty() ? Json(nullptr) : Json(origin.imported_at)},
        {"sha256", origin.sha256.empty() ? Json(nullptr) : Json(origin.sha256)},
        {"replaces_builtin", origin.replaces_builtin}};
}

Json available_json(const std::string& unavailable_reason) {
    return Json{{"available", unavailable_reason.empty()},
                {"unavailable_reason",
                 unavailable_reason.empty() ? Json(nullptr) : Json(unavailable_reason)}};
}

Result<FrameworkLibrary> open_library(Context& context) {
    auto database = open_database(context);
    WARDROUND_TRY(database);
    return FrameworkLibrary::load(**database);
}

Json profile_json(const assess::LibraryProfile& entry) {
    Json out{{"id", entry.id}};
    const std::optional<assess::Profile>& profile = entry.load.profile;
    out["framework"] = profile ? Json(profile->framework) : Json(nullptr);
    out["title"] = profile ? Json(profile->title) : Json(nullptr);
    out["expectations"] = profile ? Json(profile->expected.size()) : Json(nullptr);
    out.update(available_json(entry.load.unavailable_reason));
    out.update(origin_json(entry.origin));
    return out;
}

// Every entry (profile or crosswalk), as JSON under `key` or as a table; an unavailable one shows
// its reason where the title would be.
template <typename Entry>
int print_entries(const Result<std::vector<Entry>>& entries,
                  bool json,
                  const char* key,
                  Json (*to_json)(const Entry&),
                  const std::vector<std::string>& headers,
                  std::vector<std::string> (*row)(const Entry&)) {
    if (!entries) {
        return report_error(entries.error());
    }
    if (json) {
        Json out = Json::array();
        for (const Entry& entry : *entries) {
            out.push_back(to_json(entry));
        }
        print_json(Json{{key, out}});
        return kExitOk;
    }
    Table table(headers);
    for (const Entry& entry : *entries) {
        table.add(row(entry));
    }
    table.print();
    return kExitOk;
}

std::vector<std::string> profile_row(const assess::LibraryProfile& entry) {
    const std::optional<assess::Profile>& profile = entry.load.profile;
    return {entry.id, profile ? profile->framework : "-",
            profile ? std::to_string(profile->expected.size()) : "-", origin_text(entry.origin),
            profile ? profile->title : "unavailable: " + entry.load.unavailable_reason};
}

int run_profile_list(Context& context, bool json) {
    auto library = open_library(context);
    if (!library) {
        return report_error(library.error());
    }
    return print_entries(library->profiles(), json, "profiles", profile_json,
                         {"ID", "FRAMEWORK", "OUTCOMES", "ORIGIN", "TITLE"}, profile_row);
}

int run_profile_show(Context& context, const std::string& id, bool json) {
    auto library = open_library(context);
    if (!library) {
        return report_error(library.error());
    }
    auto profiles = library->profiles();
    if (!profiles) {
        return report_error(profiles.error());
    }
    for (const assess::LibraryProfile& entry : *profiles) {
        if (entry.id != id) {
            continue;
        }
        if (!entry.load.profile) {
            return report_error(Error{ErrorCode::kFailedPrecondition,
                                      fmt::format("profile {} cannot be used here: {}", id,
                                                  entry.load.unavailable_reason),
                                      {}});
        }
        const assess::Profile& profile = *entry.load.profile;
        if (json) {
            Json out = profile_json(entry);
            out["source"] = profile.source;
            out["note"] = profile.note;
            Json expected = Json::array();
            for (const assess::ProfileExpectation& expectation : profile.expected) {
                expected.push_back({{"outcome", expectation.outcome},
                                    {"level", assess::achievement_name(expectation.level)}});
            }
            out["expected"] = std::move(expected);
            print_json(out);
            return kExitOk;
        }
        fmt::print("{}: {} (for {}, {})\n", profile.id, profile.title, profile.framework,
                   origin_text(entry.origin));
        for (const std::string* text : {&profile.source, &profile.note}) {
            if (!text->empty()) {
                fmt::print("{}\n", *text);
            }
        }
        for (const assess::ProfileExpectation& expectation : profile.expected) {
            fmt::print("  {} {}\n", expectation.outcome,
                       assess::achievement_name(expectation.level));
        }
        return kExitOk;
    }
    return report_error(
        Error{ErrorCode::kNotFound,
              "no profile has the id " + id + " (wardround profile list names them)",
              {}});
}

Json crosswalk_json(const assess::LibraryCrosswalk& entry) {
    const std::optional<assess::Crosswalk>& crosswalk = entry.load.crosswalk;
    Json out{{"id", entry.id},
             {"from", crosswalk ? Json(crosswalk->from) : Json(nullptr)},
             {"to", crosswalk ? Json(crosswalk->to) : Json(nullptr)},
             {"title", crosswalk ? Json(crosswalk->title) : Json(nullptr)},
             {"relations", crosswalk ? Json(crosswalk->relations.size()) : Json(nullptr)}};
    out.update(available_json(entry.load.unavailable_reason));
    out.update(origin_json(entry.origin));
    return out;
}

std::vector<std::string> crosswalk_row(const assess::LibraryCrosswalk& entry) {
    const std::optional<assess::Crosswalk>& crosswalk = entry.load.crosswalk;
    return {entry.id,
            crosswalk ? crosswalk->from : "-",
            crosswalk ? crosswalk->to : "-",
            crosswalk ? std::to_string(crosswalk->relations.size()) : "-",
            origin_text(entry.origin),
            crosswalk ? crosswalk->title : "unavailable: " + entry.load.unavailable_reason};
}

int run_crosswalk_list(Context& context, bool json) {
    auto library = open_library(context);
    if (!library) {
        return report_error(library.error());
    }
    return print_entries(library->crosswalks(), json, "crosswalks", crosswalk_json,
                         {"ID", "FROM", "TO", "RELATIONS", "ORIGIN", "TITLE"}, crosswalk_row);
}

struct ImportArguments {
    std::string file;
    bool json = false;
};

using Importer = Result<assess::RulesImportReport> (*)(store::Database&, const std::string&);

int run_import(Context& context, const ImportArguments& arguments, Importer importer) {
    return with_database(context, [&](store::Database& database) {
        auto report = importer(database, arguments.file);
        if (!report) {
            return report_error(report.error());
        }
        if (arguments.json) {
            print_json(Json{{"file", report->file},
                            {"kind", report->kind},
                            {"id", report->id},
                            {"frameworks", report->frameworks},
                            {"entries", report->entries},
                            {"replaced_builtin", report->replaced_builtin},
                            {"replaced_import", report->replaced_import},
                            {"import_id", report->import_id}});
            return static_cast<int>(kExitOk);
        }
        fmt::print("{}: {} {} for {} as {}: {} {}\n", report->file, report->kind, report->id,
                   report->frameworks,
                   report->replaced_builtin  ? "a replacement for the built-in one"
                   : report->replaced_import ? "a replacement for the earlier import"
                                             : "a new one",
                   report->entries, report->kind == "profile" ? "expectations" : "relations");
        return static_cast<int>(kExitOk);
    });
}

// `list` and `import` as both commands have them.
void add_list_and_import(CLI::App* parent,
                         Context& context,
                         const std::string& what,
                         int (*list)(Context&, bool),
                         Importer importer) {
    auto* list_command =
        parent->add_subcommand("list", "Every " + what + " the installation knows");
    auto list_json = std::make_shared<bool>(false);
    list_command->add_flag("--json", *list_json, "JSON output");
    list_command->callback([&context, list_json, list] {
        context.run = [&context, list_json, list] {
            return list(context, *list_json);
        };
    });

    auto* import = parent->add_subcommand(
        "import", "Import a " + what + " (our YAML), replacing a built-in one of its id");
    auto arguments = std::make_shared<ImportArguments>();
    import->add_option("file", arguments->file, "the file")->required();
    import->add_flag("--json", arguments->json, "JSON output");
    import->callback([&context, arguments, importer] {
        context.run = [&context, arguments, importer] {
            return run_import(context, *arguments, importer);
};
}  // namespace
);
}  // namespace wardround::cli

}  // namespace

void add_profile_commands(CLI::App& app, Context& context) {
    auto* profile = app.add_subcommand(
        "profile", "Profiles as data: the expected level per outcome, built-in and imported");
    profile->require_subcommand(1);
    add_list_and_import(profile, context, "profile", run_profile_list, assess::import_profile_file);

    auto* show = profile->add_subcommand("show", "A profile's expected levels");
    auto show_id = std::make_shared<std::string>();
    auto show_json = std::make_shared<bool>(false);
    show->add_option("id", *show_id, "the profile's id (GOVASSURE-BASELINE)")->required();
    show->add_flag("--json", *show_json, "JSON output");
    show->callback([&context, show_id, show_json] {
        context.run = [&context, show_id, show_json] {
            return run_profile_show(context, *show_id, *show_json);
        };
    });

    auto* crosswalk = app.add_subcommand(
        "crosswalk", "Crosswalks as data: relations between two frameworks' nodes");
    crosswalk->require_subcommand(1);
    add_list_and_import(crosswalk, context, "crosswalk", run_crosswalk_list,
                        assess::import_crosswalk_file);
}

}  // namespace wardround::cli
