// SPDX-License-Identifier: Apache-2.0
// fetch_kev and fetch_epss against the feed server: downloads land whole or not at all, and a bad
// download never replaces the file already there.
#include <gtest/gtest.h>

#include <wardround/core/input_file.h>
#include <wardround/fetch/fetch.h>

#include "fetch_test_support.h"

namespace wardround::fetch {
namespace {

using testing::list_folder;
using testing::read_bytes;

constexpr std::string_view kKevSha256 =
    "901b1f227941a3879a3e39fcb857bb6f7252bf9d71b63ef08d50a836d5ab1bd2";
const std::string kKevPath = "/kev/known_exploited_vulnerabilities.json";
const std::string kKevName = "known_exploited_vulnerabilities.json";

class FileFetchTest : public testing::FeedServerTest {
protected:
    FileFetchOptions kev(const std::string& path) const { return {server_->url(path), kKevName}; }
    FileFetchOptions epss(const std::string& path, const std::string& name) const {
        return {server_->url(path), name};
    }
    // Puts a good catalogue in place, as yesterday's fetch would have.
    void fetch_good_kev() {
        auto first = fetch_kev(kev(kKevPath), out_.path().string(), context());
        ASSERT_TRUE(first.has_value()) << first.error().to_string();
    }
};

TEST_F(FileFetchTest, KevLandsAtomicallyUnderItsName) {
    ASSERT_TRUE(start());
    testing::RecordingProgress progress;
    FetchContext context = this->context();
    context.progress = &progress;
    auto result = fetch_kev(kev(kKevPath), out_.path().string(), context);
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_EQ(result->path, out_ / kKevName);
    EXPECT_EQ(result->bytes, 1257565U);
    EXPECT_EQ(result->sha256, kKevSha256);
    EXPECT_EQ(sha256_hex(read_bytes(result->path)), kKevSha256);
    EXPECT_EQ(result->url, server_->url(kKevPath));
    EXPECT_FALSE(result->last_modified.empty());
    // Nothing else: the temporary download was renamed, not copied.
    EXPECT_EQ(list_folder(out_.path()), (std::vector<std::string>{kKevName}));
    EXPECT_EQ(progress.done_calls, 1);
    EXPECT_EQ(progress.last_task, "kev");
    EXPECT_EQ(progress.last_bytes, 1257565U);
}

TEST_F(FileFetchTest, TheTruncatedCatalogueNeverReplacesTheGoodOne) {
    ASSERT_TRUE(start());
    ASSERT_NO_FATAL_FAILURE(fetch_good_kev());
    const FileFetchOptions truncated = kev("/kev/malformed/kev-2025-02-25-truncated.json");
    auto result = fetch_kev(truncated, out_.path().string(), context());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kDataLoss);
    EXPECT_EQ(result.error().where, truncated.url);
    EXPECT_NE(result.error().message.find("not complete JSON"), std::string::npos);
    EXPECT_NE(result.error().message.find("after 4 attempts"), std::string::npos);
    EXPECT_EQ(sha256_hex(read_bytes(out_ / kKevName)), kKevSha256);
    EXPECT_EQ(list_folder(out_.path()), (std::vector<std::string>{kKevName}));
    EXPECT_EQ(server_->requests("/kev/malformed/kev-2025-02-25-truncated.json").size(), 4U);
}

TEST_F(FileFetchTest, ACutTransferIsRetriedAndLandsWhole) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=cut"}));
    auto result = fetch_kev(kev(kKevPath), out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_EQ(sha256_hex(read_bytes(out_ / kKevName)), kKevSha256);
    EXPECT_EQ(server_->requests(kKevPath).size(), 2U);
    EXPECT_EQ(list_folder(out_.path()), (std::vector<std::string>{kKevName}));
}

TEST_F(FileFetchTest, AKevTruncatedOnEveryAttemptLeavesThePreviousFile) {
    ASSERT_TRUE(start());
    ASSERT_NO_FATAL_FAILURE(fetch_good_kev());
    server_->add_fault("path=/kev/&kind=truncate&count=always&fraction=0.9");
    auto result = fetch_kev(kev(kKevPath), out_.path().string(), context());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kDataLoss);
    EXPECT_EQ(sha256_hex(read_bytes(out_ / kKevName)), kKevSha256);
    EXPECT_EQ(list_folder(out_.path()), (std::vector<std::string>{kKevName}));
}

TEST_F(FileFetchTest, AMissingKevFailsNamingTheUrl) {
    ASSERT_TRUE(start());
    const std::string url = server_->url("/kev/absent.json");
    auto result = fetch_kev({url, kKevName}, out_.path().string(), context());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(result.error().to_string(), url + ": not found (HTTP 404)");
    EXPECT_TRUE(list_folder(out_.path()).empty());
    EXPECT_EQ(server_->requests("/kev/absent.json").size(), 1U);
}

