// SPDX-License-Identifier: Apache-2.0
// The classic DSPT status from the case file tests/data/assess/cases/dspt_status.yaml, and the
// published names.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include <wardround/assess/assessment_rules.h>
#include <wardround/assess/framework_yaml.h>

#include "case_files.h"
#include "fixtures.h"

namespace wardround::assess {
namespace {

using testing::case_place;
using testing::load_case_file;
using testing::string_list;

const Framework& standards_fixture() {
    const auto& frameworks = testing::fixture_frameworks();
    const auto found = std::find_if(frameworks.begin(), frameworks.end(), [](const Framework& f) {
        return f.qualified_id() == "STD-2023-24";
    });
    EXPECT_NE(found, frameworks.end());
    return *found;
}

DsptInputs inputs_from(const YAML::Node& item,
                       const std::map<std::string, EvidenceAnswer>& answers,
                       const std::set<std::string>& plan) {
    DsptInputs inputs;
    inputs.framework = &standards_fixture();
    inputs.category = item["category"].as<std::string>();
    inputs.period = item["period"].as<std::string>();
    inputs.every_item_mandatory =
        item["every_item_mandatory"] && item["every_item_mandatory"].as<bool>();
    inputs.answer = [&answers](const Node& node) {
        const auto found = answers.find(node.id);
        return found == answers.end() ? EvidenceAnswer::kUnanswered : found->second;
    };
    inputs.in_improvement_plan = [&plan](const Node& node) {
        return plan.contains(node.id);
    };
    for (const std::string& name : string_list(item["certifications"])) {
        const auto certification = parse_certification(name);
        EXPECT_TRUE(certification) << name;
        inputs.certifications.push_back(certification.value_or(Certification::kIso27001));
    }
    return inputs;
}

void check_dspt_case(const YAML::Node& item) {
    std::map<std::string, EvidenceAnswer> answers;
    for (const auto& answer : item["answers"]) {
        const auto parsed = parse_evidence_answer(answer.second.as<std::string>());
        EXPECT_TRUE(parsed) << answer.second.as<std::string>();
        answers[answer.first.as<std::string>()] = parsed.value_or(EvidenceAnswer::kUnanswered);
    }
    const auto plan_list = string_list(item["plan"]);
    const std::set<std::string> plan(plan_list.begin(), plan_list.end());
    auto result = dspt_status(inputs_from(item, answers, plan));
    if (item["error"]) {
        ASSERT_FALSE(result) << dspt_status_name(result->status);
        EXPECT_EQ(error_code_name(result.error().code), item["error"].as<std::string>());
        EXPECT_EQ(result.error().message, item["message"].as<std::string>());
        return;
    }
    ASSERT_TRUE(result) << result.error().to_string();
    EXPECT_EQ(dspt_status_name(result->status), item["status"].as<std::string>());
    const std::map<std::string, const std::vector<std::string>*> lists = {
        {"mandatory", &result->mandatory},
        {"unmet", &result->unmet},
        {"unanswered", &result->unanswered},
        {"without_plan", &result->without_plan},
        {"not_applicable", &result->not_applicable}};
    for (const auto& [key, list] : lists) {
        if (item[key]) {
            EXPECT_EQ(*list, string_list(item[key])) << key;
        }
    }
    if (item["reason"]) {
        EXPECT_EQ(result->reason, item["reason"].as<std::string>());
    }
}

TEST(DsptStatusTest, CaseFile) {
    const std::string name = "dspt_status.yaml";
    const YAML::Node file = load_case_file(name);
    ASSERT_EQ(file["framework"].as<std::string>(), "std-mini.yaml");
    ASSERT_GT(file["cases"].size(), 0U);
    for (const YAML::Node& item : file["cases"]) {
        SCOPED_TRACE(case_place(name, item));
        check_dspt_case(item);
    }
}

TEST(DsptStatusTest, RefusesWhatIsNotAStandardsFramework) {
    DsptInputs inputs;
    auto none = dspt_status(inputs);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);
    const auto& frameworks = testing::fixture_frameworks();
    inputs.framework = &frameworks.front();  // OUT-1.0, of kind outcomes
    EXPECT_FALSE(dspt_status(inputs));
}

TEST(DsptStatusTest, TheBuiltInClassicOutlineHasNoFlagsSoItIsNeverMetByDefault) {
    auto frameworks = builtin_frameworks();
    ASSERT_TRUE(frameworks) << frameworks.error().to_string();
    const Framework* classic = FrameworkList(*frameworks).find_framework("DSPT-2023-24");
    ASSERT_NE(classic, nullptr);
    DsptInputs inputs;
    inputs.framework = classic;
    inputs.category = "category-1";
    inputs.period = "2023-24";
    inputs.answer = [](const Node&) {
        return EvidenceAnswer::kMet;
    };
    auto result = dspt_status(inputs);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
}

TEST(DsptStatusTest, PublishedNamesWithAndWithoutTheYear) {
    for (const auto status : {DsptStatus::kStandardsExceeded, DsptStatus::kStandardsMet,
                              DsptStatus::kApproachingStandards, DsptStatus::kStandardsNotMet}) {
        EXPECT_EQ(parse_dspt_status(dspt_status_name(status)), status);
    }
    EXPECT_EQ(parse_dspt_status("22/23 Standards Met"), DsptStatus::kStandardsMet);
    EXPECT_EQ(parse_dspt_status("20/21 Approaching Standards"), DsptStatus::kApproachingStandards);
    EXPECT_FALSE(parse_dspt_status("Not Published"));
    EXPECT_FALSE(parse_dspt_status("standards met"));
    EXPECT_EQ(parse_certification("cyber-essentials-plus"), Certification::kCyberEssentialsPlus);
    EXPECT_EQ(evidence_answer_name(EvidenceAnswer::kNotMet), "not-met");
}

}  // namespace
}  // namespace wardround::assess
