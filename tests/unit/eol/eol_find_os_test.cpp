// SPDX-License-Identifier: Apache-2.0
// Recognising operating systems as inventory sources report them: Windows client and server by
// build, by version name and by name, editions, Linux distributions, macOS, CPE names, and what is
// assumed when the record does not say.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/checks/eol.h>

#include "unit/eol/eol_test_support.h"

namespace wardround::checks {
namespace {

using testing::key_of;
using testing::os;

struct BuildCase {
    const char* build;
    const char* release;
};

TEST(EolFindOsTest, EveryWindowsTenAndElevenBuild) {
    const std::vector<BuildCase> cases = {
        {"10240", "10 1507"}, {"10586", "10 1511"}, {"14393", "10 1607"}, {"15063", "10 1703"},
        {"16299", "10 1709"}, {"17134", "10 1803"}, {"17763", "10 1809"}, {"18362", "10 1903"},
        {"18363", "10 1909"}, {"19041", "10 2004"}, {"19042", "10 20H2"}, {"19043", "10 21H1"},
        {"19044", "10 21H2"}, {"19045", "10 22H2"}, {"22000", "11 21H2"}, {"22621", "11 22H2"},
        {"22631", "11 23H2"}, {"26100", "11 24H2"}, {"26200", "11 25H2"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.build);
        const std::string family = std::string(c.release).substr(0, 2);
        // From the build field, from a full version, and from the build alone with a bare name.
        for (const auto& match : {os("Microsoft Windows " + family + " Enterprise", "", c.build),
                                  os("Microsoft Windows " + family + " Enterprise",
                                     "10.0." + std::string(c.build) + ".1"),
                                  os("Windows", "10.0." + std::string(c.build))}) {
            ASSERT_TRUE(match);
            EXPECT_EQ(match->release->product, "windows");
            EXPECT_EQ(match->release->release, c.release);
            EXPECT_NE(match->how.find("build " + std::string(c.build)), std::string::npos)
                << match->how;
        }
    }
}

TEST(EolFindOsTest, WindowsVersionNames) {
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"1507", "10 1507"}, {"1511", "10 1511"}, {"1607", "10 1607"}, {"1703", "10 1703"},
        {"1709", "10 1709"}, {"1803", "10 1803"}, {"1809", "10 1809"}, {"1903", "10 1903"},
        {"1909", "10 1909"}, {"2004", "10 2004"}, {"20H2", "10 20H2"}, {"21H1", "10 21H1"},
        {"21H2", "10 21H2"}, {"22H2", "10 22H2"},
    };
    for (const auto& [version, release] : cases) {
        // Defender gives the version name in its own field; others put it in the name.
        EXPECT_EQ(os("Windows 10", version)->release->release, release) << version;
        EXPECT_EQ(os(std::string("Windows 10 Pro ") + version)->release->release, release)
            << version;
    }
    EXPECT_EQ(os("Windows 11", "23H2")->release->release, "11 23H2");
    EXPECT_EQ(os("Windows 11 Pro 24H2")->release->release, "11 24H2");
    EXPECT_EQ(os("Windows 11 Enterprise version 22H2")->release->release, "11 22H2");
}

TEST(EolFindOsTest, LegacyWindowsByNameAndVersion) {
    EXPECT_EQ(key_of(os("Microsoft Windows XP Professional", "5.1.2600")), "windows/XP/");
    EXPECT_EQ(key_of(os("Microsoft Windows 7 Professional", "6.1.7601")), "windows/7/");
    EXPECT_EQ(key_of(os("Windows Vista Business")), "windows/Vista/");
    EXPECT_EQ(key_of(os("Windows 8 Pro")), "windows/8/");
    EXPECT_EQ(key_of(os("Windows 8.1 Enterprise")), "windows/8.1/");
    EXPECT_EQ(key_of(os("Microsoft Windows 2000 Professional")), "windows/2000/");
    EXPECT_EQ(key_of(os("Windows", "6.1.7601")), "windows/7/");
    EXPECT_EQ(key_of(os("Windows", "6.3.9600")), "windows/8.1/");
}

