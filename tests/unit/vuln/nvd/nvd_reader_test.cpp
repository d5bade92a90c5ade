// SPDX-License-Identifier: Apache-2.0
// The NVD reader over real NVD data (../shared/data/nvd) and our own small fixtures. Every count
// asserted here was measured independently with python3's json module on the same files.
#include <gtest/gtest.h>

#include <wardround/vuln/nvd.h>

#include "support/test_support.h"
#include "unit/vuln/nvd/nvd_test_util.h"

namespace wardround::vuln {
namespace {

using testing::fingerprints;
using testing::read_nvd_bytes;
using testing::read_nvd_path;
using testing::tally;

std::string slurp(const std::string& path) {
    auto file = InputFile::open(path);
    EXPECT_TRUE(file.has_value());
    return file ? file->read_all(std::size_t{1} << 30).value_or("") : "";
}

std::string ts(const Timestamp& timestamp) {
    return format_timestamp(timestamp);
}

TEST(NvdReader, VunnelPage) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/vunnel-fixture-page.json");
    const auto reading = read_nvd_path(path);
    ASSERT_TRUE(reading.status.has_value()) << reading.status.error().to_string();
    EXPECT_TRUE(reading.diagnostics.empty());

    EXPECT_EQ(reading.info.kind, NvdFileKind::kApiPage);
    EXPECT_EQ(reading.info.results_per_page, 38);
    EXPECT_EQ(reading.info.start_index, 0);
    EXPECT_EQ(reading.info.total_results, 38);
    EXPECT_EQ(reading.info.format, "NVD_CVE");
    EXPECT_EQ(reading.info.version, "2.0");
    ASSERT_TRUE(reading.info.timestamp.has_value());
    EXPECT_EQ(ts(*reading.info.timestamp), "2023-10-18T18:04:18.493Z");

    ASSERT_EQ(reading.records.size(), 38u);
    EXPECT_EQ(reading.elements, 38u);
    EXPECT_EQ(reading.skipped, 0u);
    EXPECT_EQ(reading.records.front().id, "CVE-2023-27314");
    EXPECT_EQ(reading.records.front().element_index, 0u);
    EXPECT_EQ(reading.records.front().byte_offset, 197u);
    EXPECT_EQ(reading.records.back().id, "CVE-2023-20261");
    EXPECT_EQ(reading.records.back().element_index, 37u);
    EXPECT_EQ(reading.records.back().byte_offset, 161876u);

    const auto t = tally(reading.records);
    EXPECT_EQ(t.status,
              (std::map<std::string, std::size_t>{{"Analyzed", 25}, {"Awaiting Analysis", 13}}));
    // Awaiting Analysis records are kept, without configurations; every analysed one has them.
    for (const CveRecord& record : reading.records) {
        EXPECT_EQ(record.has_configurations, record.vuln_status == "Analyzed") << record.id;
        EXPECT_EQ(record.has_configurations, !record.configurations.empty()) << record.id;
    }
    EXPECT_EQ(t.no_configurations, 13u);
    EXPECT_EQ(t.configurations, 25u);
    EXPECT_EQ(t.or_configurations, 14u);  // operator absent: OR
    EXPECT_EQ(t.and_configurations, 11u);
    EXPECT_EQ(t.nodes, 36u);
    EXPECT_EQ(t.or_nodes, 36u);
    EXPECT_EQ(t.negated_configurations + t.negated_nodes, 0u);
    EXPECT_EQ(t.matches, 56u);
    EXPECT_EQ(t.not_vulnerable, 22u);
    EXPECT_EQ(t.end_excluding, 15u);
    EXPECT_EQ(t.start_including, 2u);
    EXPECT_EQ(t.end_including, 2u);
    EXPECT_EQ(t.start_excluding, 0u);
    EXPECT_EQ(t.metrics, 48u);
    EXPECT_EQ(t.metric_versions, (std::map<std::string, std::size_t>{{"3.1", 48}}));
    EXPECT_EQ(t.weaknesses, 46u);
    EXPECT_EQ(t.references, 56u);
    EXPECT_EQ(t.reference_tags, 67u);

