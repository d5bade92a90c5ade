// SPDX-License-Identifier: Apache-2.0
// The findings' figures: how quickly critical and known-exploited vulnerabilities are fixed, and
// which known-exploited ones are open past their due date. One query reads the findings that can
// count (vulnerability findings fixed in the last 12 months, or open); the scans that covered each
// organisation decide whether the findings can be trusted to be there at all.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <wardround/core/text.h>

#include "assess/evidence/evidence_internal.h"

namespace wardround::assess::detail {
namespace {

using store::Row;
using store::Value;

constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr double kFixWithinDays = 14.0;  // Cyber Essentials' limit for critical and high fixes
constexpr double kHighCvss = 7.0;        // its "critical or high": CVSS v3 7 or more
constexpr int kLookBackDays = 365;

// The CVSS score a finding's priority was computed from, read from its reasons: the scan writes
// the factor "cvss" with the detail "CVSS <version> <score> (<source>)" (findings/policy.cpp), and
// keeps no score column of its own.
std::optional<double> cvss_of(const std::string& reasons) {
    const nlohmann::json json = nlohmann::json::parse(reasons, nullptr, false);
    if (!json.is_array()) {
        return std::nullopt;
    }
    for (const nlohmann::json& reason : json) {
        if (!reason.is_object() || reason.value("factor", std::string()) != "cvss") {
            continue;
        }
        const std::string detail = reason.value("detail", std::string());
        const std::vector<std::string_view> parts = split(detail, ' ');
        if (parts.size() < 3) {
            return std::nullopt;
        }
        double score = 0;
        const std::string_view text = parts[2];
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), score);
        if (error == std::errc() && end == text.data() + text.size()) {
            return score;
        }
    }
    return std::nullopt;
}

struct FindingTally {
    std::vector<double> fix_days;  // of each critical finding fixed in the window
    std::int64_t fixed_within = 0;
    std::int64_t open_past = 0;  // critical, open, first seen more than 14 days ago
    std::int64_t kev_overdue = 0;
    std::string oldest_due;  // of the overdue KEV findings
    std::set<std::int64_t> kev_overdue_assets;
};

double days_between(const std::string& from, const std::string& to) {
    const auto start = parse_timestamp(from);
    const auto end = parse_timestamp(to);
    if (!start || !end) {
        return 0.0;
    }
    return static_cast<double>(end->ms_since_epoch - start->ms_since_epoch) /
           static_cast<double>(kMsPerDay);
}

Status tally_findings(store::Database& database, const EvidenceScope& scope, FindingTally& tally) {
    const std::string now = format_timestamp(scope.as_of);
    const std::string window_start =
        format_timestamp(Timestamp{scope.as_of.ms_since_epoch - kLookBackDays * kMsPerDay});
    const std::string past_fix_limit = format_timestamp(Timestamp{
        scope.as_of.ms_since_epoch - static_cast<std::int64_t>(kFixWithinDays) * kMsPerDay});
    const Value params[] = {Value{window_start}, Value{now}};
    // Vulnerability findings only: the hygiene checks' failed rules are not vulnerabilities to fix
    // within 14 days. Accepted risks and false positives are decisions, not fixes, and are left
    // out.
    return database.query(
        "SELECT f.status, f.priority, f.first_seen, COALESCE(f.fixed_at, ''), "
        "COALESCE(f.due_date, ''), f.reasons, CASE WHEN k.cve_id IS NULL THEN 0 ELSE 1 END, "
        "f.asset_id FROM finding f "
        "LEFT JOIN kev_entry k ON k.cve_id = f.vuln_id AND k.removed_in_catalog IS NULL "
        "WHERE f.org_id IN (" +
            scope.id_list +
            ") AND f.source <> 'check' AND (f.status IN ('new', 'open', 'reopened') OR "
            "(f.status = 'fixed' AND f.fixed_at >= ? AND f.fixed_at <= ?))",
        params, [&](const Row& row) -> Status {
            const std::string status = row.get_text(0);
            const bool kev = row.get_int(6) != 0;
            const std::optional<double> cvss = cvss_of(row.get_text(5));
            const bool critical = row.get_text(1) == "P1" || kev || (cvss && *cvss >= kHighCvss);
            const std::string first_seen = row.get_text(2);
            const std::string due = row.get_text(4);
            if (status == "fixed") {
                if (critical) {
                    const double days = days_between(first_seen, row.get_text(3));
                    tally.fix_days.push_back(days);
                    tally.fixed_within += days <= kFixWithinDays ? 1 : 0;
                }
                return {};
            }
            if (critical && first_seen < past_fix_limit) {
                ++tally.open_past;
            }
            if (kev && !due.empty() && due < scope.today_text) {
                ++tally.kev_overdue;
                tally.kev_overdue_assets.insert(row.get_int(7));
                if (tally.oldest_due.empty() || due < tally.oldest_due) {
                    tally.oldest_due = due;
                }
            }
            return {};
        });
}

double median(std::vector<double> values) {
    if (values.empty()) {
        return 0.0;
    }
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    const double value =
        values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
    return std::round(value * 10.0) / 10.0;
}

// Which organisations holding assets no vulnerability scan has covered (a scan of every
// organisation, of it or of an organisation above it), and the newest covering scan's start.
struct Coverage {
    std::vector<std::string> uncovered;
    std::string newest;
};

