// SPDX-License-Identifier: Apache-2.0
// A run's results kept as findings (source "check", the rule id in place of a CVE), with the same
// lifecycle as a scan's: a failed rule is a finding, due by its severity; a rule that passes, or
// no longer applies, fixes it; a result that could not be decided leaves it as it was; a rule the
// organisation turned off sets it aside with the organisation's reason.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <wardround/checks/checks.h>
#include <wardround/findings/finding_run.h>
#include <wardround/store/database.h>

#include "checks/runner/rule_plan.h"

namespace wardround::checks::detail {

// Inside the caller's transaction.
[[nodiscard]] Result<findings::RunCounts> record_findings(
    store::Database& database,
    std::int64_t org_id,
    std::span<const RulePack> packs,
    const std::vector<RuleOverride>& overrides,
    const CheckOptions& options,
    const CheckReport& report);

// The finding's priority for a rule of this severity: critical P1, high P2, medium P3, low P4, due
// on the default policy's days for that severity.
struct CheckPriority {
    findings::Priority priority;
    int due_days = 0;
};
[[nodiscard]] CheckPriority check_priority(Severity severity, Severity rule_severity);

}  // namespace wardround::checks::detail
