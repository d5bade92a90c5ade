// SPDX-License-Identifier: Apache-2.0
// Auto-evidence over a known estate, on both backends. Every figure is worked out by hand below
// from the fixtures in tests/data/assess/evidence and the invented knowledge base in
// tests/data/findings, judged on 2026-03-01:
//
//   EQ1 (ICB) > ET1, ET2, ET3 (trusts). ET3 holds nothing.
//
//   ET1 inventory (source csv): v1 on 2026-01-04, v2 last seen 2026-02-20 except ward-pc-04
//   (still 2026-01-04); old-pc-08 is in v1 only, so v2 leaves it stale.
//     ward-pc-01, -02  Windows 7          unsupported (ESU ended 2023-01-10)
//     ward-pc-03, -04, old-pc-08  Windows 11 24H2 Enterprise  supported to 2027-10-12
//     ward-pc-05       Windows 10 22H2    extended updates only (ESU)
//     kiosk-06         no operating system recorded
//     lab-07           "Plan 9", which the catalogue does not know
//     et1-gw-01        Windows Server 2022, supported; Ward Gateway 2.3.0 (v1), 2.4.1 (v2)
//   ET1 device register: pump-001 (support to 2030), us-001 (ended 2025-06-30, with an MDS-01
//   exception to 2026-12-31 for its model), us-002 (ended 2025-09-30, no exception).
//   ET2 inventory: et2-gw-21, et2-gw-22 on Ubuntu 22.04 with Ward Gateway 2.3.0; v2 (last seen
//   2026-02-25) upgrades gw-21 to 2.6.0.
//
//   Scans of every organisation: 2026-01-05 09:00 (both v1), 2026-01-12 09:00 (ET1 v2), 2026-01-30
//   09:00 (ET2 v2). CVE-2099-0001 (KEV, due 2025-12-29, P1) is on Ward Gateway below 2.4.1;
//   CVE-2099-0002 (CVSS 5.3, P3) up to 2.5.0.
//   Check run on ET1 at 2026-01-10 recording the end-of-life rules; then ward-pc-01's WR-EOL-001
//   accepted until 2026-06-30 and ward-pc-02's until 2026-02-15 (lapsed by 2026-03-01).
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/assess/auto_evidence.h>
#include <wardround/assess/framework.h>
#include <wardround/assess/framework_yaml.h>
#include <wardround/checks/checks.h>
#include <wardround/checks/device_standard.h>
#include <wardround/core/input_file.h>
#include <wardround/findings/findings_queries.h>
#include <wardround/findings/scan.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/org/org_import.h>
#include <wardround/vuln/feed_import.h>

#include "support/test_support.h"

namespace wardround::assess {
namespace {

using store::Backend;
using ::wardround::testing::fixture;

using ::wardround::testing::at;

const char* const kAsOf = "2026-03-01T00:00:00Z";
const char* const kLastScan = "2026-01-30T09:00:00.000Z";

class AutoEvidenceTest : public ::wardround::testing::BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        auto file = InputFile::open(fixture("assess/evidence/organisations.csv"));
        ASSERT_TRUE(file) << file.error().to_string();
        ASSERT_TRUE(org::import_organisations(*database_, *file));
        auto feeds = vuln::import_feeds(
            *database_, {fixture("findings/nvd-page.json"), fixture("findings/kev.json"),
                         fixture("findings/epss.csv")});
        ASSERT_TRUE(feeds) << feeds.error().to_string();
    }

    void import(const std::string& name,
                const std::string& org_code,
                inventory::InventoryFormat format = inventory::InventoryFormat::kCsv) {
        inventory::InventoryImporter importer(*database_);
        inventory::InventoryImportOptions options;
        options.org_code = org_code;
        options.format = format;
        options.source = format == inventory::InventoryFormat::kCsv ? "csv" : "register";
        auto report = importer.import_file(fixture("assess/evidence/" + name), options);
        ASSERT_TRUE(report) << name << ": " << report.error().to_string();
    }

    void scan(const std::string& when) {
        findings::ScanOptions options;
        options.now = at(when);
        options.threads = 2;
        auto summary = findings::run_scan(*database_, options);
        ASSERT_TRUE(summary) << summary.error().to_string();
    }