TEST(EolFindOsTest, WindowsServers) {
    const std::vector<std::pair<const char*, const char*>> names = {
        {"Microsoft Windows Server 2003 Standard Edition", "2003"},
        {"Windows Server 2003 R2 Enterprise", "2003 R2"},
        {"Windows Server 2008 Enterprise", "2008"},
        {"Microsoft Windows Server 2008 R2 Standard", "2008 R2"},
        {"Windows Server 2012 Datacenter", "2012"},
        {"Microsoft Windows Server 2012 R2 Standard", "2012 R2"},
        {"Windows Server 2016 Standard", "2016"},
        {"Windows Server 2019 Datacenter", "2019"},
        {"Microsoft Windows Server 2022 Standard", "2022"},
        {"Windows Server 2025 Datacenter: Azure Edition", "2025"},
    };
    for (const auto& [name, release] : names) {
        EXPECT_EQ(key_of(os(name)), std::string("windows_server/") + release + "/") << name;
    }
    // Builds shared with Windows 10 and 11 go to the server when the name says server.
    EXPECT_EQ(key_of(os("Windows Server Standard", "", "14393")), "windows_server/2016/");
    EXPECT_EQ(key_of(os("Windows Server Datacenter", "10.0.17763")), "windows_server/2019/");
    EXPECT_EQ(key_of(os("Windows Server", "10.0.20348.2849")), "windows_server/2022/");
    EXPECT_EQ(key_of(os("Windows Server Datacenter", "", "26100")), "windows_server/2025/");
    EXPECT_EQ(key_of(os("Windows Server Standard", "", "18363")), "windows_server/1909/");
    // The synthetic estate's and Defender's spellings.
    EXPECT_EQ(key_of(os("Microsoft Windows Server 2019 Standard", "10.0.17763.6532")),
              "windows_server/2019/");
    EXPECT_EQ(key_of(os("Windows Server 2012 R2", "", "9600")), "windows_server/2012 R2/");
}

TEST(EolFindOsTest, EditionFromTheName) {
    EXPECT_EQ(key_of(os("Microsoft Windows 10 Enterprise", "10.0.19044")),
              "windows/10 21H2/enterprise-education");
    EXPECT_EQ(key_of(os("Microsoft Windows 10 Education", "10.0.19044")),
              "windows/10 21H2/enterprise-education");
    EXPECT_EQ(key_of(os("Microsoft Windows 10 Pro", "10.0.19044")), "windows/10 21H2/home-pro");
    EXPECT_EQ(key_of(os("Windows 10 Home", "", "19044")), "windows/10 21H2/home-pro");
    EXPECT_EQ(key_of(os("Windows 10 Pro Education", "", "19044")), "windows/10 21H2/home-pro");
    EXPECT_EQ(key_of(os("Windows 10 Pro for Workstations", "", "19044")),
              "windows/10 21H2/home-pro");
    EXPECT_EQ(key_of(os("Windows 10 Enterprise LTSC 2021", "", "19044")), "windows/10 21H2/ltsc");
    EXPECT_EQ(key_of(os("Windows 10 IoT Enterprise LTSC 2021", "", "19044")),
              "windows/10 21H2/iot-ltsc");
    EXPECT_EQ(key_of(os("Windows 11 Pro", "10.0.22631")), "windows/11 23H2/home-pro");
    EXPECT_EQ(key_of(os("Windows 11 Enterprise", "10.0.22631")),
              "windows/11 23H2/enterprise-education");
    const auto named = os("Windows 11 Enterprise", "10.0.22631");
    EXPECT_FALSE(named->assumed);
    EXPECT_NE(named->how.find("the name says Enterprise/Education"), std::string::npos)
        << named->how;
}

TEST(EolFindOsTest, EditionAssumedWhenTheNameDoesNotSay) {
    const auto match = os("Windows 10", "", "18363");
    ASSERT_TRUE(match);
    EXPECT_EQ(match->release->edition, "enterprise-education");
    EXPECT_TRUE(match->assumed);
    EXPECT_NE(match->how.find("assumed Enterprise/Education"), std::string::npos) << match->how;
    // Where the editions share their dates there is nothing to assume.
    const auto same = os("Windows 10", "", "19045");
    ASSERT_TRUE(same);
    EXPECT_EQ(same->release->edition, "");
    EXPECT_FALSE(same->assumed);
}

