// SPDX-License-Identifier: Apache-2.0
#include <cstdlib>
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

std::size_t code_count(const Diagnostics& diagnostics, const std::string& code) {
    const auto found = diagnostics.count_by_code().find(code);
    return found == diagnostics.count_by_code().end() ? 0 : found->second;
}

class EpssImportTest : public ::testing::TestWithParam<store::Backend> {};

TEST_P(EpssImportTest, RealSampleKeepsModelAndDate) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "epss/vunnel-fixture-epss-sample.csv");
    WARDROUND_TEST_DATABASE(holder, database);
    auto report = import_feeds(*database, {path});
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(report->sources.size(), 1U);
    EXPECT_EQ(report->sources[0].kind, FeedKind::kEpss);
    EXPECT_EQ(report->sources[0].run.counts.inserted, 5);
    EXPECT_EQ(report->sources[0].run.feed_version, "2025-02-20T00:00:00.000Z|v2023.03.01");
    auto details = find_cve(*database, "CVE-1999-0005");
    ASSERT_TRUE(details.has_value());
    ASSERT_TRUE(details->epss.has_value());
    EXPECT_DOUBLE_EQ(details->epss->epss, 0.91963);
    EXPECT_DOUBLE_EQ(details->epss->percentile, 0.99214);
    EXPECT_EQ(details->epss->model_version, "v2023.03.01");
    EXPECT_EQ(details->epss->score_date, "2025-02-20T00:00:00.000Z");
}

TEST_P(EpssImportTest, RealMalformedFilesAreRejected) {
    WARDROUND_SHARED_DATA_OR_SKIP(header, "epss/malformed/invalid-header.csv");
    WARDROUND_SHARED_DATA_OR_SKIP(date, "epss/malformed/missing-date.csv");
    WARDROUND_TEST_DATABASE(holder, database);
    const std::string before = dump_database(*database);
    auto bad_header = import_feeds(*database, {header});
    ASSERT_FALSE(bad_header.has_value());
    EXPECT_EQ(bad_header.error().where, header + ":2");
    // Without a score date the file cannot be ordered against others.
    auto no_date = import_feeds(*database, {date});
    ASSERT_FALSE(no_date.has_value());
    EXPECT_NE(no_date.error().message.find("score_date"), std::string::npos);
    auto no_model = import_feeds(*database, {testing::fixture("epss/no-model-line.csv")});
    ASSERT_FALSE(no_model.has_value());
    EXPECT_EQ(dump_database(*database), before);
}

TEST_P(EpssImportTest, NewerDayReplacesOlderDayChangesNothing) {
    WARDROUND_TEST_DATABASE(holder, database);
    auto first = import_feeds(*database, {testing::fixture("epss/scores-2026-01-10.csv")});
    ASSERT_TRUE(first.has_value()) << first.error().to_string();
    EXPECT_EQ(first->sources[0].run.counts.inserted, 4);
    auto second =
        import_feeds(*database, {testing::fixture("epss/scores-2026-01-11-with-bad-rows.csv")});
    ASSERT_TRUE(second.has_value()) << second.error().to_string();
    const auto& counts = second->sources[0].run.counts;
    EXPECT_EQ(counts.updated, 1);   // CVE-2017-0144 rescored
    EXPECT_EQ(counts.inserted, 1);  // CVE-2024-3400 is new
    EXPECT_EQ(counts.rejected, 5);
    EXPECT_EQ(code_count(second->sources[0].diagnostics, "epss.duplicate"), 1U);
    EXPECT_EQ(code_count(second->sources[0].diagnostics, "epss.bad_row"), 4U);
    EXPECT_TRUE(second->has_rejections());
    EXPECT_EQ(
        count_rows(
            *database, "epss_score",
            "cve_id = 'CVE-2017-0144' AND epss = 0.94 AND score_date = '2026-01-11T00:00:00.000Z'"),
        1);
    // A CVE the newer file does not score keeps its older, dated score.
    EXPECT_EQ(count_rows(*database, "epss_score",
                         "cve_id = 'CVE-2019-0708' AND score_date = '2026-01-10T00:00:00.000Z'"),
              1);
    // The first day again is older: nothing changes.
    const std::string before = dump_database(*database, {"import_run", "import_diagnostic"});
    auto again = import_feeds(*database, {testing::fixture("epss/scores-2026-01-10.csv")});
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->sources[0].run.outcome, store::ImportOutcome::kOlder);
    EXPECT_EQ(dump_database(*database, {"import_run", "import_diagnostic"}), before);
}

