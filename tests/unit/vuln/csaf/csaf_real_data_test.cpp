// SPDX-License-Identifier: Apache-2.0
// The parser over the real CSAF documents in ../shared/data/csaf (CISA ICSMA and ICS advisories,
// Red Hat, Cisco, BSI and CISA VEX). The numbers were measured independently with Python's json
// module over the same files.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/vuln/csaf.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

using Strings = std::vector<std::string>;

Strings json_files(const std::string& folder) {
    Strings out;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == ".json") {
            out.push_back(entry.path().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

CsafDocument parse_shared(const std::string& path, Diagnostics& diagnostics) {
    auto document = parse_csaf_file(path, diagnostics);
    EXPECT_TRUE(document.has_value()) << (document ? "" : document.error().to_string());
    return document ? std::move(*document) : CsafDocument{};
}

std::size_t count_products(const CsafDocument& document, CsafProductOrigin origin) {
    return static_cast<std::size_t>(
        std::count_if(document.products.begin(), document.products.end(),
                      [&](const CsafProduct& product) { return product.origin == origin; }));
}

std::map<std::string, std::size_t> status_counts(const CsafDocument& document) {
    std::map<std::string, std::size_t> out;
    for (const CsafVulnerability& vulnerability : document.vulnerabilities) {
        for (std::size_t i = 0; i < kCsafProductStatusCount; ++i) {
            if (!vulnerability.product_status[i].empty()) {
                out[std::string(csaf_product_status_name(static_cast<CsafProductStatus>(i)))] +=
                    vulnerability.product_status[i].size();
            }
        }
    }
    return out;
}

TEST(CsafRealData, IcsmaTotals) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, "csaf/icsma");
    const Strings files = json_files(folder);
    ASSERT_EQ(files.size(), 144U);

    CsafParser parser;
    Diagnostics diagnostics;
    std::size_t vulnerabilities = 0;
    std::size_t products = 0;
    std::size_t scores_v30 = 0;
    std::size_t scores_v31 = 0;
    std::set<std::string> cves;
    std::map<std::string, std::size_t> statuses;
    std::map<std::string, std::size_t> remediations;
    std::map<std::string, std::size_t> vendors;
    for (const std::string& path : files) {
        auto file = InputFile::open(path);
        ASSERT_TRUE(file.has_value());
        auto document = parser.parse(*file, diagnostics);
        ASSERT_TRUE(document.has_value()) << document.error().to_string();
        EXPECT_EQ(document->category, "csaf_security_advisory") << path;
        EXPECT_EQ(document->tracking.status, "final") << path;
        EXPECT_EQ(document->tlp_label, "WHITE") << path;
        EXPECT_EQ(document->publisher.namespace_uri, "https://www.cisa.gov/") << path;
        vulnerabilities += document->vulnerabilities.size();
        products += document->products.size();
        EXPECT_EQ(count_products(*document, CsafProductOrigin::kBranch), document->products.size());
        EXPECT_TRUE(document->relationships.empty());
        for (const std::string& cve : document->cves()) {
            cves.insert(cve);
        }
        for (const auto& [status, count] : status_counts(*document)) {
            statuses[status] += count;
        }
        std::set<std::string> document_vendors;
        for (const CsafProduct& product : document->products) {
            // No ICSMA document identifies products other than by name.
            EXPECT_EQ(product.helper_json, "") << path;
            document_vendors.insert(product.vendor);
        }
        for (const std::string& vendor : document_vendors) {
            ++vendors[vendor];
        }
        for (const CsafVulnerability& vulnerability : document->vulnerabilities) {
            for (const CsafRemediation& remediation : vulnerability.remediations) {
                ++remediations[remediation.category];
            }
            for (const CsafScore& score : vulnerability.scores) {
                EXPECT_EQ(score.scheme, CsafScoreScheme::kCvssV3);
                scores_v30 += score.version == "3.0" ? 1 : 0;
                scores_v31 += score.version == "3.1" ? 1 : 0;
            }
        }
    }
    EXPECT_TRUE(diagnostics.empty())
        << diagnostics.kept().front().code << " " << diagnostics.kept().front().source << " "
        << diagnostics.kept().front().location;
    EXPECT_EQ(vulnerabilities, 433U);
    EXPECT_EQ(cves.size(), 428U);
    EXPECT_EQ(products, 607U);
    // ICSMA only ever says known_affected: 1,590 product references across the 433 entries.
    EXPECT_EQ(statuses, (std::map<std::string, std::size_t>{{"known_affected", 1590}}));
    EXPECT_EQ(remediations,
              (std::map<std::string, std::size_t>{{"mitigation", 740}, {"vendor_fix", 1254}}));
    EXPECT_EQ(scores_v30, 388U);
    EXPECT_EQ(scores_v31, 46U);
    // Vendor names are kept as published, misspellings included.
    EXPECT_EQ(vendors["Philips"], 36U);
    EXPECT_EQ(vendors["Phillips"], 2U);
    EXPECT_EQ(vendors["Becton, Dickinson and Company (BD)"], 21U);
    EXPECT_EQ(vendors["Medtronic"], 13U);
}

