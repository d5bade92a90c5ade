// SPDX-License-Identifier: Apache-2.0
// The parser over every nmap report in ../shared/data/nmap (python-libnmap's test files: nmap 5.21
// to 7.91). The numbers were counted independently with Python's ElementTree over the same files:
// hosts whose status is "up", other hosts, ports whose state is open or open|filtered, osmatch
// elements plus 5.x osclass elements beside them.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/test_support.h"
#include "unit/inventory/nmap/nmap_test_support.h"

namespace wardround::inventory {
namespace {

using Strings = std::vector<std::string>;

struct RealFile {
    const char* file;
    const char* tool;
    std::int64_t up;
    std::int64_t skipped;
    std::int64_t exposures;
    std::size_t os_guesses;
    std::size_t service_cpes;
};

void PrintTo(const RealFile& entry, std::ostream* out) {
    *out << entry.file;
}

constexpr RealFile kFiles[] = {
    {"1_host_ping.xml", "nmap 7.91", 1, 0, 0, 0, 0},
    {"1_hosts.xml", "nmap 5.51", 1, 0, 5, 0, 0},
    {"1_hosts_banner.xml", "nmap 5.51", 1, 0, 5, 0, 0},
    {"1_hosts_banner_ports.xml", "nmap 5.51", 1, 0, 2, 0, 0},
    {"1_hosts_banner_ports_notsyn.xml", "nmap 5.51", 1, 0, 2, 0, 0},
    {"1_hosts_banner_ports_xmas.xml", "nmap 5.51", 1, 0, 2, 0, 0},
    {"1_hosts_diff.xml", "nmap 5.51", 1, 0, 4, 0, 0},
    {"1_hosts_down.xml", "nmap 5.51", 1, 0, 0, 0, 0},
    {"1_hosts_nohostname.xml", "nmap 5.51", 1, 0, 0, 0, 0},
    {"1_os_banner_scripts.xml", "nmap 5.51", 1, 0, 8, 9, 0},
    {"2_hosts.xml", "nmap 5.51", 2, 0, 8, 0, 0},
    {"2_hosts_achange.xml", "nmap 5.51", 2, 0, 7, 0, 0},
    {"2_hosts_version.xml", "nmap 5.51", 2, 0, 8, 35, 0},
    {"2_null_hosts.xml", "nmap 5.51", 2, 0, 0, 0, 0},
    {"2_tcp_hosts.xml", "nmap 5.51", 2, 0, 8, 0, 0},
    {"diff_1_host_ping_mac_changed.xml", "nmap 7.91", 1, 0, 0, 0, 0},
    {"dionaea_scan.xml", "nmap 7.91", 1, 0, 16, 1, 3},
    {"extra_ports.xml", "nmap 7.91", 1, 0, 16, 1, 3},
    {"full_sudo5.xml", "nmap 5.21", 4, 252, 11, 15, 0},
    {"full_sudo6.xml", "nmap 6.40-2", 4, 252, 12, 7, 5},
    {"fullscan.xml", "nmap 6.40-2", 2, 254, 9, 0, 3},
    {"os_scan5.xml", "nmap 5.21", 4, 252, 11, 16, 0},
    {"os_scan6.xml", "nmap 6.40-2", 3, 253, 11, 8, 0},
    {"test_osclass.xml", "nmap 6.47", 1, 0, 7, 1, 0},
};

testing::Parsed parse_shared(const std::string& path) {
    auto run = testing::run_nmap_file(path);
    EXPECT_TRUE(run.report.has_value()) << run.error_text();
    return run;
}

Strings os_cpes(const std::vector<ObservedAsset>& assets) {
    Strings out;
    for (const ObservedAsset& asset : assets) {
        for (const ObservedOs& os : asset.os) {
            out.insert(out.end(), os.cpes.begin(), os.cpes.end());
        }
    }
    return out;
}

const ObservedAsset* find_asset(const std::vector<ObservedAsset>& assets, const std::string& key) {
    const auto it = std::find_if(assets.begin(), assets.end(), [&](const ObservedAsset& asset) {
        return asset.source_key == key;
    });
    return it == assets.end() ? nullptr : &*it;
}

class NmapRealData : public ::testing::TestWithParam<RealFile> {};

TEST_P(NmapRealData, CountsMatchTheFile) {
    const RealFile& entry = GetParam();
    WARDROUND_SHARED_DATA_OR_SKIP(path, std::string("nmap/") + entry.file);
    const auto run = parse_shared(path);
    ASSERT_TRUE(run.report.has_value());
    EXPECT_EQ(run.report->tool, entry.tool);
    EXPECT_EQ(run.report->assets, entry.up);
    EXPECT_EQ(static_cast<std::int64_t>(run.assets.size()), entry.up);
    EXPECT_EQ(run.report->skipped, entry.skipped);
    EXPECT_EQ(run.report->exposures, entry.exposures);
    std::size_t guesses = 0;
    std::size_t service_cpes = 0;
    std::int64_t exposures = 0;
    for (const ObservedAsset& asset : run.assets) {
        guesses += asset.os.size();
        exposures += static_cast<std::int64_t>(asset.exposures.size());
        for (const ObservedExposure& exposure : asset.exposures) {
            service_cpes += exposure.cpes.size();
            EXPECT_TRUE(exposure.state == "open" || exposure.state == "open|filtered");
        }
        EXPECT_TRUE(std::is_sorted(
            asset.os.begin(), asset.os.end(),
            [](const ObservedOs& a, const ObservedOs& b) { return a.accuracy > b.accuracy; }));
    }
    EXPECT_EQ(exposures, entry.exposures);
    EXPECT_EQ(guesses, entry.os_guesses);
    EXPECT_EQ(service_cpes, entry.service_cpes);
    // Only test_osclass.xml has a problem (its address is the literal "IP"); every runstats
    // agrees with the hosts listed.
    const std::size_t expected_diagnostics = std::string(entry.file) == "test_osclass.xml" ? 1 : 0;
    EXPECT_EQ(run.diagnostics.total(), expected_diagnostics)
        << ::testing::PrintToString(testing::diagnostic_list(run.diagnostics));
}

INSTANTIATE_TEST_SUITE_P(Shared,
                         NmapRealData,
                         ::testing::ValuesIn(kFiles),
                         [](const ::testing::TestParamInfo<RealFile>& param) {
                             std::string name;
                             for (const char* c = param.param.file; *c != '.'; ++c) {
                                 name += *c;
                             }
                             return name;
                         });

TEST(NmapRealDataFolder, EveryReportHasARow) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, "nmap");
    std::set<std::string> listed;
    for (const RealFile& entry : kFiles) {
        listed.insert(entry.file);
    }
    std::set<std::string> present;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == ".xml") {
            present.insert(entry.path().filename().string());
        }
    }
    EXPECT_EQ(present, listed);
}

