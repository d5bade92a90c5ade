// SPDX-License-Identifier: Apache-2.0
// The libraries shipped in data/frameworks: every one loads (so a bad data file fails the tests,
// not an assessment), extensions after their bases, and the ones we know the shape of have it.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <wardround/assess/framework_yaml.h>

#include "support/test_support.h"

namespace wardround::assess {
namespace {

TEST(BuiltinFrameworksTest, EveryBuiltInFileLoads) {
    const auto& files = builtin_framework_files();
    auto frameworks = builtin_frameworks();
    ASSERT_TRUE(frameworks) << frameworks.error().to_string();
    ASSERT_EQ(frameworks->size(), files.size());
    std::set<std::string> seen;
    for (const Framework& framework : *frameworks) {
        SCOPED_TRACE(framework.file);
        EXPECT_TRUE(seen.insert(framework.qualified_id()).second);
        EXPECT_FALSE(framework.nodes.empty());
        if (!framework.extends.empty()) {
            EXPECT_TRUE(seen.contains(framework.extends)) << "an extension loads after its base";
        }
    }
}

// Long files are embedded in pieces (cmake/WardroundEmbed.cmake); joined, they must be the file.
TEST(BuiltinFrameworksTest, EmbeddedTextIsTheDataFileByteForByte) {
    const std::filesystem::path data =
        std::filesystem::path(testing::fixture("")) / ".." / ".." / "data" / "frameworks";
    for (const auto& [name, text] : builtin_framework_files()) {
        std::ifstream in(data / name, std::ios::binary);
        std::ostringstream file;
        file << in.rdbuf();
        EXPECT_EQ(text, file.str()) << name;
    }
}

TEST(BuiltinFrameworksTest, Caf32HasItsObjectivesPrinciplesAndOutcomes) {
    auto frameworks = builtin_frameworks();
    ASSERT_TRUE(frameworks) << frameworks.error().to_string();
    const FrameworkList list(*frameworks);
    const Framework* caf = list.find_framework("CAF-3.2");
    if (caf == nullptr) {
        GTEST_SKIP() << "data/frameworks has no CAF 3.2 library yet";
    }
    EXPECT_EQ(caf->kind, FrameworkKind::kOutcomes);
    EXPECT_EQ(caf->count(NodeType::kObjective), 4U);
    EXPECT_EQ(caf->count(NodeType::kPrinciple), 14U);
    EXPECT_EQ(caf->count(NodeType::kOutcome), 39U);
}

}  // namespace
}  // namespace wardround::assess
