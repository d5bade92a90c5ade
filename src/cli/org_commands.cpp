// SPDX-License-Identifier: Apache-2.0
#include <fmt/core.h>

#include <wardround/core/input_file.h>
#include <wardround/org/org_import.h>
#include <wardround/org/org_repository.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

Json org_json(const org::Organisation& org) {
    Json json;
    json["code"] = org.code;
    json["name"] = org.name;
    json["level"] = std::string(org::org_level_name(org.level));
    json["type"] = org.type;
    json["parent_code"] = org.parent_code.empty() ? Json(nullptr) : Json(org.parent_code);
    json["ons_code"] = org.ons_code.empty() ? Json(nullptr) : Json(org.ons_code);
    json["sector"] = org.sector.empty() ? Json(nullptr) : Json(org.sector);
    json["latitude"] = org.latitude ? Json(*org.latitude) : Json(nullptr);
    json["longitude"] = org.longitude ? Json(*org.longitude) : Json(nullptr);
    json["opened_on"] = org.opened_on.empty() ? Json(nullptr) : Json(org.opened_on);
    json["closed_on"] = org.closed_on.empty() ? Json(nullptr) : Json(org.closed_on);
    return json;
}

Json dspt_json(const std::optional<org::DsptStatus>& dspt) {
    if (!dspt) {
        return nullptr;
    }
    return Json{
        {"period", dspt->period},
        {"status", dspt->status},
        {"published_on", dspt->published_on.empty() ? Json(nullptr) : Json(dspt->published_on)}};
}

std::string dspt_text(const std::optional<org::DsptStatus>& dspt) {
    if (!dspt) {
        return "";
    }
    return dspt->period + " " + dspt->status;
}

int run_import(Context& context, const std::vector<std::string>& files) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    bool any_rejected = false;
    for (const std::string& path : files) {
        auto file = InputFile::open(path);
        if (!file) {
            return report_error(file.error());
        }
        auto report = org::import_organisations(**database, *file);
        if (!report) {
            return report_error(report.error());
        }
        const auto& counts = report->run.counts;
        fmt::print(
            "{} ({}): {} rows; {} organisations added, {} updated, {} unchanged, {} rejected; "
            "{} parents created from codes; {} DSPT statuses added\n",
            path, org::org_file_format_name(report->format), counts.records, counts.inserted,
            counts.updated, counts.unchanged, counts.rejected, report->parents_created,
            report->dspt_statuses_added);
        print_diagnostics(report->diagnostics);
        any_rejected = any_rejected || report->diagnostics.has_errors();
    }
    return any_rejected ? kExitWithDiagnostics : kExitOk;
}

int run_list(Context& context, const std::string& level, const std::string& parent, bool as_json) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    org::OrgListFilter filter;
    filter.parent_code = parent;
    if (!level.empty()) {
        filter.level = org::parse_org_level(level);
        if (!filter.level) {
            fmt::print(
                stderr,
                "wardround: error: --level must be nation, region, icb, organisation or site\n");
            return kExitUsage;
        }
    }
    auto orgs = org::list_organisations(**database, filter);
    if (!orgs) {
        return report_error(orgs.error());
    }
    if (as_json) {
        Json list = Json::array();
        for (const auto& summary : *orgs) {
            Json json = org_json(summary.organisation);
            json["children"] = summary.children;
            json["dspt"] = dspt_json(summary.current_dspt);
            list.push_back(std::move(json));
        }
        print_json(Json{{"organisations", std::move(list)}});
        return kExitOk;
    }
    Table table({"CODE", "LEVEL", "TYPE", "PARENT", "CHILDREN", "DSPT", "NAME"});
    for (const auto& summary : *orgs) {
        const auto& org = summary.organisation;
        table.add({org.code, std::string(org::org_level_name(org.level)), org.type, org.parent_code,
                   std::to_string(summary.children), dspt_text(summary.current_dspt), org.name});
    }
    table.print();
    return kExitOk;
}

