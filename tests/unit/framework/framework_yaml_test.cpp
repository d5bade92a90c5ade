// SPDX-License-Identifier: Apache-2.0
// Framework libraries in YAML: a good file of each kind loads whole, an extension holds its base,
// qualified ids keep versions apart, and every check on load refuses a file with the file, line
// and node path named. The refusals are data: each file in tests/data/frameworks/bad says on its
// first line the error it must give.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/assess/framework_yaml.h>

#include "support/test_support.h"

namespace wardround::assess {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Framework load(const std::string& name, const FrameworkResolver* resolver = nullptr) {
    const std::string path = testing::fixture("frameworks/" + name);
    auto framework = parse_framework_yaml(read_text(path), name, resolver);
    EXPECT_TRUE(framework) << framework.error().to_string();
    return framework ? std::move(*framework) : Framework{};
}

TEST(FrameworkYamlTest, AnOutcomesLibraryLoadsWhole) {
    const Framework caf = load("caf-3.2-mini.yaml");
    EXPECT_EQ(caf.id, "CAF");
    EXPECT_EQ(caf.version, "3.2");
    EXPECT_EQ(caf.qualified_id(), "CAF-3.2");
    EXPECT_EQ(caf.kind, FrameworkKind::kOutcomes);
    EXPECT_EQ(caf.publisher, "Wardround tests");
    EXPECT_EQ(caf.published, "2024-04-01");
    EXPECT_EQ(caf.note, "Four outcomes under three principles under two objectives.");
    EXPECT_EQ(caf.count(NodeType::kObjective), 2U);
    EXPECT_EQ(caf.count(NodeType::kPrinciple), 3U);
    EXPECT_EQ(caf.count(NodeType::kOutcome), 4U);
    EXPECT_EQ(caf.indicator_count(), 10U);

    // Document order, with parents and children to walk by.
    std::vector<std::string> order;
    for (const Node& node : caf.nodes) {
        order.push_back(node.id);
    }
    EXPECT_EQ(order, (std::vector<std::string>{"A", "A1", "A1.a", "A2", "A2.a", "A2.b", "B", "B4",
                                               "B4.d"}));
    EXPECT_EQ(caf.top_level(), (std::vector<std::size_t>{0, 6}));
    EXPECT_EQ(caf.nodes[3].children, (std::vector<std::size_t>{4, 5}));
    EXPECT_EQ(caf.nodes[5].parent, 3U);
    EXPECT_EQ(caf.nodes[5].depth, 2U);
    EXPECT_EQ(caf.path(5), "A/A2/A2.b");
    EXPECT_EQ(caf.nodes[5].location, "caf-3.2-mini.yaml line 44");

    const Node* board = caf.find("A1.a");
    ASSERT_NE(board, nullptr);
    EXPECT_EQ(board->summary, "The board leads on security.");
    EXPECT_FALSE(board->partially_achieved);
    EXPECT_TRUE(caf.find("A2.a")->partially_achieved) << "the column is there unless said";
    ASSERT_EQ(board->indicators.size(), 3U);
    EXPECT_EQ(board->indicators[2].id, "A1.a.NA.1");
    EXPECT_EQ(board->indicators[2].column, IndicatorColumn::kNotAchieved);
    EXPECT_EQ(caf.find_indicator("A2.a.PA.1")->column, IndicatorColumn::kPartiallyAchieved);
    EXPECT_EQ(caf.find("Z9"), nullptr);

    // Outcomes are answered indicator by indicator.
    const auto answered = caf.answered_items();
    ASSERT_EQ(answered.size(), 10U);
    EXPECT_EQ(answered[0].node, 2U);
    EXPECT_EQ(answered[0].indicator->id, "A1.a.A.1");
}

TEST(FrameworkYamlTest, AStandardsLibraryLoadsWithResponsesAndMandatoryFlags) {
    const Framework dspt = load("standards-mini.yaml");
    EXPECT_EQ(dspt.qualified_id(), "TEST-STANDARDS-2023-24");
    ASSERT_EQ(dspt.categories.size(), 2U);
    EXPECT_EQ(dspt.categories[1].id, "category-3");
    const Node* item = dspt.find("1.1.1");
    ASSERT_NE(item, nullptr);
    EXPECT_EQ(item->type, NodeType::kEvidenceItem);
    EXPECT_EQ(item->text, "Name the person and their role.");
    EXPECT_EQ(item->response, ResponseType::kText);
    ASSERT_EQ(item->mandatory.size(), 1U);
    EXPECT_EQ(item->mandatory[0].categories,
              (std::vector<std::string>{"category-1", "category-3"}));
    EXPECT_EQ(item->mandatory[0].periods, (std::vector<std::string>{"2023-24"}));
    EXPECT_EQ(dspt.find("1.1.2")->response, ResponseType::kYesNo);
    EXPECT_TRUE(dspt.find("1.1.2")->not_applicable);
    EXPECT_FALSE(item->not_applicable);
    EXPECT_EQ(dspt.find("1.1.3")->response, ResponseType::kFile);
    EXPECT_EQ(dspt.answered_items().size(), 3U);
}

TEST(FrameworkYamlTest, AControlsLibraryMayNestControlsUnderFunctionsOrStandAlone) {
    const Framework controls = load("controls-mini.yaml");
    EXPECT_EQ(controls.kind, FrameworkKind::kControls);
    EXPECT_EQ(controls.count(NodeType::kRequirement), 4U);
    EXPECT_EQ(controls.path(controls.index_of("GV.OC-02").value()), "GV/GV.OC/GV.OC-02");
    // The deepest nodes are answered.
    std::vector<std::string> answered;
    for (const AnsweredItem& item : controls.answered_items()) {
        EXPECT_EQ(item.indicator, nullptr);
        answered.push_back(controls.nodes[item.node].id);
    }
    EXPECT_EQ(answered, (std::vector<std::string>{"FW.1", "FW.2", "GV.OC-01", "GV.OC-02"}));
    EXPECT_TRUE(controls.find("FW.2")->not_applicable);
}

TEST(FrameworkYamlTest, AnExtensionHoldsItsBaseThenItsOwnNodes) {
    std::vector<Framework> loaded{load("caf-3.2-mini.yaml")};
    const FrameworkList resolver(loaded);
    const Framework dspt = load("dspt-caf-mini.yaml", &resolver);
    EXPECT_EQ(dspt.qualified_id(), "DSPT-CAF-2024-25");
    EXPECT_EQ(dspt.extends, "CAF-3.2");
    EXPECT_EQ(dspt.published, "2024-09");
    EXPECT_EQ(dspt.count(NodeType::kObjective), 3U);
    EXPECT_EQ(dspt.count(NodeType::kOutcome), 5U);
    EXPECT_EQ(dspt.find("A2.b")->defined_in, "CAF-3.2");
    EXPECT_EQ(dspt.find("E1.a")->defined_in, "");
    EXPECT_EQ(dspt.path(dspt.index_of("E1.a").value()), "E/E1/E1.a");
    EXPECT_EQ(dspt.nodes.back().id, "E1.a");
    EXPECT_EQ(dspt.top_level().size(), 3U);
    const Node* lawful = dspt.find("E1.a");
    ASSERT_EQ(lawful->mandatory.size(), 2U);
    EXPECT_EQ(lawful->mandatory[0].periods, (std::vector<std::string>{"2024-25", "2025-26"}));
    EXPECT_TRUE(lawful->mandatory[1].periods.empty()) << "no periods: every period";
    // Inherited outcomes flagged through mandatory_outcomes; the base itself is untouched.
    ASSERT_EQ(dspt.find("B4.d")->mandatory.size(), 1U);
    EXPECT_EQ(dspt.find("B4.d")->mandatory[0].categories, (std::vector<std::string>{"category-1"}));
    EXPECT_EQ(dspt.find("A2.a")->mandatory[0].periods, (std::vector<std::string>{"2024-25"}));
    EXPECT_TRUE(dspt.find("A2.b")->mandatory.empty());
    EXPECT_TRUE(loaded[0].find("B4.d")->mandatory.empty());

    // Without its base it cannot load, and says which is missing.
    auto alone = parse_framework_yaml(read_text(testing::fixture("frameworks/dspt-caf-mini.yaml")),
                                      "dspt-caf-mini.yaml", nullptr);
    ASSERT_FALSE(alone);
    EXPECT_EQ(alone.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(alone.error().to_string(),
              "dspt-caf-mini.yaml line 9: extends: 'CAF-3.2' is not a framework already loaded");
}

TEST(FrameworkYamlTest, QualifiedIdsKeepVersionsApart) {
    const std::vector<Framework> loaded{load("caf-3.2-mini.yaml"), load("caf-4.0-mini.yaml")};
    const FrameworkList frameworks(loaded);
    EXPECT_EQ(loaded[0].qualified("A2.b"), "CAF-3.2:A2.b");
    EXPECT_EQ(loaded[1].qualified("A2.b"), "CAF-4.0:A2.b");

    auto old_id = parse_qualified_id("CAF-3.2:A2.b");
    ASSERT_TRUE(old_id);
    EXPECT_EQ(old_id->framework, "CAF-3.2");
    EXPECT_EQ(old_id->node, "A2.b");
    EXPECT_EQ(resolve_node(frameworks, *old_id)->title, "Assurance");
    EXPECT_EQ(resolve_node(frameworks, *parse_qualified_id("CAF-4.0:A2.b"))->title,
              "Understanding threat");
    EXPECT_EQ(resolve_node(frameworks, *parse_qualified_id("CAF-4.0:A1.a")), nullptr);
    EXPECT_EQ(resolve_node(frameworks, *parse_qualified_id("CAF-5.0:A2.b")), nullptr);

    // Hyphens on both sides of the version stay with the framework part.
    auto dspt = parse_qualified_id("DSPT-CAF-2024-25:GV.OC-01");
    ASSERT_TRUE(dspt);
    EXPECT_EQ(dspt->framework, "DSPT-CAF-2024-25");
    EXPECT_EQ(dspt->node, "GV.OC-01");
    for (const char* bad : {"A2.b", "CAF-3.2:", ":A2.b", "CAF 3.2:A2.b", ""}) {
        EXPECT_FALSE(parse_qualified_id(bad)) << bad;
    }
}

TEST(FrameworkYamlTest, SeveralFilesLoadBaseFirstWhateverTheirOrder) {
    const auto text = [](const std::string& name) {
        return std::make_pair(name, read_text(testing::fixture("frameworks/" + name)));
    };
    auto loaded = parse_framework_files({text("dspt-caf-mini.yaml"), text("caf-3.2-mini.yaml")});
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    ASSERT_EQ(loaded->size(), 2U);
    EXPECT_EQ((*loaded)[0].qualified_id(), "CAF-3.2");
    EXPECT_EQ((*loaded)[1].qualified_id(), "DSPT-CAF-2024-25");

    auto twice = parse_framework_files({text("caf-3.2-mini.yaml"), text("caf-3.2-mini.yaml")});
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().to_string(), "caf-3.2-mini.yaml: framework CAF-3.2 is loaded twice");

    auto orphan = parse_framework_files({text("dspt-caf-mini.yaml")});
    ASSERT_FALSE(orphan);
    EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
}

// Every bad fixture is refused with the error its first line gives ("# expect: ..."). The base
// CAF-3.2 fixture is loaded so that the extension checks get past "not loaded".
TEST(FrameworkYamlTest, EveryCheckRefusesItsBadFixtureNamingFileLineAndPath) {
    const std::vector<Framework> loaded{load("caf-3.2-mini.yaml")};
    const FrameworkList resolver(loaded);
    std::vector<std::filesystem::path> files;
    for (const auto& entry :
         std::filesystem::directory_iterator(testing::fixture("frameworks/bad"))) {
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 20U);
    for (const auto& path : files) {
        const std::string text = read_text(path.string());
        const std::string prefix = "# expect: ";
        ASSERT_TRUE(text.starts_with(prefix)) << path;
        const std::string expected = text.substr(prefix.size(), text.find('\n') - prefix.size());
        auto framework = parse_framework_yaml(text, path.filename().string(), &resolver);
        ASSERT_FALSE(framework) << path;
        EXPECT_EQ(framework.error().to_string(), expected) << path;
    }
}

}  // namespace
}  // namespace wardround::assess