TEST(CsafRealData, MojibakeIsKeptByteForByte) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "csaf/icsma/icsma-21-007-01.json");
    Diagnostics diagnostics;
    const CsafDocument document = parse_shared(path, diagnostics);
    ASSERT_FALSE(document.products.empty());
    EXPECT_EQ(document.products[0].vendor, "Innokas Yhtym\xC3\x83\xC2\xA4 Oy");
    EXPECT_EQ(document.products[0].product_name, "VC150");
    EXPECT_EQ(document.products[0].product_version_range, "< 1.7.15");
    EXPECT_EQ(document.products[0].name, "VC150: prior to Version 1.7.15");
}

TEST(CsafRealData, EveryRealDocumentParses) {
    std::size_t documents = 0;
    std::size_t diagnostics_seen = 0;
    for (const char* folder_name : {"csaf/icsma", "csaf/ics", "csaf/it"}) {
        WARDROUND_SHARED_DATA_OR_SKIP(folder, folder_name);
        CsafParser parser;
        for (const std::string& path : json_files(folder)) {
            Diagnostics diagnostics;
            auto file = InputFile::open(path);
            ASSERT_TRUE(file.has_value());
            auto document = parser.parse(*file, diagnostics);
            ASSERT_TRUE(document.has_value()) << document.error().to_string();
            EXPECT_FALSE(document->vulnerabilities.empty()) << path;
            EXPECT_FALSE(document->products.empty()) << path;
            for (const Diagnostic& diagnostic : diagnostics.kept()) {
                // The only remark on real documents: Cisco's own category.
                EXPECT_EQ(diagnostic.code, "csaf.nonstandard_category") << diagnostic.source;
                EXPECT_EQ(diagnostic.severity, Severity::kInfo);
            }
            diagnostics_seen += diagnostics.total();
            ++documents;
        }
    }
    EXPECT_EQ(documents, 144U + 10U + 13U);
    EXPECT_EQ(diagnostics_seen, 1U);
}

