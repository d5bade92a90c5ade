// SPDX-License-Identifier: Apache-2.0
// The security report over a small estate whose figures are counted by hand (tests/data/report):
// a trust with a site beneath it, scanned twice against a four-CVE knowledge base of our own (one
// in KEV), with a sibling trust scanned on its own in between. The collected figures, the HTML (no
// external references, every value escaped, tags balanced), the JSON fields and the CSV rows; and
// the hygiene sections (the end-of-life rules and the medical-device standard), on the same trust
// and on the region with the checks' own estate (tests/data/checks) in the sibling trust.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <wardround/assess/assessment.h>
#include <wardround/assess/framework_library.h>
#include <wardround/checks/device_standard.h>
#include <wardround/core/csv.h>
#include <wardround/core/input_file.h>
#include <wardround/findings/scan.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/org/org_import.h>
#include <wardround/report/report.h>
#include <wardround/vuln/feed_import.h>

#include "support/test_support.h"

namespace wardround::report {
namespace {

using testing::fixture;

Timestamp at(const char* text) {
    auto parsed = parse_timestamp(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed.value_or(Timestamp{});
}

class ReportTest : public ::testing::TestWithParam<store::Backend> {
protected:
    static void import_organisations(store::Database& database) {
        auto file = InputFile::open(fixture("report/organisations.csv"));
        ASSERT_TRUE(file.has_value()) << file.error().to_string();
        auto imported = org::import_organisations(database, *file);
        ASSERT_TRUE(imported.has_value()) << imported.error().to_string();
    }

    static void import_inventory(store::Database& database,
                                 const std::string& org,
                                 const std::string& name) {
        import_path(database, org, fixture("report/" + name));
    }

    static void import_path(store::Database& database,
                            const std::string& org,
                            const std::string& path,
                            std::optional<inventory::InventoryFormat> format = std::nullopt) {
        inventory::InventoryImportOptions options;
        options.org_code = org;
        options.format = format;
        inventory::InventoryImporter importer(database);
        auto report = importer.import_file(path, options);
        ASSERT_TRUE(report.has_value()) << path << ": " << report.error().to_string();
    }

    static std::int64_t asset_id(store::Database& database, const std::string& where) {
        auto id = database.query_value("SELECT id FROM asset WHERE " + where);
        EXPECT_TRUE(id.has_value() && id->has_value()) << where;
        return id && *id ? std::get<std::int64_t>(**id) : 0;
    }

    // The exceptions register of RPT1: the pump excused from the SBOM until the end of 2025, its
    // model from the MDS2 form until June, and the monitor's support exception already expired.
    static void add_exceptions(store::Database& database) {
        auto standard = checks::builtin_device_standard();
        ASSERT_TRUE(standard.has_value()) << standard.error().to_string();
        const Timestamp now = at("2025-01-15T09:00:00Z");
        checks::DeviceException pump;
        pump.asset_id = asset_id(database, "model = 'FlowPoint 5'");
        pump.requirement_id = "MDS-03";
        pump.reason = "the manufacturer publishes no SBOM for this model";
        pump.owner = "clinical engineering";
        pump.until = "2025-12-31";
        ASSERT_TRUE(checks::add_device_exception(database, *standard, "RPT1", pump, now));
        checks::DeviceException model;
        model.manufacturer = "Example Infusion Ltd";
        model.model = "FlowPoint 5";
        model.requirement_id = "MDS-04";
        model.reason = "MDS2 form requested from <the manufacturer>";
        model.owner = "procurement";
        model.until = "2025-06-30";
        ASSERT_TRUE(checks::add_device_exception(database, *standard, "RPT1", model, now));
        checks::DeviceException monitor;
        monitor.asset_id = asset_id(database, "hostname = 'mon-1'");
        monitor.requirement_id = "MDS-01";
        monitor.reason = "replacement ordered";
        monitor.owner = "ward 1 manager";
        monitor.until = "2024-12-31";
        ASSERT_TRUE(checks::add_device_exception(database, *standard, "RPT1", monitor, now));
    }

    static void scan(store::Database& database, const std::string& org, const char* now) {
        findings::ScanOptions options;
        options.org_code = org;
        options.now = at(now);
        options.threads = 1;
        auto summary = findings::run_scan(database, options);
        ASSERT_TRUE(summary.has_value()) << summary.error().to_string();
    }

    // The scenario: the knowledge base and the two trusts' estates; RPT1 scanned on 10 January,
    // RPT2 alone on the 11th; then RPT1's workstation gets a newer Firefox and every
    // organisation is scanned on the 20th.
    static void build_scenario(store::Database& database) {
        import_organisations(database);
        auto feeds =
            vuln::import_feeds(database, {fixture("report/nvd.json"), fixture("report/kev.json")});
        ASSERT_TRUE(feeds.has_value()) << feeds.error().to_string();
        import_inventory(database, "RPT1", "inventory.csv");
        import_inventory(database, "RPT1", "device-register.csv");
        import_inventory(database, "RPT2", "other-trust.csv");
        scan(database, "RPT1", "2025-01-10T09:00:00Z");
        scan(database, "RPT2", "2025-01-11T09:00:00Z");
        import_inventory(database, "RPT1", "inventory-later.csv");
        scan(database, "", "2025-01-20T09:00:00Z");
    }

    static ReportData collect(store::Database& database) {
        auto data = collect_report(database, "RPT1", at("2025-01-25T12:00:00Z"));
        EXPECT_TRUE(data.has_value()) << data.error().to_string();
        return data.value_or(ReportData{});
    }

    static void import_framework(store::Database& database, const std::string& name) {
        auto imported = assess::import_framework_file(database, fixture("frameworks/" + name));
        ASSERT_TRUE(imported.has_value()) << name << ": " << imported.error().to_string();
    }

    static void start(store::Database& database,
                      const assess::AssessmentRef& ref,
                      const std::string& category,
                      const std::string& profile = {},
                      const char* now = "2025-01-10T09:00:00Z") {
        auto started =
            assess::start_assessment(database, {ref, category, profile, "ian.governance"}, at(now));
        ASSERT_TRUE(started.has_value()) << started.error().to_string();
    }

    static void answer(store::Database& database,
                       const assess::AssessmentRef& ref,
                       const std::string& item,
                       const std::string& value) {
        assess::AnswerRequest request;
        request.item_id = item;
        request.value = value;
        request.by = "cara.cyber";
        auto answered = assess::answer_item(database, ref, request, at("2025-01-11T09:00:00Z"));
        ASSERT_TRUE(answered.has_value()) << item << ": " << answered.error().to_string();
    }

    static void owner(store::Database& database,
                      const assess::AssessmentRef& ref,
                      const std::string& node,
                      const std::string& who) {
        ASSERT_TRUE(assess::set_owner(database, ref, node, who, "ian.governance",
                                      at("2025-01-11T09:00:00Z")));
    }

    // A note linked to `items` (none: the organisation's, linked to nothing), expiring on
    // `expires`.
    static void evidence(store::Database& database,
                         const assess::AssessmentRef& ref,
                         const std::string& title,
                         const std::string& expires,
                         const std::vector<std::string>& items) {
        assess::EvidenceContent content;
        content.kind = "note";
        content.title = title;
        content.note = "Seen by the auditor.";
        content.effective_on = "2024-12-01";
        content.expires_on = expires;
        content.collected_by = "cara.cyber";
        auto added =
            assess::add_evidence(database, ref, content, items, at("2025-01-15T09:00:00Z"));
        ASSERT_TRUE(added.has_value()) << title << ": " << added.error().to_string();
    }

    static void plan(store::Database& database,
                     const assess::AssessmentRef& ref,
                     const std::string& item,
                     const std::string& due) {
        auto added =
            assess::add_plan_item(database, ref, {{item}, "Put it right", "cara.cyber", due, "ian"},
                                  at("2025-01-15T09:00:00Z"));
        ASSERT_TRUE(added.has_value()) << item << ": " << added.error().to_string();
    }

    // RPT1's self-assessment against the test frameworks' CAF-aligned DSPT (the mini CAF's four
    // outcomes and E1.a: twelve items; A2.a, B4.d and E1.a mandatory for category 1, seven items),
    // as it stands on the report date, 25 January 2025: A1.a achieved, A2.a partially achieved,
    // A2.b not achieved, B4.d and E1.a not yet decided; eight items answered, four of the seven
    // required. Evidence: one piece expired on 20 January (the only support of B4.d.A.1), one
    // expiring on 10 February, one current, and one expiring but linked to nothing. The plan: one
    // item overdue, one open, one done. RPT1's site has no assessment.
    static void build_assessment(store::Database& database) {
        import_framework(database, "caf-3.2-mini.yaml");
        import_framework(database, "dspt-caf-mini.yaml");
        start(database, kDspt, "category-1");
        owner(database, kDspt, "A", kHostile);  // A2.b answers to it through objective A
        owner(database, kDspt, "A2.a", "cara.cyber");
        for (const auto& [item, value] :
             std::vector<std::pair<std::string, std::string>>{{"A1.a.A.1", "true"},
                                                              {"A1.a.A.2", "true"},
                                                              {"A1.a.NA.1", "false"},
                                                              {"A2.a.A.1", "false"},
                                                              {"A2.a.PA.1", "true"},
                                                              {"A2.a.NA.1", "false"},
                                                              {"A2.b.NA.1", "true"},
                                                              {"B4.d.A.1", "true"}}) {
            answer(database, kDspt, item, value);
        }
        evidence(database, kDspt, "Patch policy", "2025-01-20", {"B4.d.A.1"});
        evidence(database, kDspt, kHostile, "2025-02-10", {"A1.a.A.1"});
        evidence(database, kDspt, "Board terms of reference", "2025-12-31", {"A1.a.A.2"});
        evidence(database, kDspt, "Old insurance certificate", "2025-02-01", {});
        plan(database, kDspt, "A2.b.A.1", "2025-01-20");
        plan(database, kDspt, "B4.d.NA.1", "2025-06-30");
        plan(database, kDspt, "E1.a.A.1", "2025-01-01");
        ASSERT_TRUE(assess::set_plan_item_status(database, kDspt, 3, "done", {}, "cara.cyber",
                                                 at("2025-01-16T09:00:00Z")));
    }

    static constexpr const char* kHostile = "<script>alert('O\"Brien & co')</script>";
    static inline const assess::AssessmentRef kDspt{"RPT1", "DSPT-CAF-2024-25", "2024-25"};
};

std::vector<std::string> vulnerabilities(const std::vector<ReportFinding>& findings) {
    std::vector<std::string> out;
    out.reserve(findings.size());
    for (const ReportFinding& finding : findings) {
        out.push_back(finding.vulnerability);
    }
    return out;
}

TEST_P(ReportTest, FiguresAreThoseCountedByHand) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    const ReportData data = collect(*database);

    EXPECT_EQ(data.organisation.code, "RPT1");
    EXPECT_EQ(data.organisation.name, "Report Test Hospitals NHS Trust");
    EXPECT_EQ(data.organisations_covered, 2);  // the trust and its site
    EXPECT_EQ(data.report_date, "2025-01-25");
    EXPECT_FALSE(data.knowledge_base.demo);
    EXPECT_EQ(data.knowledge_base.newest_record, "2024-12-01T10:00:00.000Z");
    ASSERT_TRUE(data.knowledge_base.age_days.has_value());
    EXPECT_DOUBLE_EQ(*data.knowledge_base.age_days, 55.1);  // 1 Dec 10:00 to 25 Jan 12:00

    // Six assets: the server, three workstations (the CSV's "workstation" is an endpoint) and
    // two medical devices from the register. RPT2's server is not RPT1's.
    const Headline& headline = data.headline;
    EXPECT_EQ(headline.assets, 6);
    EXPECT_EQ(headline.assets_by_kind, (std::map<std::string, std::int64_t>{
                                           {"endpoint", 3}, {"medical-device", 2}, {"server", 1}}));
    EXPECT_EQ(headline.assets_stale, 0);

    // Open: Apache 2.4.49 on pacs-web (CVE-2099-0001: KEV 40 + CVSS 9.8 x 3 + internet-facing
    // 10 + criticality high 10 = 89.4, P1) and Windows 7 SP1 on ws-<script> (CVE-2099-0002:
    // CVSS 8.1 x 3 = 24.3, P3). Firefox 128 (CVE-2099-0003) was fixed by the upgrade.
    EXPECT_EQ(headline.open, 2);
    EXPECT_EQ(headline.open_by_priority,
              (std::map<std::string, std::int64_t>{{"P1", 1}, {"P2", 0}, {"P3", 1}, {"P4", 0}}));
    EXPECT_EQ(headline.open_kev, 1);
    EXPECT_EQ(headline.open_kev_overdue, 1);  // KEV due 2021-11-03
    // The Windows finding was first seen on 10 January: CVSS >= 7 gives 14 days, due 24 January.
    EXPECT_EQ(headline.open_overdue, 2);
    EXPECT_EQ(headline.fixed_in_latest_scan, 1);
    EXPECT_EQ(headline.new_in_latest_scan, 0);
    // The viewer's version is unknown: CVE-2099-0004 is undecided for it, never safe.
    EXPECT_EQ(headline.not_evaluable_entries, 1);
    EXPECT_EQ(headline.not_evaluable_pairs, 1);
    ASSERT_EQ(data.gaps.size(), 1U);
    EXPECT_EQ(data.gaps[0].assets, 1);
    // No CPE name: the whiteboard client and the two devices' firmware.
    EXPECT_EQ(headline.components_without_cpe, 3);

    ASSERT_EQ(data.kev.size(), 1U);
    EXPECT_EQ(data.kev[0].vulnerability, "CVE-2099-0001");
    EXPECT_EQ(data.kev[0].hostname, "pacs-web");
    EXPECT_EQ(data.kev[0].product, "http_server");
    EXPECT_EQ(data.kev[0].version, "2.4.49");
    EXPECT_EQ(data.kev[0].due_date, "2021-11-03");
    EXPECT_TRUE(data.kev[0].overdue);

    EXPECT_EQ(vulnerabilities(data.top_risks),
              (std::vector<std::string>{"CVE-2099-0001", "CVE-2099-0002"}));
    EXPECT_EQ(data.top_risks[0].priority, "P1");
    EXPECT_NEAR(data.top_risks[0].priority_score, 89.4, 1e-9);
    std::vector<std::string> factors;
    for (const PriorityReason& reason : data.top_risks[0].reasons) {
        factors.push_back(reason.factor);
    }
    EXPECT_EQ(factors, (std::vector<std::string>{"kev", "cvss", "internet-facing", "criticality"}));
    EXPECT_EQ(data.top_risks[1].due_date, "2025-01-24");

    // Unsupported (the end-of-life rules, below): the Windows 7 workstation and the monitor.
    EXPECT_EQ(headline.unsupported_systems, 2);

    ASSERT_EQ(data.by_site.size(), 1U);
    EXPECT_EQ(data.by_site[0].name, "Main Hospital");
    EXPECT_EQ(data.by_site[0].open, 2);
    EXPECT_EQ(data.by_site[0].assets, 2);
    ASSERT_EQ(data.by_kind.size(), 2U);
    EXPECT_EQ(data.by_kind[0].open, 1);

    // Scans 1 (RPT1) and 3 (everyone) covered RPT1; scan 2 was RPT2's alone.
    ASSERT_EQ(data.trend.size(), 2U);
    EXPECT_EQ(data.trend[0].at, "2025-01-10T09:00:00.000Z");
    EXPECT_EQ(data.trend[0].open, 3);
    EXPECT_EQ(data.trend[0].new_findings, 3);
    EXPECT_EQ(data.trend[0].fixed, 0);
    EXPECT_EQ(data.trend[1].at, "2025-01-20T09:00:00.000Z");
    EXPECT_EQ(data.trend[1].open, 2);
    EXPECT_EQ(data.trend[1].new_findings, 0);
    EXPECT_EQ(data.trend[1].fixed, 1);
    ASSERT_TRUE(data.previous_scan.has_value());
    EXPECT_EQ(data.previous_scan->id, data.trend[0].scan_id);
    EXPECT_EQ(data.latest_scan.id, data.trend[1].scan_id);

    ASSERT_EQ(data.findings.size(), 2U);
}

TEST_P(ReportTest, ARegionCoversItsTrusts) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    auto data = collect_report(*database, "RPTR", at("2025-01-25T12:00:00Z"));
    ASSERT_TRUE(data.has_value()) << data.error().to_string();
    EXPECT_EQ(data->organisations_covered, 5);
    EXPECT_EQ(data->headline.assets, 7);
    EXPECT_EQ(data->headline.open, 3);  // RPT2's Apache too
    EXPECT_EQ(data->headline.open_kev, 2);
    // Every scan covered part of the region: RPT1's three, then RPT2's Apache as well, then the
    // Firefox fix.
    std::vector<std::int64_t> open;
    for (const TrendPoint& point : data->trend) {
        open.push_back(point.open);
    }
    EXPECT_EQ(open, (std::vector<std::int64_t>{3, 4, 3}));
}

// What one organisation's rule counts are, as "failed/passed/not evaluable/not applicable".
std::string counts(const std::map<std::string, RuleTotals>& rules, const std::string& id) {
    const auto found = rules.find(id);
    if (found == rules.end()) {
        return "absent";
    }
    const RuleTotals& t = found->second;
    return fmt::format("{}/{}/{}/{}", t.failed, t.passed, t.not_evaluable, t.not_applicable);
}

TEST_P(ReportTest, UnsupportedSystemsFromTheEndOfLifeRules) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    const ReportData data = collect(*database);
    const UnsupportedSection& section = data.unsupported;

