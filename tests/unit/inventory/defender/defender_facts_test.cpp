// SPDX-License-Identifier: Apache-2.0
// Posture facts from the machine list's defenderAvStatus (tests/data/inventory/defender/
// machines-posture.json): each state Microsoft documents, in either capitalisation, and a state it
// does not, which is reported and gives no fact.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/defender.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

using Facts = std::vector<std::string>;

// "name=value@location" of every fact, in order.
Facts facts(const ObservedAsset& asset) {
    Facts out;
    for (const ObservedFact& fact : asset.facts) {
        out.push_back(fact.name + "=" + fact.value + "@" + fact.location);
    }
    return out;
}

TEST(DefenderFacts, AntivirusStatusGivesEndpointProtection) {
    Diagnostics diagnostics;
    auto parsed = testing::parse_path(parse_defender_machines,
                                      testing::fixture("inventory/defender/machines-posture.json"),
                                      diagnostics);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 8U);
    const std::string product = "endpoint_protection_product=Microsoft Defender Antivirus@";
    EXPECT_EQ(facts(parsed.assets[0]),
              (Facts{"endpoint_protection=active@$.value[0].defenderAvStatus",
                     "endpoint_protection_updated=yes@$.value[0].defenderAvStatus",
                     product + "$.value[0].defenderAvStatus"}));
    EXPECT_EQ(facts(parsed.assets[1]),
              (Facts{"endpoint_protection=active@$.value[1].defenderAvStatus",
                     "endpoint_protection_updated=no@$.value[1].defenderAvStatus",
                     product + "$.value[1].defenderAvStatus"}));
    EXPECT_EQ(facts(parsed.assets[2]),
              (Facts{"endpoint_protection=inactive@$.value[2].defenderAvStatus",
                     product + "$.value[2].defenderAvStatus"}));
    // NotSupported and notReporting say nothing about protection; nor does a machine without the
    // field.
    EXPECT_TRUE(parsed.assets[3].facts.empty());
    EXPECT_TRUE(parsed.assets[4].facts.empty());
    EXPECT_TRUE(parsed.assets[6].facts.empty());
    // Graph's camel case is the same state.
    EXPECT_EQ(facts(parsed.assets[7]).front(),
              "endpoint_protection=active@$.value[7].defenderAvStatus");
}

TEST(DefenderFacts, AnUnknownStateIsReportedAndGivesNoFact) {
    Diagnostics diagnostics;
    auto parsed = testing::parse_path(parse_defender_machines,
                                      testing::fixture("inventory/defender/machines-posture.json"),
                                      diagnostics);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    // The machine itself is kept.
    EXPECT_EQ(parsed.assets.at(5).hostname, "wrd-ws-0406");
    EXPECT_TRUE(parsed.assets.at(5).facts.empty());
    ASSERT_EQ(diagnostics.total(), 1U);
    EXPECT_TRUE(testing::diagnostic_is(diagnostics.kept()[0], "inventory.bad_fact",
                                       Severity::kWarning,
                                       testing::fixture("inventory/defender/machines-posture.json"),
                                       "$.value[5].defenderAvStatus", "'Sleeping'"));
}

TEST(DefenderFacts, AStatusThatIsNotTextIsABadValue) {
    Diagnostics diagnostics;
    auto parsed = testing::parse_bytes(
        parse_defender_machines, "machines.json",
        R"({"value": [{"id": "m1", "computerDnsName": "wrd-1", "defenderAvStatus": 3}]})",
        diagnostics);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_TRUE(parsed.assets[0].facts.empty());
    EXPECT_EQ(testing::diagnostic_codes(diagnostics),
              std::vector<std::string>{"inventory.bad_value@$.value[0].defenderAvStatus"});
}

}  // namespace
}  // namespace wardround::inventory
