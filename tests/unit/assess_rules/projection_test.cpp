// SPDX-License-Identifier: Apache-2.0
// Projection: the case files over small fixtures (tests/data/assess/cases/projection*.yaml: the
// rule, and routes through inherited and composed crosswalks), and the built-in crosswalks: CAF
// 3.2 to Cyber Essentials, whose coverage the test works out on its own from the crosswalk file,
// and the CAF-aligned DSPT through the CAF 3.2 ones it inherits.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <wardround/assess/crosswalk.h>
#include <wardround/assess/framework_yaml.h>
#include <wardround/assess/projection.h>

#include "case_files.h"
#include "fixtures.h"

namespace wardround::assess {
namespace {

using testing::case_files;
using testing::case_name;
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
            lines.push_back(fmt::format("{} {} {} -> {}{}", evidence.source_node,
                                        relation_name(evidence.relation), evidence.state.describe(),
                                        coverage_name(evidence.gives),
                                        evidence.note.empty() ? "" : " / " + evidence.note));
        }
        EXPECT_EQ(lines, string_list(entry.second)) << entry.first.as<std::string>();
    }
}

// The figures under the names the case files use.
std::map<std::string, std::size_t> figures_of(const Projection& projection) {
    return {{"covered", projection.covered},
            {"partial", projection.partial},
            {"gaps", projection.gaps},
            {"total", projection.total},
            {"not_on_answered_nodes", projection.relations_not_on_answered_nodes},
            {"compositions_dropped", projection.compositions_dropped},
            {"not_inherited", projection.relations_not_inherited}};
}

// `counts` as written, the two figures of routes other than a crosswalk as written 0 unless given.
void check_counts(const Projection& projection, const YAML::Node& item) {
    std::map<std::string, std::size_t> expected = {{"compositions_dropped", 0},
                                                   {"not_inherited", 0}};
    for (const auto& entry : item["counts"]) {
        expected[entry.first.as<std::string>()] = entry.second.as<std::size_t>();
    }
    EXPECT_EQ(figures_of(projection), expected);
    EXPECT_DOUBLE_EQ(projection.share_covered(), item["share_covered"].as<double>());
}

// A case file's frameworks (the fixtures and its inline ones) and crosswalks (fixture files and
// inline ones), in file order.
struct CaseSetting {
    std::vector<Framework> frameworks;
    std::vector<Crosswalk> crosswalks;
};

CaseSetting load_setting(const YAML::Node& file) {
    CaseSetting setting{fixture_frameworks(), {}};
    const FrameworkList loaded(setting.frameworks);  // for `extends`, as each is added
    for (const auto& entry : file["inline_frameworks"]) {
        auto framework = parse_framework_yaml(entry.second.as<std::string>(),
                                              entry.first.as<std::string>(), &loaded);
        EXPECT_TRUE(framework) << framework.error().to_string();
        if (framework) {
            setting.frameworks.push_back(std::move(*framework));
        }
    }
    std::vector<std::pair<std::string, std::string>> files;
    for (const std::string& name : string_list(file["crosswalks"])) {
        files.emplace_back(name, read_fixture("assess/frameworks/" + name));
    }
    for (const auto& entry : file["inline_crosswalks"]) {
        files.emplace_back(entry.first.as<std::string>(), entry.second.as<std::string>());
    }
    for (const auto& [name, text] : files) {
        auto crosswalk = parse_crosswalk_yaml(text, name, loaded);
        EXPECT_TRUE(crosswalk) << crosswalk.error().to_string();
        if (crosswalk) {
            setting.crosswalks.push_back(std::move(*crosswalk));
        }
    }
    return setting;
}

// The crosswalks a case names under `use`, or all of them.
std::vector<Crosswalk> in_use(const CaseSetting& setting, const YAML::Node& item) {
    if (!item["use"]) {
        return setting.crosswalks;
    }
    const std::vector<std::string> ids = string_list(item["use"]);
    std::vector<Crosswalk> out;
    for (const Crosswalk& crosswalk : setting.crosswalks) {
        if (std::find(ids.begin(), ids.end(), crosswalk.id) != ids.end()) {
            out.push_back(crosswalk);
        }
    }
    EXPECT_EQ(out.size(), ids.size()) << "a crosswalk in `use` is not loaded";
    return out;
}

Result<Projection> project_case(const YAML::Node& item, const CaseSetting& setting) {
    const FrameworkList list(setting.frameworks);
    const Framework* source = list.find_framework(item["source"].as<std::string>());
    const Framework* target = list.find_framework(item["target"].as<std::string>());
    if (source == nullptr || target == nullptr) {
        ADD_FAILURE() << "the case names a framework that is not loaded";
        return make_error(ErrorCode::kNotFound, "no such framework");
    }
    std::map<std::string, NodeState> states;
    for (const auto& entry : item["states"]) {
        states[entry.first.as<std::string>()] = state_from(entry.second.as<std::string>());
    }
    return project(
        *source,
        [&](const Node& node) {
            const auto found = states.find(node.id);
            return found == states.end() ? NodeState::unanswered() : found->second;
        },
        *target, in_use(setting, item), list);
}

void check_projection_case(const YAML::Node& item, const CaseSetting& setting) {
    auto projection = project_case(item, setting);
    if (const YAML::Node error = item["error"]) {
        ASSERT_FALSE(projection);
        EXPECT_EQ(error_code_name(projection.error().code), error["code"].as<std::string>());
        EXPECT_EQ(projection.error().message, error["message"].as<std::string>());
        return;
    }
    ASSERT_TRUE(projection) << projection.error().to_string();
    std::map<std::string, std::string> coverage;
    for (const ProjectedNode& node : projection->nodes) {
        coverage[node.target_node] = std::string(coverage_name(node.coverage));
    }
    EXPECT_EQ(coverage, (item["coverage"].as<std::map<std::string, std::string>>()));
    check_counts(*projection, item);
    if (item["crosswalks"]) {
        EXPECT_EQ(projection->crosswalks, string_list(item["crosswalks"]));
    }
    if (item["evidence"]) {
        check_evidence(*projection, item["evidence"]);
    }
}