    ASSERT_EQ(section.rules.size(), 4U);
    EXPECT_EQ(section.rules[0].id, "WR-EOL-001");
    EXPECT_TRUE(section.rules[0].counted);
    EXPECT_FALSE(section.rules[1].counted);  // WR-EOL-002: paid extended updates
    // RPT1 alone holds assets (its site none): four computers, two medical devices. On 25 January
    // 2025 Windows 7 is past its ESU; Windows 10 22H2 and RHEL 8 are supported. The monitor's
    // support ended 2020-06-30; the pump's runs to 2030.
    ASSERT_EQ(section.organisations.size(), 1U);
    const UnsupportedOrganisation& org = section.organisations[0];
    EXPECT_EQ(org.org_code, "RPT1");
    EXPECT_EQ(org.assets, 6);
    EXPECT_EQ(org.unsupported, 2);
    EXPECT_EQ(counts(org.rules, "WR-EOL-001"), "1/3/0/2");
    EXPECT_EQ(counts(org.rules, "WR-EOL-002"), "0/4/0/2");
    EXPECT_EQ(counts(org.rules, "WR-EOL-003"), "0/4/0/2");
    EXPECT_EQ(counts(org.rules, "WR-EOL-004"), "1/1/0/4");
    EXPECT_EQ(counts(section.totals, "WR-EOL-001"), "1/3/0/2");
    EXPECT_EQ(data.headline.unsupported_systems, 2);

