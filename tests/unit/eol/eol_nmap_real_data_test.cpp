// SPDX-License-Identifier: Apache-2.0
// find_os over the OS guesses our nmap importer really produces from ../shared/data/nmap (python-
// libnmap's test scans). nmap names a guess by its fingerprint's class list, which may list
// several releases ("Microsoft Windows Vista SP2, Windows 7 SP1, or Windows Server 2008"); the
// version and CPE the importer keeps come from the first class only. The catalogue then returns
// the listed release supported longest, marked assumed, with every listed release as a candidate,
// so an "unsupported" verdict holds whichever release the host runs. Guesses that name no
// catalogued release (Linux kernels, routers, Windows Phone) find nothing.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/checks/eol.h>
#include <wardround/core/diagnostic.h>
#include <wardround/inventory/nmap.h>

#include "support/test_support.h"
#include "unit/eol/eol_test_support.h"

namespace wardround::checks {
namespace {

using testing::key_of;
using testing::os;

struct Guess {
    std::string name;
    std::string version;
    std::string cpe;
};

std::vector<Guess> guesses_in(const std::string& folder) {
    std::vector<Guess> guesses;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == ".xml") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        auto file = InputFile::open(path.string());
        if (!file) {
            ADD_FAILURE() << file.error().to_string();
            continue;
        }
        Diagnostics diagnostics;
        const auto report = inventory::parse_nmap_xml(
            *file, diagnostics, [&](inventory::ObservedAsset&& asset) -> Status {
                for (const auto& guess : asset.os) {
                    guesses.push_back(
                        {guess.name, guess.version, guess.cpes.empty() ? "" : guess.cpes.front()});
                }
                return {};
            });
        EXPECT_TRUE(report.has_value()) << path;
    }
    return guesses;
}

TEST(EolNmapRealDataTest, EveryGuessOfTheRealScans) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, "nmap");
    const auto guesses = guesses_in(folder);
    ASSERT_GE(guesses.size(), 20U);
    // What each distinct catalogued guess name resolves to; every other name finds nothing.
    const std::map<std::string, std::string> expected = {
        {"Microsoft Windows 7 Professional", "windows/7/"},
        // nmap 5.x files give bare classes, which the importer names vendor, family and generation.
        {"Microsoft Windows 7", "windows/7/"},
        {"Microsoft Windows Vista", "windows/Vista/"},
        {"Microsoft Windows 2008", "windows_server/2008/"},
        {"Microsoft Windows Server 2008 Beta 3", "windows_server/2008/"},
        {"Microsoft Windows Vista SP0 or SP1, Windows Server 2008 SP1, or Windows 7", "windows/7/"},
        {"Microsoft Windows Vista SP0 or SP1, Server 2008 SP1, or Windows 7", "windows/7/"},
        {"Microsoft Windows Vista SP2, Windows 7 SP1, or Windows Server 2008", "windows/7/"},
        {"Apple Mac OS X 10.8 (Mountain Lion) (Darwin 12.0.0)", "macos/10.8/"},
        {"Apple Mac OS X 10.8 - 10.8.1 (Mountain Lion) (Darwin 12.0.0 - 12.1.0) or iOS 5.0.1",
         "macos/10.8/"},
    };
    std::set<std::string> seen;
    for (const auto& guess : guesses) {
        SCOPED_TRACE(guess.name + " | " + guess.version + " | " + guess.cpe);
        const auto match = os(guess.name, guess.version, "", guess.cpe);
        const auto it = expected.find(guess.name);
        EXPECT_EQ(key_of(match), it == expected.end() ? "none" : it->second);
        if (match) {
            seen.insert(guess.name);
            EXPECT_FALSE(match->how.empty());
            // Everything an nmap scan of these files found is past its support end today.
            EXPECT_EQ(*support_state(*match->release, "2026-11-29"), SupportState::kUnsupported);
        }
    }
    EXPECT_EQ(seen.size(), expected.size());
}

TEST(EolNmapRealDataTest, ListedAlternativesAreCandidates) {
    const auto match =
        os("Microsoft Windows Vista SP0 or SP1, Windows Server 2008 SP1, or Windows 7", "Vista", "",
           "cpe:2.3:o:microsoft:windows_vista:-:sp1:*:*:*:*:*:*");
    ASSERT_TRUE(match);
    EXPECT_TRUE(match->assumed);
    std::set<std::string> candidates;
    for (const auto* candidate : match->candidates) {
        candidates.insert(candidate->title);
    }
    EXPECT_EQ(candidates,
              (std::set<std::string>{"Windows Vista", "Windows 7", "Windows Server 2008"}));
    EXPECT_NE(match->how.find("windows vista, windows server 2008, windows 7"), std::string::npos)
        << match->how;
}

TEST(EolNmapRealDataTest, TheBriefsExampleGuess) {
    // Windows 7 and Server 2008 share their dates (and ESU); the client comes first in the
    // catalogue, so it is the one returned.
    const auto match =
        os("Microsoft Windows 7 SP0 - SP1, Windows Server 2008 SP1, or Windows 8", "7");
    ASSERT_TRUE(match);
    EXPECT_EQ(key_of(match), "windows/7/");
    EXPECT_EQ(match->candidates.size(), 3U);
    EXPECT_EQ(match->release->support_end, "2020-01-14");
}

TEST(EolNmapRealDataTest, KernelGuessesFindNothing) {
    EXPECT_FALSE(os("Linux 2.6.32", "2.6.X", "", "cpe:2.3:o:linux:linux_kernel:2.6.32"));
    EXPECT_FALSE(os("Linux 4.15 - 5.6", "4.X"));
    EXPECT_FALSE(os("Microsoft Windows Phone 7.5", "Phone"));
    EXPECT_FALSE(os("OpenWrt Kamikaze 8.09 (Linux 2.6.25 - 2.6.26)", "2.6.X"));
}

}  // namespace
}  // namespace wardround::checks
