// SPDX-License-Identifier: Apache-2.0
// Collecting the report: a handful of queries over the organisation's assets, findings, their
// events and the scans that covered it. Open findings are read once and every figure built from
// them is counted here, in C++, so that the HTML, JSON and CSV agree and both backends order alike.
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <wardround/core/text.h>
#include <wardround/report/report.h>

#include "report/report_internal.h"

namespace wardround::report {
namespace {

constexpr std::array<const char*, 4> kPriorities{"P1", "P2", "P3", "P4"};

bool is_open(std::string_view status) {
    return status == "new" || status == "open" || status == "reopened";
}

std::map<std::string, std::int64_t> empty_priorities() {
    std::map<std::string, std::int64_t> counts;
    for (const char* priority : kPriorities) {
        counts[priority] = 0;
    }
    return counts;
}

// The organisation named, everything beneath it, and everything above it (a scan of an ancestor
// covers it too).
struct Scope {
    ReportOrganisation organisation;
    std::vector<std::int64_t> ids;                         // it and its descendants, sorted
    std::vector<detail::ScopeOrganisation> organisations;  // the same, by code
    std::vector<std::int64_t> ancestors;                   // its parent, grandparent, ...
    std::string id_list;                                   // "1,2,3" for IN (...)
};

Result<Scope> resolve_scope(store::Database& database, const std::string& org_code) {
    struct Node {
        std::optional<std::int64_t> parent;
    };
    Scope scope;
    std::optional<std::int64_t> found;
    std::unordered_map<std::int64_t, Node> nodes;
    std::unordered_map<std::int64_t, std::pair<std::string, std::string>> names;  // code, name
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> children;
    WARDROUND_TRY(database.query("SELECT id, parent_id, code, name, level, type FROM organisation",
                                 {}, [&](const store::Row& row) -> Status {
                                     const std::int64_t id = row.get_int(0);
                                     Node node;
                                     if (!row.is_null(1)) {
                                         node.parent = row.get_int(1);
                                         children[*node.parent].push_back(id);
                                     }
                                     nodes.emplace(id, node);
                                     names.emplace(id, std::pair(row.get_text(2), row.get_text(3)));
                                     if (row.get_text(2) == org_code) {
                                         found = id;
                                         scope.organisation = {row.get_text(2), row.get_text(3),
                                                               row.get_text(4), row.get_text(5)};
                                     }
                                     return {};
                                 }));
    if (!found) {
        return make_error(ErrorCode::kNotFound, "no organisation has the code " + org_code);
    }
    std::vector<std::int64_t> pending{*found};
    std::set<std::int64_t> seen;
    while (!pending.empty()) {
        const std::int64_t id = pending.back();
        pending.pop_back();
        if (!seen.insert(id).second) {
            continue;  // a cycle in the tree would otherwise never end
        }
        scope.ids.push_back(id);
        scope.organisations.push_back({id, names[id].first, names[id].second, 0, 0});
        const auto below = children.find(id);
        if (below != children.end()) {
            pending.insert(pending.end(), below->second.begin(), below->second.end());
        }
    }
    std::sort(scope.ids.begin(), scope.ids.end());
    std::sort(scope.organisations.begin(), scope.organisations.end(),
              [](const auto& a, const auto& b) { return a.code < b.code; });
    std::optional<std::int64_t> parent = nodes[*found].parent;
    while (parent && seen.insert(*parent).second) {
        scope.ancestors.push_back(*parent);
        parent = nodes[*parent].parent;
    }
    for (std::size_t i = 0; i < scope.ids.size(); ++i) {
        scope.id_list += (i == 0 ? "" : ",") + std::to_string(scope.ids[i]);
    }
    return scope;
}

struct Scan {
    std::int64_t id = 0;
    std::string at;
    std::string kb_version;
    std::string kb_newest;
    std::string summary;
};

// The vulnerability scans that covered the organisation, oldest first: of it, of an organisation
// beneath it or above it, or of every organisation. Runs of the hygiene checks are not among them:
// they used no knowledge base.
Result<std::vector<Scan>> covering_scans(store::Database& database, const Scope& scope) {
    std::string ids = scope.id_list;
    for (const std::int64_t ancestor : scope.ancestors) {
        ids += "," + std::to_string(ancestor);
    }
    std::vector<Scan> scans;
    WARDROUND_TRY(database.query(
        "SELECT id, started_at, kb_version, COALESCE(kb_newest, ''), summary FROM scan_run "
        "WHERE mode <> 'checks' AND (org_id IS NULL OR org_id IN (" +
            ids + "))",
        {}, [&scans](const store::Row& row) -> Status {
            scans.push_back({row.get_int(0), row.get_text(1), row.get_text(2), row.get_text(3),
                             row.get_text(4)});
            return {};
        }));
    std::sort(scans.begin(), scans.end(), [](const Scan& a, const Scan& b) {
        return std::tie(a.at, a.id) < std::tie(b.at, b.id);
    });
    return scans;
}

KnowledgeBaseInfo knowledge_base_of(const Scan& scan, Timestamp now) {
    KnowledgeBaseInfo info;
    info.version = scan.kb_version;
    info.newest_record = scan.kb_newest;
    if (auto newest = parse_timestamp(scan.kb_newest)) {
        const double days =
            static_cast<double>(now.ms_since_epoch - newest->ms_since_epoch) / 86'400'000.0;
        info.age_days = std::round(days * 10.0) / 10.0;
    }
    const nlohmann::json summary = nlohmann::json::parse(scan.summary, nullptr, false);
    if (summary.is_object()) {
        const auto demo = summary.find("kb_demo");
        info.demo = demo != summary.end() && demo->is_boolean() && demo->get<bool>();
    }
    return info;
}

std::vector<PriorityReason> parse_reasons(const std::string& text) {
    std::vector<PriorityReason> reasons;
    const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_array()) {
        return reasons;
    }
    for (const nlohmann::json& item : json) {
        if (!item.is_object()) {
            continue;
        }
        PriorityReason reason;
        reason.factor = item.value("factor", std::string());
        reason.points = item.value("points", 0.0);
        reason.detail = item.value("detail", std::string());
        reasons.push_back(std::move(reason));
    }
    return reasons;
}

Result<std::vector<ReportFinding>> open_findings(store::Database& database,
                                                 const Scope& scope,
                                                 const std::string& today) {
    std::vector<ReportFinding> findings;
    WARDROUND_TRY(database.query(
        "SELECT f.id, o.code, f.asset_id, COALESCE(a.hostname, a.fqdn, ''), COALESCE(a.site, ''), "
        "a.kind, COALESCE(f.vendor, ''), COALESCE(f.product, ''), COALESCE(f.version, ''), "
        "f.vuln_id, f.status, f.priority, f.priority_score, COALESCE(f.due_date, ''), "
        "CASE WHEN k.cve_id IS NULL THEN 0 ELSE 1 END, f.first_seen, f.reasons "
        "FROM finding f JOIN organisation o ON o.id = f.org_id JOIN asset a ON a.id = f.asset_id "
        "LEFT JOIN kev_entry k ON k.cve_id = f.vuln_id AND k.removed_in_catalog IS NULL "
        "WHERE f.status IN ('new', 'open', 'reopened') AND f.org_id IN (" +
            scope.id_list + ")",
        {}, [&](const store::Row& row) -> Status {
            ReportFinding finding;
            finding.id = row.get_int(0);
            finding.org_code = row.get_text(1);
            finding.asset_id = row.get_int(2);
            finding.hostname = row.get_text(3);
            finding.site = row.get_text(4);
            finding.kind = row.get_text(5);
            finding.vendor = row.get_text(6);
            finding.product = row.get_text(7);
            finding.version = row.get_text(8);
            finding.vulnerability = row.get_text(9);
            finding.status = row.get_text(10);
            finding.priority = row.get_text(11);
            finding.priority_score = row.get_double(12);
            finding.due_date = row.get_text(13);
            finding.overdue = !finding.due_date.empty() && finding.due_date < today;
            finding.kev = row.get_int(14) != 0;
            finding.first_seen = row.get_text(15);
            finding.reasons = parse_reasons(row.get_text(16));
            findings.push_back(std::move(finding));
            return {};
        }));
    // Highest priority first; within it the highest score, the earliest due date (none last).
    std::sort(findings.begin(), findings.end(), [](const ReportFinding& a, const ReportFinding& b) {
        const std::string_view due_a =
            a.due_date.empty() ? std::string_view("9999-12-31") : std::string_view(a.due_date);
        const std::string_view due_b =
            b.due_date.empty() ? std::string_view("9999-12-31") : std::string_view(b.due_date);
        return std::tie(a.priority, b.priority_score, due_a, a.org_code, a.asset_id,
                        a.vulnerability, a.id) < std::tie(b.priority, a.priority_score, due_b,
                                                          b.org_code, b.asset_id, b.vulnerability,
                                                          b.id);
    });
    return findings;
}

std::vector<GroupCount> group_by(const std::vector<ReportFinding>& findings,
                                 std::string ReportFinding::*field) {
    std::map<std::string, GroupCount> groups;
    std::map<std::string, std::set<std::int64_t>> assets;
    for (const ReportFinding& finding : findings) {
        const std::string& name = finding.*field;
        GroupCount& group = groups[name];
        if (group.by_priority.empty()) {
            group.name = name;
            group.by_priority = empty_priorities();
        }
        ++group.by_priority[finding.priority];
        ++group.open;
        group.kev += finding.kev ? 1 : 0;
        assets[name].insert(finding.asset_id);
    }
    std::vector<GroupCount> out;
    for (auto& [name, group] : groups) {
        group.assets = static_cast<std::int64_t>(assets[name].size());
        out.push_back(std::move(group));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const GroupCount& a, const GroupCount& b) { return a.open > b.open; });
    return out;
}