TEST(EolFindOsTest, LongTermServicingByName) {
    EXPECT_EQ(key_of(os("Windows 10 Enterprise 2016 LTSB")), "windows/10 1607/ltsc");
    EXPECT_EQ(key_of(os("Windows 10 Enterprise LTSC 2019")), "windows/10 1809/ltsc");
    EXPECT_EQ(key_of(os("Windows 10 Enterprise 2015 LTSB")), "windows/10 1507/ltsc");
    EXPECT_EQ(key_of(os("Windows 11 IoT Enterprise LTSC 2024")), "windows/11 24H2/iot-ltsc");
    EXPECT_EQ(os("Windows 10 Enterprise LTSC 2019")->release->support_end, "2029-01-09");
    // LTSC is never assumed: an unnamed edition of build 17763 is not taken as LTSC 2019.
    EXPECT_EQ(key_of(os("Windows 10", "", "17763")), "windows/10 1809/enterprise-education");
}

TEST(EolFindOsTest, BuildWinsOverAWindowsTenNameOnWindowsEleven) {
    const auto match = os("Windows 10 Pro", "10.0.22631.4460");
    ASSERT_TRUE(match);
    EXPECT_EQ(key_of(match), "windows/11 23H2/home-pro");
    EXPECT_NE(match->how.find("build 22631 is Windows 11 23H2"), std::string::npos) << match->how;
    // The same for a server name that contradicts its build.
    EXPECT_EQ(key_of(os("Windows Server 2016 Standard", "", "17763")), "windows_server/2019/");
}

TEST(EolFindOsTest, WindowsTenWithoutBuildAssumesTheLastFeatureUpdate) {
    const auto match = os("Microsoft Windows 10 Enterprise");
    ASSERT_TRUE(match);
    EXPECT_EQ(key_of(match), "windows/10 22H2/");
    EXPECT_TRUE(match->assumed);
    EXPECT_GE(match->candidates.size(), 14U);
    EXPECT_NE(match->how.find("supported longest"), std::string::npos) << match->how;
}

TEST(EolFindOsTest, UnknownBuildOrVersionFindsNothing) {
    EXPECT_FALSE(os("Windows 10 Pro", "", "19999"));
    EXPECT_FALSE(os("Ubuntu", "12.04"));
    EXPECT_FALSE(os("Windows", ""));
    EXPECT_FALSE(os("Linux", "5.15.0"));
    EXPECT_FALSE(os("", ""));
    EXPECT_FALSE(os("Android", "14"));
}

TEST(EolFindOsTest, WindowsEmbedded) {
    EXPECT_EQ(key_of(os("Windows Embedded Standard 7", "6.1.7601")),
              "windows_embedded/Standard 7/");
    EXPECT_EQ(key_of(os("Microsoft Windows XP Embedded")), "windows_embedded/XP Embedded/");
    EXPECT_EQ(key_of(os("Windows Embedded POSReady 7")), "windows_embedded/POSReady 7/");
}

TEST(EolFindOsTest, LinuxDistributions) {
    EXPECT_EQ(key_of(os("Ubuntu", "22.04")), "ubuntu/22.04/");
    EXPECT_EQ(key_of(os("Ubuntu", "22.04.3 LTS (Jammy Jellyfish)")), "ubuntu/22.04/");
    EXPECT_EQ(key_of(os("Ubuntu 20.04.6 LTS")), "ubuntu/20.04/");
    EXPECT_EQ(key_of(os("Ubuntu", "23.10")), "ubuntu/23.10/");
    EXPECT_EQ(key_of(os("Ubuntu", "14.04")), "ubuntu/14.04/");
    EXPECT_EQ(key_of(os("Debian GNU/Linux", "12 (bookworm)")), "debian/12/");
    EXPECT_EQ(key_of(os("Debian GNU/Linux", "9.13")), "debian/9/");
    EXPECT_EQ(key_of(os("Debian", "bullseye")), "debian/11/");
    EXPECT_EQ(key_of(os("Red Hat Enterprise Linux", "8.9")), "rhel/8/");
    EXPECT_EQ(key_of(os("Red Hat Enterprise Linux Server release 7.9 (Maipo)")), "rhel/7/");
    EXPECT_EQ(key_of(os("RHEL", "6.10")), "rhel/6/");
    EXPECT_EQ(key_of(os("CentOS Linux", "7 (Core)")), "centos/7/");
    EXPECT_EQ(key_of(os("CentOS Linux", "8")), "centos/8/");
    EXPECT_EQ(key_of(os("CentOS Stream", "8")), "centos_stream/8/");
    EXPECT_EQ(key_of(os("CentOS", "6.10")), "centos/6/");
    const auto ubuntu = os("Ubuntu", "20.04");
    EXPECT_NE(ubuntu->how.find("version 20.04 is Ubuntu 20.04 LTS"), std::string::npos)
        << ubuntu->how;
}

