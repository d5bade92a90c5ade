// SPDX-License-Identifier: Apache-2.0
// Runs every matching case file in tests/data/match (see its README): one test per file.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/match/asset_matcher.h>

#include "match_cases.h"

namespace wardround::match {
namespace {

const std::filesystem::path kCaseDir = std::filesystem::path(WARDROUND_FIXTURE_DIR) / "match";

std::vector<std::string> case_files() {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(kCaseDir)) {
        if (entry.path().extension() == ".test") {
            files.push_back(entry.path().filename().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string outcome_name(Truth truth) {
    return truth == Truth::kTrue ? "affected" : "not-evaluable";
}

class MatchCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MatchCaseTest, OutcomesAreExactlyTheExpectedOnes) {
    auto file = testing::read_case_file((kCaseDir / GetParam()).string());
    ASSERT_TRUE(file) << file.error().to_string();
    NvdIndex index;
    for (const CveSpec& cve : file->cves) {
        index.add(cve);
    }
    std::map<std::pair<std::string, std::string>, std::string> actual;
    for (const testing::CaseAsset& asset : file->assets) {
        std::vector<SoftwareVerdicts> verdicts;
        for (const std::string& cpe : asset.cpes) {
            auto software = Software::from_cpe(cpe);
            ASSERT_TRUE(software) << asset.name << ": " << software.error().to_string();
            verdicts.push_back(evaluate_software(index, *software));
        }
        std::vector<const SoftwareVerdicts*> pointers;
        for (const auto& list : verdicts) {
            pointers.push_back(&list);
        }
        for (const CveOutcome& outcome : evaluate_asset(index, pointers)) {
            actual[{asset.name, index.cves()[outcome.cve].id}] = outcome_name(outcome.truth);
        }
    }
    for (const auto& [key, expected] : file->expected) {
        const auto found = actual.find(key);
        const std::string got = found == actual.end() ? "unaffected" : found->second;
        EXPECT_EQ(got, expected) << key.first << " " << key.second;
    }
    for (const auto& [key, got] : actual) {
        EXPECT_TRUE(file->expected.count(key) > 0)
            << key.first << " " << key.second << " is " << got << " but not expected";
    }
}

INSTANTIATE_TEST_SUITE_P(CaseFiles,
                         MatchCaseTest,
                         ::testing::ValuesIn(case_files()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                             std::string name =
                                 param_info.param.substr(0, param_info.param.size() - 5);
                             for (char& c : name) {
                                 if (!std::isalnum(static_cast<unsigned char>(c))) {
                                     c = '_';
                                 }
                             }
                             return name;
                         });

}  // namespace
}  // namespace wardround::match