    const CveRecord& first = reading.records.front();
    EXPECT_EQ(first.source_identifier, "security-alert@netapp.com");
    EXPECT_EQ(ts(*first.published), "2023-10-12T19:15:11.747Z");
    EXPECT_EQ(ts(first.last_modified), "2023-10-18T18:00:24.900Z");
    EXPECT_EQ(first.description.substr(0, 66),
              "ONTAP 9 versions prior to 9.8P19, 9.9.1P16, 9.10.1P12, 9.11.1P8, \n");
    ASSERT_EQ(first.metrics.size(), 2u);
    EXPECT_EQ(first.metrics[1].source, "security-alert@netapp.com");
    EXPECT_EQ(first.metrics[1].type, "Secondary");
    ASSERT_EQ(first.weaknesses.size(), 2u);
    EXPECT_EQ(first.weaknesses[0].cwe_id, "NVD-CWE-noinfo");
    EXPECT_EQ(first.weaknesses[1].cwe_id, "CWE-400");
    const CpeMatch& range = first.configurations.at(0).nodes.at(0).matches.at(0);
    EXPECT_EQ(range.criteria, "cpe:2.3:a:netapp:clustered_data_ontap:*:*:*:*:*:*:*:*");
    EXPECT_EQ(range.version_start_including, "9.0");
    EXPECT_EQ(range.version_end_excluding, "9.8");
    EXPECT_EQ(range.match_criteria_id, "D9342DC4-2928-49B6-AACA-95B3DE9C994A");
    EXPECT_EQ(first.configurations[0].nodes[0].matches.at(2).criteria,
              "cpe:2.3:a:netapp:clustered_data_ontap:9.8:p7:*:*:*:*:*:*");
}

TEST(NvdReader, VunnelSingleEntryKeepsV2AndV31) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/vunnel-fixture-single-entry.json");
    const auto reading = read_nvd_path(path);
    ASSERT_TRUE(reading.status.has_value()) << reading.status.error().to_string();
    EXPECT_TRUE(reading.diagnostics.empty());
    EXPECT_EQ(ts(*reading.info.timestamp), "2023-01-03T21:56:15.797Z");
    ASSERT_EQ(reading.records.size(), 1u);
    const CveRecord& r = reading.records[0];
    EXPECT_EQ(r.id, "CVE-2022-1576");
    EXPECT_EQ(r.byte_offset, 193u);
    EXPECT_EQ(r.source_identifier, "contact@wpscan.com");
    EXPECT_EQ(ts(*r.published), "2022-07-11T13:15:08.503Z");
    // Later than the page's own timestamp: the fixture was refreshed after it was first saved.
    EXPECT_EQ(ts(r.last_modified), "2024-11-21T06:41:00.133Z");
    EXPECT_EQ(r.vuln_status, "Modified");
    EXPECT_EQ(r.description,
              "The WP Maintenance Mode & Coming Soon WordPress plugin before 2.4.5 is lacking CSRF "
              "when emptying the subscribed users list, which could allow attackers to make a "
              "logged in admin perform such action via a CSRF attack");
    EXPECT_EQ(r.cve_tags, "");

