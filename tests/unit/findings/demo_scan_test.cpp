// SPDX-License-Identifier: Apache-2.0
// The demo knowledge pack (data/demo/kb) against the demo trust's estate (data/demo/inventory,
// imported for DEMO1 as scripts/demo does), on SQLite and PostgreSQL: the exact findings and gaps,
// each checked by hand against the pack's NVD ranges, so a regression in matching shows.
//
// The estate's software that the pack's ranges name, and why each is or is not a finding:
//   wrd-us-0007 (Defender, the register, the scans, its SBOM; criticality High)
//     Windows 10 22H2 10.0.19045.3803: CVE-2024-21412 (< 10.0.19045.4046) and CVE-2024-38193
//       (< 10.0.19045.4780) hold; CVE-2021-34527 (< .2251) and CVE-2023-28252 (< .2846) do not.
//     Chrome 119.0.6045.160: CVE-2024-4671 (< 124.0.6367.201) holds; CVE-2023-4863 (< 116) not.
//     7-Zip 19.0.0.0: CVE-2025-0411 (< 24.09) holds.
//     OpenSSL 1.1.1k: outside CVE-2014-0160 (1.0.1 to 1.0.1g) and CVE-2022-3602 (3.0.0 to 3.0.7).
//     Windows 10 21H2 10.0.19044 (the SBOM's OS): no revision, so CVE-2021-34527, CVE-2022-30190
//       and CVE-2023-28252 (bounds on 10.0.19044.x) are not evaluable; its 21412 and 38193 are
//       already decided by the 22H2 name.
//   wrd-ws-0142 Windows 11 23H2 without a build: CVE-2024-21412 and -38193 not evaluable.
//   wrd-ws-0201 and -0202 Windows 11 23H2 10.0.22631.4460: past .3155 and .4037; Chrome
//     131.0.6778.86 past both Chrome ranges; Firefox 128.5.1 past 60.7.3 and 117.0.1.
//   The stale appliance's nginx 1.18.0: no nginx CVE in the pack.
// Every finding is KEV-listed (40) with its CVSS (3 x score) on a High asset (10): all P1, due
// on KEV's date.
#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include <wardround/findings/findings_queries.h>
#include <wardround/findings/scan.h>
#include <wardround/inventory/inventory_store.h>

#include "findings_test_support.h"
#include "support/test_support.h"

namespace wardround::findings {
namespace {

using store::Backend;
using testing::all_findings;
using testing::import_estate;
using testing::scan;
using ::wardround::testing::count_rows;

using Counts = std::map<std::string, std::int64_t>;

std::string demo(const std::string& relative) {
    return (std::filesystem::path(WARDROUND_DEMO_DIR) / relative).string();
}

class DemoScanTest : public ::testing::TestWithParam<Backend> {
protected:
    // As scripts/demo does without ../shared/data, with the knowledge pack alone.
    static void prepare(store::Database& database) {
        testing::import_organisations(database, demo("organisations.csv"));
        testing::import_organisations(database, demo("demo-trust.csv"));
        testing::import_feeds(database, {demo("kb")});
        for (const char* file :
             {"defender-machines.json", "defender-software.json", "scan-2025-11-18.xml",
              "device-register.csv", "workstations.csv"}) {
            import_estate(database, demo(std::string("inventory/") + file), "DEMO1");
        }
        inventory::InventoryImporter importer(database);
        inventory::InventoryImportOptions sbom;
        sbom.org_code = "DEMO1";
        sbom.attach_to = "US7-2291-0007";
        auto attached = importer.import_file(demo("inventory/ultrasound-sbom.cdx.json"), sbom);
        ASSERT_TRUE(attached.has_value()) << attached.error().to_string();
        import_estate(database, demo("inventory/scan-2025-11-25.xml"), "DEMO1");
    }
};

TEST_P(DemoScanTest, TheDemoTrustsExactFindingsAndGaps) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    ASSERT_FALSE(::testing::Test::HasFatalFailure());

    const ScanSummary summary = scan(*database, "2026-07-01T00:00:00Z", "DEMO1");
    EXPECT_TRUE(summary.kb_demo);
    EXPECT_EQ(summary.cves, 55);
    EXPECT_EQ(summary.cves_without_configurations, 0);
    EXPECT_EQ(summary.kb_newest, "2026-06-17T04:59:49.620Z");
    EXPECT_EQ(summary.assets, 6);
    EXPECT_EQ(summary.software, 11);
    EXPECT_EQ(summary.findings_new, 4);
    EXPECT_EQ(summary.findings_open, 4);
    EXPECT_EQ(summary.findings_fixed, 0);
    EXPECT_EQ(summary.open_kev, 4);
    EXPECT_EQ(summary.open_by_priority, (Counts{{"P1", 4}}));
    EXPECT_EQ(summary.not_evaluable, 5);

    std::vector<std::string> rows;
    for (const FindingRow& row : all_findings(*database)) {
        rows.push_back(fmt::format("{} {} {}:{} {} {} {:.1f} due {} {}", row.vuln_id, row.hostname,
                                   row.vendor, row.product, row.version, row.priority,
                                   row.priority_score, row.due_date, row.kev ? "kev" : "-"));
    }
    std::sort(rows.begin(), rows.end());
    EXPECT_EQ(
        rows,
        (std::vector<std::string>{
            "CVE-2024-21412 wrd-us-0007 microsoft:windows_10_22h2 10.0.19045.3803 P1 74.3 due "
            "2024-03-05 kev",
            "CVE-2024-38193 wrd-us-0007 microsoft:windows_10_22h2 10.0.19045.3803 P1 73.4 due "
            "2024-09-03 kev",
            "CVE-2024-4671 wrd-us-0007 google:chrome 119.0.6045.160 P1 78.8 due 2024-06-03 kev",
            "CVE-2025-0411 wrd-us-0007 7-zip:7-zip 19.0.0.0 P1 71.0 due 2025-02-27 kev"}));

    std::vector<std::string> gaps;
    auto status = database->query(
        "SELECT a.hostname, g.product_key, g.vulnerabilities, g.examples FROM match_gap g "
        "JOIN asset a ON a.id = g.asset_id",
        {}, [&gaps](const store::Row& row) -> Status {
            gaps.push_back(fmt::format("{} {} {} {}", row.get_text(0), row.get_text(1),
                                       row.get_int(2), row.get_text(3)));
            return {};
        });
    ASSERT_TRUE(status.has_value()) << status.error().to_string();
    std::sort(gaps.begin(), gaps.end());
    EXPECT_EQ(gaps,
              (std::vector<std::string>{"wrd-us-0007 cpe:o:microsoft:windows_10_21h2 3 "
                                        R"(["CVE-2021-34527","CVE-2022-30190","CVE-2023-28252"])",
                                        "wrd-ws-0142 cpe:o:microsoft:windows_11_23h2 2 "
                                        R"(["CVE-2024-21412","CVE-2024-38193"])"}));

    // The same estate scanned again a day later: nothing new, the same four open.
    const ScanSummary again = scan(*database, "2026-07-02T00:00:00Z", "DEMO1");
    EXPECT_EQ(again.findings_new, 0);
    EXPECT_EQ(again.findings_open, 4);
    EXPECT_EQ(again.not_evaluable, 5);
    EXPECT_EQ(count_rows(*database, "finding", "status = 'open'"), 4);
    EXPECT_EQ(count_rows(*database, "match_gap"), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         DemoScanTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::findings