TEST(CsafRealData, MobotixVexRelationships) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "csaf/ics/icsa-24-235-03.json");
    Diagnostics diagnostics;
    const CsafDocument document = parse_shared(path, diagnostics);
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(document.tracking.id, "ICSA-24-235-03");
    EXPECT_EQ(document.aggregate_severity, "High");
    EXPECT_EQ(count_products(document, CsafProductOrigin::kBranch), 108U);
    EXPECT_EQ(count_products(document, CsafProductOrigin::kRelationship), 1283U);
    EXPECT_EQ(document.products.size(), 108U + 1283U);
    ASSERT_EQ(document.relationships.size(), 1283U);
    EXPECT_EQ(document.relationships[0].category, "installed_on");
    EXPECT_EQ(document.relationships[0].product_reference, "CSAFPID-0034");
    EXPECT_EQ(document.relationships[0].relates_to_product_reference, "CSAFPID-0001");
    EXPECT_EQ(document.relationships[0].product_id, "CSAFPID-0109");
    EXPECT_EQ(document.relationships[0].name,
              "Mobotix P3 Firmware MX-V4.0.1.15 installed on Mobotix P3 D24M");
    std::size_t with_hashes = 0;
    for (const CsafProduct& product : document.products) {
        with_hashes += product.helper_json.find("\"hashes\"") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(with_hashes, 35U);

    // The numbers count the product ids listed under each status of its one vulnerability; every
    // one is a relationship product ("firmware X installed on camera Y"), 1,283 distinct in all.
    ASSERT_EQ(document.vulnerabilities.size(), 1U);
    const CsafVulnerability& vulnerability = document.vulnerabilities[0];
    EXPECT_EQ(vulnerability.cve, "CVE-2023-34873");
    EXPECT_EQ(status_counts(document), (std::map<std::string, std::size_t>{
                                           {"fixed", 439},
                                           {"known_affected", 644},
                                           {"known_not_affected", 200},
                                           {"recommended", 33},
                                       }));
    std::set<std::string> listed;
    for (const auto& ids : vulnerability.product_status) {
        listed.insert(ids.begin(), ids.end());
    }
    EXPECT_EQ(listed.size(), 1283U);
    std::set<std::string> relationship_ids;
    for (const CsafRelationship& relationship : document.relationships) {
        relationship_ids.insert(relationship.product_id);
    }
    EXPECT_EQ(listed, relationship_ids);
    ASSERT_EQ(vulnerability.flags.size(), 1U);
    EXPECT_EQ(vulnerability.flags[0].label, "vulnerable_code_not_present");
    EXPECT_EQ(vulnerability.flags[0].product_ids.size(), 200U);
    ASSERT_EQ(vulnerability.remediations.size(), 2U);
    EXPECT_EQ(vulnerability.remediations[0].product_ids.size(), 540U);
    EXPECT_EQ(vulnerability.remediations[1].product_ids.size(), 104U);
    ASSERT_EQ(vulnerability.scores.size(), 1U);
    EXPECT_EQ(vulnerability.scores[0].base_score, 8.8);
    EXPECT_EQ(vulnerability.scores[0].product_ids.size(), 644U);
}

TEST(CsafRealData, OtherVexishIcsDocuments) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, "csaf/ics");
    const std::map<std::string, std::map<std::string, std::size_t>> expected = {
        {"icsa-19-211-01.json", {{"known_affected", 67}, {"known_not_affected", 55}}},
        {"icsa-19-274-01.json", {{"known_affected", 91}, {"known_not_affected", 55}}},
        {"icsa-23-243-04.json", {{"known_affected", 21}, {"known_not_affected", 2}}},
        {"icsa-24-289-02.json", {{"fixed", 2}, {"known_affected", 2}}},
    };
    for (const auto& [name, counts] : expected) {
        Diagnostics diagnostics;
        const CsafDocument document = parse_shared(folder + "/" + name, diagnostics);
        EXPECT_EQ(status_counts(document), counts) << name;
    }

    Diagnostics diagnostics;
    const CsafDocument digi = parse_shared(folder + "/icsa-23-243-04.json", diagnostics);
    ASSERT_FALSE(digi.products.empty());
    EXPECT_EQ(digi.products[0].vendor, "Digi International, Inc. ");
    EXPECT_EQ(digi.products[0].product_version_range, "<= 4.8.488.0");

    const CsafDocument interim = parse_shared(folder + "/icsa-23-131-01.json", diagnostics);
    EXPECT_EQ(interim.tracking.status, "interim");
    EXPECT_EQ(interim.publisher.category, "other");

    const CsafDocument profinet = parse_shared(folder + "/icsa-17-129-02.json", diagnostics);
    EXPECT_EQ(profinet.tracking.revision_count, 23U);
    EXPECT_EQ(profinet.products.size(), 105U);
    const auto model_numbers = std::count_if(
        profinet.products.begin(), profinet.products.end(), [](const CsafProduct& product) {
            return product.helper_json.find("\"model_numbers\"") != std::string::npos;
        });
    EXPECT_EQ(model_numbers, 13);
    // CISA writes microseconds; the canonical form keeps milliseconds.
    const CsafDocument mobotix = parse_shared(folder + "/icsa-24-235-03.json", diagnostics);
    EXPECT_EQ(format_timestamp(mobotix.tracking.current_release_date), "2024-08-22T10:00:00.000Z");
    EXPECT_TRUE(diagnostics.empty());
}

