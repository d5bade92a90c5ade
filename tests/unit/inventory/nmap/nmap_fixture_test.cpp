// SPDX-License-Identifier: Apache-2.0
// The parser over our own nmap 7.9x fixtures (tests/data/inventory/nmap) and small generated
// reports: every field of the model as nmap gives it, the OS and device-type rules, diagnostics
// with their codes and places, and the sink contract.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/test_support.h"
#include "unit/inventory/nmap/nmap_test_support.h"

namespace wardround::inventory {
namespace {

using testing::diagnostic_list;
using testing::nmap_report;
using testing::run_nmap_bytes;
using testing::run_nmap_file;
using Strings = std::vector<std::string>;

constexpr const char* kMac14 = "00:00:5e:00:53:14";

std::string up_host(const std::string& inner, const std::string& attributes = "") {
    return "<host" + attributes + "><status state=\"up\" reason=\"arp-response\"/>\n" + inner +
           "</host>\n";
}

TEST(NmapFixture, ModernScanReport) {
    const auto run = run_nmap_file(testing::fixture("inventory/nmap/ward7-sv-os.xml"));
    ASSERT_TRUE(run.report.has_value()) << run.error_text();
    EXPECT_EQ(run.report->format, "nmap");
    EXPECT_EQ(run.report->tool, "nmap 7.94SVN");
    EXPECT_EQ(run.report->observed_at, "2025-03-11T09:14:02.000Z");
    EXPECT_EQ(run.report->assets, 4);
    EXPECT_EQ(run.report->skipped, 2);  // 192.0.2.0 and 192.0.2.31 are down
    EXPECT_EQ(run.report->exposures, 13);
    EXPECT_EQ(run.report->components, 0);
    EXPECT_EQ(diagnostic_list(run.diagnostics), Strings{});
    ASSERT_EQ(run.assets.size(), 4U);
}

TEST(NmapFixture, RouterWithUdpOpenFiltered) {
    const auto run = run_nmap_file(testing::fixture("inventory/nmap/ward7-sv-os.xml"));
    ASSERT_EQ(run.assets.size(), 4U);
    const ObservedAsset& router = run.assets[0];
    EXPECT_EQ(router.location, "host 2 (byte 1235)");
    EXPECT_EQ(router.source_key, "00:00:5e:00:53:01");
    EXPECT_EQ(router.kind, AssetKind::kNetworkDevice);  // best osclass type "router"
    EXPECT_EQ(router.hostname, "gw-ward7.trust.nhs.uk");
    EXPECT_EQ(router.fqdn, "gw-ward7.trust.nhs.uk");
    EXPECT_EQ(router.ips, Strings{"192.0.2.1"});
    EXPECT_EQ(router.macs, Strings{"00:00:5e:00:53:01"});
    EXPECT_EQ(router.mac_vendors, Strings{"ICANN, IANA Department"});
    EXPECT_EQ(router.last_seen, "2025-03-11T09:14:30.000Z");  // the host's endtime
    EXPECT_EQ(router.first_seen, "");

    ASSERT_EQ(router.os.size(), 2U);
    ObservedOs ios;
    ios.name = "Cisco IOS 15.2";
    ios.vendor = "Cisco";
    ios.family = "IOS";
    ios.version = "15.X";
    ios.accuracy = 96;
    // Both classes of the match name the same CPE: kept once.
    ios.cpes = {"cpe:2.3:o:cisco:ios:15.2:*:*:*:*:*:*:*"};
    EXPECT_EQ(router.os[0], ios);
    EXPECT_EQ(router.os[1].name, "Cisco IOS 12.4");
    EXPECT_EQ(router.os[1].accuracy, 91);

    ASSERT_EQ(router.exposures.size(), 2U);
    ObservedExposure ssh;
    ssh.port = 22;
    ssh.protocol = "tcp";
    ssh.state = "open";
    ssh.service = "ssh";
    ssh.product = "Cisco SSH";
    ssh.version = "1.25";
    ssh.extra = "protocol 2.0";
    ssh.cpes = {"cpe:2.3:a:cisco:ssh:1.25:*:*:*:*:*:*:*", "cpe:2.3:o:cisco:ios:*:*:*:*:*:*:*:*"};
    ssh.address = "192.0.2.1";
    EXPECT_EQ(router.exposures[0], ssh);
    EXPECT_EQ(router.exposures[1].port, 161);
    EXPECT_EQ(router.exposures[1].protocol, "udp");
    EXPECT_EQ(router.exposures[1].state, "open|filtered");
    EXPECT_EQ(router.exposures[1].service, "snmp");
    EXPECT_TRUE(router.exposures[1].cpes.empty());
}

TEST(NmapFixture, WindowsGuessesSortedAndClosedPortsLeftOut) {
    const auto run = run_nmap_file(testing::fixture("inventory/nmap/ward7-sv-os.xml"));
    ASSERT_EQ(run.assets.size(), 4U);
    const ObservedAsset& workstation = run.assets[1];
    EXPECT_EQ(workstation.hostname, "wrd-ws-0142.trust.nhs.uk");
    // "general purpose": nmap cannot tell a workstation from a server.
    EXPECT_EQ(workstation.kind, AssetKind::kUnknown);
    ASSERT_EQ(workstation.os.size(), 2U);
    // The file lists the 97% guess first; the 100% one comes first here.
    EXPECT_EQ(workstation.os[0].name, "Microsoft Windows 10 1607");
    EXPECT_EQ(workstation.os[0].accuracy, 100);
    EXPECT_EQ(workstation.os[0].family, "Windows");
    EXPECT_EQ(workstation.os[0].version, "10");
    EXPECT_EQ(workstation.os[0].cpes, Strings{"cpe:2.3:o:microsoft:windows_10:1607:*:*:*:*:*:*:*"});
    EXPECT_EQ(workstation.os[1].cpes, Strings{"cpe:2.3:o:microsoft:windows_10:*:*:*:*:*:*:*:*"});
    // 9100/tcp is filtered and 161/udp closed: not exposures.
    std::vector<int> ports;
    for (const ObservedExposure& exposure : workstation.exposures) {
        ports.push_back(exposure.port);
    }
    EXPECT_EQ(ports, (std::vector<int>{135, 139, 445, 3389}));
    EXPECT_EQ(workstation.exposures[3].product, "Microsoft Terminal Services");
    EXPECT_EQ(workstation.exposures[2].product, "");  // microsoft-ds, probed without a match
}

TEST(NmapFixture, LinuxServerServicesAndPrinter) {
    const auto run = run_nmap_file(testing::fixture("inventory/nmap/ward7-sv-os.xml"));
    ASSERT_EQ(run.assets.size(), 4U);
    const ObservedAsset& server = run.assets[2];
    EXPECT_EQ(server.source_key, kMac14);
    ASSERT_EQ(server.os.size(), 1U);
    EXPECT_EQ(server.os[0].name, "Linux 4.15 - 5.8");
    EXPECT_EQ(server.os[0].cpes, (Strings{"cpe:2.3:o:linux:linux_kernel:4:*:*:*:*:*:*:*",
                                          "cpe:2.3:o:linux:linux_kernel:5:*:*:*:*:*:*:*"}));
    ASSERT_EQ(server.exposures.size(), 5U);
    const ObservedExposure& ssh = server.exposures[0];
    EXPECT_EQ(ssh.product, "OpenSSH");
    EXPECT_EQ(ssh.version, "8.9p1 Ubuntu 3ubuntu0.10");
    EXPECT_EQ(ssh.extra, "Ubuntu Linux; protocol 2.0");
    EXPECT_EQ(ssh.cpes, (Strings{"cpe:2.3:a:openbsd:openssh:8.9p1:*:*:*:*:*:*:*",
                                 "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*"}));
    EXPECT_EQ(server.exposures[1].cpes[0], "cpe:2.3:a:igor_sysoev:nginx:1.18.0:*:*:*:*:*:*:*");
    EXPECT_EQ(server.exposures[3].cpes,
              Strings{"cpe:2.3:a:postgresql:postgresql:14:*:*:*:*:*:*:*"});

    const ObservedAsset& printer = run.assets[3];
    EXPECT_EQ(printer.kind, AssetKind::kIot);
    EXPECT_EQ(printer.hostname, "");
    EXPECT_EQ(printer.source_key, "02:1a:2b:3c:4d:5e");
    EXPECT_EQ(printer.macs, Strings{"02:1a:2b:3c:4d:5e"});
    EXPECT_TRUE(printer.mac_vendors.empty());  // nmap named no vendor for this MAC
    EXPECT_EQ(printer.os[0].cpes, Strings{"cpe:2.3:h:hp:laserjet_m402:*:*:*:*:*:*:*:*"});
}

TEST(NmapFixture, Ipv6ScanUserNameAndPtr) {
    const auto run = run_nmap_file(testing::fixture("inventory/nmap/ward7-ipv6.xml"));
    ASSERT_TRUE(run.report.has_value()) << run.error_text();
    EXPECT_EQ(run.report->tool, "nmap 7.95");
    EXPECT_EQ(run.report->exposures, 3);
    ASSERT_EQ(run.assets.size(), 1U);
    const ObservedAsset& host = run.assets[0];
    EXPECT_EQ(host.hostname, "wrd-app-07");  // the first name, as typed on the command line
    EXPECT_EQ(host.fqdn, "wrd-app-07.trust.nhs.uk");  // the first with a dot (the PTR)
    EXPECT_EQ(host.ips, Strings{"2001:db8:7::20"});
    EXPECT_EQ(host.source_key, kMac14);
    EXPECT_EQ(host.exposures[0].address, "2001:db8:7::20");
    EXPECT_EQ(host.last_seen, "2025-03-12T14:02:55.000Z");
}

TEST(NmapFixture, SourceKeyFallsBackFromMacToIpv4ToIpv6) {
    const auto run =
        run_nmap_bytes(nmap_report(up_host(R"(<address addr="2001:db8::5" addrtype="ipv6"/>)") +
                                   up_host(R"(<address addr="2001:db8::6" addrtype="ipv6"/>
<address addr="192.0.2.6" addrtype="ipv4"/>)")));
    ASSERT_EQ(run.assets.size(), 2U);
    EXPECT_EQ(run.assets[0].source_key, "2001:db8::5");
    EXPECT_EQ(run.assets[1].source_key, "192.0.2.6");
    EXPECT_EQ(run.assets[1].ips, (Strings{"2001:db8::6", "192.0.2.6"}));
    EXPECT_EQ(run.assets[1].exposures.size(), 0U);
}

TEST(NmapFixture, BadFieldsAreDiagnosedAndTheRestImports) {
    const auto run = run_nmap_file(testing::fixture("inventory/nmap/malformed/bad-fields.xml"));
    ASSERT_TRUE(run.report.has_value()) << run.error_text();
    EXPECT_EQ(diagnostic_list(run.diagnostics),
              (Strings{
                  "warning inventory.bad_mac @ host 1 (byte 234) address '00:00:5E:00:53:ZZ'",
                  "warning nmap.bad_port @ host 1 (byte 234) port 70000/tcp",
                  "warning nmap.bad_cpe @ host 1 (byte 234) port 22/tcp",
                  "warning inventory.bad_text @ host 1 (byte 234) port 8080/tcp",
                  "warning inventory.bad_ip @ host 2 (byte 1131) address '198.51.100.300'",
                  "error inventory.missing_identity @ host 2 (byte 1131)",
                  "warning inventory.bad_date @ host 3 (byte 1296)",
                  "warning inventory.bad_value @ host 3 (byte 1296) osmatch 1",
                  "warning nmap.bad_cpe @ host 3 (byte 1296) osmatch 1",
                  "warning nmap.scan_failed @ runstats (byte 1685)",
                  "warning nmap.count_mismatch @ runstats (byte 1685)",
              }));
    EXPECT_EQ(run.report->assets, 2);
    EXPECT_EQ(run.report->skipped, 0);  // host 2 was up: rejected, not skipped
    EXPECT_EQ(run.report->exposures, 2);
    ASSERT_EQ(run.assets.size(), 2U);
    const ObservedAsset& first = run.assets[0];
    EXPECT_TRUE(first.macs.empty());
    EXPECT_TRUE(first.mac_vendors.empty());
    EXPECT_EQ(first.source_key, "198.51.100.5");
    ASSERT_EQ(first.exposures.size(), 2U);
    EXPECT_EQ(first.exposures[0].port, 22);
    EXPECT_EQ(first.exposures[0].cpes, Strings{"cpe:2.3:a:openbsd:openssh:9.6p1:*:*:*:*:*:*:*"});
    EXPECT_EQ(first.exposures[1].port, 8080);
    EXPECT_EQ(first.exposures[1].service, "http");
    EXPECT_EQ(first.exposures[1].product, "");
    const ObservedAsset& third = run.assets[1];
    ASSERT_EQ(third.os.size(), 1U);
    EXPECT_EQ(third.last_seen, "2025-03-12T09:00:01.000Z");  // endtime "soon": the starttime
    EXPECT_EQ(third.os[0].accuracy, 0);
    EXPECT_EQ(third.os[0].cpes, Strings{"cpe:2.3:o:linux:linux_kernel:5:*:*:*:*:*:*:*"});
    const Diagnostic& failed = run.diagnostics.kept()[9];
    EXPECT_NE(failed.message.find("sendto(5, packet, 44, 0, 198.51.100.7, 16) => Operation"),
              std::string::npos)
        << failed.message;
}

TEST(NmapFixture, DeviceTypeTable) {
    const std::vector<std::pair<std::string, AssetKind>> cases = {
        {"router", AssetKind::kNetworkDevice},
        {"switch", AssetKind::kNetworkDevice},
        {"firewall", AssetKind::kNetworkDevice},
        {"WAP", AssetKind::kNetworkDevice},
        {"broadband router", AssetKind::kNetworkDevice},
        {"load balancer", AssetKind::kNetworkDevice},
        {"bridge", AssetKind::kNetworkDevice},
        {"print server", AssetKind::kNetworkDevice},
        {"printer", AssetKind::kIot},
        {"specialized", AssetKind::kIot},
        {"media device", AssetKind::kIot},
        {"webcam", AssetKind::kIot},
        {"power-device", AssetKind::kIot},
        {"PBX", AssetKind::kIot},
        {"VoIP phone", AssetKind::kIot},
        {"game console", AssetKind::kIot},
        {"phone", AssetKind::kEndpoint},
        {"storage-misc", AssetKind::kServer},
        {"general purpose", AssetKind::kUnknown},
        {"wap", AssetKind::kNetworkDevice},
        {"tricorder", AssetKind::kUnknown},
    };
    for (const auto& [type, kind] : cases) {
        const auto run = run_nmap_bytes(nmap_report(up_host(
            R"(<address addr="192.0.2.9" addrtype="ipv4"/><os><osmatch name="x" accuracy="90">)"
            R"(<osclass type=")" +
            type + R"(" vendor="v" osfamily="f" accuracy="90"/></osmatch></os>)")));
        ASSERT_EQ(run.assets.size(), 1U) << type;
        EXPECT_EQ(run.assets[0].kind, kind) << type;
    }
}

TEST(NmapFixture, Nmap5LayoutClassesBesideMatches) {
    const auto run =
        run_nmap_bytes(nmap_report(up_host(R"(<address addr="192.0.2.9" addrtype="ipv4"/>
<os><portused state="open" proto="tcp" portid="23" />
<osclass type="media device" vendor="Chumby" osfamily="embedded" accuracy="100" />
<osclass type="general purpose" vendor="Linux" osfamily="Linux" osgen="2.6.X" accuracy="100" />
<osmatch name="Linux 2.6.9 - 2.6.30" accuracy="98" line="25360" />
</os>)")));
    ASSERT_EQ(run.assets.size(), 1U);
    const ObservedAsset& asset = run.assets[0];
    EXPECT_EQ(asset.kind, AssetKind::kIot);  // the best class is a media device
    ASSERT_EQ(asset.os.size(), 3U);
    EXPECT_EQ(asset.os[0].name, "Chumby embedded");
    EXPECT_EQ(asset.os[0].vendor, "Chumby");
    EXPECT_EQ(asset.os[1].name, "Linux 2.6.X");  // vendor and family are both "Linux"
    EXPECT_EQ(asset.os[1].version, "2.6.X");
    EXPECT_EQ(asset.os[2].name, "Linux 2.6.9 - 2.6.30");
    EXPECT_EQ(asset.os[2].accuracy, 98);
    EXPECT_EQ(asset.os[2].family, "");
}

TEST(NmapFixture, DownUnknownAndSkippedHostsAreCounted) {
    std::string hosts;
    for (const char* state : {"down", "unknown", "skipped"}) {
        hosts += std::string("<host><status state=\"") + state +
                 "\"/><address addr=\"192.0.2.40\" addrtype=\"ipv4\"/></host>\n";
    }
    hosts += up_host(R"(<address addr="192.0.2.41" addrtype="ipv4"/>)");
    const auto run = run_nmap_bytes(nmap_report(hosts));
    ASSERT_TRUE(run.report.has_value());
    EXPECT_EQ(run.report->skipped, 3);
    EXPECT_EQ(run.report->assets, 1);
    EXPECT_EQ(run.assets[0].location, "host 4 (byte 366)");
}

TEST(NmapFixture, TimesFallBackToTheScanStart) {
    const auto run = run_nmap_bytes(nmap_report(
        up_host(R"(<address addr="192.0.2.9" addrtype="ipv4"/>)") +
        up_host(R"(<address addr="192.0.2.10" addrtype="ipv4"/>)", R"( starttime="1741684500")")));
    ASSERT_EQ(run.assets.size(), 2U);
    EXPECT_EQ(run.assets[0].last_seen, "2025-03-11T09:14:02.000Z");
    EXPECT_EQ(run.assets[1].last_seen, "2025-03-11T09:15:00.000Z");

    const auto no_start =
        run_nmap_bytes(nmap_report(up_host(R"(<address addr="192.0.2.9" addrtype="ipv4"/>)"),
                                   R"(scanner="nmap" version="7.95")"));
    ASSERT_TRUE(no_start.report.has_value());
    EXPECT_EQ(no_start.report->observed_at, "");
    EXPECT_EQ(no_start.assets[0].last_seen, "");
    EXPECT_EQ(diagnostic_list(no_start.diagnostics),
              Strings{"warning inventory.bad_date @ nmaprun (byte 58)"});
}

TEST(NmapFixture, MasscanStyleHostsWithoutStatusAreKept) {
    const auto run = run_nmap_bytes(nmap_report(
        R"(<host endtime="1741684450"><address addr="192.0.2.9" addrtype="ipv4"/><ports>)"
        R"(<port protocol="tcp" portid="443"><state state="open" reason="syn-ack"/></port>)"
        "</ports></host>\n",
        R"(scanner="masscan" start="1741684442" version="1.3")"));
    ASSERT_TRUE(run.report.has_value());
    EXPECT_EQ(run.report->tool, "masscan 1.3");
    ASSERT_EQ(run.assets.size(), 1U);
    EXPECT_EQ(run.assets[0].exposures.size(), 1U);
    EXPECT_EQ(diagnostic_list(run.diagnostics),
              (Strings{"warning nmap.unknown_scanner @ nmaprun (byte 58)",
                       "warning nmap.missing_status @ host 1 (byte 119)"}));
}

TEST(NmapFixture, LongFieldsAreCut) {
    const std::string product(2000, 'p');
    const auto run = run_nmap_bytes(nmap_report(up_host(
        R"(<address addr="192.0.2.9" addrtype="ipv4"/><ports><port protocol="tcp" portid="80">)"
        R"(<state state="open"/><service name="http" product=")" +
        product + R"("/></port></ports>)")));
    ASSERT_EQ(run.assets.size(), 1U);
    EXPECT_EQ(run.assets[0].exposures[0].product, std::string(1024, 'p') + "...");
    EXPECT_EQ(diagnostic_list(run.diagnostics),
              Strings{"warning inventory.bad_value @ host 1 (byte 120) port 80/tcp"});
}

TEST(NmapFixture, MarkupThatLooksLikeHostsIsNotCutAtTheWrongPlace) {
    // A comment and a CDATA section holding host tags, a quoted '>' and "</host>" in an attribute,
    // a processing instruction between hosts, and an entity-escaped value.
    const auto run = run_nmap_bytes(nmap_report(
        "<!-- <host><status state=\"up\"/><address addr=\"192.0.2.66\" addrtype=\"ipv4\"/></host> "
        "-->\n<?ward hint=\"</host>\"?>\n" +
        up_host(R"(<address addr="192.0.2.9" addrtype="ipv4"/>
<hostscript><script id="banner" output="a > b </host> c"><![CDATA[</host><host>]]></script></hostscript>
<ports><port protocol="tcp" portid="80"><state state="open"/><service name="http" product="Ward &amp; Co &#x3e; &lt;web&gt;"/></port></ports>)")));
    ASSERT_TRUE(run.report.has_value()) << run.error_text();
    ASSERT_EQ(run.assets.size(), 1U);
    EXPECT_EQ(run.assets[0].ips, Strings{"192.0.2.9"});
    EXPECT_EQ(run.assets[0].exposures[0].product, "Ward & Co > <web>");
}

TEST(NmapFixture, EmptyRootAndSelfClosedRoot) {
    for (const std::string& text :
         {std::string(R"(<nmaprun scanner="nmap" start="1741684442" version="7.95"/>)"),
          std::string(R"(<nmaprun scanner="nmap" start="1741684442" version="7.95"></nmaprun>)")}) {
        const auto run = run_nmap_bytes(text);
        ASSERT_TRUE(run.report.has_value()) << text;
        EXPECT_EQ(run.report->assets, 0);
        EXPECT_EQ(run.report->tool, "nmap 7.95");
    }
}

TEST(NmapFixture, SinkErrorStopsTheParse) {
    auto file = InputFile::open(testing::fixture("inventory/nmap/ward7-sv-os.xml"));
    ASSERT_TRUE(file.has_value());
    Diagnostics diagnostics;
    int calls = 0;
    auto report = parse_nmap_xml(*file, diagnostics, [&calls](ObservedAsset&&) -> Status {
        if (++calls == 2) {
            return make_error(ErrorCode::kUnavailable, "database is locked", "inventory_assets");
        }
        return {};
    });
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(report.error().message, "database is locked");
    EXPECT_EQ(report.error().where, "inventory_assets");
    EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace wardround::inventory
