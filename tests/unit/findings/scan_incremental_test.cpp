// SPDX-License-Identifier: Apache-2.0
// Incremental scans, on SQLite and PostgreSQL: after the first scan of a scope, a scan matches only
// the assets a change can touch (a newer inventory report, a new or changed CVE record of a
// product they run, a changed KEV entry or EPSS score of one of their findings), leaves the rest
// exactly as they were, and comes to the same findings as a full scan would.
#include <string>
#include <vector>

#include <gtest/gtest.h>

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

class ScanIncrementalTest : public ::testing::TestWithParam<Backend> {
protected:
    static void prepare(store::Database& database) {
        testing::import_fixture_organisations(database);
        testing::import_fixture_knowledge(database);
        import_estate(database, findings_fixture("estate-ft1-v1.csv"), "FT1");
        import_estate(database, findings_fixture("estate-ft2.csv"), "FT2");
        import_estate(database, findings_fixture("estate-ft3.csv"), "FT3");
    }
};

TEST_P(ScanIncrementalTest, OnlyWhatChangedIsMatchedAgain) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    const ScanSummary first = scan(*database, "2026-01-12T09:00:00Z");
    EXPECT_FALSE(first.incremental);
    EXPECT_EQ(first.scope_reason, "no earlier scan of this scope");
    const std::vector<std::string> before = picture(all_findings(*database));
    ASSERT_FALSE(before.empty());

    // Nothing changed: nothing is matched, and every finding is confirmed (new ones are open
    // now, seen at this scan).
    const ScanSummary idle = scan(*database, "2026-01-13T09:00:00Z");
    EXPECT_TRUE(idle.incremental);
    EXPECT_EQ(idle.assets, 0);
    EXPECT_EQ(idle.findings_new + idle.findings_fixed + idle.findings_reopened, 0);
    EXPECT_EQ(idle.findings_open, first.findings_open);
    std::vector<std::string> confirmed = before;
    for (std::string& line : confirmed) {
        line.replace(line.find(" new "), 5, " open ");
    }
    EXPECT_EQ(picture(all_findings(*database)), confirmed);
    for (const FindingRow& row : all_findings(*database)) {
        EXPECT_EQ(row.last_seen, "2026-01-13T09:00:00.000Z") << row.hostname << " " << row.vuln_id;
    }

    // A newer report for FT1 upgrades its gateway past the bound: only FT1's assets are matched,
    // the gateway's findings are fixed, and FT2's identical gateway keeps its open findings.
    import_estate(*database, findings_fixture("estate-ft1-v3-gateway-2.6.0.csv"), "FT1");
    const ScanSummary after_upgrade = scan(*database, "2026-01-14T09:00:00Z");
    EXPECT_TRUE(after_upgrade.incremental);
    EXPECT_GT(after_upgrade.assets, 0);
    EXPECT_LT(after_upgrade.assets, first.assets);
    EXPECT_GT(after_upgrade.findings_fixed, 0);
    const std::vector<std::string> incremental_picture = picture(all_findings(*database));

    // A full scan at the same moment comes to exactly the same findings.
    ScanOptions options;
    options.full = true;
    options.now = testing::at("2026-01-14T09:00:00Z");
    auto full = run_scan(*database, options);
    ASSERT_TRUE(full) << full.error().to_string();
    EXPECT_FALSE(full->incremental);
    EXPECT_EQ(full->findings_new + full->findings_fixed + full->findings_reopened, 0);
    EXPECT_EQ(picture(all_findings(*database)), incremental_picture);
}

TEST_P(ScanIncrementalTest, AnotherPolicyMeansAFullScan) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    (void)scan(*database, "2026-01-12T09:00:00Z");
    PriorityPolicy policy;
    policy.kev = 5;
    const ScanSummary rescored = scan(*database, "2026-01-13T09:00:00Z", "", policy);
    EXPECT_FALSE(rescored.incremental);
    EXPECT_EQ(rescored.scope_reason, "the priority policy changed");
}

TEST_P(ScanIncrementalTest, EachScopeKeepsItsOwnBaseline) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    (void)scan(*database, "2026-01-12T09:00:00Z");
    // FT2 was never scanned on its own: its first scan is full.
    const ScanSummary ft2 = scan(*database, "2026-01-13T09:00:00Z", "FT2");
    EXPECT_FALSE(ft2.incremental);
    const ScanSummary again = scan(*database, "2026-01-14T09:00:00Z", "FT2");
    EXPECT_TRUE(again.incremental);
    EXPECT_EQ(again.assets, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         ScanIncrementalTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::findings
