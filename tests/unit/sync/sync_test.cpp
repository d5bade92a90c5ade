// SPDX-License-Identifier: Apache-2.0
// `wardround feeds fetch` underneath: fetching from the loopback feed server and importing what
// came, on both backends. Nothing here reaches beyond 127.0.0.1.
#include <filesystem>

#include <gtest/gtest.h>

#include <wardround/sync/feed_sync.h>

#include "fetch_test_support.h"
#include "support/test_support.h"

namespace wardround::sync {
namespace {

using fetch::testing::FeedServer;
using fetch::testing::TempFolder;
using wardround::testing::count_rows;
using wardround::testing::dump_database;

class SyncTest : public ::testing::TestWithParam<store::Backend> {
protected:
    // Starts the server over the real files; false (after a skip or failure) when it cannot.
    bool start() {
        const std::string kev =
            wardround::testing::shared_data("kev/known_exploited_vulnerabilities.json");
        const std::string curated = wardround::testing::shared_data("nvd/nvd-curated.json");
        const std::string page = wardround::testing::shared_data("nvd/vunnel-fixture-page.json");
        const std::string epss =
            wardround::testing::shared_data("epss/vunnel-fixture-epss-sample.csv");
        if (kev.empty() || curated.empty() || page.empty() || epss.empty()) {
            return false;
        }
        std::vector<std::string> args = {
            "--mount",    "/kev=" + std::filesystem::path(kev).parent_path().string(),
            "--mount",    "/epss=" + std::filesystem::path(epss).parent_path().string(),
            "--nvd",      curated,
            "--nvd",      page,
            "--page-cap", "40"};
        std::string problem;
        server_ = FeedServer::start(args, problem);
        EXPECT_TRUE(server_ != nullptr) << problem;
        return server_ != nullptr;
    }

    SyncOptions options(SyncFeed feed) {
        SyncOptions options;
        options.feed = feed;
        options.cache_dir = cache_ / (feed == SyncFeed::kNvd   ? "nvd"
                                      : feed == SyncFeed::kKev ? "kev"
                                                               : "epss");
        options.context.http = fetch::testing::fast_http();
        options.context.retry = fetch::testing::exact_retry();
        options.context.clock = &clock_;
        options.url = feed == SyncFeed::kNvd ? server_->url("/rest/json/cves/2.0")
                      : feed == SyncFeed::kKev
                          ? server_->url("/kev/known_exploited_vulnerabilities.json")
                          : server_->url("/epss/vunnel-fixture-epss-sample.csv");
        return options;
    }

    std::unique_ptr<FeedServer> server_;
    fetch::testing::FakeClock clock_;
    TempFolder cache_;
};

// Skips where ../shared/data is absent (fails instead when it is required).
#define WARDROUND_START_SERVER()                                                           \
    WARDROUND_SHARED_DATA_OR_SKIP(shared_kev, "kev/known_exploited_vulnerabilities.json"); \
    ASSERT_TRUE(start())

TEST_P(SyncTest, NvdFullThenIncremental) {
    WARDROUND_START_SERVER();
    WARDROUND_TEST_DATABASE(holder, database);
    auto full = sync_feed(*database, options(SyncFeed::kNvd));
    ASSERT_TRUE(full.has_value()) << full.error().to_string();
    EXPECT_FALSE(full->incremental);
    EXPECT_EQ(full->fetched_records, 119);
    EXPECT_EQ(full->pages, 3);  // 40 a page
    ASSERT_EQ(full->import.sources.size(), 1U);
    EXPECT_EQ(full->import.sources[0].run.counts.inserted, 119);
    EXPECT_EQ(count_rows(*database, "cve"), 119);
    // One provenance record for the whole fetch, naming the URL, not the download folder.
    EXPECT_EQ(count_rows(*database, "import_run",
                         "kind = 'nvd' AND source = '" + server_->url("/rest/json/cves/2.0") + "'"),
              1);
    EXPECT_FALSE(std::filesystem::exists(full->folder));  // pages removed once imported

    // Next time only what changed since the newest record held is asked for.
    auto again = sync_feed(*database, options(SyncFeed::kNvd));
    ASSERT_TRUE(again.has_value()) << again.error().to_string();
    EXPECT_TRUE(again->incremental);
    ASSERT_TRUE(again->since.has_value());
    EXPECT_EQ(format_timestamp(*again->since), "2026-06-17T04:59:49.620Z");
    ASSERT_EQ(again->import.sources.size(), 1U);
    EXPECT_EQ(again->import.sources[0].run.counts.inserted, 0);
    bool windowed = false;
    for (const auto& request : server_->requests("/rest/json/cves/2.0")) {
        windowed = windowed || request.dump().find("lastModStartDate") != std::string::npos;
    }
    EXPECT_TRUE(windowed);
}

TEST_P(SyncTest, KevAndEpss) {
    WARDROUND_START_SERVER();
    WARDROUND_TEST_DATABASE(holder, database);
    auto kev = sync_feed(*database, options(SyncFeed::kKev));
    ASSERT_TRUE(kev.has_value()) << kev.error().to_string();
    EXPECT_EQ(count_rows(*database, "kev_entry"), 1404);
    auto epss = sync_feed(*database, options(SyncFeed::kEpss));
    ASSERT_TRUE(epss.has_value()) << epss.error().to_string();
    EXPECT_EQ(count_rows(*database, "epss_score"), 5);
    EXPECT_EQ(
        count_rows(*database, "import_run", "kind = 'epss' AND source LIKE 'http://127.0.0.1:%'"),
        1);
}

TEST_P(SyncTest, ATruncatedDownloadImportsNothingAndKeepsTheGoodFile) {
    WARDROUND_START_SERVER();
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(sync_feed(*database, options(SyncFeed::kKev)).has_value());
    const std::string cached =
        fetch::testing::read_bytes(cache_ / "kev/known_exploited_vulnerabilities.json");
    const std::string before = dump_database(*database);
    // The catalogue CISA once published cut short, served in place of the good one.
    SyncOptions truncated = options(SyncFeed::kKev);
    truncated.url = server_->url("/kev/malformed/kev-2025-02-25-truncated.json");
    auto broken = sync_feed(*database, truncated);
    ASSERT_FALSE(broken.has_value());
    EXPECT_EQ(broken.error().code, ErrorCode::kDataLoss);
    EXPECT_EQ(dump_database(*database), before);
    EXPECT_EQ(fetch::testing::read_bytes(cache_ / "kev/known_exploited_vulnerabilities.json"),
              cached);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         SyncTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::sync
