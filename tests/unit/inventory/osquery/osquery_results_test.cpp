// SPDX-License-Identifier: Apache-2.0
// An osquery results log with two hosts (tests/data/inventory/osquery/results.log): a Windows
// workstation in event format with string values, and an Ubuntu server with numerics, integer
// times, batch lines and a schedule epoch change. Every field a user relies on, and the
// diagnostics with their lines.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/osquery.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

struct Parsed {
    ObservedReport report;
    std::vector<ObservedAsset> assets;
};

Parsed parse_fixture(const std::string& name, Diagnostics& diagnostics) {
    testing::Parsed parsed = testing::parse_path(
        parse_osquery_results, testing::fixture("inventory/osquery/" + name), diagnostics);
    EXPECT_TRUE(parsed.report.has_value()) << parsed.error_text();
    return {parsed.report.value_or(ObservedReport{}), std::move(parsed.assets)};
}

ObservedComponent component(std::string type,
                            std::string vendor,
                            std::string product,
                            std::string version,
                            std::string purl,
                            std::string location) {
    ObservedComponent c;
    c.type = std::move(type);
    c.vendor = std::move(vendor);
    c.product = std::move(product);
    c.version = std::move(version);
    c.purl = std::move(purl);
    c.location = std::move(location);
    return c;
}

ObservedExposure exposure(std::uint16_t port, std::string protocol, std::string address) {
    ObservedExposure e;
    e.port = port;
    e.protocol = std::move(protocol);
    e.state = "listening";
    e.address = std::move(address);
    return e;
}

TEST(OsqueryResults, TwoHostsInOrderOfFirstAppearance) {
    Diagnostics diagnostics;
    const auto parsed = parse_fixture("results.log", diagnostics);
    EXPECT_EQ(parsed.report.format, "osquery");
    EXPECT_EQ(parsed.report.assets, 2);
    EXPECT_EQ(parsed.report.components, 9);
    EXPECT_EQ(parsed.report.exposures, 5);
    EXPECT_EQ(parsed.report.observed_at, "2024-11-01T11:01:40.000Z");
    ASSERT_EQ(parsed.assets.size(), 2U);
    EXPECT_EQ(parsed.assets[0].source_key, "5b1c0e3a-7d2f-4e9b-a1c6-3f8d2e7b9a40");
    EXPECT_EQ(parsed.assets[0].location, "line 1");
    EXPECT_EQ(parsed.assets[1].source_key, "wrd-lnx-db01");
    EXPECT_EQ(parsed.assets[1].location, "line 13");
}

TEST(OsqueryResults, WindowsWorkstation) {
    Diagnostics diagnostics;
    const auto parsed = parse_fixture("results.log", diagnostics);
    ASSERT_EQ(parsed.assets.size(), 2U);
    const ObservedAsset& ws = parsed.assets[0];
    // decorations.hostname wins over system_info's NetBIOS-style name.
    EXPECT_EQ(ws.hostname, "wrd-ws-0142");
    EXPECT_EQ(ws.fqdn, "wrd-ws-0142.trust.nhs.uk");
    EXPECT_EQ(ws.kind, AssetKind::kEndpoint);
    EXPECT_EQ(ws.serial, "WRDX142");
    EXPECT_EQ(ws.manufacturer, "Dell Inc.");
    EXPECT_EQ(ws.model, "OptiPlex 7080");
    EXPECT_EQ(ws.last_seen, "2024-11-01T09:00:00.000Z");
    ASSERT_EQ(ws.os.size(), 1U);
    EXPECT_EQ(ws.os[0], (ObservedOs{"Microsoft Windows 11 Enterprise",
                                    "10.0.22631",
                                    "22631",
                                    "Microsoft",
                                    "Windows",
                                    {},
                                    100}));
    // Chrome 129 was removed and 130 added; the nameless program is left out.
    EXPECT_EQ(
        ws.components,
        (std::vector<ObservedComponent>{
            component("operating-system", "Microsoft", "Microsoft Windows 11 Enterprise",
                      "10.0.22631", "", "line 1"),
            component("application", "Mozilla", "Mozilla Firefox (x64 en-GB)", "131.0.3", "",
                      "line 4"),
            component("application", "Igor Pavlov", "7-Zip 23.01 (x64)", "23.01", "", "line 5"),
            component("application", "Google LLC", "Google Chrome", "130.0.6723.92", "", "line 7"),
            component("application", "Example Health Systems", "Ward Whiteboard Client", "", "",
                      "line 8"),
        }));
    EXPECT_EQ(ws.ips, (std::vector<std::string>{"192.0.2.42", "2001:db8:10::42"}));
    EXPECT_EQ(ws.macs, std::vector<std::string>{"02:00:5e:0a:1b:2c"});
    // The loopback-only port and the duplicate UDP socket are not listed.
    EXPECT_EQ(ws.exposures, (std::vector<ObservedExposure>{exposure(3389, "tcp", "0.0.0.0"),
                                                           exposure(3389, "tcp", "::"),
                                                           exposure(5353, "udp", "0.0.0.0")}));
}