    ASSERT_EQ(r.metrics.size(), 2u);
    const CvssMetric& v31 = r.metrics[0];
    EXPECT_EQ(v31.version, CvssVersion::kV31);
    EXPECT_EQ(v31.source, "nvd@nist.gov");
    EXPECT_EQ(v31.type, "Primary");
    EXPECT_EQ(v31.vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N");
    EXPECT_DOUBLE_EQ(v31.base_score, 6.5);
    EXPECT_EQ(v31.base_severity, "MEDIUM");
    EXPECT_DOUBLE_EQ(*v31.exploitability_score, 2.8);
    EXPECT_DOUBLE_EQ(*v31.impact_score, 3.6);
    const CvssMetric& v2 = r.metrics[1];
    EXPECT_EQ(v2.version, CvssVersion::kV2);
    EXPECT_EQ(v2.vector, "AV:N/AC:M/Au:N/C:N/I:P/A:N");
    EXPECT_DOUBLE_EQ(v2.base_score, 4.3);
    EXPECT_EQ(v2.base_severity, "MEDIUM");  // beside cvssData in v2
    EXPECT_DOUBLE_EQ(*v2.exploitability_score, 8.6);
    EXPECT_DOUBLE_EQ(*v2.impact_score, 2.9);

    ASSERT_EQ(r.weaknesses.size(), 1u);
    EXPECT_EQ(r.weaknesses[0].source, "contact@wpscan.com");
    EXPECT_EQ(r.weaknesses[0].type, "Secondary");
    EXPECT_EQ(r.weaknesses[0].cwe_id, "CWE-352");

    ASSERT_EQ(r.configurations.size(), 1u);
    EXPECT_EQ(r.configurations[0].op, ConfigOperator::kOr);
    ASSERT_EQ(r.configurations[0].nodes.size(), 1u);
    ASSERT_EQ(r.configurations[0].nodes[0].matches.size(), 1u);
    const CpeMatch& m = r.configurations[0].nodes[0].matches[0];
    EXPECT_TRUE(m.vulnerable);
    // The JSON has "\\&": one backslash, the CPE escape of '&', kept exactly as published.
    EXPECT_EQ(m.criteria,
              "cpe:2.3:a:themeisle:wp_maintenance_mode_\\&_coming_soon:*:*:*:*:*:wordpress:*:*");
    EXPECT_EQ(m.version_end_excluding, "2.4.5");
    EXPECT_FALSE(m.version_start_including.has_value());
    EXPECT_EQ(m.match_criteria_id, "696C1A2A-E47E-4E47-AB2D-F551F136B5D1");

    ASSERT_EQ(r.references.size(), 2u);
    EXPECT_EQ(r.references[1].url,
              "https://wpscan.com/vulnerability/68deab46-1c16-46ae-a912-a104958ca4cf");
    EXPECT_EQ(r.references[1].source, "af854a3a-2127-422b-91ae-364da2661108");
    EXPECT_EQ(r.references[1].tags, (std::vector<std::string>{"Exploit", "Third Party Advisory"}));
}

TEST(NvdReader, CuratedHealthEstatePage) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/nvd-curated.json");
    const auto reading = read_nvd_path(path);
    ASSERT_TRUE(reading.status.has_value()) << reading.status.error().to_string();
    ASSERT_EQ(reading.records.size(), 81u);
    EXPECT_EQ(reading.skipped, 0u);
    EXPECT_EQ(reading.info.results_per_page, 81);
    EXPECT_EQ(ts(*reading.info.timestamp), "2026-06-17T04:59:49.620Z");

    // Two records carry CISA's SSVC list and five the CNA's "affected" product text: both are
    // known NVD members without a column, skipped without a diagnostic. Nothing else is odd.
    EXPECT_TRUE(reading.diagnostics.empty());

    const auto t = tally(reading.records);
    EXPECT_EQ(t.status, (std::map<std::string, std::size_t>{{"Analyzed", 25},
                                                            {"Awaiting Analysis", 2},
                                                            {"Deferred", 7},
                                                            {"Modified", 44},
                                                            {"Undergoing Analysis", 3}}));
    EXPECT_EQ(t.no_configurations, 2u);
    EXPECT_FALSE(reading.find("CVE-2024-3400")->has_configurations);
    EXPECT_FALSE(reading.find("CVE-2024-7971")->has_configurations);
    EXPECT_EQ(t.matches, 1677u);
    EXPECT_EQ(t.configurations, 377u);
    EXPECT_EQ(t.and_configurations, 235u);
    EXPECT_EQ(t.or_configurations, 142u);
    EXPECT_EQ(t.nodes, 612u);
    EXPECT_EQ(t.or_nodes, 612u);
    EXPECT_EQ(t.negated_configurations + t.negated_nodes, 0u);
    EXPECT_EQ(t.not_vulnerable, 298u);
    EXPECT_EQ(t.end_excluding, 295u);
    EXPECT_EQ(t.start_including, 124u);
    EXPECT_EQ(t.end_including, 45u);
    EXPECT_EQ(t.start_excluding, 0u);
    EXPECT_EQ(t.metrics, 178u);
    EXPECT_EQ(t.metric_versions,
              (std::map<std::string, std::size_t>{{"2.0", 41}, {"3.0", 9}, {"3.1", 128}}));
    EXPECT_EQ(t.weaknesses, 140u);
    EXPECT_EQ(t.references, 1400u);
    EXPECT_EQ(t.reference_tags, 2442u);
    std::size_t kev = 0;
    for (const CveRecord& r : reading.records) {
        kev += r.cisa_exploit_add ? 1 : 0;
    }
    EXPECT_EQ(kev, 65u);
    EXPECT_EQ(reading.find("CVE-2014-0160")->evaluator_impact.substr(0, 26),
              "CVSS V2 scoring evaluates ");
}

