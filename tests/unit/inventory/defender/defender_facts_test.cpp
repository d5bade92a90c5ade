// SPDX-License-Identifier: Apache-2.0
// Posture facts from the machine list: defenderAvStatus (tests/data/inventory/defender/
// machines-posture.json), each state Microsoft documents, in either capitalisation, and a state it
// does not, which is reported and gives no fact; and machineTags, one `tag` fact per label as the
// organisation wrote it, with anything that is not a label reported rather than dropped.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/defender.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

using Facts = std::vector<std::string>;

// "name=value@location" of every fact but the tags (machineTags), in order.
Facts facts(const ObservedAsset& asset) {
    Facts out;
    for (const ObservedFact& fact : asset.facts) {
        if (fact.name != kFactTag) {
            out.push_back(fact.name + "=" + fact.value + "@" + fact.location);
        }
    }
    return out;
}

// "value@location" of every tag fact, in order.
Facts tags(const ObservedAsset& asset) {
    Facts out;
    for (const ObservedFact& fact : asset.facts) {
        if (fact.name == kFactTag) {
            out.push_back(fact.value + "@" + fact.location);
        }
    }
    return out;
}

// "value@location" of the tag facts of every asset, in order.
Facts all_tags(const testing::Parsed& parsed) {
    Facts out;
    for (const ObservedAsset& asset : parsed.assets) {
        const Facts more = tags(asset);
        out.insert(out.end(), more.begin(), more.end());
    }
    return out;
}

// "name=value" of every fact that is not canonical (is_canonical_fact): none should be.
Facts non_canonical(const testing::Parsed& parsed) {
    Facts out;
    for (const ObservedAsset& asset : parsed.assets) {
        for (const ObservedFact& fact : asset.facts) {
            if (!is_canonical_fact(fact.name, fact.value)) {
                out.push_back(fact.name + "=" + fact.value);
            }
        }
    }
    return out;
}

// "code@location" of the diagnostics about machineTags.
Facts tag_diagnostics(const Diagnostics& diagnostics) {
    Facts out;
    for (const std::string& code : testing::diagnostic_codes(diagnostics)) {
        if (code.find("machineTags") != std::string::npos) {
            out.push_back(code);
        }
    }
    return out;
}

// One machine with the given JSON value as its machineTags.
testing::Parsed machine_tagged(const std::string& tags_json, Diagnostics& diagnostics) {
    return testing::parse_bytes(parse_defender_machines, "machines.json",
                                R"({"value": [{"id": "m1", "computerDnsName": "wrd-1", )"
                                R"("machineTags": )" +
                                    tags_json + "}]}",
                                diagnostics);
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
    EXPECT_TRUE(facts(parsed.assets[3]).empty());
    EXPECT_TRUE(facts(parsed.assets[4]).empty());
    EXPECT_TRUE(facts(parsed.assets[6]).empty());
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
    EXPECT_TRUE(facts(parsed.assets.at(5)).empty());
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

TEST(DefenderFacts, EachMachineTagIsATagFact) {
    Diagnostics diagnostics;
    auto parsed = testing::parse_path(parse_defender_machines,
                                      testing::fixture("inventory/defender/machines-page1.json"),
                                      diagnostics);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 5U);
    // The first machine's two tags; "machineTags": [] and machines without the field give none.
    EXPECT_EQ(all_tags(parsed),
              (Facts{"ward-7@$.value[0].machineTags[0]", "imaging@$.value[0].machineTags[1]"}));
    EXPECT_TRUE(tag_diagnostics(diagnostics).empty());
    EXPECT_TRUE(non_canonical(parsed).empty());
}

TEST(DefenderFacts, TagsAreTrimmedAndOtherwiseKeptAsWritten) {
    Diagnostics diagnostics;
    auto parsed = machine_tagged(R"([" ICU ", "ICU", "icu", "Ward 7", "", "   ", "\tICU-West\n"])",
                                 diagnostics);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    // Once each; case is kept, since a rule's applies_to.tags compares exactly; blank ones name
    // nothing and are not worth a warning.
    EXPECT_EQ(tags(parsed.assets[0]),
              (Facts{"ICU@$.value[0].machineTags[0]", "icu@$.value[0].machineTags[2]",
                     "Ward 7@$.value[0].machineTags[3]", "ICU-West@$.value[0].machineTags[6]"}));
    EXPECT_EQ(diagnostics.total(), 0U);
}

TEST(DefenderFacts, ATagThatIsNotTextIsReportedAndTheOthersKept) {
    Diagnostics diagnostics;
    auto parsed = machine_tagged(
        R"(["ward-7", 7, null, {"name": "imaging"}, ["x"], true, "imaging"])", diagnostics);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);  // the machine is kept
    EXPECT_EQ(tags(parsed.assets[0]),
              (Facts{"ward-7@$.value[0].machineTags[0]", "imaging@$.value[0].machineTags[6]"}));
    EXPECT_EQ(testing::diagnostic_codes(diagnostics),
              (std::vector<std::string>{"inventory.bad_value@$.value[0].machineTags[1]",
                                        "inventory.bad_value@$.value[0].machineTags[2]",
                                        "inventory.bad_value@$.value[0].machineTags[3]",
                                        "inventory.bad_value@$.value[0].machineTags[4]",
                                        "inventory.bad_value@$.value[0].machineTags[5]"}));
    EXPECT_TRUE(testing::diagnostic_is(diagnostics.kept()[0], "inventory.bad_value",
                                       Severity::kWarning, "machines.json",
                                       "$.value[0].machineTags[1]", "not a string"));
}

TEST(DefenderFacts, MachineTagsThatAreNotAListAreReported) {
    Diagnostics diagnostics;
    auto parsed = machine_tagged(R"("ward-7")", diagnostics);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_TRUE(parsed.assets[0].facts.empty());
    EXPECT_EQ(testing::diagnostic_codes(diagnostics),
              std::vector<std::string>{"inventory.bad_value@$.value[0].machineTags"});

    // null says no more than an absent field: no tags, nothing to report.
    Diagnostics none;
    auto untagged = machine_tagged("null", none);
    ASSERT_TRUE(untagged.report.has_value()) << untagged.error_text();
    ASSERT_EQ(untagged.assets.size(), 1U);
    EXPECT_TRUE(untagged.assets[0].facts.empty());
    EXPECT_EQ(none.total(), 0U);
}

TEST(DefenderFacts, AnAbsurdlyLongTagIsReported) {
    Diagnostics diagnostics;
    auto parsed = machine_tagged(R"([")" + std::string(4097, 't') + R"(", "ward-7"])", diagnostics);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_EQ(tags(parsed.assets[0]), Facts{"ward-7@$.value[0].machineTags[1]"});
    EXPECT_EQ(testing::diagnostic_codes(diagnostics),
              std::vector<std::string>{"inventory.bad_value@$.value[0].machineTags[0]"});
}

}  // namespace
}  // namespace wardround::inventory
