// SPDX-License-Identifier: Apache-2.0
#include "checks/runner/check_findings.h"

#include <algorithm>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

namespace wardround::checks::detail {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSource = "check";

const RuleOverride* tailoring_of(const std::vector<RuleOverride>& overrides,
                                 const std::string& rule_id) {
    const auto found = std::find_if(overrides.begin(), overrides.end(),
                                    [&](const RuleOverride& o) { return o.rule_id == rule_id; });
    return found == overrides.end() ? nullptr : &*found;
}

// What the packs and catalogue were: kept with the run, as a scan keeps its knowledge base.
std::string run_version(std::span<const RulePack> packs) {
    std::vector<std::string> ids;
    std::size_t rules = 0;
    for (const RulePack& pack : packs) {
        ids.push_back(pack.id);
        rules += pack.rules.size();
    }
    return fmt::format("checks {} ({} rules)", fmt::join(ids, ", "), rules);
}

// The rules run with the severity applied, and the ones turned off: kept with the run.
std::string run_settings(const CheckReport& report) {
    Json rules = Json::array();
    for (const RuleCounts& counts : report.rules) {
        rules.push_back({{"id", counts.rule_id}, {"severity", severity_name(counts.severity)}});
    }
    return Json{{"rules", rules}, {"disabled", report.disabled}}.dump();
}

// Each rule's counts: the run's summary.
std::string run_notes(const CheckReport& report) {
    Json rules = Json::array();
    for (const RuleCounts& counts : report.rules) {
        rules.push_back({{"id", counts.rule_id},
                         {"failed", counts.failed},
                         {"passed", counts.passed},
                         {"not_evaluable", counts.not_evaluable},
                         {"not_applicable", counts.not_applicable}});
    }
    return Json{{"rules", rules}}.dump();
}

std::string explanation(const Rule& rule, const RuleResult& result, const RuleOverride* tailoring) {
    Json evidences = Json::array();
    for (const Evidence& evidence : rule.evidences) {
        evidences.push_back({{"framework", evidence.framework}, {"item", evidence.item}});
    }
    Json tailored = nullptr;
    if (tailoring != nullptr && tailoring->severity) {
        tailored = {{"severity", severity_name(*tailoring->severity)},
                    {"reason", tailoring->reason},
                    {"decided_by", tailoring->decided_by},
                    {"decided_at", tailoring->decided_at}};
    }
    return Json{{"check",
                 {{"rule", rule.id},
                  {"title", rule.title},
                  {"pack", rule.pack},
                  {"severity", severity_name(result.severity)},
                  {"rule_severity", severity_name(rule.severity)},
                  {"tailoring", tailored},
                  {"rationale", rule.rationale},
                  {"remediation", rule.remediation},
                  {"evidences", evidences}}},
                {"steps", result.steps}}
        .dump();
}

// A failed result as the finding it makes.
findings::DecidedFinding decided_finding(std::span<const RulePack> packs,
                                         const std::vector<RuleOverride>& overrides,
                                         const RuleResult& result) {
    const Rule* rule = find_rule(packs, result.rule_id);
    const CheckPriority priority = check_priority(result.severity, rule->severity);
    findings::DecidedFinding finding;
    finding.asset_id = result.asset_id;
    finding.vuln_id = result.rule_id;
    finding.title = rule->title;
    finding.software = "rule pack " + rule->pack;
    finding.priority = priority.priority;
    finding.due_days = priority.due_days;
    finding.explanation = explanation(*rule, result, tailoring_of(overrides, result.rule_id));
    return finding;
}

}  // namespace

CheckPriority check_priority(Severity severity, Severity rule_severity) {
    const findings::PriorityPolicy policy;
    struct Level {
        const char* level;
        double points;
        int due_days;
    };
    // Points sit inside the default policy's bands, so that check findings sort among a scan's.
    const Level level = [&]() -> Level {
        switch (severity) {
            case Severity::kCritical:
                return {"P1", 90, policy.high_days};
            case Severity::kHigh:
                return {"P2", 60, policy.high_days};
            case Severity::kMedium:
                return {"P3", 35, policy.medium_days};
            case Severity::kLow:
                break;
        }
        return {"P4", 10, policy.low_days};
    }();
    std::string detail = fmt::format("rule severity {}", severity_name(severity));
    if (severity != rule_severity) {
        detail += fmt::format(" (set by the organisation; the rule says {})",
                              severity_name(rule_severity));
    }
    return {findings::Priority{level.level, level.points, {{"severity", level.points, detail}}},
            level.due_days};
}

Result<findings::RunCounts> record_findings(store::Database& database,
                                            std::int64_t org_id,
                                            std::span<const RulePack> packs,
                                            const std::vector<RuleOverride>& overrides,
                                            const CheckOptions& options,
                                            const CheckReport& report) {
    findings::RunRecord record;
    record.org_id = org_id;
    record.source = kSource;
    record.mode = "checks";
    record.version = run_version(packs);
    record.settings = run_settings(report);
    // A run of every rule sees every check finding, so that a rule no longer in any pack has its
    // findings closed too; a run of some rules leaves the others' alone.
    record.vuln_ids = options.rule_ids;
    record.now = options.now;
    auto run = findings::FindingRun::begin(database, record);
    WARDROUND_TRY(run);
    for (const RuleResult& result : report.results) {
        WARDROUND_TRY(result.verdict == Verdict::kTrue
                          ? (*run)->found(decided_finding(packs, overrides, result))
                          : (*run)->undecided(result.asset_id, result.rule_id));
    }
    for (const RuleOverride& tailoring : overrides) {
        if (!tailoring.enabled) {
            WARDROUND_TRY((*run)->set_aside(
                tailoring.rule_id,
                fmt::format("rule turned off for the organisation by {} on {}: {}",
                            tailoring.decided_by, tailoring.decided_at, tailoring.reason)));
        }
    }
    return (*run)->finish("the rule passes, or no longer applies to the asset", report.assets,
                          run_notes(report));
}

}  // namespace wardround::checks::detail