TEST(CsafRealData, RedHatSudoPurlAndCpeHelpers) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "csaf/it/rhsa-2024_0811.json");
    Diagnostics diagnostics;
    const CsafDocument document = parse_shared(path, diagnostics);
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(document.tracking.id, "RHSA-2024:0811");
    EXPECT_EQ(document.publisher.namespace_uri, "https://www.redhat.com");
    EXPECT_EQ(document.aggregate_severity, "Moderate");
    EXPECT_EQ(format_timestamp(document.tracking.current_release_date), "2025-09-10T15:12:09.000Z");
    EXPECT_EQ(count_products(document, CsafProductOrigin::kBranch), 111U);
    EXPECT_EQ(document.relationships.size(), 165U);
    EXPECT_EQ(document.products.size(), 111U + 165U);
    std::size_t purls = 0;
    std::size_t cpes = 0;
    for (const CsafProduct& product : document.products) {
        purls += product.purl.empty() ? 0 : 1;
        cpes += product.cpe.empty() ? 0 : 1;
        if (!product.purl.empty()) {
            EXPECT_EQ(product.purl.rfind("pkg:rpm/redhat/", 0), 0U) << product.purl;
        }
    }
    EXPECT_EQ(purls, 102U);
    EXPECT_EQ(cpes, 9U);
    const auto base_os = std::find_if(
        document.products.begin(), document.products.end(),
        [](const CsafProduct& product) { return product.product_id == "BaseOS-8.6.0.Z.EUS"; });
    ASSERT_NE(base_os, document.products.end());
    EXPECT_EQ(base_os->cpe, "cpe:/o:redhat:rhel_eus:8.6::baseos");
    EXPECT_EQ(base_os->vendor, "Red Hat");
    EXPECT_EQ(base_os->product_family, "Red Hat Enterprise Linux");

    EXPECT_EQ(document.cves(), (Strings{"CVE-2023-28486", "CVE-2023-28487", "CVE-2023-42465"}));
    EXPECT_EQ(status_counts(document), (std::map<std::string, std::size_t>{{"fixed", 495}}));
    const CsafVulnerability& first = document.vulnerabilities[0];
    EXPECT_EQ(first.cwe_id, "CWE-117");
    EXPECT_EQ(first.cwe_name, "Improper Output Neutralization for Logs");
    ASSERT_EQ(first.ids.size(), 1U);
    EXPECT_EQ(first.ids[0].system_name, "Red Hat Bugzilla ID");
    EXPECT_EQ(first.ids[0].text, "2179272");
    ASSERT_EQ(first.threats.size(), 1U);
    EXPECT_EQ(first.threats[0].category, "impact");
    EXPECT_EQ(first.threats[0].details, "Moderate");
    ASSERT_EQ(first.scores.size(), 1U);
    EXPECT_EQ(first.scores[0].base_score, 5.3);
    EXPECT_EQ(first.scores[0].base_severity, "MEDIUM");
    EXPECT_EQ(first.scores[0].product_ids.size(), 165U);
    ASSERT_TRUE(first.release_date.has_value());
    EXPECT_EQ(format_timestamp(*first.release_date), "2023-03-16T00:00:00.000Z");
    EXPECT_NE(first.notes_json.find(R"("category":"description")"), std::string::npos);
}

