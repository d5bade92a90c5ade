// SPDX-License-Identifier: Apache-2.0
// Package URLs to OSV packages, and OSV affected entries decided for versions just below, at and
// above each event.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/match/osv_matcher.h>

namespace wardround::match {
namespace {

OsvAffectedSpec entry(std::string ecosystem,
                      std::string name,
                      std::vector<std::pair<std::string, std::string>> events,
                      std::string type = "ECOSYSTEM") {
    OsvAffectedSpec spec;
    spec.advisory = "GHSA-test";
    spec.vuln_id = "CVE-2099-0001";
    spec.ecosystem = std::move(ecosystem);
    spec.name = std::move(name);
    spec.ranges.push_back(OsvRangeSpec{std::move(type), std::move(events)});
    return spec;
}

Truth decide(const OsvIndex& index, const OsvPackage& package, const std::string& version) {
    const auto verdicts = index.evaluate(package, version);
    return verdicts.empty() ? Truth::kFalse : verdicts.front().truth;
}

TEST(PackageUrl, SplitsAndDecodesEveryPart) {
    auto npm = parse_package_url("pkg:npm/%40angular/core@12.1.0?arch=x64#src");
    ASSERT_TRUE(npm);
    EXPECT_EQ(npm->type, "npm");
    EXPECT_EQ(npm->namespace_, "@angular");
    EXPECT_EQ(npm->name, "core");
    EXPECT_EQ(npm->version, "12.1.0");
    EXPECT_EQ(npm->qualifier("arch"), "x64");
    auto maven = parse_package_url("pkg:Maven/org.apache.logging.log4j/log4j-core@2.14.1");
    ASSERT_TRUE(maven);
    EXPECT_EQ(maven->type, "maven");
    EXPECT_EQ(maven->namespace_, "org.apache.logging.log4j");
}

TEST(PackageUrl, RejectsWhatIsNotOne) {
    EXPECT_FALSE(parse_package_url("npm/lodash@1.0"));
    EXPECT_FALSE(parse_package_url("pkg:npm"));
    EXPECT_FALSE(parse_package_url("pkg:npm/lod%zzash@1.0"));
    EXPECT_FALSE(parse_package_url("pkg:npm/lodash@1.0%4"));
}

TEST(PackageUrl, MapsToOsvEcosystems) {
    const auto map = [](const char* purl) {
        return osv_package_for(*parse_package_url(purl));
    };
    EXPECT_EQ(map("pkg:npm/%40angular/core@1")->name, "@angular/core");
    EXPECT_EQ(map("pkg:maven/org.x/lib@1")->ecosystem, "Maven");
    EXPECT_EQ(map("pkg:maven/org.x/lib@1")->name, "org.x:lib");
    EXPECT_EQ(map("pkg:golang/github.com/miekg/dns@v1.1.30")->name, "github.com/miekg/dns");
    EXPECT_EQ(map("pkg:deb/debian/openssl@3.0.11-1?distro=debian-12")->ecosystem, "Debian:12");
    // Without the release a Debian package cannot be tied to an ecosystem; unknown types neither.
    EXPECT_FALSE(map("pkg:deb/debian/openssl@3.0.11-1"));
    EXPECT_FALSE(map("pkg:generic/openssl@3.0.11"));
    EXPECT_FALSE(map("pkg:maven/lib@1"));
}

TEST(OsvIndex, IntroducedAndFixedAroundEachBound) {
    OsvIndex index;
    index.add(entry("Maven", "org.apache.logging.log4j:log4j-core",
                    {{"introduced", "2.0-beta9"}, {"fixed", "2.15.0"}}));
    const OsvPackage log4j{"Maven", "org.apache.logging.log4j:log4j-core"};
    EXPECT_EQ(decide(index, log4j, "2.0-beta8"), Truth::kFalse);
    EXPECT_EQ(decide(index, log4j, "2.0-beta9"), Truth::kTrue);
    EXPECT_EQ(decide(index, log4j, "2.14.1"), Truth::kTrue);
    EXPECT_EQ(decide(index, log4j, "2.15.0"), Truth::kFalse);
    EXPECT_EQ(decide(index, log4j, "2.17.1"), Truth::kFalse);
    EXPECT_EQ(decide(index, OsvPackage{"Maven", "org.apache.logging.log4j:log4j-api"}, "2.14.1"),
              Truth::kFalse);
}

TEST(OsvIndex, LastAffectedIsInclusiveAndEventsAreSorted) {
    OsvIndex index;
    // Out of order on purpose: OSV evaluates events in version order.
    index.add(
        entry("npm", "lodash", {{"last_affected", "4.17.20"}, {"introduced", "0"}}, "SEMVER"));
    const OsvPackage lodash{"npm", "lodash"};
    EXPECT_EQ(decide(index, lodash, "0.1.0"), Truth::kTrue);
    EXPECT_EQ(decide(index, lodash, "4.17.20"), Truth::kTrue);
    EXPECT_EQ(decide(index, lodash, "4.17.21"), Truth::kFalse);
}

TEST(OsvIndex, SeveralIntroducedFixedPairs) {
    OsvIndex index;
    index.add(entry(
        "PyPI", "Django",
        {{"introduced", "3.2"}, {"fixed", "3.2.19"}, {"introduced", "4.0"}, {"fixed", "4.1.9"}}));
    const OsvPackage django{"PyPI", "django"};  // PyPI names compare normalised
    EXPECT_EQ(decide(index, django, "3.1.9"), Truth::kFalse);
    EXPECT_EQ(decide(index, django, "3.2.18"), Truth::kTrue);
    EXPECT_EQ(decide(index, django, "3.2.19"), Truth::kFalse);
    EXPECT_EQ(decide(index, django, "4.0"), Truth::kTrue);
    EXPECT_EQ(decide(index, django, "4.1.9"), Truth::kFalse);
}

TEST(OsvIndex, ExplicitVersionsAndGitRanges) {
    OsvIndex index;
    OsvAffectedSpec spec =
        entry("Go", "example.org/mod", {{"introduced", "0"}, {"fixed", "abc"}}, "GIT");
    spec.versions = {"v1.2.3"};
    index.add(spec);
    const OsvPackage mod{"Go", "example.org/mod"};
    EXPECT_EQ(decide(index, mod, "v1.2.3"), Truth::kTrue);
    // The GIT range names commits: it is not evaluated against versions.
    EXPECT_EQ(decide(index, mod, "v1.2.4"), Truth::kFalse);
}

TEST(OsvIndex, UnknownOrUnorderableVersionsAreNotEvaluable) {
    OsvIndex index;
    index.add(entry("npm", "left-pad", {{"introduced", "0"}, {"fixed", "1.3.0"}}, "SEMVER"));
    const OsvPackage pad{"npm", "left-pad"};
    EXPECT_EQ(decide(index, pad, ""), Truth::kUnknown);
    EXPECT_EQ(decide(index, pad, "latest"), Truth::kUnknown);
    const auto verdicts = index.evaluate(pad, "latest");
    ASSERT_EQ(verdicts.size(), 1U);
    EXPECT_NE(verdicts.front().steps.back().find("not evaluable"), std::string::npos);
}

}  // namespace
}  // namespace wardround::match