TEST_P(EpssImportTest, GzipAndXzAreReadTransparently) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "epss/vunnel-fixture-epss-sample.csv");
    WARDROUND_TEST_DATABASE(holder, database);
    const std::string dir =
        ::testing::TempDir() + "/epss_compressed_" + testing::backend_test_name({GetParam(), 0});
    std::filesystem::create_directories(dir);
    ASSERT_EQ(std::system(("gzip -c '" + path + "' > '" + dir + "/scores.csv.gz'").c_str()), 0);
    auto report = import_feeds(*database, {dir + "/scores.csv.gz"});
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    EXPECT_EQ(report->sources[0].run.counts.inserted, 5);
    EXPECT_EQ(count_rows(*database, "import_run", "compression = 'gzip'"), 1);
    std::filesystem::remove_all(dir);
}

TEST_P(EpssImportTest, MalformedFilesChangeNothing) {
    WARDROUND_SHARED_DATA_OR_SKIP(sample, "epss/vunnel-fixture-epss-sample.csv");
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(
        import_feeds(*database, {testing::fixture("epss/scores-2026-01-10.csv")}).has_value());
    const std::string before = dump_database(*database);
    const std::string dir =
        ::testing::TempDir() + "/epss_malformed_" + testing::backend_test_name({GetParam(), 0});
    std::filesystem::create_directories(dir);
    const std::string header =
        "#model_version:v2025.03.14,score_date:2026-02-01T00:00:00+0000\ncve,epss,percentile\n";
    ASSERT_EQ(
        std::system(
            ("gzip -c '" + sample + "' | head -c 100 > '" + dir + "/truncated.csv.gz'").c_str()),
        0);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"binary.csv", std::string("\x7f"
                                   "ELF\x02\x01\x01\0\0\0garbage",
                                   17)},
        {"huge-field.csv", header + "CVE-2024-0001,\"" + std::string(2U << 20, '9') + "\",0.5\n"},
        {"unclosed-quote.csv", header + "CVE-2024-0001,\"0.5,0.5\n"},
        {"wrong-schema.csv", "cveID,vendorProject,product\nCVE-2024-0001,x,y\n"},
    };
    for (const auto& [name, text] : cases) {
        std::ofstream(dir + "/" + name, std::ios::binary) << text;
    }
    for (const char* name : {"truncated.csv.gz", "binary.csv", "huge-field.csv",
                             "unclosed-quote.csv", "wrong-schema.csv"}) {
        auto report =
            import_feeds(*database, {dir + "/" + name},
                         {.kind = FeedKind::kEpss, .progress = nullptr, .source_label = {}});
        ASSERT_FALSE(report.has_value()) << name;
        EXPECT_NE(report.error().to_string().find(name), std::string::npos)
            << report.error().to_string();
        EXPECT_EQ(dump_database(*database), before) << name;
    }
    // A row that is not valid UTF-8 is one rejected row, not a failed file.
    std::ofstream(dir + "/latin1.csv", std::ios::binary) << header
                                                         << "CVE-2024-0002,0.5,0.5\nCVE-2024-\xe9"
                                                            "0003,0.5,0.5\n";
    auto mixed = import_feeds(*database, {dir + "/latin1.csv"});
    ASSERT_TRUE(mixed.has_value()) << mixed.error().to_string();
    EXPECT_EQ(mixed->sources[0].run.counts.rejected, 1);
    EXPECT_EQ(code_count(mixed->sources[0].diagnostics, "epss.bad_row"), 1U);
    std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         EpssImportTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         testing::backend_test_name);

}  // namespace
}  // namespace wardround::vuln
