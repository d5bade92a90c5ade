// SPDX-License-Identifier: Apache-2.0
// The text rules recognition is built on: tokens, version patterns and CPE names.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "checks/eol/eol_internal.h"

namespace wardround::checks::detail {
namespace {

TEST(EolTextTest, Tokens) {
    EXPECT_EQ(tokens_of("Debian GNU/Linux 12 (bookworm)"),
              (std::vector<std::string>{"debian", "gnu", "linux", "12", "bookworm"}));
    EXPECT_EQ(tokens_of("Microsoft® Windows 8.1 Pro."),
              (std::vector<std::string>{"microsoft", "windows", "8.1", "pro"}));
    EXPECT_EQ(tokens_of("Windows Server 2025 Datacenter: Azure Edition").size(), 6U);
    EXPECT_TRUE(tokens_of(" ... ").empty());
}

TEST(EolTextTest, VersionPatterns) {
    EXPECT_TRUE(version_matches("22.04", "22.04"));
    EXPECT_TRUE(version_matches("22.04", "22.04.3"));
    EXPECT_FALSE(version_matches("22.04", "22.0"));
    EXPECT_FALSE(version_matches("3.1", "3.10.4"));
    EXPECT_TRUE(version_matches("3.10", "3.10.4"));
    EXPECT_TRUE(version_matches("1.8", "1.8.0_381"));
    EXPECT_TRUE(version_matches("8u*", "8U381"));
    EXPECT_FALSE(version_matches("8", "8u381"));
    EXPECT_TRUE(version_matches("16.0.4*", "16.0.4266.1001"));
    EXPECT_FALSE(version_matches("16.0.4*", "16.0.17928.20114"));
    EXPECT_TRUE(version_matches("20.*.3*", "20.005.30574"));
    EXPECT_FALSE(version_matches("20.*.3*", "20.013.20064"));
    EXPECT_TRUE(version_matches("22h2", "22H2"));
    EXPECT_TRUE(version_matches("*", ""));
    EXPECT_TRUE(version_matches("-", "*"));
    EXPECT_TRUE(version_matches("-", "-"));
    EXPECT_FALSE(version_matches("-", "r2"));
    EXPECT_FALSE(version_matches("r2", ""));
    EXPECT_FALSE(version_matches("", "1.0"));
}

TEST(EolTextTest, CpeNames) {
    const auto v23 = parse_cpe("cpe:2.3:o:Microsoft:Windows_10_22H2:10.0.19045.3803:*:*:*:*:*:*:*");
    ASSERT_TRUE(v23);
    EXPECT_EQ(v23->vendor, "microsoft");
    EXPECT_EQ(v23->product, "windows_10_22h2");
    EXPECT_EQ(v23->version, "10.0.19045.3803");
    const auto escaped = parse_cpe("cpe:2.3:a:vendor\\:x:product:1.0");
    ASSERT_TRUE(escaped);
    EXPECT_EQ(escaped->vendor, "vendor:x");
    const auto uri = parse_cpe("cpe:/o:microsoft:windows_7::sp1");
    ASSERT_TRUE(uri);
    EXPECT_EQ(uri->product, "windows_7");
    EXPECT_EQ(uri->version, "");
    const auto bare = parse_cpe("cpe:/o:apple:mac_os_x");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->version, "*");
    EXPECT_FALSE(parse_cpe("cpe:2.3:o:microsoft"));
    EXPECT_FALSE(parse_cpe("windows"));
}

TEST(EolTextTest, CatalogueCpeEntries) {
    const auto two = parse_cpe_entry("microsoft:office");
    ASSERT_TRUE(two);
    EXPECT_FALSE(two->version);
    const auto three = parse_cpe_entry("Microsoft:Windows_Server_2008:R2");
    ASSERT_TRUE(three);
    EXPECT_EQ(*three->version, "r2");
    EXPECT_FALSE(parse_cpe_entry("microsoft"));
    EXPECT_FALSE(parse_cpe_entry("a:b:c:d"));
    EXPECT_FALSE(parse_cpe_entry("a::c"));
}

}  // namespace
}  // namespace wardround::checks::detail
