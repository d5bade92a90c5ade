// SPDX-License-Identifier: Apache-2.0
// The demo knowledge pack (data/demo/kb), which `make demo` imports when the real feeds are absent.
// Every file imports with the real importer, cleanly and with exact counts; every fact the pack
// states (CPE configurations, scores, dates, KEV flags, medical products and version ranges) is the
// one in the published file it was taken from; and none of its wording is the publisher's.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <wardround/vuln/csaf.h>
#include <wardround/vuln/feed_import.h>
#include <wardround/vuln/knowledge_base.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::count_rows;

constexpr int kCsafFiles = 5;

std::string pack_file(const std::string& name) {
    return (fs::path(WARDROUND_DEMO_KB_DIR) / name).string();
}

std::string csaf_file(int number) {
    return pack_file("wardround-demo-csaf-" + std::to_string(number) + ".json");
}

json read_json(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return json::parse(in);
}

// CVE id -> the `cve` object of every record of an NVD API page.
std::map<std::string, json> cves_by_id(const json& page) {
    std::map<std::string, json> out;
    for (const json& item : page.at("vulnerabilities")) {
        out.emplace(item.at("cve").at("id").get<std::string>(), item.at("cve"));
    }
    return out;
}

std::map<std::string, json> kev_by_id(const json& catalogue) {
    std::map<std::string, json> out;
    for (const json& entry : catalogue.at("vulnerabilities")) {
        out.emplace(entry.at("cveID").get<std::string>(), entry);
    }
    return out;
}

class DemoPackTest : public ::testing::Test {
protected:
    void SetUp() override {
        database_ = holder_.open();
        ASSERT_TRUE(database_ != nullptr);
    }

    // Imports `paths` as one call and returns its report, failing the test on an error.
    FeedImportReport import(const std::vector<std::string>& paths) {
        auto report = import_feeds(*database_, paths);
        if (!report) {
            ADD_FAILURE() << report.error().to_string();
            FeedImportReport nothing;
            return nothing;
        }
        return *std::move(report);
    }

    testing::TestDatabase holder_{store::Backend::kSqlite};
    std::unique_ptr<store::Database> database_;
};

// ---------------------------------------------------------------------------------------------
// (a) The pack imports with the real importer.

TEST_F(DemoPackTest, NvdPageImportsCleanlyWithExactCounts) {
    const FeedImportReport report = import({pack_file("wardround-demo-nvd.json")});
    ASSERT_EQ(report.sources.size(), 1U);
    const FeedSourceReport& source = report.sources[0];
    EXPECT_EQ(source.kind, FeedKind::kNvd);
    EXPECT_EQ(source.run.counts.records, 55);
    EXPECT_EQ(source.run.counts.inserted, 55);
    EXPECT_EQ(source.run.counts.rejected, 0);
    EXPECT_TRUE(source.diagnostics.empty()) << source.diagnostics.kept().front().message;
    EXPECT_TRUE(report.diagnostics.empty());

    EXPECT_EQ(count_rows(*database_, "cve"), 55);
    EXPECT_EQ(count_rows(*database_, "cve", "has_configurations = 0"), 0);
    EXPECT_EQ(count_rows(*database_, "cve_cpe_match"), 1354);
    EXPECT_EQ(count_rows(*database_, "cve_cpe_match", "part IS NULL"), 0);
    EXPECT_EQ(count_rows(*database_, "cve_metric"), 126);
    EXPECT_EQ(count_rows(*database_, "cve_weakness"), 95);
}

