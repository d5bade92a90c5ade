// SPDX-License-Identifier: Apache-2.0
#include <set>

#include <gtest/gtest.h>

#include <wardround/org/org_import.h>
#include <wardround/org/org_repository.h>

#include "support/test_support.h"

namespace wardround::org {
namespace {

using testing::count_rows;
using testing::dump_database;

Result<OrgImportReport> import_path(store::Database& database, const std::string& path) {
    auto file = InputFile::open(path);
    if (!file) {
        return propagate(file.error());
    }
    return import_organisations(database, *file);
}

std::int64_t code_count(const Diagnostics& diagnostics, const std::string& code) {
    const auto found = diagnostics.count_by_code().find(code);
    return found == diagnostics.count_by_code().end() ? 0
                                                      : static_cast<std::int64_t>(found->second);
}

class OrgImportTest : public ::testing::TestWithParam<store::Backend> {};

TEST_P(OrgImportTest, WardroundCsvBuildsTheTree) {
    WARDROUND_TEST_DATABASE(holder, database);
    auto report = import_path(*database, testing::fixture("org/example.csv"));
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    EXPECT_EQ(report->format, OrgFileFormat::kWardround);
    EXPECT_EQ(report->run.counts.records, 6);
    EXPECT_EQ(report->run.counts.inserted, 6);
    EXPECT_TRUE(report->diagnostics.empty());

    auto site = show_organisation(*database, "XT1S1");
    ASSERT_TRUE(site.has_value());
    EXPECT_EQ(site->summary.organisation.name, "Example General Hospital, North Wing");
    EXPECT_EQ(site->summary.organisation.level, OrgLevel::kSite);
    ASSERT_EQ(site->ancestors.size(), 4U);
    EXPECT_EQ(site->ancestors[0].code, "ENG");
    EXPECT_EQ(site->ancestors[3].code, "XT1");

    auto icb = show_organisation(*database, "XQ1");
    ASSERT_TRUE(icb.has_value());
    EXPECT_EQ(icb->summary.children, 2);
    EXPECT_EQ(icb->descendants_by_level.at("organisation"), 2);
    EXPECT_EQ(icb->descendants_by_level.at("site"), 1);

    auto closed = show_organisation(*database, "XT2");
    EXPECT_EQ(closed->summary.organisation.closed_on, "2023-03-31");
}

TEST_P(OrgImportTest, ReimportingTheSameFileChangesNothing) {
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(import_path(*database, testing::fixture("org/example.csv")).has_value());
    const std::set<std::string> provenance = {"import_run", "import_diagnostic"};
    const std::string before = dump_database(*database, provenance);
    auto again = import_path(*database, testing::fixture("org/example.csv"));
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->run.counts.unchanged, 6);
    EXPECT_EQ(again->run.outcome, store::ImportOutcome::kUnchanged);
    // Only the provenance of the second import is new.
    EXPECT_EQ(count_rows(*database, "import_run"), 2);
    EXPECT_EQ(dump_database(*database, provenance), before);
}

TEST_P(OrgImportTest, BadRowsAreReportedWithStableCodesAndTheRestImports) {
    WARDROUND_TEST_DATABASE(holder, database);
    auto report = import_path(*database, testing::fixture("org/bad-rows.csv"));
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    const Diagnostics& diagnostics = report->diagnostics;
    EXPECT_EQ(code_count(diagnostics, "org.bad_code"), 1);
    EXPECT_EQ(code_count(diagnostics, "org.missing_name"), 1);
    EXPECT_EQ(code_count(diagnostics, "org.unknown_type"), 1);
    EXPECT_EQ(code_count(diagnostics, "org.unknown_parent"), 2);  // NOPE, and the rejected site XS1
    EXPECT_EQ(code_count(diagnostics, "org.parent_level"), 1);  // a site belongs to an organisation
    EXPECT_EQ(code_count(diagnostics, "org.missing_parent"), 1);
    EXPECT_TRUE(diagnostics.has_errors());
    EXPECT_EQ(report->run.counts.records, 10);
    EXPECT_EQ(report->run.counts.rejected, 7);
    // England is created for the region; the good rows are in.
    for (const char* code : {"E92000001", "XR1", "XQ1", "XT1"}) {
        EXPECT_EQ(count_rows(*database, "organisation", std::string("code = '") + code + "'"), 1)
            << code;
    }
    EXPECT_EQ(count_rows(*database, "import_diagnostic",
                         "code = 'org.unknown_type' AND location LIKE '%line 7'"),
              1);
}

TEST_P(OrgImportTest, StructuralErrorsLeaveTheDatabaseExactlyAsItWas) {
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(import_path(*database, testing::fixture("org/example.csv")).has_value());
    const std::string before = dump_database(*database);
    for (const char* name : {"org/unclosed-quote.csv", "org/unknown-header.csv"}) {
        auto report = import_path(*database, testing::fixture(name));
        ASSERT_FALSE(report.has_value()) << name;
        EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument) << name;
        EXPECT_NE(report.error().to_string().find(name), std::string::npos)
            << report.error().to_string();
        EXPECT_EQ(dump_database(*database), before) << name;
    }
}

TEST_P(OrgImportTest, InvalidUtf8RowsAreRejectedNotStored) {
    WARDROUND_TEST_DATABASE(holder, database);
    auto report = import_path(*database, testing::fixture("org/latin1.csv"));
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(code_count(report->diagnostics, "org.invalid_utf8"), 1);
    EXPECT_EQ(count_rows(*database, "organisation", "code = 'XR1'"), 0);
}

