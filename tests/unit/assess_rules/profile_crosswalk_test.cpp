// SPDX-License-Identifier: Apache-2.0
// The profile and crosswalk readers: what loads, every check of docs/profiles-and-crosswalks.md
// refused with the file and line, and the built-ins (every one loads; the CSF ones only once the
// real NIST CSF 2.0 catalogue is imported; one an imported framework does not fit is unavailable,
// not an error). Then crosswalks applied to an inheriting framework, and composed: the whole
// table of compose(), and a composed crosswalk's pairs, notes and dropped compositions.
#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/assess/crosswalk.h>
#include <wardround/assess/framework_yaml.h>
#include <wardround/assess/oscal_catalog.h>
#include <wardround/assess/profile.h>
#include <wardround/assess/projection.h>

#include "fixtures.h"

namespace wardround::assess {
namespace {

using testing::fixture_frameworks;
using testing::read_file_text;
using testing::read_fixture;

const FrameworkList& fixtures() {
    static const FrameworkList kList(fixture_frameworks());
    return kList;
}

constexpr const char* kProfile =
    "profile: TEST-PROFILE\n"
    "framework: OUT-1.0\n"
    "title: Test\n"
    "expected:\n"
    "  A1.a: partially-achieved\n"
    "  A1.b: achieved\n"
    "  A1.c: not-achieved\n";

TEST(ProfileReaderTest, AProfileLoadsInFileOrder) {
    auto profile = parse_profile_yaml(kProfile, "p.yaml", fixtures());
    ASSERT_TRUE(profile) << profile.error().to_string();
    EXPECT_EQ(profile->id, "TEST-PROFILE");
    EXPECT_EQ(profile->framework, "OUT-1.0");
    EXPECT_EQ(profile->file, "p.yaml");
    ASSERT_EQ(profile->expected.size(), 3U);
    EXPECT_EQ(profile->expected[0].outcome, "A1.a");
    EXPECT_EQ(profile->expected_for("A1.a"), Achievement::kPartiallyAchieved);
    EXPECT_EQ(profile->expected_for("A1.c"), Achievement::kNotAchieved);
    EXPECT_FALSE(profile->expected_for("A1.d")) << "not listed: no expectation";
}

struct Refusal {
    std::string text;
    std::string where;
    std::string message;
    ErrorCode code = ErrorCode::kInvalidArgument;
};

void expect_profile_refused(const Refusal& refusal) {
    SCOPED_TRACE(refusal.text);
    auto profile = parse_profile_yaml(refusal.text, "p.yaml", fixtures());
    ASSERT_FALSE(profile);
    EXPECT_EQ(profile.error().code, refusal.code);
    EXPECT_EQ(profile.error().where, refusal.where);
    EXPECT_EQ(profile.error().message, refusal.message);
}

TEST(ProfileReaderTest, EveryCheckRefusesWithFileAndLine) {
    const std::string head = "profile: TEST-PROFILE\nframework: OUT-1.0\ntitle: Test\n";
    expect_profile_refused({head + "expected: {A1.a: achieved}\ncolour: red\n", "p.yaml line 5",
                            "unknown key 'colour'"});
    expect_profile_refused(
        {"profile: test\nframework: OUT-1.0\ntitle: T\nexpected: {A1.a: "
         "achieved}\n",
         "p.yaml line 1", "profile: 'test' must be upper-case letters, digits and hyphens"});
    expect_profile_refused(
        {"profile: P\nframework: NOPE-1.0\ntitle: T\nexpected: {A1.a: "
         "achieved}\n",
         "p.yaml line 2", "framework: 'NOPE-1.0' is not a framework loaded here",
         ErrorCode::kNotFound});
    expect_profile_refused(
        {"profile: P\nframework: CTL-1.0\ntitle: T\nexpected: {C1: achieved}\n", "p.yaml line 2",
         "framework: 'CTL-1.0' is of kind controls; a profile sets levels for outcomes"});
    expect_profile_refused({head + "expected:\n  A1.a: achieved\n  A1: achieved\n", "p.yaml line 6",
                            "expected: 'A1' is not an outcome of OUT-1.0"});
    expect_profile_refused({head + "expected:\n  A1.a: Achieved\n", "p.yaml line 5",
                            "expected: A1.a: 'Achieved' is not achieved, partially-achieved or "
                            "not-achieved"});
    expect_profile_refused({head + "expected:\n  A1.b: partially-achieved\n", "p.yaml line 5",
                            "expected: A1.b: partially-achieved, but the outcome has no Partially "
                            "achieved column"});
    expect_profile_refused({head + "expected:\n  A1.a: achieved\n  A1.a: achieved\n",
                            "p.yaml line 6", "expected: 'A1.a' is listed twice"});
    expect_profile_refused({head + "expected: {}\n", "p.yaml line 4",
                            "expected: a non-empty mapping of outcome id to achieved, "
                            "partially-achieved or not-achieved"});
    expect_profile_refused({"profile: P\nframework: OUT-1.0\nexpected: {A1.a: achieved}\n",
                            "p.yaml line 1", "title is required (text)"});
    expect_profile_refused({"- a list\n", "p.yaml line 1",
                            "a profile is a mapping with 'profile', 'framework', 'title' and "
                            "'expected'"});
    expect_profile_refused({head + "expected: [\n", "p.yaml line 5 column 1",
                            "not valid YAML: end of sequence flow not found"});
}

TEST(CrosswalkReaderTest, ACrosswalkLoadsAndReverses) {
    auto crosswalk = parse_crosswalk_yaml(
        read_fixture("assess/frameworks/out-ctl-mini.crosswalk.yaml"), "x.yaml", fixtures());
    ASSERT_TRUE(crosswalk) << crosswalk.error().to_string();
    EXPECT_EQ(crosswalk->id, "OUT-1.0--CTL-1.0");
    EXPECT_EQ(crosswalk->direction(), "OUT-1.0 -> CTL-1.0");
    ASSERT_EQ(crosswalk->relations.size(), 6U);
    EXPECT_EQ(crosswalk->relations[1].relation, Relation::kSubset);
    EXPECT_EQ(crosswalk->relations[1].location, "x.yaml line 10");
    EXPECT_EQ(crosswalk->relations[4].note, "onto a control that has requirements");

    const Crosswalk back = reversed_crosswalk(*crosswalk);
    EXPECT_TRUE(back.is_reversed);
    EXPECT_EQ(back.from, "CTL-1.0");
    EXPECT_EQ(back.relations[1].from, "C1.2");
    EXPECT_EQ(back.relations[1].to, "A1.a");
    EXPECT_EQ(back.relations[1].relation, Relation::kSuperset);
    EXPECT_EQ(back.relations[2].relation, Relation::kSubset);
    EXPECT_EQ(back.relations[0].relation, Relation::kEqual);
    EXPECT_EQ(back.relations[3].relation, Relation::kIntersects);
    EXPECT_FALSE(reversed_crosswalk(back).is_reversed);
}

void expect_crosswalk_refused(const Refusal& refusal) {
    SCOPED_TRACE(refusal.text);
    auto crosswalk = parse_crosswalk_yaml(refusal.text, "x.yaml", fixtures());
    ASSERT_FALSE(crosswalk);
    EXPECT_EQ(crosswalk.error().code, refusal.code);
    EXPECT_EQ(crosswalk.error().where, refusal.where);
    EXPECT_EQ(crosswalk.error().message, refusal.message);
}

TEST(CrosswalkReaderTest, EveryCheckRefusesWithFileAndLine) {
    const std::string head = "crosswalk: OUT--CTL\nfrom: OUT-1.0\nto: CTL-1.0\ntitle: T\n";
    expect_crosswalk_refused(
        {"crosswalk: X\nfrom: CSF-2.0\nto: CTL-1.0\ntitle: T\nrelations: "
         "[{from: A, to: C1, relation: equal}]\n",
         "x.yaml line 2", "from: framework 'CSF-2.0' is not loaded here", ErrorCode::kNotFound});
    expect_crosswalk_refused(
        {"crosswalk: X\nfrom: OUT-1.0\nto: ISO-1\ntitle: T\nrelations: "
         "[{from: A, to: C1, relation: equal}]\n",
         "x.yaml line 3", "to: framework 'ISO-1' is not loaded here", ErrorCode::kNotFound});
    expect_crosswalk_refused({head + "relations:\n  - {from: A1.a, to: C1.1, relation: equal}\n"
                                     "  - {from: A9, to: C1.1, relation: equal}\n",
                              "x.yaml line 7",
                              "relations: A9 -> C1.1: 'A9' is not a node of OUT-1.0",
                              ErrorCode::kFailedPrecondition});
    expect_crosswalk_refused(
        {head + "relations:\n  - {from: A1.a, to: C9, relation: equal}\n", "x.yaml line 6",
         "relations: A1.a -> C9: 'C9' is not a node of CTL-1.0", ErrorCode::kFailedPrecondition});
    expect_crosswalk_refused({head + "relations:\n  - {from: A1.a, to: C1, relation: overlaps}\n",
                              "x.yaml line 6",
                              "relations: A1.a -> C1: relation 'overlaps' is not equal, subset, "
                              "superset or intersects"});
    expect_crosswalk_refused({head + "relations:\n  - {from: A1.a, to: C1, relation: equal}\n"
                                     "  - {from: A1.a, to: C1, relation: subset}\n",
                              "x.yaml line 7", "relations: A1.a -> C1: the pair is listed twice"});
    expect_crosswalk_refused(
        {head + "relations:\n  - {from: A1.a, to: C1, relation: equal, weight: 2}\n",
         "x.yaml line 6", "relations: unknown key 'weight'"});
    expect_crosswalk_refused(
        {"crosswalk: X\nfrom: OUT-1.0\nto: OUT-1.0\ntitle: T\nrelations: "
         "[{from: A1.a, to: A1.b, relation: equal}]\n",
         "x.yaml line 3",
         "to: OUT-1.0 and OUT-1.0 share their nodes (the same framework, or one extends the "
         "other); a crosswalk relates two that do not"});
    expect_crosswalk_refused({head + "relations: []\n", "x.yaml line 5",
                              "relations: a non-empty list of {from, to, relation}"});
    expect_crosswalk_refused({head + "relations:\n  - {from: A1.a, to: C1}\n", "x.yaml line 6",
                              "relations: A1.a -> C1: relation is required (text)"});
    expect_crosswalk_refused(
        {"crosswalk: out to ctl\nfrom: OUT-1.0\nto: CTL-1.0\ntitle: "
         "T\nrelations: [{from: A, to: C1, relation: equal}]\n",
         "x.yaml line 1",
         "crosswalk: 'out to ctl' must be upper-case letters, digits, hyphens "
         "and dots"});
    expect_crosswalk_refused(
        {head + "method: [a]\nrelations: [{from: A, to: C1, relation: equal}]\n", "x.yaml line 5",
         "method is text"});
}

TEST(CrosswalkReaderTest, RelationNamesRoundTrip) {
    for (const auto relation :
         {Relation::kEqual, Relation::kSubset, Relation::kSuperset, Relation::kIntersects}) {
        EXPECT_EQ(parse_relation(relation_name(relation)), relation);
        EXPECT_EQ(reversed(reversed(relation)), relation);
    }
    EXPECT_FALSE(parse_relation("intersect"));
}

// ---------------------------------------------------------------------------------------------
// Built-ins

std::vector<Framework> builtin_or_fail() {
    auto frameworks = builtin_frameworks();
    EXPECT_TRUE(frameworks) << frameworks.error().to_string();
    return frameworks ? *frameworks : std::vector<Framework>{};
}

TEST(BuiltinProfilesTest, EveryBuiltInProfileLoads) {
    const std::vector<Framework> frameworks = builtin_or_fail();
    const FrameworkList list(frameworks);
    auto profiles = builtin_profiles(list);
    ASSERT_TRUE(profiles) << profiles.error().to_string();
    ASSERT_EQ(profiles->size(), builtin_profile_files().size());
    ASSERT_FALSE(profiles->empty());
    for (const ProfileLoad& load : *profiles) {
        SCOPED_TRACE(load.file);
        ASSERT_TRUE(load.profile) << load.unavailable_reason;
        EXPECT_EQ(load.profile->framework, "CAF-3.2");
        EXPECT_EQ(load.profile->expected.size(), 39U) << "every outcome of CAF 3.2 is listed";
    }
}

TEST(BuiltinProfilesTest, AProfileWithoutItsFrameworkIsUnavailableNotAnError) {
    const std::vector<Framework> none;
    auto profiles = builtin_profiles(FrameworkList(none));
    ASSERT_TRUE(profiles) << profiles.error().to_string();
    for (const ProfileLoad& load : *profiles) {
        EXPECT_FALSE(load.profile);
        EXPECT_EQ(load.unavailable_reason, "framework: 'CAF-3.2' is not a framework loaded here");
    }
}

// Relations per built-in crosswalk, as data/crosswalks/README.md counts them.
const std::map<std::string, std::size_t>& relation_counts() {
    static const std::map<std::string, std::size_t> kCounts = {
        {"CAF-3.2--CE-3.2", 37},
        {"CAF-3.2--CSF-2.0", 144},
        {"DSPT-2023-24--DSPT-CAF-2024-25", 47},
        {"CSF-2.0--ISO-27001-2022", 301},
    };
    return kCounts;
}

TEST(BuiltinCrosswalksTest, TheCsfOnesAreUnavailableUntilCsfIsImported) {
    const std::vector<Framework> frameworks = builtin_or_fail();
    auto crosswalks = builtin_crosswalks(FrameworkList(frameworks));
    ASSERT_TRUE(crosswalks) << crosswalks.error().to_string();
    ASSERT_EQ(crosswalks->size(), builtin_crosswalk_files().size());
    std::set<std::string> available;
    for (const CrosswalkLoad& load : *crosswalks) {
        SCOPED_TRACE(load.file);
        if (load.file.find("nist-csf") != std::string::npos) {
            EXPECT_FALSE(load.crosswalk);
            EXPECT_NE(load.unavailable_reason.find("'CSF-2.0' is not loaded here"),
                      std::string::npos)
                << load.unavailable_reason;
            continue;
        }
        ASSERT_TRUE(load.crosswalk) << load.unavailable_reason;
        EXPECT_TRUE(load.unavailable_reason.empty());
        EXPECT_EQ(load.crosswalk->relations.size(), relation_counts().at(load.crosswalk->id));
        available.insert(load.crosswalk->id);
    }
    EXPECT_EQ(available,
              (std::set<std::string>{"CAF-3.2--CE-3.2", "DSPT-2023-24--DSPT-CAF-2024-25"}));
}

TEST(BuiltinCrosswalksTest, EveryOneLoadsWithTheRealCsfCatalogueImported) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "frameworks/nist-csf-2.0/NIST_CSF_v2.0_catalog.xml");
    auto csf = parse_oscal_catalog(read_file_text(path), "NIST_CSF_v2.0_catalog.xml");
    ASSERT_TRUE(csf) << csf.error().to_string();
    std::vector<Framework> frameworks = builtin_or_fail();
    frameworks.push_back(std::move(csf->framework));
    auto crosswalks = builtin_crosswalks(FrameworkList(frameworks));
    ASSERT_TRUE(crosswalks) << crosswalks.error().to_string();
    ASSERT_EQ(crosswalks->size(), relation_counts().size());
    for (const CrosswalkLoad& load : *crosswalks) {
        SCOPED_TRACE(load.file);
        ASSERT_TRUE(load.crosswalk) << load.unavailable_reason;
        EXPECT_EQ(load.crosswalk->relations.size(), relation_counts().at(load.crosswalk->id));
    }
}

