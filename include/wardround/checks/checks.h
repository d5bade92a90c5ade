// SPDX-License-Identifier: Apache-2.0
// Running hygiene rules over an organisation's estate: each asset's facts (its record, listening
// services, components, the posture facts its sources report, its operating system's support
// from the end-of-life catalogue) given to each rule that applies to it, with the organisation's
// tailoring (a rule disabled or its severity changed, with the reason). docs/checks.md lists the
// facts and functions a condition may use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <wardround/checks/condition.h>
#include <wardround/checks/rule_pack.h>
#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/findings/finding_run.h>
#include <wardround/store/database.h>

namespace wardround::checks {

// The facts and functions an asset provides to conditions.
[[nodiscard]] const FactCatalogue& asset_fact_catalogue();

// The packs in data/checks, parsed against asset_fact_catalogue() (they are tested to load).
[[nodiscard]] Result<std::vector<RulePack>> builtin_rule_packs();

// One rule's result for one asset.
struct RuleResult {
    std::string rule_id;
    std::int64_t asset_id = 0;
    std::string hostname;
    Verdict verdict = Verdict::kUnknown;  // kTrue: the problem is present (the check fails)
    Severity severity = Severity::kMedium;
    std::vector<std::string> steps;  // the facts read, with values and where they came from
};

// An organisation's tailoring of a rule.
struct RuleOverride {
    std::string rule_id;
    bool enabled = true;
    std::optional<Severity> severity;
    std::string reason;
    std::string decided_by;
    std::string decided_at;
};

struct CheckOptions {
    std::string org_code;               // required
    std::vector<std::string> rule_ids;  // empty: every enabled rule
    Timestamp now;                      // dates ("support ended") are judged on this day
    // Keep the results as findings (source "check", the rule id in place of a CVE) with a scan's
    // lifecycle: a failed rule is a finding, due by its severity (critical P1 in 14 days, high P2
    // in 14, medium P3 in 30, low P4 in 90); a rule that passes or no longer applies fixes it; an
    // undecided result leaves it as it was; a rule the organisation turned off sets it aside
    // (not_affected) with the organisation's reason. One transaction; a run of some rules
    // (`rule_ids`) touches only their findings.
    bool record = false;
};

struct RuleCounts {
    std::string rule_id;
    Severity severity = Severity::kMedium;  // after the organisation's override
    std::int64_t failed = 0;
    std::int64_t passed = 0;
    std::int64_t not_evaluable = 0;
    std::int64_t not_applicable = 0;
};

struct CheckReport {
    std::string org_code;
    std::int64_t assets = 0;
    std::vector<RuleCounts> rules;                // every rule run, in pack order
    std::vector<std::string> disabled;            // rules the organisation turned off: "ID: reason"
    std::vector<RuleResult> results;              // failed and not evaluable only
    std::optional<findings::RunCounts> findings;  // with CheckOptions::record
};

// Errors: kNotFound for an unknown organisation or rule id.
[[nodiscard]] Result<CheckReport> run_checks(store::Database& database,
                                             const std::vector<RulePack>& packs,
                                             const CheckOptions& options);

// The organisations a run over `org_code` covers, by code: it and every organisation beneath it
// (every organisation when empty) that has assets, or check findings that a run must close.
// Errors: kNotFound for an unknown organisation.
[[nodiscard]] Result<std::vector<std::string>> organisations_to_check(store::Database& database,
                                                                      const std::string& org_code);

[[nodiscard]] Result<std::vector<RuleOverride>> rule_overrides(store::Database& database,
                                                               const std::string& org_code);
// Errors: kNotFound for an unknown organisation or rule; kInvalidArgument without a reason.
[[nodiscard]] Status set_rule_override(store::Database& database,
                                       const std::vector<RulePack>& packs,
                                       const std::string& org_code,
                                       const RuleOverride& tailoring);

}  // namespace wardround::checks
