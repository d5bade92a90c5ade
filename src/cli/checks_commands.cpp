// SPDX-License-Identifier: Apache-2.0
// wardround checks list|show|run|tailor: the hygiene rules, their results over an organisation's
// estate, and the organisation's tailoring of them.
#include <algorithm>
#include <iterator>
#include <memory>

#include <fmt/format.h>

#include <wardround/checks/checks.h>
#include <wardround/core/time.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

using checks::Rule;
using checks::RulePack;

Json rule_json(const Rule& rule) {
    Json evidences = Json::array();
    for (const checks::Evidence& evidence : rule.evidences) {
        evidences.push_back({{"framework", evidence.framework}, {"item", evidence.item}});
    }
    return Json{
        {"id", rule.id},
        {"pack", rule.pack},
        {"title", rule.title},
        {"severity", checks::severity_name(rule.severity)},
        {"rationale", rule.rationale},
        {"applies_to", {{"kinds", rule.kinds}, {"os", rule.os_families}, {"tags", rule.tags}}},
        {"when", rule.when.text()},
        {"remediation", rule.remediation},
        {"evidences", evidences},
        {"defined_at", rule.location}};
}

Result<std::vector<RulePack>> load_packs() {
    return checks::builtin_rule_packs();
}

int run_list(bool json) {
    auto packs = load_packs();
    if (!packs) {
        return report_error(packs.error());
    }
    if (json) {
        Json out = Json::array();
        for (const RulePack& pack : *packs) {
            for (const Rule& rule : pack.rules) {
                out.push_back(rule_json(rule));
            }
        }
        print_json(out);
        return kExitOk;
    }
    Table table({"id", "severity", "pack", "title"});
    for (const RulePack& pack : *packs) {
        for (const Rule& rule : pack.rules) {
            table.add(
                {rule.id, std::string(checks::severity_name(rule.severity)), pack.id, rule.title});
        }
    }
    table.print();
    return kExitOk;
}

int run_show(const std::string& id, bool json) {
    auto packs = load_packs();
    if (!packs) {
        return report_error(packs.error());
    }
    for (const RulePack& pack : *packs) {
        for (const Rule& rule : pack.rules) {
            if (rule.id != id) {
                continue;
            }
            if (json) {
                print_json(rule_json(rule));
                return kExitOk;
            }
            fmt::print("{} ({}, {}): {}\n", rule.id, checks::severity_name(rule.severity),
                       rule.pack, rule.title);
            fmt::print("why: {}\nwhen: {}\nremediation: {}\n", rule.rationale, rule.when.text(),
                       rule.remediation);
            fmt::print("applies to: kinds [{}], os [{}], tags [{}]\n", fmt::join(rule.kinds, ", "),
                       fmt::join(rule.os_families, ", "), fmt::join(rule.tags, ", "));
            for (const checks::Evidence& evidence : rule.evidences) {
                fmt::print("evidences: {} {}\n", evidence.framework, evidence.item);
            }
            return kExitOk;
        }
    }
    return report_error(Error{ErrorCode::kNotFound, "no rule has the id " + id, {}});
}

struct RunArguments {
    std::string org;
    std::vector<std::string> rules;
    bool json = false;
    bool dry_run = false;
};

Json findings_json(const findings::RunCounts& counts) {
    return Json{{"run_id", counts.run_id},
                {"new", counts.created},
                {"reopened", counts.reopened},
                {"fixed", counts.fixed},
                {"set_aside", counts.set_aside},
                {"acceptances_expired", counts.acceptances_expired},
                {"undecided", counts.undecided},
                {"open", counts.open},
                {"open_by_priority", counts.open_by_priority}};
}

Json report_json(const checks::CheckReport& report) {
    Json rules = Json::array();
    for (const checks::RuleCounts& counts : report.rules) {
        rules.push_back({{"id", counts.rule_id},
                         {"severity", checks::severity_name(counts.severity)},
                         {"failed", counts.failed},
                         {"passed", counts.passed},
                         {"not_evaluable", counts.not_evaluable},
                         {"not_applicable", counts.not_applicable}});
    }
    Json results = Json::array();
    for (const checks::RuleResult& result : report.results) {
        results.push_back(
            {{"rule", result.rule_id},
             {"asset_id", result.asset_id},
             {"hostname", result.hostname},
             {"result", result.verdict == checks::Verdict::kTrue ? "failed" : "not-evaluable"},
             {"severity", checks::severity_name(result.severity)},
             {"facts", result.steps}});
    }
    return Json{{"organisation", report.org_code},
                {"assets", report.assets},
                {"rules", rules},
                {"disabled", report.disabled},
                {"results", results},
                {"findings", report.findings ? findings_json(*report.findings) : Json(nullptr)}};
}

