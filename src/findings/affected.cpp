// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include <wardround/core/identifiers.h>
#include <wardround/findings/affected.h>
#include <wardround/match/asset_matcher.h>

#include "findings/estate.h"
#include "findings/knowledge_loader.h"
#include "findings/scope.h"

namespace wardround::findings {

using store::Value;

Result<AffectedReport> affected_by(store::Database& database,
                                   const std::string& cve_id,
                                   const std::string& org_code) {
    if (!is_cve_id(cve_id)) {
        return make_error(ErrorCode::kInvalidArgument, "not a CVE id: " + cve_id);
    }
    auto scope = detail::resolve_scope(database, org_code);
    WARDROUND_TRY(scope);
    AffectedReport report;
    report.cve = cve_id;
    const Value id[] = {Value{cve_id}};
    auto known = database.query_value("SELECT has_configurations FROM cve WHERE id = ?", id);
    WARDROUND_TRY(known);
    report.known = known->has_value();
    auto index = detail::load_nvd_index(database, cve_id);
    WARDROUND_TRY(index);
    report.has_configurations = !index->cves().empty();
    if (!report.has_configurations) {
        return report;
    }
    std::set<std::int64_t> candidates;
    for (const match::Criterion& criterion : index->criteria()) {
        if (!criterion.vulnerable) {
            continue;  // platform context: an asset needs the vulnerable product anyway
        }
        const vuln::CpeValue vendor = criterion.cpe.vendor();
        const vuln::CpeValue product = criterion.cpe.product();
        if (vendor.kind != vuln::CpeValueKind::kValue || vendor.has_wildcards() ||
            product.kind != vuln::CpeValueKind::kValue || product.has_wildcards()) {
            ++report.unindexed_criteria;
            continue;
        }
        WARDROUND_TRY(detail::assets_running(database, criterion.cpe, candidates));
    }
    detail::EstateFilter filter;
    filter.asset_ids.assign(candidates.begin(), candidates.end());
    report.candidates = static_cast<std::int64_t>(filter.asset_ids.size());
    if (filter.asset_ids.empty()) {
        return report;
    }
    auto estate = detail::load_estate(database, filter);
    WARDROUND_TRY(estate);

    std::unordered_map<std::int64_t, std::pair<std::string, std::string>> orgs;
    WARDROUND_TRY(database.query("SELECT id, code, name FROM organisation", {},
                                 [&orgs](const store::Row& row) -> Status {
                                     orgs[row.get_int(0)] = {row.get_text(1), row.get_text(2)};
                                     return {};
                                 }));
    const std::set<std::int64_t> in_scope(scope->org_ids.begin(), scope->org_ids.end());
    std::vector<match::SoftwareVerdicts> verdicts;
    verdicts.reserve(estate->software.size());
    for (const match::Software& software : estate->software) {
        verdicts.push_back(match::evaluate_software(*index, software));
    }
    std::set<std::string> organisations;
    for (const detail::EstateAsset& asset : estate->assets) {
        if (!in_scope.empty() && in_scope.count(asset.org_id) == 0) {
            continue;
        }
        std::vector<const match::SoftwareVerdicts*> names;
        for (const detail::SoftwareUse& use : asset.uses) {
            names.push_back(&verdicts[use.software]);
        }
        for (const match::CveOutcome& outcome : match::evaluate_asset(*index, names)) {
            const detail::SoftwareUse& use = asset.uses[outcome.vulnerable_software.front()];
            AffectedAsset row;
            row.org_code = orgs[asset.org_id].first;
            row.org_name = orgs[asset.org_id].second;
            row.asset_id = asset.id;
            row.hostname = asset.hostname;
            row.software = estate->software_names[use.software];
            row.version = use.version;
            if (outcome.truth == match::Truth::kTrue) {
                row.outcome = "affected";
                ++report.affected;
                organisations.insert(row.org_code);
            } else {
                row.outcome = "not-evaluable";
                ++report.not_evaluable;
                for (const match::CriterionVerdict& verdict : verdicts[use.software].criteria) {
                    if (verdict.truth == match::Truth::kUnknown) {
                        const auto steps = match::explain_criterion(
                            index->criteria()[verdict.criterion], estate->software[use.software]);
                        row.reason = steps.steps.empty() ? "not evaluable" : steps.steps.back();
                        break;
                    }
                }
            }
            report.assets.push_back(std::move(row));
        }
    }
    std::sort(report.assets.begin(), report.assets.end(),
              [](const AffectedAsset& a, const AffectedAsset& b) {
                  return std::tie(a.org_code, a.asset_id) < std::tie(b.org_code, b.asset_id);
              });
    report.organisations = static_cast<std::int64_t>(organisations.size());
    return report;
}

}  // namespace wardround::findings