    ASSERT_EQ(section.releases.size(), 1U);
    EXPECT_TRUE(section.releases[0].release.starts_with("Windows 7"))
        << section.releases[0].release;
    EXPECT_EQ(section.releases[0].rule_id, "WR-EOL-001");
    EXPECT_EQ(section.releases[0].assets, 1);
    EXPECT_TRUE(section.unrecognised.empty());

    // In rule order: the workstation (WR-EOL-001), then the monitor (WR-EOL-004).
    EXPECT_EQ(section.systems_total, 2);
    ASSERT_EQ(section.systems.size(), 2U);
    const UnsupportedSystem& windows = section.systems[0];
    EXPECT_EQ(windows.rule_id, "WR-EOL-001");
    EXPECT_EQ(windows.hostname, "ws-<script>alert(1)</script>");
    EXPECT_EQ(windows.org_code, "RPT1");
    EXPECT_EQ(windows.site, "Main Hospital");
    EXPECT_EQ(windows.kind, "endpoint");
    EXPECT_EQ(windows.system, section.releases[0].release);
    EXPECT_TRUE(windows.reason.starts_with("os.support_ended = true (")) << windows.reason;
    EXPECT_NE(windows.reason.find("2020-01-14"), std::string::npos) << windows.reason;
    const UnsupportedSystem& monitor = section.systems[1];
    EXPECT_EQ(monitor.rule_id, "WR-EOL-004");
    EXPECT_EQ(monitor.hostname, "mon-1");
    EXPECT_EQ(monitor.kind, "medical-device");
    EXPECT_EQ(monitor.system, "Example Medical Systems Bedside Monitor 200");
    EXPECT_NE(monitor.reason.find("2020-06-30"), std::string::npos) << monitor.reason;
}

TEST_P(ReportTest, MedicalDevicesAgainstTheStandardWithTheExceptionsRegister) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    add_exceptions(*database);
    const ReportData data = collect(*database);
    const DeviceSection& section = data.medical_devices;

    // The monitor falls short (support ended; its exception expired on 31 December; no SBOM, no
    // MDS2 form). The pump's SBOM and MDS2 shortfalls are excepted, but its MDS2 answers cannot be
    // read without a form: undetermined.
    EXPECT_EQ(section.summary.devices, 2);
    EXPECT_EQ(section.summary.meeting, 0);
    EXPECT_EQ(section.summary.short_of, 1);
    EXPECT_EQ(section.summary.undetermined, 1);
    ASSERT_EQ(section.by_organisation.size(), 1U);
    EXPECT_EQ(section.by_organisation[0].first, "RPT1");

    ASSERT_EQ(section.requirements.size(), 12U);
    std::map<std::string, std::string> requirements;
    for (const RequirementCount& r : section.requirements) {
        requirements[r.id] =
            fmt::format("{}/{}/{}/{}", r.met, r.not_met, r.not_determined, r.excepted);
    }
    EXPECT_EQ(requirements["MDS-01"], "1/1/0/0");  // met / not met / not determined / excepted
    EXPECT_EQ(requirements["MDS-03"], "0/1/0/1");
    EXPECT_EQ(requirements["MDS-04"], "0/1/0/1");
    EXPECT_EQ(requirements["MDS-05"], "0/0/2/0");
    EXPECT_EQ(requirements["MDS-12"], "2/0/0/0");

    ASSERT_EQ(section.by_model.size(), 2U);
    for (const DeviceGroup& model : section.by_model) {
        EXPECT_EQ(model.counts.devices, 1) << model.name;
    }
    ASSERT_EQ(section.by_department.size(), 1U);
    EXPECT_EQ(section.by_department[0].org_code, "RPT1");
    EXPECT_EQ(section.by_department[0].name, "Ward 1");
    EXPECT_EQ(section.by_department[0].counts.devices, 2);
    EXPECT_EQ(section.by_department[0].counts.short_of, 1);

    ASSERT_EQ(section.exceptions.size(), 3U);
    std::set<std::string> register_entries;
    for (const DeviceExceptionEntry& e : section.exceptions) {
        register_entries.insert(
            fmt::format("{} {} {}{}", e.requirement_id,
                        e.asset_id ? "device:" + e.hostname : "model:" + e.model, e.until,
                        e.expired ? " expired" : ""));
    }
    EXPECT_EQ(register_entries, (std::set<std::string>{"MDS-01 device:mon-1 2024-12-31 expired",
                                                       "MDS-03 device: 2025-12-31",
                                                       "MDS-04 model:flowpoint 5 2025-06-30"}));

    EXPECT_EQ(section.short_of_total, 1);
    ASSERT_EQ(section.short_of.size(), 1U);
    const DeviceShortfall& monitor = section.short_of[0];
    EXPECT_EQ(monitor.hostname, "mon-1");
    EXPECT_EQ(monitor.manufacturer, "Example Medical Systems");
    std::vector<std::string> not_met;
    for (const auto& [requirement, reasons] : monitor.not_met) {
        not_met.push_back(requirement);
    }
    EXPECT_EQ(not_met, (std::vector<std::string>{"MDS-01", "MDS-03", "MDS-04"}));
    EXPECT_NE(monitor.not_met[0].second.find("2020-06-30"), std::string::npos)
        << monitor.not_met[0].second;
}

