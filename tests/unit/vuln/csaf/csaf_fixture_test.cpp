// SPDX-License-Identifier: Apache-2.0
// The parser over the project's own CSAF fixtures: one document using every feature the knowledge
// base stores, the smallest accepted document, and one full of problems that must become
// diagnostics rather than failures.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/vuln/csaf.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

using Strings = std::vector<std::string>;

CsafDocument parse_fixture(const std::string& name, Diagnostics& diagnostics) {
    auto document = parse_csaf_file(testing::fixture("csaf/" + name), diagnostics);
    EXPECT_TRUE(document.has_value()) << (document ? "" : document.error().to_string());
    return document ? std::move(*document) : CsafDocument{};
}

const CsafProduct* find_product(const CsafDocument& document, const std::string& id) {
    auto found = std::find_if(document.products.begin(), document.products.end(),
                              [&](const CsafProduct& product) { return product.product_id == id; });
    return found == document.products.end() ? nullptr : &*found;
}

// "code@location" for every kept diagnostic, in the order they were reported.
Strings codes_at(const Diagnostics& diagnostics) {
    Strings out;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        out.push_back(diagnostic.code + "@" + diagnostic.location);
    }
    return out;
}

TEST(CsafFixture, FullDocumentCarriesEveryStoredField) {
    Diagnostics diagnostics;
    const CsafDocument document = parse_fixture("full.json", diagnostics);
    EXPECT_TRUE(diagnostics.empty()) << diagnostics.kept().front().code;

    EXPECT_EQ(document.category, "csaf_vex");
    EXPECT_TRUE(document.standard_category);
    EXPECT_EQ(document.csaf_version, "2.0");
    EXPECT_EQ(document.lang, "en-GB");
    EXPECT_EQ(document.title, "Wardround fixture: infusion pump gateway (every CSAF feature)");
    EXPECT_EQ(document.publisher.category, "vendor");
    EXPECT_EQ(document.publisher.name, "Example Medical Ltd ");
    EXPECT_EQ(document.publisher.namespace_uri, "https://example.org");
    EXPECT_EQ(document.tlp_label, "GREEN");
    EXPECT_EQ(document.aggregate_severity, "Critical");

    const CsafTracking& tracking = document.tracking;
    EXPECT_EQ(tracking.id, "EX-2024-0001");
    EXPECT_EQ(tracking.status, "final");
    EXPECT_EQ(tracking.version, "2");
    EXPECT_EQ(tracking.revision_count, 2U);
    EXPECT_EQ(tracking.aliases, Strings{"EXAMPLE-SA-1"});
    ASSERT_TRUE(tracking.initial_release_date.has_value());
    EXPECT_EQ(format_timestamp(*tracking.initial_release_date), "2024-01-02T03:04:05.678Z");
    // +01:00 is taken off: the canonical form is UTC.
    EXPECT_EQ(format_timestamp(tracking.current_release_date), "2024-02-03T03:05:06.000Z");

    ASSERT_EQ(document.notes.size(), 2U);
    EXPECT_EQ(document.notes[0].category, "summary");
    EXPECT_EQ(document.notes[0].title, "Summary");
    EXPECT_EQ(document.notes[0].text, "Two flaws in the gateway.");
    EXPECT_EQ(document.notes[1].audience, "all");
    ASSERT_EQ(document.references.size(), 2U);
    EXPECT_EQ(document.references[0].category, "self");
    EXPECT_EQ(document.references[0].url, "https://example.org/advisories/EX-2024-0001.json");
    EXPECT_EQ(document.references[1].category, "");
    EXPECT_EQ(document.references[1].summary, "No category given");
}

