// SPDX-License-Identifier: Apache-2.0
// Every field of every well-formed fixture in tests/data/osv, as the knowledge base will store it.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/core/time.h>
#include <wardround/vuln/osv.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

std::vector<OsvRecord> read_fixture(const std::string& name, Diagnostics& diagnostics) {
    auto records = parse_osv_file(testing::fixture("osv/" + name), diagnostics);
    EXPECT_TRUE(records.has_value()) << (records ? "" : records.error().to_string());
    return records ? std::move(*records) : std::vector<OsvRecord>{};
}

// Reads a fixture that must parse into exactly one record without any diagnostic.
OsvRecord read_single(const std::string& name) {
    Diagnostics diagnostics;
    std::vector<OsvRecord> records = read_fixture(name, diagnostics);
    EXPECT_TRUE(diagnostics.empty()) << name << ": " << diagnostics.kept().front().code << " at "
                                     << diagnostics.kept().front().location;
    EXPECT_EQ(records.size(), 1U) << name;
    return records.empty() ? OsvRecord{} : std::move(records.front());
}

std::string iso(const std::optional<Timestamp>& timestamp) {
    return timestamp ? format_timestamp(*timestamp) : "";
}

std::vector<std::string> reference_urls(const OsvRecord& record) {
    std::vector<std::string> urls;
    for (const OsvReference& reference : record.references) {
        urls.push_back(reference.type + " " + reference.url);
    }
    return urls;
}