TEST(CsafRealData, RedHatBindVexFlag) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "csaf/it/rhsa-2025_23414.json");
    Diagnostics diagnostics;
    const CsafDocument document = parse_shared(path, diagnostics);
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(status_counts(document),
              (std::map<std::string, std::size_t>{{"fixed", 52}, {"known_not_affected", 48}}));
    ASSERT_EQ(document.vulnerabilities.size(), 2U);
    for (const CsafVulnerability& vulnerability : document.vulnerabilities) {
        ASSERT_EQ(vulnerability.flags.size(), 1U) << vulnerability.cve;
        EXPECT_EQ(vulnerability.flags[0].label, "vulnerable_code_not_present");
        // The flag is the impact statement for exactly the products known not to be affected.
        EXPECT_EQ(vulnerability.flags[0].product_ids,
                  vulnerability.status(CsafProductStatus::kKnownNotAffected));
        EXPECT_EQ(vulnerability.flags[0].product_ids.size(), 24U);
    }
    EXPECT_EQ(document.vulnerabilities[0].cve, "CVE-2021-25220");
    ASSERT_TRUE(document.vulnerabilities[1].discovery_date.has_value());
    EXPECT_EQ(format_timestamp(*document.vulnerabilities[1].discovery_date),
              "2025-10-22T15:07:23.729Z");
}

TEST(CsafRealData, SameCveInTwoRedHatAdvisories) {
    WARDROUND_SHARED_DATA_OR_SKIP(first, "csaf/it/rhsa-2024_6163.json");
    WARDROUND_SHARED_DATA_OR_SKIP(second, "csaf/it/rhsa-2024_9371.json");
    Diagnostics diagnostics;
    const CsafDocument a = parse_shared(first, diagnostics);
    const CsafDocument b = parse_shared(second, diagnostics);
    EXPECT_EQ(a.cves(), Strings{"CVE-2024-8088"});
    EXPECT_EQ(b.cves(), Strings{"CVE-2024-8088"});
    EXPECT_NE(a.tracking.id, b.tracking.id);
}

TEST(CsafRealData, CiscoNonStandardCategoryIsKept) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "csaf/it/cisco-sa-20180328-smi2.json");
    Diagnostics diagnostics;
    const CsafDocument document = parse_shared(path, diagnostics);
    EXPECT_EQ(document.category, "Cisco Security Advisory");
    EXPECT_FALSE(document.standard_category);
    ASSERT_EQ(diagnostics.total(), 1U);
    EXPECT_EQ(diagnostics.kept()[0].code, "csaf.nonstandard_category");
    EXPECT_EQ(diagnostics.kept()[0].location, "$.document.category");
    EXPECT_EQ(diagnostics.kept()[0].severity, Severity::kInfo);
    EXPECT_EQ(document.tracking.id, "cisco-sa-20180328-smi2");
    EXPECT_EQ(document.tracking.version, "3.0.0");
    EXPECT_EQ(document.tracking.revision_count, 7U);
    EXPECT_EQ(document.publisher.name, "Cisco PSIRT");
    EXPECT_EQ(document.lang, "");
    EXPECT_EQ(document.tlp_label, "");
    EXPECT_EQ(document.cves(), Strings{"CVE-2018-0171"});
    EXPECT_EQ(document.products.size(), 259U);
    EXPECT_EQ(status_counts(document),
              (std::map<std::string, std::size_t>{{"known_affected", 259}}));
    ASSERT_EQ(document.vulnerabilities[0].scores.size(), 1U);
    EXPECT_EQ(document.vulnerabilities[0].scores[0].base_score, 9.8);
    EXPECT_EQ(document.vulnerabilities[0].scores[0].vector,
              "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    EXPECT_EQ(document.vulnerabilities[0].remediations.size(), 1U);
    EXPECT_EQ(document.vulnerabilities[0].remediations[0].category, "workaround");
    // Four branch levels: vendor, product_name, product_version, service_pack.
    EXPECT_EQ(document.products[0].branch_path.size(), 4U);
    EXPECT_EQ(document.products[0].branch_path[3].category, "service_pack");
}