TEST(NmapRealDataValues, PingScanNamesAndMac) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nmap/1_host_ping.xml");
    const auto run = parse_shared(path);
    ASSERT_EQ(run.assets.size(), 1U);
    const ObservedAsset& host = run.assets[0];
    EXPECT_EQ(host.source_key, "02:42:ac:1c:01:03");
    EXPECT_EQ(host.macs, Strings{"02:42:ac:1c:01:03"});
    EXPECT_TRUE(host.mac_vendors.empty());
    EXPECT_EQ(host.ips, Strings{"172.28.1.3"});
    EXPECT_EQ(host.hostname, "dionaea");
    EXPECT_EQ(host.fqdn, "dionaea.honeynet_testing_net");
    EXPECT_EQ(host.last_seen, "2020-12-06T19:15:35.000Z");  // no host times: the scan start
    EXPECT_EQ(run.report->observed_at, "2020-12-06T19:15:35.000Z");
    EXPECT_EQ(host.location, "host 1 (byte 436)");
}

TEST(NmapRealDataValues, MacChangedCopyHasItsOwnKey) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nmap/diff_1_host_ping_mac_changed.xml");
    const auto run = parse_shared(path);
    ASSERT_EQ(run.assets.size(), 1U);
    EXPECT_EQ(run.assets[0].source_key, "02:42:ac:1c:01:04");
}

