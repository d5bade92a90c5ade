// SPDX-License-Identifier: Apache-2.0
// Which of an asset's names an outcome blames (the finding's component) and which configuration
// decides, for the two paths: self-contained CVEs merged from each name's own outcomes, and CVEs
// with platform context or several nodes decided per asset. The case files check the truth; these
// check the attribution, which the findings are made from.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/match/asset_matcher.h>

namespace wardround::match {
namespace {

CpeMatchSpec entry(std::string criteria, std::string end_excluding = {}, bool vulnerable = true) {
    CpeMatchSpec spec;
    spec.criteria = std::move(criteria);
    spec.version_end_excluding = std::move(end_excluding);
    spec.vulnerable = vulnerable;
    return spec;
}

ConfigurationSpec one_node(std::vector<CpeMatchSpec> entries) {
    ConfigurationSpec configuration;
    configuration.nodes.push_back({false, false, std::move(entries)});
    return configuration;
}

// The application vulnerable only when it runs on Windows 10.
ConfigurationSpec on_windows(CpeMatchSpec application) {
    ConfigurationSpec configuration;
    configuration.all = true;
    configuration.nodes.push_back({false, false, {std::move(application)}});
    configuration.nodes.push_back(
        {false, false, {entry("cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*", {}, false)}});
    return configuration;
}

const char* const kChrome = "cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*";

class AssetMatcherTest : public ::testing::Test {
protected:
    void add(std::string id, std::vector<ConfigurationSpec> configurations) {
        index_.add({std::move(id), std::move(configurations)});
    }

    // The asset's outcomes for these names, in order.
    AssetOutcomes match(const std::vector<std::string>& names) {
        verdicts_.clear();
        for (const std::string& name : names) {
            auto software = Software::from_cpe(name);
            EXPECT_TRUE(software) << name;
            verdicts_.push_back(evaluate_software(index_, *software));
        }
        std::vector<const SoftwareVerdicts*> pointers;
        for (const SoftwareVerdicts& verdicts : verdicts_) {
            pointers.push_back(&verdicts);
        }
        AssetOutcomes outcomes;
        matcher_.evaluate(pointers, outcomes);
        return outcomes;
    }

