// SPDX-License-Identifier: Apache-2.0
// The CVSS v3 base score against vectors with published scores: textbook cases, and every v3.x
// metric in the real NVD and CISA CSAF data, whose scores NVD and CISA computed independently.
#include "vuln/osv/cvss.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace wardround::vuln::detail {
namespace {

double score_of(const std::string& vector) {
    auto score = cvss_v3_base_score(vector);
    EXPECT_TRUE(score.has_value()) << vector << ": " << (score ? "" : score.error().message);
    return score ? score->base_score : -1.0;
}

std::string rejection(const std::string& vector) {
    auto score = cvss_v3_base_score(vector);
    EXPECT_FALSE(score.has_value()) << vector;
    if (score) {
        return "";
    }
    EXPECT_EQ(score.error().code, ErrorCode::kInvalidArgument);
    return score.error().message;
}

nlohmann::json load_json(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return nlohmann::json::parse(text, nullptr, false);
}

struct Tally {
    int compared = 0;
    int score_mismatches = 0;
    int severity_mismatches = 0;
};

void compare(const nlohmann::json& cvss, const std::string& where, Tally& tally) {
    const std::string vector = cvss.at("vectorString").get<std::string>();
    const double published = cvss.at("baseScore").get<double>();
    const std::string severity = cvss.at("baseSeverity").get<std::string>();
    ++tally.compared;
    auto ours = cvss_v3_base_score(vector);
    if (!ours || ours->base_score != published) {
        ++tally.score_mismatches;
        ADD_FAILURE() << where << " " << vector << ": published " << published << ", ours "
                      << (ours ? std::to_string(ours->base_score) : ours.error().message);
    } else if (ours->severity != severity) {
        ++tally.severity_mismatches;
        ADD_FAILURE() << where << " " << vector << ": " << severity << " vs " << ours->severity;
    }
}

TEST(CvssV3, TextbookVectors) {
    EXPECT_EQ(score_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), 9.8);
    EXPECT_EQ(score_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"), 10.0);
    EXPECT_EQ(score_of("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N"), 5.5);
    EXPECT_EQ(score_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"), 6.1);
    EXPECT_EQ(score_of("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N"), 6.4);
    EXPECT_EQ(score_of("CVSS:3.1/AV:A/AC:H/PR:H/UI:R/S:C/C:N/I:L/A:N"), 2.4);
    EXPECT_EQ(score_of("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:L"), 1.6);
    // No impact means 0.0 whatever the exploitability.
    EXPECT_EQ(score_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N"), 0.0);
}

TEST(CvssV3, SeverityRatingBoundaries) {
    EXPECT_EQ(cvss_severity_rating(0.0), "NONE");
    EXPECT_EQ(cvss_severity_rating(0.1), "LOW");
    EXPECT_EQ(cvss_severity_rating(3.9), "LOW");
    EXPECT_EQ(cvss_severity_rating(4.0), "MEDIUM");
    EXPECT_EQ(cvss_severity_rating(6.9), "MEDIUM");
    EXPECT_EQ(cvss_severity_rating(7.0), "HIGH");
    EXPECT_EQ(cvss_severity_rating(8.9), "HIGH");
    EXPECT_EQ(cvss_severity_rating(9.0), "CRITICAL");
    EXPECT_EQ(cvss_severity_rating(10.0), "CRITICAL");
    EXPECT_EQ(cvss_v3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")->severity,
              "CRITICAL");
}

TEST(CvssV3, MetricsInAnyOrderAndTemporalMetricsLeaveTheBaseScore) {
    EXPECT_EQ(score_of("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N"), 9.8);
    EXPECT_EQ(score_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C"), 9.8);
    EXPECT_EQ(score_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:H/MAV:L/MS:C/MA:X"), 9.8);
}

TEST(CvssV3, MalformedVectorsAreErrorsNamingTheProblem) {
    EXPECT_NE(rejection("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").find("CVSS:3.0/ or CVSS:3.1/"),
              std::string::npos);
    EXPECT_NE(rejection("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
                  .find("does not start with"),
              std::string::npos);
    EXPECT_NE(rejection("CVSS:3.1/AV:N/AC:L").find("base metric 'PR' is missing"),
              std::string::npos);
    EXPECT_NE(rejection("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").find("given twice"),
              std::string::npos);
    EXPECT_NE(rejection("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
                  .find("'X' is not a value of metric 'AV'"),
              std::string::npos);
    EXPECT_NE(
        rejection("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/Q:1").find("unknown metric 'Q'"),
        std::string::npos);
    EXPECT_NE(
        rejection("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/").find("is not METRIC:VALUE"),
        std::string::npos);
    EXPECT_NE(rejection("CVSS:3.1/AV/AC:L").find("'AV' is not METRIC:VALUE"), std::string::npos);
    EXPECT_NE(rejection("CVSS:3.1/").find("no metrics"), std::string::npos);
    EXPECT_NE(rejection("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:L|H").find("is not a value"),
              std::string::npos);
}

TEST(CvssV2AndV4, ShapeChecks) {
    EXPECT_TRUE(check_cvss_v2_vector("AV:N/AC:L/Au:N/C:P/I:P/A:P").has_value());
    EXPECT_TRUE(check_cvss_v2_vector("AV:L/AC:M/Au:N/C:N/I:P/A:C/E:POC/RL:OF/RC:C").has_value());
    EXPECT_FALSE(check_cvss_v2_vector("AV:N/AC:L/Au:N/C:P/I:P").has_value());  // no A
    EXPECT_FALSE(check_cvss_v2_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").has_value());
    EXPECT_FALSE(check_cvss_v2_vector("AV:N/AC:L/Au:N/C:H/I:P/A:P").has_value());  // C:H is v3

    EXPECT_TRUE(
        check_cvss_v4_vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
            .has_value());
    EXPECT_TRUE(check_cvss_v4_vector("CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:L/SI:L/"
                                     "SA:L/E:A/MSI:S/S:P/AU:Y/R:I/V:C/RE:H/U:Amber")
                    .has_value());
    auto missing =
        check_cvss_v4_vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N");
    ASSERT_FALSE(missing.has_value());
    EXPECT_NE(missing.error().message.find("base metric 'SA' is missing"), std::string::npos);
    EXPECT_FALSE(check_cvss_v4_vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/"
                                      "SA:N/U:Purple")
                     .has_value());
    EXPECT_FALSE(check_cvss_v4_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").has_value());
}

// NVD computes the base score of every v3.0/v3.1 metric it publishes; the three NVD files hold
// 137 + 48 + 1 such metrics (measured with Python's json module), 62 distinct vectors.
TEST(CvssV3Shared, AgreesWithEveryNvdScore) {
    Tally tally;
    for (const char* relative : {"nvd/nvd-curated.json", "nvd/vunnel-fixture-page.json",
                                 "nvd/vunnel-fixture-single-entry.json"}) {
        WARDROUND_SHARED_DATA_OR_SKIP(path, relative);
        const nlohmann::json page = load_json(path);
        ASSERT_FALSE(page.is_discarded()) << path;
        for (const auto& vulnerability : page.at("vulnerabilities")) {
            const auto& cve = vulnerability.at("cve");
            if (!cve.contains("metrics")) {
                continue;
            }
            for (const char* key : {"cvssMetricV30", "cvssMetricV31"}) {
                for (const auto& metric : cve.at("metrics").value(key, nlohmann::json::array())) {
                    compare(metric.at("cvssData"), cve.at("id").get<std::string>(), tally);
                }
            }
        }
    }
    EXPECT_EQ(tally.compared, 186);
    EXPECT_EQ(tally.score_mismatches, 0);
    EXPECT_EQ(tally.severity_mismatches, 0);
}

// CISA's CSAF advisories carry vendor-supplied cvss_v3 blocks (some with temporal metrics): 516 of
// them, 241 distinct vectors, in csaf/ics, csaf/icsma and csaf/it.
TEST(CvssV3Shared, AgreesWithEveryCisaCsafScore) {
    WARDROUND_SHARED_DATA_OR_SKIP(root, "csaf");
    Tally tally;
    int documents = 0;
    for (const char* folder : {"ics", "icsma", "it"}) {
        for (const auto& entry : std::filesystem::directory_iterator(root + "/" + folder)) {
            if (entry.path().extension() != ".json") {
                continue;
            }
            const nlohmann::json document = load_json(entry.path().string());
            ASSERT_FALSE(document.is_discarded()) << entry.path();
            ++documents;
            for (const auto& vulnerability :
                 document.value("vulnerabilities", nlohmann::json::array())) {
                for (const auto& score : vulnerability.value("scores", nlohmann::json::array())) {
                    if (score.contains("cvss_v3")) {
                        compare(score.at("cvss_v3"), entry.path().filename().string(), tally);
                    }
                }
            }
        }
    }
    EXPECT_EQ(documents, 167);
    EXPECT_EQ(tally.compared, 516);
    EXPECT_EQ(tally.score_mismatches, 0);
    EXPECT_EQ(tally.severity_mismatches, 0);
}

}  // namespace
}  // namespace wardround::vuln::detail