TEST(NvdReader, EternalBlueRecord) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/nvd-curated.json");
    const auto reading = read_nvd_path(path);
    ASSERT_TRUE(reading.status.has_value()) << reading.status.error().to_string();
    const CveRecord* found = reading.find("CVE-2017-0144");
    ASSERT_NE(found, nullptr);
    const CveRecord& r = *found;
    EXPECT_EQ(r.element_index, 2u);
    EXPECT_EQ(r.byte_offset, 122700u);
    EXPECT_EQ(r.source_identifier, "secure@microsoft.com");
    EXPECT_EQ(ts(*r.published), "2017-03-17T00:59:04.010Z");
    EXPECT_EQ(ts(r.last_modified), "2025-10-21T20:16:42.430Z");
    EXPECT_EQ(r.vuln_status, "Deferred");
    EXPECT_EQ(r.cve_tags, "[]");
    EXPECT_EQ(r.description.substr(0, 62),
              "The SMBv1 server in Microsoft Windows Vista SP2; Windows Serve");
    EXPECT_NE(r.description.find("aka \"Windows SMB Remote Code Execution Vulnerability.\""),
              std::string::npos);

    ASSERT_EQ(r.metrics.size(), 3u);
    EXPECT_EQ(r.metrics[0].version, CvssVersion::kV31);
    EXPECT_EQ(r.metrics[0].source, "nvd@nist.gov");
    EXPECT_EQ(r.metrics[0].type, "Primary");
    EXPECT_EQ(r.metrics[0].vector, "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H");
    EXPECT_DOUBLE_EQ(r.metrics[0].base_score, 8.8);
    EXPECT_EQ(r.metrics[0].base_severity, "HIGH");
    EXPECT_DOUBLE_EQ(*r.metrics[0].exploitability_score, 2.8);
    EXPECT_DOUBLE_EQ(*r.metrics[0].impact_score, 5.9);
    EXPECT_EQ(r.metrics[1].source, "134c704f-9b21-4f2e-91b3-4a467353bcc0");  // CISA ADP
    EXPECT_EQ(r.metrics[1].type, "Secondary");
    EXPECT_EQ(r.metrics[2].version, CvssVersion::kV2);
    EXPECT_EQ(r.metrics[2].vector, "AV:N/AC:M/Au:N/C:C/I:C/A:C");
    EXPECT_DOUBLE_EQ(r.metrics[2].base_score, 9.3);
    EXPECT_EQ(r.metrics[2].base_severity, "HIGH");
    EXPECT_DOUBLE_EQ(*r.metrics[2].impact_score, 10.0);

    ASSERT_EQ(r.weaknesses.size(), 1u);
    EXPECT_EQ(r.weaknesses[0].source, "nvd@nist.gov");
    EXPECT_EQ(r.weaknesses[0].type, "Primary");
    EXPECT_EQ(r.weaknesses[0].cwe_id, "NVD-CWE-noinfo");

    EXPECT_EQ(format_date(*r.cisa_exploit_add), "2022-02-10");
    EXPECT_EQ(format_date(*r.cisa_action_due), "2022-08-10");
    EXPECT_EQ(r.cisa_required_action, "Apply updates per vendor instructions.");
    EXPECT_EQ(r.cisa_vulnerability_name, "Microsoft SMBv1 Remote Code Execution Vulnerability");
    EXPECT_EQ(r.references.size(), 24u);

    // SMBv1 (vulnerable) running on a listed Windows release (platform only), nine times.
    ASSERT_EQ(r.configurations.size(), 9u);
    const std::vector<std::pair<std::size_t, std::size_t>> shape = {
        {1, 15}, {4, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}, {1, 1}, {1, 1}, {1, 1}};
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const Configuration& c = r.configurations[i];
        EXPECT_EQ(c.op, ConfigOperator::kAnd) << i;
        ASSERT_EQ(c.nodes.size(), 2u) << i;
        EXPECT_EQ(c.nodes[0].matches.size(), shape[i].first) << i;
        EXPECT_EQ(c.nodes[1].matches.size(), shape[i].second) << i;
    }
    const CpeMatch& smb = r.configurations[0].nodes[0].matches[0];
    EXPECT_TRUE(smb.vulnerable);
    EXPECT_EQ(smb.criteria, "cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*");
    EXPECT_EQ(smb.match_criteria_id, "EFFA22FC-A15A-4EB5-BED7-45F6EAFA8F80");
    const CpeMatch& windows = r.configurations[0].nodes[1].matches[0];
    EXPECT_FALSE(windows.vulnerable);
    EXPECT_EQ(windows.criteria, "cpe:2.3:o:microsoft:windows_10_1507:-:*:*:*:*:*:x64:*");
}