TEST_F(DemoPackTest, KevSubsetImportsWithExactCounts) {
    const FeedImportReport report = import({pack_file("wardround-demo-kev.json")});
    ASSERT_EQ(report.sources.size(), 1U);
    const FeedSourceReport& source = report.sources[0];
    EXPECT_EQ(source.kind, FeedKind::kKev);
    EXPECT_EQ(source.run.counts.records, 41);
    EXPECT_EQ(source.run.counts.inserted, 41);
    EXPECT_EQ(source.run.counts.rejected, 0);
    EXPECT_EQ(source.run.feed_version, "2025.08.25|2025-08-25T17:04:19.979Z");
    // The only notes are the three deadlines CISA set before the catalogue existed (a fact kept
    // as published), each an informational diagnostic.
    EXPECT_EQ(source.diagnostics.count(Severity::kWarning), 0U);
    EXPECT_EQ(source.diagnostics.count(Severity::kError), 0U);
    EXPECT_EQ(source.diagnostics.total(), 3U);
    std::set<std::string> early;
    for (const Diagnostic& diagnostic : source.diagnostics.kept()) {
        EXPECT_EQ(diagnostic.code, "kev.due_before_added");
        early.insert(diagnostic.message.substr(0, diagnostic.message.find(' ')));
    }
    EXPECT_EQ(early, (std::set<std::string>{"CVE-2020-1472", "CVE-2021-26855", "CVE-2021-34527"}));

    EXPECT_EQ(count_rows(*database_, "kev_entry"), 41);
    EXPECT_EQ(count_rows(*database_, "kev_entry", "known_ransomware_use = 'Known'"), 27);
    EXPECT_EQ(count_rows(*database_, "kev_entry", "vendor_project = 'Microsoft'"), 17);
}

TEST_F(DemoPackTest, EachCsafAdvisoryImportsCleanly) {
    std::vector<std::string> paths;
    for (int number = 1; number <= kCsafFiles; ++number) {
        paths.push_back(csaf_file(number));
    }
    const FeedImportReport report = import(paths);
    ASSERT_EQ(report.sources.size(), static_cast<std::size_t>(kCsafFiles));
    for (const FeedSourceReport& source : report.sources) {
        EXPECT_EQ(source.kind, FeedKind::kCsaf) << source.path;
        EXPECT_EQ(source.run.counts.inserted, 1) << source.path;
        EXPECT_TRUE(source.diagnostics.empty()) << source.path;
    }
    EXPECT_EQ(count_rows(*database_, "advisory", "format = 'csaf'"), kCsafFiles);
    EXPECT_EQ(count_rows(*database_, "advisory", "source_id LIKE 'WRD-DEMO-%'"), kCsafFiles);
    EXPECT_EQ(count_rows(*database_, "csaf_vulnerability"), 26);
    EXPECT_EQ(count_rows(*database_, "advisory_cve"), 26);
    EXPECT_EQ(count_rows(*database_, "csaf_product"), 39);
    EXPECT_EQ(count_rows(*database_, "csaf_relationship"), 0);
}

// What `make demo` does without the real feeds: the whole folder at once, then one CVE looked up.
TEST_F(DemoPackTest, TheFolderShowsEternalBlueFromEveryFeed) {
    const FeedImportReport report = import({WARDROUND_DEMO_KB_DIR});
    // One source per feed kind: the NVD page, the KEV catalogue, the advisories.
    std::map<FeedKind, std::int64_t> files;
    for (const FeedSourceReport& source : report.sources) {
        files[source.kind] += source.files;
        EXPECT_EQ(source.diagnostics.count(Severity::kWarning), 0U) << source.path;
        EXPECT_EQ(source.diagnostics.count(Severity::kError), 0U) << source.path;
    }
    EXPECT_EQ(files, (std::map<FeedKind, std::int64_t>{
                         {FeedKind::kNvd, 1}, {FeedKind::kKev, 1}, {FeedKind::kCsaf, kCsafFiles}}));
    EXPECT_EQ(report.files_skipped, 1);  // the README

    auto details = find_cve(*database_, "CVE-2017-0144");
    ASSERT_TRUE(details.has_value()) << details.error().to_string();
    EXPECT_TRUE(details->in_nvd);
    EXPECT_EQ(details->published, "2017-03-17T00:59:04.010Z");
    ASSERT_TRUE(details->headline.has_value());
    EXPECT_DOUBLE_EQ(details->headline->base_score, 8.8);
    EXPECT_EQ(details->configurations.size(), 9U);
    ASSERT_TRUE(details->kev.has_value());
    EXPECT_EQ(details->kev->entry.known_ransomware_use, "Known");
    EXPECT_EQ(details->kev->entry.due_date, "2022-08-10");
    ASSERT_EQ(details->advisories.size(), 1U);
    EXPECT_EQ(details->advisories[0].source_id, "WRD-DEMO-1");
}

