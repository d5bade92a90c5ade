// SPDX-License-Identifier: Apache-2.0
// NVD import on both backends: the real records with exact counts, what `cve show` must say about
// CVE-2017-0144, replacement by lastModified, and malformed files that change nothing.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include <wardround/vuln/feed_import.h>
#include <wardround/vuln/knowledge_base.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

using testing::count_rows;
using testing::dump_database;

const std::set<std::string> kProvenance = {"import_run", "import_diagnostic"};

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

class NvdImportTest : public ::testing::TestWithParam<store::Backend> {
protected:
    void SetUp() override {
        scratch_ = std::filesystem::temp_directory_path() /
                   ("wardround_nvd_" + testing::backend_test_name({GetParam(), 0}) + "_" +
                    std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
        std::filesystem::create_directories(scratch_);
    }
    void TearDown() override { std::filesystem::remove_all(scratch_); }
    std::string scratch(const std::string& name) const { return (scratch_ / name).string(); }

private:
    std::filesystem::path scratch_;
};

TEST_P(NvdImportTest, TheRealRecordsWithExactCounts) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, "nvd");
    WARDROUND_TEST_DATABASE(holder, database);
    auto report = import_feeds(*database, {folder});
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(report->sources.size(), 1U);
    const FeedSourceReport& source = report->sources[0];
    EXPECT_EQ(source.kind, FeedKind::kNvd);
    EXPECT_EQ(source.files, 3);  // nvd-curated.json, the vunnel page and single entry
    EXPECT_EQ(source.run.counts.records, 120);
    EXPECT_EQ(source.run.counts.inserted, 120);
    EXPECT_EQ(source.run.counts.rejected, 0);
    EXPECT_FALSE(source.diagnostics.has_errors());
    EXPECT_EQ(source.run.sha256.substr(0, 5), "tree:");

    EXPECT_EQ(count_rows(*database, "cve"), 120);
    EXPECT_EQ(count_rows(*database, "cve", "has_configurations = 0"), 15);
    EXPECT_EQ(count_rows(*database, "cve", "vuln_status = 'Awaiting Analysis'"), 15);
    EXPECT_EQ(count_rows(*database, "cve", "vuln_status = 'Deferred'"), 7);
    // 403 configurations with 649 nodes, kept as their 1,734 cpeMatch rows.
    const auto distinct = [&](const std::string& columns) {
        auto value = database->query_value("SELECT COUNT(*) FROM (SELECT DISTINCT " + columns +
                                           " FROM cve_cpe_match) d");
        return value && *value ? std::get<std::int64_t>(**value) : -1;
    };
    EXPECT_EQ(distinct("cve_id, config_index"), 403);
    EXPECT_EQ(distinct("cve_id, config_index, node_index"), 649);
    EXPECT_EQ(count_rows(*database, "cve_cpe_match"), 1734);
    EXPECT_EQ(count_rows(*database, "cve_cpe_match", "config_operator = 'AND'"),
              count_rows(*database, "cve_cpe_match",
                         "cve_id || '/' || config_index IN (SELECT cve_id || '/' || config_index "
                         "FROM cve_cpe_match WHERE node_index = 1)"));
    EXPECT_EQ(count_rows(*database, "cve_cpe_match", "part IS NULL"), 0);  // every criteria parsed
    EXPECT_EQ(count_rows(*database, "cve_metric"), 228);
    EXPECT_EQ(count_rows(*database, "cve_weakness"), 187);
    // References are kept with their record, 1,458 in all.
    std::int64_t references = 0;
    ASSERT_TRUE(database
                    ->query("SELECT reference_list FROM cve", {},
                            [&](const store::Row& row) -> Status {
                                const std::string list = row.get_text(0);
                                for (std::size_t at = list.find("{\"url\"");
                                     at != std::string::npos; at = list.find("{\"url\"", at + 1)) {
                                    ++references;
                                }
                                return {};
                            })
                    .has_value());
    EXPECT_EQ(references, 1458);
    // The curated page: 1,677 cpeMatch entries, 298 of them platform context only.
    EXPECT_EQ(
        count_rows(*database, "cve_cpe_match",
                   "cve_id IN (SELECT id FROM cve WHERE import_id IS NOT NULL) AND vulnerable = 0"),
        count_rows(*database, "cve_cpe_match", "vulnerable = 0"));
    EXPECT_EQ(count_rows(*database, "feed_state", "feed = 'nvd'"), 1);
}

