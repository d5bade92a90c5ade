// SPDX-License-Identifier: Apache-2.0
// The embedded catalogue: it parses, every row carries an https source and ISO dates, the products
// the checks rely on are all there, and support states fall on the right side of each end date.
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include <wardround/checks/eol.h>

#include "unit/eol/eol_test_support.h"

namespace wardround::checks {
namespace {

using testing::catalogue;

TEST(EolCatalogueTest, EmbeddedCsvParsesAndMatchesBuiltin) {
    auto parsed = EolCatalogue::parse(EolCatalogue::builtin_csv(), "data/eol/catalogue.csv");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().to_string();
    EXPECT_EQ(parsed->releases().size(), catalogue().releases().size());
    EXPECT_GE(catalogue().releases().size(), 150U);
}

TEST(EolCatalogueTest, EveryRowHasHttpsSourceAndIsoDates) {
    const auto iso = [](const std::string& text) {
        return text.size() == 10 && text[4] == '-' && text[7] == '-' && parse_date(text);
    };
    for (const EolRelease& row : catalogue().releases()) {
        SCOPED_TRACE(row.label() + " line " + std::to_string(row.line));
        EXPECT_EQ(row.source.rfind("https://", 0), 0U);
        EXPECT_FALSE(row.title.empty());
        if (row.support_end.empty()) {
            // Only releases still being updated with no announced end (Apple's) may lack a date.
            EXPECT_EQ(row.product, "macos");
            EXPECT_TRUE(row.extended_end.empty());
        } else {
            EXPECT_TRUE(iso(row.support_end));
            ASSERT_TRUE(row.support_end_date.has_value());
            EXPECT_EQ(format_date(*row.support_end_date), row.support_end);
        }
        if (!row.extended_end.empty()) {
            EXPECT_TRUE(iso(row.extended_end));
            EXPECT_GE(row.extended_end, row.support_end);
            EXPECT_FALSE(row.extended_name.empty());
        }
    }
}

TEST(EolCatalogueTest, CoversTheReleasesTheChecksNeed) {
    std::set<std::string> keys;
    for (const EolRelease& row : catalogue().releases()) {
        keys.insert(row.product + "/" + row.release);
    }
    for (const char* key : {"windows/XP",
                            "windows/Vista",
                            "windows/7",
                            "windows/8",
                            "windows/8.1",
                            "windows/10 1507",
                            "windows/10 1511",
                            "windows/10 1607",
                            "windows/10 1703",
                            "windows/10 1709",
                            "windows/10 1803",
                            "windows/10 1809",
                            "windows/10 1903",
                            "windows/10 1909",
                            "windows/10 2004",
                            "windows/10 20H2",
                            "windows/10 21H1",
                            "windows/10 21H2",
                            "windows/10 22H2",
                            "windows/11 21H2",
                            "windows/11 22H2",
                            "windows/11 23H2",
                            "windows/11 24H2",
                            "windows/11 25H2",
                            "windows_server/2003",
                            "windows_server/2003 R2",
                            "windows_server/2008",
                            "windows_server/2008 R2",
                            "windows_server/2012",
                            "windows_server/2012 R2",
                            "windows_server/2016",
                            "windows_server/2019",
                            "windows_server/2022",
                            "windows_server/2025",
                            "macos/10.13",
                            "macos/10.14",
                            "macos/10.15",
                            "macos/11",
                            "macos/12",
                            "macos/13",
                            "macos/14",
                            "macos/15",
                            "ubuntu/14.04",
                            "ubuntu/16.04",
                            "ubuntu/18.04",
                            "ubuntu/20.04",
                            "ubuntu/22.04",
                            "ubuntu/24.04",
                            "ubuntu/23.10",
                            "debian/8",
                            "debian/9",
                            "debian/10",
                            "debian/11",
                            "debian/12",
                            "rhel/6",
                            "rhel/7",
                            "rhel/8",
                            "rhel/9",
                            "centos/6",
                            "centos/7",
                            "centos/8",
                            "centos_stream/8",
                            "office/2010",
                            "office/2013",
                            "office/2016",
                            "office/2019",
                            "office/2021",
                            "internet_explorer/11",
                            "edge_legacy/legacy",
                            "java_se/8",
                            "java_se/11",
                            "java_se/17",
                            "java_se/21",
                            "acrobat/XI",
                            "acrobat/2015",
                            "acrobat/2017",
                            "acrobat/2020",
                            "flash_player/all",
                            "python/2.7",
                            "python/3.12",
                            "firefox_esr/115"}) {
        EXPECT_EQ(keys.count(key), 1U) << key;
    }
}

TEST(EolCatalogueTest, WindowsTenTwentyTwoHTwoDatesAndEsu) {
    const auto match = testing::os("Microsoft Windows 10 Pro", "10.0.19045");
    ASSERT_TRUE(match);
    EXPECT_EQ(match->release->support_end, "2025-10-14");
    EXPECT_EQ(match->release->extended_end, "2028-10-10");
}

TEST(EolCatalogueTest, SupportStateBeforeAtAndAfterTheEnd) {
    const auto match = testing::os("Windows 10 Enterprise", "", "19045");
    ASSERT_TRUE(match);
    const EolRelease& row = *match->release;
    EXPECT_EQ(*support_state(row, "2025-10-13"), SupportState::kSupported);
    EXPECT_EQ(*support_state(row, "2025-10-14"), SupportState::kSupported);
    EXPECT_EQ(*support_state(row, "2025-10-15"), SupportState::kExtended);
    EXPECT_EQ(*support_state(row, "2028-10-10"), SupportState::kExtended);
    EXPECT_EQ(*support_state(row, "2028-10-11"), SupportState::kUnsupported);
    EXPECT_EQ(support_state_name(SupportState::kExtended), "extended");
}

TEST(EolCatalogueTest, SupportStateWithoutExtendedSupport) {
    const auto match = testing::os("Windows 8.1");
    ASSERT_TRUE(match);
    EXPECT_EQ(*support_state(*match->release, "2023-01-10"), SupportState::kSupported);
    EXPECT_EQ(*support_state(*match->release, "2023-01-11"), SupportState::kUnsupported);
}

TEST(EolCatalogueTest, StatesOnTwentyNineNovemberTwentySix) {
    const std::string today = "2026-11-29";
    const auto state = [&](std::string_view name, std::string_view version) {
        const auto match = testing::os(name, version);
        EXPECT_TRUE(match) << name;
        return match ? *support_state(*match->release, today) : SupportState::kSupported;
    };
    EXPECT_EQ(state("Windows Server 2012 R2 Standard", ""), SupportState::kUnsupported);
    EXPECT_EQ(state("Windows Server 2016 Standard", ""), SupportState::kSupported);
    EXPECT_EQ(state("Microsoft Windows 10 Enterprise", "10.0.19045"), SupportState::kExtended);
    EXPECT_EQ(state("Microsoft Windows 11 Enterprise", "10.0.22631"), SupportState::kUnsupported);
    EXPECT_EQ(state("Microsoft Windows 11 Pro", "10.0.26100"), SupportState::kUnsupported);
    EXPECT_EQ(state("Microsoft Windows 11 Enterprise", "10.0.26100"), SupportState::kSupported);
    EXPECT_EQ(state("Ubuntu", "20.04"), SupportState::kExtended);
    EXPECT_EQ(state("Ubuntu", "22.04"), SupportState::kSupported);
    EXPECT_EQ(state("Debian GNU/Linux", "11 (bullseye)"), SupportState::kUnsupported);
    EXPECT_EQ(state("CentOS Linux", "7 (Core)"), SupportState::kUnsupported);
    EXPECT_EQ(state("macOS", "14.5"), SupportState::kSupported);  // no announced end
}

TEST(EolCatalogueTest, SupportStateRejectsBadDates) {
    const auto match = testing::os("Windows 7");
    ASSERT_TRUE(match);
    const auto state = support_state(*match->release, "29/11/2026");
    ASSERT_FALSE(state);
    EXPECT_EQ(state.error().code, ErrorCode::kInvalidArgument);
}

TEST(EolCatalogueTest, LabelsNameTheEditionWhereItMatters) {
    const auto pro = testing::os("Windows 10 Pro", "", "18363");
    ASSERT_TRUE(pro);
    EXPECT_EQ(pro->release->label(), "Windows 10 1909 (Home/Pro)");
    const auto ltsc = testing::os("Windows 10 Enterprise LTSC 2019", "", "17763");
    ASSERT_TRUE(ltsc);
    EXPECT_EQ(ltsc->release->label(), "Windows 10 Enterprise LTSC 2019");
    const auto server = testing::os("Windows Server 2019 Datacenter");
    ASSERT_TRUE(server);
    EXPECT_EQ(server->release->label(), "Windows Server 2019");
}

}  // namespace
}  // namespace wardround::checks
