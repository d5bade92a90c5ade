// SPDX-License-Identifier: Apache-2.0
// The replay rules on small logs written here: snapshots replace, removals match earlier rows,
// RPM package URLs, unknown queries reported once, line handling (CRLF, lines longer than a read
// chunk) and the sink's error.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/osquery.h>

#include "support/inventory_test_support.h"

namespace wardround::inventory {
namespace {

using testing::Parsed;

Parsed parse_text(std::string text, Diagnostics& diagnostics) {
    return testing::parse_bytes(parse_osquery_results, "osqueryd.results.log", std::move(text),
                                diagnostics);
}

std::string event(const std::string& name,
                  const std::string& host,
                  const std::string& body,
                  int unix_time = 1730448000) {
    return R"({"name":")" + name + R"(","hostIdentifier":")" + host +
           R"(","calendarTime":"Fri Nov  1 08:00:00 2024 UTC","unixTime":)" +
           std::to_string(unix_time) + R"(,"epoch":0,"counter":3,"numerics":false,)" + body + "}\n";
}

TEST(OsqueryReplay, RpmPackagesGetARedHatPackageUrl) {
    Diagnostics diagnostics;
    const std::string log =
        event("os_version", "wrd-lnx-app03",
              R"("snapshot":[{"name":"Red Hat Enterprise Linux","version":"9.4","major":"9",)"
              R"("minor":"4","build":"","platform":"rhel","platform_like":"fedora"}],)"
              R"("action":"snapshot")") +
        event(
            "rpm_packages", "wrd-lnx-app03",
            R"("columns":{"name":"openssl-libs","version":"3.0.7","release":"27.el9",)"
            R"("epoch":"1","arch":"x86_64","vendor":"Red Hat, Inc.","sha1":""},"action":"added")") +
        event("rpm_packages", "wrd-lnx-app03",
              R"("columns":{"name":"bash","version":"5.1.8","release":"9.el9","epoch":"",)"
              R"("arch":"x86_64","vendor":"Red Hat, Inc."},"action":"added")");
    auto parsed = parse_text(log, diagnostics);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.report.error().to_string();
    ASSERT_EQ(parsed.assets.size(), 1U);
    const auto& components = parsed.assets[0].components;
    ASSERT_EQ(components.size(), 3U);
    EXPECT_EQ(components[1].product, "openssl-libs");
    EXPECT_EQ(components[1].version, "3.0.7-27.el9");
    EXPECT_EQ(components[1].vendor, "Red Hat, Inc.");
    EXPECT_EQ(components[1].purl, "pkg:rpm/rhel/openssl-libs@3.0.7-27.el9?arch=x86_64&epoch=1");
    EXPECT_EQ(components[2].purl, "pkg:rpm/rhel/bash@5.1.8-9.el9?arch=x86_64");
    EXPECT_EQ(parsed.assets[0].hostname, "wrd-lnx-app03");
    EXPECT_TRUE(diagnostics.empty());
}

TEST(OsqueryReplay, WithoutOsVersionPackagesHaveNoPackageUrl) {
    Diagnostics diagnostics;
    auto parsed = parse_text(
        event("deb_packages", "wrd-lnx-04",
              R"("columns":{"name":"curl","version":"7.81.0-1ubuntu1.18","revision":"1ubuntu1.18",)"
              R"("arch":"amd64","maintainer":"Ubuntu Developers"},"action":"added")"),
        diagnostics);
    ASSERT_TRUE(parsed.report.has_value());
    ASSERT_EQ(parsed.assets.at(0).components.size(), 1U);
    EXPECT_EQ(parsed.assets[0].components[0].purl, "");
    EXPECT_EQ(parsed.assets[0].components[0].version, "7.81.0-1ubuntu1.18");
}

TEST(OsqueryReplay, ALaterSnapshotReplacesTheEarlierOne) {
    Diagnostics diagnostics;
    const std::string first =
        R"("snapshot":[{"port":"22","protocol":"6","family":"2","address":"0.0.0.0","path":""},)"
        R"({"port":"80","protocol":"6","family":"2","address":"0.0.0.0","path":""}],"action":"snapshot")";
    const std::string second =
        R"("snapshot":[{"port":"443","protocol":"6","family":"2","address":"192.0.2.9","path":""}],)"
        R"("action":"snapshot")";
    auto parsed = parse_text(event("listening_ports", "wrd-web-01", first, 100) +
                                 event("listening_ports", "wrd-web-01", second, 200),
                             diagnostics);
    ASSERT_TRUE(parsed.report.has_value());
    ASSERT_EQ(parsed.assets.at(0).exposures.size(), 1U);
    EXPECT_EQ(parsed.assets[0].exposures[0].port, 443);
    EXPECT_EQ(parsed.assets[0].exposures[0].address, "192.0.2.9");
    EXPECT_EQ(parsed.assets[0].last_seen, "1970-01-01T00:03:20.000Z");
}