    // The end-of-life rules on ET1, recorded as findings.
    void record_end_of_life_checks(const std::string& when) {
        auto packs = checks::builtin_rule_packs();
        ASSERT_TRUE(packs);
        checks::CheckOptions options;
        options.org_code = "ET1";
        options.rule_ids = {"WR-EOL-001", "WR-EOL-002", "WR-EOL-003", "WR-EOL-004"};
        options.now = at(when);
        options.record = true;
        auto report = checks::run_checks(*database_, *packs, options);
        ASSERT_TRUE(report) << report.error().to_string();
    }

    void accept(const std::string& hostname, const std::string& until, const std::string& when) {
        findings::FindingFilter filter;
        filter.org_code = "ET1";
        filter.vuln_id = "WR-EOL-001";
        auto rows = findings::list_findings(*database_, filter);
        ASSERT_TRUE(rows) << rows.error().to_string();
        std::int64_t id = 0;
        for (const findings::FindingRow& row : *rows) {
            id = row.hostname == hostname ? row.id : id;
        }
        ASSERT_NE(id, 0) << hostname;
        findings::DecisionRequest request;
        request.reason = "Replacement ordered; isolated on its own VLAN meanwhile";
        request.owner = "Chief Clinical Information Officer";
        request.until = until;
        request.actor = "Head of IT security";
        auto decided = findings::decide_finding(*database_, id, request, at(when));
        ASSERT_TRUE(decided) << decided.error().to_string();
    }

    void except_device_model(const std::string& manufacturer, const std::string& model) {
        auto standard = checks::builtin_device_standard();
        ASSERT_TRUE(standard);
        checks::DeviceException exception;
        exception.manufacturer = manufacturer;
        exception.model = model;
        exception.requirement_id = "MDS-01";
        exception.reason = "Replacement funded for 2026-27; device on an isolated segment";
        exception.owner = "Head of Clinical Engineering";
        exception.until = "2026-12-31";
        auto added = checks::add_device_exception(*database_, *standard, "ET1", exception,
                                                  at("2026-01-10T10:00:00Z"));
        ASSERT_TRUE(added) << added.error().to_string();
    }

    void build_estate() {
        import("inventory-et1-v1.csv", "ET1");
        import("devices-et1.csv", "ET1", inventory::InventoryFormat::kDeviceRegister);
        import("inventory-et2-v1.csv", "ET2");
        scan("2026-01-05T09:00:00Z");
        record_end_of_life_checks("2026-01-10T09:00:00Z");
        accept("ward-pc-01", "2026-06-30", "2026-01-10T10:00:00Z");
        accept("ward-pc-02", "2026-02-15", "2026-01-10T10:00:00Z");
        except_device_model("Zeta Ultrasound", "Sonar 7");
        import("inventory-et1-v2.csv", "ET1");
        scan("2026-01-12T09:00:00Z");
        import("inventory-et2-v2.csv", "ET2");
        scan("2026-01-30T09:00:00Z");
    }

    std::map<std::string, EvidenceFigure> figures(const std::string& org_code) {
        auto computed = compute_auto_evidence(*database_, org_code, at(kAsOf));
        EXPECT_TRUE(computed) << computed.error().to_string();
        std::map<std::string, EvidenceFigure> out;
        for (EvidenceFigure& figure : computed ? *computed : std::vector<EvidenceFigure>{}) {
            out.emplace(figure.id, std::move(figure));
        }
        return out;
    }

    // The newest inventory import's time for the organisation, as the figures resting on the
    // inventory give it.
    std::string newest_import(const std::string& org_code) {
        auto value = database_->query_value(
            "SELECT MAX(COALESCE(r.observed_at, r.finished_at)) FROM import_run r JOIN "
            "organisation o ON o.id = r.org_id WHERE r.scope IS NOT NULL AND o.code = '" +
            org_code + "'");
        EXPECT_TRUE(value && *value);
        return value && *value ? std::get<std::string>(**value) : std::string();
    }
};

std::map<std::string, std::string> proposals(const EvidenceFigure& figure) {
    std::map<std::string, std::string> out;
    for (const InformedItem& item : figure.informs) {
        out[item.qualified_id] = item.proposed;
    }
    return out;
}

