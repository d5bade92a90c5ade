// SPDX-License-Identifier: Apache-2.0
// Which rules run for an organisation and on which assets: its tailoring applied to the packs,
// and each rule's applies_to against an asset. Shared by the checks and the device standard.
#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include <wardround/checks/checks.h>

#include "checks/runner/asset_facts.h"

namespace wardround::checks::detail {

// The rules to run for the organisation, with its severities, and the ones it disabled.
struct Plan {
    std::vector<std::pair<const Rule*, Severity>> rules;
    std::vector<std::string> disabled;  // "ID: reason"
};

// Errors: kNotFound when `wanted` names a rule no pack has.
[[nodiscard]] Result<Plan> plan(std::span<const RulePack> packs,
                                const std::vector<RuleOverride>& overrides,
                                const std::vector<std::string>& wanted);

[[nodiscard]] bool applies(const Rule& rule, const AssetRecord& asset, const AssetFacts& facts);

[[nodiscard]] const Rule* find_rule(std::span<const RulePack> packs, const std::string& id);

}  // namespace wardround::checks::detail
