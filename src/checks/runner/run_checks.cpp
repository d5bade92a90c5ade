// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include <wardround/checks/checks.h>
#include <wardround/org/org_repository.h>
#include <wardround/store/database.h>

#include "checks/runner/asset_facts.h"
#include "checks/runner/check_findings.h"
#include "checks/runner/estate_loader.h"
#include "checks/runner/rule_plan.h"

namespace wardround::checks {

using detail::AssetRecord;
using detail::org_id_of;
using detail::text;
using store::Row;
using store::Value;

namespace detail {

bool applies(const Rule& rule, const AssetRecord& asset, const AssetFacts& facts) {
    const auto listed = [](const std::vector<std::string>& list, const std::string& value) {
        return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
    };
    if (!listed(rule.kinds, asset.kind) || !listed(rule.os_families, facts.os_family())) {
        return false;
    }
    if (rule.tags.empty()) {
        return true;
    }
    const std::vector<std::string> tags = facts.values("tag");
    return std::any_of(rule.tags.begin(), rule.tags.end(), [&](const std::string& tag) {
        return std::find(tags.begin(), tags.end(), tag) != tags.end();
    });
}

const Rule* find_rule(std::span<const RulePack> packs, const std::string& id) {
    for (const RulePack& pack : packs) {
        for (const Rule& rule : pack.rules) {
            if (rule.id == id) {
                return &rule;
            }
        }
    }
    return nullptr;
}

Result<Plan> plan(std::span<const RulePack> packs,
                  const std::vector<RuleOverride>& overrides,
                  const std::vector<std::string>& wanted) {
    for (const std::string& id : wanted) {
        if (find_rule(packs, id) == nullptr) {
            return make_error(ErrorCode::kNotFound, "no rule has the id " + id);
        }
    }
    Plan result;
    for (const RulePack& pack : packs) {
        for (const Rule& rule : pack.rules) {
            if (!wanted.empty() &&
                std::find(wanted.begin(), wanted.end(), rule.id) == wanted.end()) {
                continue;
            }
            const auto tailored = std::find_if(overrides.begin(), overrides.end(),
                                               [&](const auto& o) { return o.rule_id == rule.id; });
            if (tailored != overrides.end() && !tailored->enabled) {
                result.disabled.push_back(rule.id + ": " + tailored->reason);
                continue;
            }
            const Severity severity = tailored != overrides.end() && tailored->severity
                                          ? *tailored->severity
                                          : rule.severity;
            result.rules.emplace_back(&rule, severity);
        }
    }
    return result;
}

}  // namespace detail

Result<std::vector<RulePack>> builtin_rule_packs() {
    return parse_rule_packs(builtin_rule_files(), asset_fact_catalogue());
}

namespace {

// Each rule's verdict on each asset, counted in `report`, which keeps those that are not a pass
// with their reasons.
void evaluate(const detail::Plan& rules,
              const std::vector<AssetRecord>& assets,
              Date today,
              CheckReport& report) {
    // For this organisation's run only: its assets repeat the same releases and components.
    detail::ReleaseCache releases(EolCatalogue::builtin());
    for (const AssetRecord& asset : assets) {
        const detail::AssetFacts facts(asset, releases, today);
        for (std::size_t r = 0; r < rules.rules.size(); ++r) {
            const auto& [rule, severity] = rules.rules[r];
            RuleCounts& counts = report.rules[r];
            if (!detail::applies(*rule, asset, facts)) {
                ++counts.not_applicable;
                continue;
            }
            ConditionResult result = rule->when.evaluate(facts);
            if (result.verdict == Verdict::kFalse) {
                ++counts.passed;
                continue;
            }
            ++(result.verdict == Verdict::kTrue ? counts.failed : counts.not_evaluable);
            report.results.push_back({rule->id, asset.id, asset.hostname, result.verdict, severity,
                                      std::move(result.steps)});
        }
    }
}

// The report's results kept as findings, in one transaction.
Result<findings::RunCounts> record(store::Database& database,
                                   std::int64_t org_id,
                                   const std::vector<RulePack>& packs,
                                   const std::vector<RuleOverride>& overrides,
                                   const CheckOptions& options,
                                   const CheckReport& report) {
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    auto recorded = detail::record_findings(database, org_id, packs, overrides, options, report);
    WARDROUND_TRY(recorded);
    WARDROUND_TRY(transaction->commit());
    return recorded;
}

}  // namespace

Result<CheckReport> run_checks(store::Database& database,
                               const std::vector<RulePack>& packs,
                               const CheckOptions& options) {
    auto org_id = org_id_of(database, options.org_code);
    WARDROUND_TRY(org_id);
    auto overrides = rule_overrides(database, options.org_code);
    WARDROUND_TRY(overrides);
    auto rules = detail::plan(packs, *overrides, options.rule_ids);
    WARDROUND_TRY(rules);
    auto assets = detail::EstateLoader(database, *org_id, date_of(options.now)).load();
    WARDROUND_TRY(assets);

    CheckReport report;
    report.org_code = options.org_code;
    report.assets = static_cast<std::int64_t>(assets->size());
    report.disabled = rules->disabled;
    for (const auto& [rule, severity] : rules->rules) {
        report.rules.push_back({rule->id, severity, 0, 0, 0, 0});
    }
    evaluate(*rules, *assets, date_of(options.now), report);
    if (options.record) {
        auto recorded = record(database, *org_id, packs, *overrides, options, report);
        WARDROUND_TRY(recorded);
        report.findings = std::move(*recorded);
    }
    return report;
}

Result<std::vector<std::string>> organisations_to_check(store::Database& database,
                                                        const std::string& org_code) {
    std::set<std::int64_t> wanted;
    if (!org_code.empty()) {
        auto subtree = org::organisation_subtree(database, org_code);
        WARDROUND_TRY(subtree);
        for (const org::OrgRef& member : subtree->members) {
            wanted.insert(member.id);
        }
    }
    std::vector<std::string> codes;
    WARDROUND_TRY(database.query(
        "SELECT o.id, o.code FROM organisation o WHERE EXISTS (SELECT 1 FROM asset a WHERE "
        "a.org_id = o.id) OR EXISTS (SELECT 1 FROM finding f WHERE f.org_id = o.id AND "
        "f.source = 'check') ORDER BY o.code",
        {}, [&](const Row& row) -> Status {
            if (org_code.empty() || wanted.contains(row.get_int(0))) {
                codes.push_back(row.get_text(1));
            }
            return {};
        }));
    return codes;
}

Result<std::vector<RuleOverride>> rule_overrides(store::Database& database,
                                                 const std::string& org_code) {
    auto org_id = org_id_of(database, org_code);
    WARDROUND_TRY(org_id);
    std::vector<RuleOverride> overrides;
    const Value params[] = {Value{*org_id}};
    WARDROUND_TRY(database.query(
        "SELECT rule_id, enabled, severity, reason, decided_by, decided_at FROM rule_override "
        "WHERE org_id = ? ORDER BY rule_id",
        params, [&](const Row& row) -> Status {
            overrides.push_back({text(row, 0), row.get_int(1) != 0, parse_severity(text(row, 2)),
                                 text(row, 3), text(row, 4), text(row, 5)});
            return {};
        }));
    return overrides;
}

Status set_rule_override(store::Database& database,
                         const std::vector<RulePack>& packs,
                         const std::string& org_code,
                         const RuleOverride& tailoring) {
    if (detail::find_rule(packs, tailoring.rule_id) == nullptr) {
        return make_error(ErrorCode::kNotFound, "no rule has the id " + tailoring.rule_id);
    }
    if (tailoring.reason.empty() || tailoring.decided_by.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "tailoring a rule needs the reason and who decided");
    }
    auto org_id = org_id_of(database, org_code);
    WARDROUND_TRY(org_id);
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    const Value key[] = {Value{*org_id}, Value{tailoring.rule_id}};
    WARDROUND_TRY(
        database.execute("DELETE FROM rule_override WHERE org_id = ? AND rule_id = ?", key));
    const Value row[] = {
        Value{*org_id},
        Value{tailoring.rule_id},
        Value{std::int64_t{tailoring.enabled ? 1 : 0}},
        tailoring.severity ? Value{std::string(severity_name(*tailoring.severity))} : Value{},
        Value{tailoring.reason},
        Value{tailoring.decided_by},
        Value{tailoring.decided_at}};
    WARDROUND_TRY(database.execute(
        "INSERT INTO rule_override (org_id, rule_id, enabled, severity, reason, decided_by, "
        "decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        row));
    return transaction->commit();
}

}  // namespace wardround::checks
