// SPDX-License-Identifier: Apache-2.0
// Profiles and crosswalks of the library on both backends: an imported profile of the CAF-aligned
// DSPT used by an assessment's status; an import replacing the built-in profile of its id; refused
// files that change nothing; an imported crosswalk used by projection; and a CAF 3.2 profile on a
// CAF-aligned DSPT assessment, setting levels on the CAF's outcomes and none on objective E. The
// fixtures in tests/data/assess/rules are invented for these tests.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include <wardround/assess/assessment.h>
#include <wardround/assess/assessment_projection.h>
#include <wardround/assess/framework_library.h>
#include <wardround/core/input_file.h>
#include <wardround/org/org_import.h>

#include "support/test_support.h"

namespace wardround::assess {
namespace {

using store::Backend;
using ::wardround::testing::at;
using ::wardround::testing::dump_database;
using ::wardround::testing::fixture;

constexpr const char* kOrg = "CT1";  // the invented trust of the checks fixtures
const AssessmentRef kDspt{kOrg, "DSPT-CAF-2024-25", "2024-25"};
const AssessmentRef kCaf{kOrg, "CAF-3.2", "2024-25"};
const AssessmentRef kCaf4{kOrg, "CAF-4.0", "2024-25"};

std::string rules(const std::string& name) {
    return fixture("assess/rules/" + name);
}

class RulesLibraryTest : public ::wardround::testing::BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped()) {
            return;
        }
        auto file = InputFile::open(fixture("checks/organisations.csv"));
        ASSERT_TRUE(file) << file.error().to_string();
        auto organisations = org::import_organisations(*database_, *file);
        ASSERT_TRUE(organisations) << organisations.error().to_string();
    }

    RulesImportReport import_profile(const std::string& name) {
        auto report = import_profile_file(*database_, rules(name));
        EXPECT_TRUE(report) << name << ": " << report.error().to_string();
        return report ? std::move(*report) : RulesImportReport();
    }

    void start(const AssessmentRef& ref, const std::string& profile) {
        auto started = start_assessment(*database_, {ref, {}, profile, "ian.governance"},
                                        at("2025-01-10T09:00:00Z"));
        ASSERT_TRUE(started) << started.error().to_string();
    }

    AssessmentStatus status(const AssessmentRef& ref) {
        auto got = assessment_status(*database_, ref, at("2025-01-11T09:00:00Z"));
        EXPECT_TRUE(got) << got.error().to_string();
        return got ? std::move(*got) : AssessmentStatus();
    }

    static const NodeStatus& node(const AssessmentStatus& status, const std::string& id) {
        const auto found = std::find_if(status.nodes.begin(), status.nodes.end(),
                                        [&](const NodeStatus& n) { return n.id == id; });
        static const NodeStatus kNone;
        EXPECT_NE(found, status.nodes.end()) << id;
        return found == status.nodes.end() ? kNone : *found;
    }

    FrameworkLibrary library() {
        auto loaded = FrameworkLibrary::load(*database_);
        EXPECT_TRUE(loaded) << loaded.error().to_string();
        return loaded ? std::move(*loaded) : FrameworkLibrary();
    }
};

TEST_P(RulesLibraryTest, AnImportedProfileOfTheCafAlignedDsptSetsItsLevels) {
    const RulesImportReport report = import_profile("invented-dspt-caf-profile.yaml");
    EXPECT_EQ(report.id, "INVENTED-DSPT-CAF");
    EXPECT_EQ(report.frameworks, "DSPT-CAF-2024-25");
    EXPECT_EQ(report.entries, 3U);
    EXPECT_FALSE(report.replaced_builtin);
    start(kDspt, "INVENTED-DSPT-CAF");

    const AssessmentStatus got = status(kDspt);
    // Nothing answered: every outcome is not achieved, below what is expected of it.
    EXPECT_EQ(node(got, "A1.a").expected, "achieved");
    EXPECT_EQ(node(got, "A1.a").standing, "below");
    EXPECT_EQ(node(got, "A2.a").expected, "partially-achieved");
    // The profile is of the DSPT itself, so objective E has its level too.
    EXPECT_EQ(node(got, "E1.a").expected, "achieved");
    EXPECT_EQ(node(got, "E1.a").standing, "below");
    EXPECT_EQ(node(got, "A1.b").expected, "");
    EXPECT_EQ(node(got, "A1.b").standing, "no-expectation");
}

