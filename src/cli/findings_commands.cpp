// SPDX-License-Identifier: Apache-2.0
// wardround scan, and wardround findings list|explain|accept|false-positive.
#include <cstdlib>
#include <memory>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <wardround/findings/affected.h>
#include <wardround/findings/findings_queries.h>
#include <wardround/findings/scan.h>
#include <wardround/findings/vex.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

using findings::FindingRow;

struct ScanArguments {
    std::string org;
    std::string policy;
    bool full = false;
    bool json = false;
};

Json scan_json(const findings::ScanSummary& summary) {
    return Json{{"scan_id", summary.scan_id},
                {"mode", summary.incremental ? "incremental" : "full"},
                {"scope", summary.scope_reason},
                {"started_at", summary.started_at},
                {"finished_at", summary.finished_at},
                {"knowledge_base",
                 {{"version", summary.kb_version},
                  {"newest_record", summary.kb_newest},
                  {"age_days", summary.kb_age_days ? Json(*summary.kb_age_days) : Json(nullptr)},
                  {"demo_subset", summary.kb_demo},
                  {"cves_indexed", summary.cves},
                  {"cves_without_configurations", summary.cves_without_configurations}}},
                {"assets", summary.assets},
                {"distinct_software", summary.software},
                {"components_without_cpe", summary.unresolved_components},
                {"new", summary.findings_new},
                {"reopened", summary.findings_reopened},
                {"fixed", summary.findings_fixed},
                {"open", summary.findings_open},
                {"open_by_priority", summary.open_by_priority},
                {"open_kev", summary.open_kev},
                {"acceptances_expired", summary.acceptances_expired},
                {"not_affected", summary.suppressed},
                {"not_evaluable", summary.not_evaluable}};
}

