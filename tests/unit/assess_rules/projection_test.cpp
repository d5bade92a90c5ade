// SPDX-License-Identifier: Apache-2.0
// Projection: the case file over small fixtures (tests/data/assess/cases/projection.yaml), and the
// built-in CAF 3.2 to Cyber Essentials crosswalk, whose coverage the test works out on its own
// from the crosswalk file.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <wardround/assess/crosswalk.h>
#include <wardround/assess/framework_yaml.h>
#include <wardround/assess/projection.h>

#include "case_files.h"
#include "fixtures.h"

namespace wardround::assess {
namespace {

using testing::case_place;
using testing::fixture_frameworks;
using testing::load_case_file;
using testing::read_fixture;
using testing::string_list;

// "achieved", "partially-achieved incomplete", "met", "not-applicable".
NodeState state_from(const std::string& text) {
    const bool incomplete = text.ends_with(" incomplete");
    const std::string word = incomplete ? text.substr(0, text.size() - 11) : text;
    if (const auto level = parse_achievement(word)) {
        return NodeState::outcome(*level, !incomplete);
    }
    for (const auto answer : {NodeAnswer::kMet, NodeAnswer::kNotMet, NodeAnswer::kNotApplicable}) {
        if (node_answer_name(answer) == word) {
            return NodeState::leaf(answer);
        }
    }
    ADD_FAILURE() << "unknown state '" << text << "'";
    return NodeState::unanswered();
}

const ProjectedNode* find_node(const Projection& projection, const std::string& id) {
    const auto found =
        std::find_if(projection.nodes.begin(), projection.nodes.end(),
                     [&](const ProjectedNode& node) { return node.target_node == id; });
    return found == projection.nodes.end() ? nullptr : &*found;
}

void check_evidence(const Projection& projection, const YAML::Node& expected) {
    for (const auto& entry : expected) {
        const ProjectedNode* node = find_node(projection, entry.first.as<std::string>());
        ASSERT_NE(node, nullptr) << entry.first.as<std::string>();
        std::vector<std::string> lines;
        for (const ProjectedEvidence& evidence : node->evidence) {
            lines.push_back(fmt::format("{} {} {} -> {}", evidence.source_node,
                                        relation_name(evidence.relation), evidence.state.describe(),
                                        coverage_name(evidence.gives)));
        }
        EXPECT_EQ(lines, string_list(entry.second)) << entry.first.as<std::string>();
    }
}

void check_projection_case(const YAML::Node& item, const std::vector<Crosswalk>& crosswalks) {
    const FrameworkList list(fixture_frameworks());
    const Framework* source = list.find_framework(item["source"].as<std::string>());
    const Framework* target = list.find_framework(item["target"].as<std::string>());
    ASSERT_TRUE(source != nullptr && target != nullptr);
    std::map<std::string, NodeState> states;
    for (const auto& entry : item["states"]) {
        states[entry.first.as<std::string>()] = state_from(entry.second.as<std::string>());
    }
    auto projection = project(
        *source,
        [&](const Node& node) {
            const auto found = states.find(node.id);
            return found == states.end() ? NodeState::unanswered() : found->second;
        },
        *target, crosswalks);
    ASSERT_TRUE(projection) << projection.error().to_string();
    std::map<std::string, std::string> coverage;
    for (const ProjectedNode& node : projection->nodes) {
        coverage[node.target_node] = std::string(coverage_name(node.coverage));
    }
    EXPECT_EQ(coverage, (item["coverage"].as<std::map<std::string, std::string>>()));
    const YAML::Node counts = item["counts"];
    EXPECT_EQ(projection->covered, counts["covered"].as<std::size_t>());
    EXPECT_EQ(projection->partial, counts["partial"].as<std::size_t>());
    EXPECT_EQ(projection->gaps, counts["gaps"].as<std::size_t>());
    EXPECT_EQ(projection->total, counts["total"].as<std::size_t>());
    EXPECT_EQ(projection->relations_not_on_answered_nodes,
              counts["not_on_answered_nodes"].as<std::size_t>());
    EXPECT_DOUBLE_EQ(projection->share_covered(), item["share_covered"].as<double>());
    if (item["evidence"]) {
        check_evidence(*projection, item["evidence"]);
    }
}

TEST(ProjectionTest, CaseFile) {
    const std::string name = "projection.yaml";
    const YAML::Node file = load_case_file(name);
    const FrameworkList list(fixture_frameworks());
    std::vector<Crosswalk> crosswalks;
    for (const std::string& crosswalk_file : string_list(file["crosswalks"])) {
        auto crosswalk = parse_crosswalk_yaml(read_fixture("assess/frameworks/" + crosswalk_file),
                                              crosswalk_file, list);
        ASSERT_TRUE(crosswalk) << crosswalk.error().to_string();
        crosswalks.push_back(std::move(*crosswalk));
    }
    ASSERT_GT(file["cases"].size(), 0U);
    for (const YAML::Node& item : file["cases"]) {
        SCOPED_TRACE(case_place(name, item));
        check_projection_case(item, crosswalks);
    }
}

TEST(ProjectionTest, FrameworksNoCrosswalkRelatesAreRefused) {
    const FrameworkList list(fixture_frameworks());
    auto projection = project(*list.find_framework("OUT-1.0"),
                              [](const Node&) { return NodeState::unanswered(); },
                              *list.find_framework("STD-2023-24"), {});
    ASSERT_FALSE(projection);
    EXPECT_EQ(projection.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(projection.error().message,
              "no crosswalk relates OUT-1.0 and STD-2023-24 in either direction");
}

// CAF 3.2 answers onto Cyber Essentials v3.2 through the built-in crosswalk. The expected figures
// come from the crosswalk file read as plain YAML: every pair is `intersects`, so an achieved
// outcome makes each requirement it names partial and nothing covered.
TEST(ProjectionTest, Caf32OntoCyberEssentialsThroughTheBuiltInCrosswalk) {
    auto frameworks = builtin_frameworks();
    ASSERT_TRUE(frameworks) << frameworks.error().to_string();
    const FrameworkList list(*frameworks);
    auto crosswalks = builtin_crosswalks(list);
    ASSERT_TRUE(crosswalks) << crosswalks.error().to_string();
    std::vector<Crosswalk> available;
    for (const CrosswalkLoad& load : *crosswalks) {
        if (load.crosswalk) {
            available.push_back(*load.crosswalk);
        }
    }
    const YAML::Node file = YAML::Load(read_fixture("../../data/crosswalks/caf-3.2--ce-3.2.yaml"));
    std::map<std::string, std::set<std::string>> targets_of;  // CAF outcome -> CE requirements
    std::set<std::string> every_target;
    for (const YAML::Node& pair : file["relations"]) {
        ASSERT_EQ(pair["relation"].as<std::string>(), "intersects");
        targets_of[pair["from"].as<std::string>()].insert(pair["to"].as<std::string>());
        every_target.insert(pair["to"].as<std::string>());
    }
    const Framework* caf = list.find_framework("CAF-3.2");
    const Framework* ce = list.find_framework("CE-3.2");
    ASSERT_TRUE(caf != nullptr && ce != nullptr);
    const std::size_t leaves = static_cast<std::size_t>(
        std::count_if(ce->nodes.begin(), ce->nodes.end(),
                      [](const Node& node) { return node.children.empty(); }));

    // Every outcome achieved.
    auto all = project(
        *caf, [](const Node&) { return NodeState::outcome(Achievement::kAchieved, true); }, *ce,
        available);
    ASSERT_TRUE(all) << all.error().to_string();
    EXPECT_EQ(all->total, leaves);
    EXPECT_EQ(all->covered, 0U);
    EXPECT_EQ(all->partial, every_target.size());
    EXPECT_EQ(all->gaps, leaves - every_target.size());
    EXPECT_EQ(all->crosswalks, std::vector<std::string>{"CAF-3.2--CE-3.2"});

    // Only B4.d (vulnerability management) achieved: its security update requirements.
    auto one = project(
        *caf,
        [](const Node& node) {
            return node.id == "B4.d" ? NodeState::outcome(Achievement::kAchieved, true)
                                     : NodeState::unanswered();
        },
        *ce, available);
    ASSERT_TRUE(one) << one.error().to_string();
    EXPECT_EQ(one->partial, targets_of.at("B4.d").size());
    EXPECT_EQ(one->covered + one->partial + one->gaps, one->total);

    // Read backwards: CE answers onto CAF outcomes, through the reversed crosswalk.
    auto back = project(
        *ce, [](const Node&) { return NodeState::leaf(NodeAnswer::kMet); }, *caf, available);
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(back->crosswalks, std::vector<std::string>{"CAF-3.2--CE-3.2 (reversed)"});
    EXPECT_EQ(back->total, caf->count(NodeType::kOutcome));
    EXPECT_EQ(back->partial, targets_of.size());
    EXPECT_EQ(back->covered, 0U);
}

}  // namespace
}  // namespace wardround::assess