// ---------------------------------------------------------------------------------------------
// (b) and (c): the facts are the published ones; the words are ours.

TEST(DemoPackFacts, NvdRecordsStateTheCuratedFactsInOurOwnWords) {
    WARDROUND_SHARED_DATA_OR_SKIP(curated_path, "nvd/nvd-curated.json");
    const json pack = read_json(pack_file("wardround-demo-nvd.json"));
    const std::map<std::string, json> real = cves_by_id(read_json(curated_path));
    const std::map<std::string, json> ours = cves_by_id(pack);
    ASSERT_EQ(ours.size(), 55U);
    EXPECT_EQ(pack.at("totalResults"), 55);
    EXPECT_EQ(pack.at("resultsPerPage"), 55);

    std::string previous;
    for (const json& item : pack.at("vulnerabilities")) {
        const std::string id = item.at("cve").at("id");
        EXPECT_TRUE(
            previous.empty() ||
            std::make_tuple(std::stoi(previous.substr(4, 4)), std::stoi(previous.substr(9))) <
                std::make_tuple(std::stoi(id.substr(4, 4)), std::stoi(id.substr(9))))
            << id << " after " << previous;
        previous = id;
    }

    for (const auto& [id, cve] : ours) {
        SCOPED_TRACE(id);
        const auto found = real.find(id);
        ASSERT_NE(found, real.end());
        const json& source = found->second;
        for (const char* field :
             {"sourceIdentifier", "published", "lastModified", "vulnStatus", "cveTags",
              "weaknesses", "configurations", "cisaExploitAdd", "cisaActionDue"}) {
            EXPECT_EQ(cve.contains(field), source.contains(field)) << field;
            if (cve.contains(field) && source.contains(field)) {
                EXPECT_EQ(cve.at(field), source.at(field)) << field;
            }
        }
        // Every CVSS list, exactly; nothing else under metrics.
        for (const auto& [list, entries] : source.at("metrics").items()) {
            if (list.starts_with("cvssMetric")) {
                ASSERT_TRUE(cve.at("metrics").contains(list)) << list;
                EXPECT_EQ(cve.at("metrics").at(list), entries) << list;
            }
        }
        for (const auto& [list, entries] : cve.at("metrics").items()) {
            EXPECT_TRUE(list.starts_with("cvssMetric") && source.at("metrics").contains(list))
                << list;
        }
        // The publisher's sentences are not ours to copy.
        EXPECT_FALSE(cve.contains("cisaRequiredAction"));
        EXPECT_FALSE(cve.contains("cisaVulnerabilityName"));
        ASSERT_EQ(cve.at("descriptions").size(), 1U);
        EXPECT_EQ(cve.at("descriptions")[0].at("lang"), "en");
        const std::string description = cve.at("descriptions")[0].at("value");
        EXPECT_FALSE(description.empty());
        for (const json& theirs : source.at("descriptions")) {
            EXPECT_NE(description, theirs.at("value").get<std::string>());
        }
        const json reference = {{"url", "https://nvd.nist.gov/vuln/detail/" + id},
                                {"source", "nvd@nist.gov"}};
        EXPECT_EQ(cve.at("references"), json::array({reference}));
    }
}

