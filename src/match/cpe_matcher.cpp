// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

#include <fmt/core.h>

#include <wardround/match/cpe_matcher.h>

namespace wardround::match {
namespace {

using vuln::CpeAttribute;
using vuln::CpeRelation;
using vuln::CpeValue;
using vuln::CpeValueKind;

// Collects the steps of a decision when someone asks for them; costs nothing otherwise.
class Steps {
public:
    explicit Steps(std::vector<std::string>* out) : out_(out) {}
    template <typename... Args>
    void add(fmt::format_string<Args...> format, Args&&... args) {
        if (out_ != nullptr) {
            out_->push_back(fmt::format(format, std::forward<Args>(args)...));
        }
    }

private:
    std::vector<std::string>* out_;
};

// Three-valued conjunction of attribute outcomes: false wins over not evaluable.
void fold(Truth& total, Truth part) {
    if (part == Truth::kFalse || total == Truth::kFalse) {
        total = Truth::kFalse;
    } else if (part == Truth::kUnknown) {
        total = Truth::kUnknown;
    }
}

std::string shown(const CpeValue& value) {
    return vuln::to_cpe23_value(value);
}

// part, vendor and product: NISTIR 7696 strictly (the index already grouped by them; open
// criteria with ANY or wildcards are decided here).
Truth judge_name(const Criterion& criterion, const Software& software, Steps& steps) {
    constexpr std::array kNameAttributes{CpeAttribute::kPart, CpeAttribute::kVendor,
                                         CpeAttribute::kProduct};
    for (const CpeAttribute attribute : kNameAttributes) {
        const CpeRelation relation =
            vuln::compare_cpe_values(criterion.cpe.get(attribute), software.cpe.get(attribute));
        if (relation == CpeRelation::kUndefined) {
            steps.add("{} of the software has wildcards: not evaluable",
                      vuln::cpe_attribute_name(attribute));
            return Truth::kUnknown;
        }
        if (relation != CpeRelation::kEqual && relation != CpeRelation::kSuperset) {
            return Truth::kFalse;
        }
    }
    return Truth::kTrue;
}

// edition, language, sw_edition, target_sw, target_hw, other.
Truth judge_qualifiers(const Criterion& criterion, const Software& software, Steps& steps) {
    constexpr std::array kQualifiers{CpeAttribute::kEdition,   CpeAttribute::kLanguage,
                                     CpeAttribute::kSwEdition, CpeAttribute::kTargetSw,
                                     CpeAttribute::kTargetHw,  CpeAttribute::kOther};
    Truth total = Truth::kTrue;
    for (const CpeAttribute attribute : kQualifiers) {
        const CpeValue wanted = criterion.cpe.get(attribute);
        const CpeValue have = software.cpe.get(attribute);
        switch (vuln::compare_cpe_values(wanted, have)) {
            case CpeRelation::kEqual:
            case CpeRelation::kSuperset:
                break;
            case CpeRelation::kSubset:
                // The criterion narrows an attribute the inventory does not report.
                steps.add("{}: the criterion says {}, the software does not say: accepted",
                          vuln::cpe_attribute_name(attribute), shown(wanted));
                break;
            case CpeRelation::kDisjoint:
                steps.add("{}: the criterion says {}, the software says {}: no match",
                          vuln::cpe_attribute_name(attribute), shown(wanted), shown(have));
                return Truth::kFalse;
            case CpeRelation::kUndefined:
                steps.add("{}: the software's value has wildcards: not evaluable",
                          vuln::cpe_attribute_name(attribute));
                fold(total, Truth::kUnknown);
                break;
        }
    }
    return total;
}

std::size_t count_dots(std::string_view text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '.'));
}

// A Windows version without the update revision ("10.0.19044") against a bound with one
// ("10.0.19044.1415"): ordering would read the missing revision as 0, but it is unknown.
bool windows_revision_unknown(const vuln::Version& version, const vuln::Version& bound) {
    if (version.scheme() != vuln::VersionScheme::kWindows) {
        return false;
    }
    const std::string_view have = version.text();
    const std::string_view limit = bound.text();
    return count_dots(have) < count_dots(limit) && limit.substr(0, have.size()) == have &&
           limit.size() > have.size() && limit[have.size()] == '.';
}

// The scheme a criterion's versions order by: its product's, or, for a criterion whose vendor or
// product is ANY or a wildcard, the matched software's.
vuln::VersionScheme scheme_for(const Criterion& criterion, const Software& software) {
    return criterion.open_name ? software.scheme : criterion.scheme;
}

Bound reparse(const Bound& bound, vuln::VersionScheme scheme) {
    Bound out;
    out.text = bound.text;
    out.inclusive = bound.inclusive;
    auto parsed = vuln::parse_version(scheme, bound.text);
    if (parsed) {
        out.version = std::move(*parsed);
    } else {
        out.parse_error = parsed.error().message;
    }
    return out;
}

