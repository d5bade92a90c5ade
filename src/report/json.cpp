// SPDX-License-Identifier: Apache-2.0
// The report as JSON. Field names are stable and documented in docs/report.md; add fields, never
// rename or remove them without raising report_version.
#include <nlohmann/json.hpp>

#include <wardround/report/report.h>

namespace wardround::report {
namespace {

using Json = nlohmann::ordered_json;

Json text_or_null(const std::string& text) {
    return text.empty() ? Json(nullptr) : Json(text);
}

Json finding_json(const ReportFinding& finding, bool with_reasons) {
    Json out{{"finding_id", finding.id},
             {"org", finding.org_code},
             {"asset_id", finding.asset_id},
             {"hostname", finding.hostname},
             {"site", finding.site},
             {"kind", finding.kind},
             {"vendor", finding.vendor},
             {"product", finding.product},
             {"version", finding.version},
             {"vulnerability", finding.vulnerability},
             {"status", finding.status},
             {"priority", finding.priority},
             {"priority_score", finding.priority_score},
             {"due_date", text_or_null(finding.due_date)},
             {"overdue", finding.overdue},
             {"kev", finding.kev},
             {"first_seen", finding.first_seen}};
    if (with_reasons) {
        Json reasons = Json::array();
        for (const PriorityReason& reason : finding.reasons) {
            reasons.push_back(
                {{"factor", reason.factor}, {"points", reason.points}, {"detail", reason.detail}});
        }
        out["reasons"] = std::move(reasons);
    }
    return out;
}

Json findings_json(const std::vector<ReportFinding>& findings, bool with_reasons) {
    Json out = Json::array();
    for (const ReportFinding& finding : findings) {
        out.push_back(finding_json(finding, with_reasons));
    }
    return out;
}

Json groups_json(const std::vector<GroupCount>& groups, const char* name) {
    Json out = Json::array();
    for (const GroupCount& group : groups) {
        out.push_back({{name, group.name},
                       {"open", group.open},
                       {"by_priority", group.by_priority},
                       {"kev", group.kev},
                       {"assets", group.assets}});
    }
    return out;
}

Json scan_json(const ScanInfo& scan) {
    return Json{{"id", scan.id}, {"at", scan.at}};
}

}  // namespace

std::string render_json(const ReportData& data) {
    const Headline& headline = data.headline;
    const KnowledgeBaseInfo& kb = data.knowledge_base;
    Json unsupported_rules = Json::array();
    for (const UnsupportedRule rule :
         {UnsupportedRule::kMedicalDeviceSupportEnded, UnsupportedRule::kWindowsEndOfSupport}) {
        unsupported_rules.push_back({{"rule", rule_name(rule)}, {"text", rule_text(rule)}});
    }
    Json unsupported = Json::array();
    for (const UnsupportedSystem& system : data.unsupported) {
        unsupported.push_back({{"asset_id", system.asset_id},
                               {"org", system.org_code},
                               {"hostname", system.hostname},
                               {"site", system.site},
                               {"kind", system.kind},
                               {"rule", rule_name(system.rule)},
                               {"system", system.system},
                               {"detail", system.detail}});
    }
    Json gaps = Json::array();
    for (const GapGroup& gap : data.gaps) {
        gaps.push_back({{"software", gap.software},
                        {"reason", gap.reason},
                        {"assets", gap.assets},
                        {"vulnerabilities", gap.vulnerabilities}});
    }
    Json trend = Json::array();
    for (const TrendPoint& point : data.trend) {
        trend.push_back({{"scan_id", point.scan_id},
                         {"at", point.at},
                         {"open", point.open},
                         {"new", point.new_findings},
                         {"fixed", point.fixed}});
    }
    const Json out{
        {"report_version", 1},
        {"generated_at", data.generated_at},
        {"report_date", data.report_date},
        {"organisation",
         {{"code", data.organisation.code},
          {"name", data.organisation.name},
          {"level", data.organisation.level},
          {"type", data.organisation.type},
          {"organisations_covered", data.organisations_covered}}},
        {"knowledge_base",
         {{"version", kb.version},
          {"newest_record", text_or_null(kb.newest_record)},
          {"age_days", kb.age_days ? Json(*kb.age_days) : Json(nullptr)},
          {"demo_subset", kb.demo}}},
        {"latest_scan", scan_json(data.latest_scan)},
        {"previous_scan", data.previous_scan ? scan_json(*data.previous_scan) : Json(nullptr)},
        {"headline",
         {{"assets",
           {{"total", headline.assets},
            {"stale", headline.assets_stale},
            {"by_kind", headline.assets_by_kind}}},
          {"open_findings",
           {{"total", headline.open},
            {"overdue", headline.open_overdue},
            {"by_priority", headline.open_by_priority}}},
          {"kev", {{"open", headline.open_kev}, {"overdue", headline.open_kev_overdue}}},
          {"latest_scan",
           {{"new", headline.new_in_latest_scan}, {"fixed", headline.fixed_in_latest_scan}}},
          {"not_evaluable",
           {{"entries", headline.not_evaluable_entries}, {"pairs", headline.not_evaluable_pairs}}},
          {"components_without_cpe", headline.components_without_cpe},
          {"unsupported_systems", headline.unsupported_systems}}},
        {"kev", findings_json(data.kev, false)},
        {"top_risks", findings_json(data.top_risks, true)},
        {"unsupported",
         {{"rules", std::move(unsupported_rules)}, {"systems", std::move(unsupported)}}},
        {"by_site", groups_json(data.by_site, "site")},
        {"by_kind", groups_json(data.by_kind, "kind")},
        {"not_evaluable", std::move(gaps)},
        {"trend", std::move(trend)}};
    return out.dump(2) + "\n";
}

}  // namespace wardround::report