TEST(DemoPackFacts, KevEntriesStateTheCatalogueFactsInOurOwnWords) {
    WARDROUND_SHARED_DATA_OR_SKIP(kev_path, "kev/known_exploited_vulnerabilities.json");
    const json real_catalogue = read_json(kev_path);
    const json pack = read_json(pack_file("wardround-demo-kev.json"));
    EXPECT_EQ(pack.at("catalogVersion"), real_catalogue.at("catalogVersion"));
    EXPECT_EQ(pack.at("dateReleased"), real_catalogue.at("dateReleased"));
    EXPECT_NE(pack.at("title"), real_catalogue.at("title"));

    const std::map<std::string, json> real = kev_by_id(real_catalogue);
    const std::map<std::string, json> ours = kev_by_id(pack);
    EXPECT_EQ(pack.at("count").get<std::size_t>(), ours.size());

    // Exactly the pack's CVEs that CISA lists.
    std::set<std::string> expected;
    for (const auto& [id, cve] : cves_by_id(read_json(pack_file("wardround-demo-nvd.json")))) {
        if (real.contains(id)) {
            expected.insert(id);
        }
    }
    std::set<std::string> listed;
    for (const auto& [id, entry] : ours) {
        listed.insert(id);
    }
    EXPECT_EQ(listed, expected);

    for (const auto& [id, entry] : ours) {
        SCOPED_TRACE(id);
        const auto found = real.find(id);
        ASSERT_NE(found, real.end());
        for (const char* fact : {"vendorProject", "product", "dateAdded", "dueDate",
                                 "knownRansomwareCampaignUse", "cwes"}) {
            EXPECT_EQ(entry.at(fact), found->second.at(fact)) << fact;
        }
        for (const char* words : {"vulnerabilityName", "shortDescription", "requiredAction"}) {
            EXPECT_FALSE(entry.at(words).get<std::string>().empty()) << words;
            EXPECT_NE(entry.at(words), found->second.at(words)) << words;
        }
        EXPECT_EQ(entry.at("notes"), "https://nvd.nist.gov/vuln/detail/" + id);
    }
}

// The vendor, product, version or range of a product as the flattened product tree gives them.
using ProductKey = std::tuple<std::string, std::string, std::string, std::string>;

ProductKey product_key(const CsafProduct& product) {
    return {product.vendor, product.product_name, product.product_version,
            product.product_version_range};
}

std::map<std::string, const CsafProduct*> products_by_id(const CsafDocument& document) {
    std::map<std::string, const CsafProduct*> out;
    for (const CsafProduct& product : document.products) {
        out.emplace(product.product_id, &product);
    }
    return out;
}

std::set<ProductKey> known_affected(const CsafDocument& document,
                                    const CsafVulnerability& vulnerability) {
    const auto products = products_by_id(document);
    std::set<ProductKey> out;
    for (const std::string& id : vulnerability.status(CsafProductStatus::kKnownAffected)) {
        out.insert(product_key(*products.at(id)));
    }
    return out;
}

std::vector<std::string> model_numbers(const std::string& helper_json) {
    if (helper_json.empty()) {
        return {};
    }
    const json helper = json::parse(helper_json);
    return helper.value("model_numbers", std::vector<std::string>{});
}

// Every sentence a document holds: title, notes (document and vulnerability) and remediations.
std::set<std::string> texts_of(const CsafDocument& document) {
    std::set<std::string> out = {document.title};
    for (const CsafNote& note : document.notes) {
        out.insert(note.text);
    }
    for (const CsafVulnerability& vulnerability : document.vulnerabilities) {
        if (!vulnerability.notes_json.empty()) {
            for (const json& note : json::parse(vulnerability.notes_json)) {
                out.insert(note.value("text", ""));
            }
        }
        for (const CsafRemediation& remediation : vulnerability.remediations) {
            out.insert(remediation.details);
        }
    }
    out.erase("");
    return out;
}

class DemoPackCsafFacts : public ::testing::TestWithParam<int> {};