TEST_P(AutoEvidenceTest, EveryFigureOfOneTrustAsWorkedOutByHand) {
    build_estate();
    auto all = figures("ET1");
    ASSERT_EQ(all.size(), 6U);

    // Supported OS: of the 9 assets other than medical devices, 7 have an operating system the
    // catalogue knows: 4 supported (ward-pc-03, -04, old-pc-08, et1-gw-01), 1 extended
    // (ward-pc-05), 2 unsupported (ward-pc-01, -02). 4 / 7. kiosk-06 (none) and lab-07 apart.
    const EvidenceFigure& os = all.at("supported-os-share");
    EXPECT_TRUE(os.determinable);
    EXPECT_EQ(os.numerator, 4);
    EXPECT_EQ(os.denominator, 7);
    EXPECT_DOUBLE_EQ(os.value, 4.0 / 7.0);
    EXPECT_EQ(os.unit, "share");
    EXPECT_EQ(os.measures, (std::map<std::string, double>{{"known", 7},
                                                          {"supported", 4},
                                                          {"extended", 1},
                                                          {"unsupported", 2},
                                                          {"no_os", 1},
                                                          {"unrecognised", 1}}));
    EXPECT_EQ(os.as_of, newest_import("ET1"));
    EXPECT_EQ(proposals(os).at("CE-3.2:SUM.1"), "false");
    EXPECT_EQ(proposals(os).at("CAF-3.2:B4.d.A.4"), "false");

    // Unsupported: ward-pc-01 (accepted to 2026-06-30: plan), ward-pc-02 (acceptance lapsed
    // 2026-02-15: none), us-001 (MDS-01 exception to 2026-12-31: plan), us-002 (none). Windows 10
    // on ESU is not counted.
    const EvidenceFigure& unsupported = all.at("unsupported-systems");
    EXPECT_TRUE(unsupported.determinable);
    EXPECT_EQ(unsupported.value, 4.0);
    EXPECT_EQ(unsupported.unit, "count");
    EXPECT_EQ(unsupported.measures,
              (std::map<std::string, double>{{"with_plan", 2}, {"without_plan", 2}}));
    EXPECT_EQ(proposals(unsupported).at("DSPT-2023-24:8"), "not-met");
    EXPECT_EQ(proposals(unsupported).at("CE-3.2:SUM.2"), "false");
    EXPECT_EQ(proposals(unsupported).at("CAF-3.2:B4.d.NA.4"), "true");

    // Fixes: et1-gw-01's CVE-2099-0001 (KEV, P1) first seen 01-05 09:00, gone at 01-12 09:00: 7
    // days. CVE-2099-0002 (P3, CVSS 5.3) is not critical. 1 / 1, median 7.
    const EvidenceFigure& fixes = all.at("critical-fixed-within-14-days");
    EXPECT_TRUE(fixes.determinable) << fixes.detail;
    EXPECT_EQ(fixes.numerator, 1);
    EXPECT_EQ(fixes.denominator, 1);
    EXPECT_DOUBLE_EQ(fixes.value, 1.0);
    EXPECT_EQ(fixes.measures,
              (std::map<std::string, double>{
                  {"fixed", 1}, {"fixed_within", 1}, {"open_past", 0}, {"median_days", 7.0}}));
    EXPECT_EQ(fixes.as_of, kLastScan);
    EXPECT_EQ(proposals(fixes).at("CE-3.2:SUM.4"), "true");

    // No KEV finding is open in ET1.
    const EvidenceFigure& kev = all.at("kev-overdue");
    EXPECT_TRUE(kev.determinable);
    EXPECT_EQ(kev.value, 0.0);
    EXPECT_EQ(proposals(kev).at("CAF-3.2:B4.d.A.2"), "true");

    // Devices: none of the three has an SBOM (MDS-03) or an MDS2 form (MDS-04), so each falls
    // short whatever else is undetermined; us-002 also fails MDS-01. 0 meeting of 3 determined.
    const EvidenceFigure& devices = all.at("medical-device-standard");
    EXPECT_TRUE(devices.determinable);
    EXPECT_EQ(devices.numerator, 0);
    EXPECT_EQ(devices.denominator, 3);
    EXPECT_EQ(devices.measures,
              (std::map<std::string, double>{
                  {"devices", 3}, {"meeting", 0}, {"short_of", 3}, {"undetermined", 0}}));
    EXPECT_EQ(proposals(devices).at("CAF-3.2:A3.a.A.5"), "false");

    // Register: 12 assets (9 from the inventory, 3 devices, whose register rows are last seen when
    // imported, after 2026-03-01). Owner or department: all but ward-pc-04 (11). Operating system
    // (make and model for devices): all but kiosk-06 (11). Seen since 2026-01-30: all but
    // ward-pc-04 and old-pc-08 (10). Not stale: all but old-pc-08 (11). Every field: all but
    // ward-pc-04, kiosk-06 and old-pc-08: 9 / 12.
    const EvidenceFigure& register_figure = all.at("asset-register-completeness");
    EXPECT_TRUE(register_figure.determinable);
    EXPECT_EQ(register_figure.numerator, 9);
    EXPECT_EQ(register_figure.denominator, 12);
    EXPECT_DOUBLE_EQ(register_figure.value, 0.75);
    EXPECT_DOUBLE_EQ(register_figure.measures.at("with_owner"), 11.0 / 12.0);
    EXPECT_DOUBLE_EQ(register_figure.measures.at("with_os"), 11.0 / 12.0);
    EXPECT_DOUBLE_EQ(register_figure.measures.at("seen_30_days"), 10.0 / 12.0);
    EXPECT_DOUBLE_EQ(register_figure.measures.at("not_stale"), 11.0 / 12.0);
    EXPECT_DOUBLE_EQ(register_figure.measures.at("current"), 10.0 / 12.0);
    EXPECT_EQ(proposals(register_figure).at("CAF-3.2:A3.a.A.1"), "false");
    EXPECT_EQ(proposals(register_figure).at("CAF-3.2:A3.a.A.4"), "false");
    EXPECT_EQ(proposals(register_figure).at("CAF-3.2:A3.a.NA.5"), "true");
}