// A file of the test's own, removed afterwards.
class TemporaryFile {
public:
    TemporaryFile(const std::string& name, const std::string& text)
        : path_(std::filesystem::temp_directory_path() /
                (std::to_string(static_cast<long>(::getpid())) + "-" + name)) {
        std::ofstream(path_) << text;
    }
    ~TemporaryFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    [[nodiscard]] std::string path() const { return path_.string(); }

private:
    std::filesystem::path path_;
};

TEST_P(ReportTest, ARegionRunsTheChecksForEachOfItsTrusts) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    // The sibling trust gets the checks' estate (Windows 7, 11, 10 1607 and Server 2012 R2), its
    // three devices, and a laboratory analyser whose operating system no catalogue knows.
    import_path(*database, "RPT2", fixture("checks/estate.csv"));
    import_path(*database, "RPT2", fixture("checks/devices.csv"),
                inventory::InventoryFormat::kDeviceRegister);
    const TemporaryFile analyser(
        "report-analyser.csv",
        "asset_id,hostname,kind,os,os_version\nLAB-1,lab-analyser,endpoint,QNX Neutrino,6.5\n");
    import_path(*database, "RPT2", analyser.path());
    auto data = collect_report(*database, "RPTR", at("2025-01-25T12:00:00Z"));
    ASSERT_TRUE(data.has_value()) << data.error().to_string();
    const UnsupportedSection& section = data->unsupported;

    ASSERT_EQ(section.organisations.size(), 2U);  // the region, its site and RPT3 hold nothing
    EXPECT_EQ(section.organisations[0].org_code, "RPT1");
    const UnsupportedOrganisation& other = section.organisations[1];
    EXPECT_EQ(other.org_code, "RPT2");
    EXPECT_EQ(other.assets, 9);  // its server, the four computers, the analyser, three devices
    // Windows 7 and Windows 10 1607 are past support; Server 2012 R2 is within its paid ESU (to
    // 2026-10-13); the analyser is not evaluable for either operating-system rule. The
    // ultrasound's support runs to June 2025.
    EXPECT_EQ(counts(other.rules, "WR-EOL-001"), "2/3/1/3");
    EXPECT_EQ(counts(other.rules, "WR-EOL-002"), "1/4/1/3");
    EXPECT_EQ(counts(other.rules, "WR-EOL-004"), "0/3/0/6");
    EXPECT_EQ(other.unsupported, 2);
    EXPECT_EQ(counts(section.totals, "WR-EOL-001"), "3/6/1/5");
    EXPECT_EQ(data->headline.unsupported_systems, 4);

    // Windows 7 on both trusts first, then 1607 and 2012 R2 (on ESU) with one each.
    ASSERT_EQ(section.releases.size(), 3U);
    EXPECT_TRUE(section.releases[0].release.starts_with("Windows 7"))
        << section.releases[0].release;
    EXPECT_EQ(section.releases[0].assets, 2);
    std::set<std::string> others;
    for (std::size_t i = 1; i < section.releases.size(); ++i) {
        EXPECT_EQ(section.releases[i].assets, 1);
        others.insert(section.releases[i].rule_id);
    }
    EXPECT_EQ(others, (std::set<std::string>{"WR-EOL-001", "WR-EOL-002"}));
    ASSERT_EQ(section.unrecognised.size(), 1U);
    EXPECT_EQ(section.unrecognised[0].os, "QNX Neutrino 6.5");
    EXPECT_EQ(section.unrecognised[0].assets, 1);
    EXPECT_EQ(section.systems_total, 5);

    // Devices of both trusts, each trust's assessed with its own register.
    const DeviceSection& devices = data->medical_devices;
    EXPECT_EQ(devices.summary.devices, 5);
    ASSERT_EQ(devices.by_organisation.size(), 2U);
    EXPECT_EQ(devices.by_organisation[1].first, "RPT2");
    EXPECT_EQ(devices.by_organisation[1].second.devices, 3);
    EXPECT_EQ(devices.summary.short_of, 5);  // none has an SBOM
    EXPECT_EQ(devices.short_of_total, 5);
}

TEST_P(ReportTest, TheListsKeepTheFirstHundredAndCountEveryOne) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    std::string csv = "asset_id,hostname,kind,os,os_version\n";
    for (int i = 0; i < 120; ++i) {
        csv += fmt::format(
            "OLD-{0:03},old-{0:03},endpoint,Microsoft Windows 7 Professional,6.1.7601\n", i);
    }
    const TemporaryFile old("report-old-windows.csv", csv);
    import_path(*database, "RPT1", old.path());
    const ReportData data = collect(*database);
    EXPECT_EQ(data.headline.unsupported_systems, 122);
    EXPECT_EQ(data.unsupported.systems_total, 122);
    ASSERT_EQ(data.unsupported.systems.size(), kAssetsListed);
    // WR-EOL-001 first, by host name: the monitor (WR-EOL-004) is past the first hundred.
    EXPECT_EQ(data.unsupported.systems.front().hostname, "old-000");
    EXPECT_EQ(data.unsupported.systems.back().hostname, "old-099");
    const std::string html = render_html(data);
    EXPECT_NE(html.find("122 failures of the end-of-life rules (the first 100;"),
              std::string::npos);
    const nlohmann::json json = nlohmann::json::parse(render_json(data));
    EXPECT_EQ(json["unsupported"]["systems_total"], 122);
    EXPECT_EQ(json["unsupported"]["systems"].size(), kAssetsListed);
}

TEST_P(ReportTest, ErrorsNameTheCause) {
    WARDROUND_TEST_DATABASE(holder, database);
    import_organisations(*database);
    auto unknown = collect_report(*database, "NOPE", at("2025-01-25T12:00:00Z"));
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
    auto unscanned = collect_report(*database, "RPT3", at("2025-01-25T12:00:00Z"));
    ASSERT_FALSE(unscanned.has_value());
    EXPECT_EQ(unscanned.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(unscanned.error().message.find("wardround scan --org RPT3"), std::string::npos)
        << unscanned.error().message;
}

// A simple well-formedness check: every element opened is closed in order, apart from the void
// elements and those written self-closed.
::testing::AssertionResult tags_balance(const std::string& html) {
    static const std::set<std::string> kVoid{"meta", "br", "hr", "img", "input", "link", "wbr"};
    std::vector<std::string> open;
    std::size_t pos = 0;
    while ((pos = html.find('<', pos)) != std::string::npos) {
        const std::size_t end = html.find('>', pos);
        if (end == std::string::npos) {
            return ::testing::AssertionFailure() << "unterminated tag at " << pos;
        }
        std::string tag = html.substr(pos + 1, end - pos - 1);
        pos = end + 1;
        if (tag.empty() || tag[0] == '!') {
            continue;
        }
        const bool closing = tag[0] == '/';
        const bool self_closed = tag.back() == '/';
        std::string name;
        for (std::size_t i = closing ? 1 : 0;
             i < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[i])) != 0); ++i) {
            name += static_cast<char>(std::tolower(static_cast<unsigned char>(tag[i])));
        }
        if (name.empty()) {
            return ::testing::AssertionFailure() << "a '<' that opens no tag: <" << tag << ">";
        }
        if (closing) {
            if (open.empty() || open.back() != name) {
                return ::testing::AssertionFailure()
                       << "</" << name << "> closes <" << (open.empty() ? "" : open.back()) << ">";
            }
            open.pop_back();
        } else if (!self_closed && kVoid.count(name) == 0) {
            open.push_back(name);
        }
    }
    if (!open.empty()) {
        return ::testing::AssertionFailure() << "<" << open.back() << "> is never closed";
    }
    return ::testing::AssertionSuccess();
}