TEST(NvdReader, CompressedAndChunkedReadingsAreIdentical) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/nvd-curated.json");
    const std::string plain = slurp(path);
    const auto expected = read_nvd_bytes("curated.json", plain);
    ASSERT_TRUE(expected.status.has_value()) << expected.status.error().to_string();
    const auto want = fingerprints(expected.records);
    ASSERT_EQ(want.size(), 81u);

    for (const auto& [name, bytes] : {std::pair{"curated.json.gz", testing::gzip(plain)},
                                      std::pair{"curated.json.xz", testing::xz(plain)}}) {
        const auto got = read_nvd_bytes(name, bytes);
        ASSERT_TRUE(got.status.has_value()) << got.status.error().to_string();
        EXPECT_EQ(fingerprints(got.records), want) << name;
        EXPECT_EQ(got.diagnostics.total(), expected.diagnostics.total()) << name;
    }
    for (std::size_t chunk : {std::size_t{1}, std::size_t{4093}}) {
        NvdReadOptions options;
        options.stream.chunk_bytes = chunk;
        const auto got = read_nvd_bytes("curated.json", plain, options);
        ASSERT_TRUE(got.status.has_value()) << got.status.error().to_string();
        EXPECT_EQ(fingerprints(got.records), want) << "chunk " << chunk;
    }
}

