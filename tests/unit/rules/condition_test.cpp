// SPDX-License-Identifier: Apache-2.0
// The condition language: what it accepts, what it refuses (and where), and three-valued results
// with the facts read listed for explanations.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include <wardround/checks/condition.h>

namespace wardround::checks {
namespace {

FactCatalogue catalogue() {
    return {{{"os.family", ValueKind::kText, ""},
             {"os.build", ValueKind::kText, ""},
             {"os.support_ended", ValueKind::kBool, ""},
             {"internet_facing", ValueKind::kBool, ""},
             {"days_since_seen", ValueKind::kNumber, ""},
             {"hotfixes", ValueKind::kList, ""}},
            {{"listening", 1, 2, ValueKind::kBool, ""}}};
}

// Facts from a map; a name that is absent is unknown, as a fact no source reported.
class MapFacts : public FactSource {
public:
    std::map<std::string, FactValue> facts;
    std::map<double, bool> ports;  // port -> listening; absent: unknown

    [[nodiscard]] FactValue fact(std::string_view name) const override {
        const auto found = facts.find(std::string(name));
        return found == facts.end() ? FactValue::unknown("not reported") : found->second;
    }
    [[nodiscard]] FactValue call(std::string_view /*function*/,
                                 std::span<const FactValue> arguments) const override {
        const auto found = ports.find(arguments[0].number);
        return found == ports.end() ? FactValue::unknown() : FactValue::of(found->second);
    }
};

Verdict run(const std::string& text, const MapFacts& facts) {
    auto condition = Condition::parse(text, catalogue());
    EXPECT_TRUE(condition) << text << ": " << condition.error().to_string();
    return condition ? condition->evaluate(facts).verdict : Verdict::kUnknown;
}

TEST(ConditionTest, ComparesTextCaseInsensitivelyAndNumbersAndVersionsInOrder) {
    MapFacts facts;
    facts.facts["os.family"] = FactValue::of(std::string("Windows"));
    facts.facts["os.build"] = FactValue::of(std::string("10.0.19045.3803"));
    facts.facts["days_since_seen"] = FactValue::of(45.0);
    EXPECT_EQ(run("os.family == \"windows\"", facts), Verdict::kTrue);
    EXPECT_EQ(run("os.family != 'windows'", facts), Verdict::kFalse);
    EXPECT_EQ(run("days_since_seen > 30", facts), Verdict::kTrue);
    EXPECT_EQ(run("days_since_seen <= 44.5", facts), Verdict::kFalse);
    // Segment by segment, not as text: 19045 < 22631 and 9 < 10.
    EXPECT_EQ(run("os.build < \"10.0.22631\"", facts), Verdict::kTrue);
    EXPECT_EQ(run("os.build > \"10.0.9999\"", facts), Verdict::kTrue);
    EXPECT_EQ(run("os.family in [\"linux\", \"WINDOWS\"]", facts), Verdict::kTrue);
    EXPECT_EQ(run("os.build contains \"19045\"", facts), Verdict::kTrue);
}

TEST(ConditionTest, AnUnreportedFactLeavesTheResultUnknownUnlessTheOtherSideDecides) {
    MapFacts facts;
    facts.facts["internet_facing"] = FactValue::of(true);
    facts.ports[3389] = true;
    EXPECT_EQ(run("os.support_ended", facts), Verdict::kUnknown);
    EXPECT_EQ(run("not os.support_ended", facts), Verdict::kUnknown);
    EXPECT_EQ(run("os.support_ended and internet_facing", facts), Verdict::kUnknown);
    EXPECT_EQ(run("os.support_ended or internet_facing", facts), Verdict::kTrue);
    EXPECT_EQ(run("os.support_ended and not internet_facing", facts), Verdict::kFalse);
    EXPECT_EQ(run("listening(3389) and internet_facing", facts), Verdict::kTrue);
    EXPECT_EQ(run("listening(445)", facts), Verdict::kUnknown);
    EXPECT_EQ(run("days_since_seen > 30", facts), Verdict::kUnknown);
}

TEST(ConditionTest, ListsTheFactsItReadWithTheirValuesAndWhy) {
    MapFacts facts;
    facts.facts["os.support_ended"] = FactValue::of(true, "Windows 7: support ended 2020-01-14");
    facts.facts["internet_facing"] = FactValue::of(false);
    auto condition = Condition::parse("os.support_ended or internet_facing", catalogue());
    ASSERT_TRUE(condition);
    const ConditionResult result = condition->evaluate(facts);
    EXPECT_EQ(result.verdict, Verdict::kTrue);
    ASSERT_EQ(result.steps.size(), 2U);
    EXPECT_EQ(result.steps[0], "os.support_ended = true (Windows 7: support ended 2020-01-14)");
    EXPECT_EQ(result.steps[1], "internet_facing = false");
    EXPECT_EQ(condition->names(),
              (std::vector<std::string>{"os.support_ended", "internet_facing"}));
}

TEST(ConditionTest, MistakesAreRefusedWithTheColumn) {
    const auto error = [](const std::string& text) {
        auto condition = Condition::parse(text, catalogue());
        EXPECT_FALSE(condition) << text;
        return condition ? std::string() : condition.error().message;
    };
    EXPECT_EQ(error("os.famly == \"windows\""), "column 1: unknown fact 'os.famly'");
    EXPECT_EQ(error("listen(445)"), "column 1: unknown function 'listen'");
    EXPECT_EQ(error("listening()"), "column 1: listening() takes 1 to 2 arguments, not 0");
    EXPECT_EQ(error("count(os.family) > 1"), "column 1: count() takes one list");
    EXPECT_EQ(error("os.family == \"windows"), "column 14: the text is not closed");
    EXPECT_EQ(error("internet_facing and"), "column 20: the condition ends too early");
    EXPECT_EQ(error("(internet_facing"), "column 17: ')' expected");
    EXPECT_EQ(error("os.family == 'a' 'b'"), "column 18: unexpected 'b'");
    EXPECT_EQ(error("internet_facing ; true"), "column 17: unexpected character ';'");
    EXPECT_NE(error(std::string(100, '(') + "internet_facing" + std::string(100, ')'))
                  .find("nests too deep"),
              std::string::npos);
    EXPECT_EQ(run("((not (internet_facing)))", MapFacts{}), Verdict::kUnknown);
    EXPECT_NE(error("os.family").find("the condition must be true/false, not text"),
              std::string::npos);
    EXPECT_NE(error("days_since_seen and internet_facing").find("must be true/false"),
              std::string::npos);
    EXPECT_NE(error("hotfixes == \"KB1\"").find("does not compare lists"), std::string::npos);
    EXPECT_NE(error("os.family in \"windows\"").find("a list on its right"), std::string::npos);
    EXPECT_NE(error("internet_facing < true").find("does not order"), std::string::npos);
}

TEST(ConditionTest, ListFactsAnswerContains) {
    MapFacts facts;
    facts.facts["hotfixes"] = FactValue::of(std::vector<std::string>{"KB4012212", "KB5022338"});
    EXPECT_EQ(run("hotfixes contains \"kb4012212\"", facts), Verdict::kTrue);
    EXPECT_EQ(run("not (hotfixes contains 'KB4012215')", facts), Verdict::kTrue);
    EXPECT_EQ(run("count(hotfixes) == 2", facts), Verdict::kTrue);
    EXPECT_EQ(run("count([]) > 0", facts), Verdict::kFalse);
    EXPECT_EQ(run("count(hotfixes) > 0", MapFacts{}), Verdict::kUnknown);
}

}  // namespace
}  // namespace wardround::checks