void print_show_json(const org::OrgDetail& detail) {
    Json json = org_json(detail.summary.organisation);
    Json ancestors = Json::array();
    for (const auto& ancestor : detail.ancestors) {
        ancestors.push_back(Json{{"code", ancestor.code},
                                 {"name", ancestor.name},
                                 {"level", std::string(org::org_level_name(ancestor.level))}});
    }
    json["ancestors"] = std::move(ancestors);
    json["children"] = detail.summary.children;
    json["children_by_level"] = detail.children_by_level;
    json["descendants_by_level"] = detail.descendants_by_level;
    json["dspt"] = dspt_json(detail.summary.current_dspt);
    Json history = Json::array();
    for (const auto& status : detail.dspt_history) {
        history.push_back(dspt_json(status));
    }
    json["dspt_history"] = std::move(history);
    print_json(json);
}

void print_show_text(const org::OrgDetail& detail) {
    const auto& org = detail.summary.organisation;
    fmt::print("{}  {}\n", org.code, org.name);
    fmt::print("  level:     {} ({})\n", org::org_level_name(org.level), org.type);
    std::string path;
    for (const auto& ancestor : detail.ancestors) {
        path += ancestor.name + " (" + ancestor.code + ") > ";
    }
    fmt::print("  within:    {}\n", path.empty() ? "-" : path.substr(0, path.size() - 3));
    if (!org.ons_code.empty()) {
        fmt::print("  ONS code:  {}\n", org.ons_code);
    }
    if (!org.sector.empty()) {
        fmt::print("  sector:    {}\n", org.sector);
    }
    if (!org.opened_on.empty() || !org.closed_on.empty()) {
        fmt::print("  open:      {} to {}\n", org.opened_on.empty() ? "?" : org.opened_on,
                   org.closed_on.empty() ? "now" : org.closed_on);
    }
    std::string children;
    for (const auto& [level, count] : detail.children_by_level) {
        children += fmt::format("{}{} {}", children.empty() ? "" : ", ", count, level);
    }
    fmt::print("  children:  {}\n", children.empty() ? "none" : children);
    std::string descendants;
    for (const auto& [level, count] : detail.descendants_by_level) {
        descendants += fmt::format("{}{} {}", descendants.empty() ? "" : ", ", count, level);
    }
    if (descendants != children) {
        fmt::print("  in all:    {}\n", descendants);
    }
    if (detail.dspt_history.empty()) {
        fmt::print("  DSPT:      no published status imported\n");
    }
    for (const auto& status : detail.dspt_history) {
        fmt::print("  DSPT {}: {}{}\n", status.period, status.status,
                   status.published_on.empty() ? "" : " (published " + status.published_on + ")");
    }
}

int run_show(Context& context, const std::string& code, bool as_json) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto detail = org::show_organisation(**database, code);
    if (!detail) {
        return report_error(detail.error());
    }
    if (as_json) {
        print_show_json(*detail);
    } else {
        print_show_text(*detail);
    }
    return kExitOk;
}

}  // namespace

void add_org_commands(CLI::App& app, Context& context) {
    auto* org =
        app.add_subcommand("org", "Organisations: nation > region > ICB > organisation > site");
    org->require_subcommand(1);

    auto* import_command = org->add_subcommand(
        "import",
        "Import organisations from CSV (Wardround's format, DSPT snapshots, ONS lookup, ODS)");
    auto files = std::make_shared<std::vector<std::string>>();
    import_command->add_option("files", *files, "CSV files (gzip or xz compressed too)")
        ->required();
    import_command->callback([&context, files] {
        context.run = [&context, files] {
            return run_import(context, *files);
        };
    });

    auto* list = org->add_subcommand("list", "List organisations");
    auto level = std::make_shared<std::string>();
    auto parent = std::make_shared<std::string>();
    auto list_json = std::make_shared<bool>(false);
    list->add_option("--level", *level, "only this level: nation, region, icb, organisation, site");
    list->add_option("--parent", *parent, "only the direct children of this organisation code");
    list->add_flag("--json", *list_json, "JSON output");
    list->callback([&context, level, parent, list_json] {
        context.run = [&context, level, parent, list_json] {
            return run_list(context, *level, *parent, *list_json);
        };
    });

    auto* show = org->add_subcommand("show", "Show one organisation with its place in the tree");
    auto code = std::make_shared<std::string>();
    auto show_json = std::make_shared<bool>(false);
    show->add_option("code", *code, "ODS-style code")->required();
    show->add_flag("--json", *show_json, "JSON output");
    show->callback([&context, code, show_json] {
        context.run = [&context, code, show_json] {
            return run_show(context, *code, *show_json);
        };
    });
}

}  // namespace wardround::cli
