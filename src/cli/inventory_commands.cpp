// SPDX-License-Identifier: Apache-2.0
// wardround inventory import|list|show|stats|unresolved, and wardround identity map|refresh.
#include <fmt/core.h>

#include <wardround/inventory/device_register.h>
#include <wardround/inventory/inventory_queries.h>
#include <wardround/inventory/inventory_store.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

using inventory::AssetDetail;
using inventory::AssetSummary;
using inventory::InventoryScope;

Json text_or_null(const std::string& text) {
    return text.empty() ? Json(nullptr) : Json(text);
}

Json optional_bool_json(const std::optional<bool>& value) {
    return value ? Json(*value) : Json(nullptr);
}

struct ImportArguments {
    std::string org;
    std::string format;
    std::string source;
    std::string attach_to;
    std::string map;
    bool strict = false;
    std::vector<std::string> files;
};

Json import_report_json(const inventory::InventoryImportReport& report) {
    const auto& counts = report.counts;
    Json diagnostics = Json::object();
    for (const auto& [code, count] : report.diagnostics.count_by_code()) {
        diagnostics[code] = count;
    }
    return Json{{"file", report.file},
                {"format", std::string(inventory::inventory_format_name(report.format))},
                {"source", report.source},
                {"outcome", std::string(store::import_outcome_name(report.run.outcome))},
                {"observed_at", text_or_null(report.run.observed_at)},
                {"assets_read", counts.assets_read},
                {"assets_new", counts.assets_new},
                {"assets_merged", counts.assets_merged},
                {"assets_older", counts.assets_older},
                {"components", counts.components},
                {"components_resolved", counts.components_resolved},
                {"exposures", counts.exposures},
                {"facts", counts.facts},
                {"marked_stale", counts.marked_stale},
                {"new_names", counts.identities_new},
                {"diagnostics", std::move(diagnostics)}};
}

void print_import_report(const inventory::InventoryImportReport& report) {
    const auto& counts = report.counts;
    if (report.run.outcome == store::ImportOutcome::kUnchanged) {
        fmt::print("{} ({}, source {}): already imported for this organisation; nothing changed\n",
                   report.file, inventory::inventory_format_name(report.format), report.source);
        return;
    }
    fmt::print(
        "{} ({}, source {}): {} assets ({} new, {} merged, {} older than stored), {} components "
        "({} resolved), {} services, {} posture facts; {} views now stale\n",
        report.file, inventory::inventory_format_name(report.format), report.source,
        counts.assets_read, counts.assets_new, counts.assets_merged, counts.assets_older,
        counts.components, counts.components_resolved, counts.exposures, counts.facts,
        counts.marked_stale);
}

int run_import(Context& context, const ImportArguments& arguments, bool as_json) {
    inventory::InventoryImportOptions options;
    options.org_code = arguments.org;
    options.source = arguments.source;
    options.attach_to = arguments.attach_to;
    options.strict = arguments.strict;
    if (!arguments.format.empty()) {
        options.format = inventory::parse_inventory_format(arguments.format);
        if (!options.format) {
            fmt::print(stderr, "wardround: error: --format must be one of: {}\n",
                       inventory::inventory_format_names());
            return kExitUsage;
        }
    }
    if (!arguments.map.empty()) {
        // Column names are the register's when that format is named, the inventory CSV's
        // otherwise.
        const bool register_columns = options.format == inventory::InventoryFormat::kDeviceRegister;
        auto map =
            register_columns
                ? inventory::parse_column_map(arguments.map, inventory::kDeviceRegisterColumns)
                : inventory::parse_column_map(arguments.map, inventory::kInventoryCsvColumns);
        if (!map) {
            return report_error(map.error());
        }
        options.csv.column_map = std::move(*map);
    }
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    TerminalProgress progress;
    inventory::InventoryImporter importer(**database, &progress);
    bool any_problem = false;
    Json reports = Json::array();
    for (const std::string& path : arguments.files) {
        auto report = importer.import_file(path, options);
        if (!report) {
            return report_error(report.error());
        }
        if (as_json) {
            reports.push_back(import_report_json(*report));
        } else {
            print_import_report(*report);
        }
        print_diagnostics(report->diagnostics);
        any_problem = any_problem || report->diagnostics.count(Severity::kWarning) > 0 ||
                      report->diagnostics.has_errors();
    }
    if (as_json) {
        print_json(Json{{"imports", std::move(reports)}});
    }
    return any_problem ? kExitWithDiagnostics : kExitOk;
}

