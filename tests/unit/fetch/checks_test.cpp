// SPDX-License-Identifier: Apache-2.0
// The checks a download must pass before it counts, on the real feed files (read in place) and on
// damaged copies made here.
#include <gtest/gtest.h>

#include <wardround/fetch/fetch.h>

#include "fetch_test_support.h"
#include "support/compression.h"
#include "support/test_support.h"

namespace wardround::fetch {
namespace {

using testing::read_bytes;
using testing::TempFolder;
using testing::write_bytes;

void expect_data_loss(const Status& status, std::string_view fragment) {
    ASSERT_FALSE(status.has_value()) << "expected a failure mentioning " << fragment;
    EXPECT_EQ(status.error().code, ErrorCode::kDataLoss) << status.error().to_string();
    EXPECT_NE(status.error().message.find(fragment), std::string::npos)
        << status.error().to_string();
}

TEST(KevCheck, AcceptsTheCurrentAndHistoricCatalogues) {
    WARDROUND_SHARED_DATA_OR_SKIP(current, "kev/known_exploited_vulnerabilities.json");
    WARDROUND_SHARED_DATA_OR_SKIP(january, "kev/history/kev-2025-01-27.json");
    WARDROUND_SHARED_DATA_OR_SKIP(february, "kev/history/kev-2025-02-26.json");
    for (const std::string& path : {current, january, february}) {
        const Status status = check_kev_file(path);
        EXPECT_TRUE(status.has_value()) << status.error().to_string();
    }
}

TEST(KevCheck, RejectsTheCatalogueCisaPublishedTruncated) {
    WARDROUND_SHARED_DATA_OR_SKIP(truncated, "kev/malformed/kev-2025-02-25-truncated.json");
    const Status status = check_kev_file(truncated);
    expect_data_loss(status, "not complete JSON");
    EXPECT_EQ(status.error().where, truncated);
}

TEST(KevCheck, RejectsValidJsonThatIsNotACompleteCatalogue) {
    TempFolder folder;
    write_bytes(folder / "short.json", R"({"count": 3, "vulnerabilities": [{}, {}]})");
    expect_data_loss(check_kev_file(folder / "short.json"), "says it has 3 entries but holds 2");
    write_bytes(folder / "none.json", R"({"count": 0, "entries": []})");
    expect_data_loss(check_kev_file(folder / "none.json"), "no \"vulnerabilities\" array");
    write_bytes(folder / "scalar.json", R"({"vulnerabilities": [{}, 7]})");
    expect_data_loss(check_kev_file(folder / "scalar.json"), "vulnerabilities[1] is not an object");
    write_bytes(folder / "page.html", "<html><body>Access Denied</body></html>");
    expect_data_loss(check_kev_file(folder / "page.html"), "HTML");
    write_bytes(folder / "empty.json", "");
    expect_data_loss(check_kev_file(folder / "empty.json"), "empty");
    // Without "count" the array alone decides.
    write_bytes(folder / "nocount.json", R"({"vulnerabilities": [{}]})");
    EXPECT_TRUE(check_kev_file(folder / "nocount.json").has_value());
}

TEST(KevCheck, AMissingFileIsNotFoundAndAFolderIsNotAFile) {
    TempFolder folder;
    const Status status = check_kev_file(folder / "absent.json");
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ErrorCode::kNotFound);
    const Status directory = check_kev_file(folder.path().string());
    ASSERT_FALSE(directory.has_value());
    EXPECT_EQ(directory.error().code, ErrorCode::kInvalidArgument);
}

TEST(EpssCheck, AcceptsTheRealFormatPlainAndGzipped) {
    WARDROUND_SHARED_DATA_OR_SKIP(sample, "epss/vunnel-fixture-epss-sample.csv");
    EXPECT_TRUE(check_epss_file(sample).has_value());
    TempFolder folder;
    write_bytes(folder / "scores.csv.gz", wardround::testing::gzip(read_bytes(sample)));
    const Status gzipped = check_epss_file(folder / "scores.csv.gz");
    EXPECT_TRUE(gzipped.has_value()) << gzipped.error().to_string();
    // The header alone, without the model comment, is the older layout.
    write_bytes(folder / "old.csv", "cve,epss,percentile\r\nCVE-1999-0001,0.1,0.2\r\n");
    EXPECT_TRUE(check_epss_file(folder / "old.csv").has_value());
}

TEST(EpssCheck, ChecksOnlyTheFirstLinesNotTheScoreDate) {
    // A missing score_date is the importer's diagnostic, not a reason to refuse the download.
    WARDROUND_SHARED_DATA_OR_SKIP(missing_date, "epss/malformed/missing-date.csv");
    EXPECT_TRUE(check_epss_file(missing_date).has_value());
}

TEST(EpssCheck, RejectsAWrongHeader) {
    WARDROUND_SHARED_DATA_OR_SKIP(invalid, "epss/malformed/invalid-header.csv");
    expect_data_loss(check_epss_file(invalid), "header is not \"cve,epss,percentile\"");
    TempFolder folder;
    write_bytes(folder / "comment.csv", "# scores\ncve,epss,percentile\n");
    expect_data_loss(check_epss_file(folder / "comment.csv"), "not #model_version");
    write_bytes(folder / "empty.csv", "");
    expect_data_loss(check_epss_file(folder / "empty.csv"), "header");
}

TEST(EpssCheck, RejectsACutGzipStream) {
    WARDROUND_SHARED_DATA_OR_SKIP(sample, "epss/vunnel-fixture-epss-sample.csv");
    TempFolder folder;
    const std::string whole = wardround::testing::gzip(read_bytes(sample));
    // Cut inside the trailer: every byte of the CSV arrives, only the CRC and size are missing.
    write_bytes(folder / "cut.csv.gz", whole.substr(0, whole.size() - 4));
    const Status status = check_epss_file(folder / "cut.csv.gz");
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ErrorCode::kDataLoss) << status.error().to_string();
}

