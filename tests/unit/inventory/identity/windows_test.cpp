// SPDX-License-Identifier: Apache-2.0
// resolve_windows(): names, versions and builds to the CPE products NVD files Windows under.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/identity.h>

namespace wardround::inventory {
namespace {

using Strings = std::vector<std::string>;

TEST(ResolveWindows, BuildWithRevisionGivesNvdsVersionForm) {
    const Resolution r = resolve_windows("Windows 10 Pro", "10.0.19045.3803", "19045");
    EXPECT_EQ(r.status, Resolution::kResolved);
    EXPECT_EQ(r.cpe, "cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045.3803:*:*:*:*:*:*:*");
    EXPECT_EQ(r.product, "windows_10_22h2");
    EXPECT_EQ(r.version, "10.0.19045.3803");
    EXPECT_EQ(r.method, "windows-build");
    EXPECT_EQ(r.confidence, 95);
    EXPECT_EQ(r.note, "");
}

TEST(ResolveWindows, BuildWithoutRevisionLeavesVersionUnknown) {
    const Resolution r = resolve_windows("Microsoft Windows 11 Enterprise", "", "22631");
    EXPECT_EQ(r.cpe, "cpe:2.3:o:microsoft:windows_11_23h2:*:*:*:*:*:*:*:*");
    EXPECT_EQ(r.version, "");
    // "10.0.22631" alone names the build, not a revision.
    EXPECT_EQ(resolve_windows("Windows 11 Pro", "10.0.22631", "").cpe,
              "cpe:2.3:o:microsoft:windows_11_23h2:*:*:*:*:*:*:*:*");
    // Build and revision in the build field.
    EXPECT_EQ(resolve_windows("Windows 11 Pro", "", "22631.2861").cpe,
              "cpe:2.3:o:microsoft:windows_11_23h2:10.0.22631.2861:*:*:*:*:*:*:*");
}

TEST(ResolveWindows, SharedBuildsAreToldApartByTheName) {
    EXPECT_EQ(resolve_windows("Windows Server 2019 Standard", "", "17763").product,
              "windows_server_2019");
    EXPECT_EQ(resolve_windows("Windows 10 Enterprise LTSC 2019", "10.0.17763.5206", "").cpe,
              "cpe:2.3:o:microsoft:windows_10_1809:10.0.17763.5206:*:*:*:*:*:*:*");
    EXPECT_EQ(resolve_windows("Windows Server 2016 Datacenter", "10.0.14393.6529", "").cpe,
              "cpe:2.3:o:microsoft:windows_server_2016:10.0.14393.6529:*:*:*:*:*:*:*");
    EXPECT_EQ(resolve_windows("Windows 10 Enterprise 2016 LTSB", "10.0.14393.6529", "").product,
              "windows_10_1607");
    EXPECT_EQ(resolve_windows("Windows Server 2025 Datacenter", "", "26100").product,
              "windows_server_2025");
    EXPECT_EQ(resolve_windows("Windows 11 Pro", "", "26100").product, "windows_11_24h2");
    EXPECT_EQ(resolve_windows("Windows Server Datacenter", "10.0.19042.1586", "").product,
              "windows_server_20h2");

    // No name to tell them apart: both candidates, nothing chosen.
    const Resolution r = resolve_windows("", "10.0.17763.1", "");
    EXPECT_EQ(r.status, Resolution::kAmbiguous);
    EXPECT_EQ(r.candidates,
              (Strings{"microsoft:windows_10_1809", "microsoft:windows_server_2019"}));
    EXPECT_EQ(r.cpe, "");
    EXPECT_NE(r.note.find("shared by client and server"), std::string::npos);
}

TEST(ResolveWindows, BuildOutranksAWrongProductName) {
    // The registry's ProductName says "Windows 10" on Windows 11: the build decides, with a note.
    const Resolution r = resolve_windows("Windows 10 Pro", "10.0.22631.2861", "");
    EXPECT_EQ(r.product, "windows_11_23h2");
    EXPECT_NE(r.note.find("the name says otherwise"), std::string::npos);
}

TEST(ResolveWindows, DefenderPlatformAndRelease) {
    const Resolution r = resolve_windows("Windows10", "22H2", "");
    EXPECT_EQ(r.status, Resolution::kResolved);
    EXPECT_EQ(r.cpe, "cpe:2.3:o:microsoft:windows_10_22h2:*:*:*:*:*:*:*:*");
    EXPECT_EQ(r.method, "windows-release");
    EXPECT_EQ(r.confidence, 90);
    EXPECT_EQ(resolve_windows("Windows11", "23H2", "").product, "windows_11_23h2");
    EXPECT_EQ(resolve_windows("WindowsServer2019", "1809", "").product, "windows_server_2019");
    EXPECT_EQ(resolve_windows("WindowsServer2022", "", "").product, "windows_server_2022");
    const Resolution r2 = resolve_windows("WindowsServer2012R2", "", "");
    EXPECT_EQ(r2.cpe, "cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*");
}

TEST(ResolveWindows, ServerReleaseByNameOnly) {
    const Resolution r = resolve_windows("Windows Server 2019 Standard", "", "");
    EXPECT_EQ(r.status, Resolution::kResolved);
    EXPECT_EQ(r.cpe, "cpe:2.3:o:microsoft:windows_server_2019:*:*:*:*:*:*:*:*");
    EXPECT_EQ(r.method, "windows-name");
    EXPECT_EQ(r.confidence, 85);
}

TEST(ResolveWindows, WindowsTenWithoutReleaseIsAmbiguous) {
    const Resolution r = resolve_windows("Windows 10 Pro", "", "");
    EXPECT_EQ(r.status, Resolution::kAmbiguous);
    EXPECT_GE(r.candidates.size(), 10U);
    EXPECT_EQ(r.candidates.front(), "microsoft:windows_10_1507");
}

TEST(ResolveWindows, LegacyReleasesUseNvdsFixedTokens) {
    EXPECT_EQ(resolve_windows("Windows 7 Professional", "6.1.7601", "").cpe,
              "cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*");
    EXPECT_EQ(resolve_windows("Windows 7 Enterprise", "", "7601").cpe,
              "cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*");
    EXPECT_EQ(resolve_windows("Windows Server 2008 R2 Enterprise", "6.1.7601", "").cpe,
              "cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:*:*");
    EXPECT_EQ(resolve_windows("Windows Server 2008 Standard", "6.0.6003", "").cpe,
              "cpe:2.3:o:microsoft:windows_server_2008:-:sp2:*:*:*:*:*:*");
    EXPECT_EQ(resolve_windows("Windows Server 2012 Standard", "6.2.9200", "").cpe,
              "cpe:2.3:o:microsoft:windows_server_2012:-:*:*:*:*:*:*:*");
    EXPECT_EQ(resolve_windows("Windows Server 2012 R2 Datacenter", "6.3.9600", "").cpe,
              "cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*");
    EXPECT_EQ(resolve_windows("Windows 8.1 Pro", "6.3.9600", "").cpe,
              "cpe:2.3:o:microsoft:windows_8.1:-:*:*:*:*:*:*:*");
    EXPECT_EQ(resolve_windows("Windows Vista Business", "6.0.6002", "").cpe,
              "cpe:2.3:o:microsoft:windows_vista:-:sp2:*:*:*:*:*:*");
    EXPECT_EQ(resolve_windows("Windows Server 2008 R2 Standard SP1", "", "").cpe,
              "cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:*:*");
    // By name alone Windows 7 is windows_7 version "-"; the service pack is unknown.
    const Resolution seven = resolve_windows("Windows 7 Professional", "", "");
    EXPECT_EQ(seven.status, Resolution::kResolved);
    EXPECT_EQ(seven.cpe, "cpe:2.3:o:microsoft:windows_7:-:*:*:*:*:*:*:*");
    EXPECT_EQ(seven.confidence, 80);
}

TEST(ResolveWindows, NamesListingSeveralSystemsAreNotPinned) {
    const Resolution r = resolve_windows(
        "Microsoft Windows Vista SP2, Windows 7 SP1, or Windows Server 2008", "", "");
    EXPECT_EQ(r.status, Resolution::kUnresolved);
    EXPECT_EQ(r.note, "the name lists several systems");
}

TEST(ResolveWindows, NotWindowsOrUnknownBuild) {
    EXPECT_EQ(resolve_windows("Ubuntu 22.04", "22.04", "").status, Resolution::kUnresolved);
    const Resolution r = resolve_windows("Windows 10 Pro", "10.0.99999.1", "");
    EXPECT_EQ(r.status,
              Resolution::kAmbiguous);  // falls back to the name: Windows 10, release unknown
    EXPECT_TRUE(is_windows_name("Microsoft Windows 10 Pro"));
    EXPECT_TRUE(is_windows_name("WindowsServer2019"));
    EXPECT_FALSE(is_windows_name("Linux 5.4"));
    EXPECT_FALSE(is_windows_name("X Window System"));
}

}  // namespace
}  // namespace wardround::inventory
