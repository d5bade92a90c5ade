// SPDX-License-Identifier: Apache-2.0
// Rule packs: a good file loads with every field; a bad one is refused whole with the file, the
// line and the rule named.
#include <string>

#include <gtest/gtest.h>

#include <wardround/checks/rule_pack.h>

namespace wardround::checks {
namespace {

FactCatalogue catalogue() {
    return {{{"os.support_ended", ValueKind::kBool, ""}, {"internet_facing", ValueKind::kBool, ""}},
            {{"listening", 1, 2, ValueKind::kBool, ""}}};
}

const char* const kGood = R"(pack: test-pack
title: Test pack
description: Two rules.
rules:
  - id: T-001
    title: Unsupported operating system
    rationale: No more security updates.
    severity: high
    applies_to:
      kinds: [endpoint, server]
      os: [windows]
    when: os.support_ended
    remediation: Upgrade.
    evidences:
      caf: [B4.d]
      dspt: ["8.3.1"]
  - id: T-002
    title: RDP on the internet
    severity: critical
    when: listening(3389) and internet_facing
)";

TEST(RulePackTest, AGoodPackLoadsEveryField) {
    auto pack = parse_rule_pack(kGood, "test.yaml", catalogue());
    ASSERT_TRUE(pack) << pack.error().to_string();
    EXPECT_EQ(pack->id, "test-pack");
    EXPECT_EQ(pack->title, "Test pack");
    ASSERT_EQ(pack->rules.size(), 2U);
    const Rule& rule = pack->rules[0];
    EXPECT_EQ(rule.id, "T-001");
    EXPECT_EQ(rule.severity, Severity::kHigh);
    EXPECT_EQ(rule.kinds, (std::vector<std::string>{"endpoint", "server"}));
    EXPECT_EQ(rule.os_families, (std::vector<std::string>{"windows"}));
    EXPECT_EQ(rule.when.text(), "os.support_ended");
    EXPECT_EQ(rule.remediation, "Upgrade.");
    ASSERT_EQ(rule.evidences.size(), 2U);
    EXPECT_EQ(rule.evidences[0].framework, "caf");
    EXPECT_EQ(rule.evidences[0].item, "B4.d");
    EXPECT_EQ(rule.evidences[1].item, "8.3.1");
    EXPECT_EQ(rule.pack, "test-pack");
    EXPECT_EQ(rule.location, "test.yaml line 5");
    EXPECT_TRUE(pack->rules[1].kinds.empty()) << "no applies_to: every asset";
    EXPECT_EQ(pack->rules[1].severity, Severity::kCritical);
}

std::string refusal(const std::string& yaml) {
    auto pack = parse_rule_pack(yaml, "bad.yaml", catalogue());
    EXPECT_FALSE(pack) << yaml;
    return pack ? std::string() : pack.error().to_string();
}

std::string with_rule(const std::string& body) {
    return "pack: p\ntitle: P\nrules:\n  - id: T-001\n    title: T\n" + body;
}

TEST(RulePackTest, MistakesNameTheFileTheLineAndTheRule) {
    EXPECT_EQ(refusal(with_rule("    severity: high\n    when: listen(1)\n")),
              "bad.yaml line 7: rule T-001: when: column 1: unknown function 'listen'");
    EXPECT_EQ(refusal(with_rule("    severity: urgent\n    when: internet_facing\n")),
              "bad.yaml line 6: rule T-001: severity: 'urgent' is not critical, high, medium or "
              "low");
    EXPECT_EQ(refusal(with_rule("    severity: high\n")),
              "bad.yaml line 4: rule T-001: when is required (text)");
    EXPECT_EQ(refusal(with_rule("    severity: high\n    when: internet_facing\n    remedy: x\n")),
              "bad.yaml line 8: rule T-001: unknown field 'remedy'");
    EXPECT_EQ(refusal(with_rule("    severity: high\n    when: internet_facing\n"
                                "    applies_to:\n      kinds: [laptop]\n")),
              "bad.yaml line 9: rule T-001: applies_to.kinds: 'laptop' is not one of endpoint, "
              "server, network-device, medical-device, iot, virtual, unknown");
    EXPECT_EQ(refusal(with_rule("    severity: high\n    when: internet_facing\n"
                                "    evidences:\n      iso: [A.1]\n")),
              "bad.yaml line 9: rule T-001: evidences: 'iso' is not one of caf, dspt, "
              "cyber-essentials");
    EXPECT_EQ(refusal("pack: p\ntitle: P\nrules:\n  - id: t 1\n    title: T\n"),
              "bad.yaml line 4: id 't 1' must be upper-case letters, digits and hyphens");
    EXPECT_EQ(refusal("pack: p\nrules: []\n"),
              "bad.yaml line 2: rules: a non-empty list of rules is required");
    EXPECT_EQ(refusal("pack: p\nrules:\n  - id: [unclosed\n"),
              "bad.yaml line 4 column 1: not valid YAML: end of sequence flow not found");
    EXPECT_EQ(refusal("- just\n- a list\n"),
              "bad.yaml line 1: a rule pack is a mapping with 'pack', 'title' and 'rules'");
}

TEST(RulePackTest, IdsAreUniqueWithinAndAcrossPacks) {
    const std::string twice = with_rule("    severity: high\n    when: internet_facing\n") +
                              "  - id: T-001\n    title: again\n    severity: low\n"
                              "    when: internet_facing\n";
    EXPECT_EQ(refusal(twice), "bad.yaml line 8: rule T-001: the id is used twice");

    const std::string other =
        "pack: q\ntitle: Q\nrules:\n  - id: T-002\n    title: T\n"
        "    severity: low\n    when: internet_facing\n";
    auto both = parse_rule_packs({{"a.yaml", kGood}, {"b.yaml", other}}, catalogue());
    ASSERT_FALSE(both);
    EXPECT_EQ(both.error().to_string(),
              "b.yaml line 4: rule T-002: another pack already has this id");
}

}  // namespace
}  // namespace wardround::checks
