// SPDX-License-Identifier: Apache-2.0
// The bare-simdjson baseline: it must see exactly what is in the real NVD pages (counts measured
// with python3's json module), agree with itself across modes, threads and compression, and
// report each way a feed can be unreadable.
#include "feed_scan.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "nvd_feed.h"
#include "support/test_support.h"

namespace wardround::bench {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kAwaiting = 1;
constexpr std::size_t kUndergoing = 2;
constexpr std::size_t kAnalyzed = 3;
constexpr std::size_t kModified = 4;
constexpr std::size_t kDeferred = 5;
constexpr std::size_t kOther = 7;

class TempDir {
public:
    TempDir() {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        // Parameterised tests are named "Test/Param": one directory, not two.
        std::string name = test->name();
        std::replace(name.begin(), name.end(), '/', '_');
        path_ =
            fs::temp_directory_path() / ("wardround-scan-" + std::to_string(getpid()) + "-" + name);
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] std::string str() const { return path_.string(); }
    [[nodiscard]] std::string sub(const std::string& name) const { return (path_ / name).string(); }
    // Writes `text` to `name` in the directory and returns its path.
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path_ / name, std::ios::binary) << text;
        return sub(name);
    }

private:
    fs::path path_;
};

ScanReport scan(const std::string& path, ScanMode mode, unsigned threads = 1) {
    const auto files = feed_files(path);
    EXPECT_TRUE(files.has_value()) << files.error().to_string();
    auto report = scan_feed(*files, {mode, threads});
    EXPECT_TRUE(report.has_value()) << report.error().to_string();
    return report.value_or(ScanReport{});
}

TEST(FeedScanRealData, FixturePage) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/vunnel-fixture-page.json");
    const ScanReport report = scan(path, ScanMode::kExtract);
    const ExtractCounts& c = report.counts;
    EXPECT_EQ(report.files, 1U);
    EXPECT_EQ(report.bytes, 164453U);
    EXPECT_EQ(report.records, 38U);
    EXPECT_EQ(c.by_status[kAnalyzed], 25U);
    EXPECT_EQ(c.by_status[kAwaiting], 13U);
    EXPECT_EQ(c.english_descriptions, 38U);
    EXPECT_EQ(c.metrics_v31, 48U);
    EXPECT_EQ(c.metrics_v40 + c.metrics_v30 + c.metrics_v2, 0U);
    EXPECT_EQ(c.metrics_primary, 25U);
    EXPECT_EQ(c.metrics_secondary, 23U);
    EXPECT_EQ(c.weaknesses, 46U);
    EXPECT_EQ(c.cwe_values, 46U);
    EXPECT_EQ(c.references, 56U);
    EXPECT_EQ(c.reference_tags, 67U);
    EXPECT_EQ(c.with_configurations, 25U);
    EXPECT_EQ(c.configurations, 25U);
    EXPECT_EQ(c.and_configurations, 11U);
    EXPECT_EQ(c.nodes, 36U);
    EXPECT_EQ(c.cpe_matches, 56U);
    EXPECT_EQ(c.not_vulnerable, 22U);
    EXPECT_EQ(c.start_including, 2U);
    EXPECT_EQ(c.start_excluding, 0U);
    EXPECT_EQ(c.end_including, 2U);
    EXPECT_EQ(c.end_excluding, 15U);
    EXPECT_EQ(c.escaped_criteria, 0U);
    EXPECT_EQ(c.max_matches_per_cve, 9U);
}

