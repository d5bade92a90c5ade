// SPDX-License-Identifier: Apache-2.0
// Computing the auto-evidence of an organisation: its scope, the estate's and the findings'
// figures, then what the data file's rules make of each. A figure that cannot be determined
// proposes nothing for any item: the reason stands in for the answer.
#include <algorithm>

#include <fmt/format.h>

#include <wardround/assess/auto_evidence.h>
#include <wardround/org/org_repository.h>

#include "assess/evidence/evidence_internal.h"

namespace wardround::assess {
namespace {

Result<detail::EvidenceScope> resolve_scope(store::Database& database,
                                            const std::string& org_code,
                                            Timestamp as_of) {
    auto subtree = org::organisation_subtree(database, org_code);
    WARDROUND_TRY(subtree);
    auto shown = org::show_organisation(database, org_code);
    WARDROUND_TRY(shown);
    detail::EvidenceScope scope;
    scope.org_code = org_code;
    scope.members = std::move(subtree->members);
    // show_organisation lists the ancestors root first; nearest first reads better here.
    for (const org::Organisation& ancestor : shown->ancestors) {
        scope.ancestors.push_back(ancestor.id);
    }
    std::reverse(scope.ancestors.begin(), scope.ancestors.end());
    for (const org::OrgRef& member : scope.members) {
        scope.id_list += (scope.id_list.empty() ? "" : ",") + std::to_string(member.id);
    }
    scope.as_of = as_of;
    scope.today = date_of(as_of);
    scope.today_text = format_date(scope.today);
    return scope;
}

bool holds(double value, const EvidenceRule& rule) {
    if (rule.op == ">=") {
        return value >= rule.threshold;
    }
    if (rule.op == "<=") {
        return value <= rule.threshold;
    }
    if (rule.op == ">") {
        return value > rule.threshold;
    }
    if (rule.op == "<") {
        return value < rule.threshold;
    }
    return value == rule.threshold;
}

// Each item the mapping ties the figure to, with what the figure suggests for it and why.
void propose(EvidenceFigure& figure, const EvidenceMapping& mapping) {
    for (const EvidenceRule& rule : mapping.rules) {
        InformedItem item;
        item.qualified_id = rule.qualified_id;
        if (!figure.determinable) {
            item.reason = "not determinable: " + figure.detail;
            figure.informs.push_back(std::move(item));
            continue;
        }
        const auto measure = figure.measures.find(rule.measure);
        const double value = rule.measure == "value"            ? figure.value
                             : measure != figure.measures.end() ? measure->second
                                                                : 0.0;
        const bool met = holds(value, rule);
        item.proposed = met ? rule.then : rule.otherwise;
        item.reason =
            fmt::format("{} is {}: {} when {} {} {}, otherwise {}. {}", rule.measure,
                        detail::format_measure(value), rule.then, rule.measure, rule.op,
                        detail::format_measure(rule.threshold), rule.otherwise, rule.basis);
        figure.informs.push_back(std::move(item));
    }
}

}  // namespace

Result<std::vector<EvidenceFigure>> compute_auto_evidence(store::Database& database,
                                                          const std::string& org_code,
                                                          Timestamp as_of) {
    auto mappings = builtin_evidence_mappings();
    if (!mappings) {
        return make_error(
            ErrorCode::kInternal,
            "the built-in evidence mapping does not load: " + mappings.error().message,
            mappings.error().where);
    }
    auto scope = resolve_scope(database, org_code, as_of);
    WARDROUND_TRY(scope);
    std::vector<detail::OrgHoldings> holdings;
    auto estate = detail::estate_figures(database, *scope, holdings);
    WARDROUND_TRY(estate);
    auto findings = detail::finding_figures(database, *scope, holdings);
    WARDROUND_TRY(findings);

    std::vector<EvidenceFigure> figures = std::move(*estate);
    figures.insert(figures.end(), findings->begin(), findings->end());
    // The order auto_evidence_figure_ids() promises.
    const auto& order = auto_evidence_figure_ids();
    const auto position = [&order](const EvidenceFigure& figure) {
        return std::find(order.begin(), order.end(), figure.id) - order.begin();
    };
    std::sort(figures.begin(), figures.end(),
              [&position](const EvidenceFigure& a, const EvidenceFigure& b) {
                  return position(a) < position(b);
              });
    for (EvidenceFigure& figure : figures) {
        for (const EvidenceMapping& mapping : *mappings) {
            if (mapping.figure_id == figure.id) {
                propose(figure, mapping);
            }
        }
    }
    return figures;
}

}  // namespace wardround::assess