TEST(OsqueryResults, UbuntuServerWithAnEpochChange) {
    Diagnostics diagnostics;
    const auto parsed = parse_fixture("results.log", diagnostics);
    ASSERT_EQ(parsed.assets.size(), 2U);
    const ObservedAsset& db = parsed.assets[1];
    EXPECT_EQ(db.hostname, "wrd-lnx-db01");
    EXPECT_EQ(db.fqdn, "wrd-lnx-db01.trust.nhs.uk");
    EXPECT_EQ(db.kind, AssetKind::kUnknown);
    EXPECT_EQ(db.serial, "");  // "To be filled by O.E.M." is no serial
    EXPECT_EQ(db.manufacturer, "HPE");
    EXPECT_EQ(db.model, "ProLiant DL360 Gen10");
    EXPECT_EQ(db.last_seen, "2024-11-01T11:01:40.000Z");
    EXPECT_EQ(db.os.at(0),
              (ObservedOs{"Ubuntu", "22.04.4 LTS (Jammy Jellyfish)", "", "", "Linux", {}, 100}));
    // postgresql-14 went with the epoch change; openssl's update replaced the old version; libc6
    // comes from a query recognised by its columns.
    EXPECT_EQ(
        db.components,
        (std::vector<ObservedComponent>{
            component("operating-system", "", "Ubuntu", "22.04.4 LTS (Jammy Jellyfish)", "",
                      "line 13"),
            component("application", "Ubuntu Developers", "openssl", "3.0.2-0ubuntu1.18",
                      "pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.18?arch=amd64", "line 18"),
            component("application", "Ubuntu Developers", "openssh-server", "1:8.9p1-3ubuntu0.10",
                      "pkg:deb/ubuntu/openssh-server@1%3A8.9p1-3ubuntu0.10?arch=amd64", "line 19"),
            component("application", "Ubuntu Developers", "libc6", "2.35-0ubuntu3.8",
                      "pkg:deb/ubuntu/libc6@2.35-0ubuntu3.8?arch=amd64", "line 20"),
        }));
    EXPECT_TRUE(db.ips.empty());
    EXPECT_EQ(db.exposures, (std::vector<ObservedExposure>{exposure(5432, "tcp", "198.51.100.40"),
                                                           exposure(22, "tcp", "::")}));
}

TEST(OsqueryResults, DiagnosticsWithTheirLines) {
    Diagnostics diagnostics;
    (void)parse_fixture("results.log", diagnostics);
    std::vector<std::string> seen;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        seen.push_back(diagnostic.code + " " + diagnostic.location);
        EXPECT_EQ(diagnostic.source, testing::fixture("inventory/osquery/results.log"));
    }
    EXPECT_EQ(seen, (std::vector<std::string>{
                        "osquery.unknown_query line 16",
                        "inventory.missing_version line 8",
                        "inventory.missing_product line 9",
                        "inventory.bad_ip line 10",
                        "inventory.bad_mac line 11",
                        "osquery.bad_port line 12",
                        "osquery.placeholder_serial line 22",
                    }));
    EXPECT_EQ(diagnostics.count(Severity::kInfo), 2U);
    EXPECT_EQ(diagnostics.count(Severity::kError), 1U);
}

TEST(OsqueryResults, ACutLastLineIsAWarningAndTheRestImports) {
    Diagnostics diagnostics;
    const auto parsed = parse_fixture("results-truncated-tail.log", diagnostics);
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_EQ(parsed.assets[0].serial, "WRDX142");
    EXPECT_EQ(parsed.assets[0].os.at(0).build, "22631");
    EXPECT_TRUE(parsed.assets[0].components.size() == 1U);  // the OS only
    ASSERT_EQ(diagnostics.total(), 1U);
    EXPECT_EQ(diagnostics.kept()[0].code, "osquery.truncated_line");
    EXPECT_EQ(diagnostics.kept()[0].location, "line 3");
    EXPECT_EQ(diagnostics.kept()[0].severity, Severity::kWarning);
}

}  // namespace
}  // namespace wardround::inventory
