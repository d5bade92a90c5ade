// SPDX-License-Identifier: Apache-2.0
// The report as JSON. Field names are stable and documented in docs/report.md; add fields, never
// rename or remove them without raising report_version.
#include <nlohmann/json.hpp>

#include <wardround/report/report.h>

namespace wardround::report {
namespace {

using Json = nlohmann::ordered_json;

// 2: the unsupported section comes from the end-of-life rules (WR-EOL-001..004) instead of the two
// interim rules, and the medical_devices section was added. 3: the assessments section was added.
constexpr int kReportVersion = 3;

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

Json totals_json(const RuleTotals& totals) {
    return Json{{"failed", totals.failed},
                {"passed", totals.passed},
                {"not_evaluable", totals.not_evaluable},
                {"not_applicable", totals.not_applicable}};
}

Json totals_by_rule(const std::map<std::string, RuleTotals>& rules) {
    Json out = Json::object();
    for (const auto& [rule, totals] : rules) {
        out[rule] = totals_json(totals);
    }
    return out;
}

Json unsupported_json(const UnsupportedSection& section) {
    Json rules = Json::array();
    for (const CheckRule& rule : section.rules) {
        rules.push_back({{"rule", rule.id}, {"text", rule.title}, {"counted", rule.counted}});
    }
    Json organisations = Json::array();
    for (const UnsupportedOrganisation& org : section.organisations) {
        organisations.push_back({{"org", org.org_code},
                                 {"name", org.org_name},
                                 {"assets", org.assets},
                                 {"unsupported", org.unsupported},
                                 {"rules", totals_by_rule(org.rules)},
                                 {"disabled", org.disabled}});
    }
    Json releases = Json::array();
    for (const ReleaseCount& release : section.releases) {
        releases.push_back(
            {{"release", release.release}, {"rule", release.rule_id}, {"assets", release.assets}});
    }
    Json unrecognised = Json::array();
    for (const UnrecognisedOs& os : section.unrecognised) {
        unrecognised.push_back({{"os", os.os}, {"assets", os.assets}});
    }
    Json systems = Json::array();
    for (const UnsupportedSystem& system : section.systems) {
        systems.push_back({{"asset_id", system.asset_id},
                           {"org", system.org_code},
                           {"hostname", system.hostname},
                           {"site", system.site},
                           {"kind", system.kind},
                           {"rule", system.rule_id},
                           {"system", system.system},
                           {"detail", system.reason}});
    }
    return Json{{"rules", std::move(rules)},
                {"totals", totals_by_rule(section.totals)},
                {"by_organisation", std::move(organisations)},
                {"os_releases", std::move(releases)},
                {"not_in_catalogue", std::move(unrecognised)},
                {"systems_total", section.systems_total},
                {"systems", std::move(systems)}};
}

Json counts_json(const DeviceCounts& counts) {
    return Json{{"devices", counts.devices},
                {"meeting", counts.meeting},
                {"short_of", counts.short_of},
                {"undetermined", counts.undetermined}};
}

Json device_groups_json(const std::vector<DeviceGroup>& groups, bool with_org, const char* name) {
    Json out = Json::array();
    for (const DeviceGroup& group : groups) {
        Json item = counts_json(group.counts);
        if (with_org) {
            item["org"] = group.org_code;
        }
        item[name] = group.name;
        out.push_back(std::move(item));
    }
    return out;
}

Json devices_json(const DeviceSection& section) {
    Json organisations = Json::array();
    for (const auto& [org, counts] : section.by_organisation) {
        Json item = counts_json(counts);
        item["org"] = org;
        organisations.push_back(std::move(item));
    }
    Json requirements = Json::array();
    for (const RequirementCount& requirement : section.requirements) {
        requirements.push_back({{"id", requirement.id},
                                {"title", requirement.title},
                                {"met", requirement.met},
                                {"not_met", requirement.not_met},
                                {"not_determined", requirement.not_determined},
                                {"excepted", requirement.excepted}});
    }
    Json exceptions = Json::array();
    for (const DeviceExceptionEntry& exception : section.exceptions) {
        exceptions.push_back(
            {{"id", exception.id},
             {"org", exception.org_code},
             {"asset_id", exception.asset_id ? Json(*exception.asset_id) : Json(nullptr)},
             {"hostname", exception.hostname},
             {"manufacturer", exception.manufacturer},
             {"model", exception.model},
             {"requirement", exception.requirement_id},
             {"reason", exception.reason},
             {"owner", exception.owner},
             {"until", exception.until},
             {"expired", exception.expired}});
    }
    Json short_of = Json::array();
    for (const DeviceShortfall& device : section.short_of) {
        Json not_met = Json::array();
        for (const auto& [requirement, reasons] : device.not_met) {
            not_met.push_back({{"requirement", requirement}, {"detail", reasons}});
        }
        short_of.push_back({{"asset_id", device.asset_id},
                            {"org", device.org_code},
                            {"hostname", device.hostname},
                            {"manufacturer", device.manufacturer},
                            {"model", device.model},
                            {"department", device.department},
                            {"not_met", std::move(not_met)}});
    }
    return Json{{"summary", counts_json(section.summary)},
                {"by_organisation", std::move(organisations)},
                {"requirements", std::move(requirements)},
                {"by_model", device_groups_json(section.by_model, false, "model")},
                {"by_department", device_groups_json(section.by_department, true, "department")},
                {"exceptions", std::move(exceptions)},
                {"disabled", section.disabled},
                {"short_of_total", section.short_of_total},
                {"short_of", std::move(short_of)}};
}

Json assessment_json(const ReportAssessment& assessment) {
    Json out{{"framework", assessment.framework},
             {"period", assessment.period},
             {"revision", assessment.revision},
             {"kind", text_or_null(assessment.kind)},
             {"category", text_or_null(assessment.category)},
             {"profile", text_or_null(assessment.profile)},
             {"status", assessment.signed_off ? "signed-off" : "draft"},
             {"started", {{"by", assessment.started_by}, {"at", assessment.started_at}}},
             {"signed_off", assessment.signed_off ? Json{{"by", assessment.signed_off_by},
                                                         {"role", assessment.signer_role},
                                                         {"at", assessment.signed_off_at}}
                                                  : Json(nullptr)},
             {"problem", text_or_null(assessment.problem)}};
    // Each framework kind's own counts, the others' null, so a reader cannot take a zero for a
    // figure the framework does not have.
    const bool judged = assessment.problem.empty();
    out["outcomes"] = judged && assessment.kind == "outcomes"
                          ? Json{{"achieved", assessment.achieved},
                                 {"partially_achieved", assessment.partially_achieved},
                                 {"not_achieved", assessment.not_achieved},
                                 {"undecided", assessment.undecided},
                                 {"short_of_profile", assessment.short_of_profile
                                                          ? Json(*assessment.short_of_profile)
                                                          : Json(nullptr)}}
                          : Json(nullptr);
    out["nodes"] = judged && assessment.kind != "outcomes"
                       ? Json{{"met", assessment.met},
                              {"not_met", assessment.not_met},
                              {"incomplete", assessment.incomplete}}
                       : Json(nullptr);
    out["dspt"] = judged && assessment.kind == "standards"
                      ? Json{{"status", text_or_null(assessment.dspt_status)},
                             {"reason", assessment.dspt_reason}}
                      : Json(nullptr);
    out["items"] = judged ? Json{{"total", assessment.items},
                                 {"answered", assessment.answered},
                                 {"required", assessment.required},
                                 {"required_answered", assessment.required_answered},
                                 {"unsupported_answers", assessment.unsupported_answers}}
                          : Json(nullptr);
    out["evidence"] = judged ? Json{{"expired", assessment.evidence_expired},
                                    {"expiring", assessment.evidence_expiring}}
                             : Json(nullptr);
    out["plan"] = judged
                      ? Json{{"open", assessment.plan_open}, {"overdue", assessment.plan_overdue}}
                      : Json(nullptr);
    Json shortfalls = Json::array();
    for (const AssessmentShortfall& shortfall : assessment.shortfalls) {
        shortfalls.push_back({{"node", shortfall.node_id},
                              {"title", shortfall.title},
                              {"status", shortfall.status},
                              {"decided", shortfall.decided},
                              {"expected", text_or_null(shortfall.expected)},
                              {"owner", text_or_null(shortfall.owner)}});
    }
    out["shortfalls"] = std::move(shortfalls);
    return out;
}

Json assessments_json(const AssessmentSection& section) {
    Json organisations = Json::array();
    for (const AssessmentOrganisation& org : section.organisations) {
        Json assessments = Json::array();
        for (const ReportAssessment& assessment : org.assessments) {
            assessments.push_back(assessment_json(assessment));
        }
        organisations.push_back({{"org", org.org_code},
                                 {"name", org.org_name},
                                 {"assessments", std::move(assessments)}});
    }
    Json without = Json::array();
    for (const auto& [code, name] : section.without) {
        without.push_back({{"org", code}, {"name", name}});
    }
    return Json{{"total", section.total},
                {"expiring_within_days", kEvidenceExpiringDays},
                {"by_organisation", std::move(organisations)},
                {"without_assessment", std::move(without)}};
}

}  // namespace

std::string render_json(const ReportData& data) {
    const Headline& headline = data.headline;
    const KnowledgeBaseInfo& kb = data.knowledge_base;
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
        {"report_version", kReportVersion},
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
        {"unsupported", unsupported_json(data.unsupported)},
        {"medical_devices", devices_json(data.medical_devices)},
        {"assessments", assessments_json(data.assessments)},
        {"by_site", groups_json(data.by_site, "site")},
        {"by_kind", groups_json(data.by_kind, "kind")},
        {"not_evaluable", std::move(gaps)},
        {"trend", std::move(trend)}};
    return out.dump(2) + "\n";
}

}  // namespace wardround::report
