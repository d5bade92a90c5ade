// SPDX-License-Identifier: Apache-2.0
// What a scan cannot decide, on SQLite and PostgreSQL: software whose version is unknown, is not a
// version ("latest"), or cannot be ordered against NVD's bounds (a date against "5.0") leaves its
// (asset, CVE) pairs not evaluable. Each is counted in ScanSummary.not_evaluable and kept as a
// match_gap row, never made a finding and never counted as safe; each scan of an organisation
// replaces that organisation's gaps and no other's.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/findings/findings_queries.h>
#include <wardround/findings/scan.h>

#include "findings_test_support.h"
#include "support/test_support.h"

namespace wardround::findings {
namespace {

using store::Backend;
using testing::all_findings;
using testing::findings_fixture;
using testing::import_estate;
using testing::picture;
using testing::scan;
using ::wardround::testing::count_rows;

struct GapRow {
    std::string hostname;
    std::string product_key;
    std::string software;
    std::string reason;
    std::int64_t vulnerabilities = 0;
    std::string examples;
};

std::vector<GapRow> gaps(store::Database& database) {
    std::vector<GapRow> out;
    auto status = database.query(
        "SELECT a.hostname, g.product_key, g.software, g.reason, g.vulnerabilities, g.examples "
        "FROM match_gap g JOIN asset a ON a.id = g.asset_id ORDER BY a.hostname, g.reason",
        {}, [&out](const store::Row& row) -> Status {
            out.push_back(GapRow{row.get_text(0), row.get_text(1), row.get_text(2), row.get_text(3),
                                 row.get_int(4), row.get_text(5)});
            return {};
        });
    EXPECT_TRUE(status.has_value()) << status.error().to_string();
    return out;
}

class ScanGapsTest : public ::testing::TestWithParam<Backend> {
protected:
    // FT1's gap estate: hub-02 (Infusion Hub, no version), hub-03 (Infusion Hub "2021-12-13"),
    // gw-03 (Ward Gateway "latest") and gw-04 (Ward Gateway 2.2.0, the control).
    static void prepare(store::Database& database) {
        testing::import_fixture_organisations(database);
        testing::import_fixture_knowledge(database);
        import_estate(database, findings_fixture("estate-ft1-gaps.csv"), "FT1");
    }
};

TEST_P(ScanGapsTest, UndecidablePairsAreGapsNeverFindings) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);

    const ScanSummary summary = scan(*database, "2026-01-12T09:00:00Z", "FT1");
    EXPECT_EQ(summary.assets, 4);
    EXPECT_EQ(summary.software, 4);
    // hub-02 x CVE-2099-0003, hub-03 x CVE-2099-0003, gw-03 x CVE-2099-0001 and -0002.
    EXPECT_EQ(summary.not_evaluable, 4);
    // Only the control decides: 2.2.0 is inside both gateway ranges.
    EXPECT_EQ(summary.findings_new, 2);
    EXPECT_EQ(summary.findings_open, 2);
    EXPECT_EQ(picture(all_findings(*database)),
              (std::vector<std::string>{"ft1-gw-04 CVE-2099-0001 new P2",
                                        "ft1-gw-04 CVE-2099-0002 new P3"}));
    EXPECT_EQ(count_rows(*database, "scan_run", "not_evaluable = 4"), 1);

    const std::vector<GapRow> rows = gaps(*database);
    ASSERT_EQ(rows.size(), 3U);
    EXPECT_EQ(rows[0].hostname, "ft1-gw-03");
    EXPECT_EQ(rows[0].product_key, "cpe:a:acme:ward_gateway");
    EXPECT_EQ(rows[0].software, "cpe:2.3:a:acme:ward_gateway:latest:*:*:*:*:*:*:*");
    EXPECT_EQ(rows[0].vulnerabilities, 2);
    EXPECT_EQ(rows[0].examples, R"(["CVE-2099-0001","CVE-2099-0002"])");
    EXPECT_EQ(rows[1].hostname, "ft1-hub-02");
    EXPECT_EQ(rows[1].product_key, "cpe:a:medco:infusion_hub");
    EXPECT_EQ(rows[1].software, "cpe:2.3:a:medco:infusion_hub:*:*:*:*:*:*:*:*");
    EXPECT_EQ(rows[1].vulnerabilities, 1);
    EXPECT_EQ(rows[1].examples, R"(["CVE-2099-0003"])");
    EXPECT_EQ(rows[2].hostname, "ft1-hub-03");
    EXPECT_EQ(rows[2].software, "cpe:2.3:a:medco:infusion_hub:2021-12-13:*:*:*:*:*:*:*");
    EXPECT_EQ(rows[2].vulnerabilities, 1);
    for (const GapRow& row : rows) {
        EXPECT_FALSE(row.reason.empty()) << row.hostname;
        EXPECT_NE(row.reason, "not evaluable") << row.hostname << ": the reason is the step";
    }
}

