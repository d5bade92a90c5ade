// SPDX-License-Identifier: Apache-2.0
// The reference matcher (reference_matcher.h). Written to be read, not to be fast: every
// decision is made from the parsed names on the spot, and nothing here is shared with
// cpe_matcher.cpp, so that the differential test compares two independent readings of the rules.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/match/reference_matcher.h>
#include <wardround/vuln/cpe.h>
#include <wardround/vuln/version.h>

namespace wardround::match {
namespace {

using vuln::Cpe;
using vuln::CpeAttribute;
using vuln::CpeRelation;
using vuln::CpeValue;
using vuln::CpeValueKind;
using vuln::Version;
using vuln::VersionScheme;

// Kleene's strong three-valued logic, written out.
enum class Tri : std::uint8_t { kNo, kYes, kMaybe };

Tri tri_and(Tri a, Tri b) {
    if (a == Tri::kNo || b == Tri::kNo) {
        return Tri::kNo;
    }
    if (a == Tri::kYes && b == Tri::kYes) {
        return Tri::kYes;
    }
    return Tri::kMaybe;
}

Tri tri_or(Tri a, Tri b) {
    if (a == Tri::kYes || b == Tri::kYes) {
        return Tri::kYes;
    }
    if (a == Tri::kNo && b == Tri::kNo) {
        return Tri::kNo;
    }
    return Tri::kMaybe;
}

Tri tri_not(Tri a) {
    if (a == Tri::kYes) {
        return Tri::kNo;
    }
    if (a == Tri::kNo) {
        return Tri::kYes;
    }
    return Tri::kMaybe;
}

bool is_plain_value(const CpeValue& value) {
    return value.kind == CpeValueKind::kValue && !value.has_wildcards();
}

// part, vendor and product: the entry must name the name's value.
Tri product_matches(const Cpe& entry, const Cpe& name) {
    Tri result = Tri::kYes;
    for (const CpeAttribute attribute :
         {CpeAttribute::kPart, CpeAttribute::kVendor, CpeAttribute::kProduct}) {
        const CpeRelation relation =
            vuln::compare_cpe_values(entry.get(attribute), name.get(attribute));
        Tri here = Tri::kNo;
        if (relation == CpeRelation::kEqual || relation == CpeRelation::kSuperset) {
            here = Tri::kYes;
        } else if (relation == CpeRelation::kUndefined) {
            here = Tri::kMaybe;
        }
        result = tri_and(result, here);
    }
    return result;
}

// The other attributes but version and update: as above, and a value the name leaves unknown is
// accepted.
Tri qualifiers_match(const Cpe& entry, const Cpe& name) {
    Tri result = Tri::kYes;
    for (const CpeAttribute attribute :
         {CpeAttribute::kEdition, CpeAttribute::kLanguage, CpeAttribute::kSwEdition,
          CpeAttribute::kTargetSw, CpeAttribute::kTargetHw, CpeAttribute::kOther}) {
        const CpeRelation relation =
            vuln::compare_cpe_values(entry.get(attribute), name.get(attribute));
        Tri here = Tri::kNo;
        if (relation == CpeRelation::kEqual || relation == CpeRelation::kSuperset ||
            relation == CpeRelation::kSubset) {
            here = Tri::kYes;
        } else if (relation == CpeRelation::kUndefined) {
            here = Tri::kMaybe;
        }
        result = tri_and(result, here);
    }
    return result;
}

// The dot-separated parts of a Windows version, each without leading zeros.
std::vector<std::string> windows_parts(std::string_view text) {
    std::vector<std::string> parts(1);
    for (const char c : text) {
        if (c == '.') {
            parts.emplace_back();
        } else if (!(c == '0' && parts.back().empty())) {
            parts.back().push_back(c);
        }
    }
    return parts;
}

// A Windows build that names fewer parts than the bound and agrees with it on all of them
// (10.0.19044 against 10.0.19044.1415): where it falls turns on the revision, which is unknown.
bool turns_on_missing_revision(VersionScheme scheme,
                               std::string_view version,
                               std::string_view bound) {
    if (scheme != VersionScheme::kWindows) {
        return false;
    }
    const std::vector<std::string> have = windows_parts(version);
    const std::vector<std::string> limit = windows_parts(bound);
    if (have.size() >= limit.size()) {
        return false;
    }
    for (std::size_t i = 0; i < have.size(); ++i) {
        if (have[i] != limit[i]) {
            return false;
        }
    }
    return true;
}

struct BoundSpec {
    std::string_view text;
    bool is_start = false;
    bool inclusive = false;
};

Tri inside_bound(VersionScheme scheme, const Version& have, const BoundSpec& bound) {
    auto limit = vuln::parse_version(scheme, bound.text);
    if (!limit) {
        return Tri::kMaybe;
    }
    const std::optional<int> order = vuln::compare_versions(have, *limit);
    if (!order) {
        return Tri::kMaybe;
    }
    if (turns_on_missing_revision(scheme, have.text(), limit->text())) {
        return Tri::kMaybe;
    }
    bool inside = false;
    if (bound.is_start) {
        inside = bound.inclusive ? *order >= 0 : *order > 0;
    } else {
        inside = bound.inclusive ? *order <= 0 : *order < 0;
    }
    return inside ? Tri::kYes : Tri::kNo;
}

// An entry for every version, or, with bounds, for the versions between them.
Tri version_in_bounds(const CpeMatchSpec& spec, const CpeValue& have, VersionScheme scheme) {
    std::vector<BoundSpec> bounds;
    if (!spec.version_start_including.empty()) {
        bounds.push_back({spec.version_start_including, true, true});
    }
    if (!spec.version_start_excluding.empty()) {
        bounds.push_back({spec.version_start_excluding, true, false});
    }
    if (!spec.version_end_including.empty()) {
        bounds.push_back({spec.version_end_including, false, true});
    }
    if (!spec.version_end_excluding.empty()) {
        bounds.push_back({spec.version_end_excluding, false, false});
    }
    if (bounds.empty()) {
        return Tri::kYes;
    }
    if (!is_plain_value(have)) {
        return Tri::kMaybe;
    }
    auto version = vuln::parse_version(scheme, have.text);
    if (!version) {
        return Tri::kMaybe;
    }
    Tri result = Tri::kYes;
    for (const BoundSpec& bound : bounds) {
        result = tri_and(result, inside_bound(scheme, *version, bound));
    }
    return result;
}

// An entry for the product without a version (-): a name without one, or one whose version is
// unknown, matches; so does every build of a Windows release.
Tri no_version_matches(const CpeValue& have, VersionScheme scheme) {
    if (have.kind == CpeValueKind::kNa || have.kind == CpeValueKind::kAny) {
        return Tri::kYes;
    }
    return scheme == VersionScheme::kWindows ? Tri::kYes : Tri::kNo;
}

// An entry whose version has wildcards.
Tri version_pattern_matches(const CpeValue& wanted, const CpeValue& have) {
    const CpeRelation relation = vuln::compare_cpe_values(wanted, have);
    if (relation == CpeRelation::kEqual || relation == CpeRelation::kSuperset) {
        return Tri::kYes;
    }
    return relation == CpeRelation::kDisjoint ? Tri::kNo : Tri::kMaybe;
}

// An entry for one version: the same text, or versions equal in the scheme.
Tri exact_version_matches(const CpeValue& wanted, const CpeValue& have, VersionScheme scheme) {
    if (have.kind == CpeValueKind::kAny || have.has_wildcards()) {
        return Tri::kMaybe;
    }
    if (have.kind == CpeValueKind::kNa) {
        return Tri::kNo;
    }
    if (wanted.text == have.text) {
        return Tri::kYes;
    }
    auto a = vuln::parse_version(scheme, wanted.text);
    auto b = vuln::parse_version(scheme, have.text);
    if (a && b) {
        const std::optional<int> order = vuln::compare_versions(*a, *b);
        if (order && *order == 0) {
            return Tri::kYes;
        }
    }
    return Tri::kNo;
}

// The version attribute alone (the update is decided apart).
Tri version_matches(const CpeMatchSpec& spec, const Cpe& entry, const Cpe& name) {
    const CpeValue wanted = entry.version();
    const CpeValue have = name.version();
    const VersionScheme scheme = vuln::scheme_for_cpe(name.vendor().text, name.product().text);
    if (wanted.kind == CpeValueKind::kAny) {
        return version_in_bounds(spec, have, scheme);
    }
    if (wanted.kind == CpeValueKind::kNa) {
        return no_version_matches(have, scheme);
    }
    if (wanted.has_wildcards()) {
        return version_pattern_matches(wanted, have);
    }
    return exact_version_matches(wanted, have, scheme);
}

Tri update_matches(const Cpe& entry, const Cpe& name) {
    const CpeValue wanted = entry.update();
    switch (vuln::compare_cpe_values(wanted, name.update())) {
        case CpeRelation::kEqual:
        case CpeRelation::kSuperset:
            return Tri::kYes;
        case CpeRelation::kSubset:
            return wanted.kind == CpeValueKind::kNa ? Tri::kYes : Tri::kMaybe;
        case CpeRelation::kDisjoint:
            return Tri::kNo;
        case CpeRelation::kUndefined:
            return Tri::kMaybe;
    }
    return Tri::kMaybe;
}

// `9.8p1` with no update for the entry's `9.8` with update `p1`.
bool written_together(const Cpe& entry, const Cpe& name) {
    const CpeValue version = entry.version();
    const CpeValue update = entry.update();
    const CpeValue have = name.version();
    return is_plain_value(version) && is_plain_value(update) && is_plain_value(have) &&
           name.update().kind == CpeValueKind::kAny &&
           have.text == std::string(version.text) + std::string(update.text);
}

// One cpeMatch entry against one name, both parsed here.
Tri entry_matches_name(const CpeMatchSpec& spec, const std::string& name_text) {
    auto entry = vuln::parse_cpe23(spec.criteria);
    if (!entry) {
        return Tri::kNo;
    }
    auto name = vuln::parse_cpe23(name_text);
    if (!name) {
        return Tri::kNo;  // reference_match has checked every name already
    }
    const Tri separate =
        tri_and(version_matches(spec, *entry, *name), update_matches(*entry, *name));
    const Tri together = written_together(*entry, *name) ? Tri::kYes : Tri::kNo;
    return tri_and(tri_and(product_matches(*entry, *name), qualifiers_match(*entry, *name)),
                   tri_or(separate, together));
}

// One cpeMatch entry against the asset: any name may satisfy it.
Tri entry_matches_asset(const CpeMatchSpec& spec, const std::vector<std::string>& names) {
    Tri result = Tri::kNo;
    for (const std::string& name : names) {
        result = tri_or(result, entry_matches_name(spec, name));
    }
    return result;
}

// Whether a configuration makes a finding on the asset: it holds, and a vulnerable entry that
// counts towards holding (under an even number of negations) holds too.
Tri configuration_finding(const ConfigurationSpec& configuration,
                          const std::vector<std::string>& names) {
    Tri holds = configuration.all ? Tri::kYes : Tri::kNo;
    Tri blamed = Tri::kNo;
    for (const NodeSpec& node : configuration.nodes) {
        Tri node_holds = node.all ? Tri::kYes : Tri::kNo;
        if (node.matches.empty()) {
            node_holds = Tri::kNo;
        }
        const bool positive = node.negate == configuration.negate;
        for (const CpeMatchSpec& spec : node.matches) {
            const Tri entry = entry_matches_asset(spec, names);
            node_holds = node.all ? tri_and(node_holds, entry) : tri_or(node_holds, entry);
            if (spec.vulnerable && positive) {
                blamed = tri_or(blamed, entry);
            }
        }
        if (node.negate) {
            node_holds = tri_not(node_holds);
        }
        holds = configuration.all ? tri_and(holds, node_holds) : tri_or(holds, node_holds);
    }
    if (configuration.negate) {
        holds = tri_not(holds);
    }
    return tri_and(holds, blamed);
}

ReferenceOutcome outcome_of(Tri value) {
    switch (value) {
        case Tri::kYes:
            return ReferenceOutcome::kAffected;
        case Tri::kMaybe:
            return ReferenceOutcome::kNotEvaluable;
        case Tri::kNo:
            return ReferenceOutcome::kUnaffected;
    }
    return ReferenceOutcome::kNotEvaluable;
}

}  // namespace

std::string_view reference_outcome_name(ReferenceOutcome outcome) {
    switch (outcome) {
        case ReferenceOutcome::kUnaffected:
            return "unaffected";
        case ReferenceOutcome::kAffected:
            return "affected";
        case ReferenceOutcome::kNotEvaluable:
            return "not-evaluable";
    }
    return "not-evaluable";
}

Result<std::vector<ReferenceOutcome>> reference_match(const std::vector<CveSpec>& cves,
                                                      const std::vector<std::string>& asset_cpes) {
    for (const std::string& name : asset_cpes) {
        auto parsed = vuln::parse_cpe23(name);
        if (!parsed) {
            return make_error(ErrorCode::kInvalidArgument,
                              "asset name " + name + ": " + parsed.error().message);
        }
    }
    std::vector<ReferenceOutcome> outcomes;
    outcomes.reserve(cves.size());
    for (const CveSpec& cve : cves) {
        Tri applies = Tri::kNo;
        for (const ConfigurationSpec& configuration : cve.configurations) {
            applies = tri_or(applies, configuration_finding(configuration, asset_cpes));
        }
        outcomes.push_back(outcome_of(applies));
    }
    return outcomes;
}

}  // namespace wardround::match