TEST_P(NvdImportTest, WhatCveShowMustSayAboutEternalBlue) {
    WARDROUND_SHARED_DATA_OR_SKIP(nvd, "nvd/nvd-curated.json");
    WARDROUND_SHARED_DATA_OR_SKIP(kev, "kev/known_exploited_vulnerabilities.json");
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(import_feeds(*database, {nvd, kev}).has_value());
    auto details = find_cve(*database, "CVE-2017-0144");
    ASSERT_TRUE(details.has_value()) << details.error().to_string();
    EXPECT_TRUE(details->in_nvd);
    EXPECT_EQ(details->vuln_status, "Deferred");
    EXPECT_EQ(details->published, "2017-03-17T00:59:04.010Z");
    EXPECT_EQ(details->source_identifier, "secure@microsoft.com");
    EXPECT_TRUE(
        details->description.starts_with("The SMBv1 server in Microsoft Windows Vista SP2"));
    ASSERT_TRUE(details->headline.has_value());
    EXPECT_EQ(details->headline->cvss_version, "3.1");
    EXPECT_DOUBLE_EQ(details->headline->base_score, 8.8);
    EXPECT_EQ(details->headline->base_severity, "HIGH");
    EXPECT_TRUE(details->headline->from_nvd);
    EXPECT_EQ(details->headline->vector, "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H");
    EXPECT_EQ(details->cwes, std::vector<std::string>{"NVD-CWE-noinfo"});
    EXPECT_EQ(details->references.size(), 24U);
    // SMBv1 on Windows, and Siemens ultrasound firmware on its hardware: AND configurations whose
    // second node is platform context only.
    ASSERT_EQ(details->configurations.size(), 9U);
    const CveConfigurationView& windows = details->configurations[0];
    EXPECT_EQ(windows.op, "AND");
    ASSERT_EQ(windows.nodes.size(), 2U);
    EXPECT_EQ(windows.nodes[0].matches.at(0).criteria,
              "cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*");
    EXPECT_TRUE(windows.nodes[0].matches[0].vulnerable);
    EXPECT_EQ(windows.nodes[1].matches.size(), 15U);
    for (const CpeMatchView& platform : windows.nodes[1].matches) {
        EXPECT_FALSE(platform.vulnerable) << platform.criteria;
    }
    EXPECT_EQ(details->configurations[3].nodes[0].matches[0].version_start_including, "4.0");
    EXPECT_EQ(details->configurations[3].nodes[0].matches[0].version_end_excluding, "4.0e");
    ASSERT_TRUE(details->kev.has_value());
    EXPECT_EQ(details->kev->entry.known_ransomware_use, "Known");
    EXPECT_EQ(details->kev->entry.date_added, "2022-02-10");
}

