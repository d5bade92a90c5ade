// SPDX-License-Identifier: Apache-2.0
// CSAF import on both backends: every real advisory, revisions replacing older ones, the published
// SHA-512 sidecars, and the join from a CVE to the advisories that mention it.
#include <filesystem>
#include <fstream>
#include <sstream>

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

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

class CsafImportTest : public ::testing::TestWithParam<store::Backend> {
protected:
    void SetUp() override {
        scratch_ = fs::temp_directory_path() /
                   ("wardround_csaf_" + testing::backend_test_name({GetParam(), 0}) + "_" +
                    std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
        fs::create_directories(scratch_);
    }
    void TearDown() override { fs::remove_all(scratch_); }
    fs::path scratch_;
};

TEST_P(CsafImportTest, EveryRealAdvisoryWithExactCounts) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, "csaf");
    WARDROUND_TEST_DATABASE(holder, database);
    auto report = import_feeds(*database, {folder});
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(report->sources.size(), 1U);
    const FeedSourceReport& source = report->sources[0];
    EXPECT_EQ(source.kind, FeedKind::kCsaf);
    EXPECT_EQ(source.files, 167);  // 144 ICSMA, 10 ICS, 13 IT
    EXPECT_EQ(source.run.counts.inserted, 167);
    EXPECT_FALSE(source.diagnostics.has_errors());
    // The ROLIE feeds, index and change lists, and the one signature are not advisories.
    EXPECT_EQ(report->files_skipped, 7);

    // Measured independently over the same files.
    EXPECT_EQ(count_rows(*database, "advisory", "format = 'csaf'"), 167);
    EXPECT_EQ(count_rows(*database, "csaf_vulnerability"), 518);
    EXPECT_EQ(count_rows(*database, "advisory_cve"), 518);
    EXPECT_EQ(count_rows(*database, "csaf_relationship"), 1563);
    EXPECT_EQ(count_rows(*database, "csaf_product_status"), 4618);  // distinct per status
    EXPECT_EQ(count_rows(*database, "csaf_remediation"), 3024);
    // ICSMA: 144 advisories, 607 products, only known_affected, 428 distinct CVEs.
    const std::string icsma =
        "advisory_id IN (SELECT id FROM advisory WHERE source_id LIKE 'ICSMA-%')";
    EXPECT_EQ(count_rows(*database, "advisory", "source_id LIKE 'ICSMA-%'"), 144);
    EXPECT_EQ(count_rows(*database, "csaf_product", icsma), 607);
    EXPECT_EQ(
        count_rows(*database, "csaf_product_status", icsma + " AND status <> 'known_affected'"), 0);
    auto distinct =
        database->query_value("SELECT COUNT(DISTINCT cve_id) FROM advisory_cve WHERE " + icsma);
    ASSERT_TRUE(distinct.has_value());
    EXPECT_EQ(std::get<std::int64_t>(**distinct), 428);
    // Vendors as the publishers wrote them: the misspelling is a fact about the data.
    EXPECT_EQ(count_rows(*database, "csaf_product", icsma + " AND vendor = 'Phillips'") > 0, true);
    // Mobotix: 1,283 relationships, each a product of its own.
    EXPECT_EQ(count_rows(*database, "csaf_product",
                         "origin = 'relationship' AND advisory_id IN "
                         "(SELECT id FROM advisory WHERE source_id = 'ICSA-24-235-03')"),
              1283);
    // The interim Siemens advisory keeps its status.
    EXPECT_EQ(
        count_rows(*database, "advisory", "source_id = 'ICSA-23-131-01' AND status = 'interim'"),
        1);
    // Red Hat products carry purl and CPE helpers.
    EXPECT_EQ(count_rows(*database, "csaf_product",
                         "purl IS NOT NULL AND advisory_id IN (SELECT id FROM advisory WHERE "
                         "source_id = 'RHSA-2024:0811')"),
              102);
}

TEST_P(CsafImportTest, CveShowListsTheAdvisoriesThatMentionIt) {
    WARDROUND_SHARED_DATA_OR_SKIP(icsma, "csaf/icsma");
    WARDROUND_SHARED_DATA_OR_SKIP(it, "csaf/it");
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(import_feeds(*database, {icsma, it}).has_value());
    // EternalBlue reached medical devices: an ICSMA advisory lists it.
    auto eternal_blue = find_cve(*database, "CVE-2017-0144");
    ASSERT_TRUE(eternal_blue.has_value()) << eternal_blue.error().to_string();
    EXPECT_FALSE(eternal_blue->in_nvd);
    ASSERT_FALSE(eternal_blue->advisories.empty());
    for (const AdvisoryMention& advisory : eternal_blue->advisories) {
        EXPECT_EQ(advisory.format, "csaf");
        EXPECT_TRUE(advisory.source_id.starts_with("ICSMA-")) << advisory.source_id;
        EXPECT_GT(advisory.product_status_counts.at("known_affected"), 0);
    }
    // The same python CVE in two Red Hat advisories.
    auto python = find_cve(*database, "CVE-2024-8088");
    ASSERT_TRUE(python.has_value());
    EXPECT_EQ(python->advisories.size(), 2U);
}