TEST(CsafRealData, BsiCpeHelpersAndFirstFixed) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "csaf/it/bsi-2022-0001.json");
    Diagnostics diagnostics;
    const CsafDocument document = parse_shared(path, diagnostics);
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(document.publisher.name,
              "Bundesamt f\xC3\xBCr Sicherheit in der Informationstechnik");
    EXPECT_EQ(document.publisher.namespace_uri, "https://www.bsi.bund.de");
    ASSERT_EQ(document.products.size(), 6U);
    EXPECT_EQ(document.products[0].cpe, "cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha");
    EXPECT_EQ(document.products[0].product_version, "1.0.0-alpha");
    for (const CsafProduct& product : document.products) {
        EXPECT_EQ(product.cpe.rfind("cpe:/a:csaf-tools:cvrf-csaf-converter:", 0), 0U);
    }
    ASSERT_EQ(document.vulnerabilities.size(), 1U);
    const CsafVulnerability& vulnerability = document.vulnerabilities[0];
    using S = CsafProductStatus;
    EXPECT_EQ(vulnerability.status(S::kFirstFixed), Strings{"CSAFPID-0006"});
    EXPECT_EQ(vulnerability.status(S::kFixed), Strings{"CSAFPID-0006"});
    EXPECT_EQ(
        vulnerability.status(S::kKnownAffected),
        (Strings{"CSAFPID-0001", "CSAFPID-0002", "CSAFPID-0003", "CSAFPID-0004", "CSAFPID-0005"}));
}

TEST(CsafRealData, CisaItVexDocuments) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, "csaf/it");
    for (const char* name :
         {"va-24-201-01.json", "va-24-254-01.json", "va-24-254-02.json", "va-24-262-01.json"}) {
        Diagnostics diagnostics;
        const CsafDocument document = parse_shared(folder + "/" + name, diagnostics);
        EXPECT_EQ(document.category, "csaf_vex") << name;
        EXPECT_TRUE(diagnostics.empty()) << name;
    }
}

// Not an assertion on speed (machines differ) but a record of it, printed with the test output.
TEST(CsafRealData, ThroughputOverAllRealDocuments) {
    WARDROUND_SHARED_DATA_OR_SKIP(root, "csaf");
    Strings files;
    for (const char* folder : {"icsma", "ics", "it"}) {
        for (std::string& path : json_files(root + "/" + folder)) {
            files.push_back(std::move(path));
        }
    }
    std::vector<std::string> contents;
    std::size_t bytes = 0;
    for (const std::string& path : files) {
        auto file = InputFile::open(path);
        ASSERT_TRUE(file.has_value());
        auto text = file->read_all(kCsafMaxDocumentBytes);
        ASSERT_TRUE(text.has_value());
        bytes += text->size();
        contents.push_back(std::move(*text));
    }
    CsafParser parser;
    constexpr int kRounds = 5;
    std::size_t products = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < kRounds; ++round) {
        for (std::size_t i = 0; i < contents.size(); ++i) {
            Diagnostics diagnostics;
            auto document = parser.parse(contents[i], files[i], diagnostics);
            ASSERT_TRUE(document.has_value());
            products += document->products.size();
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double megabytes = static_cast<double>(bytes) * kRounds / 1e6;
    RecordProperty("csaf_mb_per_second", std::to_string(megabytes / seconds));
    std::printf("CSAF: %zu documents, %.1f MB, %d rounds in %.3f s: %.1f MB/s, %.0f documents/s\n",
                files.size(), static_cast<double>(bytes) / 1e6, kRounds, seconds,
                megabytes / seconds, static_cast<double>(files.size()) * kRounds / seconds);
    EXPECT_EQ(files.size(), 167U);
    EXPECT_EQ(products, kRounds * std::size_t{2931});
}

}  // namespace
}  // namespace wardround::vuln