TEST(CsafFixture, ProductTreeIsFlattenedWithPathsAndOrigins) {
    Diagnostics diagnostics;
    const CsafDocument document = parse_fixture("full.json", diagnostics);

    Strings ids;
    for (const CsafProduct& product : document.products) {
        ids.push_back(product.product_id + ":" +
                      std::string(csaf_product_origin_name(product.origin)));
    }
    EXPECT_EQ(ids, (Strings{"EX-PL-421:branch", "EX-PL-OLD:branch", "EX-WC:branch",
                            "EX-OS-9:full_product_name", "EX-WC-ON-OS9:relationship"}));

    const CsafProduct* pumplink = find_product(document, "EX-PL-421");
    ASSERT_NE(pumplink, nullptr);
    EXPECT_EQ(pumplink->name, "PumpLink 4.2.1");
    EXPECT_EQ(pumplink->vendor, "Example Medical Ltd ");
    EXPECT_EQ(pumplink->product_family, "Infusion / Gateways");
    EXPECT_EQ(pumplink->product_name, "PumpLink");
    EXPECT_EQ(pumplink->product_version, "4.2.1");
    EXPECT_EQ(pumplink->product_version_range, "");
    ASSERT_EQ(pumplink->branch_path.size(), 5U);
    EXPECT_EQ(pumplink->branch_path[0].category, "vendor");
    EXPECT_EQ(pumplink->branch_path[2].name, "Gateways");
    EXPECT_EQ(pumplink->branch_path[4].category, "product_version");
    EXPECT_EQ(pumplink->cpe, "cpe:2.3:h:example:pumplink:4.2.1:*:*:*:*:*:*:*");
    EXPECT_EQ(pumplink->purl, "pkg:generic/example/pumplink@4.2.1");
    EXPECT_EQ(pumplink->helper_json,
              R"({"cpe":"cpe:2.3:h:example:pumplink:4.2.1:*:*:*:*:*:*:*",)"
              R"("purl":"pkg:generic/example/pumplink@4.2.1",)"
              R"("hashes":[{"file_hashes":[{"algorithm":"sha256","value":"0011"}],)"
              R"("filename":"pl.bin"}]})");

    const CsafProduct* old = find_product(document, "EX-PL-OLD");
    ASSERT_NE(old, nullptr);
    EXPECT_EQ(old->product_version_range, "vers:generic/<4.2.1");
    EXPECT_EQ(old->product_version, "");
    EXPECT_EQ(old->helper_json, "");

    const CsafProduct* console = find_product(document, "EX-WC");
    ASSERT_NE(console, nullptr);
    EXPECT_EQ(console->product_family, "");
    EXPECT_EQ(console->product_name, "Ward Console");
    EXPECT_EQ(console->branch_path.back().category, "architecture");
    EXPECT_EQ(console->helper_json, R"({"model_numbers":["WC-1"]})");

    const CsafProduct* os = find_product(document, "EX-OS-9");
    ASSERT_NE(os, nullptr);
    EXPECT_EQ(os->cpe, "cpe:/o:example:hospital_linux:9");
    EXPECT_TRUE(os->branch_path.empty());
    EXPECT_EQ(os->vendor, "");

    ASSERT_EQ(document.relationships.size(), 1U);
    const CsafRelationship& relationship = document.relationships[0];
    EXPECT_EQ(relationship.category, "installed_on");
    EXPECT_EQ(relationship.product_reference, "EX-WC");
    EXPECT_EQ(relationship.relates_to_product_reference, "EX-OS-9");
    EXPECT_EQ(relationship.product_id, "EX-WC-ON-OS9");
    EXPECT_EQ(relationship.name, "Ward Console (x86_64) on Hospital Linux 9");
    const CsafProduct* installed = find_product(document, "EX-WC-ON-OS9");
    ASSERT_NE(installed, nullptr);
    EXPECT_EQ(installed->name, relationship.name);

    ASSERT_EQ(document.product_groups.size(), 1U);
    EXPECT_EQ(document.product_groups[0].group_id, "EX-G-PUMPLINK");
    EXPECT_EQ(document.product_groups[0].summary, "All PumpLink versions");
    EXPECT_EQ(document.product_groups[0].product_ids, (Strings{"EX-PL-421", "EX-PL-OLD"}));
}