// The rules' counts summed over the organisations, in pack order.
std::vector<checks::RuleCounts> summed_counts(const std::vector<checks::CheckReport>& reports) {
    std::vector<checks::RuleCounts> sums;
    for (const checks::CheckReport& report : reports) {
        for (const checks::RuleCounts& counts : report.rules) {
            auto found = std::find_if(sums.begin(), sums.end(), [&](const auto& sum) {
                return sum.rule_id == counts.rule_id;
            });
            if (found == sums.end()) {
                sums.push_back({counts.rule_id, counts.severity, 0, 0, 0, 0});
                found = std::prev(sums.end());
            }
            found->failed += counts.failed;
            found->passed += counts.passed;
            found->not_evaluable += counts.not_evaluable;
            found->not_applicable += counts.not_applicable;
        }
    }
    return sums;
}

void print_reports(const std::vector<checks::CheckReport>& reports) {
    Table organisations({"org", "assets", "failed", "not evaluable", "new", "reopened", "fixed",
                         "set aside", "open findings"});
    for (const checks::CheckReport& report : reports) {
        std::int64_t failed = 0;
        std::int64_t undecided = 0;
        for (const checks::RuleCounts& counts : report.rules) {
            failed += counts.failed;
            undecided += counts.not_evaluable;
        }
        const auto count = [&](std::int64_t findings::RunCounts::*field) {
            return report.findings ? std::to_string((*report.findings).*field) : std::string("-");
        };
        organisations.add(
            {report.org_code, std::to_string(report.assets), std::to_string(failed),
             std::to_string(undecided), count(&findings::RunCounts::created),
             count(&findings::RunCounts::reopened), count(&findings::RunCounts::fixed),
             count(&findings::RunCounts::set_aside), count(&findings::RunCounts::open)});
    }
    organisations.print();
    Table table({"rule", "severity", "failed", "passed", "not evaluable", "not applicable"});
    for (const checks::RuleCounts& counts : summed_counts(reports)) {
        table.add({counts.rule_id, std::string(checks::severity_name(counts.severity)),
                   std::to_string(counts.failed), std::to_string(counts.passed),
                   std::to_string(counts.not_evaluable), std::to_string(counts.not_applicable)});
    }
    fmt::print("\n");
    table.print();
    // The failures with their facts; --json has every result, the undetermined ones too.
    constexpr std::size_t kShown = 50;
    std::size_t shown = 0;
    for (const checks::CheckReport& report : reports) {
        for (const std::string& disabled : report.disabled) {
            fmt::print("turned off by {}: {}\n", report.org_code, disabled);
        }
        for (const checks::RuleResult& result : report.results) {
            if (result.verdict != checks::Verdict::kTrue || shown++ >= kShown) {
                continue;
            }
            fmt::print("{} {} on {} (asset {}, {}): {}\n", checks::severity_name(result.severity),
                       result.rule_id, result.hostname, result.asset_id, report.org_code,
                       fmt::join(result.steps, "; "));
        }
    }
    if (shown > kShown) {
        fmt::print("... and {} more failures (--json lists every result)\n", shown - kShown);
    }
}

int run_checks(Context& context, const RunArguments& arguments) {
    auto packs = load_packs();
    if (!packs) {
        return report_error(packs.error());
    }
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto organisations = checks::organisations_to_check(**database, arguments.org);
    if (!organisations) {
        return report_error(organisations.error());
    }
    checks::CheckOptions options;
    options.rule_ids = arguments.rules;
    options.now = now_utc();
    options.record = !arguments.dry_run;
    // One organisation at a time, each in its own transaction: memory follows the largest one,
    // and a failure leaves the organisations before it recorded and the rest as they were.
    std::vector<checks::CheckReport> reports;
    TerminalProgress progress;
    for (const std::string& code : *organisations) {
        options.org_code = code;
        auto report = checks::run_checks(**database, *packs, options);
        if (!report) {
            progress.done();
            return report_error(report.error());
        }
        reports.push_back(std::move(*report));
        progress.update({"checks", "organisations", 0, 0, reports.size()});
    }
    progress.done();
    if (arguments.json) {
        Json out = Json::array();
        for (const checks::CheckReport& report : reports) {
            out.push_back(report_json(report));
        }
        print_json(Json{{"organisations", std::move(out)}, {"recorded", !arguments.dry_run}});
        return kExitOk;
    }
    if (reports.empty()) {
        fmt::print("no organisation{} has assets to check\n",
                   arguments.org.empty() ? "" : " in " + arguments.org);
        return kExitOk;
    }
    print_reports(reports);
    if (arguments.dry_run) {
        fmt::print("a dry run: no findings were recorded\n");
    }
    return kExitOk;
}