TEST_P(NvdImportTest, ANewerRecordReplacesEveryRowOfTheOlder) {
    WARDROUND_SHARED_DATA_OR_SKIP(single, "nvd/vunnel-fixture-single-entry.json");
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(import_feeds(*database, {single}).has_value());
    const std::int64_t matches = count_rows(*database, "cve_cpe_match");
    ASSERT_GT(matches, 0);

    // The same record, modified later, with a new description and its configurations withdrawn.
    std::string text = read_text(single);
    text = replace_all(text, "2024-11-21T06:41:00.133", "2026-01-02T03:04:05.678");
    text = replace_all(text, "The WP Maintenance Mode", "Updated text: the WP Maintenance Mode");
    const std::size_t configurations = text.find("\"configurations\"");
    ASSERT_NE(configurations, std::string::npos);
    text.replace(configurations, std::string("\"configurations\"").size(),
                 "\"withdrawnConfigurations\"");
    write_text(scratch("newer.json"), text);
    auto newer = import_feeds(*database, {scratch("newer.json")});
    ASSERT_TRUE(newer.has_value()) << newer.error().to_string();
    EXPECT_EQ(newer->sources[0].run.counts.updated, 1);
    EXPECT_EQ(count_rows(*database, "cve",
                         "last_modified = '2026-01-02T03:04:05.678Z' AND "
                         "description LIKE 'Updated text:%' AND has_configurations = 0"),
              1);
    EXPECT_EQ(count_rows(*database, "cve_cpe_match"), 0);
    EXPECT_EQ(count_rows(*database, "cve", "reference_list LIKE '[{\"url\":%'"), 1);
    // No row outlives its record (these tables have no foreign key; the importer keeps them whole).
    for (const char* table : {"cve_cpe_match", "cve_metric", "cve_weakness"}) {
        EXPECT_EQ(count_rows(*database, table, "cve_id NOT IN (SELECT id FROM cve)"), 0) << table;
    }
    EXPECT_EQ(count_rows(*database, "cve_metric"), 2);  // the newer version's v2 and v3.1

    // The older one again changes nothing.
    const std::string before = dump_database(*database, kProvenance);
    auto older = import_feeds(*database, {single});
    ASSERT_TRUE(older.has_value());
    EXPECT_EQ(older->sources[0].run.counts.unchanged, 1);
    EXPECT_EQ(dump_database(*database, kProvenance), before);
}

TEST_P(NvdImportTest, CompressedFilesGiveTheSameRecords) {
    WARDROUND_SHARED_DATA_OR_SKIP(page, "nvd/vunnel-fixture-page.json");
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_EQ(std::system(("xz -c '" + page + "' > '" + scratch("page.json.xz") + "'").c_str()), 0);
    auto report = import_feeds(*database, {scratch("page.json.xz")});
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    EXPECT_EQ(report->sources[0].run.counts.inserted, 38);
    EXPECT_EQ(report->sources[0].run.compression, "xz");
    EXPECT_EQ(count_rows(*database, "cve", "has_configurations = 0"), 13);
}

TEST_P(NvdImportTest, MalformedFilesChangeNothingAndSayWhere) {
    WARDROUND_SHARED_DATA_OR_SKIP(page, "nvd/vunnel-fixture-page.json");
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(import_feeds(*database, {page}).has_value());
    const std::string before = dump_database(*database);
    const std::string text = read_text(page);

    write_text(scratch("truncated.json"), text.substr(0, text.size() / 2));
    auto truncated = import_feeds(*database, {scratch("truncated.json")});
    ASSERT_FALSE(truncated.has_value());
    EXPECT_EQ(truncated.error().code, ErrorCode::kDataLoss);
    EXPECT_NE(truncated.error().where.find("$.vulnerabilities["), std::string::npos)
        << truncated.error().where;
    EXPECT_NE(truncated.error().where.find("byte"), std::string::npos) << truncated.error().where;

    // A good file first and a broken one after: the good one is undone too.
    std::string broken = text;
    broken.replace(broken.find("\"baseScore\": "), 13, "\"baseScore\": 1e999999999999, \"x\": ");
    write_text(scratch("broken.json"), broken);
    auto both = import_feeds(*database, {page, scratch("broken.json")});
    ASSERT_FALSE(both.has_value());
    EXPECT_NE(both.error().to_string().find("broken.json"), std::string::npos)
        << both.error().to_string();
    EXPECT_EQ(dump_database(*database), before);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         NvdImportTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         testing::backend_test_name);

}  // namespace
}  // namespace wardround::vuln
