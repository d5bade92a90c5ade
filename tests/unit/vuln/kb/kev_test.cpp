// SPDX-License-Identifier: Apache-2.0
// KEV import on both backends: the real catalogue and its history, our own catalogues for removal
// and re-listing, and a malformed corpus.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <wardround/vuln/feed_import.h>
#include <wardround/vuln/knowledge_base.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

using testing::count_rows;
using testing::dump_database;

const std::set<std::string> kProvenance = {"import_run", "import_diagnostic"};

std::size_t code_count(const Diagnostics& diagnostics, const std::string& code) {
    const auto found = diagnostics.count_by_code().find(code);
    return found == diagnostics.count_by_code().end() ? 0 : found->second;
}

Result<FeedSourceReport> import_one(store::Database& database, const std::string& path) {
    auto report = import_feeds(database, {path});
    if (!report) {
        return propagate(report.error());
    }
    EXPECT_EQ(report->sources.size(), 1U);
    return report->sources.at(0);
}

class KevImportTest : public ::testing::TestWithParam<store::Backend> {};

TEST_P(KevImportTest, TheRealCatalogue) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "kev/known_exploited_vulnerabilities.json");
    WARDROUND_TEST_DATABASE(holder, database);
    auto source = import_one(*database, path);
    ASSERT_TRUE(source.has_value()) << source.error().to_string();
    EXPECT_EQ(source->kind, FeedKind::kKev);
    EXPECT_EQ(source->run.counts.records, 1404);
    EXPECT_EQ(source->run.counts.inserted, 1404);
    EXPECT_EQ(source->run.counts.rejected, 0);
    EXPECT_EQ(source->run.feed_version, "2025.08.25|2025-08-25T17:04:19.979Z");
    EXPECT_EQ(code_count(source->diagnostics, "kev.due_before_added"), 15U);
    EXPECT_FALSE(source->diagnostics.has_errors());
    EXPECT_EQ(count_rows(*database, "kev_entry"), 1404);
    EXPECT_EQ(count_rows(*database, "kev_entry", "known_ransomware_use = 'Known'"), 293);
    EXPECT_EQ(count_rows(*database, "kev_entry", "vendor_project = 'Microsoft'"), 340);
    // Provenance: file, hash, size, outcome.
    EXPECT_EQ(count_rows(*database, "import_run",
                         "kind = 'kev' AND outcome = 'applied' AND bytes = 1257565 AND "
                         "sha256 IS NOT NULL AND records = 1404"),
              1);

    auto wannacry = find_cve(*database, "CVE-2017-0144");
    ASSERT_TRUE(wannacry.has_value()) << wannacry.error().to_string();
    ASSERT_TRUE(wannacry->kev.has_value());
    EXPECT_EQ(wannacry->kev->entry.vendor_project, "Microsoft");
    EXPECT_EQ(wannacry->kev->entry.product, "SMBv1");
    EXPECT_EQ(wannacry->kev->entry.date_added, "2022-02-10");
    EXPECT_EQ(wannacry->kev->entry.due_date, "2022-08-10");
    EXPECT_EQ(wannacry->kev->entry.known_ransomware_use, "Known");
    EXPECT_EQ(wannacry->kev->first_catalog_version, "2025.08.25");
    EXPECT_TRUE(wannacry->kev->removed_in_catalog.empty());
}

TEST_P(KevImportTest, HistoryInOrderThenAnOlderCatalogueChangesNothing) {
    WARDROUND_SHARED_DATA_OR_SKIP(january, "kev/history/kev-2025-01-27.json");
    WARDROUND_SHARED_DATA_OR_SKIP(february, "kev/history/kev-2025-02-26.json");
    WARDROUND_SHARED_DATA_OR_SKIP(august, "kev/known_exploited_vulnerabilities.json");
    WARDROUND_TEST_DATABASE(holder, database);

    auto first = import_one(*database, january);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->run.counts.inserted, 1252);
    EXPECT_EQ(first->run.feed_version.substr(0, 10), "2025.01.24");  // not the commit date

    // Measured independently: +28 entries, 12 edited (such as the Zimbra entries renamed Synacor).
    auto second = import_one(*database, february);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->run.counts.inserted, 28);
    EXPECT_EQ(second->run.counts.updated, 12);
    EXPECT_EQ(second->run.counts.removed, 0);
    EXPECT_EQ(second->run.counts.unchanged, 1280 - 28 - 12);
    // Zimbra's 8 entries were renamed Synacor (which already had 2) and one Synacor entry is new.
    EXPECT_EQ(count_rows(*database, "kev_entry", "vendor_project = 'Zimbra'"), 0);
    EXPECT_EQ(count_rows(*database, "kev_entry", "vendor_project = 'Synacor'"), 11);

    // +124 entries, 43 edited (35 of them ransomware use Unknown -> Known).
    auto third = import_one(*database, august);
    ASSERT_TRUE(third.has_value());
    EXPECT_EQ(third->run.counts.inserted, 124);
    EXPECT_EQ(third->run.counts.updated, 43);
    EXPECT_EQ(count_rows(*database, "kev_entry"), 1404);
    EXPECT_EQ(count_rows(*database, "kev_entry", "first_catalog_version = '2025.01.24'"), 1252);

    // February again, after August: nothing changes but the provenance of the attempt.
    const std::string before = dump_database(*database, kProvenance);
    auto again = import_one(*database, february);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->run.outcome, store::ImportOutcome::kOlder);
    EXPECT_EQ(again->run.counts.unchanged, 1280);
    EXPECT_EQ(dump_database(*database, kProvenance), before);
    EXPECT_EQ(count_rows(*database, "import_run", "kind = 'kev' AND outcome = 'older'"), 1);

    // The same catalogue twice is unchanged, not older.
    auto same = import_one(*database, august);
    ASSERT_TRUE(same.has_value());
    EXPECT_EQ(same->run.outcome, store::ImportOutcome::kUnchanged);
    EXPECT_EQ(dump_database(*database, kProvenance), before);
}