TEST(OsqueryReplay, RemovalsMatchEqualRowsOnceAndUnknownOnesChangeNothing) {
    Diagnostics diagnostics;
    const std::string chrome =
        R"("columns":{"name":"Google Chrome","version":"130.0","publisher":"Google LLC"},)";
    const std::string zip =
        R"("columns":{"name":"7-Zip","version":"23.01","publisher":"Igor Pavlov"},)";
    const std::string log = event("programs", "WRD-WS-0200", chrome + R"("action":"added")") +
                            event("programs", "WRD-WS-0200", chrome + R"("action":"added")") +
                            event("programs", "WRD-WS-0200", chrome + R"("action":"removed")") +
                            event("programs", "WRD-WS-0200", zip + R"("action":"removed")");
    auto parsed = parse_text(log, diagnostics);
    ASSERT_TRUE(parsed.report.has_value());
    // One of the two equal rows is left; dedup then lists Chrome once.
    ASSERT_EQ(parsed.assets.at(0).components.size(), 1U);
    EXPECT_EQ(parsed.assets[0].components[0].product, "Google Chrome");
    EXPECT_TRUE(diagnostics.empty());
}

TEST(OsqueryReplay, UnknownQueriesAreReportedOnceEachAndOddActionsAreWarnings) {
    Diagnostics diagnostics;
    const std::string row = R"("columns":{"pid":"1","name":"init"},)";
    const std::string log =
        event("pack_it_processes", "h1", row + R"("action":"added")") +
        event("pack_it_processes", "h2", row + R"("action":"added")") +
        event("pack_it_users", "h1", R"("columns":{"uid":"0"},"action":"added")") +
        event("programs", "h1", row + R"("action":"changed")");
    auto parsed = parse_text(log, diagnostics);
    ASSERT_TRUE(parsed.report.has_value());
    EXPECT_EQ(parsed.assets.size(), 2U);
    EXPECT_EQ(diagnostics.count_by_code().at("osquery.unknown_query"), 2U);
    EXPECT_EQ(diagnostics.count_by_code().at("osquery.bad_action"), 1U);
    EXPECT_EQ(diagnostics.kept().back().location, "line 4");
}

TEST(OsqueryReplay, CrlfLinesBlankLinesAndALineLongerThanAReadChunk) {
    Diagnostics diagnostics;
    std::string rows;
    for (int i = 0; i < 12000; ++i) {
        rows += (i == 0 ? "" : ",");
        rows += R"({"name":"Clinical App )" + std::to_string(i) + R"(","version":"1.0.)" +
                std::to_string(i) +
                R"(","publisher":"Example Health Systems Ltd, Reading","identifying_number":""})";
    }
    std::string line =
        event("programs", "wrd-ws-0300", R"("snapshot":[)" + rows + R"(],"action":"snapshot")");
    ASSERT_GT(line.size(), std::size_t{1} << 20);
    line.insert(line.size() - 1, "\r");
    auto parsed = parse_text("\r\n" + line + "\n", diagnostics);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.report.error().to_string();
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_EQ(parsed.assets[0].components.size(), 12000U);
    EXPECT_EQ(parsed.assets[0].components.back().product, "Clinical App 11999");
    EXPECT_EQ(parsed.assets[0].location, "line 2");
}

TEST(OsqueryReplay, AUuidHostIdentifierIsNoHostname) {
    Diagnostics diagnostics;
    auto parsed = parse_text(event("interface_details", "8e3d1f2a-0b4c-4d6e-9f10-2a3b4c5d6e7f",
                                   R"("columns":{"interface":"eth0","mac":"02:00:5e:00:53:01"},)"
                                   R"("action":"added")"),
                             diagnostics);
    ASSERT_TRUE(parsed.report.has_value());
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_EQ(parsed.assets[0].hostname, "");
    EXPECT_EQ(parsed.assets[0].source_key, "8e3d1f2a-0b4c-4d6e-9f10-2a3b4c5d6e7f");
    EXPECT_EQ(parsed.assets[0].macs, std::vector<std::string>{"02:00:5e:00:53:01"});
}

TEST(OsqueryReplay, AHostWithNothingToIdentifyItIsLeftOut) {
    Diagnostics diagnostics;
    auto parsed = parse_text(
        event("programs", "",
              R"("columns":{"name":"x","version":"1","publisher":"y"},"action":"added")"),
        diagnostics);
    ASSERT_TRUE(parsed.report.has_value());
    EXPECT_TRUE(parsed.assets.empty());
    ASSERT_EQ(diagnostics.count_by_code().count("inventory.missing_identity"), 1U);
    EXPECT_EQ(diagnostics.kept().back().location, "line 1");
}

TEST(OsqueryReplay, TheSinksErrorStopsTheParse) {
    auto file = InputFile::from_memory(
        "log", event("programs", "a", R"("columns":{"name":"x"},"action":"added")") +
                   event("programs", "b", R"("columns":{"name":"x"},"action":"added")"));
    Diagnostics diagnostics;
    int calls = 0;
    auto report = parse_osquery_results(file, diagnostics, [&](ObservedAsset&&) {
        ++calls;
        return Status(make_error(ErrorCode::kUnavailable, "database gone"));
    });
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace wardround::inventory