TEST_P(AutoEvidenceTest, AnIcbSumsTheTrustsBeneathIt) {
    build_estate();
    auto all = figures("EQ1");

    // ET2 adds two supported Ubuntu 22.04 servers: 6 / 9.
    const EvidenceFigure& os = all.at("supported-os-share");
    EXPECT_EQ(os.numerator, 6);
    EXPECT_EQ(os.denominator, 9);
    EXPECT_EQ(os.as_of, newest_import("ET2"));  // ET2's v2 was the last import

    EXPECT_EQ(all.at("unsupported-systems").value, 4.0);

    // et2-gw-21's CVE-2099-0001 first seen 01-05 09:00 and gone at 01-30 09:00: 25 days, late.
    // et2-gw-22's is still open, first seen more than 14 days before 2026-03-01: missed. With
    // ET1's 7 days: 1 within of 3; median of 7 and 25 is 16.
    const EvidenceFigure& fixes = all.at("critical-fixed-within-14-days");
    EXPECT_TRUE(fixes.determinable) << fixes.detail;
    EXPECT_EQ(fixes.numerator, 1);
    EXPECT_EQ(fixes.denominator, 3);
    EXPECT_EQ(fixes.measures,
              (std::map<std::string, double>{
                  {"fixed", 2}, {"fixed_within", 1}, {"open_past", 1}, {"median_days", 16.0}}));
    EXPECT_EQ(proposals(fixes).at("CE-3.2:SUM.4"), "false");

    // et2-gw-22's CVE-2099-0001 was due 2025-12-29 (KEV's date): 62 days overdue on 2026-03-01.
    const EvidenceFigure& kev = all.at("kev-overdue");
    EXPECT_TRUE(kev.determinable);
    EXPECT_EQ(kev.value, 1.0);
    EXPECT_EQ(kev.measures.at("oldest_days_overdue"), 62.0);
    EXPECT_NE(kev.detail.find("the oldest was due 2025-12-29"), std::string::npos) << kev.detail;
    EXPECT_EQ(proposals(kev).at("CE-3.2:SUM.4"), "false");

    // Register: ET2's two servers are complete: 11 / 14.
    EXPECT_EQ(all.at("asset-register-completeness").numerator, 11);
    EXPECT_EQ(all.at("asset-register-completeness").denominator, 14);
}

TEST_P(AutoEvidenceTest, AnOrganisationWithNoDataIsUndeterminedNeverPassed) {
    build_estate();
    auto all = figures("ET3");
    ASSERT_EQ(all.size(), 6U);
    for (const auto& [id, figure] : all) {
        EXPECT_FALSE(figure.determinable) << id;
        EXPECT_NE(figure.detail.find("no "), std::string::npos) << id << ": " << figure.detail;
        EXPECT_FALSE(figure.informs.empty()) << id;
        for (const InformedItem& item : figure.informs) {
            EXPECT_EQ(item.proposed, "") << id << " " << item.qualified_id;
            EXPECT_EQ(item.reason.rfind("not determinable: ", 0), 0U) << item.reason;
        }
    }
    EXPECT_NE(all.at("unsupported-systems").detail.find("no assets are recorded for ET3"),
              std::string::npos);
}