TEST(CsafFixture, VulnerabilitiesKeepEveryStatusAndAction) {
    Diagnostics diagnostics;
    const CsafDocument document = parse_fixture("full.json", diagnostics);
    ASSERT_EQ(document.vulnerabilities.size(), 2U);
    const CsafVulnerability& first = document.vulnerabilities[0];

    EXPECT_EQ(first.cve, "CVE-2024-99901");
    EXPECT_EQ(first.title, "Hard-coded credentials");
    EXPECT_EQ(first.cwe_id, "CWE-798");
    EXPECT_EQ(first.cwe_name, "Use of Hard-coded Credentials");
    ASSERT_TRUE(first.discovery_date && first.release_date);
    EXPECT_EQ(format_timestamp(*first.discovery_date), "2023-12-01T00:00:00.000Z");
    EXPECT_EQ(format_timestamp(*first.release_date), "2024-01-02T08:04:05.000Z");
    ASSERT_EQ(first.ids.size(), 1U);
    EXPECT_EQ(first.ids[0].system_name, "Example Tracker");
    EXPECT_EQ(first.ids[0].text, "EX-BUG-7");
    EXPECT_EQ(first.notes_json,
              R"([{"category":"description","text":"A \"quoted\" default password.",)"
              R"("title":"Details"}])");
    ASSERT_EQ(first.references.size(), 1U);
    EXPECT_EQ(first.references[0].url, "https://cwe.mitre.org/data/definitions/798.html");

    using S = CsafProductStatus;
    EXPECT_EQ(first.status(S::kFirstAffected), Strings{"EX-PL-OLD"});
    EXPECT_EQ(first.status(S::kFirstFixed), Strings{"EX-PL-421"});
    EXPECT_EQ(first.status(S::kFixed), Strings{"EX-PL-421"});
    EXPECT_EQ(first.status(S::kKnownAffected), (Strings{"EX-PL-OLD", "EX-WC-ON-OS9"}));
    EXPECT_EQ(first.status(S::kKnownNotAffected), Strings{"EX-OS-9"});
    EXPECT_EQ(first.status(S::kLastAffected), Strings{"EX-PL-OLD"});
    EXPECT_EQ(first.status(S::kRecommended), Strings{"EX-PL-421"});
    EXPECT_EQ(first.status(S::kUnderInvestigation), Strings{"EX-WC"});

    ASSERT_EQ(first.remediations.size(), 2U);
    const CsafRemediation& fix = first.remediations[0];
    EXPECT_EQ(fix.category, "vendor_fix");
    EXPECT_EQ(fix.details, "Update to 4.2.1.");
    EXPECT_EQ(fix.url, "https://example.org/fix");
    ASSERT_TRUE(fix.date.has_value());
    EXPECT_EQ(format_timestamp(*fix.date), "2024-01-02T00:00:00.000Z");
    EXPECT_TRUE(fix.product_ids.empty());
    EXPECT_EQ(fix.group_ids, Strings{"EX-G-PUMPLINK"});
    EXPECT_EQ(first.remediations[1].product_ids, Strings{"EX-WC-ON-OS9"});
    EXPECT_FALSE(first.remediations[1].date.has_value());

    // One scores[] entry with both CVSS versions gives two scores for the same products.
    ASSERT_EQ(first.scores.size(), 2U);
    EXPECT_EQ(csaf_score_scheme_name(first.scores[0].scheme), "CVSS_V2");
    EXPECT_EQ(first.scores[0].version, "2.0");
    EXPECT_EQ(first.scores[0].vector, "AV:N/AC:L/Au:N/C:C/I:C/A:C");
    EXPECT_EQ(first.scores[0].base_score, 10.0);  // an integer in the JSON
    EXPECT_EQ(first.scores[0].base_severity, "");
    EXPECT_EQ(csaf_score_scheme_name(first.scores[1].scheme), "CVSS_V3");
    EXPECT_EQ(first.scores[1].version, "3.1");
    EXPECT_EQ(first.scores[1].base_score, 9.8);
    EXPECT_EQ(first.scores[1].base_severity, "CRITICAL");
    EXPECT_EQ(first.scores[1].product_ids, Strings{"EX-PL-OLD"});

    ASSERT_EQ(first.flags.size(), 2U);
    EXPECT_EQ(first.flags[0].label, "component_not_present");
    ASSERT_TRUE(first.flags[0].date.has_value());
    EXPECT_EQ(first.flags[0].product_ids, Strings{"EX-OS-9"});
    EXPECT_EQ(first.flags[1].label, "vulnerable_code_not_present");
    EXPECT_EQ(first.flags[1].group_ids, Strings{"EX-G-PUMPLINK"});

    ASSERT_EQ(first.threats.size(), 2U);
    EXPECT_EQ(first.threats[0].category, "impact");
    EXPECT_EQ(first.threats[0].details, "Remote takeover of the pump gateway.");
    EXPECT_EQ(first.threats[0].product_ids, Strings{"EX-PL-OLD"});
    EXPECT_EQ(first.threats[0].group_ids, Strings{"EX-G-PUMPLINK"});
    EXPECT_EQ(first.threats[1].category, "exploit_status");
    EXPECT_TRUE(first.threats[1].product_ids.empty());

    const CsafVulnerability& second = document.vulnerabilities[1];
    EXPECT_EQ(second.cve, "");
    ASSERT_EQ(second.ids.size(), 1U);
    EXPECT_EQ(second.ids[0].text, "EX-BUG-8");
    EXPECT_EQ(second.notes_json, "");
    EXPECT_EQ(second.status(S::kUnderInvestigation), Strings{"EX-WC"});

    EXPECT_EQ(document.cves(), Strings{"CVE-2024-99901"});
}

