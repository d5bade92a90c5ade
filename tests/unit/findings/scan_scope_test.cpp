// SPDX-License-Identifier: Apache-2.0
// What a scan and a listing cover, on SQLite and PostgreSQL: `--org` scans one organisation and
// leaves every other organisation's findings exactly as they were (not even marking them fixed);
// a region or ICB code scans the organisations beneath it; no code scans them all. The tree is
// tests/data/findings/organisations.csv: FR1 > FQ1 > FT1, FT2 and FR2 > FQ2 > FT3.
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
using testing::finding;
using testing::findings_fixture;
using testing::import_estate;
using testing::picture;
using testing::scan;
using ::wardround::testing::count_rows;

using Counts = std::map<std::string, std::int64_t>;

class ScanScopeTest : public ::testing::TestWithParam<Backend> {
protected:
    // Three trusts' estates: FT1 (gateway 2.3.0, hub 4.2), FT2 (gateway 2.3.0), FT3 (hub 4.9).
    static void prepare(store::Database& database) {
        testing::import_fixture_organisations(database);
        testing::import_fixture_knowledge(database);
        import_estate(database, findings_fixture("estate-ft1-v1.csv"), "FT1");
        import_estate(database, findings_fixture("estate-ft2.csv"), "FT2");
        import_estate(database, findings_fixture("estate-ft3.csv"), "FT3");
    }

    static std::int64_t org_id(store::Database& database, const std::string& code) {
        const store::Value params[] = {store::Value{code}};
        auto id = database.query_value("SELECT id FROM organisation WHERE code = ?", params);
        EXPECT_TRUE(id.has_value() && id->has_value()) << code;
        return id && *id ? std::get<std::int64_t>(**id) : 0;
    }

    static std::vector<std::string> listed(store::Database& database, FindingFilter filter) {
        auto rows = list_findings(database, filter);
        EXPECT_TRUE(rows.has_value()) << rows.error().to_string();
        return rows ? picture(*rows) : std::vector<std::string>{};
    }
};

TEST_P(ScanScopeTest, OneOrganisationsScanLeavesTheOthersUntouched) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);

    const ScanSummary ft1 = scan(*database, "2026-01-12T09:00:00Z", "FT1");
    EXPECT_EQ(ft1.assets, 2);
    EXPECT_EQ(ft1.software, 2);
    EXPECT_EQ(ft1.findings_new, 3);
    EXPECT_EQ(ft1.findings_open, 3);
    EXPECT_EQ(picture(all_findings(*database)),
              (std::vector<std::string>{"ft1-gw-01 CVE-2099-0001 new P1",
                                        "ft1-gw-01 CVE-2099-0002 new P3",
                                        "ft1-hub-01 CVE-2099-0003 new P4"}));
    EXPECT_EQ(
        count_rows(*database, "scan_run", "org_id = " + std::to_string(org_id(*database, "FT1"))),
        1);

    const ScanSummary ft2 = scan(*database, "2026-01-13T09:00:00Z", "FT2");
    EXPECT_EQ(ft2.assets, 1);
    EXPECT_EQ(ft2.software, 1);
    EXPECT_EQ(ft2.findings_new, 2);
    EXPECT_EQ(ft2.findings_open, 2);
    EXPECT_EQ(ft2.findings_fixed, 0);
    EXPECT_EQ(ft2.open_by_priority, (Counts{{"P2", 1}, {"P3", 1}}));  // not internet-facing
    // FT1's findings as the FT1 scan left them: still new, last seen at that scan.
    const FindingRow untouched = finding(*database, "ft1-gw-01", "CVE-2099-0001");
    EXPECT_EQ(untouched.status, "new");
    EXPECT_EQ(untouched.last_seen, "2026-01-12T09:00:00.000Z");

    // FT1 upgrades its gateway; a scan of FT2 must not close FT1's findings.
    import_estate(*database, findings_fixture("estate-ft1-v3-gateway-2.6.0.csv"), "FT1");
    const ScanSummary ft2_again = scan(*database, "2026-01-14T09:00:00Z", "FT2");
    EXPECT_EQ(ft2_again.findings_fixed, 0);
    EXPECT_EQ(ft2_again.findings_open, 2);
    EXPECT_EQ(picture(all_findings(*database, "FT1")),
              (std::vector<std::string>{"ft1-gw-01 CVE-2099-0001 new P1",
                                        "ft1-gw-01 CVE-2099-0002 new P3",
                                        "ft1-hub-01 CVE-2099-0003 new P4"}));
    EXPECT_EQ(picture(all_findings(*database, "FT2")),
              (std::vector<std::string>{"ft2-gw-21 CVE-2099-0001 open P2",
                                        "ft2-gw-21 CVE-2099-0002 open P3"}));
    EXPECT_TRUE(all_findings(*database, "FT3").empty());
}