TEST(FeedScanRealData, CuratedPage) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/nvd-curated.json");
    const ScanReport report = scan(path, ScanMode::kExtract);
    const ExtractCounts& c = report.counts;
    EXPECT_EQ(report.records, 81U);
    EXPECT_EQ(c.by_status[kModified], 44U);
    EXPECT_EQ(c.by_status[kAnalyzed], 25U);
    EXPECT_EQ(c.by_status[kDeferred], 7U);
    EXPECT_EQ(c.by_status[kUndergoing], 3U);
    EXPECT_EQ(c.by_status[kAwaiting], 2U);
    EXPECT_EQ(c.by_status[kOther], 0U);
    EXPECT_EQ(c.metrics_v31, 128U);
    EXPECT_EQ(c.metrics_v30, 9U);
    EXPECT_EQ(c.metrics_v2, 41U);
    EXPECT_EQ(c.metrics_primary, 103U);
    EXPECT_EQ(c.metrics_secondary, 75U);
    EXPECT_EQ(c.metrics_other, 2U);  // CISA's ssvcV203 decisions, which carry no CVSS
    EXPECT_EQ(c.weaknesses, 136U);
    EXPECT_EQ(c.cwe_values, 140U);
    EXPECT_EQ(c.references, 1400U);
    EXPECT_EQ(c.reference_tags, 2442U);
    EXPECT_EQ(c.kev, 65U);
    EXPECT_EQ(c.with_configurations, 79U);
    EXPECT_EQ(c.configurations, 377U);
    EXPECT_EQ(c.and_configurations, 235U);
    EXPECT_EQ(c.nodes, 612U);
    EXPECT_EQ(c.cpe_matches, 1677U);
    EXPECT_EQ(c.not_vulnerable, 298U);
    EXPECT_EQ(c.start_including, 124U);
    EXPECT_EQ(c.start_excluding, 0U);
    EXPECT_EQ(c.end_including, 45U);
    EXPECT_EQ(c.end_excluding, 295U);
    EXPECT_EQ(c.escaped_criteria, 11U);
    EXPECT_EQ(c.max_matches_per_cve, 139U);
}

// The generated feed seen by the baseline: the same numbers the generator's own test measured,
// whatever the mode, the number of threads or the compression.
TEST(FeedScan, GeneratedFeedAgreesAcrossModesThreadsAndCompression) {
    TempDir dir;
    FeedOptions options;
    options.count = 6000;
    const auto plain = write_feed(options, dir.sub("plain"));
    options.gzip = true;
    const auto packed = write_feed(options, dir.sub("gzip"));
    ASSERT_TRUE(plain.has_value() && packed.has_value());

    const ScanReport parsed = scan(dir.sub("plain"), ScanMode::kParse);
    EXPECT_EQ(parsed.files, 3U);
    EXPECT_EQ(parsed.records, 6000U);
    EXPECT_EQ(parsed.bytes, plain->json_bytes);
    EXPECT_EQ(parsed.counts.cpe_matches, 0U);  // parse mode walks nothing

    const ScanReport extracted = scan(dir.sub("plain"), ScanMode::kExtract);
    EXPECT_EQ(extracted.id_checksum, parsed.id_checksum);
    const ExtractCounts& c = extracted.counts;
    EXPECT_EQ(c.by_status[kAnalyzed], 1820U);
    EXPECT_EQ(c.by_status[kAwaiting], 916U);
    EXPECT_EQ(c.cpe_matches, 48016U);

    EXPECT_EQ(c.english_descriptions, 6000U);

    const ScanReport threaded = scan(dir.sub("plain"), ScanMode::kExtract, 2);
    const ScanReport compressed = scan(dir.sub("gzip"), ScanMode::kExtract, 2);
    for (const ScanReport* other : {&threaded, &compressed}) {
        EXPECT_EQ(other->records, extracted.records);
        EXPECT_EQ(other->bytes, extracted.bytes);
        EXPECT_EQ(other->id_checksum, extracted.id_checksum);
        EXPECT_EQ(other->counts.by_status, c.by_status);
        EXPECT_EQ(other->counts.cpe_matches, c.cpe_matches);
        EXPECT_EQ(other->counts.references, c.references);
        EXPECT_EQ(other->counts.metrics_v40, c.metrics_v40);
        EXPECT_EQ(other->counts.end_excluding, c.end_excluding);
        EXPECT_EQ(other->counts.max_matches_per_cve, c.max_matches_per_cve);
    }
}