TEST_P(RulesLibraryTest, AnImportReplacesTheBuiltInProfileOfItsId) {
    const RulesImportReport first = import_profile("govassure-baseline-replacement.yaml");
    EXPECT_EQ(first.id, "GOVASSURE-BASELINE");
    EXPECT_TRUE(first.replaced_builtin);
    const RulesImportReport again = import_profile("govassure-baseline-replacement.yaml");
    EXPECT_TRUE(again.replaced_import);
    EXPECT_EQ(::wardround::testing::count_rows(*database_, "rules_document"), 1);

    const FrameworkLibrary loaded = library();
    auto profiles = loaded.profiles();
    ASSERT_TRUE(profiles) << profiles.error().to_string();
    const auto baseline =
        std::find_if(profiles->begin(), profiles->end(),
                     [](const LibraryProfile& p) { return p.id == "GOVASSURE-BASELINE"; });
    ASSERT_NE(baseline, profiles->end());
    EXPECT_EQ(std::count_if(profiles->begin(), profiles->end(),
                            [](const LibraryProfile& p) { return p.id == "GOVASSURE-BASELINE"; }),
              1);
    EXPECT_FALSE(baseline->origin.builtin);
    EXPECT_TRUE(baseline->origin.replaces_builtin);
    ASSERT_TRUE(baseline->load.profile);
    EXPECT_EQ(baseline->load.profile->expected.size(), 2U);  // not the built-in 39

    start(kCaf, "GOVASSURE-BASELINE");
    const AssessmentStatus got = status(kCaf);
    EXPECT_EQ(node(got, "A1.a").expected, "not-achieved");
    EXPECT_EQ(node(got, "A1.a").standing, "meets");
    EXPECT_EQ(node(got, "A1.b").standing, "no-expectation");  // the built-in expected it
}

TEST_P(RulesLibraryTest, RefusedFilesChangeNothing) {
    import_profile("invented-dspt-caf-profile.yaml");
    const std::string before = dump_database(*database_);

    auto bad = import_profile_file(*database_, rules("bad/unknown-outcome-profile.yaml"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    const std::string message = bad.error().to_string();
    EXPECT_NE(message.find("unknown-outcome-profile.yaml line 7"), std::string::npos) << message;
    EXPECT_NE(message.find("'Z9.z' is not an outcome of CAF-3.2"), std::string::npos) << message;

    auto relation = import_crosswalk_file(*database_, rules("bad/unknown-relation-crosswalk.yaml"));
    ASSERT_FALSE(relation);
    EXPECT_EQ(relation.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(relation.error().to_string().find("unknown-relation-crosswalk.yaml line 8"),
              std::string::npos)
        << relation.error().to_string();
    // A profile is not a crosswalk: the command says what the file must be.
    auto wrong_kind = import_crosswalk_file(*database_, rules("invented-dspt-caf-profile.yaml"));
    ASSERT_FALSE(wrong_kind);
    auto missing = import_profile_file(*database_, rules("no-such-file.yaml"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

    EXPECT_EQ(dump_database(*database_), before);
}

TEST_P(RulesLibraryTest, AnImportedCrosswalkIsUsedByProjection) {
    start(kCaf4, "");
    auto before = project_assessment(*database_, kCaf4, "CE-3.2", at("2025-01-11T09:00:00Z"));
    ASSERT_FALSE(before);
    EXPECT_EQ(before.error().code, ErrorCode::kNotFound);
    // The unavailable built-in crosswalks are still named.
    EXPECT_NE(before.error().message.find("unavailable: caf-3.2--nist-csf-2.0.yaml"),
              std::string::npos)
        << before.error().message;

    auto report = import_crosswalk_file(*database_, rules("invented-caf-4.0--ce-3.2.yaml"));
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_EQ(report->id, "INVENTED-CAF-4.0--CE-3.2");
    EXPECT_EQ(report->frameworks, "CAF-4.0 -> CE-3.2");
    EXPECT_EQ(report->entries, 2U);

    auto projected = project_assessment(*database_, kCaf4, "CE-3.2", at("2025-01-11T09:00:00Z"));
    ASSERT_TRUE(projected) << projected.error().to_string();
    ASSERT_EQ(projected->projections.size(), 1U);
    EXPECT_EQ(projected->projections[0].target, "CE-3.2");
    EXPECT_EQ(projected->projections[0].crosswalks,
              std::vector<std::string>{"INVENTED-CAF-4.0--CE-3.2"});
    EXPECT_FALSE(projected->unavailable.empty());
}

TEST_P(RulesLibraryTest, ACafProfileJudgesTheCafOutcomesOfTheCafAlignedDspt) {
    start(kDspt, "GOVASSURE-BASELINE");  // a CAF-3.2 profile; the DSPT extends CAF 3.2
    const AssessmentStatus got = status(kDspt);
    EXPECT_EQ(node(got, "A1.a").expected, "achieved");
    EXPECT_EQ(node(got, "A1.a").standing, "below");
    EXPECT_EQ(node(got, "A2.a").expected, "partially-achieved");
    std::size_t objective_e = 0;
    for (const NodeStatus& outcome : got.nodes) {
        if (outcome.id.starts_with("E")) {
            ++objective_e;
            EXPECT_EQ(outcome.expected, "") << outcome.id;
            EXPECT_EQ(outcome.standing, "no-expectation") << outcome.id;
        }
    }
    EXPECT_GT(objective_e, 0U);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         RulesLibraryTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::assess
