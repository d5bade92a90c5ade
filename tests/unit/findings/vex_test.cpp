// SPDX-License-Identifier: Apache-2.0
// CycloneDX VEX: the statements read from real and invented documents, their errors, and, on
// SQLite and PostgreSQL, a not_affected statement keeping a matched finding as not_affected with
// the manufacturer's reason.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/findings/vex.h>

#include "findings_test_support.h"
#include "support/test_support.h"

namespace wardround::findings {
namespace {

using store::Backend;
using testing::findings_fixture;

std::vector<VexStatement> parse_file(const std::string& path, Diagnostics& diagnostics) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const std::string text = bytes.str();
    auto statements = parse_cyclonedx_vex(text, diagnostics);
    EXPECT_TRUE(statements) << statements.error().to_string();
    return statements ? *statements : std::vector<VexStatement>{};
}

TEST(CycloneDxVex, ReadsTheRealCisaUseCase) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "sbom/cyclonedx/VEX-CISA-Use-Cases-Case-2-vex.json");
    Diagnostics diagnostics;
    const auto statements = parse_file(path, diagnostics);
    ASSERT_EQ(statements.size(), 19U);  // the Ripple20 CVEs, each not affecting product ABC
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(statements.front().vuln_id, "CVE-2020-11896");
    EXPECT_EQ(statements.front().state, "not_affected");
    EXPECT_EQ(statements.front().justification, "code_not_reachable");
    EXPECT_EQ(statements.front().refs, std::vector<std::string>{"product-ABC"});
    for (const VexStatement& statement : statements) {
        EXPECT_EQ(statement.state, "not_affected") << statement.vuln_id;
    }
}

TEST(CycloneDxVex, ReadsABomLinkToAPackage) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "sbom/cyclonedx/VEX-vex.json");
    Diagnostics diagnostics;
    const auto statements = parse_file(path, diagnostics);
    ASSERT_EQ(statements.size(), 1U);
    EXPECT_EQ(statements.front().vuln_id, "CVE-2020-25649");
    ASSERT_EQ(statements.front().refs.size(), 1U);
    EXPECT_EQ(vex_ref_purl(statements.front().refs.front()),
              "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar");
}

TEST(CycloneDxVex, RefsThatAreNotPackages) {
    EXPECT_EQ(vex_ref_purl("product-ABC"), "");
    EXPECT_EQ(vex_ref_purl("urn:cdx:3e671687/1#product-ABC"), "");
    EXPECT_EQ(vex_ref_purl("pkg:npm/lodash@4.17.20"), "pkg:npm/lodash@4.17.20");
}

TEST(CycloneDxVex, EntriesThatStateNothingAreDiagnostics) {
    Diagnostics diagnostics;
    const auto statements = parse_file(findings_fixture("vex-ft1-gateway.cdx.json"), diagnostics);
    ASSERT_EQ(statements.size(), 2U);
    EXPECT_EQ(statements[0].state, "not_affected");
    EXPECT_EQ(statements[1].state, "in_triage");
    EXPECT_EQ(diagnostics.count_by_code().at("vex.missing_id"), 1U);
    EXPECT_EQ(diagnostics.count_by_code().at("vex.missing_state"), 1U);
    EXPECT_EQ(diagnostics.kept().front().location, "$.vulnerabilities[2].id");
}

TEST(CycloneDxVex, DocumentErrorsNameThePlace) {
    Diagnostics diagnostics;
    auto not_json = parse_cyclonedx_vex("{\"bomFormat\": ", diagnostics);
    ASSERT_FALSE(not_json);
    EXPECT_EQ(not_json.error().where, "$");
    auto not_cyclonedx = parse_cyclonedx_vex("{\"spdxVersion\": \"SPDX-2.3\"}", diagnostics);
    ASSERT_FALSE(not_cyclonedx);
    EXPECT_NE(not_cyclonedx.error().message.find("CycloneDX"), std::string::npos);
    auto not_array =
        parse_cyclonedx_vex(R"({"bomFormat": "CycloneDX", "vulnerabilities": {}})", diagnostics);
    ASSERT_FALSE(not_array);
    EXPECT_EQ(not_array.error().where, "$.vulnerabilities");
    auto none = parse_cyclonedx_vex(R"({"bomFormat": "CycloneDX"})", diagnostics);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

class VexScanTest : public ::testing::TestWithParam<Backend> {};

TEST_P(VexScanTest, NotAffectedKeepsTheFindingWithTheReason) {
    WARDROUND_TEST_DATABASE(holder, database);
    testing::import_fixture_organisations(*database);
    testing::import_fixture_knowledge(*database);
    testing::import_estate(*database, findings_fixture("estate-ft1-v1.csv"), "FT1");
    (void)testing::scan(*database, "2026-01-12T09:00:00Z", "FT1");
    EXPECT_EQ(testing::finding(*database, "ft1-gw-01", "CVE-2099-0001").status, "new");

    // An unknown asset changes nothing.
    auto unknown = import_vex_file(*database, findings_fixture("vex-ft1-gateway.cdx.json"), "FT1",
                                   "no-such-host");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(::wardround::testing::count_rows(*database, "vex_statement"), 0);

    auto report = import_vex_file(*database, findings_fixture("vex-ft1-gateway.cdx.json"), "FT1",
                                  "ft1-gw-01");
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_EQ(report->statements, 2);
    EXPECT_EQ(report->suppressing, 1);
    EXPECT_EQ(report->diagnostics.total(), 2U);

    const ScanSummary summary = testing::scan(*database, "2026-01-13T09:00:00Z", "FT1");
    EXPECT_FALSE(summary.incremental);  // new statements: everything is looked at again
    EXPECT_EQ(summary.suppressed, 1);
    const FindingRow row = testing::finding(*database, "ft1-gw-01", "CVE-2099-0001");
    EXPECT_EQ(row.status, "not_affected");
    const FindingDetail detail = testing::finding_detail(*database, row.id);
    ASSERT_FALSE(detail.events.empty());
    EXPECT_NE(detail.events.back().reason.find("code_not_reachable"), std::string::npos)
        << detail.events.back().reason;
    // in_triage states nothing final: that finding stays open.
    EXPECT_EQ(testing::finding(*database, "ft1-gw-01", "CVE-2099-0002").status, "open");

    // Importing the same file again replaces its statements rather than adding to them.
    auto again = import_vex_file(*database, findings_fixture("vex-ft1-gateway.cdx.json"), "FT1",
                                 "ft1-gw-01");
    ASSERT_TRUE(again) << again.error().to_string();
    EXPECT_EQ(::wardround::testing::count_rows(*database, "vex_statement"), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         VexScanTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::findings