Json summary_json(const AssetSummary& asset) {
    return Json{{"id", asset.id},
                {"org", asset.org_code},
                {"kind", asset.kind},
                {"hostname", text_or_null(asset.hostname)},
                {"fqdn", text_or_null(asset.fqdn)},
                {"serial", text_or_null(asset.serial)},
                {"ips", asset.ips},
                {"macs", asset.macs},
                {"os_name", text_or_null(asset.os_name)},
                {"os_version", text_or_null(asset.os_version)},
                {"manufacturer", text_or_null(asset.manufacturer)},
                {"model", text_or_null(asset.model)},
                {"site", text_or_null(asset.site)},
                {"department", text_or_null(asset.department)},
                {"first_seen", asset.first_seen},
                {"last_seen", asset.last_seen},
                {"stale", asset.stale},
                {"components", asset.components},
                {"exposures", asset.exposures},
                {"sources", asset.sources}};
}

std::string asset_name(const AssetSummary& asset) {
    if (!asset.hostname.empty()) {
        return asset.hostname;
    }
    if (!asset.serial.empty()) {
        return "serial " + asset.serial;
    }
    return asset.ips.empty() ? "-" : asset.ips.front();
}

// The non-empty texts joined.
std::string join_texts(const std::vector<std::string>& texts, std::string_view separator = ",") {
    std::string out;
    for (const std::string& text : texts) {
        if (!text.empty()) {
            out += (out.empty() ? "" : std::string(separator)) + text;
        }
    }
    return out;
}

int run_list(Context& context, const inventory::AssetListFilter& filter, bool as_json) {
    if (!filter.kind.empty() && !inventory::parse_asset_kind(filter.kind)) {
        fmt::print(stderr,
                   "wardround: error: --kind must be endpoint, server, network-device, "
                   "medical-device, iot, virtual or unknown\n");
        return kExitUsage;
    }
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    inventory::AssetListFilter canonical = filter;
    if (!filter.kind.empty()) {
        canonical.kind =
            std::string(inventory::asset_kind_name(*inventory::parse_asset_kind(filter.kind)));
    }
    auto assets = inventory::list_assets(**database, canonical);
    if (!assets) {
        return report_error(assets.error());
    }
    if (as_json) {
        Json list = Json::array();
        for (const AssetSummary& asset : *assets) {
            list.push_back(summary_json(asset));
        }
        print_json(Json{{"assets", std::move(list)}});
        return kExitOk;
    }
    Table table({"ID", "ORG", "KIND", "NAME", "ADDRESS", "OS", "SITE", "COMPONENTS", "LAST SEEN",
                 "SOURCES"});
    for (const AssetSummary& asset : *assets) {
        std::string os = asset.os_name;
        if (!asset.os_version.empty()) {
            os += (os.empty() ? "" : " ") + asset.os_version;
        }
        table.add({std::to_string(asset.id), asset.org_code,
                   asset.kind + (asset.stale ? " (stale)" : ""), asset_name(asset),
                   asset.ips.empty() ? "" : asset.ips.front(), os, asset.site,
                   std::to_string(asset.components), asset.last_seen.substr(0, 10),
                   join_texts(asset.sources)});
    }
    table.print();
    return kExitOk;
}

