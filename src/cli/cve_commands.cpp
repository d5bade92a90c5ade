// SPDX-License-Identifier: Apache-2.0
#include <fmt/core.h>

#include <wardround/vuln/knowledge_base.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

Json metric_json(const vuln::CveMetricView& metric) {
    return Json{{"cvss_version", metric.cvss_version},
                {"source", metric.source},
                {"type", metric.type},
                {"vector", metric.vector},
                {"base_score", metric.base_score},
                {"base_severity", metric.base_severity},
                {"from_nvd", metric.from_nvd}};
}

Json or_null(const std::string& text) {
    return text.empty() ? Json(nullptr) : Json(text);
}

// "versions from 2.0.1 (including) up to 2.12.2 (excluding)"
std::string version_range(const vuln::CpeMatchView& match) {
    std::string out;
    if (!match.version_start_including.empty()) {
        out += "from " + match.version_start_including + " (including)";
    } else if (!match.version_start_excluding.empty()) {
        out += "after " + match.version_start_excluding + " (excluding)";
    }
    if (!match.version_end_including.empty()) {
        out += std::string(out.empty() ? "" : " ") + "up to " + match.version_end_including +
               " (including)";
    } else if (!match.version_end_excluding.empty()) {
        out += std::string(out.empty() ? "" : " ") + "before " + match.version_end_excluding +
               " (excluding)";
    }
    return out;
}

Json details_json(const vuln::CveDetails& details) {
    Json json;
    json["id"] = details.id;
    json["in_nvd"] = details.in_nvd;
    json["vuln_status"] = or_null(details.vuln_status);
    json["source_identifier"] = or_null(details.source_identifier);
    json["published"] = or_null(details.published);
    json["last_modified"] = or_null(details.last_modified);
    json["description"] = or_null(details.description);
    json["cvss"] = details.headline ? metric_json(*details.headline) : Json(nullptr);
    Json metrics = Json::array();
    for (const auto& metric : details.metrics) {
        metrics.push_back(metric_json(metric));
    }
    json["metrics"] = std::move(metrics);
    json["cwes"] = details.cwes;
    json["references"] = details.references;
    Json configurations = Json::array();
    for (const auto& configuration : details.configurations) {
        Json nodes = Json::array();
        for (const auto& node : configuration.nodes) {
            Json matches = Json::array();
            for (const auto& match : node.matches) {
                matches.push_back(
                    Json{{"vulnerable", match.vulnerable},
                         {"criteria", match.criteria},
                         {"version_start_including", or_null(match.version_start_including)},
                         {"version_start_excluding", or_null(match.version_start_excluding)},
                         {"version_end_including", or_null(match.version_end_including)},
                         {"version_end_excluding", or_null(match.version_end_excluding)}});
            }
            nodes.push_back(Json{
                {"operator", node.op}, {"negate", node.negate}, {"cpe_match", std::move(matches)}});
        }
        configurations.push_back(Json{{"operator", configuration.op},
                                      {"negate", configuration.negate},
                                      {"nodes", std::move(nodes)}});
    }
    json["configurations"] = std::move(configurations);
    if (details.kev) {
        const auto& kev = *details.kev;
        json["kev"] = Json{{"vendor_project", kev.entry.vendor_project},
                           {"product", kev.entry.product},
                           {"vulnerability_name", kev.entry.vulnerability_name},
                           {"date_added", kev.entry.date_added},
                           {"due_date", kev.entry.due_date},
                           {"known_ransomware_use", kev.entry.known_ransomware_use},
                           {"required_action", kev.entry.required_action},
                           {"short_description", kev.entry.short_description},
                           {"notes", or_null(kev.entry.notes)},
                           {"first_catalog_version", kev.first_catalog_version},
                           {"catalog_version", kev.catalog_version},
                           {"removed_in_catalog", or_null(kev.removed_in_catalog)}};
    } else {
        json["kev"] = nullptr;
    }
    json["epss"] = details.epss ? Json{{"epss", details.epss->epss},
                                       {"percentile", details.epss->percentile},
                                       {"model_version", details.epss->model_version},
                                       {"score_date", details.epss->score_date}}
                                : Json(nullptr);
    Json advisories = Json::array();
    for (const auto& advisory : details.advisories) {
        advisories.push_back(Json{{"format", advisory.format},
                                  {"publisher", advisory.publisher},
                                  {"id", advisory.source_id},
                                  {"title", or_null(advisory.title)},
                                  {"modified", advisory.modified},
                                  {"product_status", advisory.product_status_counts}});
    }
    json["advisories"] = std::move(advisories);
    return json;
}

void print_nvd_record(const vuln::CveDetails& details) {
    if (!details.in_nvd) {
        fmt::print("  not in the imported NVD data\n");
        return;
    }
    fmt::print(
        "  NVD status:   {}{}\n", details.vuln_status,
        details.vuln_status == "Rejected" ? " (the CVE was withdrawn; it never matches)" : "");
    fmt::print("  published:    {}   last modified: {}\n", details.published,
               details.last_modified);
    fmt::print("  assigned by:  {}\n", details.source_identifier);
    fmt::print("\n  {}\n\n", details.description);
}

