// SPDX-License-Identifier: Apache-2.0
// Priority and due dates on hand-made facts: each factor's points and words, the thresholds P1..P4
// at, just below and just above each one, the due date's rules (KEV first, then 14, 30 or 90 days
// by severity), and the policy file: every error it names and a valid one changing the outcome.
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include <wardround/findings/policy.h>

#include "support/inventory_test_support.h"

namespace wardround::findings {
namespace {

using testing::error_is;

constexpr double kTolerance = 1e-9;

// The factor names of a priority's reasons, in order.
std::vector<std::string> factors(const Priority& priority) {
    std::vector<std::string> out;
    for (const PriorityReason& reason : priority.reasons) {
        out.push_back(reason.factor);
    }
    return out;
}

Priority assess(const PriorityFacts& facts) {
    return assess_priority(facts, PriorityPolicy{});
}

// ---- each factor on its own, with the default policy ----

TEST(AssessPriority, NoFactsScoreNothingAndArePriorityFour) {
    const Priority priority = assess(PriorityFacts{});
    EXPECT_EQ(priority.level, "P4");
    EXPECT_EQ(priority.score, 0);
    EXPECT_TRUE(priority.reasons.empty());
}

TEST(AssessPriority, KevIsFortyPointsAndNamesItsDueDate) {
    PriorityFacts facts;
    facts.kev = true;
    facts.kev_due_date = "2022-08-10";
    const Priority priority = assess(facts);
    ASSERT_EQ(priority.reasons.size(), 1U);
    EXPECT_EQ(priority.reasons[0].factor, "kev");
    EXPECT_EQ(priority.reasons[0].points, 40);
    EXPECT_EQ(priority.reasons[0].detail, "listed in CISA KEV, due 2022-08-10");
    EXPECT_EQ(priority.score, 40);
    EXPECT_EQ(priority.level, "P3");

    facts.kev_due_date.clear();
    EXPECT_EQ(assess(facts).reasons.at(0).detail, "listed in CISA KEV");
}

TEST(AssessPriority, RansomwareAddsTenOnlyToAKevListing) {
    PriorityFacts facts;
    facts.kev = true;
    facts.ransomware = true;
    const Priority listed = assess(facts);
    EXPECT_EQ(factors(listed), (std::vector<std::string>{"kev", "ransomware"}));
    EXPECT_EQ(listed.reasons[1].points, 10);
    EXPECT_EQ(listed.reasons[1].detail, "known use in ransomware campaigns");
    EXPECT_EQ(listed.score, 50);
    EXPECT_EQ(listed.level, "P2");

    facts.kev = false;  // ransomware use is a KEV field: without the listing it counts nothing
    const Priority unlisted = assess(facts);
    EXPECT_TRUE(unlisted.reasons.empty());
    EXPECT_EQ(unlisted.score, 0);
}

TEST(AssessPriority, EpssIsTwentyFiveTimesTheProbability) {
    PriorityFacts facts;
    facts.epss = 0.5;
    facts.epss_percentile = 0.97;
    const Priority priority = assess(facts);
    ASSERT_EQ(factors(priority), std::vector<std::string>{"epss"});
    EXPECT_NEAR(priority.reasons[0].points, 12.5, kTolerance);
    EXPECT_EQ(priority.reasons[0].detail, "EPSS 0.500 (97.0th percentile)");
    EXPECT_EQ(priority.level, "P4");

    facts.epss = 1.0;
    facts.epss_percentile.reset();
    const Priority certain = assess(facts);
    EXPECT_NEAR(certain.score, 25, kTolerance);
    EXPECT_EQ(certain.reasons[0].detail, "EPSS 1.000");
    EXPECT_EQ(certain.level, "P3");

    facts.epss = 0.0;  // a score of zero is still a stated fact, worth nothing
    EXPECT_EQ(factors(assess(facts)), std::vector<std::string>{"epss"});
    EXPECT_EQ(assess(facts).score, 0);
}

TEST(AssessPriority, CvssIsThreeTimesTheBaseScoreWithItsVersionAndSource) {
    PriorityFacts facts;
    facts.cvss = 9.8;
    facts.cvss_version = "3.1";
    facts.cvss_source = "nvd@nist.gov";
    const Priority priority = assess(facts);
    ASSERT_EQ(factors(priority), std::vector<std::string>{"cvss"});
    EXPECT_NEAR(priority.reasons[0].points, 29.4, kTolerance);
    EXPECT_EQ(priority.reasons[0].detail, "CVSS 3.1 9.8 (nvd@nist.gov)");
    EXPECT_EQ(priority.level, "P3");

    facts.cvss = 10.0;
    EXPECT_NEAR(assess(facts).score, 30, kTolerance);
}

TEST(AssessPriority, ExposureFactorsAreTenPointsEach) {
    PriorityFacts facts;
    facts.internet_facing = true;
    const Priority internet = assess(facts);
    ASSERT_EQ(factors(internet), std::vector<std::string>{"internet-facing"});
    EXPECT_EQ(internet.reasons[0].points, 10);

    facts = {};
    facts.listening_service = true;
    const Priority listening = assess(facts);
    ASSERT_EQ(factors(listening), std::vector<std::string>{"listening-service"});
    EXPECT_EQ(listening.reasons[0].points, 10);
}

TEST(AssessPriority, HighCriticalityIsTenPointsCaseInsensitively) {
    for (const char* value : {"high", "Critical", "PATIENT-CRITICAL", "1"}) {
        PriorityFacts facts;
        facts.criticality = value;
        const Priority priority = assess(facts);
        ASSERT_EQ(factors(priority), std::vector<std::string>{"criticality"}) << value;
        EXPECT_EQ(priority.reasons[0].points, 10) << value;
        EXPECT_EQ(priority.reasons[0].detail, std::string("asset criticality ") + value);
    }
    for (const char* value : {"", "medium", "low", "2", "high-ish"}) {
        PriorityFacts facts;
        facts.criticality = value;
        EXPECT_TRUE(assess(facts).reasons.empty()) << value;
    }
}

TEST(AssessPriority, EveryFactorTogetherInTheirOrder) {
    PriorityFacts facts;
    facts.kev = true;
    facts.ransomware = true;
    facts.epss = 0.4;
    facts.cvss = 8.0;
    facts.internet_facing = true;
    facts.listening_service = true;
    facts.criticality = "high";
    const Priority priority = assess(facts);
    EXPECT_EQ(factors(priority),
              (std::vector<std::string>{"kev", "ransomware", "epss", "cvss", "internet-facing",
                                        "listening-service", "criticality"}));
    // 40 + 10 + 10 + 24 + 10 + 10 + 10
    EXPECT_NEAR(priority.score, 114, kTolerance);
    EXPECT_EQ(priority.level, "P1");
}

// ---- thresholds: a score at a threshold takes that level ----

struct ThresholdCase {
    const char* name;
    PriorityFacts facts;
    double score;
    const char* level;
};

PriorityFacts facts_of(bool kev,
                       bool ransomware,
                       bool internet,
                       bool listening,
                       std::optional<double> cvss,
                       std::optional<double> epss = std::nullopt) {
    PriorityFacts facts;
    facts.kev = kev;
    facts.ransomware = ransomware;
    facts.internet_facing = internet;
    facts.listening_service = listening;
    facts.cvss = cvss;
    facts.epss = epss;
    return facts;
}

class PriorityThresholdTest : public ::testing::TestWithParam<ThresholdCase> {};

TEST_P(PriorityThresholdTest, LevelFollowsTheScore) {
    const ThresholdCase& param = GetParam();
    const Priority priority = assess(param.facts);
    EXPECT_NEAR(priority.score, param.score, kTolerance);
    EXPECT_EQ(priority.level, param.level);
}

INSTANTIATE_TEST_SUITE_P(
    Defaults,
    PriorityThresholdTest,
    ::testing::Values(
        // P1 at 70: KEV 40 + ransomware 10 + internet 10 + listening 10.
        ThresholdCase{"p1_at", facts_of(true, true, true, true, std::nullopt), 70, "P1"},
        ThresholdCase{"p1_above", facts_of(true, false, true, true, 3.4), 70.2, "P1"},
        ThresholdCase{"p1_just_below", facts_of(true, false, true, true, 3.3), 69.9, "P2"},
        // P2 at 45: KEV 40 + EPSS 0.2 (exactly 5 points).
        ThresholdCase{"p2_at", facts_of(true, false, false, false, std::nullopt, 0.2), 45, "P2"},
        ThresholdCase{"p2_above", facts_of(true, false, false, false, 1.7), 45.1, "P2"},
        ThresholdCase{"p2_just_below", facts_of(true, false, false, false, 1.6), 44.8, "P3"},
        // P3 at 20: internet 10 + listening 10.
        ThresholdCase{"p3_at", facts_of(false, false, true, true, std::nullopt), 20, "P3"},
        ThresholdCase{"p3_above", facts_of(false, false, true, false, 3.4), 20.2, "P3"},
        ThresholdCase{"p3_just_below", facts_of(false, false, true, false, 3.3), 19.9, "P4"}),
    [](const ::testing::TestParamInfo<ThresholdCase>& param) {
        return std::string(param.param.name);
    });

TEST(AssessPriority, ThresholdsComeFromThePolicy) {
    PriorityPolicy policy;
    policy.p1 = 30;
    policy.p2 = 20;
    policy.p3 = 10;
    PriorityFacts facts;
    facts.internet_facing = true;
    EXPECT_EQ(assess_priority(facts, policy).level, "P3");
    facts.listening_service = true;
    EXPECT_EQ(assess_priority(facts, policy).level, "P2");
    facts.criticality = "high";
    EXPECT_EQ(assess_priority(facts, policy).level, "P1");
    policy.internet_facing = 0;  // a factor worth nothing is still named
    const Priority priority = assess_priority(facts, policy);
    EXPECT_EQ(priority.level, "P2");
    EXPECT_EQ(priority.reasons.at(0).factor, "internet-facing");
    EXPECT_EQ(priority.reasons.at(0).points, 0);
}

// ---- due dates ----

TEST(DueDate, KevDueDateWinsEvenWhenItHasPassed) {
    PriorityFacts facts;
    facts.kev = true;
    facts.kev_due_date = "2022-08-10";
    facts.cvss = 9.8;
    EXPECT_EQ(due_date(facts, PriorityPolicy{}, "2026-01-12"), "2022-08-10");
    EXPECT_EQ(due_date(facts, PriorityPolicy{}, "2020-01-01"), "2022-08-10");
}

TEST(DueDate, KevWithoutADueDateFallsBackToSeverity) {
    PriorityFacts facts;
    facts.kev = true;
    facts.cvss = 9.8;
    EXPECT_EQ(due_date(facts, PriorityPolicy{}, "2026-01-12"), "2026-01-26");
}

TEST(DueDate, DaysBySeverity) {
    const PriorityPolicy policy;
    const auto due = [&policy](std::optional<double> cvss, bool vendor_high) {
        PriorityFacts facts;
        facts.cvss = cvss;
        facts.vendor_high = vendor_high;
        return due_date(facts, policy, "2026-01-12");
    };
    EXPECT_EQ(due(10.0, false), "2026-01-26");  // high: 14 days
    EXPECT_EQ(due(7.0, false), "2026-01-26");   // 7.0 is high
    EXPECT_EQ(due(6.9, false), "2026-02-11");   // medium: 30 days
    EXPECT_EQ(due(4.0, false), "2026-02-11");   // 4.0 is medium
    EXPECT_EQ(due(3.9, false), "2026-04-12");   // low: 90 days
    EXPECT_EQ(due(0.0, false), "2026-04-12");
    EXPECT_EQ(due(std::nullopt, false), "2026-04-12");  // no score: the rest
    // The vendor (CNA) rating critical or high counts as high whatever NVD's score.
    EXPECT_EQ(due(5.3, true), "2026-01-26");
    EXPECT_EQ(due(std::nullopt, true), "2026-01-26");
}

TEST(DueDate, CountsFromTheDateOfATimestampAcrossMonthsYearsAndLeapDays) {
    PriorityFacts facts;
    facts.cvss = 7.5;
    EXPECT_EQ(due_date(facts, PriorityPolicy{}, "2026-01-12T23:59:59.999Z"), "2026-01-26");
    EXPECT_EQ(due_date(facts, PriorityPolicy{}, "2025-12-20"), "2026-01-03");
    EXPECT_EQ(due_date(facts, PriorityPolicy{}, "2028-02-20"), "2028-03-05");
    facts.cvss = 2.0;
    EXPECT_EQ(due_date(facts, PriorityPolicy{}, "2027-12-31"), "2028-03-30");
}

TEST(DueDate, PolicyDays) {
    PriorityPolicy policy;
    policy.high_days = 7;
    policy.medium_days = 0;
    policy.low_days = 365;
    PriorityFacts facts;
    facts.cvss = 8.0;
    EXPECT_EQ(due_date(facts, policy, "2026-01-12"), "2026-01-19");
    facts.cvss = 5.0;
    EXPECT_EQ(due_date(facts, policy, "2026-01-12"), "2026-01-12");
    facts.cvss = 1.0;
    EXPECT_EQ(due_date(facts, policy, "2026-01-12"), "2027-01-12");
}

TEST(DueDate, NoDateToCountFromGivesNone) {
    PriorityFacts facts;
    facts.cvss = 8.0;
    EXPECT_EQ(due_date(facts, PriorityPolicy{}, ""), "");
    EXPECT_EQ(due_date(facts, PriorityPolicy{}, "12/01/2026"), "");
}

// ---- the policy file ----

class PolicyFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("wardround_policy_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // Writes `text` to a file of the test's own and returns its path.
    std::string write(const std::string& name, const std::string& text) {
        const std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    // The error of loading `text`, which must fail.
    Error error_of(const std::string& text) {
        const std::string path = write("policy.json", text);
        auto policy = load_priority_policy(path);
        EXPECT_FALSE(policy.has_value()) << text;
        return policy ? Error{} : policy.error();
    }

    std::string path() const { return (dir_ / "policy.json").string(); }

private:
    std::filesystem::path dir_;
};

TEST_F(PolicyFileTest, AMissingFileIsNotFound) {
    const std::string missing = path() + ".absent";
    auto policy = load_priority_policy(missing);
    ASSERT_FALSE(policy.has_value());
    EXPECT_TRUE(error_is(policy.error(), ErrorCode::kNotFound, missing));
}

TEST_F(PolicyFileTest, NotJson) {
    EXPECT_TRUE(error_is(error_of("{\"points\": {\"kev\": 40}"), ErrorCode::kInvalidArgument,
                         path(), "not valid JSON"));
    EXPECT_TRUE(error_is(error_of(""), ErrorCode::kInvalidArgument, path(), "not valid JSON"));
    EXPECT_TRUE(error_is(error_of("[1, 2]"), ErrorCode::kInvalidArgument, path() + " $",
                         "expected a JSON object"));
}

TEST_F(PolicyFileTest, UnknownKeysNameTheirJsonPath) {
    EXPECT_TRUE(error_is(error_of(R"({"colour": "red"})"), ErrorCode::kInvalidArgument,
                         path() + " $.colour", "unknown key"));
    EXPECT_TRUE(error_is(error_of(R"({"points": {"kev": 40, "bogus": 1}})"),
                         ErrorCode::kInvalidArgument, path() + " $.points.bogus", "unknown key"));
    EXPECT_TRUE(error_is(error_of(R"({"thresholds": {"p4": 1}})"), ErrorCode::kInvalidArgument,
                         path() + " $.thresholds.p4", "unknown key"));
    EXPECT_TRUE(error_is(error_of(R"({"due_days": {"critical": 7}})"), ErrorCode::kInvalidArgument,
                         path() + " $.due_days.critical", "unknown key"));
    // A points name in the wrong group is unknown there.
    EXPECT_TRUE(error_is(error_of(R"({"thresholds": {"kev": 1}})"), ErrorCode::kInvalidArgument,
                         path() + " $.thresholds.kev", "unknown key"));
}

TEST_F(PolicyFileTest, NegativeNumbersAndWrongTypes) {
    EXPECT_TRUE(error_is(error_of(R"({"points": {"kev": -1}})"), ErrorCode::kInvalidArgument,
                         path() + " $.points.kev", "must not be negative"));
    EXPECT_TRUE(error_is(error_of(R"({"thresholds": {"p3": -0.5}})"), ErrorCode::kInvalidArgument,
                         path() + " $.thresholds.p3", "must not be negative"));
    EXPECT_TRUE(error_is(error_of(R"({"points": {"cvss": "3"}})"), ErrorCode::kInvalidArgument,
                         path() + " $.points.cvss", "expected a number"));
    EXPECT_TRUE(error_is(error_of(R"({"points": 5})"), ErrorCode::kInvalidArgument,
                         path() + " $.points", "expected an object"));
    EXPECT_TRUE(error_is(error_of(R"({"due_days": {"high": -1}})"), ErrorCode::kInvalidArgument,
                         path() + " $.due_days.high", "whole days"));
    EXPECT_TRUE(error_is(error_of(R"({"due_days": {"low": 1.5}})"), ErrorCode::kInvalidArgument,
                         path() + " $.due_days.low", "whole days"));
    EXPECT_TRUE(error_is(error_of(R"({"due_days": {"medium": 3651}})"), ErrorCode::kInvalidArgument,
                         path() + " $.due_days.medium", "whole days"));
    EXPECT_TRUE(error_is(error_of(R"({"high_criticality": "high"})"), ErrorCode::kInvalidArgument,
                         path() + " $.high_criticality", "array of strings"));
    EXPECT_TRUE(error_is(error_of(R"({"high_criticality": ["high", 1]})"),
                         ErrorCode::kInvalidArgument, path() + " $.high_criticality",
                         "array of strings"));
}

TEST_F(PolicyFileTest, ThresholdsMustFall) {
    for (const char* text : {R"({"thresholds": {"p1": 40}})",  // below the default p2 of 45
                             R"({"thresholds": {"p1": 50, "p2": 50, "p3": 10}})",
                             R"({"thresholds": {"p1": 50, "p2": 30, "p3": 30}})",
                             R"({"thresholds": {"p1": 10, "p2": 20, "p3": 30}})"}) {
        EXPECT_TRUE(error_is(error_of(text), ErrorCode::kInvalidArgument, path() + " $.thresholds",
                             "p1 > p2 > p3"))
            << text;
    }
}

TEST_F(PolicyFileTest, AnEmptyObjectKeepsTheDefaults) {
    auto policy = load_priority_policy(write("policy.json", "{}"));
    ASSERT_TRUE(policy.has_value()) << policy.error().to_string();
    const PriorityPolicy defaults;
    EXPECT_EQ(policy->kev, defaults.kev);
    EXPECT_EQ(policy->cvss, defaults.cvss);
    EXPECT_EQ(policy->p1, defaults.p1);
    EXPECT_EQ(policy->p2, defaults.p2);
    EXPECT_EQ(policy->p3, defaults.p3);
    EXPECT_EQ(policy->high_days, defaults.high_days);
    EXPECT_EQ(policy->high_criticality, defaults.high_criticality);
}

TEST_F(PolicyFileTest, AValidFileChangesTheOutcome) {
    auto policy = load_priority_policy(write("policy.json", R"({
        "points": {"kev": 80, "epss": 0, "internet_facing": 30, "critical_asset": 25},
        "thresholds": {"p1": 90, "p2": 60, "p3": 30},
        "due_days": {"high": 7, "medium": 21, "low": 60},
        "high_criticality": ["Tier-1", "LIFE-SUPPORT"]
    })"));
    ASSERT_TRUE(policy.has_value()) << policy.error().to_string();
    EXPECT_EQ(policy->kev, 80);
    EXPECT_EQ(policy->ransomware, 10);  // left out: the default
    EXPECT_EQ(policy->internet_facing, 30);
    EXPECT_EQ(policy->p1, 90);
    EXPECT_EQ(policy->high_days, 7);
    EXPECT_EQ(policy->low_days, 60);
    EXPECT_EQ(policy->high_criticality, (std::vector<std::string>{"tier-1", "life-support"}));

    PriorityFacts facts;
    facts.kev = true;
    EXPECT_EQ(assess(facts).level, "P3");                    // 40 by default
    EXPECT_EQ(assess_priority(facts, *policy).level, "P2");  // 80
    facts.internet_facing = true;
    EXPECT_EQ(assess(facts).level, "P2");                    // 50
    EXPECT_EQ(assess_priority(facts, *policy).level, "P1");  // 110

    PriorityFacts device;
    device.criticality = "Life-Support";
    EXPECT_EQ(assess(device).score, 0);
    EXPECT_EQ(assess_priority(device, *policy).score, 25);
    device.criticality = "high";  // no longer on the organisation's list
    EXPECT_EQ(assess_priority(device, *policy).score, 0);

    PriorityFacts epss;
    epss.epss = 0.9;
    EXPECT_EQ(assess_priority(epss, *policy).score, 0);
    EXPECT_EQ(factors(assess_priority(epss, *policy)), std::vector<std::string>{"epss"});

    PriorityFacts medium;
    medium.cvss = 5.0;
    EXPECT_EQ(due_date(medium, *policy, "2026-01-12"), "2026-02-02");
    medium.cvss = 9.0;
    EXPECT_EQ(due_date(medium, *policy, "2026-01-12"), "2026-01-19");
}

}  // namespace
}  // namespace wardround::findings