class ProjectionCases : public ::testing::TestWithParam<std::string> {};

TEST_P(ProjectionCases, EachCaseGivesItsCoverage) {
    const std::string& name = GetParam();
    const YAML::Node file = load_case_file(name);
    const CaseSetting setting = load_setting(file);
    ASSERT_GT(file["cases"].size(), 0U);
    for (const YAML::Node& item : file["cases"]) {
        SCOPED_TRACE(case_place(name, item));
        check_projection_case(item, setting);
    }
}

INSTANTIATE_TEST_SUITE_P(CaseFiles,
                         ProjectionCases,
                         ::testing::ValuesIn(case_files("projection")),
                         case_name);

TEST(ProjectionTest, FrameworksNoCrosswalkRelatesAreRefused) {
    const FrameworkList list(fixture_frameworks());
    auto projection = project(*list.find_framework("OUT-1.0"),
                              [](const Node&) { return NodeState::unanswered(); },
                              *list.find_framework("STD-2023-24"), {});
    ASSERT_FALSE(projection);
    EXPECT_EQ(projection.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(projection.error().message,
              "no crosswalk relates OUT-1.0 and STD-2023-24 in either direction, directly or "
              "through one other framework");
}

std::vector<Crosswalk> available_builtin_crosswalks(const FrameworkResolver& frameworks) {
    auto crosswalks = builtin_crosswalks(frameworks);
    EXPECT_TRUE(crosswalks) << crosswalks.error().to_string();
    std::vector<Crosswalk> available;
    for (const CrosswalkLoad& load : crosswalks ? *crosswalks : std::vector<CrosswalkLoad>{}) {
        if (load.crosswalk) {
            available.push_back(*load.crosswalk);
        }
    }
    return available;
}

// CAF 3.2 answers onto Cyber Essentials v3.2 through the built-in crosswalk. The expected figures
// come from the crosswalk file read as plain YAML: every pair is `intersects`, so an achieved
// outcome makes each requirement it names partial and nothing covered.
TEST(ProjectionTest, Caf32OntoCyberEssentialsThroughTheBuiltInCrosswalk) {
    auto frameworks = builtin_frameworks();
    ASSERT_TRUE(frameworks) << frameworks.error().to_string();
    const FrameworkList list(*frameworks);
    const std::vector<Crosswalk> available = available_builtin_crosswalks(list);
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
    const auto leaves = static_cast<std::size_t>(
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

// The CAF-aligned DSPT extends CAF 3.2, so the CAF 3.2 crosswalks apply to it, both ways, through
// the CAF 3.2 outcomes it holds; its own objective E is named by none of them. It is not
// projected onto CAF 3.2 itself, whose outcomes it answers as they are.
TEST(ProjectionTest, TheCafAlignedDsptUsesTheCaf32CrosswalksItInherits) {
    auto frameworks = builtin_frameworks();
    ASSERT_TRUE(frameworks) << frameworks.error().to_string();
    const FrameworkList list(*frameworks);
    const std::vector<Crosswalk> available = available_builtin_crosswalks(list);
    const Framework* dspt = list.find_framework("DSPT-CAF-2024-25");
    const Framework* caf = list.find_framework("CAF-3.2");
    const Framework* ce = list.find_framework("CE-3.2");
    ASSERT_TRUE(dspt != nullptr && caf != nullptr && ce != nullptr);
    const auto achieved = [](const Node&) {
        return NodeState::outcome(Achievement::kAchieved, true);
    };

    auto from_caf = project(*caf, achieved, *ce, available, list);
    auto from_dspt = project(*dspt, achieved, *ce, available, list);
    ASSERT_TRUE(from_caf && from_dspt);
    EXPECT_EQ(from_dspt->crosswalks,
              std::vector<std::string>{"CAF-3.2--CE-3.2 (inherited by DSPT-CAF-2024-25)"});
    EXPECT_EQ(from_dspt->relations_not_inherited, 0U) << "the DSPT holds every CAF 3.2 outcome";
    EXPECT_EQ(from_dspt->partial, from_caf->partial);
    EXPECT_EQ(from_dspt->gaps, from_caf->gaps);

    // Backwards: Cyber Essentials onto the DSPT's 47 outcomes; objective E's eight stay gaps.
    auto onto_dspt = project(
        *ce, [](const Node&) { return NodeState::leaf(NodeAnswer::kMet); }, *dspt, available, list);
    auto onto_caf = project(
        *ce, [](const Node&) { return NodeState::leaf(NodeAnswer::kMet); }, *caf, available, list);
    ASSERT_TRUE(onto_dspt && onto_caf);
    EXPECT_EQ(
        onto_dspt->crosswalks,
        std::vector<std::string>{"CAF-3.2--CE-3.2 (reversed, inherited by DSPT-CAF-2024-25)"});
    EXPECT_EQ(onto_dspt->total, onto_caf->total + 8);
    EXPECT_EQ(onto_dspt->partial, onto_caf->partial);
    EXPECT_EQ(onto_dspt->gaps, onto_caf->gaps + 8);

    auto onto_base = project(*dspt, achieved, *caf, available, list);
    ASSERT_FALSE(onto_base);
    EXPECT_EQ(onto_base.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(onto_base.error().message,
              "DSPT-CAF-2024-25 extends CAF-3.2 and holds its nodes as they are: there is nothing "
              "to project between them");
}

}  // namespace
}  // namespace wardround::assess