// The built-in frameworks with Cyber Essentials v3.2 in a version of an organisation's own that
// lacks SUM.1, as its import (which replaces the built-in library of the same id) would leave them.
std::vector<Framework> with_own_cyber_essentials() {
    std::vector<Framework> frameworks = builtin_or_fail();
    for (Framework& framework : frameworks) {
        if (framework.qualified_id() == "CE-3.2") {
            const auto index = framework.index_of("SUM.1");
            EXPECT_TRUE(index);
            framework.nodes[index.value_or(0)].id = "SUM.1-OURS";
        }
    }
    return frameworks;
}

// The CAF 3.2 crosswalk onto it is unavailable, saying where and why, and the others load and
// project as before.
TEST(BuiltinCrosswalksTest, OneAnImportedFrameworkDoesNotFitIsUnavailableNotAnError) {
    const std::vector<Framework> frameworks = with_own_cyber_essentials();
    const FrameworkList list(frameworks);
    auto loads = builtin_crosswalks(list);
    ASSERT_TRUE(loads) << loads.error().to_string();
    const auto unfit = std::find_if(loads->begin(), loads->end(), [](const CrosswalkLoad& load) {
        return load.file == "caf-3.2--ce-3.2.yaml";
    });
    ASSERT_NE(unfit, loads->end());
    EXPECT_FALSE(unfit->crosswalk);
    const std::regex reason(
        R"(caf-3\.2--ce-3\.2\.yaml line [0-9]+: relations: B4\.d -> SUM\.1: 'SUM\.1' is not a )"
        R"(node of CE-3\.2: the framework loaded under that id does not fit this crosswalk, as )"
        R"(when an organisation imports its own version of it)");
    EXPECT_TRUE(std::regex_match(unfit->unavailable_reason, reason)) << unfit->unavailable_reason;

    std::vector<Crosswalk> available;
    for (const CrosswalkLoad& load : *loads) {
        if (load.crosswalk) {
            available.push_back(*load.crosswalk);
        }
    }
    ASSERT_EQ(available.size(), 1U);
    EXPECT_EQ(available[0].id, "DSPT-2023-24--DSPT-CAF-2024-25");
    auto projection = project(
        *list.find_framework("DSPT-2023-24"),
        [](const Node&) { return NodeState::leaf(NodeAnswer::kMet); },
        *list.find_framework("DSPT-CAF-2024-25"), available, list);
    ASSERT_TRUE(projection) << projection.error().to_string();
    EXPECT_GT(projection->partial, 0U);
}

