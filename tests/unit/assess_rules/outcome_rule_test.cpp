// SPDX-License-Identifier: Apache-2.0
// The CAF outcome rule from case files (every combination of answers on small outcomes, and the
// reasons in words), outcomes answered directly, and the comparison with a profile.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include <wardround/assess/assessment_rules.h>

#include "case_files.h"

namespace wardround::assess {
namespace {

using testing::case_files;
using testing::case_place;
using testing::load_case_file;
using testing::string_list;

// The case file's outcome: an id, whether it has a Partially achieved column, and indicator ids
// per column (texts do not matter to the rule).
Node outcome_from(const YAML::Node& spec) {
    Node outcome;
    outcome.id = spec["id"].as<std::string>();
    outcome.type = NodeType::kOutcome;
    outcome.partially_achieved = spec["partially_achieved"].as<bool>();
    const YAML::Node indicators = spec["indicators"];
    for (const auto column : {IndicatorColumn::kAchieved, IndicatorColumn::kPartiallyAchieved,
                              IndicatorColumn::kNotAchieved}) {
        for (const std::string& id :
             string_list(indicators[std::string(indicator_column_name(column))])) {
            outcome.indicators.push_back({id, "", column});
        }
    }
    return outcome;
}

std::map<std::string, IndicatorAnswer> answers_from(const YAML::Node& list) {
    std::map<std::string, IndicatorAnswer> answers;
    for (const auto& answer : list) {
        const auto parsed = parse_indicator_answer(answer.second.as<std::string>());
        EXPECT_TRUE(parsed) << answer.second.as<std::string>();
        answers[answer.first.as<std::string>()] = parsed.value_or(IndicatorAnswer::kUnanswered);
    }
    return answers;
}

void check_outcome_case(const Node& outcome, const YAML::Node& item) {
    const auto answers = answers_from(item["answers"]);
    std::size_t asked = 0;
    const OutcomeResult result = outcome_status(outcome, [&](const Indicator& indicator) {
        ++asked;
        const auto found = answers.find(indicator.id);
        return found == answers.end() ? IndicatorAnswer::kUnanswered : found->second;
    });
    EXPECT_EQ(asked, outcome.indicators.size()) << "asked once each";
    const std::string expected = item["achievement"].as<std::string>();
    EXPECT_EQ(achievement_name(result.achievement), expected);
    EXPECT_EQ(result.complete, item["complete"].as<bool>());
    const std::string at_best = item["at_best"] ? item["at_best"].as<std::string>() : expected;
    EXPECT_EQ(achievement_name(result.at_best), at_best);
    EXPECT_TRUE(result.complete || result.achievement != Achievement::kAchieved)
        << "an incomplete outcome is never achieved";
    if (item["reason"]) {
        EXPECT_EQ(result.reason, item["reason"].as<std::string>());
    }
    if (item["unanswered"]) {
        EXPECT_EQ(result.unanswered, string_list(item["unanswered"]));
    }
    if (item["counted_as_holding"]) {
        EXPECT_EQ(result.counted_as_holding, string_list(item["counted_as_holding"]));
    }
}

class OutcomeRuleCases : public ::testing::TestWithParam<std::string> {};

TEST_P(OutcomeRuleCases, EachCaseGivesItsLevelAndCompleteness) {
    const YAML::Node file = load_case_file(GetParam());
    const Node outcome = outcome_from(file["outcome"]);
    ASSERT_GT(file["cases"].size(), 0U);
    for (const YAML::Node& item : file["cases"]) {
        SCOPED_TRACE(case_place(GetParam(), item));
        check_outcome_case(outcome, item);
    }
}

INSTANTIATE_TEST_SUITE_P(CaseFiles,
                         OutcomeRuleCases,
                         ::testing::ValuesIn(case_files("outcome_rule_")),
                         testing::case_name);

TEST(OutcomeRuleTest, AnOutcomeWithoutIndicatorsIsAnsweredDirectly) {
    Node outcome;
    outcome.id = "E2.b";
    outcome.type = NodeType::kOutcome;
    const OutcomeResult by_rule =
        outcome_status(outcome, [](const Indicator&) { return IndicatorAnswer::kTrue; });
    EXPECT_FALSE(by_rule.complete);
    EXPECT_EQ(by_rule.achievement, Achievement::kNotAchieved);
    EXPECT_EQ(by_rule.reason,
              "the outcome has no indicators: it is answered with a level, not by the rule");

    const OutcomeResult direct = outcome_status_direct(Achievement::kPartiallyAchieved);
    EXPECT_TRUE(direct.complete);
    EXPECT_EQ(direct.achievement, Achievement::kPartiallyAchieved);
    EXPECT_EQ(direct.reason, "answered partially-achieved directly");

    const OutcomeResult unanswered = outcome_status_direct(std::nullopt);
    EXPECT_FALSE(unanswered.complete);
    EXPECT_EQ(unanswered.achievement, Achievement::kNotAchieved);
}

TEST(OutcomeRuleTest, NamesRoundTripAndStrangersAreRefused) {
    for (const auto level :
         {Achievement::kNotAchieved, Achievement::kPartiallyAchieved, Achievement::kAchieved}) {
        EXPECT_EQ(parse_achievement(achievement_name(level)), level);
    }
    EXPECT_FALSE(parse_achievement("Achieved"));
    EXPECT_FALSE(parse_achievement("partially_achieved"));
    EXPECT_EQ(parse_indicator_answer("not-applicable"), IndicatorAnswer::kNotApplicable);
    EXPECT_FALSE(parse_indicator_answer("yes"));
}

TEST(ProfileCompareTest, CaseFile) {
    const std::string name = "profile_compare.yaml";
    const YAML::Node file = load_case_file(name);
    ASSERT_EQ(file["cases"].size(), 12U);
    for (const YAML::Node& item : file["cases"]) {
        SCOPED_TRACE(case_place(name, item));
        const auto actual = parse_achievement(item["actual"].as<std::string>());
        ASSERT_TRUE(actual);
        std::optional<Achievement> expected;
        if (item["expected"]) {
            expected = parse_achievement(item["expected"].as<std::string>());
            ASSERT_TRUE(expected);
        }
        const ProfileGap gap = compare(*actual, expected);
        EXPECT_EQ(profile_standing_name(gap.standing), item["standing"].as<std::string>());
        EXPECT_EQ(gap.levels_below, item["levels_below"].as<int>());
    }
}

}  // namespace
}  // namespace wardround::assess
