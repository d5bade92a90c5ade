// SPDX-License-Identifier: Apache-2.0
// Which scheme applies: names, CPE vendors and products, purl types and OSV ecosystems.
#include <cstddef>
#include <string>

#include <gtest/gtest.h>

#include <wardround/vuln/version.h>

namespace wardround::vuln {
namespace {

TEST(VersionScheme, NamesRoundTrip) {
    for (std::size_t i = 0; i < kVersionSchemeCount; ++i) {
        const auto scheme = static_cast<VersionScheme>(i);
        const std::string_view name = version_scheme_name(scheme);
        EXPECT_EQ(parse_version_scheme(name), scheme) << name;
    }
    EXPECT_EQ(version_scheme_name(VersionScheme::kGeneric), "generic");
    EXPECT_EQ(version_scheme_name(VersionScheme::kRubyGems), "rubygems");
    EXPECT_EQ(parse_version_scheme("Debian"), std::nullopt);
    EXPECT_EQ(parse_version_scheme(""), std::nullopt);
    EXPECT_EQ(parse_version_scheme("dpkg"), std::nullopt);
}

TEST(VersionScheme, ForCpe) {
    EXPECT_EQ(scheme_for_cpe("microsoft", "windows_10_22h2"), VersionScheme::kWindows);
    EXPECT_EQ(scheme_for_cpe("microsoft", "windows_server_2022"), VersionScheme::kWindows);
    EXPECT_EQ(scheme_for_cpe("microsoft", "windows"), VersionScheme::kWindows);
    EXPECT_EQ(scheme_for_cpe("Microsoft", "Windows_11_23H2"), VersionScheme::kWindows);
    EXPECT_EQ(scheme_for_cpe("microsoft", "edge"), VersionScheme::kGeneric);
    EXPECT_EQ(scheme_for_cpe("microsoft", "windowsazure"), VersionScheme::kGeneric);
    EXPECT_EQ(scheme_for_cpe("microsoft", "exchange_server"), VersionScheme::kGeneric);
    EXPECT_EQ(scheme_for_cpe("apache", "log4j"), VersionScheme::kGeneric);
    EXPECT_EQ(scheme_for_cpe("someone", "windows_tool"), VersionScheme::kGeneric);
    EXPECT_EQ(scheme_for_cpe("", ""), VersionScheme::kGeneric);
}

TEST(VersionScheme, ForPurlType) {
    EXPECT_EQ(scheme_for_purl_type("npm"), VersionScheme::kSemver);
    EXPECT_EQ(scheme_for_purl_type("golang"), VersionScheme::kSemver);
    EXPECT_EQ(scheme_for_purl_type("cargo"), VersionScheme::kSemver);
    EXPECT_EQ(scheme_for_purl_type("deb"), VersionScheme::kDebian);
    EXPECT_EQ(scheme_for_purl_type("rpm"), VersionScheme::kRpm);
    EXPECT_EQ(scheme_for_purl_type("maven"), VersionScheme::kMaven);
    EXPECT_EQ(scheme_for_purl_type("pypi"), VersionScheme::kPypi);
    EXPECT_EQ(scheme_for_purl_type("nuget"), VersionScheme::kNuget);
    EXPECT_EQ(scheme_for_purl_type("gem"), VersionScheme::kRubyGems);
    EXPECT_EQ(scheme_for_purl_type("apk"), VersionScheme::kAlpine);
    EXPECT_EQ(scheme_for_purl_type("generic"), VersionScheme::kGeneric);
    EXPECT_EQ(scheme_for_purl_type("NPM"), VersionScheme::kSemver);  // types are case-insensitive
    EXPECT_EQ(scheme_for_purl_type("composer"), std::nullopt);
    EXPECT_EQ(scheme_for_purl_type("github"), std::nullopt);
    EXPECT_EQ(scheme_for_purl_type(""), std::nullopt);
}

TEST(VersionScheme, ForOsvEcosystem) {
    EXPECT_EQ(scheme_for_osv_ecosystem("npm"), VersionScheme::kSemver);
    EXPECT_EQ(scheme_for_osv_ecosystem("Go"), VersionScheme::kSemver);
    EXPECT_EQ(scheme_for_osv_ecosystem("crates.io"), VersionScheme::kSemver);
    EXPECT_EQ(scheme_for_osv_ecosystem("PyPI"), VersionScheme::kPypi);
    EXPECT_EQ(scheme_for_osv_ecosystem("Maven"), VersionScheme::kMaven);
    EXPECT_EQ(scheme_for_osv_ecosystem("NuGet"), VersionScheme::kNuget);
    EXPECT_EQ(scheme_for_osv_ecosystem("RubyGems"), VersionScheme::kRubyGems);
    EXPECT_EQ(scheme_for_osv_ecosystem("Debian"), VersionScheme::kDebian);
    EXPECT_EQ(scheme_for_osv_ecosystem("Debian:12"), VersionScheme::kDebian);
    EXPECT_EQ(scheme_for_osv_ecosystem("Ubuntu:22.04:LTS"), VersionScheme::kDebian);
    EXPECT_EQ(scheme_for_osv_ecosystem("Ubuntu:Pro:18.04:LTS"), VersionScheme::kDebian);
    EXPECT_EQ(scheme_for_osv_ecosystem("Alpine:v3.20"), VersionScheme::kAlpine);
    EXPECT_EQ(scheme_for_osv_ecosystem("Red Hat"), VersionScheme::kRpm);
    EXPECT_EQ(scheme_for_osv_ecosystem("Red Hat:enterprise_linux:9::appstream"),
              VersionScheme::kRpm);
    EXPECT_EQ(scheme_for_osv_ecosystem("AlmaLinux:9"), VersionScheme::kRpm);
    EXPECT_EQ(scheme_for_osv_ecosystem("Rocky Linux:9"), VersionScheme::kRpm);
    EXPECT_EQ(scheme_for_osv_ecosystem("SUSE:Linux Enterprise Server 15 SP5"), VersionScheme::kRpm);
    EXPECT_EQ(scheme_for_osv_ecosystem("openSUSE:Tumbleweed"), VersionScheme::kRpm);
    // Unknown, or spelt otherwise than OSV spells it.
    EXPECT_EQ(scheme_for_osv_ecosystem("pypi"), std::nullopt);
    EXPECT_EQ(scheme_for_osv_ecosystem("debian:12"), std::nullopt);
    EXPECT_EQ(scheme_for_osv_ecosystem("Packagist"), std::nullopt);
    EXPECT_EQ(scheme_for_osv_ecosystem("GIT"), std::nullopt);
    EXPECT_EQ(scheme_for_osv_ecosystem(""), std::nullopt);
}

}  // namespace
}  // namespace wardround::vuln