Status count_assets(store::Database& database, Scope& scope, Headline& headline) {
    std::unordered_map<std::int64_t, detail::ScopeOrganisation*> by_id;
    for (detail::ScopeOrganisation& org : scope.organisations) {
        by_id.emplace(org.id, &org);
    }
    return database.query("SELECT org_id, kind, stale, COUNT(*) FROM asset WHERE org_id IN (" +
                              scope.id_list + ") GROUP BY org_id, kind, stale",
                          {}, [&](const store::Row& row) -> Status {
                              const std::int64_t count = row.get_int(3);
                              const std::string kind = row.get_text(1);
                              headline.assets_by_kind[kind] += count;
                              headline.assets += count;
                              headline.assets_stale += row.get_int(2) != 0 ? count : 0;
                              const auto org = by_id.find(row.get_int(0));
                              if (org != by_id.end()) {
                                  org->second->assets += count;
                                  org->second->medical_devices +=
                                      kind == "medical-device" ? count : 0;
                              }
                              return {};
                          });
}

Status count_gaps(store::Database& database, const Scope& scope, ReportData& data) {
    WARDROUND_TRY(database.query(
        "SELECT software, reason, COUNT(*), COUNT(DISTINCT asset_id), "
        "CAST(SUM(vulnerabilities) AS BIGINT) "
        "FROM match_gap WHERE org_id IN (" +
            scope.id_list + ") GROUP BY software, reason",
        {}, [&data](const store::Row& row) -> Status {
            data.headline.not_evaluable_entries += row.get_int(2);
            data.headline.not_evaluable_pairs += row.get_int(4);
            data.gaps.push_back({row.get_text(0), row.get_text(1), row.get_int(3), row.get_int(4)});
            return {};
        }));
    std::sort(data.gaps.begin(), data.gaps.end(), [](const GapGroup& a, const GapGroup& b) {
        return std::tie(b.vulnerabilities, b.assets, a.software, a.reason) <
               std::tie(a.vulnerabilities, a.assets, b.software, b.reason);
    });
    if (data.gaps.size() > kGapsListed) {
        data.gaps.resize(kGapsListed);
    }
    auto without_cpe = database.query_value(
        "SELECT COUNT(*) FROM component c JOIN product_identity p ON p.id = c.identity_id "
        "WHERE c.org_id IN (" +
        scope.id_list + ") AND (p.cpe IS NULL OR p.cpe = '')");
    WARDROUND_TRY(without_cpe);
    if (*without_cpe && std::holds_alternative<std::int64_t>(**without_cpe)) {
        data.headline.components_without_cpe = std::get<std::int64_t>(**without_cpe);
    }
    return {};
}