// The real NHS publications, imported in the order `make demo` uses.
TEST_P(OrgImportTest, RealNhsPublicationsBuildEnglandsTree) {
    WARDROUND_SHARED_DATA_OR_SKIP(lookup, "nhs/sub-icb-to-icb-to-region-lookup-2023-04.csv");
    WARDROUND_SHARED_DATA_OR_SKIP(icbs, "nhs/dspt-icbs-2022-23.csv");
    WARDROUND_SHARED_DATA_OR_SKIP(october, "nhs/dspt-trusts-2022-23-earlier-2023-10-17.csv");
    WARDROUND_SHARED_DATA_OR_SKIP(november, "nhs/dspt-trusts-2022-23.csv");
    WARDROUND_SHARED_DATA_OR_SKIP(csus, "nhs/dspt-csus-2022-23.csv");
    WARDROUND_SHARED_DATA_OR_SKIP(etr, "nhs/etr-trusts.csv");
    WARDROUND_TEST_DATABASE(holder, database);

    auto regions = import_path(*database, lookup);
    ASSERT_TRUE(regions.has_value()) << regions.error().to_string();
    EXPECT_EQ(regions->format, OrgFileFormat::kOnsLookup);
    EXPECT_EQ(regions->run.counts.records, 106);
    EXPECT_EQ(regions->run.counts.inserted, 7 + 42);

    auto icb_status = import_path(*database, icbs);
    ASSERT_TRUE(icb_status.has_value());
    EXPECT_EQ(icb_status->format, OrgFileFormat::kDsptIcbs);
    EXPECT_EQ(icb_status->run.counts.inserted, 0);  // every ICB is known from the lookup
    EXPECT_EQ(icb_status->dspt_statuses_added, 42);

    auto trusts = import_path(*database, october);
    ASSERT_TRUE(trusts.has_value());
    EXPECT_EQ(trusts->format, OrgFileFormat::kDsptTrusts);
    EXPECT_EQ(trusts->run.counts.inserted, 211);
    EXPECT_EQ(trusts->parents_created, 0);
    auto later = import_path(*database, november);
    ASSERT_TRUE(later.has_value());
    EXPECT_EQ(later->run.counts.inserted, 0);
    EXPECT_EQ(later->dspt_statuses_added, 6);  // the six statuses that changed in a month
    ASSERT_TRUE(import_path(*database, csus).has_value());
    auto ods = import_path(*database, etr);
    ASSERT_TRUE(ods.has_value());
    EXPECT_EQ(code_count(ods->diagnostics, "org.outside_england"), 3);  // the Welsh trusts

    auto levels = count_by_level(*database);
    ASSERT_TRUE(levels.has_value());
    EXPECT_EQ(levels->at("nation"), 1);
    EXPECT_EQ(levels->at("region"), 7);
    EXPECT_EQ(levels->at("icb"), 42);
    EXPECT_EQ(levels->at("organisation"), 211 + 5 + 1);  // trusts, CSUs, RVY only in the ODS list

    auto london = show_organisation(*database, "Y56");
    ASSERT_TRUE(london.has_value());
    EXPECT_EQ(london->summary.organisation.name, "London");
    EXPECT_EQ(london->summary.organisation.ons_code, "E40000003");
    EXPECT_EQ(london->children_by_level.at("icb"), 5);

    // Manchester University NHS FT sits in Greater Manchester ICB in the North West.
    auto manchester = show_organisation(*database, "R0A");
    ASSERT_TRUE(manchester.has_value());
    ASSERT_EQ(manchester->ancestors.size(), 3U);
    EXPECT_EQ(manchester->ancestors[1].code, "Y62");
    EXPECT_EQ(manchester->ancestors[2].code, "QOP");
    ASSERT_TRUE(manchester->summary.current_dspt.has_value());
    EXPECT_EQ(manchester->summary.current_dspt->period, "2022-23");
    EXPECT_EQ(manchester->summary.current_dspt->status, "Standards Met");
    EXPECT_EQ(manchester->summary.current_dspt->published_on, "2023-06-30");

    // RA4 (Yeovil) closed on 2023-03-31: Not Met in October, Not Published in November.
    auto yeovil = show_organisation(*database, "RA4");
    ASSERT_TRUE(yeovil.has_value());
    EXPECT_EQ(yeovil->summary.organisation.closed_on, "2023-03-31");
    EXPECT_EQ(yeovil->summary.current_dspt->status, "Not Published");
    EXPECT_EQ(yeovil->dspt_history.size(), 2U);

    // DSPT 2022-23 statuses as at November 2023.
    EXPECT_EQ(count_rows(*database, "org_dspt_status", "period = '2022-23'"), 42 + 211 + 6 + 5);
    auto all = list_organisations(*database, {.level = OrgLevel::kOrganisation, .parent_code = ""});
    ASSERT_TRUE(all.has_value());
    std::map<std::string, int> statuses;
    for (const auto& summary : *all) {
        if (summary.organisation.type == "trust" || summary.organisation.type == "care-trust") {
            if (summary.current_dspt) {
                ++statuses[summary.current_dspt->status];
            }
        }
    }
    EXPECT_EQ(statuses["Standards Met"], 138);
    EXPECT_EQ(statuses["Approaching Standards"], 57);
    EXPECT_EQ(statuses["Standards Exceeded"], 15);
    EXPECT_EQ(statuses["Not Published"], 1);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         OrgImportTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         testing::backend_test_name);

}  // namespace
}  // namespace wardround::org