// The headline score in full, then every other score on one line each.
void print_cvss(const vuln::CveDetails& details) {
    if (!details.headline) {
        if (details.in_nvd) {
            fmt::print("  CVSS: none published yet\n");
        }
        return;
    }
    const auto& h = *details.headline;
    fmt::print("  CVSS {} {} {} ({} {} score, from {})\n", h.cvss_version, h.base_score,
               h.base_severity, h.from_nvd ? "NVD" : "CNA",
               h.type == "Primary" ? "primary" : "secondary", h.source);
    fmt::print("    {}\n", h.vector);
    for (const auto& metric : details.metrics) {
        if (metric.source == h.source && metric.cvss_version == h.cvss_version &&
            metric.type == h.type) {
            continue;
        }
        fmt::print("  also CVSS {} {} {} ({}, {})\n", metric.cvss_version, metric.base_score,
                   metric.base_severity, metric.source, metric.type);
    }
}

void print_kev(const vuln::CveDetails& details) {
    if (!details.kev) {
        fmt::print("\n  not in the imported KEV catalogue\n");
        return;
    }
    const auto& kev = details.kev->entry;
    fmt::print("\n  KNOWN EXPLOITED (CISA KEV{}): {}\n",
               details.kev->removed_in_catalog.empty()
                   ? ""
                   : ", removed in catalogue " + details.kev->removed_in_catalog,
               kev.vulnerability_name);
    fmt::print("    {} {}; added {}, due {}; ransomware use: {}\n", kev.vendor_project, kev.product,
               kev.date_added, kev.due_date, kev.known_ransomware_use);
    fmt::print("    required action: {}\n", kev.required_action);
}

void print_node(const vuln::CveNodeView& node) {
    bool node_vulnerable = false;
    for (const auto& match : node.matches) {
        node_vulnerable = node_vulnerable || match.vulnerable;
    }
    fmt::print("     {}{}{}\n", node.negate ? "NOT " : "",
               node_vulnerable ? "vulnerable, any of" : "running on / with, any of",
               node.op == "AND" ? " (all required)" : "");
    for (const auto& match : node.matches) {
        const std::string range = version_range(match);
        fmt::print("       - {}{}{}\n", match.criteria, range.empty() ? "" : "  " + range,
                   match.vulnerable ? "" : "  [platform only]");
    }
}

void print_configurations(const vuln::CveDetails& details) {
    if (!details.configurations.empty()) {
        fmt::print("\n  applies to (NVD configurations; any one suffices):\n");
    } else if (details.in_nvd) {
        fmt::print(
            "\n  no NVD configurations yet: it cannot be matched to software until NVD analyses "
            "it\n");
    }
    for (std::size_t c = 0; c < details.configurations.size(); ++c) {
        const auto& configuration = details.configurations[c];
        const bool platform = configuration.op == "AND";
        fmt::print("  {}. {}{}\n", c + 1, configuration.negate ? "NOT " : "",
                   platform ? "all of these together:" : "any of:");
        for (const auto& node : configuration.nodes) {
            print_node(node);
        }
    }
}

void print_advisories(const vuln::CveDetails& details) {
    if (details.advisories.empty()) {
        return;
    }
    fmt::print("\n  advisories:\n");
    for (const auto& advisory : details.advisories) {
        std::string statuses;
        for (const auto& [status, count] : advisory.product_status_counts) {
            statuses += fmt::format("{}{} {}", statuses.empty() ? "" : ", ", count, status);
        }
        fmt::print("    {} {} {} ({}){}\n", advisory.format, advisory.source_id, advisory.title,
                   advisory.modified, statuses.empty() ? "" : ": " + statuses);
    }
}

void print_details(const vuln::CveDetails& details) {
    fmt::print("{}\n", details.id);
    print_nvd_record(details);
    print_cvss(details);
    if (!details.cwes.empty()) {
        std::string cwes;
        for (const auto& cwe : details.cwes) {
            cwes += (cwes.empty() ? "" : ", ") + cwe;
        }
        fmt::print("  weaknesses:   {}\n", cwes);
    }
    print_kev(details);
    if (details.epss) {
        fmt::print("  EPSS {:.5f} (percentile {:.5f}; model {}, scored {})\n", details.epss->epss,
                   details.epss->percentile, details.epss->model_version, details.epss->score_date);
    }
    print_configurations(details);
    print_advisories(details);
    if (!details.references.empty()) {
        fmt::print("\n  references: {} (see --json)\n", details.references.size());
    }
}

}  // namespace

void add_cve_commands(CLI::App& app, Context& context) {
    auto* cve = app.add_subcommand("cve", "What the knowledge base knows about a CVE");
    cve->require_subcommand(1);
    auto id = std::make_shared<std::string>();
    auto as_json = std::make_shared<bool>(false);
    auto* show = cve->add_subcommand(
        "show", "Description, CVSS, CWEs, KEV, EPSS, configurations, advisories");
    show->add_option("id", *id, "CVE id, such as CVE-2017-0144")->required();
    show->add_flag("--json", *as_json, "JSON output");
    show->callback([&context, id, as_json] {
        context.run = [&context, id, as_json]() -> int {
            auto database = open_database(context);
            if (!database) {
                return report_error(database.error());
            }
            auto details = vuln::find_cve(**database, *id);
            if (!details) {
                return report_error(details.error());
            }
            if (*as_json) {
                print_json(details_json(*details));
            } else {
                print_details(*details);
            }
            return kExitOk;
        };
    });
}

}  // namespace wardround::cli