Result<Coverage> scan_coverage(store::Database& database,
                               const EvidenceScope& scope,
                               const std::vector<OrgHoldings>& holdings) {
    std::map<std::optional<std::int64_t>, std::string> newest_by_org;  // nullopt: every org
    WARDROUND_TRY(database.query(
        "SELECT org_id, MAX(started_at) FROM scan_run WHERE mode <> 'checks' GROUP BY org_id", {},
        [&newest_by_org](const Row& row) -> Status {
            const std::optional<std::int64_t> org =
                row.is_null(0) ? std::nullopt : std::optional(row.get_int(0));
            newest_by_org[org] = row.get_text(1);
            return {};
        }));
    std::map<std::int64_t, std::optional<std::int64_t>> parents;
    for (const org::OrgRef& member : scope.members) {
        parents[member.id] = member.parent_id;
    }
    Coverage coverage;
    for (const OrgHoldings& org : holdings) {
        // It, its ancestors within the scope, the scope's ancestors, and "every organisation".
        std::vector<std::optional<std::int64_t>> coverers{std::nullopt};
        for (std::optional<std::int64_t> id = org.id; id && parents.count(*id) != 0;
             id = parents[*id]) {
            coverers.emplace_back(*id);
        }
        coverers.insert(coverers.end(), scope.ancestors.begin(), scope.ancestors.end());
        std::string newest;
        for (const auto& coverer : coverers) {
            const auto found = newest_by_org.find(coverer);
            if (found != newest_by_org.end() && found->second > newest) {
                newest = found->second;
            }
        }
        if (newest.empty()) {
            coverage.uncovered.push_back(org.code);
        }
        coverage.newest = std::max(coverage.newest, newest);
    }
    return coverage;
}

// Why the findings cannot be relied on, or "" when they can.
std::string coverage_gap(const Coverage& coverage,
                         const EvidenceScope& scope,
                         const std::vector<OrgHoldings>& holdings) {
    if (holdings.empty()) {
        return fmt::format(
            "no assets are recorded for {} or the organisations beneath it, so no "
            "vulnerability scan has anything to find",
            scope.org_code);
    }
    if (!coverage.uncovered.empty()) {
        return fmt::format(
            "no vulnerability scan has covered {} (run `wardround scan`): its "
            "findings would be missing, not absent",
            fmt::join(coverage.uncovered, ", "));
    }
    return {};
}

EvidenceFigure fix_figure(const FindingTally& tally, const EvidenceScope& scope) {
    EvidenceFigure figure = make_figure("critical-fixed-within-14-days");
    const auto fixed = static_cast<std::int64_t>(tally.fix_days.size());
    const std::int64_t counted = fixed + tally.open_past;
    figure.numerator = tally.fixed_within;
    figure.denominator = counted;
    figure.value = share(tally.fixed_within, counted);
    const double median_days = median(tally.fix_days);
    figure.measures = {{"fixed", static_cast<double>(fixed)},
                       {"fixed_within", static_cast<double>(tally.fixed_within)},
                       {"open_past", static_cast<double>(tally.open_past)},
                       {"median_days", median_days}};
    figure.determinable = counted > 0;
    const std::string basis =
        "critical findings are those of priority P1, in CISA KEV, or with CVSS 7 or more; the "
        "time to fix runs from the scan that first found one to the scan that found it gone";
    if (!figure.determinable) {
        figure.detail = fmt::format(
            "no critical finding was fixed in the 12 months to {} and none is open more than 14 "
            "days: nothing to measure ({})",
            scope.today_text, basis);
        return figure;
    }
    figure.detail = fmt::format(
        "{} of {} critical vulnerability findings were fixed within 14 days: {} fixed in the 12 "
        "months to {} ({} within 14 days, median {} days) and {} still open more than 14 days "
        "after first being seen; {}",
        tally.fixed_within, counted, fixed, scope.today_text, tally.fixed_within,
        format_measure(median_days), tally.open_past, basis);
    return figure;
}

EvidenceFigure kev_figure(const FindingTally& tally, const EvidenceScope& scope) {
    EvidenceFigure figure = make_figure("kev-overdue");
    figure.value = static_cast<double>(tally.kev_overdue);
    figure.numerator = tally.kev_overdue;
    std::int64_t oldest_days = 0;
    if (auto due = parse_date(tally.oldest_due)) {
        oldest_days = scope.today.days_since_epoch - due->days_since_epoch;
    }
    figure.measures = {{"oldest_days_overdue", static_cast<double>(oldest_days)}};
    figure.determinable = true;
    figure.detail = tally.kev_overdue == 0
                        ? fmt::format("no open finding in CISA KEV is past its due date on {}",
                                      scope.today_text)
                        : fmt::format(
                              "{} open findings in CISA KEV, on {} assets, are past their due date "
                              "on {}; the oldest was due {} ({} days overdue)",
                              tally.kev_overdue, tally.kev_overdue_assets.size(), scope.today_text,
                              tally.oldest_due, oldest_days);
    return figure;
}

}  // namespace

Result<std::vector<EvidenceFigure>> finding_figures(store::Database& database,
                                                    const EvidenceScope& scope,
                                                    const std::vector<OrgHoldings>& holdings) {
    auto coverage = scan_coverage(database, scope, holdings);
    WARDROUND_TRY(coverage);
    FindingTally tally;
    WARDROUND_TRY(tally_findings(database, scope, tally));
    std::vector<EvidenceFigure> figures{fix_figure(tally, scope), kev_figure(tally, scope)};
    const std::string gap = coverage_gap(*coverage, scope, holdings);
    for (EvidenceFigure& figure : figures) {
        figure.as_of = coverage->newest;
        if (!gap.empty()) {
            figure.determinable = false;
            figure.detail = gap;
        }
    }
    return figures;
}

}  // namespace wardround::assess::detail