TEST_P(ReportTest, HtmlIsSelfContainedEscapedAndBalanced) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    const std::string html = render_html(collect(*database));

    std::string lower = html;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* forbidden : {"http://", "https://", "src=", "href=", "@import", "url(",
                                  "<script", "<link", "<img", "<iframe", "<object"}) {
        EXPECT_EQ(lower.find(forbidden), std::string::npos) << forbidden;
    }
    EXPECT_NE(html.find("ws-&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_TRUE(tags_balance(html));

    // The headline figures, the sections and the charts' accessible names.
    EXPECT_NE(html.find("<dd id=\"figure-open\">2</dd>"), std::string::npos);
    EXPECT_NE(html.find("<dd id=\"figure-p1\">1</dd>"), std::string::npos);
    EXPECT_NE(html.find("<dd id=\"figure-kev-overdue\">1</dd>"), std::string::npos);
    for (const char* section :
         {"id=\"headline\"", "id=\"kev\"", "id=\"top-risks\"", "id=\"unsupported\"",
          "id=\"medical-devices\"", "id=\"assessments\"", "id=\"by-site\"", "id=\"by-kind\"",
          "id=\"trend\"", "id=\"not-evaluable\""}) {
        EXPECT_NE(html.find(section), std::string::npos) << section;
    }
    EXPECT_NE(html.find("<title id=\"trend-title\">"), std::string::npos);
    EXPECT_NE(html.find("<desc id=\"by-site-chart-desc\">"), std::string::npos);
    EXPECT_NE(html.find("<polyline"), std::string::npos);
    // The unsupported systems: the rules stated, their counts, the release and the reason.
    EXPECT_NE(html.find("<dd id=\"figure-unsupported\">2</dd>"), std::string::npos);
    EXPECT_NE(html.find("<dd id=\"figure-unsupported-assets\">2</dd>"), std::string::npos);
    EXPECT_NE(html.find("<dd id=\"figure-wr-eol-001\">1</dd>"), std::string::npos);
    EXPECT_NE(html.find("<dd id=\"figure-wr-eol-002\">0</dd>"), std::string::npos);
    EXPECT_NE(html.find("<dd id=\"figure-wr-eol-004\">1</dd>"), std::string::npos);
    EXPECT_NE(html.find("<dd id=\"figure-os-not-evaluable\">0</dd>"), std::string::npos);
    EXPECT_NE(html.find("<code>WR-EOL-001</code>: Operating system past the end of its support"),
              std::string::npos);
    EXPECT_NE(html.find("2 failures of the end-of-life rules"), std::string::npos);
    EXPECT_NE(html.find("<th scope=\"row\">Windows 7"), std::string::npos);  // the release
    EXPECT_NE(html.find("os.support_ended = true ("), std::string::npos);
    // The medical devices: both short of the standard (neither has an SBOM).
    EXPECT_NE(html.find("<dd id=\"figure-devices\">2</dd>"), std::string::npos);
    EXPECT_NE(html.find("<dd id=\"figure-devices-meeting\">0</dd>"), std::string::npos);
    EXPECT_NE(html.find("<dd id=\"figure-devices-short-of\">2</dd>"), std::string::npos);
    EXPECT_NE(html.find("<dd id=\"figure-devices-undetermined\">0</dd>"), std::string::npos);
    EXPECT_NE(html.find("2 devices short of the standard"), std::string::npos);
    EXPECT_NE(html.find("The exceptions register is empty."), std::string::npos);
    EXPECT_EQ(html.find("demo-notice"), std::string::npos);  // not the demo pack
    EXPECT_NE(html.find("<th scope=\"col\""), std::string::npos);
}

TEST(ReportRender, EscapesEveryValueAndFlagsTheDemoSubset) {
    ReportData data;
    data.organisation = {"X<1>", "A & B \"Trust\" 'n' <b>", "organisation", "trust"};
    data.organisations_covered = 1;
    data.knowledge_base.demo = true;
    data.knowledge_base.version = "<kb>";
    data.trend.push_back({1, "2025-01-01T00:00:00.000Z", 1, 1, 0});
    ReportFinding finding;
    finding.hostname = "<img src=x onerror=alert(1)>";
    finding.site = "</table>";
    finding.kind = "endpoint";
    finding.vendor = "\"v\"";
    finding.product = "p'q";
    finding.vulnerability = "CVE-1<2";
    finding.priority = "P1";
    finding.reasons.push_back({"kev", 40, "<b>bold</b>"});
    data.findings.push_back(finding);
    data.top_risks.push_back(finding);
    data.kev.push_back(finding);
    GroupCount group;
    group.name = "<site>";
    group.by_priority = {{"P1", 1}, {"P2", 0}, {"P3", 0}, {"P4", 0}};
    group.open = 1;
    data.by_site.push_back(group);
    data.gaps.push_back({"<sw>", "<reason>", 1, 1});
    data.unsupported.rules.push_back({"WR-EOL-001", "<rule>", true});
    data.unsupported.totals["WR-EOL-001"].failed = 1;
    data.unsupported.organisations.push_back(
        {"X<1>", "<org>", 1, 1, {{"WR-EOL-001", RuleTotals{1, 0, 0, 0}}}, {"WR-EOL-002: <off>"}});
    data.unsupported.releases.push_back({"<release>", "WR-EOL-001", 1});
    data.unsupported.unrecognised.push_back({"<os>", 1});
    data.unsupported.systems_total = 1;
    data.unsupported.systems.push_back(
        {1, "X<1>", "<h>", "<s>", "medical-device", "WR-EOL-001", "<m>", "<d>"});
    DeviceSection& devices = data.medical_devices;
    devices.summary = {1, 0, 1, 0};
    devices.by_organisation.emplace_back("X<1>", devices.summary);
    devices.requirements.push_back({"MDS-01", "<heading>", 0, 1, 0, 0});
    devices.by_model.push_back({"", "<model>", devices.summary});
    devices.by_department.push_back({"X<1>", "<dept>", devices.summary});
    devices.exceptions.push_back(
        {1, "X<1>", 2, "<dev>", "", "", "MDS-01", "<why>", "<owner>", "2024-01-01", true});
    devices.disabled.emplace_back("X<1>: MDS-03: <off>");
    devices.short_of_total = 1;
    devices.short_of.push_back(
        {2, "X<1>", "<dev>", "<maker>", "<model>", "<dept>", {{"MDS-01", "<because>"}}});
    ReportAssessment assessment;
    assessment.framework = "<fw>";
    assessment.period = "<period>";
    assessment.kind = "standards";
    assessment.category = "<category>";
    assessment.profile = "<profile>";
    assessment.started_by = "<starter>";
    assessment.dspt_status = "<dspt>";
    assessment.dspt_reason = "<dspt-why>";
    assessment.shortfalls.push_back({"<node>", "<ttl>", "<status>", true, "<expected>", "<who>"});
    data.assessments.organisations.push_back({"X<1>", "<org>", {assessment}});
    assessment.problem = "<problem>";
    assessment.signed_off = true;
    assessment.signed_off_by = "<signer>";
    assessment.signer_role = "<role>";
    data.assessments.organisations.back().assessments.push_back(assessment);
    data.assessments.without.emplace_back("Y<2>", "<unassessed>");
    data.assessments.total = 2;
    const std::string html = render_html(data);
    for (const char* raw :
         {"<img",      "</table></td>", "<b>",       "<site>",     "<sw>",     "<reason>",
          "<h>",       "<m>",           "<d>",       "<kb>",       "X<1>",     "CVE-1<2",
          "p'q",       "\"v\"",         "<rule>",    "<org>",      "<off>",    "<release>",
          "<os>",      "<heading>",     "<model>",   "<dept>",     "<dev>",    "<why>",
          "<owner>",   "<maker>",       "<because>", "<fw>",       "<period>", "<category>",
          "<profile>", "<starter>",     "<dspt>",    "<dspt-why>", "<node>",   "<ttl>",
          "<status>",  "<expected>",    "<who>",     "<problem>",  "<signer>", "<role>",
          "Y<2>",      "<unassessed>"}) {
        EXPECT_EQ(html.find(raw), std::string::npos) << raw;
    }
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
    EXPECT_NE(html.find("A &amp; B &quot;Trust&quot; &#39;n&#39; &lt;b&gt;"), std::string::npos);
    EXPECT_NE(html.find("id=\"demo-notice\""), std::string::npos);
    EXPECT_TRUE(tags_balance(html));
}

TEST_P(ReportTest, JsonHasTheDocumentedFields) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    const ReportData data = collect(*database);
    const nlohmann::json json = nlohmann::json::parse(render_json(data));
    for (const char* field :
         {"report_version", "generated_at", "report_date", "organisation", "knowledge_base",
          "latest_scan", "previous_scan", "headline", "kev", "top_risks", "unsupported",
          "medical_devices", "assessments", "by_site", "by_kind", "not_evaluable", "trend"}) {
        EXPECT_TRUE(json.contains(field)) << field;
    }
    EXPECT_EQ(json["report_version"], 3);
    EXPECT_EQ(json["organisation"]["code"], "RPT1");
    EXPECT_EQ(json["knowledge_base"]["demo_subset"], false);
    EXPECT_EQ(json["knowledge_base"]["age_days"], 55.1);
    const nlohmann::json& headline = json["headline"];
    EXPECT_EQ(headline["assets"]["total"], 6);
    EXPECT_EQ(headline["assets"]["by_kind"]["endpoint"], 3);
    EXPECT_EQ(headline["open_findings"]["total"], 2);
    EXPECT_EQ(headline["open_findings"]["overdue"], 2);
    EXPECT_EQ(headline["open_findings"]["by_priority"]["P1"], 1);
    EXPECT_EQ(headline["kev"]["open"], 1);
    EXPECT_EQ(headline["kev"]["overdue"], 1);
    EXPECT_EQ(headline["latest_scan"]["fixed"], 1);
    EXPECT_EQ(headline["not_evaluable"]["pairs"], 1);
    EXPECT_EQ(headline["components_without_cpe"], 3);
    EXPECT_EQ(headline["unsupported_systems"], 2);
    ASSERT_EQ(json["kev"].size(), 1U);
    EXPECT_EQ(json["kev"][0]["due_date"], "2021-11-03");
    EXPECT_EQ(json["kev"][0]["overdue"], true);
    ASSERT_EQ(json["top_risks"].size(), 2U);
    EXPECT_EQ(json["top_risks"][0]["reasons"][0]["factor"], "kev");
    const nlohmann::json& unsupported = json["unsupported"];
    ASSERT_EQ(unsupported["rules"].size(), 4U);
    EXPECT_EQ(unsupported["rules"][0]["rule"], "WR-EOL-001");
    EXPECT_EQ(unsupported["rules"][1]["counted"], false);
    EXPECT_EQ(unsupported["totals"]["WR-EOL-001"]["failed"], 1);
    EXPECT_EQ(unsupported["totals"]["WR-EOL-001"]["passed"], 3);
    EXPECT_EQ(unsupported["totals"]["WR-EOL-001"]["not_evaluable"], 0);
    EXPECT_EQ(unsupported["totals"]["WR-EOL-004"]["failed"], 1);
    ASSERT_EQ(unsupported["by_organisation"].size(), 1U);
    EXPECT_EQ(unsupported["by_organisation"][0]["org"], "RPT1");
    EXPECT_EQ(unsupported["by_organisation"][0]["assets"], 6);
    EXPECT_EQ(unsupported["by_organisation"][0]["unsupported"], 2);
    EXPECT_EQ(unsupported["by_organisation"][0]["rules"]["WR-EOL-004"]["not_applicable"], 4);
    ASSERT_EQ(unsupported["os_releases"].size(), 1U);
    EXPECT_EQ(unsupported["os_releases"][0]["assets"], 1);
    EXPECT_EQ(unsupported["not_in_catalogue"].size(), 0U);
    EXPECT_EQ(unsupported["systems_total"], 2);
    ASSERT_EQ(unsupported["systems"].size(), 2U);
    EXPECT_EQ(unsupported["systems"][0]["rule"], "WR-EOL-001");
    EXPECT_EQ(unsupported["systems"][0]["hostname"], "ws-<script>alert(1)</script>");
    EXPECT_EQ(unsupported["systems"][1]["system"], "Example Medical Systems Bedside Monitor 200");
    const nlohmann::json& devices = json["medical_devices"];
    EXPECT_EQ(devices["summary"]["devices"], 2);
    EXPECT_EQ(devices["summary"]["meeting"], 0);
    EXPECT_EQ(devices["summary"]["short_of"], 2);
    EXPECT_EQ(devices["summary"]["undetermined"], 0);
    ASSERT_EQ(devices["requirements"].size(), 12U);
    EXPECT_EQ(devices["requirements"][0]["id"], "MDS-01");
    EXPECT_EQ(devices["requirements"][0]["not_met"], 1);
    EXPECT_EQ(devices["by_model"].size(), 2U);
    EXPECT_EQ(devices["by_department"][0]["department"], "Ward 1");
    EXPECT_EQ(devices["by_department"][0]["org"], "RPT1");
    EXPECT_EQ(devices["exceptions"].size(), 0U);
    EXPECT_EQ(devices["short_of_total"], 2);
    ASSERT_EQ(devices["short_of"].size(), 2U);
    EXPECT_EQ(devices["short_of"][0]["not_met"][0]["requirement"], "MDS-03");
    EXPECT_EQ(json["by_site"][0]["site"], "Main Hospital");
    ASSERT_EQ(json["trend"].size(), 2U);
    EXPECT_EQ(json["trend"][1]["fixed"], 1);
}