TEST(CsafFixture, MinimalDocumentIsAccepted) {
    Diagnostics diagnostics;
    const CsafDocument document = parse_fixture("minimal.json", diagnostics);
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(document.category, "csaf_base");
    EXPECT_EQ(document.tracking.status, "draft");
    EXPECT_EQ(document.tracking.revision_count, 0U);
    EXPECT_EQ(format_timestamp(document.tracking.current_release_date), "2024-03-04T00:00:00.000Z");
    EXPECT_TRUE(document.products.empty());
    EXPECT_TRUE(document.vulnerabilities.empty());
    EXPECT_TRUE(document.cves().empty());
}

TEST(CsafFixture, ProblemsInsideADocumentBecomeDiagnosticsAndTheRestIsKept) {
    Diagnostics diagnostics;
    const CsafDocument document = parse_fixture("inner-problems.json", diagnostics);

    EXPECT_EQ(
        codes_at(diagnostics),
        (Strings{
            "csaf.missing_field@$.document.publisher.name",
            "csaf.unknown_tracking_status@$.document.tracking.status",
            "csaf.bad_date@$.document.tracking.initial_release_date",
            "csaf.missing_field@$.document.tracking.revision_history",
            "csaf.wrong_type@$.document.title",
            "csaf.duplicate_product@$.product_tree.branches[0].branches[1].product.product_id",
            "csaf.missing_product_id@$.product_tree.branches[0].branches[2].product.product_id",
            "csaf.missing_field@$.product_tree.branches[0].branches[4]",
            "csaf.unknown_product@$.product_tree.relationships[0].relates_to_product_reference",
            "csaf.unknown_product@$.product_tree.product_groups[0].product_ids[1]",
            "csaf.duplicate_group@$.product_tree.product_groups[1].group_id",
            "csaf.bad_date@$.vulnerabilities[0].release_date",
            "csaf.unknown_product@$.vulnerabilities[0].product_status.known_affected[1]",
            "csaf.wrong_type@$.vulnerabilities[0].product_status.known_affected[2]",
            "csaf.unknown_status@$.vulnerabilities[0].product_status.maybe_affected",
            "csaf.unknown_product@$.vulnerabilities[0].remediations[0].product_ids[0]",
            "csaf.unknown_group@$.vulnerabilities[0].remediations[0].group_ids[0]",
            "csaf.missing_field@$.vulnerabilities[0].remediations[1]",
            "csaf.empty_score@$.vulnerabilities[0].scores[0]",
            "csaf.bad_score@$.vulnerabilities[0].scores[1].cvss_v3.baseScore",
            "csaf.bad_date@$.vulnerabilities[0].flags[0].date",
            "csaf.unknown_group@$.vulnerabilities[0].threats[0].group_ids[0]",
            "csaf.missing_vulnerability_id@$.vulnerabilities[1]",
            "csaf.bad_cve@$.vulnerabilities[2].cve",
            "csaf.wrong_type@$.vulnerabilities[2].notes",
            "csaf.wrong_type@$.vulnerabilities[3]",
        }));
    EXPECT_EQ(diagnostics.count(Severity::kError), 3U);
    EXPECT_EQ(diagnostics.count(Severity::kInfo), 0U);
    EXPECT_EQ(diagnostics.kept().front().source, testing::fixture("csaf/inner-problems.json"));

    // What could be kept, was.
    EXPECT_EQ(document.tracking.status, "withdrawn");
    EXPECT_FALSE(document.tracking.initial_release_date.has_value());
    EXPECT_EQ(document.title, "");
    Strings ids;
    for (const CsafProduct& product : document.products) {
        ids.push_back(product.product_id);
    }
    EXPECT_EQ(ids, (Strings{"P-1", "P-2", "P-3"}));
    EXPECT_EQ(document.products[0].name, "Alpha");  // the first definition wins
    ASSERT_EQ(document.relationships.size(), 1U);
    EXPECT_EQ(document.relationships[0].relates_to_product_reference, "P-MISSING");
    ASSERT_EQ(document.product_groups.size(), 1U);
    EXPECT_EQ(document.product_groups[0].product_ids, (Strings{"P-1", "P-GHOST"}));

    ASSERT_EQ(document.vulnerabilities.size(), 3U);
    const CsafVulnerability& first = document.vulnerabilities[0];
    EXPECT_FALSE(first.release_date.has_value());
    EXPECT_EQ(first.status(CsafProductStatus::kKnownAffected), (Strings{"P-1", "P-UNKNOWN"}));
    ASSERT_EQ(first.remediations.size(), 2U);
    EXPECT_EQ(first.remediations[0].product_ids, Strings{"P-404"});
    EXPECT_EQ(first.remediations[0].group_ids, Strings{"G-404"});
    ASSERT_EQ(first.scores.size(), 1U);
    EXPECT_FALSE(first.scores[0].base_score.has_value());
    EXPECT_EQ(first.scores[0].vector, "CVSS:3.1/AV:N");
    ASSERT_EQ(first.flags.size(), 1U);
    EXPECT_FALSE(first.flags[0].date.has_value());
    EXPECT_EQ(first.threats.size(), 1U);
    EXPECT_EQ(document.vulnerabilities[1].title, "No identifier at all");
    EXPECT_EQ(document.vulnerabilities[2].cve, "CVE-24-1");
    EXPECT_EQ(document.vulnerabilities[2].notes_json, "");
    EXPECT_EQ(document.cves(), (Strings{"CVE-2024-0001", "CVE-24-1"}));
}