TEST(NmapRealDataValues, DionaeaServicesAndOs) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nmap/dionaea_scan.xml");
    const auto run = parse_shared(path);
    ASSERT_EQ(run.assets.size(), 1U);
    const ObservedAsset& host = run.assets[0];
    EXPECT_EQ(host.last_seen, "2020-11-22T17:14:33.000Z");
    EXPECT_EQ(os_cpes(run.assets), (Strings{"cpe:2.3:o:linux:linux_kernel:4:*:*:*:*:*:*:*",
                                            "cpe:2.3:o:linux:linux_kernel:5:*:*:*:*:*:*:*"}));
    ASSERT_EQ(host.os.size(), 1U);
    EXPECT_EQ(host.os[0].name, "Linux 4.15 - 5.6");
    EXPECT_EQ(host.os[0].accuracy, 100);
    const auto port = [&](int number) -> const ObservedExposure& {
        const auto it = std::find_if(host.exposures.begin(), host.exposures.end(),
                                     [&](const ObservedExposure& e) { return e.port == number; });
        EXPECT_NE(it, host.exposures.end()) << number;
        return *it;
    };
    EXPECT_EQ(port(3306).product, "MySQL");
    EXPECT_EQ(port(3306).version, "5.7.16");
    EXPECT_EQ(port(3306).cpes, Strings{"cpe:2.3:a:mysql:mysql:5.7.16:*:*:*:*:*:*:*"});
    EXPECT_EQ(port(11211).product, "Memcached");
    EXPECT_EQ(port(11211).version, "1.4.25");
    EXPECT_EQ(port(11211).extra, "uptime 132 seconds");
    EXPECT_EQ(port(80).cpes, Strings{"cpe:2.3:a:igor_sysoev:nginx:*:*:*:*:*:*:*:*"});
    EXPECT_EQ(port(21).product, "Synology DiskStation NAS ftpd");
    EXPECT_EQ(port(21).address, "172.28.1.3");
}

TEST(NmapRealDataValues, Nmap6OsCpesAndVendors) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nmap/full_sudo6.xml");
    const auto run = parse_shared(path);
    EXPECT_EQ(os_cpes(run.assets),
              (Strings{
                  "cpe:2.3:o:linux:linux_kernel:2.6.13:*:*:*:*:*:*:*",
                  "cpe:2.3:o:microsoft:windows_server_2008:*:beta3:*:*:*:*:*:*",
                  "cpe:2.3:o:microsoft:windows_7:*:-:professional:*:*:*:*:*",
                  "cpe:2.3:o:microsoft:windows:*:*:*:*:*:*:*:*",
                  "cpe:2.3:o:microsoft:windows_vista:*:-:*:*:*:*:*:*",
                  "cpe:2.3:o:microsoft:windows_vista:*:sp1:*:*:*:*:*:*",
                  "cpe:2.3:o:microsoft:windows_server_2008:*:sp1:*:*:*:*:*:*",
                  "cpe:2.3:o:microsoft:windows_7:*:*:*:*:*:*:*:*",
                  "cpe:2.3:o:microsoft:windows_vista:*:sp2:*:*:*:*:*:*",
                  "cpe:2.3:o:microsoft:windows_7:*:sp1:*:*:*:*:*:*",
                  "cpe:2.3:o:microsoft:windows_server_2008:*:*:*:*:*:*:*:*",
                  "cpe:2.3:o:apple:mac_os_x:10.8:*:*:*:*:*:*:*",
                  // the match's two iOS classes name the same CPE: kept once
                  "cpe:2.3:o:apple:iphone_os:5:*:*:*:*:*:*:*",
              }));
    const ObservedAsset* gateway = find_asset(run.assets, "6c:2e:85:19:af:00");
    ASSERT_NE(gateway, nullptr);
    EXPECT_EQ(gateway->mac_vendors, Strings{"Sagemcom"});
    EXPECT_EQ(gateway->kind, AssetKind::kNetworkDevice);  // osclass type "WAP"
    EXPECT_EQ(gateway->location, "host 253 (byte 35579)");
    const ObservedAsset* apple = find_asset(run.assets, "c0:63:94:05:01:03");
    ASSERT_NE(apple, nullptr);
    EXPECT_EQ(apple->mac_vendors, Strings{"Apple"});
    EXPECT_EQ(apple->ips, Strings{"192.168.1.2"});
    const ObservedAsset* windows = find_asset(run.assets, "00:1f:3c:87:66:50");
    ASSERT_NE(windows, nullptr);
    EXPECT_EQ(windows->mac_vendors, Strings{"Intel Corporate"});
    ASSERT_EQ(windows->os.size(), 5U);
    EXPECT_EQ(windows->os[0].name, "Microsoft Windows Server 2008 Beta 3");
    EXPECT_EQ(windows->os[0].family, "Windows");
    EXPECT_EQ(windows->os[0].version, "2008");
}