Truth judge_bound(const Bound& bound,
                  bool is_start,
                  const Software& software,
                  std::string_view scheme,
                  Steps& steps) {
    const char* name = is_start
                           ? (bound.inclusive ? "versionStartIncluding" : "versionStartExcluding")
                           : (bound.inclusive ? "versionEndIncluding" : "versionEndExcluding");
    if (!bound.version) {
        steps.add("{} {} cannot be ordered ({}): not evaluable", name, bound.text,
                  bound.parse_error);
        return Truth::kUnknown;
    }
    const std::optional<int> order = vuln::compare_versions(*software.version, *bound.version);
    if (!order) {
        steps.add(
            "version {} and {} {} cannot be ordered against each other ({} ordering): not "
            "evaluable",
            software.version->text(), name, bound.text, scheme);
        return Truth::kUnknown;
    }
    const int sign = *order;
    if (windows_revision_unknown(*software.version, *bound.version)) {
        steps.add(
            "version {} names the build but not its revision, and {} {} turns on the "
            "revision: not evaluable",
            software.version->text(), name, bound.text);
        return Truth::kUnknown;
    }
    bool inside = false;
    const char* relation = sign < 0 ? "<" : (sign == 0 ? "=" : ">");
    if (is_start) {
        inside = bound.inclusive ? sign >= 0 : sign > 0;
    } else {
        inside = bound.inclusive ? sign <= 0 : sign < 0;
    }
    steps.add("version {} {} {} ({}, {} ordering): {}", software.version->text(), relation,
              bound.text, name, scheme, inside ? "inside" : "outside");
    return inside ? Truth::kTrue : Truth::kFalse;
}

Truth judge_range(const Criterion& criterion, const Software& software, Steps& steps) {
    const CpeValue have = software.cpe.version();
    if (have.kind == CpeValueKind::kAny) {
        steps.add(
            "the criterion has version bounds and the software's version is not known: not "
            "evaluable");
        return Truth::kUnknown;
    }
    if (have.kind == CpeValueKind::kNa || have.has_wildcards()) {
        steps.add(
            "the criterion has version bounds and the software's version is {}: not "
            "evaluable",
            shown(have));
        return Truth::kUnknown;
    }
    const std::string_view scheme = vuln::version_scheme_name(scheme_for(criterion, software));
    if (!software.version) {
        steps.add("version {} cannot be ordered ({} ordering: {}): not evaluable", shown(have),
                  scheme, software.version_error);
        return Truth::kUnknown;
    }
    // An open criterion's bounds are read in the software's scheme.
    const auto bound_for = [&](const std::optional<Bound>& bound) {
        return criterion.open_name ? reparse(*bound, software.scheme) : *bound;
    };
    Truth total = Truth::kTrue;
    if (criterion.start) {
        fold(total, judge_bound(bound_for(criterion.start), true, software, scheme, steps));
    }
    if (criterion.end && total != Truth::kFalse) {
        fold(total, judge_bound(bound_for(criterion.end), false, software, scheme, steps));
    }
    return total;
}

bool same_version(const Criterion& criterion, std::string_view wanted, const Software& software) {
    if (wanted == software.cpe.version().text) {
        return true;
    }
    if (criterion.open_name && software.version) {
        auto exact = vuln::parse_version(software.scheme, wanted);
        const auto order =
            exact ? vuln::compare_versions(*exact, *software.version) : std::optional<int>();
        return order && *order == 0;
    }
    if (criterion.exact_version && software.version) {
        const std::optional<int> order =
            vuln::compare_versions(*criterion.exact_version, *software.version);
        return order && *order == 0;
    }
    return false;
}

// What the version attribute decides, and whether the update attribute still has a say.
struct VersionDecision {
    Truth truth = Truth::kTrue;
    bool check_update = true;
};

// A criterion for every version, or for the versions between its bounds.
Truth judge_any_version(const Criterion& criterion, const Software& software, Steps& steps) {
    if (criterion.has_bounds()) {
        return judge_range(criterion, software, steps);
    }
    steps.add("the criterion covers every version");
    return Truth::kTrue;
}

// A criterion for the product without a version (-).
Truth judge_no_version(const Criterion& criterion,
                       const Software& software,
                       const CpeValue& have,
                       Steps& steps) {
    if (have.kind == CpeValueKind::kNa) {
        steps.add("version -: the product has no versions");
        return Truth::kTrue;
    }
    if (have.kind == CpeValueKind::kAny) {
        steps.add(
            "the criterion names the product without a version; the software's version "
            "is not known: accepted");
        return Truth::kTrue;
    }
    if (scheme_for(criterion, software) == vuln::VersionScheme::kWindows) {
        steps.add(
            "the criterion names the Windows release without a build: every build of it "
            "matches (installed updates are not evaluated)");
        return Truth::kTrue;
    }
    steps.add(
        "the criterion is for the product without a version (-), the software is "
        "version {}: no match",
        shown(have));
    return Truth::kFalse;
}