TEST_P(ScanScopeTest, ARegionScansTheOrganisationsBeneathIt) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    import_estate(*database, findings_fixture("estate-ft1-v3-gateway-2.6.0.csv"), "FT1");

    // FR1 holds FQ1, which holds FT1 and FT2; FT3 is under FR2.
    const ScanSummary north = scan(*database, "2026-01-12T09:00:00Z", "FR1");
    EXPECT_EQ(north.assets, 3);
    EXPECT_EQ(north.software, 3);  // gateway 2.6.0, hub 4.2, gateway 2.3.0
    EXPECT_EQ(north.findings_new, 3);
    EXPECT_EQ(north.findings_open, 3);
    EXPECT_EQ(north.open_kev, 1);
    EXPECT_EQ(picture(all_findings(*database)),
              (std::vector<std::string>{"ft1-hub-01 CVE-2099-0003 new P4",
                                        "ft2-gw-21 CVE-2099-0001 new P2",
                                        "ft2-gw-21 CVE-2099-0002 new P3"}));
    EXPECT_EQ(
        count_rows(*database, "scan_run", "org_id = " + std::to_string(org_id(*database, "FR1"))),
        1);

    // The ICB covers the same two trusts.
    const ScanSummary icb = scan(*database, "2026-01-13T09:00:00Z", "FQ1");
    EXPECT_EQ(icb.assets, 3);
    EXPECT_EQ(icb.findings_new, 0);
    EXPECT_EQ(icb.findings_open, 3);

    // The other region: FT3 alone.
    const ScanSummary south = scan(*database, "2026-01-14T09:00:00Z", "FR2");
    EXPECT_EQ(south.assets, 1);
    EXPECT_EQ(south.findings_new, 1);
    EXPECT_EQ(south.findings_open, 1);
    EXPECT_EQ(finding(*database, "ft1-hub-01", "CVE-2099-0003").status, "open");

    // Every organisation: nothing new, all four open.
    const ScanSummary everyone = scan(*database, "2026-01-15T09:00:00Z");
    EXPECT_EQ(everyone.assets, 4);
    EXPECT_EQ(everyone.findings_new, 0);
    EXPECT_EQ(everyone.findings_open, 4);
    EXPECT_EQ(everyone.open_by_priority, (Counts{{"P2", 1}, {"P3", 1}, {"P4", 2}}));
    EXPECT_EQ(count_rows(*database, "scan_run", "org_id IS NULL"), 1);
}

TEST_P(ScanScopeTest, ListingsFilterByOrganisationPriorityStatusKevAndVulnerability) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    scan(*database, "2026-01-12T09:00:00Z");  // every organisation: 6 findings

    FindingFilter filter;
    EXPECT_EQ(listed(*database, filter).size(), 6U);
    filter.org_code = "FR1";
    EXPECT_EQ(listed(*database, filter).size(), 5U);
    filter.org_code = "FR2";
    EXPECT_EQ(listed(*database, filter),
              std::vector<std::string>{"ft3-hub-31 CVE-2099-0003 new P4"});

    filter = {};
    filter.priorities = {"P1", "P2"};
    EXPECT_EQ(listed(*database, filter),
              (std::vector<std::string>{"ft1-gw-01 CVE-2099-0001 new P1",
                                        "ft2-gw-21 CVE-2099-0001 new P2"}));
    filter = {};
    filter.kev_only = true;
    EXPECT_EQ(listed(*database, filter).size(), 2U);
    filter = {};
    filter.vuln_id = "CVE-2099-0003";
    EXPECT_EQ(listed(*database, filter),
              (std::vector<std::string>{"ft1-hub-01 CVE-2099-0003 new P4",
                                        "ft3-hub-31 CVE-2099-0003 new P4"}));
    filter = {};
    filter.statuses = {"fixed"};
    EXPECT_TRUE(listed(*database, filter).empty());
    filter = {};
    filter.limit = 2;
    EXPECT_EQ(listed(*database, filter).size(), 2U);

    // Highest priority first, then the earliest due date.
    auto ordered = list_findings(*database, FindingFilter{});
    ASSERT_TRUE(ordered.has_value());
    std::vector<std::string> order;
    for (const FindingRow& row : *ordered) {
        order.push_back(row.priority + " " + row.due_date + " " + row.hostname);
    }
    EXPECT_EQ(order,
              (std::vector<std::string>{"P1 2025-12-29 ft1-gw-01", "P2 2025-12-29 ft2-gw-21",
                                        "P3 2026-02-11 ft1-gw-01", "P3 2026-02-11 ft2-gw-21",
                                        "P4 2026-04-12 ft1-hub-01", "P4 2026-04-12 ft3-hub-31"}));

    // Refused filters.
    filter = {};
    filter.org_code = "NOPE";
    EXPECT_EQ(list_findings(*database, filter).error().code, ErrorCode::kNotFound);
    filter = {};
    filter.priorities = {"P5"};
    EXPECT_EQ(list_findings(*database, filter).error().code, ErrorCode::kInvalidArgument);
    filter = {};
    filter.statuses = {"closed"};
    EXPECT_EQ(list_findings(*database, filter).error().code, ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         ScanScopeTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::findings
