// SPDX-License-Identifier: Apache-2.0
// A naive reference for the matcher in cpe_matcher.h: the same question (which CVEs does one
// asset's software make apply?) answered in the most direct way, for differential tests and
// fuzzing. No index, no caching, nothing compiled: every CVE, configuration, node and entry is
// decided afresh against every name of the asset, and the verdicts are combined in Kleene
// three-valued logic. Slow by design; never used for scans.
//
// The rules it writes out (one cpeMatch entry against one CPE name):
//   - part, vendor, product: the entry's value names the name's (NISTIR 7696 EQUAL or SUPERSET);
//     a name whose value has wildcards cannot be decided;
//   - edition, language, sw_edition, target_sw, target_hw, other: as above, and a value in the
//     entry against ANY in the name is accepted (inventories rarely say the platform);
//   - version `*`: every version; with bounds, the name's version (parsed, with the bounds, in the
//     scheme of the name's product) orders inside every bound; an unknown, NA, wildcard or
//     unparsable version, a bound that does not parse, or a pair that cannot be ordered is
//     undecided, and so is a Windows build without its revision against a bound that agrees with
//     it on every part the build names;
//   - version `-`: a name without a version or with an unknown one; for Windows products every
//     version (the release's builds);
//   - a version with wildcards: the pattern against the name's version (NISTIR 7696);
//   - an exact version: equal text or equal in the scheme, undecided when the name's version is
//     unknown or has wildcards;
//   - update: NISTIR 7696, where an entry's update against an unknown update is undecided, except
//     `-` (the release without an update) which is accepted;
//   - or else the name's single version is the entry's version and update written together
//     (`9.8p1` for `9.8` with update `p1`) and the name does not give an update.
// Then per asset: an entry holds when any name makes it hold and is undecided when none does and
// one is undecided; nodes and configurations join their parts with AND or OR and apply `negate`;
// an entry that is not CPE 2.3 never holds and a node without entries never holds. A configuration
// makes a finding only through a vulnerable (not platform) entry in a positive position (under an
// even number of negations): the CVE's outcome is OR over its configurations of
// (configuration holds AND one of those entries holds).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/match/nvd_index.h>

namespace wardround::match {

enum class ReferenceOutcome : std::uint8_t { kUnaffected, kAffected, kNotEvaluable };

// "unaffected", "affected", "not-evaluable" (the words of the matching case files).
[[nodiscard]] std::string_view reference_outcome_name(ReferenceOutcome outcome);

// One outcome per CVE of `cves`, in the same order, for the asset whose software has the CPE 2.3
// names `asset_cpes`. Errors: kInvalidArgument when one of `asset_cpes` is not a CPE 2.3 name (the
// message names it). A malformed criterion in `cves` is not an error: it never holds.
[[nodiscard]] Result<std::vector<ReferenceOutcome>> reference_match(
    const std::vector<CveSpec>& cves, const std::vector<std::string>& asset_cpes);

}  // namespace wardround::match