// A broken built-in file is still an error, whatever the frameworks: only the node checks depend
// on the version of a framework loaded.
TEST(BuiltinCrosswalksTest, AFileThatBreaksTheSchemaIsStillAnError) {
    auto crosswalk = parse_crosswalk_yaml(
        "crosswalk: OUT--CTL\nfrom: OUT-1.0\nto: CTL-1.0\ntitle: T\nrelations:\n"
        "  - {from: A1.a, to: C1, relation: overlaps}\n",
        "x.yaml", fixtures());
    ASSERT_FALSE(crosswalk);
    EXPECT_EQ(crosswalk.error().code, ErrorCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// Inherited and composed crosswalks

Crosswalk fixture_crosswalk() {
    auto crosswalk = parse_crosswalk_yaml(
        read_fixture("assess/frameworks/out-ctl-mini.crosswalk.yaml"), "x.yaml", fixtures());
    EXPECT_TRUE(crosswalk) << crosswalk.error().to_string();
    return crosswalk ? *crosswalk : Crosswalk{};
}

// DER-1.0: OUT-1.0's nodes (defined_in OUT-1.0) and its own outcome B1.a.
Framework derived_framework() {
    auto derived = parse_framework_yaml(
        "framework: DER\nversion: \"1.0\"\ntitle: D\nkind: outcomes\nextends: OUT-1.0\n"
        "nodes:\n  - {id: B, type: objective, title: B, nodes: [{id: B1, type: principle, title: "
        "B1, nodes: [{id: B1.a, type: outcome, title: Its own}]}]}\n",
        "der.yaml", &fixtures());
    EXPECT_TRUE(derived) << derived.error().to_string();
    return derived ? *derived : Framework{};
}

std::vector<std::string> pair_lines(const Crosswalk& crosswalk) {
    std::vector<std::string> lines;
    for (const CrosswalkPair& pair : crosswalk.relations) {
        lines.push_back(pair.from + " " + std::string(relation_name(pair.relation)) + " " +
                        pair.to + (pair.note.empty() ? "" : " / " + pair.note));
    }
    return lines;
}

TEST(AppliedCrosswalkTest, AFrameworkThatInheritsAnEndTakesThePairsOnItsInheritedNodes) {
    const Framework derived = derived_framework();
    const Framework& ctl = *fixtures().find_framework("CTL-1.0");
    const Framework& out = *fixtures().find_framework("OUT-1.0");
    EXPECT_EQ(node_origins(derived), (std::vector<std::string>{"DER-1.0", "OUT-1.0"}));
    EXPECT_TRUE(shares_nodes(derived, out));
    EXPECT_TRUE(shares_nodes(out, derived));
    EXPECT_TRUE(shares_nodes(out, out));
    EXPECT_FALSE(shares_nodes(out, ctl));

    const Crosswalk crosswalk = fixture_crosswalk();
    const auto forward = applied_crosswalk(crosswalk, derived, ctl);
    ASSERT_TRUE(forward);
    EXPECT_EQ(forward->direction(), "DER-1.0 -> CTL-1.0");
    EXPECT_EQ(forward->name(), "OUT-1.0--CTL-1.0 (inherited by DER-1.0)");
    EXPECT_EQ(forward->relations.size(), crosswalk.relations.size());
    EXPECT_EQ(forward->relations_not_inherited, 0U);
    const auto backward = applied_crosswalk(crosswalk, ctl, derived);
    ASSERT_TRUE(backward);
    EXPECT_EQ(backward->name(), "OUT-1.0--CTL-1.0 (reversed, inherited by DER-1.0)");
    EXPECT_EQ(backward->relations[1].relation, Relation::kSuperset);
    EXPECT_EQ(applied_crosswalk(crosswalk, out, ctl)->name(), "OUT-1.0--CTL-1.0");
    // Unrelated frameworks, and a framework and its base, are related by no crosswalk.
    EXPECT_FALSE(applied_crosswalk(crosswalk, derived, out));
    EXPECT_FALSE(applied_crosswalk(crosswalk, ctl, *fixtures().find_framework("STD-2023-24")));
}

// A node the inheriting framework redefines (defined there, not in OUT-1.0) or lacks is not the
// node the crosswalk judged: its pairs are left out and counted.
TEST(AppliedCrosswalkTest, PairsOnARedefinedOrMissingNodeAreLeftOutAndCounted) {
    Framework derived = derived_framework();
    derived.nodes[*derived.index_of("A1.b")].defined_in.clear();
    derived.nodes[*derived.index_of("A1.d")].id = "A1.z";
    const auto applied =
        applied_crosswalk(fixture_crosswalk(), derived, *fixtures().find_framework("CTL-1.0"));
    ASSERT_TRUE(applied);
    EXPECT_EQ(
        pair_lines(*applied),
        (std::vector<std::string>{"A1.a equal C1.1", "A1.a subset C1.2",
                                  "A1.c superset C1 / onto a control that has requirements"}));
    EXPECT_EQ(applied->relations_not_inherited, 3U) << "A1.b twice, A1.d once";
}

TEST(ComposeTest, EveryPairOfRelations) {
    constexpr Relation kEqual = Relation::kEqual;
    constexpr Relation kSubset = Relation::kSubset;
    constexpr Relation kSuperset = Relation::kSuperset;
    constexpr Relation kIntersects = Relation::kIntersects;
    constexpr std::optional<Relation> kNothing;
    struct Row {
        Relation first;
        Relation second;
        std::optional<Relation> composed;
    };
    const Row table[] = {
        {kEqual, kEqual, kEqual},           {kEqual, kSubset, kSubset},
        {kEqual, kSuperset, kSuperset},     {kEqual, kIntersects, kIntersects},
        {kSubset, kEqual, kSubset},         {kSubset, kSubset, kSubset},
        {kSubset, kSuperset, kNothing},     {kSubset, kIntersects, kNothing},
        {kSuperset, kEqual, kSuperset},     {kSuperset, kSubset, kIntersects},
        {kSuperset, kSuperset, kSuperset},  {kSuperset, kIntersects, kIntersects},
        {kIntersects, kEqual, kIntersects}, {kIntersects, kSubset, kIntersects},
        {kIntersects, kSuperset, kNothing}, {kIntersects, kIntersects, kNothing},
    };
    for (const Row& row : table) {
        SCOPED_TRACE(std::string(relation_name(row.first)) + " then " +
                     std::string(relation_name(row.second)));
        EXPECT_EQ(compose(row.first, row.second), row.composed);
        // Read backwards, the route composes to the reverse of the same relation.
        const std::optional<Relation> back = compose(reversed(row.second), reversed(row.first));
        EXPECT_EQ(back, row.composed ? std::optional(reversed(*row.composed)) : kNothing);
    }
}

// OUT-1.0 -> CTL-1.0 -> OUT-1.0 again (the fixture then its reverse), which shows every kind of
// pair meeting at a node: each composed pair notes its intermediate node, the legs' notes after.
TEST(ComposeTest, AComposedCrosswalkKeepsEachRouteAndCountsWhatSaysNothing) {
    const Crosswalk first = fixture_crosswalk();
    const Crosswalk second = reversed_crosswalk(first);
    const Crosswalk composed = composed_crosswalk(first, second);
    EXPECT_EQ(composed.direction(), "OUT-1.0 -> OUT-1.0");
    EXPECT_EQ(composed.via, "CTL-1.0");
    EXPECT_EQ(composed.name(), "via CTL-1.0: OUT-1.0--CTL-1.0, then OUT-1.0--CTL-1.0 (reversed)");
    // Through C1.1: A1.a = A1.a. Through C1.2 (A1.a subset, A1.b superset): A1.a subset then
    // superset says nothing, A1.a subset then subset A1.b, A1.b superset then superset A1.a, A1.b
    // superset then subset is intersects. Through C2.1 (A1.b intersects, A1.d superset): A1.b
    // intersects then intersects says nothing, then subset A1.d; A1.d superset then intersects
    // A1.b, then subset A1.d. Through C1: A1.c superset then subset A1.c.
    const std::string onto_c1 = "onto a control that has requirements";  // both legs' note
    EXPECT_EQ(pair_lines(composed),
              (std::vector<std::string>{
                  "A1.a equal A1.a / via CTL-1.0 C1.1",
                  "A1.a subset A1.b / via CTL-1.0 C1.2",
                  "A1.b superset A1.a / via CTL-1.0 C1.2",
                  "A1.b intersects A1.b / via CTL-1.0 C1.2",
                  "A1.b intersects A1.d / via CTL-1.0 C2.1",
                  "A1.c intersects A1.c / via CTL-1.0 C1; " + onto_c1 + "; " + onto_c1,
                  "A1.d intersects A1.b / via CTL-1.0 C2.1",
                  "A1.d intersects A1.d / via CTL-1.0 C2.1",
              }));
    EXPECT_EQ(composed.compositions_dropped, 2U);
    EXPECT_EQ(composed.relations[0].location, "x.yaml line 9; x.yaml line 9");
}

}  // namespace
}  // namespace wardround::assess
