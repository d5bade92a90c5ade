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

namespace {

using Organisations = std::unordered_map<std::int64_t, std::pair<std::string, std::string>>;

// Whether a CPE names one vendor and one product (no ANY, NA or wildcards): only such a name can
// be looked up in the estate.
bool names_one_product(const vuln::Cpe& cpe) {
    const vuln::CpeValue vendor = cpe.vendor();
    const vuln::CpeValue product = cpe.product();
    return vendor.kind == vuln::CpeValueKind::kValue && !vendor.has_wildcards() &&
           product.kind == vuln::CpeValueKind::kValue && !product.has_wildcards();
}

// The assets running a product a vulnerable criterion of the CVE names; the criteria that cannot
// be looked up are counted in the report.
Result<std::vector<std::int64_t>> candidate_assets(store::Database& database,
                                                   const match::NvdIndex& index,
                                                   AffectedReport& report) {
    std::set<std::int64_t> candidates;
    for (const match::Criterion& criterion : index.criteria()) {
        if (!criterion.vulnerable) {
            continue;  // platform context: an asset needs the vulnerable product anyway
        }
        if (!names_one_product(criterion.cpe)) {
            ++report.unindexed_criteria;
            continue;
        }
        WARDROUND_TRY(detail::assets_running(database, criterion.cpe, candidates));
    }
    return std::vector<std::int64_t>(candidates.begin(), candidates.end());
}

// Every organisation's code and name, by id.
Result<Organisations> read_organisations(store::Database& database) {
    Organisations orgs;
    WARDROUND_TRY(database.query("SELECT id, code, name FROM organisation", {},
                                 [&orgs](const store::Row& row) -> Status {
                                     orgs[row.get_int(0)] = {row.get_text(1), row.get_text(2)};
                                     return {};
                                 }));
    return orgs;
}

// The rows of the report: candidate assets matched against the CVE, each distinct name once.
class AffectedRows {
public:
    AffectedRows(const match::NvdIndex& index, const detail::Estate& estate, Organisations orgs)
        : index_(index), estate_(estate), orgs_(std::move(orgs)) {
        verdicts_.reserve(estate.software.size());
        for (const match::Software& software : estate.software) {
            verdicts_.push_back(match::evaluate_software(index, software));
        }
    }

    // A row for each CVE outcome of the asset (affected or not evaluable).
    void add(const detail::EstateAsset& asset, AffectedReport& report) {
        std::vector<const match::SoftwareVerdicts*> names;
        for (const detail::SoftwareUse& use : asset.uses) {
            names.push_back(&verdicts_[use.software]);
        }
        for (const match::CveOutcome& outcome : match::evaluate_asset(index_, names)) {
            const detail::SoftwareUse& use = asset.uses[outcome.vulnerable_software.front()];
            AffectedAsset row;
            row.org_code = orgs_[asset.org_id].first;
            row.org_name = orgs_[asset.org_id].second;
            row.asset_id = asset.id;
            row.hostname = asset.hostname;
            row.software = estate_.software_names[use.software];
            row.version = use.version;
            if (outcome.truth == match::Truth::kTrue) {
                row.outcome = "affected";
                ++report.affected;
                organisations_.insert(row.org_code);
            } else {
                row.outcome = "not-evaluable";
                ++report.not_evaluable;
                row.reason = undecided_reason(use.software);
            }
            report.assets.push_back(std::move(row));
        }
    }

    // How many organisations have an affected asset.
    [[nodiscard]] std::int64_t organisations() const {
        return static_cast<std::int64_t>(organisations_.size());
    }

private:
    // The last step of the name's first criterion that is not evaluable.
    [[nodiscard]] std::string undecided_reason(std::uint32_t software) const {
        for (const match::CriterionVerdict& verdict : verdicts_[software].criteria) {
            if (verdict.truth == match::Truth::kUnknown) {
                const auto steps = match::explain_criterion(index_.criteria()[verdict.criterion],
                                                            estate_.software[software]);
                return steps.steps.empty() ? "not evaluable" : steps.steps.back();
            }
        }
        return {};
    }

    const match::NvdIndex& index_;
    const detail::Estate& estate_;
    Organisations orgs_;
    std::vector<match::SoftwareVerdicts> verdicts_;
    std::set<std::string> organisations_;
};

// The candidates in scope, matched: the report's rows, sorted by organisation and asset.
Status match_candidates(store::Database& database,
                        const match::NvdIndex& index,
                        const std::vector<std::int64_t>& org_ids,
                        const detail::EstateFilter& filter,
                        AffectedReport& report) {
    auto estate = detail::load_estate(database, filter);
    WARDROUND_TRY(estate);
    auto orgs = read_organisations(database);
    WARDROUND_TRY(orgs);
    const std::set<std::int64_t> in_scope(org_ids.begin(), org_ids.end());
    AffectedRows rows(index, *estate, std::move(*orgs));
    for (const detail::EstateAsset& asset : estate->assets) {
        if (!in_scope.empty() && in_scope.count(asset.org_id) == 0) {
            continue;
        }
        rows.add(asset, report);
    }
    std::sort(report.assets.begin(), report.assets.end(),
              [](const AffectedAsset& a, const AffectedAsset& b) {
                  return std::tie(a.org_code, a.asset_id) < std::tie(b.org_code, b.asset_id);
              });
    report.organisations = rows.organisations();
    return {};
}

}  // namespace

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
    auto candidates = candidate_assets(database, *index, report);
    WARDROUND_TRY(candidates);
    detail::EstateFilter filter;
    filter.asset_ids = std::move(*candidates);
    report.candidates = static_cast<std::int64_t>(filter.asset_ids.size());
    if (filter.asset_ids.empty()) {
        return report;
    }
    WARDROUND_TRY(match_candidates(database, *index, scope->org_ids, filter, report));
    return report;
}

}  // namespace wardround::findings