TEST(FeedScan, FeedFilesListsPagesInOrderOrTheSingleFile) {
    TempDir dir;
    fs::create_directories(dir.sub("pages"));

    fs::create_directories(dir.sub("single"));
    dir.write("pages/page-00002.json", "");
    dir.write("pages/page-00000.json.gz", "");
    dir.write("pages/page-00001.json", "");
    dir.write("pages/notes.txt", "");
    dir.write("single/nvd-all.json.gz", "");

    const auto pages = feed_files(dir.sub("pages"));
    ASSERT_TRUE(pages.has_value());
    EXPECT_EQ(*pages, (std::vector<std::string>{dir.sub("pages/page-00000.json.gz"),
                                                dir.sub("pages/page-00001.json"),
                                                dir.sub("pages/page-00002.json")}));
    EXPECT_EQ(feed_files(dir.sub("single")).value(),
              std::vector<std::string>{dir.sub("single/nvd-all.json.gz")});
    EXPECT_EQ(feed_files(dir.sub("pages/notes.txt")).value(),
              std::vector<std::string>{dir.sub("pages/notes.txt")});
}

TEST(FeedScan, PeakMemoryIsReported) {
    // A test binary has touched more than a megabyte by now.
    EXPECT_GT(peak_rss_bytes(), 1U << 20U);
}

TEST(FeedScanErrors, MissingPathAndEmptyDirectory) {
    TempDir dir;
    auto result = feed_files(dir.sub("absent"));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(result.error().where, dir.sub("absent"));
    dir.write("other.json", "{}");
    result = feed_files(dir.str());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
}

TEST(FeedScanErrors, ZeroThreadsIsRefused) {
    EXPECT_EQ(scan_feed({}, {ScanMode::kParse, 0}).error().code, ErrorCode::kInvalidArgument);
}

TEST(FeedScanErrors, ListedFileThatIsGoneIsNotFound) {
    TempDir dir;
    const auto result = scan_feed({dir.sub("page-00000.json")}, {});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(result.error().where, dir.sub("page-00000.json"));
}

TEST(FeedScanErrors, CorruptGzipIsDataLoss) {
    TempDir dir;
    const std::string path =
        dir.write("page-00000.json.gz", std::string("\x1f\x8b\x08\x00", 4) + "not deflate data");
    const auto result = scan_feed({path}, {});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kDataLoss);
}

struct BadPage {
    const char* name;
    const char* json;
    ErrorCode code;
    const char* where;  // suffix of Error::where after the file name
};

// Readable parameters in test listings.
void PrintTo(const BadPage& page, std::ostream* out) {
    *out << page.name;
}

class FeedScanBadPage : public ::testing::TestWithParam<BadPage> {};