int run_scan(Context& context, const ScanArguments& arguments) {
    findings::ScanOptions options;
    options.org_code = arguments.org;
    options.full = arguments.full;
    if (!arguments.policy.empty()) {
        auto policy = findings::load_priority_policy(arguments.policy);
        if (!policy) {
            return report_error(policy.error());
        }
        options.policy = *policy;
    }
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    TerminalProgress progress;
    auto summary = findings::run_scan(**database, options, &progress);
    if (!summary) {
        return report_error(summary.error());
    }
    if (arguments.json) {
        print_json(scan_json(*summary));
        return kExitOk;
    }
    fmt::print("scan {} ({}: {}): {} assets matched, {} distinct software names\n",
               summary->scan_id, summary->incremental ? "incremental" : "full",
               summary->scope_reason, summary->assets, summary->software);
    fmt::print(
        "findings: {} new, {} reopened, {} fixed; {} open (P1 {}, P2 {}, P3 {}, P4 {}), {} "
        "of them in KEV\n",
        summary->findings_new, summary->findings_reopened, summary->findings_fixed,
        summary->findings_open, summary->open_by_priority["P1"], summary->open_by_priority["P2"],
        summary->open_by_priority["P3"], summary->open_by_priority["P4"], summary->open_kev);
    fmt::print(
        "not evaluable: {} asset and CVE pairs, never counted as safe; {} components have no "
        "CPE name (wardround inventory unresolved)\n",
        summary->not_evaluable, summary->unresolved_components);
    std::string age = summary->kb_age_days ? fmt::format("{:.0f} days old", *summary->kb_age_days)
                                           : std::string("age unknown");
    fmt::print("knowledge base: {} CVEs indexed ({} awaiting analysis), newest record {}, {}{}\n",
               summary->cves, summary->cves_without_configurations, summary->kb_newest, age,
               summary->kb_demo ? "; DEMO SUBSET, not a full feed" : "");
    if (summary->suppressed > 0) {
        fmt::print(
            "{} matches are not affected by the vendor's own statement (VEX) or fixed in "
            "the installed version: kept as not_affected\n",
            summary->suppressed);
    }
    if (summary->acceptances_expired > 0) {
        fmt::print("{} accepted risks expired and are open again\n", summary->acceptances_expired);
    }
    return kExitOk;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size() && !text.empty()) {
        const std::size_t comma = text.find(',', start);
        const std::string item =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty()) {
            out.push_back(item);
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

struct ListArguments {
    std::string org;
    std::string priority;
    std::string status;
    std::string vuln;
    bool kev = false;
    bool json = false;
    bool csv = false;
    std::int64_t limit = 0;
};

Json row_json(const FindingRow& row) {
    return Json{{"id", row.id},
                {"org", row.org_code},
                {"asset_id", row.asset_id},
                {"hostname", row.hostname},
                {"vendor", row.vendor},
                {"product", row.product},
                {"version", row.version},
                {"vulnerability", row.vuln_id},
                {"source", row.source},
                {"status", row.status},
                {"priority", row.priority},
                {"priority_score", row.priority_score},
                {"due_date", row.due_date.empty() ? Json(nullptr) : Json(row.due_date)},
                {"kev", row.kev},
                {"first_seen", row.first_seen},
                {"last_seen", row.last_seen},
                {"fixed_at", row.fixed_at.empty() ? Json(nullptr) : Json(row.fixed_at)}};
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string quoted = "\"";
    for (const char c : text) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + "\"";
}

int run_list(Context& context, const ListArguments& arguments) {
    findings::FindingFilter filter;
    filter.org_code = arguments.org;
    filter.priorities = split_list(arguments.priority);
    filter.statuses = split_list(arguments.status);
    filter.kev_only = arguments.kev;
    filter.vuln_id = arguments.vuln;
    filter.limit = arguments.limit;
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto rows = findings::list_findings(**database, filter);
    if (!rows) {
        return report_error(rows.error());
    }
    if (arguments.json) {
        Json list = Json::array();
        for (const FindingRow& row : *rows) {
            list.push_back(row_json(row));
        }
        print_json(Json{{"findings", std::move(list)}});
        return kExitOk;
    }
    if (arguments.csv) {
        fmt::print(
            "id,org,asset_id,hostname,vendor,product,version,vulnerability,status,priority,"
            "due_date,kev\n");
        for (const FindingRow& row : *rows) {
            fmt::print("{},{},{},{},{},{},{},{},{},{},{},{}\n", row.id, csv_field(row.org_code),
                       row.asset_id, csv_field(row.hostname), csv_field(row.vendor),
                       csv_field(row.product), csv_field(row.version), csv_field(row.vuln_id),
                       row.status, row.priority, row.due_date, row.kev ? "yes" : "no");
        }
        return kExitOk;
    }
    Table table({"ID", "ORG", "ASSET", "HOST", "COMPONENT", "VULNERABILITY", "STATUS", "PRIORITY",
                 "DUE", "KEV"});
    for (const FindingRow& row : *rows) {
        table.add({std::to_string(row.id), row.org_code, std::to_string(row.asset_id), row.hostname,
                   fmt::format("{} {} {}", row.vendor, row.product, row.version), row.vuln_id,
                   row.status, row.priority, row.due_date, row.kev ? "yes" : ""});
    }
    table.print();
    fmt::print(stderr, "{} findings\n", rows->size());
    return kExitOk;
}

// How a scan decided the finding: the component's identity, then the advisory or the NVD
// configuration that holds.
void print_match_explanation(const FindingRow& row,
                             const std::string& matched_as,
                             const Json& explanation) {
    fmt::print("\nidentity\n  {} {} {}\n  matched as {}\n", row.vendor, row.product, row.version,
               matched_as);
    if (explanation.is_object() && explanation.contains("advisory")) {
        const Json& package = explanation["package"];
        if (explanation["advisory"].value("format", std::string()) == "csaf") {
            fmt::print("  the device's firmware, against the advisory's product {} {} ({})\n",
                       package.value("ecosystem", std::string()),
                       package.value("name", std::string()),
                       package.value("identity", std::string()));
        } else {
            fmt::print("  from the package {} ({} {}, {})\n", package.value("purl", std::string()),
                       package.value("ecosystem", std::string()),
                       package.value("name", std::string()),
                       package.value("identity", std::string()));
        }
        fmt::print("\nadvisory {} ({})\n", explanation["advisory"].value("id", std::string()),
                   explanation["advisory"].value("format", std::string()));
        for (const Json& step : explanation["steps"]) {
            fmt::print("    {}\n", step.get<std::string>());
        }
    } else if (explanation.is_object()) {
        const Json& software = explanation["software"];
        fmt::print("  from the {} ({}), {} version ordering\n",
                   software.value("origin", std::string()),
                   software.value("identity", std::string()),
                   software.value("version_scheme", std::string()));
        const Json& configuration = explanation["configuration"];
        fmt::print("\nconfiguration {} of {} ({}{}) holds\n", configuration.value("index", 0) + 1,
                   configuration.value("of", 0), configuration.value("operator", std::string()),
                   configuration.value("negate", false) ? ", negated" : "");
        for (const Json& matched : explanation["matched"]) {
            fmt::print("  vulnerable: {}\n", matched.value("criteria", std::string()));
            for (const Json& step : matched["steps"]) {
                fmt::print("    {}\n", step.get<std::string>());
            }
        }
        for (const Json& platform : explanation["platform"]) {
            fmt::print("  running on: {}\n    satisfied by {} ({})\n",
                       platform.value("criteria", std::string()),
                       platform.value("satisfied_by", std::string()),
                       platform.value("origin", std::string()));
        }
    }
}

// Which hygiene rule failed and on which facts, what to do, and what it evidences.
void print_check_explanation(const Json& explanation) {
    const Json& check = explanation["check"];
    fmt::print("\nrule {}: {} (pack {})\n", check.value("rule", std::string()),
               check.value("title", std::string()), check.value("pack", std::string()));
    fmt::print("  severity {}", check.value("severity", std::string()));
    if (check.contains("tailoring") && check["tailoring"].is_object()) {
        const Json& tailoring = check["tailoring"];
        fmt::print(" (set by {} on {}: {}; the rule says {})",
                   tailoring.value("decided_by", std::string()),
                   tailoring.value("decided_at", std::string()),
                   tailoring.value("reason", std::string()),
                   check.value("rule_severity", std::string()));
    }
    fmt::print("\n  why it matters: {}\n\nthe facts that failed it\n",
               check.value("rationale", std::string()));
    for (const Json& step : explanation.value("steps", Json::array())) {
        fmt::print("    {}\n", step.get<std::string>());
    }
    fmt::print("\nremediation: {}\n", check.value("remediation", std::string()));
    std::vector<std::string> evidences;
    for (const Json& evidence : check.value("evidences", Json::array())) {
        evidences.push_back(evidence.value("framework", std::string()) + " " +
                            evidence.value("item", std::string()));
    }
    if (!evidences.empty()) {
        fmt::print("evidence for: {}\n", fmt::join(evidences, ", "));
    }
}

int run_explain(Context& context, std::int64_t id, bool as_json) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto detail = findings::get_finding(**database, id);
    if (!detail) {
        return report_error(detail.error());
    }
    const Json reasons = Json::parse(detail->reasons, nullptr, false);
    const Json explanation = Json::parse(detail->explanation, nullptr, false);
    Json events = Json::array();
    for (const findings::FindingEvent& event : detail->events) {
        events.push_back({{"at", event.at},
                          {"from", event.from_status},
                          {"to", event.to_status},
                          {"actor", event.actor},
                          {"reason", event.reason}});
    }
    if (as_json) {
        Json out = row_json(detail->row);
        out["software"] = detail->software;
        out["priority_reasons"] = reasons;
        out["match"] = explanation;
        out["knowledge_base"] = detail->kb_version;
        out["decision"] = {{"reason", detail->decision_reason},
                           {"owner", detail->decision_owner},
                           {"until", detail->decision_until}};
        out["events"] = events;
        print_json(out);
        return kExitOk;
    }
    const FindingRow& row = detail->row;
    fmt::print("finding {}: {} on {} (asset {}, {})\n", row.id, row.vuln_id, row.hostname,
               row.asset_id, row.org_code);
    fmt::print("status {}, priority {} (score {:.1f}), due {}\n", row.status, row.priority,
               row.priority_score, row.due_date.empty() ? "-" : row.due_date);
    const bool check = explanation.is_object() && explanation.contains("check");
    if (check) {
        print_check_explanation(explanation);
    } else {
        print_match_explanation(row, detail->software, explanation);
    }
    fmt::print("\npriority {} = {:.1f} points\n", row.priority, row.priority_score);
    if (reasons.is_array()) {
        for (const Json& reason : reasons) {
            fmt::print("  +{:.1f} {}: {}\n", reason.value("points", 0.0),
                       reason.value("factor", std::string()),
                       reason.value("detail", std::string()));
        }
    }
    fmt::print("\n{}: {}\n", check ? "rules" : "knowledge base", detail->kb_version);
    if (!detail->decision_reason.empty()) {
        fmt::print("decision: {} (owner {}, until {})\n", detail->decision_reason,
                   detail->decision_owner.empty() ? "-" : detail->decision_owner,
                   detail->decision_until.empty() ? "-" : detail->decision_until);
    }
    fmt::print("\nhistory\n");
    for (const findings::FindingEvent& event : detail->events) {
        fmt::print("  {} {} -> {}{}\n", event.at,
                   event.from_status.empty() ? "(none)" : event.from_status, event.to_status,
                   event.reason.empty() ? "" : " (" + event.reason + ")");
    }
    return kExitOk;
}