// One change of a finding's status, placed against the covering scans.
struct TrendEvent {
    std::string at;
    std::optional<std::size_t> scan;  // the position of the scan that made it, if one did
    bool open = false;
};

// Adds one finding's state after each scan to the trend's open counts. A scan's events belong to
// it; a person's decision (no scan) counts from its time on.
void replay(const std::vector<Scan>& scans,
            const std::vector<TrendEvent>& events,
            std::vector<TrendPoint>& trend) {
    const auto before_or_at = [&scans](const TrendEvent& event, std::size_t k) {
        return event.scan ? *event.scan <= k : event.at <= scans[k].at;
    };
    std::size_t next = 0;
    bool open = false;
    for (std::size_t k = 0; k < scans.size(); ++k) {
        while (next < events.size() && before_or_at(events[next], k)) {
            open = events[next].open;
            ++next;
        }
        trend[k].open += open ? 1 : 0;
    }
}

// The open count after each scan, replayed from the findings' events, finding by finding.
Status build_trend(store::Database& database,
                   const Scope& scope,
                   const std::vector<Scan>& scans,
                   std::vector<TrendPoint>& trend) {
    std::unordered_map<std::int64_t, std::size_t> position;
    for (std::size_t i = 0; i < scans.size(); ++i) {
        position.emplace(scans[i].id, i);
        trend.push_back({scans[i].id, scans[i].at, 0, 0, 0});
    }
    std::vector<TrendEvent> events;
    std::optional<std::int64_t> current;
    WARDROUND_TRY(database.query(
        "SELECT e.finding_id, e.at, e.to_status, COALESCE(e.scan_id, 0) FROM finding_event e "
        "JOIN finding f ON f.id = e.finding_id WHERE f.org_id IN (" +
            scope.id_list + ") ORDER BY e.finding_id, e.seq",
        {}, [&](const store::Row& row) -> Status {
            const std::int64_t finding = row.get_int(0);
            if (current && *current != finding) {
                replay(scans, events, trend);
                events.clear();
            }
            current = finding;
            TrendEvent event;
            event.at = row.get_text(1);
            const std::string to = row.get_text(2);
            event.open = is_open(to);
            const auto found = position.find(row.get_int(3));
            if (found != position.end()) {
                event.scan = found->second;
                TrendPoint& point = trend[found->second];
                point.new_findings += to == "new" || to == "reopened" ? 1 : 0;
                point.fixed += to == "fixed" ? 1 : 0;
            }
            events.push_back(std::move(event));
            return {};
        }));
    replay(scans, events, trend);
    return {};
}