Json detail_json(const AssetDetail& detail) {
    Json json = summary_json(detail.summary);
    json["os_build"] = text_or_null(detail.os_build);
    json["os_cpe"] = text_or_null(detail.os_cpe);
    json["owner"] = text_or_null(detail.owner);
    json["criticality"] = text_or_null(detail.criticality);
    json["internet_facing"] = optional_bool_json(detail.internet_facing);
    json["network_connected"] = optional_bool_json(detail.network_connected);
    json["supported_until"] = text_or_null(detail.supported_until);
    json["mds2"] = text_or_null(detail.mds2);
    Json identifiers = Json::array();
    for (const auto& [kind, value] : detail.identifiers) {
        identifiers.push_back(Json{{"kind", kind}, {"value", value}});
    }
    json["identifiers"] = std::move(identifiers);
    Json sources = Json::array();
    for (const auto& source : detail.sources) {
        sources.push_back(Json{{"source", source.source},
                               {"format", source.format},
                               {"source_key", text_or_null(source.source_key)},
                               {"first_seen", source.first_seen},
                               {"last_seen", source.last_seen},
                               {"observed_at", source.observed_at},
                               {"stale", source.stale},
                               {"view", Json::parse(source.view, nullptr, false)}});
    }
    json["source_views"] = std::move(sources);
    Json conflicts = Json::array();
    for (const auto& conflict : detail.conflicts) {
        conflicts.push_back(Json{{"field", conflict.field},
                                 {"kept_value", conflict.kept_value},
                                 {"kept_source", conflict.kept_source},
                                 {"other_value", conflict.other_value},
                                 {"other_source", conflict.other_source}});
    }
    json["conflicts"] = std::move(conflicts);
    Json components = Json::array();
    for (const auto& component : detail.components) {
        components.push_back(Json{{"source", component.source},
                                  {"type", text_or_null(component.type)},
                                  {"vendor", text_or_null(component.vendor)},
                                  {"product", text_or_null(component.product)},
                                  {"version", text_or_null(component.version)},
                                  {"identity", Json{{"status", component.status},
                                                    {"cpe", text_or_null(component.cpe)},
                                                    {"purl", text_or_null(component.purl)},
                                                    {"method", text_or_null(component.method)},
                                                    {"confidence", component.confidence}}}});
    }
    json["components_list"] = std::move(components);
    Json exposures = Json::array();
    for (const auto& exposure : detail.exposures) {
        exposures.push_back(Json{
            {"source", exposure.source},
            {"port", exposure.port},
            {"protocol", exposure.protocol},
            {"state", text_or_null(exposure.state)},
            {"service", text_or_null(exposure.service)},
            {"product", text_or_null(exposure.product)},
            {"version", text_or_null(exposure.version)},
            {"cpes", Json::parse(exposure.cpes.empty() ? "[]" : exposure.cpes, nullptr, false)}});
    }
    json["exposures_list"] = std::move(exposures);
    Json facts = Json::array();
    for (const auto& fact : detail.facts) {
        facts.push_back(Json{{"name", fact.name},
                             {"value", fact.value},
                             {"source", fact.source},
                             {"observed_at", fact.observed_at}});
    }
    json["facts"] = std::move(facts);
    return json;
}

void print_field(std::string_view label, const std::string& value) {
    if (!value.empty()) {
        fmt::print("  {:<18}{}\n", std::string(label) + ":", value);
    }
}

void print_asset_fields(const AssetDetail& detail) {
    const AssetSummary& asset = detail.summary;
    fmt::print("asset {}  {}  ({}, {}{})\n", asset.id, asset_name(asset), asset.org_code,
               asset.kind, asset.stale ? ", stale" : "");
    print_field("fqdn", asset.fqdn);
    print_field("serial", asset.serial);
    print_field("addresses", join_texts(asset.ips, ", "));
    print_field("MACs", join_texts(asset.macs, ", "));
    std::string os = asset.os_name;
    for (const std::string* part : {&asset.os_version, &detail.os_build}) {
        if (!part->empty()) {
            os += " " + *part;
        }
    }
    print_field("OS", os);
    print_field("OS CPE", detail.os_cpe);
    print_field("made by", join_texts({asset.manufacturer, asset.model}, " "));
    print_field("site", join_texts({asset.site, asset.department}, " / "));
    print_field("owner", detail.owner);
    print_field("criticality", detail.criticality);
    if (detail.internet_facing) {
        print_field("internet-facing", *detail.internet_facing ? "yes" : "no");
    }
    if (detail.network_connected) {
        print_field("networked", *detail.network_connected ? "yes" : "no");
    }
    print_field("supported until", detail.supported_until);
    print_field("MDS2", detail.mds2);
    print_field("seen", asset.first_seen + " to " + asset.last_seen);
}

