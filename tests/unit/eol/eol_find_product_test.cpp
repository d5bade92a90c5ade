// SPDX-License-Identifier: Apache-2.0
// Recognising applications from their CPE vendor, product and version.
#include <string>

#include <gtest/gtest.h>

#include <wardround/checks/eol.h>

#include "unit/eol/eol_test_support.h"

namespace wardround::checks {
namespace {

using testing::catalogue;
using testing::key_of;

std::string product(std::string_view vendor, std::string_view name, std::string_view version) {
    return key_of(catalogue().find_product(vendor, name, version));
}

TEST(EolFindProductTest, Office) {
    EXPECT_EQ(product("microsoft", "office", "2010"), "office/2010/");
    EXPECT_EQ(product("microsoft", "office", "14.0.7268.5000"), "office/2010/");
    EXPECT_EQ(product("microsoft", "office", "15.0.5603.1000"), "office/2013/");
    EXPECT_EQ(product("microsoft", "office", "2016"), "office/2016/");
    EXPECT_EQ(product("microsoft", "office", "16.0.4266.1001"), "office/2016/");
    EXPECT_EQ(product("microsoft", "office", "2019"), "office/2019/");
    EXPECT_EQ(product("microsoft", "office", "2021"), "office/2021/");
    EXPECT_EQ(product("microsoft", "office_long_term_servicing_channel", "2021"), "office/2021/");
    EXPECT_EQ(product("microsoft", "excel", "2013"), "office/2013/");
    // Click-to-Run builds do not say which release they are.
    EXPECT_EQ(product("microsoft", "office", "16.0.17928.20114"), "none");
    EXPECT_EQ(product("microsoft", "office", ""), "none");
}

TEST(EolFindProductTest, Browsers) {
    EXPECT_EQ(product("microsoft", "internet_explorer", "11.0.9600.19596"),
              "internet_explorer/11/");
    EXPECT_EQ(product("microsoft", "internet_explorer", "8.0"), "internet_explorer/6-9/");
    EXPECT_EQ(product("microsoft", "edge", "44.19041.1266.0"), "edge_legacy/legacy/");
    EXPECT_EQ(product("microsoft", "edge", "120.0.2210.91"), "none");
    EXPECT_EQ(product("mozilla", "firefox_esr", "115.12.0"), "firefox_esr/115/");
    EXPECT_EQ(product("mozilla", "firefox_esr", "91.13.0"), "firefox_esr/91/");
    EXPECT_EQ(product("google", "chrome", "109.0.5414.120"), "none");
}

TEST(EolFindProductTest, JavaVersionSpellings) {
    EXPECT_EQ(product("oracle", "jre", "1.8.0_381"), "java_se/8/");
    EXPECT_EQ(product("oracle", "jre", "8.0.3810.9"), "java_se/8/");
    EXPECT_EQ(product("oracle", "jdk", "8u391"), "java_se/8/");
    EXPECT_EQ(product("oracle", "jdk", "11.0.20"), "java_se/11/");
    EXPECT_EQ(product("oracle", "jdk", "17.0.8"), "java_se/17/");
    EXPECT_EQ(product("oracle", "jdk", "21.0.1"), "java_se/21/");
    EXPECT_EQ(product("oracle", "jre", "1.7.0_80"), "java_se/7/");
    const auto java8 = catalogue().find_product("oracle", "jre", "1.8.0_381");
    ASSERT_TRUE(java8);
    EXPECT_EQ(java8->release->extended_end, "2030-12-31");
    EXPECT_EQ(*support_state(*java8->release, "2026-11-29"), SupportState::kExtended);
}

TEST(EolFindProductTest, AcrobatTracks) {
    EXPECT_EQ(product("adobe", "acrobat_reader", "11.0.23"), "acrobat/XI/");
    EXPECT_EQ(product("adobe", "acrobat_reader_dc", "15.006.30510"), "acrobat/2015/");
    EXPECT_EQ(product("adobe", "acrobat_dc", "2015.006.30510"), "acrobat/2015/");
    EXPECT_EQ(product("adobe", "acrobat", "17.011.30158"), "acrobat/2017/");
    EXPECT_EQ(product("adobe", "acrobat_2017", "17.011.30158"), "acrobat/2017/");
    EXPECT_EQ(product("adobe", "acrobat_reader", "20.005.30574"), "acrobat/2020/");
    // The Continuous track is supported while kept current: not in the catalogue.
    EXPECT_EQ(product("adobe", "acrobat_reader_dc", "20.013.20064"), "none");
    EXPECT_EQ(product("adobe", "acrobat_reader_dc", "24.002.20991"), "none");
}

TEST(EolFindProductTest, FlashAndPython) {
    EXPECT_EQ(product("adobe", "flash_player", "32.0.0.465"), "flash_player/all/");
    EXPECT_EQ(product("adobe", "flash_player", ""), "flash_player/all/");
    EXPECT_EQ(product("python", "python", "2.7.18"), "python/2.7/");
    EXPECT_EQ(product("python", "python", "3.1.5"), "python/3.1/");
    EXPECT_EQ(product("python", "python", "3.10.12"), "python/3.10/");
    EXPECT_EQ(product("python", "python", "3.12.0"), "python/3.12/");
    EXPECT_EQ(product("python", "python", "4.0"), "none");
    EXPECT_EQ(product("python", "python", ""), "none");
}

TEST(EolFindProductTest, UnknownProduct) {
    EXPECT_EQ(product("openbsd", "openssh", "5.9p1"), "none");
    EXPECT_EQ(product("", "", ""), "none");
}

TEST(EolFindProductTest, HowNamesTheVersion) {
    const auto match = catalogue().find_product("microsoft", "office", "16.0.4266.1001");
    ASSERT_TRUE(match);
    EXPECT_EQ(match->how, "microsoft:office version 16.0.4266.1001 is Office 2016");
    EXPECT_FALSE(match->assumed);
}

}  // namespace
}  // namespace wardround::checks