struct DecideArguments {
    std::int64_t id = 0;
    findings::DecisionRequest request;
};

int run_decide(Context& context, const DecideArguments& arguments) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    findings::DecisionRequest request = arguments.request;
    if (request.actor.empty()) {
        const char* user = std::getenv("USER");
        request.actor = user != nullptr ? user : "";
    }
    auto decided = findings::decide_finding(**database, arguments.id, request, now_utc());
    if (!decided) {
        return report_error(decided.error());
    }
    fmt::print(
        "finding {} is now {}\n", arguments.id,
        request.decision == findings::Decision::kAccept ? "accepted risk" : "a false positive");
    return kExitOk;
}

void add_decision(CLI::App& parent, Context& context, findings::Decision decision) {
    const bool accept = decision == findings::Decision::kAccept;
    auto* command = parent.add_subcommand(
        accept ? "accept" : "false-positive",
        accept ? "Accept the risk of a finding until a date, with an owner and a reason"
               : "Mark a finding as a false positive, with the reason");
    auto arguments = std::make_shared<DecideArguments>();
    arguments->request.decision = decision;
    command->add_option("id", arguments->id, "the finding's id")->required();
    command->add_option("--reason", arguments->request.reason, "why")->required();
    if (accept) {
        command->add_option("--owner", arguments->request.owner, "who answers for the risk")
            ->required();
        command
            ->add_option("--until", arguments->request.until,
                         "YYYY-MM-DD: after this date the finding is open again")
            ->required();
    }
    command->add_option("--by", arguments->request.actor, "who decides (default: $USER)");
    command->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return run_decide(context, *arguments);
        };
    });
}