void print_sources(const AssetDetail& detail) {
    fmt::print("\n  sources:\n");
    for (const auto& source : detail.sources) {
        fmt::print("    {}/{} {}  report {}, last seen {}{}\n", source.source, source.format,
                   source.source_key.empty() ? "-" : source.source_key, source.observed_at,
                   source.last_seen, source.stale ? "  [stale]" : "");
    }
    if (!detail.conflicts.empty()) {
        fmt::print("\n  disagreements (newest kept):\n");
        for (const auto& conflict : detail.conflicts) {
            fmt::print("    {}: '{}' ({}) vs '{}' ({})\n", conflict.field, conflict.kept_value,
                       conflict.kept_source, conflict.other_value, conflict.other_source);
        }
    }
}

// One line per fact name and source: "hotfix: KB5034441, KB5034763  (osquery/osquery, 2024-11-01)".
void print_facts(const AssetDetail& detail) {
    if (detail.facts.empty()) {
        return;
    }
    fmt::print("\n  posture:\n");
    const auto& facts = detail.facts;  // ordered by name, source, value
    for (std::size_t first = 0; first < facts.size();) {
        std::size_t end = first;
        std::vector<std::string> values;
        while (end < facts.size() && facts[end].name == facts[first].name &&
               facts[end].source == facts[first].source) {
            values.push_back(facts[end].value);
            ++end;
        }
        fmt::print("    {:<30}{}  ({}, {})\n", facts[first].name + ":", join_texts(values, ", "),
                   facts[first].source, facts[first].observed_at);
        first = end;
    }
}

void print_parts(const AssetDetail& detail) {
    if (!detail.exposures.empty()) {
        fmt::print("\n  services:\n");
        for (const auto& exposure : detail.exposures) {
            fmt::print(
                "    {}/{} {}\n", exposure.port, exposure.protocol,
                join_texts({exposure.state, exposure.service, exposure.product, exposure.version},
                           " "));
        }
    }
    if (detail.components.empty()) {
        return;
    }
    fmt::print("\n  components ({}):\n", detail.components.size());
    Table table({"TYPE", "VENDOR", "PRODUCT", "VERSION", "IDENTITY", "HOW", "SOURCE"});
    for (const auto& component : detail.components) {
        const std::string identity = component.cpe.empty() ? component.purl : component.cpe;
        table.add({component.type, component.vendor, component.product, component.version,
                   component.status == "resolved" ? identity : component.status,
                   component.method.empty()
                       ? ""
                       : component.method + " " + std::to_string(component.confidence),
                   component.source});
    }
    table.print();
}

void print_detail_text(const AssetDetail& detail) {
    print_asset_fields(detail);
    print_sources(detail);
    print_facts(detail);
    print_parts(detail);
}

int run_show(Context& context, const std::string& org, const std::string& asset, bool as_json) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto detail = inventory::show_asset(**database, InventoryScope{org}, asset);
    if (!detail) {
        return report_error(detail.error());
    }
    if (as_json) {
        print_json(detail_json(*detail));
    } else {
        print_detail_text(*detail);
    }
    return kExitOk;
}

