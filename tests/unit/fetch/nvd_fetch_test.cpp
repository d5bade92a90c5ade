// SPDX-License-Identifier: Apache-2.0
// fetch_nvd against the feed server's CVE API 2.0 emulation over nvd-curated.json (81 records)
// and vunnel-fixture-page.json (38 records): 119 records in all, no id in both.
#include <array>

#include <gtest/gtest.h>

#include <wardround/core/input_file.h>
#include <wardround/fetch/fetch.h>

#include "fetch_test_support.h"

namespace wardround::fetch {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::list_folder;
using testing::page_ids;
using testing::read_bytes;

const std::string kApi = "/rest/json/cves/2.0";
constexpr std::int64_t kDayMs = std::int64_t{24} * 3600 * 1000;

Timestamp at(std::string_view text) {
    auto parsed = parse_timestamp(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed.value_or(Timestamp{});
}

class NvdFetchTest : public testing::FeedServerTest {
protected:
    NvdFetchOptions options() const {
        NvdFetchOptions nvd;
        nvd.base_url = server_->url(kApi);
        return nvd;
    }
    // Every id of both source pages, in the server's order (curated first).
    std::vector<std::string> source_ids() const {
        std::vector<std::string> ids = page_ids(nvd_curated_);
        const std::vector<std::string> more = page_ids(nvd_vunnel_);
        ids.insert(ids.end(), more.begin(), more.end());
        return ids;
    }
    std::vector<std::string> fetched_ids(const NvdFetchResult& result) const {
        std::vector<std::string> ids;
        for (const NvdPage& page : result.pages) {
            const std::vector<std::string> more = page_ids(out_ / page.file);
            ids.insert(ids.end(), more.begin(), more.end());
        }
        return ids;
    }
    std::vector<std::int64_t> start_indexes_seen() const {
        std::vector<std::int64_t> starts;
        for (const nlohmann::json& request : server_->requests(kApi)) {
            starts.push_back(std::stoll(request["query"]["startIndex"].get<std::string>()));
        }
        return starts;
    }
};

TEST_F(NvdFetchTest, FullFetchPagesThroughEveryRecord) {
    // The server caps pages at 25 though 2,000 are asked for, as the NVD may: paging must follow
    // the records actually returned.
    ASSERT_TRUE(start({"--page-cap", "25"}));
    testing::RecordingProgress progress;
    FetchContext context = this->context();
    context.progress = &progress;
    auto result = fetch_nvd(options(), out_.path().string(), context);
    ASSERT_TRUE(result.has_value()) << result.error().to_string();

    EXPECT_FALSE(result->incremental);
    EXPECT_EQ(result->records, 119);
    ASSERT_EQ(result->pages.size(), 5U);
    const std::vector<std::string> ids = fetched_ids(*result);
    ASSERT_EQ(ids.size(), 119U);
    EXPECT_EQ(ids, source_ids());
    EXPECT_EQ(ids.front(), "CVE-2014-0160");
    EXPECT_EQ(ids[80], "CVE-2025-0411");
    EXPECT_EQ(ids[81], "CVE-2023-27314");
    EXPECT_EQ(ids.back(), "CVE-2023-20261");
    EXPECT_FALSE(result->total_changed);

    EXPECT_EQ(list_folder(out_.path()),
              (std::vector<std::string>{"manifest.json", "page-00000.json", "page-00001.json",
                                        "page-00002.json", "page-00003.json", "page-00004.json"}));
    EXPECT_EQ(start_indexes_seen(), (std::vector<std::int64_t>{0, 25, 50, 75, 100}));
    for (const nlohmann::json& request : server_->requests(kApi)) {
        EXPECT_EQ(request["query"]["resultsPerPage"], "2000");
        EXPECT_FALSE(request["query"].contains("lastModStartDate"));
        EXPECT_TRUE(request["api_key"].is_null());
    }
    const NvdPage& last = result->pages.back();
    EXPECT_EQ(last.start_index, 100);
    EXPECT_EQ(last.records, 19);
    EXPECT_EQ(last.total_results, 119);
    EXPECT_EQ(last.bytes, read_bytes(out_ / last.file).size());
    EXPECT_EQ(last.sha256, sha256_hex(read_bytes(out_ / last.file)));
    EXPECT_EQ(last.timestamp.size(), 23U);

    const nlohmann::json manifest = nlohmann::json::parse(read_bytes(result->manifest));
    EXPECT_EQ(manifest["feed"], "nvd");
    EXPECT_EQ(manifest["mode"], "full");
    EXPECT_EQ(manifest["records"], 119);
    EXPECT_EQ(manifest["base_url"], server_->url(kApi));
    ASSERT_EQ(manifest["pages"].size(), 5U);
    EXPECT_EQ(manifest["pages"][4]["file"], "page-00004.json");
    EXPECT_EQ(manifest["pages"][4]["url"], last.url);
    EXPECT_EQ(manifest["pages"][4]["total_results"], 119);
    EXPECT_TRUE(manifest["windows"].empty());
    EXPECT_EQ(manifest["high_water"], format_timestamp(result->started_at));

    EXPECT_EQ(progress.done_calls, 1);
    EXPECT_EQ(progress.last_task, "nvd");
    EXPECT_EQ(progress.last_records, 119U);
}

TEST_F(NvdFetchTest, AsksForTheConfiguredPageSize) {
    ASSERT_TRUE(start());
    NvdFetchOptions nvd = options();
    nvd.results_per_page = 40;
    auto result = fetch_nvd(nvd, out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_EQ(result->records, 119);
    EXPECT_EQ(start_indexes_seen(), (std::vector<std::int64_t>{0, 40, 80}));
    EXPECT_EQ(server_->requests(kApi)[0]["query"]["resultsPerPage"], "40");
    EXPECT_EQ(fetched_ids(*result), source_ids());
}

TEST_F(NvdFetchTest, IncrementalFetchOf300DaysUsesThreeWindows) {
    ASSERT_TRUE(start({"--page-cap", "20"}));
    testing::FakeClock clock(at("2026-07-01T00:00:00Z"));
    FetchContext context = this->context();
    context.clock = &clock;
    NvdFetchOptions nvd = options();
    nvd.modified_since = Timestamp{clock.wall_now().ms_since_epoch - 300 * kDayMs};
    auto result = fetch_nvd(nvd, out_.path().string(), context);
    ASSERT_TRUE(result.has_value()) << result.error().to_string();

    EXPECT_TRUE(result->incremental);
    ASSERT_EQ(result->windows.size(), 3U);
    EXPECT_EQ(result->high_water, at("2026-07-01T00:00:00Z"));
    // Measured on the source files: 55 records were modified in the first window, none in the
    // second and 5 in the third.
    EXPECT_EQ(result->records, 60);
    const auto seen = server_->requests(kApi);
    ASSERT_EQ(seen.size(), 5U);
    const std::vector<std::array<std::string, 3>> expected = {
        {"2025-09-04T00:00:00.000+00:00", "2026-01-02T00:00:00.000+00:00", "0"},
        {"2025-09-04T00:00:00.000+00:00", "2026-01-02T00:00:00.000+00:00", "20"},
        {"2025-09-04T00:00:00.000+00:00", "2026-01-02T00:00:00.000+00:00", "40"},
        {"2026-01-02T00:00:00.000+00:00", "2026-05-02T00:00:00.000+00:00", "0"},
        {"2026-05-02T00:00:00.000+00:00", "2026-07-01T00:00:00.000+00:00", "0"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(seen[i]["query"]["lastModStartDate"], expected[i][0]) << i;
        EXPECT_EQ(seen[i]["query"]["lastModEndDate"], expected[i][1]) << i;
        EXPECT_EQ(seen[i]["query"]["startIndex"], expected[i][2]) << i;
        // Sent percent-encoded: a bare "+" would arrive as a space and NVD would refuse the date.
        EXPECT_NE(seen[i]["target"].get<std::string>().find("%2B00%3A00"), std::string::npos);
    }
    ASSERT_EQ(result->pages.size(), 5U);
    EXPECT_EQ(result->pages[2].window, 0U);
    EXPECT_EQ(result->pages[2].records, 15);
    EXPECT_EQ(result->pages[3].window, 1U);
    EXPECT_EQ(result->pages[3].records, 0);
    EXPECT_EQ(result->pages[4].window, 2U);
    EXPECT_EQ(result->pages[4].records, 5);
    EXPECT_EQ(page_ids(out_ / "page-00004.json"),
              (std::vector<std::string>{"CVE-2017-12718", "CVE-2019-6538", "CVE-2019-10959",
                                        "CVE-2019-13533", "CVE-2022-3602"}));

    const nlohmann::json manifest = nlohmann::json::parse(read_bytes(result->manifest));
    EXPECT_EQ(manifest["mode"], "incremental");
    ASSERT_EQ(manifest["windows"].size(), 3U);
    EXPECT_EQ(manifest["windows"][1]["start"], "2026-01-02T00:00:00.000Z");
    EXPECT_EQ(manifest["high_water"], "2026-07-01T00:00:00.000Z");
    EXPECT_EQ(manifest["records"], 60);
}

TEST_F(NvdFetchTest, AnExplicitEndBoundsTheIncrementalSpan) {
    ASSERT_TRUE(start());
    NvdFetchOptions nvd = options();
    nvd.modified_since = at("2026-06-01T00:00:00Z");
    nvd.modified_until = at("2026-06-17T03:00:00Z");
    auto result = fetch_nvd(nvd, out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    ASSERT_EQ(result->windows.size(), 1U);
    // Four of the five June 2026 records were modified before 03:00 on the 17th.
    EXPECT_EQ(result->records, 4);
    EXPECT_EQ(result->high_water, at("2026-06-17T03:00:00Z"));
}

TEST_F(NvdFetchTest, ATotalThatGrowsWhilePagingIsFollowedToTheEnd) {
    // The first answer hides the 10 newest records, as if they were published mid-fetch.
    ASSERT_TRUE(start({"--page-cap", "25", "--fault", "path=" + kApi + "&kind=hide&records=10"}));
    auto result = fetch_nvd(options(), out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_TRUE(result->total_changed);
    EXPECT_EQ(result->pages.front().total_results, 109);
    EXPECT_EQ(result->pages.back().total_results, 119);
    EXPECT_EQ(result->records, 119);
    EXPECT_EQ(fetched_ids(*result), source_ids());
    const nlohmann::json manifest = nlohmann::json::parse(read_bytes(result->manifest));
    EXPECT_EQ(manifest["total_results_changed"], true);
}

TEST_F(NvdFetchTest, ATotalThatShrinksEndsPagingAtTheNewEnd) {
    // From the second request on, the 100 newest records are gone: 19 are left, and the second
    // page (startIndex 25) is already past them.
    ASSERT_TRUE(start({"--page-cap", "25", "--fault",
                       "path=" + kApi + "&kind=hide&records=100&skip=1&count=always"}));
    auto result = fetch_nvd(options(), out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_TRUE(result->total_changed);
    EXPECT_EQ(start_indexes_seen(), (std::vector<std::int64_t>{0, 25}));
    ASSERT_EQ(result->pages.size(), 2U);
    EXPECT_EQ(result->pages[1].records, 0);
    EXPECT_EQ(result->pages[1].total_results, 19);
    EXPECT_EQ(result->records, 25);
}

TEST_F(NvdFetchTest, AnEmptyPageShortOfTheTotalIsRetried) {
    ASSERT_TRUE(start({"--page-cap", "25", "--fault", "path=" + kApi + "&kind=empty&skip=1"}));
    auto result = fetch_nvd(options(), out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_EQ(start_indexes_seen(), (std::vector<std::int64_t>{0, 25, 25, 50, 75, 100}));
    EXPECT_EQ(fetched_ids(*result), source_ids());
}

TEST_F(NvdFetchTest, AnEmptyPageOnEveryAttemptIsDataLoss) {
    ASSERT_TRUE(
        start({"--page-cap", "25", "--fault", "path=" + kApi + "&kind=empty&skip=1&count=always"}));
    auto result = fetch_nvd(options(), out_.path().string(), context());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kDataLoss);
    EXPECT_NE(
        result.error().message.find("no records at startIndex 25 although totalResults is 119"),
        std::string::npos)
        << result.error().message;
    EXPECT_EQ(list_folder(out_.path()), (std::vector<std::string>{"page-00000.json"}));
}

TEST_F(NvdFetchTest, ATruncatedPageIsRetriedAndNeverWritten) {
    ASSERT_TRUE(start(
        {"--page-cap", "25", "--fault", "path=" + kApi + "&kind=truncate&skip=1&fraction=0.6"}));
    auto result = fetch_nvd(options(), out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_EQ(start_indexes_seen(), (std::vector<std::int64_t>{0, 25, 25, 50, 75, 100}));
    const auto waits = events_.of(FetchEventKind::kRetryWait);
    ASSERT_EQ(waits.size(), 1U);
    EXPECT_EQ(waits[0].wait, seconds(1));
    EXPECT_NE(waits[0].reason.find("not complete JSON"), std::string::npos);
    EXPECT_EQ(fetched_ids(*result), source_ids());
    EXPECT_EQ(list_folder(out_.path()).size(), 6U);
}

TEST_F(NvdFetchTest, APageTruncatedOnEveryAttemptFailsWithoutAManifest) {
    ASSERT_TRUE(start(
        {"--page-cap", "25", "--fault", "path=" + kApi + "&kind=truncate&skip=1&count=always"}));
    testing::RecordingProgress progress;
    FetchContext context = this->context();
    context.progress = &progress;
    auto result = fetch_nvd(options(), out_.path().string(), context);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kDataLoss);
    EXPECT_NE(result.error().message.find("not complete JSON"), std::string::npos);
    EXPECT_NE(result.error().message.find("after 4 attempts"), std::string::npos);
    EXPECT_NE(result.error().where.find("startIndex=25"), std::string::npos);
    // Only the good first page is there: no manifest, so the folder is never imported.
    EXPECT_EQ(list_folder(out_.path()), (std::vector<std::string>{"page-00000.json"}));
    EXPECT_EQ(progress.done_calls, 1);
}

TEST_F(NvdFetchTest, AnHtmlErrorPageIsRetried) {
    ASSERT_TRUE(start({"--fault", "path=" + kApi + "&kind=html"}));
    auto result = fetch_nvd(options(), out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_EQ(result->records, 119);
    const auto waits = events_.of(FetchEventKind::kRetryWait);
    ASSERT_EQ(waits.size(), 1U);
    EXPECT_NE(waits[0].reason.find("HTML"), std::string::npos);
}

TEST_F(NvdFetchTest, ForbiddenFromTheNvdIsTreatedAsRateLimiting) {
    ASSERT_TRUE(start({"--fault", "path=" + kApi + "&kind=status&status=403"}));
    auto result = fetch_nvd(options(), out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_EQ(start_indexes_seen(), (std::vector<std::int64_t>{0, 0}));
}

TEST_F(NvdFetchTest, TheApiKeyTravelsInAHeaderOnly) {
    ASSERT_TRUE(start({"--page-cap", "25", "--api-key", "secret-key-1"}));
    NvdFetchOptions nvd = options();
    nvd.api_key = "secret-key-1";
    auto result = fetch_nvd(nvd, out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    const auto seen = server_->requests(kApi);
    ASSERT_EQ(seen.size(), 5U);
    for (const nlohmann::json& request : seen) {
        EXPECT_EQ(request["api_key"], "secret-key-1");
        EXPECT_EQ(request["target"].get<std::string>().find("secret"), std::string::npos);
    }
    EXPECT_EQ(read_bytes(result->manifest).find("secret"), std::string::npos);
}

TEST_F(NvdFetchTest, ARefusedApiKeyIsPermissionDeniedAndStaysSecret) {
    ASSERT_TRUE(start({"--api-key", "right-key"}));
    NvdFetchOptions nvd = options();
    nvd.api_key = "wrong-key";
    auto result = fetch_nvd(nvd, out_.path().string(), context());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kPermissionDenied);
    EXPECT_NE(result.error().message.find("Invalid apiKey."), std::string::npos);
    EXPECT_EQ(result.error().to_string().find("wrong-key"), std::string::npos);
    EXPECT_EQ(server_->requests(kApi).size(), 1U);

    // Without any key the emulated NVD (started with a required key) refuses the same way.
    testing::TempFolder other;
    auto keyless = fetch_nvd(options(), other.path().string(), context());
    ASSERT_FALSE(keyless.has_value());
    EXPECT_EQ(keyless.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(NvdFetchTest, WithoutAKeyRequestsKeepToFivePerThirtySeconds) {
    ASSERT_TRUE(start({"--page-cap", "10"}));
    auto result = fetch_nvd(options(), out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    ASSERT_EQ(result->pages.size(), 12U);
    std::vector<std::int64_t> sent;
    for (const auto& event : events_.of(FetchEventKind::kRequest)) {
        sent.push_back(clock_.offset_ms(event.at) / 1000);
    }
    EXPECT_EQ(sent, (std::vector<std::int64_t>{0, 0, 0, 0, 0, 30, 30, 30, 30, 30, 60, 60}));
    EXPECT_EQ(start_indexes_seen(),
              (std::vector<std::int64_t>{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110}));
}

TEST_F(NvdFetchTest, WithAKeyFiftyRequestsFitInTheWindow) {
    ASSERT_TRUE(start({"--page-cap", "10", "--api-key", "k"}));
    NvdFetchOptions nvd = options();
    nvd.api_key = "k";
    auto result = fetch_nvd(nvd, out_.path().string(), context());
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_EQ(result->pages.size(), 12U);
    EXPECT_TRUE(clock_.sleeps().empty());
    EXPECT_TRUE(events_.of(FetchEventKind::kRateLimited).empty());
}

TEST_F(NvdFetchTest, TheEmulatedNvdRefusesWindowsOver120DaysAsTheRealOneDoes) {
    ASSERT_TRUE(start());
    NvdFetchOptions nvd = options();
    nvd.max_window = std::chrono::hours(24 * 130);
    nvd.modified_since = at("2025-01-01T00:00:00Z");
    nvd.modified_until = at("2025-05-11T00:00:00Z");
    auto result = fetch_nvd(nvd, out_.path().string(), context());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
    EXPECT_NE(result.error().message.find("120 days"), std::string::npos);
    EXPECT_NE(result.error().where.find(kApi + "?lastModStartDate="), std::string::npos);
}

TEST_F(NvdFetchTest, TheEmulatedNvdRefusesDatesWithoutAnOffsetOrAlone) {
    ASSERT_TRUE(start());
    HttpClient client(testing::fast_http());
    // "+" unencoded decodes to a space: the date no longer parses.
    auto unencoded =
        client.get({server_->url(kApi + "?lastModStartDate=2025-01-01T00:00:00.000+00:00"
                                        "&lastModEndDate=2025-01-02T00:00:00.000+00:00"),
                    {},
                    {}});
    ASSERT_TRUE(unencoded.has_value());
    EXPECT_EQ(unencoded->status, 404);
    EXPECT_EQ(unencoded->header("message"),
              "Invalid ISO 8601 date/time format, see documentation.");
    auto no_offset = client.get({server_->url(kApi + "?lastModStartDate=2025-01-01T00:00:00"
                                                     "&lastModEndDate=2025-01-02T00:00:00"),
                                 {},
                                 {}});
    ASSERT_TRUE(no_offset.has_value());
    EXPECT_EQ(no_offset->status, 404);
    auto alone = client.get(
        {server_->url(kApi + "?lastModStartDate=2025-01-01T00:00:00.000%2B00:00"), {}, {}});
    ASSERT_TRUE(alone.has_value());
    EXPECT_EQ(alone->status, 404);
    EXPECT_EQ(alone->header("message"), "");
    EXPECT_TRUE(alone->body.empty());
}

TEST_F(NvdFetchTest, AWrongApiUrlFailsNamingIt) {
    ASSERT_TRUE(start());
    NvdFetchOptions nvd = options();
    nvd.base_url = server_->url("/rest/json/cves/9.9");
    auto result = fetch_nvd(nvd, out_.path().string(), context());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(result.error().to_string(),
              server_->url("/rest/json/cves/9.9?resultsPerPage=2000&startIndex=0") +
                  ": not found (HTTP 404)");
    EXPECT_TRUE(list_folder(out_.path()).empty());
}

TEST_F(NvdFetchTest, RefusesAFolderThatAlreadyHoldsAFetch) {
    ASSERT_TRUE(start());
    auto first = fetch_nvd(options(), out_.path().string(), context());
    ASSERT_TRUE(first.has_value()) << first.error().to_string();
    auto second = fetch_nvd(options(), out_.path().string(), context());
    ASSERT_FALSE(second.has_value());
    EXPECT_EQ(second.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(server_->requests(kApi).size(), 1U);
}

TEST_F(NvdFetchTest, RefusesBadOptionsBeforeAnyRequest) {
    ASSERT_TRUE(start());
    NvdFetchOptions nvd = options();
    for (const int size : {0, 2001}) {
        nvd.results_per_page = size;
        auto result = fetch_nvd(nvd, out_.path().string(), context());
        ASSERT_FALSE(result.has_value());
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    }
    nvd = options();
    nvd.modified_since = at("2026-02-01T00:00:00Z");
    nvd.modified_until = at("2026-01-01T00:00:00Z");
    auto backward = fetch_nvd(nvd, out_.path().string(), context());
    ASSERT_FALSE(backward.has_value());
    EXPECT_EQ(backward.error().code, ErrorCode::kInvalidArgument);
    nvd = options();
    nvd.base_url.clear();
    auto no_url = fetch_nvd(nvd, out_.path().string(), context());
    ASSERT_FALSE(no_url.has_value());
    EXPECT_EQ(no_url.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(server_->requests(kApi).empty());
}

TEST_F(NvdFetchTest, AFolderThatCannotBeCreatedFails) {
    testing::write_bytes(out_ / "plain-file", "x");
    NvdFetchOptions nvd;
    nvd.base_url = "http://127.0.0.1:9/unused";
    auto result = fetch_nvd(nvd, out_ / "plain-file/sub", context());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace wardround::fetch