TEST_P(DemoPackCsafFacts, ProductsRangesAndCvesAreThoseOfTheCitedIcsmaAdvisory) {
    Diagnostics diagnostics;
    auto ours = parse_csaf_file(csaf_file(GetParam()), diagnostics);
    ASSERT_TRUE(ours.has_value()) << ours.error().to_string();
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(ours->tracking.id, "WRD-DEMO-" + std::to_string(GetParam()));
    EXPECT_EQ(ours->publisher.name, "Wardround demo pack");
    EXPECT_EQ(ours->publisher.category, "other");

    // The one reference names the CISA advisory the facts come from.
    const std::string prefix = "https://www.cisa.gov/news-events/ics-medical-advisories/";
    ASSERT_EQ(ours->references.size(), 1U);
    ASSERT_TRUE(ours->references[0].url.starts_with(prefix)) << ours->references[0].url;
    const std::string cited = ours->references[0].url.substr(prefix.size());
    ASSERT_TRUE(cited.starts_with("icsma-")) << cited;

    WARDROUND_SHARED_DATA_OR_SKIP(real_path, "csaf/icsma/" + cited + ".json");
    auto real = parse_csaf_file(real_path, diagnostics);
    ASSERT_TRUE(real.has_value()) << real.error().to_string();

    // Each product: vendor (spelling included), product, version or range, model numbers.
    std::map<ProductKey, const CsafProduct*> real_products;
    for (const CsafProduct& product : real->products) {
        real_products.emplace(product_key(product), &product);
    }
    ASSERT_FALSE(ours->products.empty());
    for (const CsafProduct& product : ours->products) {
        const auto found = real_products.find(product_key(product));
        ASSERT_NE(found, real_products.end())
            << product.vendor << " | " << product.product_name << " | " << product.product_version
            << " | " << product.product_version_range;
        const std::vector<std::string> theirs = model_numbers(found->second->helper_json);
        for (const std::string& model : model_numbers(product.helper_json)) {
            EXPECT_NE(std::find(theirs.begin(), theirs.end(), model), theirs.end()) << model;
        }
    }

    // Each vulnerability: the CVE, its CWE, its CVSS v3 scores and the products it affects.
    std::map<std::string, const CsafVulnerability*> real_vulnerabilities;
    for (const CsafVulnerability& vulnerability : real->vulnerabilities) {
        real_vulnerabilities.emplace(vulnerability.cve, &vulnerability);
    }
    ASSERT_FALSE(ours->vulnerabilities.empty());
    for (const CsafVulnerability& vulnerability : ours->vulnerabilities) {
        SCOPED_TRACE(vulnerability.cve);
        const auto found = real_vulnerabilities.find(vulnerability.cve);
        ASSERT_NE(found, real_vulnerabilities.end());
        const CsafVulnerability& theirs = *found->second;
        EXPECT_EQ(vulnerability.cwe_id, theirs.cwe_id);
        EXPECT_EQ(vulnerability.cwe_name, theirs.cwe_name);
        ASSERT_EQ(vulnerability.scores.size(), theirs.scores.size());
        for (std::size_t i = 0; i < vulnerability.scores.size(); ++i) {
            EXPECT_EQ(vulnerability.scores[i].version, theirs.scores[i].version);
            EXPECT_EQ(vulnerability.scores[i].vector, theirs.scores[i].vector);
            EXPECT_EQ(vulnerability.scores[i].base_score, theirs.scores[i].base_score);
            EXPECT_EQ(vulnerability.scores[i].base_severity, theirs.scores[i].base_severity);
        }
        EXPECT_EQ(known_affected(*ours, vulnerability), known_affected(*real, theirs));
        EXPECT_FALSE(vulnerability.remediations.empty());
    }

    // (c) None of the advisory's sentences is CISA's.
    const std::set<std::string> theirs = texts_of(*real);
    for (const std::string& text : texts_of(*ours)) {
        EXPECT_FALSE(theirs.contains(text)) << text;
    }
}

INSTANTIATE_TEST_SUITE_P(Advisories, DemoPackCsafFacts, ::testing::Range(1, kCsafFiles + 1));

}  // namespace
}  // namespace wardround::vuln