struct TailorArguments {
    std::string rule;
    std::string org;
    bool disable = false;
    bool enable = false;
    std::string severity;
    std::string reason;
    std::string by;
};

int run_tailor(Context& context, const TailorArguments& arguments) {
    auto packs = load_packs();
    if (!packs) {
        return report_error(packs.error());
    }
    checks::RuleOverride tailoring;
    tailoring.rule_id = arguments.rule;
    tailoring.enabled = !arguments.disable;
    if (!arguments.severity.empty()) {
        tailoring.severity = checks::parse_severity(arguments.severity);
        if (!tailoring.severity) {
            return report_error(Error{ErrorCode::kInvalidArgument,
                                      "--severity must be critical, high, medium or low",
                                      {}});
        }
    }
    tailoring.reason = arguments.reason;
    tailoring.decided_by = arguments.by;
    tailoring.decided_at = format_timestamp(now_utc());
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto saved = checks::set_rule_override(**database, *packs, arguments.org, tailoring);
    if (!saved) {
        return report_error(saved.error());
    }
    fmt::print("{} for {}: {}{}\n", arguments.rule, arguments.org,
               tailoring.enabled ? "enabled" : "disabled",
               tailoring.severity
                   ? fmt::format(", severity {}", checks::severity_name(*tailoring.severity))
                   : std::string());
    return kExitOk;
}

}  // namespace

void add_checks_commands(CLI::App& app, Context& context) {
    auto* checks_command = app.add_subcommand("checks", "Hygiene rules over the estate");
    checks_command->require_subcommand(1);

    auto* list = checks_command->add_subcommand("list", "The built-in rules");
    auto list_json = std::make_shared<bool>(false);
    list->add_flag("--json", *list_json, "JSON output");
    list->callback([&context, list_json] {
        context.run = [list_json] {
            return run_list(*list_json);
        };
    });

    auto* show = checks_command->add_subcommand("show", "One rule in full");
    auto show_id = std::make_shared<std::string>();
    auto show_json = std::make_shared<bool>(false);
    show->add_option("id", *show_id, "the rule's id")->required();
    show->add_flag("--json", *show_json, "JSON output");
    show->callback([&context, show_id, show_json] {
        context.run = [show_id, show_json] {
            return run_show(*show_id, *show_json);
        };
    });

    auto* run = checks_command->add_subcommand(
        "run",
        "Run the rules over organisations' estates, record what fails as findings, and show why");
    auto run_arguments = std::make_shared<RunArguments>();
    run->add_option("--org", run_arguments->org,
                    "the organisation and those beneath it (default: every organisation)");
    run->add_option("--rule", run_arguments->rules, "only these rules");
    run->add_flag("--dry-run", run_arguments->dry_run,
                  "show the results without recording them as findings");
    run->add_flag("--json", run_arguments->json, "JSON output");
    run->callback([&context, run_arguments] {
        context.run = [&context, run_arguments] {
            return run_checks(context, *run_arguments);
        };
    });

    auto* tailor = checks_command->add_subcommand(
        "tailor", "Disable a rule for an organisation or change its severity, with the reason");
    auto tailor_arguments = std::make_shared<TailorArguments>();
    tailor->add_option("id", tailor_arguments->rule, "the rule's id")->required();
    tailor->add_option("--org", tailor_arguments->org, "the organisation")->required();
    auto* disable = tailor->add_flag("--disable", tailor_arguments->disable, "do not run it");
    tailor->add_flag("--enable", tailor_arguments->enable, "run it again")->excludes(disable);
    tailor->add_option("--severity", tailor_arguments->severity, "critical, high, medium or low");
    tailor->add_option("--reason", tailor_arguments->reason, "why (kept)")->required();
    tailor->add_option("--by", tailor_arguments->by, "who decided (kept)")->required();
    tailor->callback([&context, tailor_arguments] {
        context.run = [&context, tailor_arguments] {
            return run_tailor(context, *tailor_arguments);
        };
    });
}

}  // namespace wardround::cli