TEST_P(ScanGapsTest, EachScanReplacesItsOrganisationsGapsOnly) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    import_estate(*database, findings_fixture("estate-ft2.csv"), "FT2");
    scan(*database, "2026-01-12T09:00:00Z", "FT1");
    ASSERT_EQ(count_rows(*database, "match_gap"), 3);

    // Again: the same gaps, not twice over, and the pairs are still not findings.
    const ScanSummary again = scan(*database, "2026-01-13T09:00:00Z", "FT1");
    EXPECT_EQ(again.not_evaluable, 4);
    EXPECT_EQ(again.findings_new, 0);
    EXPECT_EQ(count_rows(*database, "match_gap"), 3);
    EXPECT_EQ(count_rows(*database, "finding"), 2);

    // Another organisation's scan leaves FT1's gaps alone.
    const ScanSummary ft2 = scan(*database, "2026-01-14T09:00:00Z", "FT2");
    EXPECT_EQ(ft2.not_evaluable, 0);
    EXPECT_EQ(count_rows(*database, "match_gap"), 3);

    // When the versions become known (hub-02 4.0, hub-03 5.1, gw-03 2.6.0), the next scan decides
    // them and FT1's gaps go.
    import_estate(*database, findings_fixture("estate-ft1-gaps-versions-known.csv"), "FT1");
    const ScanSummary decided = scan(*database, "2026-01-21T09:00:00Z", "FT1");
    EXPECT_EQ(decided.not_evaluable, 0);
    EXPECT_EQ(decided.findings_new, 1);  // hub-02 4.0 < 5.0; hub-03 5.1 and gw-03 2.6.0 are safe
    EXPECT_EQ(decided.findings_open, 3);
    EXPECT_EQ(count_rows(*database, "match_gap"), 0);
    EXPECT_EQ(picture(all_findings(*database, "FT1")),
              (std::vector<std::string>{"ft1-gw-04 CVE-2099-0001 open P2",
                                        "ft1-gw-04 CVE-2099-0002 open P3",
                                        "ft1-hub-02 CVE-2099-0003 new P4"}));
}

TEST_P(ScanGapsTest, AnOpenFindingIsNeitherClosedNorUncountedWhenItsVersionBecomesUnknown) {
    WARDROUND_TEST_DATABASE(holder, database);
    testing::import_fixture_organisations(*database);
    testing::import_fixture_knowledge(*database);
    import_estate(*database, findings_fixture("estate-ft1-v1.csv"), "FT1");
    scan(*database, "2026-01-12T09:00:00Z", "FT1");
    const ScanSummary matched = scan(*database, "2026-01-13T09:00:00Z", "FT1");
    ASSERT_EQ(matched.findings_open, 3);

    // The next inventory says the gateway runs "latest" and gives the hub no version: the three
    // pairs cannot be decided. The findings stay as they were, and the summary still counts them
    // open (ScanSummary: "new, open and reopened after the scan").
    import_estate(*database, findings_fixture("estate-ft1-versions-unknown.csv"), "FT1");
    const ScanSummary uncertain = scan(*database, "2026-01-16T09:00:00Z", "FT1");
    EXPECT_EQ(uncertain.not_evaluable, 3);
    EXPECT_EQ(uncertain.findings_fixed, 0);
    EXPECT_EQ(uncertain.findings_new, 0);
    EXPECT_EQ(count_rows(*database, "match_gap"), 2);
    EXPECT_EQ(picture(all_findings(*database)),
              (std::vector<std::string>{"ft1-gw-01 CVE-2099-0001 open P1",
                                        "ft1-gw-01 CVE-2099-0002 open P3",
                                        "ft1-hub-01 CVE-2099-0003 open P4"}));
    EXPECT_EQ(testing::finding(*database, "ft1-gw-01", "CVE-2099-0001").last_seen,
              "2026-01-13T09:00:00.000Z");  // not seen by this scan
    FindingFilter open_only;
    auto listed = list_findings(*database, open_only);
    ASSERT_TRUE(listed.has_value()) << listed.error().to_string();
    EXPECT_EQ(listed->size(), 3U);
    EXPECT_EQ(uncertain.findings_open, 3) << "the scan reports fewer open findings than it leaves";
    EXPECT_EQ(uncertain.open_kev, 1);
    EXPECT_EQ(uncertain.open_by_priority,
              (std::map<std::string, std::int64_t>{{"P1", 1}, {"P3", 1}, {"P4", 1}}));

    // Known again (2.4.1, past CVE-2099-0001's bound): that one is fixed, the others stay open.
    import_estate(*database, findings_fixture("estate-ft1-v2-gateway-2.4.1.csv"), "FT1");
    const ScanSummary known = scan(*database, "2026-01-21T09:00:00Z", "FT1");
    EXPECT_EQ(known.not_evaluable, 0);
    EXPECT_EQ(known.findings_fixed, 1);
    EXPECT_EQ(known.findings_open, 2);
    EXPECT_EQ(count_rows(*database, "match_gap"), 0);
}

TEST_P(ScanGapsTest, AnAcceptedRiskIsOpenAgainAfterItsDateEvenWhenThePairIsUndecided) {
    WARDROUND_TEST_DATABASE(holder, database);
    testing::import_fixture_organisations(*database);
    testing::import_fixture_knowledge(*database);
    import_estate(*database, findings_fixture("estate-ft1-v1.csv"), "FT1");
    scan(*database, "2026-01-12T09:00:00Z", "FT1");
    const FindingRow hub = testing::finding(*database, "ft1-hub-01", "CVE-2099-0003");
    DecisionRequest accept;
    accept.reason = "segregated";
    accept.owner = "EBME lead";
    accept.until = "2026-01-31";
    ASSERT_TRUE(
        decide_finding(*database, hub.id, accept, testing::at("2026-01-12T10:00:00Z")).has_value());

    // The hub's version becomes unknown, and the acceptance's date passes: the README says an
    // accepted risk "is open again after the date", and the pair being undecided does not make it
    // safe.
    import_estate(*database, findings_fixture("estate-ft1-versions-unknown.csv"), "FT1");
    const ScanSummary summary = scan(*database, "2026-02-02T09:00:00Z", "FT1");
    EXPECT_EQ(summary.not_evaluable, 3);
    EXPECT_EQ(testing::finding(*database, "ft1-hub-01", "CVE-2099-0003").status, "open");
    EXPECT_EQ(summary.acceptances_expired, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         ScanGapsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::findings
