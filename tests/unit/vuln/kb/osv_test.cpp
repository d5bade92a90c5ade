// SPDX-License-Identifier: Apache-2.0
// OSV import on both backends, over our own records: affected packages with their ranges and
// events, withdrawal, revisions, and the CVE join.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <wardround/vuln/feed_import.h>
#include <wardround/vuln/knowledge_base.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

namespace fs = std::filesystem;
using testing::count_rows;
using testing::dump_database;

std::vector<std::string> good_records() {
    std::vector<std::string> paths;
    for (const auto& entry : fs::directory_iterator(testing::fixture("osv"))) {
        if (entry.is_regular_file()) {
            paths.push_back(entry.path().string());
        }
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

class OsvImportTest : public ::testing::TestWithParam<store::Backend> {};

TEST_P(OsvImportTest, RecordsRangesAndEvents) {
    WARDROUND_TEST_DATABASE(holder, database);
    auto report = import_feeds(*database, good_records());
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    EXPECT_EQ(count_rows(*database, "advisory", "format = 'osv'"), 9);
    EXPECT_EQ(count_rows(*database, "osv_range"), 12);
    // The gzip copy of the Go record is the same record: unchanged, not a second row.
    EXPECT_EQ(count_rows(*database, "advisory", "source_id = 'GO-2022-0969'"), 1);
    // Debian and Ubuntu name their CVE as upstream; the join still finds them.
    auto openssl = find_cve(*database, "CVE-2024-6119");
    ASSERT_TRUE(openssl.has_value()) << openssl.error().to_string();
    ASSERT_EQ(openssl->advisories.size(), 2U);
    EXPECT_EQ(openssl->advisories[0].format, "osv");
    // npm: a scoped package with SEMVER events kept in order.
    EXPECT_EQ(count_rows(*database, "osv_affected",
                         "ecosystem = 'npm' AND name = '@babel/traverse' AND purl = "
                         "'pkg:npm/%40babel/traverse'"),
              1);
    EXPECT_EQ(count_rows(*database, "osv_range",
                         "type = 'GIT' AND repo IS NOT NULL AND events LIKE '%\"limit\"%'"),
              1);
    EXPECT_EQ(count_rows(*database, "advisory",
                         "source_id = 'GHSA-m2qf-hxjv-5gpq' AND withdrawn IS NOT NULL"),
              1);
    EXPECT_EQ(count_rows(*database, "osv_affected", "ecosystem = 'Debian:12'"), 1);
    EXPECT_EQ(count_rows(*database, "feed_state", "feed = 'osv'"), 1);
}

TEST_P(OsvImportTest, ANewerRecordReplacesTheOlder) {
    WARDROUND_TEST_DATABASE(holder, database);
    const std::string original = testing::fixture("osv/pypi-urllib3.json");
    ASSERT_TRUE(import_feeds(*database, {original}).has_value());
    std::ifstream in(original);
    nlohmann::json record = nlohmann::json::parse(in);
    record["modified"] = "2030-01-01T00:00:00Z";
    record["summary"] = "Revised summary";
    record["affected"][0]["ranges"] = nlohmann::json::array();
    const fs::path revised =
        fs::temp_directory_path() /
        ("wardround_osv_revised_" + testing::backend_test_name({GetParam(), 0}) + ".json");
    std::ofstream(revised) << record.dump();
    auto newer = import_feeds(*database, {revised.string()});
    fs::remove(revised);
    ASSERT_TRUE(newer.has_value()) << newer.error().to_string();
    EXPECT_EQ(newer->sources[0].run.counts.updated, 1);
    EXPECT_EQ(count_rows(*database, "advisory", "summary = 'Revised summary'"), 1);
    EXPECT_EQ(count_rows(*database, "osv_range"), 0);

    const std::string before = dump_database(*database, {"import_run", "import_diagnostic"});
    auto older = import_feeds(*database, {original});
    ASSERT_TRUE(older.has_value());
    EXPECT_EQ(older->sources[0].run.outcome, store::ImportOutcome::kOlder);
    EXPECT_EQ(dump_database(*database, {"import_run", "import_diagnostic"}), before);
}

TEST_P(OsvImportTest, MalformedRecordsChangeNothing) {
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(import_feeds(*database, {testing::fixture("osv/go-net-http2.json")}).has_value());
    std::size_t refused = 0;
    for (const auto& entry : fs::directory_iterator(testing::fixture("osv/malformed"))) {
        const std::string before = dump_database(*database);
        auto report =
            import_feeds(*database, {entry.path().string()},
                         {.kind = FeedKind::kOsv, .progress = nullptr, .source_label = {}});
        if (!report) {
            ++refused;
            EXPECT_NE(report.error().to_string().find(entry.path().filename().string()),
                      std::string::npos);
            EXPECT_EQ(dump_database(*database), before) << entry.path();
        }
    }
    // Some malformed files hold usable records beside bad ranges: those import with diagnostics.
    EXPECT_GE(refused, 10U);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         OsvImportTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         testing::backend_test_name);

}  // namespace
}  // namespace wardround::vuln