TEST_P(KevImportTest, EntriesGoneFromANewerCatalogueAreMarkedNotDeleted) {
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(import_one(*database, testing::fixture("kev/catalogue-v1.json")).has_value());
    auto second = import_one(*database, testing::fixture("kev/catalogue-v2.json"));
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->run.counts.inserted, 1);  // MOVEit
    EXPECT_EQ(second->run.counts.updated, 1);   // Log4Shell ransomware use became Known
    EXPECT_EQ(second->run.counts.removed, 1);   // BlueKeep is no longer listed
    EXPECT_EQ(count_rows(*database, "kev_entry",
                         "cve_id = 'CVE-2019-0708' AND removed_in_catalog = '2026.02.01'"),
              1);
    EXPECT_EQ(count_rows(*database, "kev_entry",
                         "cve_id = 'CVE-2021-44228' AND known_ransomware_use = 'Known' AND "
                         "first_catalog_version = '2026.01.05' AND catalog_version = '2026.02.01'"),
              1);
    auto bluekeep = find_cve(*database, "CVE-2019-0708");
    ASSERT_TRUE(bluekeep.has_value());
    EXPECT_EQ(bluekeep->kev->removed_in_catalog, "2026.02.01");

    // Listed again later: the mark is cleared.
    auto third = import_one(*database, testing::fixture("kev/catalogue-v3.json"));
    ASSERT_TRUE(third.has_value());
    EXPECT_EQ(third->run.counts.updated, 1);
    EXPECT_EQ(third->run.counts.removed, 0);
    EXPECT_EQ(count_rows(*database, "kev_entry", "removed_in_catalog IS NOT NULL"), 0);
}

TEST_P(KevImportTest, BadEntriesAreReportedAndTheRestImports) {
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(import_one(*database, testing::fixture("kev/catalogue-v1.json")).has_value());
    auto source = import_one(*database, testing::fixture("kev/malformed/bad-entries.json"));
    ASSERT_TRUE(source.has_value()) << source.error().to_string();
    const Diagnostics& diagnostics = source->diagnostics;
    EXPECT_EQ(code_count(diagnostics, "kev.missing_field"), 1U);
    EXPECT_EQ(code_count(diagnostics, "kev.bad_date"), 1U);
    EXPECT_EQ(code_count(diagnostics, "kev.duplicate"), 1U);
    EXPECT_EQ(code_count(diagnostics, "kev.bad_cve_id"), 1U);
    EXPECT_EQ(code_count(diagnostics, "kev.bad_entry"), 1U);
    EXPECT_EQ(code_count(diagnostics, "kev.bad_type"), 3U);  // product (error), notes, cwes
    EXPECT_EQ(code_count(diagnostics, "kev.bad_ransomware_use"), 1U);
    EXPECT_EQ(code_count(diagnostics, "kev.count_mismatch"), 1U);
    EXPECT_EQ(code_count(diagnostics, "kev.removals_not_marked"), 1U);
    EXPECT_EQ(source->run.counts.rejected, 6);
    EXPECT_EQ(source->run.counts.records, 2);
    // The missing-field error names the entry and the field.
    bool named = false;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        named = named || (diagnostic.code == "kev.missing_field" &&
                          diagnostic.location == "$.vulnerabilities[1].dueDate");
    }
    EXPECT_TRUE(named);
    // Heartbleed came in with its odd optional fields dropped; nothing was marked removed because
    // an entry without a readable id was rejected.
    EXPECT_EQ(count_rows(*database, "kev_entry",
                         "cve_id = 'CVE-2014-0160' AND notes IS NULL AND "
                         "cwes = '[]' AND known_ransomware_use = 'Unknown'"),
              1);
    EXPECT_EQ(count_rows(*database, "kev_entry", "removed_in_catalog IS NOT NULL"), 0);
    EXPECT_EQ(count_rows(*database, "import_diagnostic", "code = 'kev.missing_field'"), 1);
}