TEST(OsvRecord, PypiEcosystemRangesAndVersionList) {
    const OsvRecord record = read_single("pypi-urllib3.json");
    EXPECT_EQ(record.id, "PYSEC-2023-192");
    EXPECT_EQ(record.publisher, "PYSEC");
    EXPECT_EQ(record.schema_version, "1.6.0");
    // Microseconds are cut to the millisecond the knowledge base keeps.
    EXPECT_EQ(format_timestamp(record.modified), "2023-11-08T04:12:45.123Z");
    EXPECT_EQ(iso(record.published), "2023-10-04T17:15:10.000Z");
    EXPECT_FALSE(record.is_withdrawn());
    EXPECT_EQ(record.summary, "urllib3 keeps the Cookie header on cross-origin redirects");
    EXPECT_EQ(record.details.size(), 248U);
    EXPECT_TRUE(record.details.starts_with("urllib3 removed the `Authorization` header"));
    EXPECT_TRUE(record.details.ends_with("\n\nUpgrade to 1.26.17 or 2.0.6."));
    EXPECT_EQ(record.aliases,
              (std::vector<OsvAlias>{{"CVE-2023-43804", OsvRelation::kAlias},
                                     {"GHSA-v845-jxx5-vc9f", OsvRelation::kAlias}}));
    EXPECT_EQ(record.cve_ids, (std::vector<std::string>{"CVE-2023-43804"}));
    EXPECT_EQ(record.database_specific_json, "");

    ASSERT_EQ(record.severity.size(), 1U);
    EXPECT_EQ(record.severity[0].type, "CVSS_V3");
    EXPECT_EQ(record.severity[0].score, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N");
    EXPECT_EQ(record.severity[0].base_score, 7.4);
    EXPECT_EQ(record.severity[0].base_severity, "HIGH");

    EXPECT_EQ(reference_urls(record),
              (std::vector<std::string>{
                  "ADVISORY "
                  "https://github.com/urllib3/urllib3/security/advisories/GHSA-v845-jxx5-vc9f",
                  "FIX https://github.com/urllib3/urllib3/releases/tag/2.0.6",
                  "WEB https://nvd.nist.gov/vuln/detail/CVE-2023-43804"}));

    ASSERT_EQ(record.affected.size(), 1U);
    const OsvAffected& affected = record.affected[0];
    EXPECT_EQ(affected.ecosystem, "PyPI");
    EXPECT_EQ(affected.bare_ecosystem(), "PyPI");
    EXPECT_EQ(affected.ecosystem_release(), "");
    EXPECT_EQ(affected.name, "urllib3");
    EXPECT_EQ(affected.purl, "pkg:pypi/urllib3");
    EXPECT_EQ(affected.versions.size(), 9U);
    EXPECT_EQ(affected.versions_json(),
              R"(["1.26.14","1.26.15","1.26.16","2.0.0","2.0.1","2.0.2","2.0.3","2.0.4","2.0.5"])");
    EXPECT_EQ(affected.ecosystem_specific_json, "");
    EXPECT_EQ(affected.database_specific_json, "");
    EXPECT_TRUE(affected.severity.empty());
    ASSERT_EQ(affected.ranges.size(), 1U);
    const OsvRange& range = affected.ranges[0];
    EXPECT_EQ(range.type, OsvRangeType::kEcosystem);
    EXPECT_EQ(osv_range_type_name(range.type), "ECOSYSTEM");
    EXPECT_EQ(range.repo, "");
    EXPECT_EQ(range.events, (std::vector<OsvEvent>{{OsvEventKind::kIntroduced, "0"},
                                                   {OsvEventKind::kFixed, "1.26.17"},
                                                   {OsvEventKind::kIntroduced, "2.0.0"},
                                                   {OsvEventKind::kFixed, "2.0.6"}}));
    EXPECT_EQ(
        range.events_json(),
        R"([{"introduced":"0"},{"fixed":"1.26.17"},{"introduced":"2.0.0"},{"fixed":"2.0.6"}])");
    EXPECT_EQ(range.database_specific_json, "");
}

TEST(OsvRecord, NpmScopedPackageSemverRangesCvss3AndCvss4) {
    const OsvRecord record = read_single("npm-babel-traverse.json");
    EXPECT_EQ(record.id, "GHSA-67hx-6x53-jw92");
    EXPECT_EQ(record.publisher, "GHSA");
    EXPECT_EQ(record.schema_version, "1.6.0");
    EXPECT_EQ(format_timestamp(record.modified), "2024-02-16T08:18:40.000Z");
    EXPECT_EQ(iso(record.published), "2023-10-16T13:55:36.000Z");
    EXPECT_EQ(record.summary, "Babel compiles crafted code into code that runs arbitrary commands");
    EXPECT_EQ(record.details.size(), 308U);
    EXPECT_EQ(record.aliases,
              (std::vector<OsvAlias>{{"CVE-2023-45133", OsvRelation::kAlias},
                                     {"CGA-8x6w-pg3p-mxfh", OsvRelation::kRelated}}));
    EXPECT_EQ(record.cve_ids, (std::vector<std::string>{"CVE-2023-45133"}));
    EXPECT_EQ(record.database_specific_json,
              R"({"cwe_ids":["CWE-184","CWE-697"],"github_reviewed":true,)"
              R"("github_reviewed_at":"2023-10-16T13:55:36Z",)"
              R"("nvd_published_at":"2023-10-12T17:15:09Z","severity":"CRITICAL"})");

    ASSERT_EQ(record.severity.size(), 2U);
    EXPECT_EQ(record.severity[0].type, "CVSS_V3");
    EXPECT_EQ(record.severity[0].score, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H");
    EXPECT_EQ(record.severity[0].base_score, 8.8);
    EXPECT_EQ(record.severity[0].base_severity, "HIGH");
    EXPECT_EQ(record.severity[1].type, "CVSS_V4");
    EXPECT_EQ(record.severity[1].score,
              "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
    // v4 scores need FIRST's macro-vector table, which we do not carry: no score rather than a
    // guess.
    EXPECT_FALSE(record.severity[1].base_score.has_value());
    EXPECT_EQ(record.severity[1].base_severity, "");

    EXPECT_EQ(reference_urls(record),
              (std::vector<std::string>{
                  "ADVISORY https://github.com/babel/babel/security/advisories/GHSA-67hx-6x53-jw92",
                  "ADVISORY https://nvd.nist.gov/vuln/detail/CVE-2023-45133",
                  "PACKAGE https://github.com/babel/babel"}));

    ASSERT_EQ(record.affected.size(), 2U);
    const OsvAffected& scoped = record.affected[0];
    EXPECT_EQ(scoped.ecosystem, "npm");
    EXPECT_EQ(scoped.name, "@babel/traverse");
    EXPECT_EQ(scoped.purl, "pkg:npm/%40babel/traverse");
    EXPECT_TRUE(scoped.versions.empty());
    EXPECT_EQ(scoped.versions_json(), "[]");
    EXPECT_EQ(scoped.database_specific_json,
              R"({"source":"https://github.com/advisories/GHSA-67hx-6x53-jw92/)"
              R"(GHSA-67hx-6x53-jw92.json"})");
    ASSERT_EQ(scoped.ranges.size(), 2U);
    EXPECT_EQ(scoped.ranges[0].type, OsvRangeType::kSemver);
    EXPECT_EQ(scoped.ranges[0].events_json(), R"([{"introduced":"0"},{"fixed":"7.23.2"}])");
    EXPECT_EQ(scoped.ranges[1].type, OsvRangeType::kSemver);
    EXPECT_EQ(scoped.ranges[1].events_json(),
              R"([{"introduced":"8.0.0-alpha.0"},{"fixed":"8.0.0-alpha.4"}])");

    const OsvAffected& unscoped = record.affected[1];
    EXPECT_EQ(unscoped.name, "babel-traverse");
    EXPECT_EQ(unscoped.purl, "pkg:npm/babel-traverse");
    EXPECT_EQ(unscoped.database_specific_json, "");
    ASSERT_EQ(unscoped.ranges.size(), 1U);
    // Only "introduced": every version is affected and there is no fix.
    EXPECT_EQ(unscoped.ranges[0].events_json(), R"([{"introduced":"0"}])");
}

TEST(OsvRecord, MavenLastAffectedAndOffsetTimestamp) {
    const OsvRecord record = read_single("maven-h2-last-affected.json");
    EXPECT_EQ(record.id, "GHSA-22wj-vf5f-wrvj");
    EXPECT_EQ(record.publisher, "GHSA");
    EXPECT_EQ(record.schema_version, "1.4.0");
    // +01:00 is converted to UTC.
    EXPECT_EQ(format_timestamp(record.modified), "2023-11-05T04:03:29.000Z");
    EXPECT_EQ(iso(record.published), "2022-11-23T21:30:18.000Z");
    EXPECT_EQ(record.summary, "H2 Console shows the password given on its command line");
    EXPECT_EQ(record.details.size(), 269U);
    EXPECT_EQ(record.aliases, (std::vector<OsvAlias>{{"CVE-2022-45868", OsvRelation::kAlias}}));
    EXPECT_EQ(record.cve_ids, (std::vector<std::string>{"CVE-2022-45868"}));
    ASSERT_EQ(record.severity.size(), 1U);
    EXPECT_EQ(record.severity[0].base_score, 7.8);
    EXPECT_EQ(record.severity[0].base_severity, "HIGH");
    EXPECT_EQ(
        reference_urls(record),
        (std::vector<std::string>{"ADVISORY https://nvd.nist.gov/vuln/detail/CVE-2022-45868",
                                  "WEB https://github.com/h2database/h2database/issues/3686"}));
    ASSERT_EQ(record.affected.size(), 1U);
    const OsvAffected& affected = record.affected[0];
    EXPECT_EQ(affected.ecosystem, "Maven");
    EXPECT_EQ(affected.name, "com.h2database:h2");
    EXPECT_EQ(affected.purl, "pkg:maven/com.h2database/h2");
    EXPECT_EQ(affected.database_specific_json,
              R"({"last_known_affected_version_range":"<= 2.1.214"})");
    ASSERT_EQ(affected.ranges.size(), 1U);
    EXPECT_EQ(affected.ranges[0].type, OsvRangeType::kEcosystem);
    EXPECT_EQ(affected.ranges[0].events,
              (std::vector<OsvEvent>{{OsvEventKind::kIntroduced, "0"},
                                     {OsvEventKind::kLastAffected, "2.1.214"}}));
    EXPECT_EQ(affected.ranges[0].events_json(),
              R"([{"introduced":"0"},{"last_affected":"2.1.214"}])");
}

TEST(OsvRecord, GoSemverRangesEcosystemSpecificAndRecordDatabaseSpecific) {
    const OsvRecord record = read_single("go-net-http2.json");
    EXPECT_EQ(record.id, "GO-2022-0969");
    EXPECT_EQ(record.publisher, "GO");
    EXPECT_EQ(record.schema_version, "1.3.1");
    EXPECT_EQ(format_timestamp(record.modified), "2023-06-12T18:45:41.000Z");
    EXPECT_EQ(iso(record.published), "2022-09-12T20:23:06.000Z");
    EXPECT_EQ(record.summary, "Denial of service in net/http and golang.org/x/net/http2");
    EXPECT_EQ(record.details.size(), 139U);
    EXPECT_EQ(record.aliases,
              (std::vector<OsvAlias>{{"CVE-2022-27664", OsvRelation::kAlias},
                                     {"GHSA-69cg-p879-7622", OsvRelation::kAlias}}));
    EXPECT_EQ(record.cve_ids, (std::vector<std::string>{"CVE-2022-27664"}));
    // The Go database publishes no CVSS.
    EXPECT_TRUE(record.severity.empty());
    EXPECT_EQ(record.database_specific_json, R"({"url":"https://pkg.go.dev/vuln/GO-2022-0969"})");
    EXPECT_EQ(reference_urls(record),
              (std::vector<std::string>{
                  "WEB https://groups.google.com/g/golang-announce/c/x49AQzIVX-s",
                  "REPORT https://go.dev/issue/54658", "FIX https://go.dev/cl/428735"}));
    ASSERT_EQ(record.affected.size(), 2U);
    EXPECT_EQ(record.affected[0].ecosystem, "Go");
    EXPECT_EQ(record.affected[0].name, "stdlib");
    EXPECT_EQ(record.affected[0].purl, "");
    EXPECT_EQ(record.affected[0].ecosystem_specific_json,
              R"({"imports":[{"path":"net/http","symbols":["ListenAndServe","ListenAndServeTLS",)"
              R"("Serve","ServeTLS","Server.ListenAndServe","Server.ListenAndServeTLS",)"
              R"("Server.Serve","Server.ServeTLS","http2Server.ServeConn",)"
              R"("http2serverConn.goAway"]}]})");
    ASSERT_EQ(record.affected[0].ranges.size(), 1U);
    EXPECT_EQ(record.affected[0].ranges[0].type, OsvRangeType::kSemver);
    EXPECT_EQ(record.affected[0].ranges[0].events_json(),
              R"([{"introduced":"0"},{"fixed":"1.18.6"},{"introduced":"1.19.0"},)"
              R"({"fixed":"1.19.1"}])");
    EXPECT_EQ(record.affected[1].name, "golang.org/x/net");
    EXPECT_EQ(record.affected[1].ecosystem_specific_json,
              R"({"imports":[{"path":"golang.org/x/net/http2",)"
              R"("symbols":["Server.ServeConn","serverConn.goAway"]}]})");
    ASSERT_EQ(record.affected[1].ranges.size(), 1U);
    EXPECT_EQ(record.affected[1].ranges[0].events_json(),
              R"([{"introduced":"0"},{"fixed":"0.0.0-20220906165146-f3363e06e74c"}])");
}

TEST(OsvRecord, DebianReleaseEcosystemAndUpstreamCve) {
    const OsvRecord record = read_single("debian-dsa-openssl.json");
    EXPECT_EQ(record.id, "DSA-5532-1");
    EXPECT_EQ(record.publisher, "DSA");
    EXPECT_EQ(record.schema_version, "1.7.0");
    EXPECT_EQ(format_timestamp(record.modified), "2024-09-18T03:24:03.846Z");
    EXPECT_EQ(iso(record.published), "2023-10-29T00:00:00.000Z");
    EXPECT_EQ(record.summary, "openssl - security update");
    EXPECT_EQ(record.details.size(), 221U);
    EXPECT_EQ(record.aliases, (std::vector<OsvAlias>{{"CVE-2023-5363", OsvRelation::kUpstream}}));
    // Distributions name the CVE they fix as upstream; the advisory is still about it.
    EXPECT_EQ(record.cve_ids, (std::vector<std::string>{"CVE-2023-5363"}));
    EXPECT_TRUE(record.severity.empty());
    EXPECT_EQ(reference_urls(record),
              (std::vector<std::string>{"ADVISORY https://www.debian.org/security/2023/dsa-5532"}));
    ASSERT_EQ(record.affected.size(), 1U);
    const OsvAffected& affected = record.affected[0];
    EXPECT_EQ(affected.ecosystem, "Debian:12");
    EXPECT_EQ(affected.bare_ecosystem(), "Debian");
    EXPECT_EQ(affected.ecosystem_release(), "12");
    EXPECT_EQ(affected.name, "openssl");
    EXPECT_EQ(affected.purl, "pkg:deb/debian/openssl?arch=source");
    EXPECT_EQ(affected.versions_json(), R"(["3.0.9-1","3.0.11-1~deb12u1"])");
    ASSERT_EQ(affected.ranges.size(), 1U);
    EXPECT_EQ(affected.ranges[0].type, OsvRangeType::kEcosystem);
    EXPECT_EQ(affected.ranges[0].events_json(),
              R"([{"introduced":"0"},{"fixed":"3.0.11-1~deb12u2"}])");
}

TEST(OsvRecord, GitRangeWithRepoLimitAndRangeDatabaseSpecific) {
    const OsvRecord record = read_single("git-xz-limit.json");
    EXPECT_EQ(record.id, "CVE-2024-3094");
    EXPECT_EQ(record.publisher, "CVE");
    EXPECT_EQ(format_timestamp(record.modified), "2024-05-14T02:20:43.227Z");
    EXPECT_EQ(iso(record.published), "2024-03-29T17:15:21.150Z");
    EXPECT_EQ(record.summary, "Backdoor in the xz release tarballs");
    EXPECT_EQ(record.details.size(), 256U);
    // Related ids are kept with their relation, but only the record's own id is its CVE: OSV
    // defines related entries as different vulnerabilities.
    EXPECT_EQ(record.aliases, (std::vector<OsvAlias>{{"RHSA-2024:1755", OsvRelation::kRelated},
                                                     {"CVE-2024-3094", OsvRelation::kRelated}}));
    EXPECT_EQ(record.cve_ids, (std::vector<std::string>{"CVE-2024-3094"}));
    ASSERT_EQ(record.severity.size(), 1U);
    EXPECT_EQ(record.severity[0].base_score, 10.0);
    EXPECT_EQ(record.severity[0].base_severity, "CRITICAL");
    EXPECT_EQ(reference_urls(record),
              (std::vector<std::string>{
                  "ARTICLE https://www.openwall.com/lists/oss-security/2024/03/29/4",
                  "ADVISORY https://access.redhat.com/security/cve/CVE-2024-3094"}));
    ASSERT_EQ(record.affected.size(), 1U);
    const OsvAffected& affected = record.affected[0];
    // GIT-only entries have no package.
    EXPECT_EQ(affected.ecosystem, "");
    EXPECT_EQ(affected.bare_ecosystem(), "");
    EXPECT_EQ(affected.name, "");
    EXPECT_EQ(affected.purl, "");
    EXPECT_EQ(affected.versions_json(), R"(["v5.6.0","v5.6.1"])");
    ASSERT_EQ(affected.ranges.size(), 1U);
    const OsvRange& range = affected.ranges[0];
    EXPECT_EQ(range.type, OsvRangeType::kGit);
    EXPECT_EQ(osv_range_type_name(range.type), "GIT");
    EXPECT_EQ(range.repo, "https://github.com/tukaani-project/xz");
    EXPECT_EQ(range.events,
              (std::vector<OsvEvent>{
                  {OsvEventKind::kIntroduced, "2d7d862e3ffa8cec4fd3fdffcd84e984a17aa429"},
                  {OsvEventKind::kFixed, "e93e13c8b3bec925c56e0c0b675d8000a0f7f754"},
                  {OsvEventKind::kLimit, "b8de1a2d8d8d2b6b3b9f9c1e0e3a4f6b9ef7c2a1"}}));
    EXPECT_EQ(range.events_json(), R"([{"introduced":"2d7d862e3ffa8cec4fd3fdffcd84e984a17aa429"},)"
                                   R"({"fixed":"e93e13c8b3bec925c56e0c0b675d8000a0f7f754"},)"
                                   R"({"limit":"b8de1a2d8d8d2b6b3b9f9c1e0e3a4f6b9ef7c2a1"}])");
    EXPECT_EQ(range.database_specific_json,
              R"({"versions":[{"introduced":"5.6.0"},{"last_affected":"5.6.1"}]})");
}

TEST(OsvRecord, WithdrawnRecord) {
    const OsvRecord record = read_single("withdrawn-rubygems.json");
    EXPECT_EQ(record.id, "GHSA-m2qf-hxjv-5gpq");
    EXPECT_EQ(record.schema_version, "1.4.0");
    EXPECT_TRUE(record.is_withdrawn());
    EXPECT_EQ(iso(record.withdrawn), "2023-01-31T22:19:07.000Z");
    EXPECT_EQ(format_timestamp(record.modified), "2023-02-01T20:36:20.000Z");
    EXPECT_EQ(iso(record.published), "2023-01-18T15:30:23.000Z");
    EXPECT_TRUE(record.summary.starts_with("Withdrawn: duplicate of an earlier advisory"));
    EXPECT_EQ(record.summary.size(), 88U);
    EXPECT_EQ(record.details.size(), 123U);
    EXPECT_TRUE(record.aliases.empty());
    EXPECT_TRUE(record.cve_ids.empty());
    EXPECT_TRUE(record.references.empty());
    ASSERT_EQ(record.affected.size(), 1U);
    EXPECT_EQ(record.affected[0].ecosystem, "RubyGems");
    EXPECT_EQ(record.affected[0].name, "rack");
    EXPECT_EQ(record.affected[0].purl, "pkg:gem/rack");
    ASSERT_EQ(record.affected[0].ranges.size(), 1U);
    EXPECT_EQ(record.affected[0].ranges[0].events_json(),
              R"([{"introduced":"2.0.0"},{"fixed":"2.0.9.2"}])");
}

TEST(OsvRecord, ArrayOfTwoDistributionRecords) {
    Diagnostics diagnostics;
    const std::vector<OsvRecord> records = read_fixture("array-openssl-distros.json", diagnostics);
    EXPECT_TRUE(diagnostics.empty());
    ASSERT_EQ(records.size(), 2U);

    const OsvRecord& ubuntu = records[0];
    EXPECT_EQ(ubuntu.id, "UBUNTU-CVE-2024-6119");
    EXPECT_EQ(ubuntu.publisher, "UBUNTU");
    EXPECT_EQ(ubuntu.schema_version, "1.6.3");
    EXPECT_EQ(format_timestamp(ubuntu.modified), "2024-10-01T12:40:11.000Z");
    EXPECT_EQ(iso(ubuntu.published), "2024-09-03T16:15:07.000Z");
    EXPECT_EQ(ubuntu.summary, "openssl: possible denial of service in X.509 name checks");
    EXPECT_EQ(ubuntu.details.size(), 176U);
    EXPECT_EQ(ubuntu.aliases, (std::vector<OsvAlias>{{"CVE-2024-6119", OsvRelation::kUpstream}}));
    EXPECT_EQ(ubuntu.cve_ids, (std::vector<std::string>{"CVE-2024-6119"}));
    ASSERT_EQ(ubuntu.severity.size(), 1U);
    EXPECT_EQ(ubuntu.severity[0].type, "Ubuntu");
    EXPECT_EQ(ubuntu.severity[0].score, "medium");
    EXPECT_FALSE(ubuntu.severity[0].base_score.has_value());
    EXPECT_EQ(ubuntu.severity[0].base_severity, "");
    EXPECT_EQ(
        reference_urls(ubuntu),
        (std::vector<std::string>{"REPORT https://ubuntu.com/security/CVE-2024-6119",
                                  "ADVISORY https://ubuntu.com/security/notices/USN-6986-1"}));
    ASSERT_EQ(ubuntu.affected.size(), 1U);
    EXPECT_EQ(ubuntu.affected[0].ecosystem, "Ubuntu:22.04:LTS");
    EXPECT_EQ(ubuntu.affected[0].bare_ecosystem(), "Ubuntu");
    EXPECT_EQ(ubuntu.affected[0].ecosystem_release(), "22.04:LTS");
    EXPECT_EQ(ubuntu.affected[0].name, "openssl");
    EXPECT_EQ(ubuntu.affected[0].purl,
              "pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.18?arch=source&distro=jammy");
    EXPECT_EQ(ubuntu.affected[0].versions_json(), R"(["3.0.2-0ubuntu1.16","3.0.2-0ubuntu1.17"])");
    EXPECT_EQ(ubuntu.affected[0].ecosystem_specific_json,
              R"({"availability":"No subscription required","binaries":[)"
              R"({"binary_name":"libssl3","binary_version":"3.0.2-0ubuntu1.18"},)"
              R"({"binary_name":"openssl","binary_version":"3.0.2-0ubuntu1.18"}]})");
    ASSERT_EQ(ubuntu.affected[0].ranges.size(), 1U);
    EXPECT_EQ(ubuntu.affected[0].ranges[0].events_json(),
              R"([{"introduced":"0"},{"fixed":"3.0.2-0ubuntu1.18"}])");

    const OsvRecord& alpine = records[1];
    EXPECT_EQ(alpine.id, "ALPINE-CVE-2024-6119");
    EXPECT_EQ(alpine.publisher, "ALPINE");
    EXPECT_EQ(alpine.schema_version, "1.6.0");
    EXPECT_EQ(format_timestamp(alpine.modified), "2024-09-12T09:14:46.000Z");
    EXPECT_EQ(alpine.summary, "");
    EXPECT_EQ(alpine.details.size(), 106U);
    EXPECT_EQ(alpine.cve_ids, (std::vector<std::string>{"CVE-2024-6119"}));
    EXPECT_TRUE(alpine.severity.empty());
    EXPECT_EQ(
        reference_urls(alpine),
        (std::vector<std::string>{"ADVISORY https://security.alpinelinux.org/vuln/CVE-2024-6119"}));
    ASSERT_EQ(alpine.affected.size(), 1U);
    EXPECT_EQ(alpine.affected[0].ecosystem, "Alpine:v3.20");
    EXPECT_EQ(alpine.affected[0].bare_ecosystem(), "Alpine");
    EXPECT_EQ(alpine.affected[0].ecosystem_release(), "v3.20");
    EXPECT_EQ(alpine.affected[0].purl, "pkg:apk/alpine/openssl?arch=source");
    EXPECT_TRUE(alpine.affected[0].versions.empty());
    ASSERT_EQ(alpine.affected[0].ranges.size(), 1U);
    EXPECT_EQ(alpine.affected[0].ranges[0].events_json(),
              R"([{"introduced":"0"},{"fixed":"3.3.2-r0"}])");
}

TEST(OsvRecord, ParserIsReusedAcrossDocumentsAndReadsCompressedFiles) {
    OsvParser parser;
    Diagnostics diagnostics;
    // The gzip file is detected from its magic bytes, not its name.
    for (const char* name : {"pypi-urllib3.json", "go-net-http2.json.gz", "pypi-urllib3.json"}) {
        auto file = InputFile::open(testing::fixture(std::string("osv/") + name));
        ASSERT_TRUE(file.has_value());
        auto records = parser.parse(*file, diagnostics);
        ASSERT_TRUE(records.has_value()) << records.error().to_string();
        ASSERT_EQ(records->size(), 1U);
        EXPECT_EQ(records->front().id,
                  std::string(name).starts_with("go") ? "GO-2022-0969" : "PYSEC-2023-192");
    }
    // The same parser after a failure still parses the next document.
    EXPECT_FALSE(parser.parse("{", "broken.json", diagnostics).has_value());
    auto again = parser.parse(R"({"id":"OSV-2020-111","modified":"2021-01-01T00:00:00Z"})",
                              "memory", diagnostics);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->front().publisher, "OSV");
    EXPECT_TRUE(again->front().affected.empty());
    EXPECT_TRUE(diagnostics.empty());
}

TEST(OsvRecord, EmptyArrayHoldsNoRecords) {
    Diagnostics diagnostics;
    auto records = OsvParser().parse(" [ ] ", "empty-array.json", diagnostics);
    ASSERT_TRUE(records.has_value());
    EXPECT_TRUE(records->empty());
}

TEST(OsvRecord, NullMeansAbsentEverywhere) {
    Diagnostics diagnostics;
    auto records = OsvParser().parse(
        R"({"id":"GHSA-aaaa-bbbb-cccc","modified":"2024-01-01T00:00:00Z","schema_version":null,)"
        R"("published":null,"withdrawn":null,"aliases":null,"related":null,"upstream":null,)"
        R"("summary":null,"details":null,"severity":null,"references":null,)"
        R"("database_specific":null,"affected":[{"package":null,"ranges":null,"versions":null,)"
        R"("severity":null,"ecosystem_specific":null,"database_specific":null}]})",
        "nulls.json", diagnostics);
    ASSERT_TRUE(records.has_value());
    EXPECT_TRUE(diagnostics.empty());
    ASSERT_EQ(records->front().affected.size(), 1U);
    EXPECT_FALSE(records->front().published.has_value());
    EXPECT_FALSE(records->front().is_withdrawn());
    EXPECT_TRUE(records->front().affected[0].ranges.empty());
}

TEST(OsvRecord, EventsAndVersionsJsonEscapeText) {
    OsvRange range;
    range.events = {{OsvEventKind::kIntroduced, R"(1.0 "beta"\x)"}, {OsvEventKind::kLimit, "*"}};
    EXPECT_EQ(range.events_json(), R"([{"introduced":"1.0 \"beta\"\\x"},{"limit":"*"}])");
    OsvAffected affected;
    affected.versions = {"tab\there", "caf\xC3\xA9"};
    EXPECT_EQ(affected.versions_json(), "[\"tab\\there\",\"caf\xC3\xA9\"]");
}