int run_stats(Context& context, const std::string& org, bool as_json) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto stats = inventory::inventory_stats(**database, InventoryScope{org});
    if (!stats) {
        return report_error(stats.error());
    }
    const double resolved_share = stats->components == 0
                                      ? 0.0
                                      : static_cast<double>(stats->components_resolved) /
                                            static_cast<double>(stats->components);
    if (as_json) {
        print_json(Json{{"org", text_or_null(org)},
                        {"assets", stats->assets},
                        {"stale_assets", stats->stale_assets},
                        {"by_kind", stats->by_kind},
                        {"by_os", stats->by_os},
                        {"by_site", stats->by_site},
                        {"components", stats->components},
                        {"components_resolved", stats->components_resolved},
                        {"components_ambiguous", stats->components_ambiguous},
                        {"resolved_share", resolved_share},
                        {"distinct_products", stats->distinct_products},
                        {"unresolved_names", stats->unresolved_names},
                        {"exposures", stats->exposures}});
        return kExitOk;
    }
    fmt::print("assets: {} ({} stale)\n", stats->assets, stats->stale_assets);
    const auto print_counts = [](std::string_view title,
                                 const std::map<std::string, std::int64_t>& counts) {
        fmt::print("  by {}:\n", title);
        for (const auto& [name, count] : counts) {
            fmt::print("    {:>7}  {}\n", count, name);
        }
    };
    print_counts("kind", stats->by_kind);
    print_counts("operating system", stats->by_os);
    print_counts("site", stats->by_site);
    fmt::print(
        "components: {} ({:.1f}% resolved to a product identity, {} ambiguous); {} distinct "
        "products; {} names unresolved (wardround inventory unresolved)\n",
        stats->components, resolved_share * 100.0, stats->components_ambiguous,
        stats->distinct_products, stats->unresolved_names);
    fmt::print("services: {}\n", stats->exposures);
    return kExitOk;
}

int run_unresolved(Context& context, const std::string& org, bool as_json) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto names = inventory::unresolved_names(**database, InventoryScope{org});
    if (!names) {
        return report_error(names.error());
    }
    if (as_json) {
        Json list = Json::array();
        for (const auto& name : *names) {
            list.push_back(Json{{"key", name.key},
                                {"status", name.status},
                                {"vendor", text_or_null(name.vendor)},
                                {"product", text_or_null(name.product)},
                                {"candidates", name.candidates},
                                {"assets", name.assets},
                                {"components", name.components}});
        }
        print_json(Json{{"unresolved", std::move(list)}});
        return kExitOk;
    }
    Table table({"ASSETS", "COMPONENTS", "STATUS", "KEY", "AS WRITTEN", "CANDIDATES"});
    for (const auto& name : *names) {
        table.add({std::to_string(name.assets), std::to_string(name.components), name.status,
                   name.key, join_texts({name.vendor, name.product}, " / "),
                   join_texts(name.candidates, " ")});
    }
    table.print();
    if (!names->empty()) {
        fmt::print("\nmap one with: wardround identity map KEY vendor:product\n");
    }
    return kExitOk;
}

int run_map(Context& context, const inventory::NewIdentityMapping& mapping) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto outcome = inventory::add_identity_mapping(**database, mapping);
    if (!outcome) {
        return report_error(outcome.error());
    }
    fmt::print("mapping stored; {} names re-resolved, {} components affected\n",
               outcome->identities_changed, outcome->components_affected);
    return kExitOk;
}

int run_refresh(Context& context) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto outcome = inventory::refresh_identities(**database);
    if (!outcome) {
        return report_error(outcome.error());
    }
    fmt::print("{} names re-resolved, {} components affected\n", outcome->identities_changed,
               outcome->components_affected);
    return kExitOk;
}

void add_import(CLI::App& inventory_command, Context& context) {
    auto* import_command = inventory_command.add_subcommand(
        "import", "Import assets and components from inventory exports, scans and SBOMs");
    auto arguments = std::make_shared<ImportArguments>();
    auto as_json = std::make_shared<bool>(false);
    import_command->add_option("--org", arguments->org, "the organisation whose estate it is")
        ->required();
    import_command->add_option("--format", arguments->format,
                               "force the format: " + inventory::inventory_format_names());
    import_command->add_option(
        "--source", arguments->source,
        "name this family of reports (e.g. nmap-ward-7): staleness is judged within it");
    import_command->add_option("--asset", arguments->attach_to,
                               "attach the file's components to this asset (number, serial or "
                               "host name): a device's manufacturer SBOM");
    import_command->add_option("--map", arguments->map,
                               "rename CSV columns: \"Their Name=our_name,Other=serial\"");
    import_command->add_flag("--strict", arguments->strict,
                             "reject a file with any warning or error diagnostic");
    import_command->add_flag("--json", *as_json, "JSON output");
    import_command->add_option("files", arguments->files, "files (gzip or xz compressed too)")
        ->required();
    import_command->callback([&context, arguments, as_json] {
        context.run = [&context, arguments, as_json] {
            return run_import(context, *arguments, *as_json);
        };
    });
}