TEST_P(ReportTest, CsvHasAHeaderAndOneRowPerOpenFinding) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    const ReportData data = collect(*database);
    InputFile file = InputFile::from_memory("report.csv", render_csv(data));
    CsvReader reader(file);
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> fields;
    while (true) {
        auto more = reader.next(fields);
        ASSERT_TRUE(more.has_value()) << more.error().to_string();
        if (!*more) {
            break;
        }
        records.push_back(fields);
    }
    ASSERT_EQ(records.size(), 3U);
    EXPECT_EQ(records[0],
              (std::vector<std::string>{"finding_id", "org", "asset_id", "hostname", "site", "kind",
                                        "vendor", "product", "version", "vulnerability", "status",
                                        "priority", "due_date", "overdue", "kev", "reasons"}));
    for (const auto& record : records) {
        EXPECT_EQ(record.size(), records[0].size());
    }
    EXPECT_EQ(records[1][1], "RPT1");
    EXPECT_EQ(records[1][3], "pacs-web");
    EXPECT_EQ(records[1][9], "CVE-2099-0001");
    EXPECT_EQ(records[1][11], "P1");
    EXPECT_EQ(records[1][12], "2021-11-03");
    EXPECT_EQ(records[1][14], "yes");
    EXPECT_NE(records[1][15].find("listed in CISA KEV"), std::string::npos);
    EXPECT_EQ(records[2][3], "ws-<script>alert(1)</script>");
    EXPECT_EQ(records[2][9], "CVE-2099-0002");
}

TEST(ReportRender, CsvCellsASpreadsheetWouldRunAreDefused) {
    ReportData data;
    ReportFinding finding;
    finding.hostname = "=HYPERLINK(\"x\")";
    finding.site = "+1";
    finding.version = "-";
    data.findings.push_back(finding);
    const std::string csv = render_csv(data);
    EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"x\"\")\","), std::string::npos) << csv;
    EXPECT_NE(csv.find(",'+1,"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",-,"), std::string::npos) << csv;  // NVD's "not applicable" stays
}

