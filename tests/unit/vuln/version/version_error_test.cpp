// SPDX-License-Identifier: Apache-2.0
// What does not parse, in every scheme, and what the errors say.
#include <cstddef>
#include <string>

#include <gtest/gtest.h>

#include <wardround/vuln/version.h>

namespace wardround::vuln {
namespace {

class VersionErrors : public ::testing::TestWithParam<VersionScheme> {};

void expect_refused(VersionScheme scheme, const std::string& text, const std::string& reason) {
    auto parsed = parse_version(scheme, text);
    ASSERT_FALSE(parsed.has_value()) << version_scheme_name(scheme) << ": " << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message.find(reason), std::string::npos)
        << version_scheme_name(scheme) << ": " << parsed.error().message;
}

TEST_P(VersionErrors, RefusesWhatNoSchemeOrders) {
    const VersionScheme scheme = GetParam();
    expect_refused(scheme, "", "empty version");
    expect_refused(scheme, "   ", "empty version");
    expect_refused(scheme, "*", "no digits");
    expect_refused(scheme, "-", "no digits");
    expect_refused(scheme, "latest", "no digits");
    expect_refused(scheme, "unknown", "no digits");
    expect_refused(scheme, std::string(kVersionMaxLength + 1, '1'), "longer than 256 bytes");
    expect_refused(scheme, "1.0\t1", "control character");
    expect_refused(scheme, "1.0\n", "control character");
    expect_refused(scheme, std::string("1.0\0", 4), "control character");
    expect_refused(scheme, "1.0\x7f", "control character");
    expect_refused(scheme, "1.0\xc3\xa9", "non-ASCII");
}

TEST_P(VersionErrors, IgnoresSpacesAround) {
    const VersionScheme scheme = GetParam();
    auto padded = parse_version(scheme, "  1.2.3  ");
    auto plain = parse_version(scheme, "1.2.3");
    if (scheme == VersionScheme::kAlpine || !plain) {
        GTEST_SKIP() << version_scheme_name(scheme) << " does not parse 1.2.3";
    }
    ASSERT_TRUE(padded.has_value()) << padded.error().message;
    EXPECT_EQ(padded->text(), "1.2.3");
    EXPECT_EQ(compare_versions(*padded, *plain), 0);
    EXPECT_EQ(padded->scheme(), scheme);
}

TEST_P(VersionErrors, LongestAcceptedVersion) {
    const VersionScheme scheme = GetParam();
    std::string text = "1.";
    text += std::string(kVersionMaxLength - text.size() - 2, '2');
    text += ".3";
    ASSERT_EQ(text.size(), kVersionMaxLength);
    auto parsed = parse_version(scheme, text);
    if (!parsed && parsed.error().code == ErrorCode::kUnimplemented) {
        GTEST_SKIP() << parsed.error().message;
    }
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(compare_versions(*parsed, *parsed), 0);
}

std::string scheme_test_name(const ::testing::TestParamInfo<VersionScheme>& info) {
    return std::string(version_scheme_name(info.param));
}

INSTANTIATE_TEST_SUITE_P(Schemes,
                         VersionErrors,
                         ::testing::Values(VersionScheme::kGeneric,
                                           VersionScheme::kSemver,
                                           VersionScheme::kDebian,
                                           VersionScheme::kRpm,
                                           VersionScheme::kWindows,
                                           VersionScheme::kMaven,
                                           VersionScheme::kPypi,
                                           VersionScheme::kNuget,
                                           VersionScheme::kRubyGems,
                                           VersionScheme::kAlpine),
                         scheme_test_name);

TEST(VersionErrors, MessagesSayWhatIsWrong) {
    auto debian = parse_version(VersionScheme::kDebian, "a1.0");
    ASSERT_FALSE(debian.has_value());
    EXPECT_EQ(debian.error().message,
              "not a Debian version: \"a1.0\": the upstream version must start with a digit");
    auto windows = parse_version(VersionScheme::kWindows, "r2");
    ASSERT_FALSE(windows.has_value());
    EXPECT_EQ(windows.error().message,
              "not a Windows build version: \"r2\": only numbers separated by dots");
    auto semver = parse_version(VersionScheme::kSemver, "1.2");
    ASSERT_FALSE(semver.has_value());
    EXPECT_EQ(semver.error().message,
              "not a SemVer version: \"1.2\": MAJOR.MINOR.PATCH must be three numbers");
    auto generic = parse_version(VersionScheme::kGeneric, "latest");
    ASSERT_FALSE(generic.has_value());
    EXPECT_EQ(generic.error().message, "no digits in \"latest\"");
    // Unprintable bytes are escaped, long texts shortened.
    auto control = parse_version(VersionScheme::kGeneric, "1\x01");
    ASSERT_FALSE(control.has_value());
    EXPECT_EQ(control.error().message, "control character in version \"1\\x01\"");
    auto long_text = parse_version(VersionScheme::kWindows, std::string(200, '1') + "x");
    ASSERT_FALSE(long_text.has_value());
    EXPECT_NE(long_text.error().message.find("...\""), std::string::npos);
}

TEST(VersionErrors, CompareTextNamesTheSide) {
    auto first = compare_version_text(VersionScheme::kGeneric, "latest", "1.0");
    ASSERT_FALSE(first.has_value());
    EXPECT_EQ(first.error().message, "first version: no digits in \"latest\"");
    auto second = compare_version_text(VersionScheme::kGeneric, "1.0", "*");
    ASSERT_FALSE(second.has_value());
    EXPECT_EQ(second.error().message, "second version: no digits in \"*\"");
    auto unordered = compare_version_text(VersionScheme::kGeneric, "2021-12-13", "2.15.0");
    ASSERT_FALSE(unordered.has_value());
    EXPECT_EQ(unordered.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(unordered.error().message.find("cannot be ordered"), std::string::npos);
    auto ordered = compare_version_text(VersionScheme::kDebian, "1.0~rc1", "1.0");
    ASSERT_TRUE(ordered.has_value());
    EXPECT_EQ(*ordered, -1);
    EXPECT_EQ(compare_version_text(VersionScheme::kGeneric, "2.0", "2.0-beta9"), 1);
    EXPECT_EQ(compare_version_text(VersionScheme::kGeneric, "2.15", "2.15.0"), 0);
}

TEST(VersionErrors, DifferentSchemesDoNotOrder) {
    auto generic = parse_version(VersionScheme::kGeneric, "1.0.0");
    auto semver = parse_version(VersionScheme::kSemver, "1.0.0");
    ASSERT_TRUE(generic.has_value());
    ASSERT_TRUE(semver.has_value());
    EXPECT_EQ(compare_versions(*generic, *semver), std::nullopt);
    EXPECT_EQ(compare_versions(*semver, *generic), std::nullopt);
    EXPECT_EQ(compare_versions(*semver, *semver), 0);
}

TEST(VersionErrors, VersionsAreValues) {
    auto parsed = parse_version(VersionScheme::kGeneric, "2.0-beta9");
    ASSERT_TRUE(parsed.has_value());
    const Version copy = *parsed;
    const Version moved = *std::move(parsed);
    EXPECT_EQ(copy.text(), "2.0-beta9");
    EXPECT_EQ(compare_versions(copy, moved), 0);
    auto release = parse_version(VersionScheme::kGeneric, "2.0");
    ASSERT_TRUE(release.has_value());
    EXPECT_EQ(compare_versions(copy, *release), -1);
    EXPECT_EQ(compare_versions(*release, moved), 1);
}

}  // namespace
}  // namespace wardround::vuln