// The latest and previous covering scans and the latest's knowledge base. Errors:
// kFailedPrecondition when no scan has covered the organisation.
Status take_scans(const std::vector<Scan>& scans,
                  const std::string& org_code,
                  Timestamp now,
                  ReportData& data) {
    if (scans.empty()) {
        return make_error(ErrorCode::kFailedPrecondition,
                          fmt::format("{} has not been scanned yet: run `wardround scan --org {}` "
                                      "first, then the report",
                                      org_code, org_code));
    }
    const Scan& latest = scans.back();
    data.latest_scan = {latest.id, latest.at};
    if (scans.size() > 1) {
        const Scan& previous = scans[scans.size() - 2];
        data.previous_scan = ScanInfo{previous.id, previous.at};
    }
    data.knowledge_base = knowledge_base_of(latest, now);
    return {};
}

// The headline's finding figures, the KEV list (overdue first, then by due date), the top risks and
// the groups, from the open findings.
void summarise_findings(ReportData& data) {
    Headline& headline = data.headline;
    headline.open_by_priority = empty_priorities();
    for (const ReportFinding& finding : data.findings) {
        ++headline.open;
        ++headline.open_by_priority[finding.priority];
        headline.open_overdue += finding.overdue ? 1 : 0;
        if (finding.kev) {
            ++headline.open_kev;
            headline.open_kev_overdue += finding.overdue ? 1 : 0;
            data.kev.push_back(finding);
        }
        if (data.top_risks.size() < kTopRisks) {
            data.top_risks.push_back(finding);
        }
    }
    const auto due = [](const ReportFinding& finding) {
        return finding.due_date.empty() ? std::string_view("~")
                                        : std::string_view(finding.due_date);
    };
    std::stable_sort(data.kev.begin(), data.kev.end(),
                     [&due](const ReportFinding& a, const ReportFinding& b) {
                         return std::tuple(b.overdue, due(a)) < std::tuple(a.overdue, due(b));
                     });
    data.by_site = group_by(data.findings, &ReportFinding::site);
    data.by_kind = group_by(data.findings, &ReportFinding::kind);
}