TEST_P(ReportTest, AssessmentsOfEachOrganisationWithTheirShortfalls) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    build_assessment(*database);
    const ReportData data = collect(*database);
    const AssessmentSection& section = data.assessments;

    EXPECT_EQ(section.total, 1);
    ASSERT_EQ(section.organisations.size(), 1U);
    EXPECT_EQ(section.organisations[0].org_code, "RPT1");
    EXPECT_EQ(section.without, (std::vector<std::pair<std::string, std::string>>{
                                   {"RPT1A", "Report Test General Hospital"}}));
    ASSERT_EQ(section.organisations[0].assessments.size(), 1U);
    const ReportAssessment& a = section.organisations[0].assessments[0];
    EXPECT_EQ(a.framework, "DSPT-CAF-2024-25");
    EXPECT_EQ(a.period, "2024-25");
    EXPECT_EQ(a.revision, 1);
    EXPECT_EQ(a.kind, "outcomes");
    EXPECT_EQ(a.category, "category-1");
    EXPECT_FALSE(a.signed_off);
    EXPECT_EQ(a.started_by, "ian.governance");
    EXPECT_EQ(a.achieved, 1);
    EXPECT_EQ(a.partially_achieved, 1);
    EXPECT_EQ(a.not_achieved, 1);
    EXPECT_EQ(a.undecided, 2);
    EXPECT_FALSE(a.short_of_profile.has_value());  // no profile
    EXPECT_EQ(a.items, 12);
    EXPECT_EQ(a.answered, 8);
    EXPECT_EQ(a.required, 7);
    EXPECT_EQ(a.required_answered, 4);
    EXPECT_EQ(a.unsupported_answers, 1);  // B4.d.A.1: its only evidence expired
    EXPECT_EQ(a.evidence_expired, 1);
    EXPECT_EQ(a.evidence_expiring, 1);  // the unlinked certificate is not the assessment's
    EXPECT_EQ(a.plan_open, 2);
    EXPECT_EQ(a.plan_overdue, 1);
    EXPECT_TRUE(a.problem.empty()) << a.problem;
    // Without a profile, only an outcome decided not achieved is short; its owner is objective
    // A's.
    ASSERT_EQ(a.shortfalls.size(), 1U);
    EXPECT_EQ(a.shortfalls[0].node_id, "A2.b");
    EXPECT_EQ(a.shortfalls[0].title, "Assurance");
    EXPECT_EQ(a.shortfalls[0].status, "not-achieved");
    EXPECT_TRUE(a.shortfalls[0].decided);
    EXPECT_EQ(a.shortfalls[0].expected, "");
    EXPECT_EQ(a.shortfalls[0].owner, kHostile);

    const nlohmann::json json = nlohmann::json::parse(render_json(data));
    EXPECT_EQ(json["report_version"], 3);
    const nlohmann::json& assessments = json["assessments"];
    EXPECT_EQ(assessments["total"], 1);
    EXPECT_EQ(assessments["expiring_within_days"], 30);
    EXPECT_EQ(
        assessments["without_assessment"],
        nlohmann::json::parse(R"([{"org": "RPT1A", "name": "Report Test General Hospital"}])"));
    ASSERT_EQ(assessments["by_organisation"].size(), 1U);
    EXPECT_EQ(assessments["by_organisation"][0]["org"], "RPT1");
    const nlohmann::json& j = assessments["by_organisation"][0]["assessments"][0];
    EXPECT_EQ(j["framework"], "DSPT-CAF-2024-25");
    EXPECT_EQ(j["revision"], 1);
    EXPECT_EQ(j["status"], "draft");
    EXPECT_TRUE(j["signed_off"].is_null());
    EXPECT_TRUE(j["profile"].is_null());
    EXPECT_EQ(j["outcomes"], nlohmann::json::parse(R"({"achieved": 1, "partially_achieved": 1,
        "not_achieved": 1, "undecided": 2, "short_of_profile": null})"));
    EXPECT_TRUE(j["nodes"].is_null());
    EXPECT_TRUE(j["dspt"].is_null());
    EXPECT_EQ(j["items"], nlohmann::json::parse(R"({"total": 12, "answered": 8, "required": 7,
        "required_answered": 4, "unsupported_answers": 1})"));
    EXPECT_EQ(j["evidence"], nlohmann::json::parse(R"({"expired": 1, "expiring": 1})"));
    EXPECT_EQ(j["plan"], nlohmann::json::parse(R"({"open": 2, "overdue": 1})"));
    ASSERT_EQ(j["shortfalls"].size(), 1U);
    EXPECT_EQ(j["shortfalls"][0]["node"], "A2.b");
    EXPECT_EQ(j["shortfalls"][0]["owner"], kHostile);
    EXPECT_TRUE(j["shortfalls"][0]["expected"].is_null());
    EXPECT_TRUE(j["problem"].is_null());

    const std::string html = render_html(data);
    EXPECT_TRUE(tags_balance(html));
    EXPECT_NE(html.find("<section id=\"assessments\""), std::string::npos);
    // The overview row, cell by cell.
    EXPECT_NE(html.find("<tr><th scope=\"row\">RPT1 Report Test Hospitals NHS Trust</th>"
                        "<td>DSPT-CAF-2024-25 2024-25, revision 1: draft, started on 2025-01-10 "
                        "by ian.governance</td>"
                        "<td>1 achieved, 1 partially achieved, 1 not achieved, 2 not yet "
                        "decided</td><td class=\"num\">no profile</td>"
                        "<td class=\"num\">8 of 12</td><td class=\"num overdue\">1</td>"
                        "<td class=\"num\">1</td><td class=\"num\">2</td>"
                        "<td class=\"num overdue\">1</td></tr>"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("1 organisation has no self-assessment: RPT1A Report Test General "
                        "Hospital."),
              std::string::npos);
    EXPECT_NE(html.find("Items sign-off needs: 4 of 7 answered. Answers resting only on expired "
                        "evidence: 1."),
              std::string::npos);
    // The shortfall, with its owner escaped.
    EXPECT_NE(html.find("<tr><th scope=\"row\">A2.b</th><td>Assurance</td><td>not achieved</td>"
                        "<td>-</td><td>&lt;script&gt;alert(&#39;O&quot;Brien &amp; "
                        "co&#39;)&lt;/script&gt;</td></tr>"),
              std::string::npos);
    EXPECT_EQ(html.find(kHostile), std::string::npos);
}

TEST_P(ReportTest, AssessmentsShowTheNewestRevisionAndItsSignOff) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    build_assessment(*database);
    for (const char* item : {"B4.d.NA.1", "E1.a.NA.1"}) {
        answer(*database, kDspt, item, "false");
    }
    answer(*database, kDspt, "E1.a.A.1", "true");
    auto signed_off = assess::sign_off(*database, kDspt, {"sam.siro", "SIRO <acting>", "True."},
                                       at("2025-01-24T12:00:00Z"));
    ASSERT_TRUE(signed_off.has_value()) << signed_off.error().to_string();

    ReportData data = collect(*database);
    ASSERT_EQ(data.assessments.total, 1);
    const ReportAssessment& first = data.assessments.organisations[0].assessments[0];
    EXPECT_TRUE(first.signed_off);
    EXPECT_EQ(first.signed_off_by, "sam.siro");
    EXPECT_EQ(first.signer_role, "SIRO <acting>");
    EXPECT_EQ(first.signed_off_at, "2025-01-24T12:00:00.000Z");
    EXPECT_EQ(first.achieved, 3);  // B4.d and E1.a decided achieved
    EXPECT_EQ(first.undecided, 0);
    EXPECT_EQ(first.answered, 11);
    EXPECT_EQ(first.required_answered, 7);
    const nlohmann::json json = nlohmann::json::parse(render_json(data));
    const nlohmann::json& j = json["assessments"]["by_organisation"][0]["assessments"][0];
    EXPECT_EQ(j["status"], "signed-off");
    EXPECT_EQ(j["signed_off"], nlohmann::json::parse(R"({"by": "sam.siro", "role": "SIRO <acting>",
        "at": "2025-01-24T12:00:00.000Z"})"));
    const std::string html = render_html(data);
    EXPECT_NE(
        html.find("revision 1: signed off on 2025-01-24 by sam.siro (SIRO &lt;acting&gt;)</td>"),
        std::string::npos);

    // Revision 2 copies the answers: it alone is reported, as a draft.
    start(*database, kDspt, {}, {}, "2025-01-24T13:00:00Z");
    data = collect(*database);
    ASSERT_EQ(data.assessments.total, 1);
    const ReportAssessment& second = data.assessments.organisations[0].assessments[0];
    EXPECT_EQ(second.revision, 2);
    EXPECT_FALSE(second.signed_off);
    EXPECT_EQ(second.answered, 11);
}