TEST(EpssCheck, AMissingFileIsNotFound) {
    TempFolder folder;
    const Status status = check_epss_file(folder / "absent.csv.gz");
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ErrorCode::kNotFound);
}

TEST(NvdPageCheck, AcceptsRealApiPages) {
    WARDROUND_SHARED_DATA_OR_SKIP(vunnel, "nvd/vunnel-fixture-page.json");
    WARDROUND_SHARED_DATA_OR_SKIP(curated, "nvd/nvd-curated.json");
    for (const std::string& path : {vunnel, curated}) {
        const Status status = check_nvd_page(read_bytes(path), 0, 2000);
        EXPECT_TRUE(status.has_value()) << path << ": " << status.error().to_string();
    }
}

TEST(NvdPageCheck, RejectsAPageForAnotherStartIndexOrLargerThanAskedFor) {
    WARDROUND_SHARED_DATA_OR_SKIP(vunnel, "nvd/vunnel-fixture-page.json");
    const std::string page = read_bytes(vunnel);
    expect_data_loss(check_nvd_page(page, 5, 2000), "starts at index 0, not 5");
    expect_data_loss(check_nvd_page(page, 0, 10), "holds 38 records, more than the 10 asked for");
}

TEST(NvdPageCheck, RejectsEveryTruncationOfARealPage) {
    WARDROUND_SHARED_DATA_OR_SKIP(vunnel, "nvd/vunnel-fixture-page.json");
    const std::string page = read_bytes(vunnel);
    ASSERT_EQ(page.size(), 164453U);
    // The file ends with a newline: dropping only that still leaves the whole page.
    ASSERT_EQ(page.back(), '\n');
    const std::size_t cuts = 1000;
    for (std::size_t i = 0; i < cuts; ++i) {
        const std::size_t length = (page.size() - 1) * i / cuts;
        const Status status = check_nvd_page(page.substr(0, length), 0, 2000);
        ASSERT_FALSE(status.has_value()) << "a page cut to " << length << " bytes was accepted";
        ASSERT_EQ(status.error().code, ErrorCode::kDataLoss);
    }
}

TEST(NvdPageCheck, RejectsErrorPagesAndPagesOfTheWrongShape) {
    expect_data_loss(check_nvd_page("<!DOCTYPE html><html>Bad gateway</html>", 0, 2000), "HTML");
    expect_data_loss(check_nvd_page("", 0, 2000), "empty");
    expect_data_loss(check_nvd_page("[1, 2]", 0, 2000), "not an object");
    expect_data_loss(check_nvd_page(R"({"format": "NVD_CPE", "startIndex": 0})", 0, 2000),
                     "not an NVD CVE API page");
    expect_data_loss(
        check_nvd_page(R"({"format": "NVD_CVE", "startIndex": 0, "totalResults": 1})", 0, 2000),
        "lacks integer");
    // Found by fuzzing: pages the import refuses (another API version, a member named twice) passed
    // the check; now the importer's own reader is part of it.
    expect_data_loss(check_nvd_page(R"({"format": "NVD_CVE", "version": "1.0", "startIndex": 0,
                                       "resultsPerPage": 0, "totalResults": 0, "vulnerabilities": []})",
                                    0, 2000),
                     "version \"1.0\" is not supported");
    expect_data_loss(check_nvd_page(R"({"format": "NVD_CVE", "startIndex": 0, "resultsPerPage": 0,
                                       "totalResults": 0, "format": "NVD_CVE", "vulnerabilities": []})",
                                    0, 2000),
                     "duplicate key");
    expect_data_loss(check_nvd_page(R"({"format": "NVD_CVE", "startIndex": 0, "resultsPerPage": 0,
                                       "totalResults": 0})",
                                    0, 2000),
                     "no \"vulnerabilities\" array");
    expect_data_loss(check_nvd_page(R"({"format": "NVD_CVE", "startIndex": 0, "resultsPerPage": 1,
                                       "totalResults": 1, "vulnerabilities": [{"cve": {}}]})",
                                    0, 2000),
                     "vulnerabilities[0] has no \"cve\" object");
    expect_data_loss(check_nvd_page(R"({"format": "NVD_CVE", "startIndex": 0, "resultsPerPage": 2,
                                       "totalResults": 1, "vulnerabilities":
                                       [{"cve": {"id": "CVE-1"}}, {"cve": {"id": "CVE-2"}}]})",
                                    0, 2000),
                     "pass its totalResults (1)");
    expect_data_loss(check_nvd_page(R"({"format": "NVD_CVE", "startIndex": 20, "resultsPerPage": 0,
                           "totalResults": 45, "vulnerabilities": []})",
                                    20, 2000),
                     "no records at startIndex 20 although totalResults is 45");
    // Past the end (the total shrank while paging) an empty page is the right answer.
    const Status past_end = check_nvd_page(
        R"({"format": "NVD_CVE", "startIndex": 40, "resultsPerPage": 0, "totalResults": 19,
            "vulnerabilities": []})",
        40, 2000);
    EXPECT_TRUE(past_end.has_value());
    const Status empty_page = check_nvd_page(
        R"({"format": "NVD_CVE", "startIndex": 0, "resultsPerPage": 0, "totalResults": 0,
            "vulnerabilities": []})",
        0, 2000);
    EXPECT_TRUE(empty_page.has_value());
}

}  // namespace
}  // namespace wardround::fetch
