// SPDX-License-Identifier: Apache-2.0
// The fast matcher (NvdIndex, evaluate_software, evaluate_asset) against the naive reference
// (reference_matcher.h): on the case files in tests/data/match, the reference must give exactly
// the expected outcomes; on random knowledge bases and estates from fixed seeds, both must give
// the same outcome for every asset and CVE. A disagreement is printed, shrunk, as a case file.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/match/reference_matcher.h>

#include "diff_case.h"
#include "unit/match/match_cases.h"

namespace wardround::match {
namespace {

const std::filesystem::path kCaseDir = std::filesystem::path(WARDROUND_FIXTURE_DIR) / "match";
// Cases the two matchers disagreed on, with the reference's outcomes (see the file).
const std::filesystem::path kDivergences =
    std::filesystem::path(WARDROUND_MATCH_DIFF_CASES) / "divergences.test";

// Seeds 1..kSeeds, each a knowledge base with up to three assets: thousands of asset and CVE
// pairs in about two seconds.
constexpr std::uint64_t kSeeds = 4000;
// Disagreements printed in full (each shrunk); the rest are counted.
constexpr int kPrinted = 5;

std::vector<std::string> case_files() {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(kCaseDir)) {
        if (entry.path().extension() == ".test") {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    files.push_back(kDivergences.string());
    return files;
}

class ReferenceCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ReferenceCaseTest, ReferenceGivesTheExpectedOutcomes) {
    auto file = testing::read_case_file(GetParam());
    ASSERT_TRUE(file) << file.error().to_string();
    ASSERT_FALSE(file->assets.empty());
    for (const testing::CaseAsset& asset : file->assets) {
        auto outcomes = reference_match(file->cves, asset.cpes);
        ASSERT_TRUE(outcomes) << outcomes.error().to_string();
        for (std::size_t v = 0; v < file->cves.size(); ++v) {
            const auto found = file->expected.find({asset.name, file->cves[v].id});
            const std::string expected =
                found == file->expected.end() ? "unaffected" : found->second;
            EXPECT_EQ(reference_outcome_name((*outcomes)[v]), expected)
                << asset.name << " " << file->cves[v].id;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(CaseFiles,
                         ReferenceCaseTest,
                         ::testing::ValuesIn(case_files()),
                         [](const ::testing::TestParamInfo<std::string>& file) {
                             const std::string base =
                                 std::filesystem::path(file.param).filename().string();
                             std::string name = base.substr(0, base.size() - 5);
                             for (char& c : name) {
                                 if (!std::isalnum(static_cast<unsigned char>(c))) {
                                     c = '_';
                                 }
                             }
                             return name;
                         });

TEST(MatchDiffTest, RandomEstatesGiveTheSameOutcomes) {
    int disagreements = 0;
    std::size_t pairs = 0;
    std::map<std::string, int> outcomes_seen;
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        testing::SeededChooser chooser(seed);
        const testing::DiffCase diff_case =
            testing::generate_case(chooser, testing::agreed_shapes());
        auto differences = testing::compare_matchers(diff_case);
        ASSERT_TRUE(differences) << "seed " << seed << ": " << differences.error().to_string();
        for (const testing::DiffAsset& asset : diff_case.assets) {
            auto outcomes = reference_match(diff_case.cves, asset.cpes);
            ASSERT_TRUE(outcomes);
            for (const ReferenceOutcome outcome : *outcomes) {
                ++outcomes_seen[std::string(reference_outcome_name(outcome))];
                ++pairs;
            }
        }
        if (differences->empty()) {
            continue;
        }
        ++disagreements;
        if (disagreements <= kPrinted) {
            ADD_FAILURE() << testing::format_case(
                testing::shrink(diff_case), "differential case from seed " + std::to_string(seed) +
                                                ": expectations are the reference matcher's");
        }
    }
    EXPECT_EQ(disagreements, 0) << "of " << kSeeds << " seeds";
    // The generator must reach every outcome often, or agreeing would prove little.
    EXPECT_GT(pairs, kSeeds * 4);
    for (const char* outcome : {"affected", "not-evaluable", "unaffected"}) {
        EXPECT_GT(outcomes_seen[outcome], static_cast<int>(kSeeds / 10)) << outcome;
    }
}

TEST(MatchDiffTest, ASeedGivesTheSameCaseEveryTime) {
    testing::SeededChooser first(42);
    testing::SeededChooser second(42);
    const testing::DiffCase a = testing::generate_case(first);
    const testing::DiffCase b = testing::generate_case(second);
    ASSERT_FALSE(a.cves.empty());
    ASSERT_FALSE(a.assets.empty());
    EXPECT_EQ(testing::format_case(a, "seed 42"), testing::format_case(b, "seed 42"));
}

CveSpec one_node_cve(std::string id, bool all, const std::vector<std::string>& criteria) {
    NodeSpec node;
    node.all = all;
    for (const std::string& text : criteria) {
        CpeMatchSpec entry;
        entry.criteria = text;
        node.matches.push_back(entry);
    }
    ConfigurationSpec configuration;
    configuration.nodes.push_back(node);
    CveSpec cve;
    cve.id = std::move(id);
    cve.configurations.push_back(configuration);
    return cve;
}

TEST(ReferenceMatcherTest, NameThatIsNotCpe23IsAnError) {
    const std::vector<CveSpec> cves{
        one_node_cve("CVE-2000-0001", false, {"cpe:2.3:a:x:y:*:*:*:*:*:*:*:*"})};
    auto outcomes = reference_match(cves, {"cpe:/a:x:y:1.0"});
    ASSERT_FALSE(outcomes);
    EXPECT_EQ(outcomes.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(outcomes.error().message.find("cpe:/a:x:y:1.0"), std::string::npos);
}

TEST(ReferenceMatcherTest, CriterionThatIsNotCpe23NeverHolds) {
    // An AND node needs both entries: one that cannot be read keeps it from holding; in an OR node
    // the other entry still can.
    const std::vector<std::string> entries{"cpe:2.3:a:x:y:*:*:*:*:*:*:*:*", "cpe:2.3:a:x:y"};
    const std::vector<CveSpec> cves{one_node_cve("CVE-2000-0001", true, entries),
                                    one_node_cve("CVE-2000-0002", false, entries)};
    auto outcomes = reference_match(cves, {"cpe:2.3:a:x:y:1.0:*:*:*:*:*:*:*"});
    ASSERT_TRUE(outcomes) << outcomes.error().to_string();
    EXPECT_EQ((*outcomes)[0], ReferenceOutcome::kUnaffected);
    EXPECT_EQ((*outcomes)[1], ReferenceOutcome::kAffected);
}

}  // namespace
}  // namespace wardround::match