// A criterion whose version has wildcards ("2.4.*").
Truth judge_version_pattern(const CpeValue& wanted, const CpeValue& have, Steps& steps) {
    switch (vuln::compare_cpe_values(wanted, have)) {
        case CpeRelation::kEqual:
        case CpeRelation::kSuperset:
            steps.add("version {} matches the pattern {}", shown(have), shown(wanted));
            return Truth::kTrue;
        case CpeRelation::kDisjoint:
            return Truth::kFalse;
        default:
            steps.add(
                "the criterion names versions {}; the software's version is {}: not "
                "evaluable",
                shown(wanted), shown(have));
            return Truth::kUnknown;
    }
}

// The version written with the update ("9.8p1" for version "9.8" with update "p1"), when the
// software reports no update.
bool version_holds_update(const Criterion& criterion, const Software& software) {
    const CpeValue wanted = criterion.cpe.version();
    const CpeValue wanted_update = criterion.cpe.update();
    return wanted_update.kind == CpeValueKind::kValue && !wanted_update.has_wildcards() &&
           software.cpe.update().kind == CpeValueKind::kAny &&
           software.cpe.version().text ==
               std::string(wanted.text) + std::string(wanted_update.text);
}

// A criterion for one version.
VersionDecision judge_exact_version(const Criterion& criterion,
                                    const Software& software,
                                    const CpeValue& wanted,
                                    const CpeValue& have,
                                    Steps& steps) {
    if (have.kind == CpeValueKind::kAny) {
        steps.add(
            "the criterion names version {}; the software's version is not known: not "
            "evaluable",
            shown(wanted));
        return {Truth::kUnknown, true};
    }
    if (have.kind == CpeValueKind::kNa || have.has_wildcards()) {
        return {have.kind == CpeValueKind::kNa ? Truth::kFalse : Truth::kUnknown, false};
    }
    if (same_version(criterion, wanted.text, software)) {
        steps.add("version {} equals the criterion's {}", shown(have), shown(wanted));
        return {Truth::kTrue, true};
    }
    if (version_holds_update(criterion, software)) {
        steps.add("version {} equals the criterion's version {} with update {}", shown(have),
                  shown(wanted), shown(criterion.cpe.update()));
        return {Truth::kTrue, false};
    }
    return {Truth::kFalse, false};
}

VersionDecision judge_version_attribute(const Criterion& criterion,
                                        const Software& software,
                                        Steps& steps) {
    const CpeValue wanted = criterion.cpe.version();
    if (wanted.kind == CpeValueKind::kAny) {
        return {judge_any_version(criterion, software, steps), true};
    }
    const CpeValue have = software.cpe.version();
    if (wanted.kind == CpeValueKind::kNa) {
        return {judge_no_version(criterion, software, have, steps), true};
    }
    if (wanted.has_wildcards()) {
        return {judge_version_pattern(wanted, have, steps), true};
    }
    return judge_exact_version(criterion, software, wanted, have, steps);
}

// The update attribute, folded into what the version decided.
Truth judge_update(const Criterion& criterion,
                   const Software& software,
                   Truth total,
                   Steps& steps) {
    const CpeValue wanted_update = criterion.cpe.update();
    const CpeValue have_update = software.cpe.update();
    switch (vuln::compare_cpe_values(wanted_update, have_update)) {
        case CpeRelation::kEqual:
        case CpeRelation::kSuperset:
            if (wanted_update.kind != CpeValueKind::kAny) {
                steps.add("update {} equals", shown(have_update));
            }
            break;
        case CpeRelation::kSubset:
            if (wanted_update.kind == CpeValueKind::kNa) {
                break;  // the criterion is for the release without an update: unknown means none
            }
            steps.add(
                "the criterion names update {}; the software's update is not known: not "
                "evaluable",
                shown(wanted_update));
            fold(total, Truth::kUnknown);
            break;
        case CpeRelation::kDisjoint:
            steps.add("update: the criterion says {}, the software says {}: no match",
                      shown(wanted_update), shown(have_update));
            return Truth::kFalse;
        case CpeRelation::kUndefined:
            fold(total, Truth::kUnknown);
            break;
    }
    return total;
}