void add_queries(CLI::App& inventory_command, Context& context) {
    auto* list = inventory_command.add_subcommand("list", "List assets");
    auto filter = std::make_shared<inventory::AssetListFilter>();
    auto list_json = std::make_shared<bool>(false);
    list->add_option("--org", filter->scope.org_code, "this organisation and those beneath it");
    list->add_option("--kind", filter->kind, "only this kind of asset");
    list->add_flag("--json", *list_json, "JSON output");
    list->callback([&context, filter, list_json] {
        context.run = [&context, filter, list_json] {
            return run_list(context, *filter, *list_json);
        };
    });

    auto* show = inventory_command.add_subcommand(
        "show",
        "Show one asset with its components, services, posture facts, sources and disagreements");
    auto show_org = std::make_shared<std::string>();
    auto asset = std::make_shared<std::string>();
    auto show_json = std::make_shared<bool>(false);
    show->add_option("asset", *asset, "asset number, serial or host name")->required();
    show->add_option("--org", *show_org, "look for the name in this organisation");
    show->add_flag("--json", *show_json, "JSON output");
    show->callback([&context, show_org, asset, show_json] {
        context.run = [&context, show_org, asset, show_json] {
            return run_show(context, *show_org, *asset, *show_json);
        };
    });

    auto* stats = inventory_command.add_subcommand(
        "stats", "Assets by kind, OS and site; components and how many resolved; stale assets");
    auto stats_org = std::make_shared<std::string>();
    auto stats_json = std::make_shared<bool>(false);
    stats->add_option("--org", *stats_org, "this organisation and those beneath it");
    stats->add_flag("--json", *stats_json, "JSON output");
    stats->callback([&context, stats_org, stats_json] {
        context.run = [&context, stats_org, stats_json] {
            return run_stats(context, *stats_org, *stats_json);
        };
    });

    auto* unresolved = inventory_command.add_subcommand(
        "unresolved", "Software names not resolved to one product, most widespread first");
    auto unresolved_org = std::make_shared<std::string>();
    auto unresolved_json = std::make_shared<bool>(false);
    unresolved->add_option("--org", *unresolved_org, "this organisation and those beneath it");
    unresolved->add_flag("--json", *unresolved_json, "JSON output");
    unresolved->callback([&context, unresolved_org, unresolved_json] {
        context.run = [&context, unresolved_org, unresolved_json] {
            return run_unresolved(context, *unresolved_org, *unresolved_json);
        };
    });
}

}  // namespace

void add_inventory_commands(CLI::App& app, Context& context) {
    auto* inventory_command =
        app.add_subcommand("inventory", "The estate: assets, components and services");
    inventory_command->require_subcommand(1);
    add_import(*inventory_command, context);
    add_queries(*inventory_command, context);
}

void add_identity_commands(CLI::App& app, Context& context) {
    auto* identity = app.add_subcommand(
        "identity", "Product identities: how software names map to CPE vendor:product");
    identity->require_subcommand(1);
    auto* map = identity->add_subcommand(
        "map", "Map a name (a KEY from 'inventory unresolved') to a CPE vendor:product everywhere");
    auto mapping = std::make_shared<inventory::NewIdentityMapping>();
    map->add_option("key", mapping->key, "vendor|product as listed, or |product for any vendor")
        ->required();
    map->add_option("cpe", mapping->cpe, "vendor:product, part:vendor:product or a CPE 2.3 name")
        ->required();
    map->add_option("--note", mapping->note, "why (kept with the mapping)");
    map->callback([&context, mapping] {
        context.run = [&context, mapping] {
            return run_map(context, *mapping);
        };
    });
    auto* refresh = identity->add_subcommand(
        "refresh", "Re-resolve every stored name (after a knowledge-base update)");
    refresh->callback([&context] {
        context.run = [&context] {
            return run_refresh(context);
        };
    });
}

}  // namespace wardround::cli