// Each way a page can break the parse, in either mode.
TEST_P(FeedScanBadPage, IsReportedWithItsPlace) {
    TempDir dir;
    const std::string path = dir.write("page-00000.json", GetParam().json);
    for (const ScanMode mode : {ScanMode::kParse, ScanMode::kExtract}) {
        const auto result = scan_feed({path}, {mode, 1});
        ASSERT_FALSE(result.has_value());
        EXPECT_EQ(result.error().code, GetParam().code) << result.error().to_string();
        EXPECT_EQ(result.error().where, path + GetParam().where);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Pages,
    FeedScanBadPage,
    ::testing::Values(
        BadPage{"NotJson", R"({"vulnerabilities":[{"cve":)", ErrorCode::kInvalidArgument, ""},
        BadPage{"NoVulnerabilities", R"({"resultsPerPage":0})", ErrorCode::kInvalidArgument, ""},
        BadPage{"RecordWithoutCve", R"({"vulnerabilities":[{"id":"CVE-2024-0001"}]})",
                ErrorCode::kInvalidArgument, " $.vulnerabilities[0].cve"},
        BadPage{"RecordWithoutId",
                R"({"vulnerabilities":[{"cve":{"id":"CVE-2024-0001","vulnStatus":"Analyzed",)"
                R"("lastModified":"2024-01-02T03:04:05.678"}},{"cve":{}}]})",
                ErrorCode::kInvalidArgument, " $.vulnerabilities[1].cve.id"},
        BadPage{"ResultsPerPageDisagrees",
                R"({"resultsPerPage":3,"vulnerabilities":[{"cve":{"id":"CVE-2024-0001",)"
                R"("vulnStatus":"Analyzed","lastModified":"2024-01-02T03:04:05.678"}}]})",
                ErrorCode::kDataLoss, ""}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

class FeedScanBadRecord : public ::testing::TestWithParam<BadPage> {};

// Fields the knowledge base cannot do without: the parse baseline does not look at them, the
// extract walk refuses records that lack them.
TEST_P(FeedScanBadRecord, FailsOnlyTheExtractWalk) {
    TempDir dir;
    const std::string path = dir.write(
        "page-00000.json", std::string(R"({"resultsPerPage":1,"vulnerabilities":[{"cve":{)") +
                               GetParam().json + "}}]}");
    const auto parsed = scan_feed({path}, {ScanMode::kParse, 1});
    ASSERT_TRUE(parsed.has_value()) << parsed.error().to_string();
    EXPECT_EQ(parsed->records, 1U);
    const auto result = scan_feed({path}, {ScanMode::kExtract, 1});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, GetParam().code);
    EXPECT_EQ(result.error().where, path + " $.vulnerabilities[0]." + GetParam().where);
}

#define WARDROUND_RECORD_HEAD \
    R"("id":"CVE-2024-0001","vulnStatus":"Analyzed","lastModified":"2024-01-02T03:04:05.678",)"

INSTANTIATE_TEST_SUITE_P(
    Records,
    FeedScanBadRecord,
    ::testing::Values(
        BadPage{"NoStatus", R"("id":"CVE-2024-0001","lastModified":"2024-01-02T03:04:05")",
                ErrorCode::kInvalidArgument, "cve.vulnStatus"},
        BadPage{"NoLastModified", R"("id":"CVE-2024-0001","vulnStatus":"Analyzed")",
                ErrorCode::kInvalidArgument, "cve.lastModified"},
        BadPage{"BadLastModified",
                R"("id":"CVE-2024-0001","vulnStatus":"Analyzed","lastModified":"yesterday")",
                ErrorCode::kInvalidArgument, "cve.lastModified"},
        BadPage{"BadPublished", WARDROUND_RECORD_HEAD R"("published":"2024-13-45T00:00:00")",
                ErrorCode::kInvalidArgument, "cve.published"},
        BadPage{"MetricsNotArray", WARDROUND_RECORD_HEAD R"("metrics":{"cvssMetricV31":{}})",
                ErrorCode::kInvalidArgument, "cve.metrics"},
        BadPage{"MetricWithoutCvssData",
                WARDROUND_RECORD_HEAD
                R"("metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary"}]})",
                ErrorCode::kInvalidArgument, "cve.metrics"},
        BadPage{"WeaknessWithoutDescription",
                WARDROUND_RECORD_HEAD R"("weaknesses":[{"source":"nvd@nist.gov"}])",
                ErrorCode::kInvalidArgument, "cve.weaknesses"},
        BadPage{"WeaknessWithoutValue",
                WARDROUND_RECORD_HEAD R"("weaknesses":[{"description":[{"lang":"en"}]}])",
                ErrorCode::kInvalidArgument, "cve.weaknesses"},
        BadPage{"ReferenceWithoutUrl",
                WARDROUND_RECORD_HEAD R"("references":[{"source":"nvd@nist.gov"}])",
                ErrorCode::kInvalidArgument, "cve.references"},
        BadPage{"ConfigurationWithoutNodes",
                WARDROUND_RECORD_HEAD R"("configurations":[{"operator":"AND"}])",
                ErrorCode::kInvalidArgument, "cve.configurations"},
        BadPage{"NodeWithoutCpeMatch",
                WARDROUND_RECORD_HEAD R"("configurations":[{"nodes":[{"operator":"OR"}]}])",
                ErrorCode::kInvalidArgument, "cve.configurations"},
        BadPage{"MatchWithoutCriteria",
                WARDROUND_RECORD_HEAD
                R"("configurations":[{"nodes":[{"cpeMatch":[{"vulnerable":true}]}]}])",
                ErrorCode::kInvalidArgument, "cve.configurations"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

#undef WARDROUND_RECORD_HEAD

}  // namespace
}  // namespace wardround::bench