TEST(EolFindOsTest, MacOs) {
    EXPECT_EQ(key_of(os("macOS", "13.6.7")), "macos/13/");
    EXPECT_EQ(key_of(os("macOS", "10.13.6")), "macos/10.13/");
    EXPECT_EQ(key_of(os("macOS", "10.15")), "macos/10.15/");
    EXPECT_EQ(key_of(os("macOS", "11.7.10")), "macos/11/");
    EXPECT_EQ(key_of(os("macOS", "15.1")), "macos/15/");
    EXPECT_EQ(key_of(os("Mac OS X", "10.14.6")), "macos/10.14/");
    EXPECT_EQ(key_of(os("macOS Monterey 12.7")), "macos/12/");
    // 10.1 is not 10.13: versions compare by parts.
    EXPECT_FALSE(os("Mac OS X", "10.1.5"));
}

TEST(EolFindOsTest, CpeAlone) {
    EXPECT_EQ(key_of(os("", "", "", "cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*")),
              "windows/7/");
    EXPECT_EQ(key_of(os("", "", "", "cpe:2.3:o:canonical:ubuntu_linux:18.04:*:*:*:lts:*:*:*")),
              "ubuntu/18.04/");
    EXPECT_EQ(key_of(os("Linux", "", "", "cpe:2.3:o:redhat:enterprise_linux:9.4:*:*:*:*:*:*:*")),
              "rhel/9/");
    EXPECT_EQ(key_of(os("", "", "", "cpe:/o:microsoft:windows_server_2008::sp1")),
              "windows_server/2008/");
    EXPECT_EQ(key_of(os("", "", "", "cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:*:*")),
              "windows_server/2008 R2/");
    EXPECT_EQ(
        key_of(os("", "", "", "cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045.3803:*:*:*:*:*:*:*")),
        "windows/10 22H2/");
    EXPECT_FALSE(os("", "", "", "cpe:2.3:o:linux:linux_kernel:5.15:*:*:*:*:*:*:*"));
    EXPECT_FALSE(os("", "", "", "not a cpe"));
}

TEST(EolFindOsTest, CpeChoosesAmongReleasesTheNameAllows) {
    const auto match =
        os("Microsoft Windows 10", "", "", "cpe:2.3:o:microsoft:windows_10_1809:-:*:*:*:*:*:*:*");
    ASSERT_TRUE(match);
    EXPECT_EQ(match->release->release, "10 1809");
    EXPECT_NE(match->how.find("CPE"), std::string::npos) << match->how;
}

TEST(EolFindOsTest, SyntheticEstateNames) {
    // data/synth/operating_systems.csv spells its systems this way.
    EXPECT_EQ(key_of(os("Microsoft Windows 10 Enterprise", "10.0.19045.2364")), "windows/10 22H2/");
    EXPECT_EQ(key_of(os("Microsoft Windows 11 Enterprise", "10.0.22621.1702")),
              "windows/11 22H2/enterprise-education");
    EXPECT_EQ(key_of(os("Microsoft Windows 7 Professional", "6.1.7601")), "windows/7/");
    EXPECT_EQ(key_of(os("Microsoft Windows XP Professional", "5.1.2600")), "windows/XP/");
    EXPECT_EQ(key_of(os("Microsoft Windows Server 2008 R2 Standard", "6.1.7601")),
              "windows_server/2008 R2/");
    EXPECT_EQ(key_of(os("Red Hat Enterprise Linux", "9.2")), "rhel/9/");
}

}  // namespace
}  // namespace wardround::checks