TEST_P(KevImportTest, CsvCatalogue) {
    WARDROUND_TEST_DATABASE(holder, database);
    auto source = import_one(*database, testing::fixture("kev/catalogue.csv"));
    ASSERT_TRUE(source.has_value()) << source.error().to_string();
    EXPECT_EQ(source->kind, FeedKind::kKev);
    EXPECT_EQ(source->run.counts.inserted, 3);
    EXPECT_EQ(source->run.counts.rejected, 1);
    EXPECT_EQ(source->run.feed_version, "2023.06.02|");
    EXPECT_EQ(code_count(source->diagnostics, "kev.bad_cve_id"), 1U);
    EXPECT_EQ(code_count(source->diagnostics, "kev.csv_version_derived"), 1U);
    EXPECT_EQ(count_rows(
                  *database, "kev_entry",
                  "cve_id = 'CVE-2021-44228' AND cwes = '[\"CWE-20\",\"CWE-400\",\"CWE-502\"]' AND "
                  "short_description = 'Test description with \"quotes\".'"),
              1);
}

TEST_P(KevImportTest, MalformedFilesChangeNothing) {
    WARDROUND_SHARED_DATA_OR_SKIP(truncated_real, "kev/malformed/kev-2025-02-25-truncated.json");
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(import_one(*database, testing::fixture("kev/catalogue-v1.json")).has_value());
    const std::string before = dump_database(*database);
    // Each error names the file, the JSON path and the byte offset where the damage is.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {truncated_real, "$.vulnerabilities[268] (byte 276042): the input ends inside a string"},
        {testing::fixture("kev/malformed/truncated.json"), "$.vulnerabilities[1] (byte 794)"},
        {testing::fixture("kev/malformed/invalid-utf8.json"),
         "$.vulnerabilities[1] (byte 700): not valid JSON: The input is not valid UTF-8"},
        {testing::fixture("kev/malformed/trailing-garbage.json"),
         "after the end of the root object"},
        {testing::fixture("kev/malformed/no-version.json"), "not a feed"},
        {testing::fixture("kev/malformed/vulnerabilities-not-array.json"),
         "$.vulnerabilities (byte 52): expected an array"},
    };
    for (const auto& [path, message] : cases) {
        auto report = import_feeds(*database, {path});
        ASSERT_FALSE(report.has_value()) << path;
        EXPECT_NE(report.error().to_string().find(message), std::string::npos)
            << path << ": " << report.error().to_string();
        EXPECT_NE(report.error().to_string().find(path), std::string::npos)
            << report.error().to_string();
        EXPECT_EQ(dump_database(*database), before) << path;
    }
}

TEST_P(KevImportTest, HostileShapesAreRefusedWithinBoundedMemory) {
    WARDROUND_TEST_DATABASE(holder, database);
    const std::string before = dump_database(*database);
    const std::string dir =
        ::testing::TempDir() + "/kev_hostile_" + testing::backend_test_name({GetParam(), 0});
    std::filesystem::create_directories(dir);
    const std::string head =
        R"({"title": "t", "catalogVersion": "2026.01.01", "vulnerabilities": [)";
    // Nesting far deeper than any parser should follow, and one string of 80 MB.
    const std::string deep = head + std::string(100000, '[') + std::string(100000, ']') + "]}";
    const std::string huge = head + R"({"cveID": ")" + std::string(80U << 20, 'x') + R"("}]})";
    const std::vector<std::pair<std::string, std::string>> cases = {{"deep.json", deep},
                                                                    {"huge.json", huge}};
    for (const auto& [name, text] : cases) {
        const std::string path = dir + "/" + name;
        std::ofstream(path, std::ios::binary) << text;
        auto report = import_feeds(*database, {path});
        ASSERT_FALSE(report.has_value()) << name;
        EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument) << report.error().to_string();
        EXPECT_NE(report.error().where.find("$.vulnerabilities[0]"), std::string::npos)
            << report.error().to_string();
        EXPECT_EQ(dump_database(*database), before);
    }
    std::filesystem::remove_all(dir);
}

TEST_P(KevImportTest, AFailureLaterInTheImportUndoesEarlierFiles) {
    WARDROUND_TEST_DATABASE(holder, database);
    const std::string before = dump_database(*database);
    auto report = import_feeds(*database, {testing::fixture("kev/catalogue-v1.json"),
                                           testing::fixture("kev/malformed/truncated.json")});
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(dump_database(*database), before);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         KevImportTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         testing::backend_test_name);

}  // namespace
}  // namespace wardround::vuln