TEST(CsafFixture, BrokenProductsGroupsAndScoresAreReportedAndSkipped) {
    Diagnostics diagnostics;
    const CsafDocument document = parse_fixture("more-problems.json", diagnostics);

    EXPECT_EQ(codes_at(diagnostics),
              (Strings{
                  "csaf.missing_field@$.document.notes[0].text",
                  "csaf.wrong_type@$.document.references",
                  "csaf.missing_product_id@$.product_tree.full_product_names[0].product_id",
                  "csaf.missing_field@$.product_tree.full_product_names[2].name",
                  "csaf.missing_product_id@$.product_tree.relationships[0].full_product_name",
                  "csaf.missing_product_id@$.product_tree.relationships[1].full_product_name",
                  "csaf.missing_group_id@$.product_tree.product_groups[0].group_id",
                  "csaf.wrong_type@$.vulnerabilities[0].scores[0].products",
                  "csaf.missing_field@$.vulnerabilities[0].scores[0].cvss_v2.baseScore",
                  "csaf.wrong_type@$.vulnerabilities[0].scores[1].cvss_v3.baseScore",
                  "csaf.missing_field@$.vulnerabilities[0].flags[0]",
              }));
    EXPECT_EQ(diagnostics.count(Severity::kError), 4U);

    Strings ids;
    for (const CsafProduct& product : document.products) {
        ids.push_back(product.product_id);
    }
    // A relationship may refer to a product a later relationship defines: no diagnostic.
    EXPECT_EQ(ids, (Strings{"P-G", "P-NAMELESS", "P-GL", "P-LATER"}));
    EXPECT_EQ(document.products[1].name, "");
    ASSERT_EQ(document.relationships.size(), 2U);
    EXPECT_EQ(document.relationships[0].product_reference, "P-LATER");
    EXPECT_EQ(document.relationships[1].category, "default_component_of");
    ASSERT_EQ(document.product_groups.size(), 1U);
    EXPECT_EQ(document.product_groups[0].group_id, "G-OK");
    ASSERT_EQ(document.notes.size(), 1U);
    EXPECT_EQ(document.notes[0].category, "general");
    EXPECT_TRUE(document.references.empty());

    ASSERT_EQ(document.vulnerabilities.size(), 1U);
    const CsafVulnerability& vulnerability = document.vulnerabilities[0];
    ASSERT_EQ(vulnerability.scores.size(), 2U);
    EXPECT_EQ(vulnerability.scores[0].scheme, CsafScoreScheme::kCvssV2);
    EXPECT_TRUE(vulnerability.scores[0].product_ids.empty());
    EXPECT_FALSE(vulnerability.scores[0].base_score.has_value());
    EXPECT_EQ(vulnerability.scores[1].base_severity, "CRITICAL");
    EXPECT_FALSE(vulnerability.scores[1].base_score.has_value());
    ASSERT_EQ(vulnerability.flags.size(), 1U);
    EXPECT_EQ(vulnerability.flags[0].label, "component_not_present");
    ASSERT_EQ(vulnerability.remediations.size(), 1U);
    EXPECT_EQ(vulnerability.remediations[0].group_ids, Strings{"G-OK"});
}

TEST(CsafFixture, StatusNamesRoundTrip) {
    for (std::size_t i = 0; i < kCsafProductStatusCount; ++i) {
        const auto status = static_cast<CsafProductStatus>(i);
        EXPECT_EQ(csaf_product_status_from_name(csaf_product_status_name(status)), status);
    }
    EXPECT_EQ(csaf_product_status_name(CsafProductStatus::kKnownNotAffected), "known_not_affected");
    EXPECT_FALSE(csaf_product_status_from_name("affected").has_value());
    EXPECT_FALSE(csaf_product_status_from_name("").has_value());
}

}  // namespace
}  // namespace wardround::vuln