TEST_P(CsafImportTest, ANewerRevisionReplacesTheOlderAndAnOlderChangesNothing) {
    WARDROUND_SHARED_DATA_OR_SKIP(original, "csaf/ics/icsa-23-131-01.json");
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(import_feeds(*database, {original}).has_value());
    const std::int64_t products = count_rows(*database, "csaf_product");

    // A later revision with a new title (the copy is made at test time from the real document).
    nlohmann::json document = nlohmann::json::parse(read_text(original));
    document["document"]["title"] = "Revised: " + document["document"]["title"].get<std::string>();
    document["document"]["tracking"]["current_release_date"] = "2030-01-01T00:00:00.000000Z";
    const fs::path revised = scratch_ / "revised.json";
    std::ofstream(revised) << document.dump();
    auto newer = import_feeds(*database, {revised.string()});
    ASSERT_TRUE(newer.has_value()) << newer.error().to_string();
    EXPECT_EQ(newer->sources[0].run.counts.updated, 1);
    EXPECT_EQ(count_rows(*database, "advisory"), 1);
    EXPECT_EQ(count_rows(*database, "advisory",
                         "title LIKE 'Revised: %' AND modified = '2030-01-01T00:00:00.000Z'"),
              1);
    EXPECT_EQ(count_rows(*database, "csaf_product"), products);

    const std::string before = dump_database(*database, {"import_run", "import_diagnostic"});
    auto older = import_feeds(*database, {original});
    ASSERT_TRUE(older.has_value());
    EXPECT_EQ(older->sources[0].run.outcome, store::ImportOutcome::kOlder);
    EXPECT_EQ(dump_database(*database, {"import_run", "import_diagnostic"}), before);
}

TEST_P(CsafImportTest, ADocumentThatDoesNotMatchItsSidecarIsRefused) {
    WARDROUND_SHARED_DATA_OR_SKIP(original, "csaf/icsma/icsma-17-009-01a.json");
    WARDROUND_TEST_DATABASE(holder, database);
    const fs::path copy = scratch_ / "icsma-17-009-01a.json";
    fs::copy_file(original, copy);
    fs::copy_file(original + ".sha512", scratch_ / "icsma-17-009-01a.json.sha512");
    ASSERT_TRUE(import_feeds(*database, {scratch_.string()}).has_value());

    // One character changed after publication.
    std::string text = read_text(copy.string());
    const std::size_t title = text.find("\"title\"");
    ASSERT_NE(title, std::string::npos);
    text[text.find('"', text.find(':', title)) + 1] ^= 0x20;
    std::ofstream(copy, std::ios::trunc | std::ios::binary) << text;
    const std::string before = dump_database(*database);
    auto tampered = import_feeds(*database, {scratch_.string()});
    ASSERT_FALSE(tampered.has_value());
    EXPECT_EQ(tampered.error().code, ErrorCode::kDataLoss);
    EXPECT_EQ(dump_database(*database), before);
}

TEST_P(CsafImportTest, MalformedDocumentsChangeNothing) {
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(import_feeds(*database, {testing::fixture("csaf/minimal.json")}).has_value());
    const std::string before = dump_database(*database);
    std::size_t refused = 0;
    for (const auto& entry : fs::directory_iterator(testing::fixture("csaf/malformed"))) {
        auto report =
            import_feeds(*database, {entry.path().string()},
                         {.kind = FeedKind::kCsaf, .progress = nullptr, .source_label = {}});
        EXPECT_FALSE(report.has_value()) << entry.path();
        if (!report) {
            ++refused;
            EXPECT_NE(report.error().to_string().find(entry.path().filename().string()),
                      std::string::npos)
                << report.error().to_string();
        }
        EXPECT_EQ(dump_database(*database), before) << entry.path();
    }
    EXPECT_GE(refused, 20U);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         CsafImportTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         testing::backend_test_name);

}  // namespace
}  // namespace wardround::vuln