TEST(OsvNames, PublishersEcosystemsAndEnumNames) {
    EXPECT_EQ(osv_publisher("GHSA-vp9c-fpxx-744v"), "GHSA");
    EXPECT_EQ(osv_publisher("PYSEC-2021-9"), "PYSEC");
    EXPECT_EQ(osv_publisher("RUSTSEC-2023-0044"), "RUSTSEC");
    EXPECT_EQ(osv_publisher("UBUNTU-CVE-2024-6119"), "UBUNTU");
    EXPECT_EQ(osv_publisher("ALSA-2022:0001"), "ALSA");
    EXPECT_EQ(osv_publisher("ASB-A-123456789"), "ASB-A");
    EXPECT_EQ(osv_publisher("PUB-A-987654"), "PUB-A");
    EXPECT_EQ(osv_publisher("SUSE-SU-2024:0001-1"), "SUSE-SU");
    EXPECT_EQ(osv_publisher("openSUSE-SU-2024:10001-1"), "openSUSE-SU");
    EXPECT_EQ(osv_publisher("CleanStart-2025-0001"), "CleanStart");
    EXPECT_EQ(osv_publisher("GHSA"), "");
    EXPECT_EQ(osv_publisher("GHSA-"), "");
    EXPECT_EQ(osv_publisher("-123"), "");
    EXPECT_EQ(osv_publisher("GH_SA-1"), "");
    EXPECT_EQ(osv_publisher("SUSE-SU-"), "SUSE");

    EXPECT_EQ(osv_bare_ecosystem("Ubuntu:Pro:18.04:LTS"), "Ubuntu");
    EXPECT_EQ(osv_bare_ecosystem("Maven:https://maven.google.com"), "Maven");
    EXPECT_EQ(osv_bare_ecosystem("Red Hat:rhel_aus:8.4::appstream"), "Red Hat");
    EXPECT_EQ(osv_bare_ecosystem("crates.io"), "crates.io");

    EXPECT_EQ(osv_event_kind_name(OsvEventKind::kLastAffected), "last_affected");
    EXPECT_EQ(osv_event_kind_name(OsvEventKind::kLimit), "limit");
    EXPECT_EQ(osv_range_type_name(OsvRangeType::kSemver), "SEMVER");
    EXPECT_EQ(osv_relation_name(OsvRelation::kAlias), "alias");
    EXPECT_EQ(osv_relation_name(OsvRelation::kRelated), "related");
    EXPECT_EQ(osv_relation_name(OsvRelation::kUpstream), "upstream");
}

}  // namespace
}  // namespace wardround::vuln