// The version and update attributes together, since NVD sometimes splits what inventories write as
// one version ("9.8" with update "p1" for OpenSSH 9.8p1).
Truth judge_version(const Criterion& criterion, const Software& software, Steps& steps) {
    const VersionDecision version = judge_version_attribute(criterion, software, steps);
    if (version.truth == Truth::kFalse || !version.check_update) {
        return version.truth;
    }
    return judge_update(criterion, software, version.truth, steps);
}

Truth judge(const Criterion& criterion, const Software& software, Steps& steps) {
    Truth total = judge_name(criterion, software, steps);
    if (total == Truth::kFalse) {
        return total;
    }
    fold(total, judge_qualifiers(criterion, software, steps));
    if (total == Truth::kFalse) {
        return total;
    }
    fold(total, judge_version(criterion, software, steps));
    return total;
}

}  // namespace

std::string_view truth_name(Truth truth) {
    switch (truth) {
        case Truth::kFalse:
            return "false";
        case Truth::kTrue:
            return "true";
        case Truth::kUnknown:
            return "not evaluable";
    }
    return "not evaluable";
}

Result<Software> Software::from_cpe(std::string_view cpe23) {
    auto cpe = vuln::parse_cpe23(cpe23);
    if (!cpe) {
        return propagate(cpe.error());
    }
    for (std::size_t i = 0; i < vuln::kCpeAttributeCount; ++i) {
        if (cpe->get(static_cast<vuln::CpeAttribute>(i)).has_wildcards()) {
            // A pattern, not an installed product: inventories never report one.
            return make_error(
                ErrorCode::kInvalidArgument,
                "a CPE name with wildcards names no installed software: " + std::string(cpe23));
        }
    }
    Software software;
    software.cpe = std::move(*cpe);
    software.scheme = vuln::scheme_for_cpe(software.cpe.vendor().text, software.cpe.product().text);
    const CpeValue version = software.cpe.version();
    if (version.kind == CpeValueKind::kValue && !version.has_wildcards()) {
        auto parsed = vuln::parse_version(software.scheme, version.text);
        if (parsed) {
            software.version = std::move(*parsed);
        } else {
            software.version_error = parsed.error().message;
        }
    }
    return software;
}

Truth decide_criterion(const Criterion& criterion, const Software& software) {
    Steps steps(nullptr);
    return judge(criterion, software, steps);
}

CriterionExplanation explain_criterion(const Criterion& criterion, const Software& software) {
    CriterionExplanation explanation;
    Steps steps(&explanation.steps);
    explanation.truth = judge(criterion, software, steps);
    return explanation;
}

SoftwareVerdicts evaluate_software(const NvdIndex& index, const Software& software) {
    SoftwareVerdicts result;
    std::vector<CriterionVerdict>& verdicts = result.criteria;
    const CpeValue part = software.cpe.part();
    const CpeValue vendor = software.cpe.vendor();
    const CpeValue product = software.cpe.product();
    const auto& criteria = index.criteria();
    const auto consider = [&](std::uint32_t criterion) {
        const Criterion& compiled = criteria[criterion];
        const Truth truth = decide_criterion(compiled, software);
        if (truth != Truth::kFalse) {
            verdicts.push_back({criterion, truth, compiled.cve, compiled.configuration,
                                compiled.vulnerable, index.cves()[compiled.cve].self_contained});
        }
    };
    if (part.kind == CpeValueKind::kValue && vendor.kind == CpeValueKind::kValue &&
        product.kind == CpeValueKind::kValue && !vendor.has_wildcards() &&
        !product.has_wildcards()) {
        for (const std::uint32_t criterion :
             index.criteria_for(part.text.front(), vendor.text, product.text)) {
            consider(criterion);
        }
    }
    for (const std::uint32_t criterion : index.open_criteria()) {
        consider(criterion);
    }
    std::sort(verdicts.begin(), verdicts.end(),
              [](const CriterionVerdict& a, const CriterionVerdict& b) {
                  return a.criterion < b.criterion;
              });
    // Criteria are numbered CVE by CVE and configuration by configuration, so the verdicts of one
    // CVE are adjacent and in configuration order.
    for (const CriterionVerdict& verdict : verdicts) {
        if (!verdict.cve_self_contained) {
            result.combined.push_back(verdict);
            continue;
        }
        auto& outcomes = result.self_contained;
        if (outcomes.empty() || outcomes.back().cve != verdict.cve) {
            outcomes.push_back({verdict.cve, verdict.truth, verdict.configuration});
        } else if (outcomes.back().truth == Truth::kUnknown && verdict.truth == Truth::kTrue) {
            // A later configuration that holds outranks an earlier undecided one.
            outcomes.back().truth = Truth::kTrue;
            outcomes.back().configuration = verdict.configuration;
        }
    }
    return result;
}

}  // namespace wardround::match