int run_affected(Context& context, const std::string& cve, const std::string& org, bool as_json) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto report = findings::affected_by(**database, cve, org);
    if (!report) {
        return report_error(report.error());
    }
    if (as_json) {
        Json assets = Json::array();
        for (const findings::AffectedAsset& asset : report->assets) {
            assets.push_back(
                {{"org", asset.org_code},
                 {"org_name", asset.org_name},
                 {"asset_id", asset.asset_id},
                 {"hostname", asset.hostname},
                 {"outcome", asset.outcome},
                 {"software", asset.software},
                 {"version", asset.version},
                 {"reason", asset.reason.empty() ? Json(nullptr) : Json(asset.reason)}});
        }
        print_json(Json{{"cve", report->cve},
                        {"in_knowledge_base", report->known},
                        {"has_configurations", report->has_configurations},
                        {"candidates", report->candidates},
                        {"organisations", report->organisations},
                        {"affected", report->affected},
                        {"not_evaluable", report->not_evaluable},
                        {"unindexed_criteria", report->unindexed_criteria},
                        {"assets", std::move(assets)}});
        return kExitOk;
    }
    if (!report->known) {
        fmt::print("{} is not in the knowledge base: import the NVD records first\n", report->cve);
        return kExitOk;
    }
    if (!report->has_configurations) {
        fmt::print(
            "{} has no configurations yet (awaiting NVD analysis): exposure cannot be "
            "decided from the knowledge base\n",
            report->cve);
        return kExitOk;
    }
    Table table({"ORG", "ASSET", "HOST", "OUTCOME", "SOFTWARE", "VERSION", "WHY NOT DECIDED"});
    for (const findings::AffectedAsset& asset : report->assets) {
        table.add({asset.org_code, std::to_string(asset.asset_id), asset.hostname, asset.outcome,
                   asset.software, asset.version, asset.reason});
    }
    table.print();
    fmt::print(
        "{}: {} assets affected in {} organisations, {} not evaluable ({} assets run a "
        "product it names)\n",
        report->cve, report->affected, report->organisations, report->not_evaluable,
        report->candidates);
    if (report->unindexed_criteria > 0) {
        fmt::print("{} criteria name wildcard vendors or products and were not checked\n",
                   report->unindexed_criteria);
    }
    return kExitOk;
}

struct VexArguments {
    std::string org;
    std::string asset;
    std::vector<std::string> files;
    bool json = false;
};

int run_vex_import(Context& context, const VexArguments& arguments) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    Json reports = Json::array();
    bool diagnostics = false;
    for (const std::string& file : arguments.files) {
        auto report = findings::import_vex_file(**database, file, arguments.org, arguments.asset);
        if (!report) {
            return report_error(report.error());
        }
        diagnostics = diagnostics || !report->diagnostics.empty();
        if (arguments.json) {
            reports.push_back({{"file", report->file},
                               {"statements", report->statements},
                               {"suppressing", report->suppressing},
                               {"diagnostics", report->diagnostics.total()}});
        } else {
            fmt::print(
                "{}: {} VEX statements kept, {} of them not_affected, false_positive or "
                "resolved (the next scan applies them)\n",
                report->file, report->statements, report->suppressing);
        }
        print_diagnostics(report->diagnostics);
    }
    if (arguments.json) {
        print_json(Json{{"files", std::move(reports)}});
    }
    return diagnostics ? kExitWithDiagnostics : kExitOk;
}

}  // namespace