TEST_F(FileFetchTest, EpssGzipLandsAsServedAndDecompressesToTheScores) {
    ASSERT_TRUE(start());
    auto result = fetch_epss(epss("/epss/vunnel-fixture-epss-sample.csv.gz", "epss.csv.gz"),
                             out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    const std::string stored = read_bytes(result->path);
    ASSERT_GE(stored.size(), 2U);
    EXPECT_EQ(static_cast<unsigned char>(stored[0]), 0x1F);
    EXPECT_EQ(static_cast<unsigned char>(stored[1]), 0x8B);
    EXPECT_EQ(result->sha256, sha256_hex(stored));
    auto input = InputFile::open(result->path);
    ASSERT_TRUE(input.has_value());
    auto text = input->read_all(1 << 20);
    ASSERT_TRUE(text.has_value());
    EXPECT_EQ(*text, read_bytes(epss_sample_));
    EXPECT_EQ(text->size(), 233U);
    EXPECT_EQ(list_folder(out_.path()), (std::vector<std::string>{"epss.csv.gz"}));
}

TEST_F(FileFetchTest, EpssPlainCsvIsAcceptedToo) {
    ASSERT_TRUE(start());
    auto result = fetch_epss(epss("/epss/vunnel-fixture-epss-sample.csv", "epss.csv"),
                             out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_EQ(read_bytes(result->path), read_bytes(epss_sample_));
}

TEST_F(FileFetchTest, AnEpssFileWithTheWrongHeaderLeavesThePreviousOne) {
    ASSERT_TRUE(start());
    auto good = fetch_epss(epss("/epss/vunnel-fixture-epss-sample.csv.gz", "epss.csv.gz"),
                           out_.path().string(), context());
    ASSERT_TRUE(good.has_value()) << good.error().to_string();
    auto bad = fetch_epss(epss("/epss/malformed/invalid-header.csv", "epss.csv.gz"),
                          out_.path().string(), context());
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::kDataLoss);
    EXPECT_NE(bad.error().message.find("cve,epss,percentile"), std::string::npos);
    EXPECT_EQ(sha256_hex(read_bytes(out_ / "epss.csv.gz")), good->sha256);
    EXPECT_EQ(list_folder(out_.path()), (std::vector<std::string>{"epss.csv.gz"}));
}

TEST_F(FileFetchTest, ATruncatedEpssGzipIsRejected) {
    ASSERT_TRUE(start({"--fault", "path=/epss/&kind=truncate&count=always&fraction=0.8"}));
    auto result = fetch_epss(epss("/epss/vunnel-fixture-epss-sample.csv.gz", "epss.csv.gz"),
                             out_.path().string(), context());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kDataLoss);
    EXPECT_TRUE(list_folder(out_.path()).empty());
}

TEST_F(FileFetchTest, RefusesFileNamesThatAreNotPlainNamesAndEmptyUrls) {
    ASSERT_TRUE(start());
    for (const std::string name : {"", ".", "..", "../kev.json", "a/b.json"}) {
        auto result = fetch_kev({server_->url(kKevPath), name}, out_.path().string(), context());
        ASSERT_FALSE(result.has_value()) << name;
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << name;
    }
    auto no_url = fetch_epss({"", "epss.csv.gz"}, out_.path().string(), context());
    ASSERT_FALSE(no_url.has_value());
    EXPECT_EQ(no_url.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(server_->requests().empty());
}

TEST_F(FileFetchTest, AFolderThatCannotBeCreatedFails) {
    testing::write_bytes(out_ / "plain-file", "x");
    auto result =
        fetch_kev({"http://127.0.0.1:9/unused", kKevName}, out_ / "plain-file/sub", context());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
}

TEST(FileFetchDefaults, PointAtThePublishedFeeds) {
    EXPECT_EQ(default_kev_options().url, kKevUrl);
    EXPECT_EQ(default_kev_options().file_name, "known_exploited_vulnerabilities.json");
    EXPECT_EQ(default_epss_options().url, kEpssUrl);
    EXPECT_EQ(default_epss_options().file_name, "epss_scores-current.csv.gz");
    EXPECT_EQ(NvdFetchOptions{}.base_url, kNvdCveApiUrl);
    EXPECT_EQ(NvdFetchOptions{}.results_per_page, 2000);
    EXPECT_EQ(NvdFetchOptions{}.rate_without_key.max_requests, 5U);
    EXPECT_EQ(NvdFetchOptions{}.rate_with_key.max_requests, 50U);
    EXPECT_EQ(NvdFetchOptions{}.rate_with_key.window, std::chrono::seconds(30));
    EXPECT_EQ(kNvdMaxWindow, std::chrono::hours(24 * 120));
}

}  // namespace
}  // namespace wardround::fetch
