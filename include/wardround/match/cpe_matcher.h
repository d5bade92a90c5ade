// SPDX-License-Identifier: Apache-2.0
// Deciding whether NVD's configurations hold for an asset, from the CPE names of its software.
//
// Two steps, so that work is done once per distinct name and not once per asset:
//   1 evaluate_software(): each distinct CPE name (product identity and version) against the
//     criteria that name its product: true, false or unknown (not evaluable) per criterion, and
//     the CVEs that name decides alone;
//   2 AssetMatcher (asset_matcher.h): one asset's names together.
// The rules for one criterion against one name (documented in docs/matching.md):
//   - part, vendor and product equal (the index guarantees it);
//   - edition, language, sw_edition, target_sw, target_hw and other: NISTIR 7696, except that a
//     criterion value against a name that leaves the attribute unknown (ANY) is accepted and noted
//     (inventories rarely say which platform an application targets);
//   - version `*` with bounds: the name's version must order inside them in the product's scheme;
//     a version that is unknown or cannot be ordered makes the criterion not evaluable;
//   - version `*` without bounds: every version;
//   - version `-` (NA): a name without a version, or, for Windows releases, every build (NVD files
//     older Windows records under the release name alone: the installed updates are not checked);
//   - an exact version: equal in the product's scheme (`2.0` equals `2.0.0`); the update field too,
//     where `9.8` with update `p1` also equals the single version `9.8p1`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/match/nvd_index.h>
#include <wardround/vuln/cpe.h>
#include <wardround/vuln/version.h>

namespace wardround::match {

enum class Truth : std::uint8_t { kFalse, kTrue, kUnknown };

[[nodiscard]] std::string_view truth_name(Truth truth);  // "false", "true", "not evaluable"

// A piece of software as the matcher sees it: a CPE name, parsed once, with its version parsed
// in its product's scheme.
struct Software {
    vuln::Cpe cpe;
    vuln::VersionScheme scheme = vuln::VersionScheme::kGeneric;
    std::optional<vuln::Version> version;  // when the CPE version is a plain value that parses
    std::string version_error;             // why it does not, when it is a value

    // Errors: kInvalidArgument when `cpe23` is not a CPE 2.3 name.
    [[nodiscard]] static Result<Software> from_cpe(std::string_view cpe23);
};

// One criterion decided for one piece of software.
struct CriterionVerdict {
    std::uint32_t criterion = 0;
    Truth truth = Truth::kFalse;
    // Copied from the criterion, so that deciding an asset does not reach into the large criteria
    // array for every verdict.
    std::uint32_t cve = 0;
    std::uint16_t configuration = 0;
    bool vulnerable = true;
    bool cve_self_contained = false;  // CompiledCve::self_contained
};

// What a CVE whose configurations are all self-contained comes to for one name alone.
struct NameOutcome {
    std::uint32_t cve = 0;
    Truth truth = Truth::kUnknown;  // kTrue or kUnknown; false ones are left out
    // The first configuration the name satisfies, or, failing that, the first it leaves undecided.
    std::uint16_t configuration = 0;
};

// One distinct name decided against the knowledge base.
struct SoftwareVerdicts {
    // Every criterion of the software's product that did not come out false, in index order (what
    // explanations and gap reasons read).
    std::vector<CriterionVerdict> criteria;
    // The subset whose CVE is not self-contained: decided per asset, with the asset's other names.
    std::vector<CriterionVerdict> combined;
    // The self-contained CVEs, decided here once for every asset that has the name; CVE order.
    std::vector<NameOutcome> self_contained;
};

[[nodiscard]] SoftwareVerdicts evaluate_software(const NvdIndex& index, const Software& software);

// The same decision for one criterion, with the steps in words for `findings explain`
// ("version 118.0.5993.88 < 118.0.5993.117 (versionEndExcluding), generic ordering").
struct CriterionExplanation {
    Truth truth = Truth::kFalse;
    std::vector<std::string> steps;
};
[[nodiscard]] CriterionExplanation explain_criterion(const Criterion& criterion,
                                                     const Software& software);
// The decision alone (what evaluate_software uses).
[[nodiscard]] Truth decide_criterion(const Criterion& criterion, const Software& software);

}  // namespace wardround::match