void add_findings_commands(CLI::App& app, Context& context) {
    auto* scan = app.add_subcommand(
        "scan", "Match the estate against the knowledge base and bring the findings up to date");
    auto scan_arguments = std::make_shared<ScanArguments>();
    scan->add_option("--org", scan_arguments->org,
                     "this organisation and those beneath it (default: all)");
    scan->add_option("--policy", scan_arguments->policy,
                     "priority policy file (JSON; the README documents the defaults)");
    scan->add_flag("--full", scan_arguments->full,
                   "match every asset, not only what changed since the last scan");
    scan->add_flag("--json", scan_arguments->json, "JSON output");
    scan->callback([&context, scan_arguments] {
        context.run = [&context, scan_arguments] {
            return run_scan(context, *scan_arguments);
        };
    });

    auto* findings_command = app.add_subcommand("findings", "Read and decide on findings");
    findings_command->require_subcommand(1);
    auto* list = findings_command->add_subcommand("list", "List findings, highest priority first");
    auto list_arguments = std::make_shared<ListArguments>();
    list->add_option("--org", list_arguments->org, "this organisation and those beneath it");
    list->add_option("--priority", list_arguments->priority, "P1,P2,... (default: all)");
    list->add_option(
        "--status", list_arguments->status,
        "new,open,reopened,fixed,accepted,false_positive,not_affected (default: the open "
        "ones)");
    list->add_option("--vulnerability", list_arguments->vuln, "only this CVE or advisory");
    list->add_flag("--kev", list_arguments->kev, "only vulnerabilities listed in CISA KEV");
    list->add_option("--limit", list_arguments->limit, "at most this many");
    auto* as_json = list->add_flag("--json", list_arguments->json, "JSON output");
    list->add_flag("--csv", list_arguments->csv, "CSV output")->excludes(as_json);
    list->callback([&context, list_arguments] {
        context.run = [&context, list_arguments] {
            return run_list(context, *list_arguments);
        };
    });

    auto* explain = findings_command->add_subcommand(
        "explain",
        "Every step of a finding: identity, version comparison, configuration, priority");
    auto explain_id = std::make_shared<std::int64_t>(0);
    auto explain_json = std::make_shared<bool>(false);
    explain->add_option("id", *explain_id, "the finding's id")->required();
    explain->add_flag("--json", *explain_json, "JSON output");
    explain->callback([&context, explain_id, explain_json] {
        context.run = [&context, explain_id, explain_json] {
            return run_explain(context, *explain_id, *explain_json);
        };
    });

    auto* affected = app.add_subcommand(
        "affected", "The organisations and assets a CVE affects, decided now from the estate");
    auto affected_cve = std::make_shared<std::string>();
    auto affected_org = std::make_shared<std::string>();
    auto affected_json = std::make_shared<bool>(false);
    affected->add_option("cve", *affected_cve, "CVE id")->required();
    affected->add_option("--org", *affected_org, "only this organisation and those beneath it");
    affected->add_flag("--json", *affected_json, "JSON output");
    affected->callback([&context, affected_cve, affected_org, affected_json] {
        context.run = [&context, affected_cve, affected_org, affected_json] {
            return run_affected(context, *affected_cve, *affected_org, *affected_json);
        };
    });

    auto* vex = app.add_subcommand("vex", "VEX statements: what does not apply, and why");
    vex->require_subcommand(1);
    auto* vex_import = vex->add_subcommand(
        "import", "Keep the CycloneDX VEX statements of files for an organisation's scans");
    auto vex_arguments = std::make_shared<VexArguments>();
    vex_import->add_option("--org", vex_arguments->org, "the organisation")->required();
    vex_import->add_option("--asset", vex_arguments->asset,
                           "the device the statements are about (id, serial or host name); "
                           "without it only statements naming a package URL are kept");
    vex_import->add_flag("--json", vex_arguments->json, "JSON output");
    vex_import->add_option("files", vex_arguments->files, "CycloneDX JSON files")->required();
    vex_import->callback([&context, vex_arguments] {
        context.run = [&context, vex_arguments] {
            return run_vex_import(context, *vex_arguments);
        };
    });

    add_decision(*findings_command, context, findings::Decision::kAccept);
    add_decision(*findings_command, context, findings::Decision::kFalsePositive);
}

}  // namespace wardround::cli