// What the scans left: the open findings and what is counted from them, the gaps, the trend.
Status collect_findings(store::Database& database,
                        const Scope& scope,
                        const std::vector<Scan>& scans,
                        ReportData& data) {
    auto findings = open_findings(database, scope, data.report_date);
    WARDROUND_TRY(findings);
    data.findings = std::move(*findings);
    summarise_findings(data);
    WARDROUND_TRY(count_gaps(database, scope, data));
    WARDROUND_TRY(build_trend(database, scope, scans, data.trend));
    data.headline.new_in_latest_scan = data.trend.back().new_findings;
    data.headline.fixed_in_latest_scan = data.trend.back().fixed;
    return {};
}

}  // namespace

std::string ReportFinding::reasons_summary() const {
    std::vector<std::string> parts;
    parts.reserve(reasons.size());
    for (const PriorityReason& reason : reasons) {
        parts.push_back(reason.detail.empty() ? reason.factor : reason.detail);
    }
    return join(parts, "; ");
}

Result<ReportData> collect_report(store::Database& database,
                                  const std::string& org_code,
                                  Timestamp now) {
    ReportData data;
    data.generated_at = format_timestamp(now);
    data.report_date = format_date(date_of(now));

    auto scope = resolve_scope(database, org_code);
    WARDROUND_TRY(scope);
    data.organisation = scope->organisation;
    data.organisations_covered = static_cast<std::int64_t>(scope->ids.size());

    auto scans = covering_scans(database, *scope);
    WARDROUND_TRY(scans);
    WARDROUND_TRY(take_scans(*scans, org_code, now, data));

    WARDROUND_TRY(count_assets(database, *scope, data.headline));
    WARDROUND_TRY(collect_findings(database, *scope, *scans, data));
    WARDROUND_TRY(detail::collect_unsupported(database, scope->organisations, now, data));
    WARDROUND_TRY(detail::collect_medical_devices(database, scope->organisations, now, data));
    WARDROUND_TRY(detail::collect_assessments(database, scope->organisations, now, data));
    return data;
}

}  // namespace wardround::report