TEST_P(ReportTest, AssessmentsAgainstAProfileAndTheClassicDspt) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    // The built-in CAF 3.2 against the GovAssure baseline profile: 39 outcomes, 37 expected above
    // not achieved. A1.a is answered achieved (it meets its profile); B4.d is decided not achieved.
    const assess::AssessmentRef caf{"RPT1", "CAF-3.2", "2024-25"};
    start(*database, caf, {}, "GOVASSURE-BASELINE");
    owner(*database, caf, "B4.d", "cara.cyber");
    for (int i = 1; i <= 4; ++i) {
        answer(*database, caf, fmt::format("A1.a.A.{}", i), "true");
        answer(*database, caf, fmt::format("A1.a.NA.{}", i), "false");
    }
    answer(*database, caf, "B4.d.NA.1", "true");
    // The test standards on the site: 1.1.1 (mandatory for category 1) not met, with a plan item.
    import_framework(*database, "standards-mini.yaml");
    const assess::AssessmentRef standards{"RPT1A", "TEST-STANDARDS-2023-24", "2023-24"};
    start(*database, standards, "category-1");
    owner(*database, standards, "1", "gina.ig");
    answer(*database, standards, "1.1.1", "not-met");
    plan(*database, standards, "1.1.1", "2025-03-31");

    ReportData data = collect(*database);
    const AssessmentSection& section = data.assessments;
    EXPECT_EQ(section.total, 2);
    EXPECT_TRUE(section.without.empty());
    ASSERT_EQ(section.organisations.size(), 2U);
    const ReportAssessment& outcomes = section.organisations[0].assessments.at(0);
    EXPECT_EQ(outcomes.profile, "GOVASSURE-BASELINE");
    EXPECT_EQ(outcomes.achieved, 1);
    EXPECT_EQ(outcomes.not_achieved, 1);
    EXPECT_EQ(outcomes.undecided, 37);
    EXPECT_EQ(outcomes.short_of_profile, 36);  // every one but A1.a and the two expected at none
    ASSERT_EQ(outcomes.shortfalls.size(), 36U);
    const auto b4d = std::find_if(outcomes.shortfalls.begin(), outcomes.shortfalls.end(),
                                  [](const AssessmentShortfall& s) { return s.node_id == "B4.d"; });
    ASSERT_NE(b4d, outcomes.shortfalls.end());
    EXPECT_TRUE(b4d->decided);
    EXPECT_EQ(b4d->status, "not-achieved");
    EXPECT_EQ(b4d->expected, "partially-achieved");
    EXPECT_EQ(b4d->owner, "cara.cyber");
    EXPECT_FALSE(outcomes.shortfalls.front().decided);  // A1.b: nothing answered yet
    EXPECT_EQ(outcomes.shortfalls.front().node_id, "A1.b");

    const ReportAssessment& dspt = section.organisations[1].assessments.at(0);
    EXPECT_EQ(section.organisations[1].org_code, "RPT1A");
    EXPECT_EQ(dspt.kind, "standards");
    EXPECT_EQ(dspt.dspt_status, "Approaching Standards");
    EXPECT_FALSE(dspt.dspt_reason.empty());
    EXPECT_EQ(dspt.not_met, 1);
    EXPECT_EQ(dspt.met, 0);
    EXPECT_EQ(dspt.items, 3);
    EXPECT_EQ(dspt.answered, 1);
    ASSERT_EQ(dspt.shortfalls.size(), 1U);
    EXPECT_EQ(dspt.shortfalls[0].node_id, "1");
    EXPECT_EQ(dspt.shortfalls[0].owner, "gina.ig");

    const nlohmann::json json = nlohmann::json::parse(render_json(data));
    const nlohmann::json& by_org = json["assessments"]["by_organisation"];
    EXPECT_EQ(by_org[0]["assessments"][0]["outcomes"]["short_of_profile"], 36);
    EXPECT_EQ(by_org[1]["assessments"][0]["dspt"]["status"], "Approaching Standards");
    EXPECT_EQ(by_org[1]["assessments"][0]["nodes"],
              nlohmann::json::parse(R"({"met": 0, "not_met": 1, "incomplete": 0})"));
    EXPECT_TRUE(by_org[1]["assessments"][0]["outcomes"].is_null());
    const std::string html = render_html(data);
    EXPECT_TRUE(tags_balance(html));
    EXPECT_NE(html.find("<td class=\"num overdue\">36</td>"), std::string::npos);
    EXPECT_NE(html.find("<td>DSPT: Approaching Standards; 0 met, 1 not met, 0 incomplete</td>"),
              std::string::npos);
    EXPECT_NE(html.find("<tr><th scope=\"row\">B4.d</th><td>Vulnerability Management</td>"
                        "<td>not achieved</td><td>partially achieved</td><td>cara.cyber</td></tr>"),
              std::string::npos);
    EXPECT_NE(html.find("<td>not achieved so far (not yet decided)</td>"), std::string::npos);

    // Once its framework has left the library, the standards assessment cannot be judged: the
    // report says so and is still made.
    ASSERT_TRUE(database->execute(
        "DELETE FROM framework_document WHERE qualified_id = 'TEST-STANDARDS-2023-24'"));
    data = collect(*database);
    ASSERT_EQ(data.assessments.total, 2);
    const ReportAssessment& lost = data.assessments.organisations[1].assessments.at(0);
    EXPECT_NE(lost.problem.find("no longer in the framework library"), std::string::npos)
        << lost.problem;
    const std::string lost_html = render_html(data);
    EXPECT_NE(lost_html.find("This assessment could not be judged: "), std::string::npos);
    EXPECT_NE(lost_html.find("<td>not judged (below)</td><td class=\"num\">-</td>"),
              std::string::npos);
    const nlohmann::json lost_json = nlohmann::json::parse(
        render_json(data))["assessments"]["by_organisation"][1]["assessments"][0];
    EXPECT_EQ(lost_json["problem"], lost.problem);
    for (const char* field : {"kind", "outcomes", "nodes", "dspt", "items", "evidence", "plan"}) {
        EXPECT_TRUE(lost_json[field].is_null()) << field;
    }
}

TEST_P(ReportTest, AReportWithoutAssessmentsSaysSoInOneLine) {
    WARDROUND_TEST_DATABASE(holder, database);
    build_scenario(*database);
    const ReportData data = collect(*database);
    EXPECT_EQ(data.assessments.total, 0);
    EXPECT_TRUE(data.assessments.organisations.empty());
    EXPECT_EQ(data.assessments.without.size(), 2U);
    const std::string html = render_html(data);
    const std::size_t begin = html.find("<section id=\"assessments\"");
    ASSERT_NE(begin, std::string::npos);
    const std::string section = html.substr(begin, html.find("</section>", begin) - begin);
    EXPECT_NE(section.find("<p class=\"empty\">No organisation in the report has a "
                           "self-assessment (wardround assess start begins one).</p>"),
              std::string::npos);
    EXPECT_EQ(section.find("<table"), std::string::npos);
    const nlohmann::json json = nlohmann::json::parse(render_json(data));
    EXPECT_EQ(json["assessments"]["total"], 0);
    EXPECT_EQ(json["assessments"]["without_assessment"].size(), 2U);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         ReportTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         testing::backend_test_name);

}  // namespace
}  // namespace wardround::report