TEST(NvdReader, OneRecordTreeFile) {
    const auto reading = read_nvd_path(wardround::testing::fixture("nvd/record-bare.json"));
    ASSERT_TRUE(reading.status.has_value()) << reading.status.error().to_string();
    EXPECT_EQ(reading.info.kind, NvdFileKind::kRecord);
    ASSERT_EQ(reading.records.size(), 1u);
    const CveRecord& r = reading.records[0];
    EXPECT_EQ(r.id, "CVE-2099-0001");
    EXPECT_EQ(r.element_index, 0u);
    EXPECT_EQ(r.byte_offset, 0u);
    EXPECT_EQ(r.source_identifier, "psirt@example.org");
    EXPECT_EQ(ts(*r.published), "2099-01-02T03:04:05.678Z");
    EXPECT_EQ(ts(r.last_modified), "2099-02-03T04:05:06.789Z");
    EXPECT_EQ(r.vuln_status, "Modified");
    EXPECT_EQ(r.evaluator_comment, "Written for Wardround's tests.");
    EXPECT_EQ(r.evaluator_solution, "Upgrade the pump firmware.");
    EXPECT_EQ(r.evaluator_impact, "Only the \"service\" port is exposed.");
    EXPECT_EQ(format_date(*r.cisa_exploit_add), "2099-01-10");
    EXPECT_EQ(format_date(*r.cisa_action_due), "2099-01-31");
    EXPECT_EQ(r.cisa_required_action, "Apply updates per vendor instructions.");
    EXPECT_EQ(r.cisa_vulnerability_name, "Example Infusion Pump Authentication Bypass");
    EXPECT_EQ(r.cve_tags,
              "[{\"sourceIdentifier\":\"psirt@example.org\",\"tags\":[\"unsupported-when-"
              "assigned\",\"disputed\"]}]");
    // The first English description, after the Spanish one; escapes decoded to UTF-8.
    EXPECT_EQ(r.description,
              "An authentication bypass in the Example pump's service port (caf\xC3\xA9 "
              "\xF0\x9F\x98\x80 \\ \"quoted\").");

    ASSERT_EQ(r.metrics.size(), 3u);
    EXPECT_EQ(r.metrics[0].version, CvssVersion::kV40);
    EXPECT_EQ(r.metrics[0].vector,
              "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
    EXPECT_DOUBLE_EQ(r.metrics[0].base_score, 9.3);
    EXPECT_EQ(r.metrics[0].base_severity, "CRITICAL");
    EXPECT_FALSE(r.metrics[0].exploitability_score.has_value());
    EXPECT_FALSE(r.metrics[0].impact_score.has_value());
    EXPECT_EQ(r.metrics[1].version, CvssVersion::kV30);
    EXPECT_EQ(r.metrics[1].base_severity, "HIGH");
    EXPECT_EQ(r.metrics[2].version, CvssVersion::kV2);
    EXPECT_DOUBLE_EQ(r.metrics[2].base_score, 8.0);  // written as the integer 8
    EXPECT_DOUBLE_EQ(*r.metrics[2].impact_score, 10.0);
    EXPECT_EQ(cvss_version_name(r.metrics[0].version), "4.0");
    EXPECT_EQ(cvss_version_name(r.metrics[1].version), "3.0");
    EXPECT_EQ(cvss_version_name(r.metrics[2].version), "2.0");

    ASSERT_EQ(r.weaknesses.size(), 3u);  // one row per CWE value
    EXPECT_EQ(r.weaknesses[0].cwe_id, "CWE-287");
    EXPECT_EQ(r.weaknesses[1].cwe_id, "CWE-306");
    EXPECT_EQ(r.weaknesses[1].source, "psirt@example.org");
    EXPECT_EQ(r.weaknesses[2].cwe_id, "NVD-CWE-Other");
    EXPECT_EQ(r.weaknesses[2].type, "Secondary");

    ASSERT_EQ(r.configurations.size(), 2u);
    const Configuration& first = r.configurations[0];
    EXPECT_EQ(config_operator_name(first.op), "AND");
    EXPECT_FALSE(first.negate);
    ASSERT_EQ(first.nodes.size(), 2u);
    EXPECT_TRUE(first.nodes[1].negate);
    const CpeMatch& firmware = first.nodes[0].matches.at(0);
    EXPECT_EQ(firmware.version_start_excluding, "1.0");
    EXPECT_EQ(firmware.version_end_including, "2.4\\(3\\)");
    EXPECT_FALSE(firmware.version_end_excluding.has_value());
    const Configuration& second = r.configurations[1];
    EXPECT_EQ(config_operator_name(second.op), "OR");
    EXPECT_EQ(config_operator_name(second.nodes.at(0).op), "AND");
    const CpeMatch& console = second.nodes[0].matches.at(1);
    EXPECT_EQ(console.match_criteria_id, "");
    EXPECT_EQ(console.version_start_including, "2021-12-13");
    EXPECT_EQ(console.version_end_excluding, "3.0");

    ASSERT_EQ(r.references.size(), 2u);
    EXPECT_EQ(r.references[0].tags, (std::vector<std::string>{"Vendor Advisory", "Patch"}));
    EXPECT_EQ(r.references[1].url, "https://example.org/notes?id=1&lang=en");
    EXPECT_TRUE(r.references[1].tags.empty());

    // A member NVD does not have is reported; vendorComments is known and has no column.
    ASSERT_EQ(reading.diagnostics.total(), 1u);
    const Diagnostic& d = reading.diagnostics.kept()[0];
    EXPECT_EQ(d.code, "nvd.ignored_field");
    EXPECT_EQ(d.severity, Severity::kInfo);
    EXPECT_EQ(d.location, "$.x_wardround_note");
    EXPECT_EQ(d.message,
              "CVE-2099-0001: member \"x_wardround_note\" is not stored (record at byte 0)");
}

TEST(NvdReader, WrappedRejectedRecordIsKept) {
    const auto reading = read_nvd_path(wardround::testing::fixture("nvd/record-wrapped.json"));
    ASSERT_TRUE(reading.status.has_value()) << reading.status.error().to_string();
    EXPECT_EQ(reading.info.kind, NvdFileKind::kRecord);
    EXPECT_TRUE(reading.diagnostics.empty());
    ASSERT_EQ(reading.records.size(), 1u);
    const CveRecord& r = reading.records[0];
    EXPECT_EQ(r.id, "CVE-2099-0002");
    EXPECT_TRUE(r.rejected());
    EXPECT_FALSE(r.has_configurations);
    EXPECT_EQ(r.description, "Rejected reason: this candidate was withdrawn by its CNA.");
    EXPECT_TRUE(r.references.empty());
}

TEST(NvdReader, FkieReleaseFile) {
    const std::string plain = slurp(wardround::testing::fixture("nvd/release-sample.json"));
    for (const auto& [name, bytes] :
         {std::pair{"CVE-2099.json", plain}, std::pair{"CVE-2099.json.xz", testing::xz(plain)}}) {
        const auto reading = read_nvd_bytes(name, bytes);
        ASSERT_TRUE(reading.status.has_value()) << reading.status.error().to_string();
        EXPECT_TRUE(reading.diagnostics.empty()) << name;
        EXPECT_EQ(reading.info.kind, NvdFileKind::kFeedRelease);
        EXPECT_EQ(nvd_file_kind_name(reading.info.kind), "feed-release");
        EXPECT_EQ(reading.info.cve_count, 3);
        EXPECT_EQ(reading.info.feed_name, "CVE-2099");
        EXPECT_EQ(reading.info.source, "fkie-cad/nvd-json-data-feeds");
        EXPECT_EQ(ts(*reading.info.timestamp), "2099-04-07T00:00:00.000Z");
        EXPECT_FALSE(reading.info.results_per_page.has_value());
        ASSERT_EQ(reading.records.size(), 3u);
        EXPECT_EQ(reading.records[0].id, "CVE-2099-0003");
        EXPECT_EQ(reading.records[0].byte_offset, 156u);
        // Python's json.dumps writes non-ASCII as \u escapes, astral characters as pairs.
        EXPECT_EQ(reading.records[0].description,
                  "Imaging viewer \xE2\x80\x98"
                  "Example\xE2\x80\x99 \xE2\x80\x94 crash on a "
                  "crafted DICOM file \xF0\x9F\x98\x80.");
        EXPECT_EQ(
            reading.records[0].configurations.at(0).nodes.at(0).matches.at(0).version_end_excluding,
            "4.2");
        EXPECT_TRUE(reading.records[1].rejected());
        EXPECT_EQ(reading.records[1].byte_offset, 1955u);
        EXPECT_EQ(reading.records[2].id, "CVE-2099-10005");
        EXPECT_EQ(reading.records[2].vuln_status, "Awaiting Analysis");
        EXPECT_FALSE(reading.records[2].has_configurations);
        EXPECT_EQ(reading.records[2].references.at(0).source, "psirt@example.org");
    }
}

TEST(NvdReader, RecordLargerThanTheLimitIsRefused) {
    NvdReadOptions options;
    options.stream.max_element_bytes = 1024;
    const auto whole = read_nvd_path(wardround::testing::fixture("nvd/record-bare.json"), options);
    ASSERT_FALSE(whole.status.has_value());
    EXPECT_EQ(whole.status.error().code, ErrorCode::kInvalidArgument);

    const auto page =
        read_nvd_path(wardround::testing::fixture("nvd/release-sample.json"), options);
    ASSERT_FALSE(page.status.has_value());
    EXPECT_EQ(page.status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(page.status.error().where.find("$.cve_items[0] (byte 156)"), std::string::npos)
        << page.status.error().to_string();
    EXPECT_TRUE(page.records.empty());
}

TEST(NvdReader, RecordObjectIsReusedAcrossCalls) {
    InputFile file =
        InputFile::open(wardround::testing::fixture("nvd/release-sample.json")).value();
    Diagnostics diagnostics;
    auto reader = NvdReader::open(file, diagnostics);
    ASSERT_TRUE(reader.has_value());
    CveRecord record;
    ASSERT_TRUE(reader->next(record).value());
    EXPECT_EQ(record.metrics.size(), 1u);
    ASSERT_TRUE(reader->next(record).value());
    // Nothing of the first record survives into the second.
    EXPECT_EQ(record.id, "CVE-2099-0004");
    EXPECT_TRUE(record.metrics.empty());
    EXPECT_TRUE(record.weaknesses.empty());
    EXPECT_TRUE(record.configurations.empty());
    EXPECT_FALSE(record.has_configurations);
    ASSERT_TRUE(reader->next(record).value());
    EXPECT_FALSE(reader->next(record).value());
    EXPECT_FALSE(reader->next(record).value());
    EXPECT_EQ(reader->elements_seen(), 3u);
}

}  // namespace
}  // namespace wardround::vuln