    NvdIndex index_;
    std::vector<SoftwareVerdicts> verdicts_;
    AssetMatcher matcher_{index_};
};

std::vector<std::uint32_t> listed(std::span<const std::uint32_t> names) {
    return {names.begin(), names.end()};
}

TEST_F(AssetMatcherTest, EveryNameThatSatisfiesTheDecidingConfigurationIsBlamed) {
    add("CVE-2000-0001", {one_node({entry(kChrome, "120.0")})});
    const auto outcomes = match({"cpe:2.3:a:google:chrome:118.0:*:*:*:*:*:*:*",
                                 "cpe:2.3:a:mozilla:firefox:115.0:*:*:*:*:*:*:*",
                                 "cpe:2.3:a:google:chrome:119.0:*:*:*:*:*:*:*"});
    ASSERT_EQ(outcomes.size(), 1U);
    EXPECT_EQ(outcomes[0].truth, Truth::kTrue);
    EXPECT_EQ(listed(outcomes[0].vulnerable_software), (std::vector<std::uint32_t>{0, 2}));
    EXPECT_TRUE(outcomes[0].platform_software.empty());
}

TEST_F(AssetMatcherTest, TheFirstConfigurationThatHoldsDecidesAcrossNames) {
    // Chrome 118 satisfies only the second configuration, Chrome 99 only the first.
    add("CVE-2000-0002", {one_node({entry("cpe:2.3:a:google:chrome:99.0:*:*:*:*:*:*:*")}),
                          one_node({entry(kChrome, "120.0")})});
    const auto outcomes = match({"cpe:2.3:a:google:chrome:118.0:*:*:*:*:*:*:*",
                                 "cpe:2.3:a:google:chrome:99.0:*:*:*:*:*:*:*"});
    ASSERT_EQ(outcomes.size(), 1U);
    EXPECT_EQ(outcomes[0].configuration, 0);
    EXPECT_EQ(listed(outcomes[0].vulnerable_software), (std::vector<std::uint32_t>{1}));
}

TEST_F(AssetMatcherTest, ANameThatHoldsOutranksAnEarlierUndecidedOne) {
    add("CVE-2000-0003", {one_node({entry(kChrome, "120.0")}),
                          one_node({entry("cpe:2.3:a:mozilla:firefox:*:*:*:*:*:*:*:*", "116.0")})});
    // Chrome's version does not order (configuration 0 undecided); Firefox 115 holds in 1.
    const auto outcomes = match({"cpe:2.3:a:google:chrome:build\\!7:*:*:*:*:*:*:*",
                                 "cpe:2.3:a:mozilla:firefox:115.0:*:*:*:*:*:*:*"});
    ASSERT_EQ(outcomes.size(), 1U);
    EXPECT_EQ(outcomes[0].truth, Truth::kTrue);
    EXPECT_EQ(outcomes[0].configuration, 1);
    EXPECT_EQ(listed(outcomes[0].vulnerable_software), (std::vector<std::uint32_t>{1}));

    const auto undecided = match({"cpe:2.3:a:google:chrome:build\\!7:*:*:*:*:*:*:*"});
    ASSERT_EQ(undecided.size(), 1U);
    EXPECT_EQ(undecided[0].truth, Truth::kUnknown);
    EXPECT_EQ(undecided[0].configuration, 0);
    EXPECT_EQ(listed(undecided[0].vulnerable_software), (std::vector<std::uint32_t>{0}));
}

TEST_F(AssetMatcherTest, PlatformContextIsNamedButNeverBlamed) {
    add("CVE-2000-0004", {on_windows(entry(kChrome, "120.0"))});
    const auto outcomes = match({"cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*",
                                 "cpe:2.3:a:google:chrome:118.0:*:*:*:*:*:*:*"});
    ASSERT_EQ(outcomes.size(), 1U);
    EXPECT_EQ(outcomes[0].truth, Truth::kTrue);
    EXPECT_EQ(listed(outcomes[0].vulnerable_software), (std::vector<std::uint32_t>{1}));
    EXPECT_EQ(listed(outcomes[0].platform_software), (std::vector<std::uint32_t>{0}));

    EXPECT_TRUE(match({"cpe:2.3:a:google:chrome:118.0:*:*:*:*:*:*:*"}).empty())
        << "without its platform the application is not affected";
    EXPECT_TRUE(match({"cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*"}).empty())
        << "the platform alone is never a finding";
}

TEST_F(AssetMatcherTest, AnUndecidedPlatformConfigurationGivesWayToOneThatHolds) {
    add("CVE-2000-0005",
        {on_windows(entry(kChrome, "120.0")), one_node({entry(kChrome, "130.0")})});
    const auto outcomes = match({"cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*",
                                 "cpe:2.3:a:google:chrome:125.0:*:*:*:*:*:*:*",
                                 "cpe:2.3:a:google:chrome:build\\!7:*:*:*:*:*:*:*"});
    ASSERT_EQ(outcomes.size(), 1U);
    EXPECT_EQ(outcomes[0].truth, Truth::kTrue);
    EXPECT_EQ(outcomes[0].configuration, 1);
    EXPECT_EQ(listed(outcomes[0].vulnerable_software), (std::vector<std::uint32_t>{1}));
    EXPECT_TRUE(outcomes[0].platform_software.empty());

    // Only the undecided Chrome: the first undecided configuration is reported, with its platform.
    const auto undecided = match({"cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*",
                                  "cpe:2.3:a:google:chrome:build\\!7:*:*:*:*:*:*:*"});
    ASSERT_EQ(undecided.size(), 1U);
    EXPECT_EQ(undecided[0].truth, Truth::kUnknown);
    EXPECT_EQ(undecided[0].configuration, 0);
    EXPECT_EQ(listed(undecided[0].vulnerable_software), (std::vector<std::uint32_t>{1}));
}

TEST_F(AssetMatcherTest, OutcomesOfBothKindsComeInCveOrderAndNothingCarriesOver) {
    add("CVE-2000-0010", {one_node({entry(kChrome, "120.0")})});
    add("CVE-2000-0011", {on_windows(entry(kChrome, "120.0"))});
    add("CVE-2000-0012", {one_node({entry(kChrome, "119.0")})});
    const auto both = match({"cpe:2.3:a:google:chrome:118.0:*:*:*:*:*:*:*",
                             "cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*"});
    ASSERT_EQ(both.size(), 3U);
    for (std::uint32_t i = 0; i < 3; ++i) {
        EXPECT_EQ(both[i].cve, i);
        EXPECT_EQ(listed(both[i].vulnerable_software), (std::vector<std::uint32_t>{0}));
    }
    // The same matcher on an asset without Windows: the platform verdicts of the last asset are
    // gone.
    const auto alone = match({"cpe:2.3:a:google:chrome:118.0:*:*:*:*:*:*:*"});
    ASSERT_EQ(alone.size(), 2U);
    EXPECT_EQ(alone[0].cve, 0U);
    EXPECT_EQ(alone[1].cve, 2U);
}

}  // namespace
}  // namespace wardround::match