TEST_P(AutoEvidenceTest, AnEstateNoScanHasCoveredLeavesTheFindingsUndetermined) {
    import("inventory-et2-v1.csv", "ET2");
    auto all = figures("ET2");
    for (const char* id : {"critical-fixed-within-14-days", "kev-overdue"}) {
        EXPECT_FALSE(all.at(id).determinable) << id;
        EXPECT_NE(all.at(id).detail.find("no vulnerability scan has covered ET2"),
                  std::string::npos)
            << all.at(id).detail;
    }
    EXPECT_TRUE(all.at("supported-os-share").determinable);
    EXPECT_DOUBLE_EQ(all.at("supported-os-share").value, 1.0);
}

TEST_P(AutoEvidenceTest, AnUnknownOrganisationIsNotFound) {
    auto computed = compute_auto_evidence(*database_, "NOPE", at(kAsOf));
    ASSERT_FALSE(computed);
    EXPECT_EQ(computed.error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         AutoEvidenceTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

// Every item the built-in mapping names is a node or an indicator of a built-in framework, and
// every figure computed is mapped.
TEST(AutoEvidenceMapping, EveryQualifiedIdResolvesInTheBuiltInFrameworks) {
    auto frameworks = builtin_frameworks();
    ASSERT_TRUE(frameworks) << frameworks.error().to_string();
    const FrameworkList list(*frameworks);
    auto mappings = builtin_evidence_mappings();
    ASSERT_TRUE(mappings) << mappings.error().to_string();
    std::vector<std::string> mapped;
    for (const EvidenceMapping& mapping : *mappings) {
        mapped.push_back(mapping.figure_id);
        for (const EvidenceRule& rule : mapping.rules) {
            auto id = parse_qualified_id(rule.qualified_id);
            ASSERT_TRUE(id) << rule.qualified_id;
            const Framework* framework = list.find_framework(id->framework);
            ASSERT_NE(framework, nullptr) << rule.qualified_id;
            EXPECT_TRUE(resolve_node(list, *id) != nullptr ||
                        framework->find_indicator(id->node) != nullptr)
                << rule.qualified_id;
        }
    }
    std::vector<std::string> ids(auto_evidence_figure_ids().begin(),
                                 auto_evidence_figure_ids().end());
    EXPECT_EQ(mapped, ids);
}

TEST(AutoEvidenceMapping, ABadFileIsRefusedNamingTheLine) {
    const auto refused = [](const std::string& text) {
        auto parsed = parse_evidence_mappings(text, "bad.yaml");
        EXPECT_FALSE(parsed) << text;
        return parsed ? std::string() : parsed.error().message + " @ " + parsed.error().where;
    };
    const std::string rule =
        "figures:\n  - id: kev-overdue\n    informs:\n      - item: \"CE-3.2:SUM.4\"\n"
        "        then: \"true\"\n        otherwise: \"false\"\n        basis: b\n";
    EXPECT_NE(refused(rule + "        when: \"overdue == 0\"\n").find("has no measure 'overdue'"),
              std::string::npos);
    EXPECT_NE(refused(rule + "        when: \"value =< 0\"\n").find("unknown comparison"),
              std::string::npos);
    EXPECT_NE(refused(rule + "        when: \"value == none\"\n").find("is not a number"),
              std::string::npos);
    EXPECT_NE(refused("figures:\n  - id: patch-speed\n    informs: []\n").find("unknown figure"),
              std::string::npos);
    EXPECT_NE(refused(rule + "        when: \"value == 0\"\n        colour: red\n")
                  .find("unknown field 'colour' @ bad.yaml line 9"),
              std::string::npos);
    auto good = parse_evidence_mappings(rule + "        when: \"value == 0\"\n", "good.yaml");
    ASSERT_TRUE(good) << good.error().to_string();
    ASSERT_EQ(good->size(), 1U);
    EXPECT_EQ((*good)[0].rules[0].measure, "value");
    EXPECT_EQ((*good)[0].rules[0].op, "==");
}

}  // namespace
}  // namespace wardround::assess