TEST(NmapRealDataValues, Nmap6OsScanCpes) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nmap/os_scan6.xml");
    const auto run = parse_shared(path);
    const Strings cpes = os_cpes(run.assets);
    ASSERT_EQ(cpes.size(), 14U);
    EXPECT_EQ(cpes.front(), "cpe:2.3:o:linux:linux_kernel:2.6.13:*:*:*:*:*:*:*");
    // Two guesses each name Mac OS X 10.8: kept in both.
    EXPECT_EQ(std::count(cpes.begin(), cpes.end(), "cpe:2.3:o:apple:mac_os_x:10.8:*:*:*:*:*:*:*"),
              2);
    EXPECT_EQ(cpes.back(), "cpe:2.3:o:apple:iphone_os:5:*:*:*:*:*:*:*");
}

TEST(NmapRealDataValues, Nmap5OldLayout) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nmap/full_sudo5.xml");
    const auto run = parse_shared(path);
    const ObservedAsset* radio = find_asset(run.assets, "6c:2e:85:19:af:00");
    ASSERT_NE(radio, nullptr);
    EXPECT_TRUE(radio->mac_vendors.empty());  // nmap 5.21 named no vendor for it
    EXPECT_EQ(radio->kind, AssetKind::kIot);  // best class: media device
    ASSERT_EQ(radio->os.size(), 4U);
    EXPECT_EQ(radio->os[0].name, "Chumby Internet radio");
    EXPECT_EQ(radio->os[1].name, "Linux 2.6.9 - 2.6.30");
    EXPECT_EQ(radio->os[2].name, "Chumby embedded");
    EXPECT_EQ(radio->os[3].name, "Linux 2.6.X");
    EXPECT_EQ(radio->os[3].version, "2.6.X");
    EXPECT_TRUE(os_cpes(run.assets).empty());  // nmap 5.21 wrote no CPEs
    const ObservedAsset* windows = find_asset(run.assets, "00:1f:3c:87:66:50");
    ASSERT_NE(windows, nullptr);
    EXPECT_EQ(windows->mac_vendors, Strings{"Intel Corporate"});
    EXPECT_EQ(windows->location, "host 256 (byte 49440)");
}

TEST(NmapRealDataValues, AnonymisedAddressIsDroppedAndTheHostKeptByName) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nmap/test_osclass.xml");
    const auto run = parse_shared(path);
    // addr="IP" is no address; the host still has its PTR name, so it is imported without one.
    EXPECT_EQ(testing::diagnostic_list(run.diagnostics),
              Strings{"warning inventory.bad_ip @ host 1 (byte 4652) address 'IP'"});
    ASSERT_EQ(run.assets.size(), 1U);
    const ObservedAsset& host = run.assets[0];
    EXPECT_EQ(host.hostname, "localhost");
    EXPECT_TRUE(host.ips.empty());
    EXPECT_EQ(host.source_key, "");
    EXPECT_EQ(host.exposures.size(), 7U);
    EXPECT_EQ(host.exposures[0].address, "");
    EXPECT_EQ(os_cpes(run.assets), Strings{"cpe:2.3:o:linux:linux_kernel:3:*:*:*:*:*:*:*"});
    EXPECT_EQ(host.os[0].name, "Linux 3.7 - 3.15");
}

TEST(NmapRealDataValues, XmasScanOpenFiltered) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nmap/1_hosts_banner_ports_xmas.xml");
    const auto run = parse_shared(path);
    ASSERT_EQ(run.assets.size(), 1U);
    ASSERT_EQ(run.assets[0].exposures.size(), 2U);
    for (const ObservedExposure& exposure : run.assets[0].exposures) {
        EXPECT_EQ(exposure.state, "open|filtered");
    }
}

}  // namespace
}  // namespace wardround::inventory
