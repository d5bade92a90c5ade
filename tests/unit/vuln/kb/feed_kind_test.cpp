// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <wardround/vuln/feed_kind.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

std::optional<FeedKind> kind_of(std::string_view head) {
    return detect_feed_kind(head).kind;
}

TEST(FeedKind, FromTheTopLevelKeysWhateverTheirOrder) {
    EXPECT_EQ(kind_of(R"({"resultsPerPage": 1, "vulnerabilities": [{"cve": {"id": "CVE-1"}}]})"),
              FeedKind::kNvd);
    EXPECT_EQ(kind_of(R"({"format": "NVD_CVE", "version": "2.0"})"), FeedKind::kNvd);
    EXPECT_EQ(kind_of(R"({"id": "CVE-2021-44228", "sourceIdentifier": "x", "published": "y"})"),
              FeedKind::kNvd);
    EXPECT_EQ(
        kind_of(R"({"timestamp": "t", "cve_count": 2, "feed_name": "CVE-2024", "cve_items": []})"),
        FeedKind::kNvd);
    EXPECT_EQ(kind_of(R"({"cve": {"id": "CVE-2021-44228"}})"), FeedKind::kNvd);
    EXPECT_EQ(kind_of(R"({"title": "t", "catalogVersion": "2025.08.25", "vulnerabilities": []})"),
              FeedKind::kKev);
    EXPECT_EQ(
        kind_of(
            R"({"vulnerabilities": [{"cve": "CVE-1", "notes": [{"document": 1}]}], "document": {}})"),
        FeedKind::kCsaf);
    EXPECT_EQ(
        kind_of(
            R"({"schema_version": "1.6.0", "id": "GHSA-x", "modified": "2024-01-01T00:00:00Z"})"),
        FeedKind::kOsv);
    EXPECT_EQ(kind_of(R"([{"id": "PYSEC-1", "modified": "2024-01-01T00:00:00Z", "affected": []}])"),
              FeedKind::kOsv);
    EXPECT_EQ(kind_of("\xEF\xBB\xBF  {\"catalogVersion\": \"1\"}"), FeedKind::kKev);
}

TEST(FeedKind, NestedKeysDoNotCount) {
    // "document" and "catalogVersion" appear only inside nested values here.
    EXPECT_EQ(
        kind_of(
            R"({"id": "X", "modified": "m", "affected": [{"document": {"catalogVersion": 1}}]})"),
        FeedKind::kOsv);
    EXPECT_FALSE(kind_of(R"({"wrapper": {"catalogVersion": "2025.08.25", "vulnerabilities": []}})")
                     .has_value());
}

TEST(FeedKind, CsvFeedsFromTheirFirstLine) {
    EXPECT_EQ(kind_of("#model_version:v2023.03.01,score_date:2025-02-20T00:00:00+0000\ncve,epss,"
                      "percentile\n"),
              FeedKind::kEpss);
    EXPECT_EQ(kind_of("cve,epss,percentile\nCVE-1999-0001,0.1,0.2\n"), FeedKind::kEpss);
    EXPECT_EQ(kind_of("cveID,vendorProject,product,vulnerabilityName\n"), FeedKind::kKevCsv);
}

TEST(FeedKind, OtherFilesAreNamed) {
    EXPECT_EQ(detect_feed_kind(R"({"feed": {"id": "x", "entry": []}})").note,
              "a ROLIE feed (an index of advisories, not an advisory)");
    EXPECT_EQ(detect_feed_kind(
                  R"({"$schema": "http://json-schema.org/draft-07/schema#", "properties": {}})")
                  .note,
              "a JSON schema");
    EXPECT_FALSE(kind_of("").has_value());
    EXPECT_FALSE(kind_of("-----BEGIN PGP SIGNATURE-----").has_value());
}

TEST(FeedKind, RealFiles) {
    WARDROUND_SHARED_DATA_OR_SKIP(kev, "kev/known_exploited_vulnerabilities.json");
    WARDROUND_SHARED_DATA_OR_SKIP(schema, "kev/known_exploited_vulnerabilities_schema.json");
    WARDROUND_SHARED_DATA_OR_SKIP(nvd, "nvd/nvd-curated.json");
    WARDROUND_SHARED_DATA_OR_SKIP(csaf, "csaf/icsma/icsma-17-009-01a.json");
    WARDROUND_SHARED_DATA_OR_SKIP(rolie, "csaf/feed/cisa-csaf-ot-feed-tlp-white.json");
    WARDROUND_SHARED_DATA_OR_SKIP(epss, "epss/vunnel-fixture-epss-sample.csv");
    const auto detect = [](const std::string& path) {
        auto file = InputFile::open(path);
        EXPECT_TRUE(file.has_value());
        auto detection = detect_feed_kind(*file);
        EXPECT_TRUE(detection.has_value());
        return detection->kind;
    };
    EXPECT_EQ(detect(kev), FeedKind::kKev);
    EXPECT_FALSE(detect(schema).has_value());
    EXPECT_EQ(detect(nvd), FeedKind::kNvd);
    EXPECT_EQ(detect(csaf), FeedKind::kCsaf);
    EXPECT_FALSE(detect(rolie).has_value());
    EXPECT_EQ(detect(epss), FeedKind::kEpss);
}

}  // namespace
}  // namespace wardround::vuln
