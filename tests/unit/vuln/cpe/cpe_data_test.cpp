// SPDX-License-Identifier: Apache-2.0
// Every CPE name in the real data parses: NVD criteria (CPE 2.3), nmap's <cpe> elements and the
// CSAF product_identification_helper.cpe fields (CPE 2.2 URIs). Counts were measured with python3.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <wardround/vuln/cpe.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> nvd_criteria(const std::string& path) {
    const nlohmann::json page = nlohmann::json::parse(read_text(path));
    std::vector<std::string> criteria;
    for (const auto& item : page.at("vulnerabilities")) {
        const auto& cve = item.at("cve");
        if (!cve.contains("configurations")) {
            continue;
        }
        for (const auto& configuration : cve.at("configurations")) {
            for (const auto& node : configuration.at("nodes")) {
                for (const auto& match : node.at("cpeMatch")) {
                    criteria.push_back(match.at("criteria").get<std::string>());
                }
            }
        }
    }
    return criteria;
}

struct CriteriaFacts {
    std::size_t count = 0;
    std::set<std::string> distinct;
    std::set<std::pair<std::string, std::string>> vendor_products;
    std::map<char, std::size_t> parts;
    std::size_t quoted = 0;
};

// Parses every criteria and checks the promises the importer and matcher rely on.
CriteriaFacts check_criteria(const std::vector<std::string>& criteria) {
    CriteriaFacts facts;
    for (const std::string& text : criteria) {
        auto cpe = parse_cpe23(text);
        if (!cpe) {
            ADD_FAILURE() << text << ": " << cpe.error().message;
            continue;
        }
        EXPECT_EQ(to_cpe23(*cpe), text);
        auto key = cpe23_index_key(text);
        if (!key) {
            ADD_FAILURE() << text << ": " << key.error().message;
            continue;
        }
        EXPECT_EQ(key->vendor(), to_cpe23_value(cpe->vendor())) << text;
        EXPECT_EQ(key->product(), to_cpe23_value(cpe->product())) << text;
        // NVD's criteria are canonical, so the key copies nothing.
        EXPECT_TRUE(key->vendor().data() >= text.data() &&
                    key->vendor().data() < text.data() + text.size())
            << text;
        // A criteria always contains itself.
        EXPECT_TRUE(cpe_applies(*cpe, *cpe)) << text;
        ++facts.count;
        facts.distinct.insert(text);
        facts.vendor_products.emplace(key->vendor(), key->product());
        ++facts.parts[key->part()];
        facts.quoted += text.find('\\') != std::string::npos ? 1 : 0;
    }
    return facts;
}

TEST(CpeData, EveryCuratedNvdCriteriaParsesAndRoundTrips) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/nvd-curated.json");
    const CriteriaFacts facts = check_criteria(nvd_criteria(path));
    EXPECT_EQ(facts.count, 1677U);
    EXPECT_EQ(facts.distinct.size(), 1061U);
    EXPECT_EQ(facts.vendor_products.size(), 610U);
    EXPECT_EQ(facts.parts.at('a'), 647U);
    EXPECT_EQ(facts.parts.at('o'), 789U);
    EXPECT_EQ(facts.parts.at('h'), 241U);
    EXPECT_EQ(facts.quoted, 11U);
    EXPECT_EQ(facts.vendor_products.count({"beyondtrust", "privilege_management_for_unix\\/linux"}),
              1U);
}

TEST(CpeData, EveryVunnelPageCriteriaParsesAndRoundTrips) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/vunnel-fixture-page.json");
    const CriteriaFacts facts = check_criteria(nvd_criteria(path));
    EXPECT_EQ(facts.count, 56U);
    EXPECT_EQ(facts.distinct.size(), 18U);
    EXPECT_EQ(facts.vendor_products.size(), 9U);
    EXPECT_EQ(facts.parts.at('a'), 34U);
    EXPECT_EQ(facts.parts.at('o'), 22U);
    EXPECT_EQ(facts.parts.count('h'), 0U);
}

TEST(CpeData, QuotedAmpersandInTheSingleEntryFixture) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/vunnel-fixture-single-entry.json");
    const std::vector<std::string> criteria = nvd_criteria(path);
    ASSERT_EQ(criteria.size(), 1U);
    auto cpe = parse_cpe23(criteria.front());
    ASSERT_TRUE(cpe.has_value());
    EXPECT_EQ(cpe->product().text, "wp_maintenance_mode_&_coming_soon");
    EXPECT_EQ(cpe->target_sw().text, "wordpress");
    EXPECT_EQ(to_cpe23(*cpe), criteria.front());
}

// The text of every <cpe> element (nmap writes no entities or attributes in them).
std::vector<std::string> nmap_cpes(const std::string& path) {
    const std::string xml = read_text(path);
    std::vector<std::string> cpes;
    constexpr std::string_view kOpen = "<cpe>";
    constexpr std::string_view kClose = "</cpe>";
    for (std::size_t at = xml.find(kOpen); at != std::string::npos; at = xml.find(kOpen, at)) {
        at += kOpen.size();
        const std::size_t end = xml.find(kClose, at);
        if (end == std::string::npos) {
            ADD_FAILURE() << path << ": unclosed <cpe>";
            break;
        }
        cpes.push_back(xml.substr(at, end - at));
    }
    return cpes;
}

TEST(CpeData, EveryNmapCpeParsesAsCpe22) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, "nmap");
    const std::map<std::string, std::size_t> expected = {
        {"dionaea_scan.xml", 5}, {"extra_ports.xml", 5}, {"full_sudo6.xml", 19},
        {"fullscan.xml", 3},     {"os_scan6.xml", 15},   {"test_osclass.xml", 1},
    };
    std::map<std::string, std::size_t> found;
    std::map<std::string, Cpe> parsed;
    std::size_t total = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".xml") {
            continue;
        }
        for (const std::string& text : nmap_cpes(entry.path().string())) {
            auto cpe = parse_cpe22_uri(text);
            if (!cpe) {
                ADD_FAILURE() << entry.path() << ": " << text << ": " << cpe.error().message;
                continue;
            }
            ++found[entry.path().filename().string()];
            ++total;
            parsed.emplace(text, *cpe);
        }
    }
    EXPECT_EQ(found, expected);
    EXPECT_EQ(total, 48U);
    EXPECT_EQ(parsed.size(), 24U);

    ASSERT_EQ(parsed.count("cpe:/o:microsoft:windows_7::sp1"), 1U);
    EXPECT_EQ(to_cpe23(parsed.at("cpe:/o:microsoft:windows_7::sp1")),
              "cpe:2.3:o:microsoft:windows_7:*:sp1:*:*:*:*:*:*");
    ASSERT_EQ(parsed.count("cpe:/a:igor_sysoev:nginx"), 1U);
    EXPECT_EQ(to_cpe23(parsed.at("cpe:/a:igor_sysoev:nginx")),
              "cpe:2.3:a:igor_sysoev:nginx:*:*:*:*:*:*:*:*");
    ASSERT_EQ(parsed.count("cpe:/o:microsoft:windows_vista::-"), 1U);
    EXPECT_TRUE(parsed.at("cpe:/o:microsoft:windows_vista::-").update().is_na());
    ASSERT_EQ(parsed.count("cpe:/o:microsoft:windows_7::-:professional"), 1U);
    EXPECT_EQ(parsed.at("cpe:/o:microsoft:windows_7::-:professional").edition().text,
              "professional");
    ASSERT_EQ(parsed.count("cpe:/a:apache:http_server:2.2.22"), 1U);
    EXPECT_TRUE(cpe_applies(*parse_cpe23("cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*"),
                            parsed.at("cpe:/a:apache:http_server:2.2.22")));
    // Every converted name reads back the same as CPE 2.3.
    for (const auto& [text, cpe] : parsed) {
        auto again = parse_cpe23(to_cpe23(cpe));
        ASSERT_TRUE(again.has_value()) << text;
        EXPECT_EQ(*again, cpe) << text;
    }
}

void collect_helper_cpes(const nlohmann::json& node, std::vector<std::string>& out) {
    if (node.is_object()) {
        for (const auto& [key, child] : node.items()) {
            if (key == "product_identification_helper" && child.contains("cpe")) {
                out.push_back(child.at("cpe").get<std::string>());
            }
            collect_helper_cpes(child, out);
        }
    } else if (node.is_array()) {
        for (const auto& child : node) {
            collect_helper_cpes(child, out);
        }
    }
}

TEST(CpeData, EveryCsafHelperCpeParsesAsCpe22) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, "csaf/it");
    const std::map<std::string, std::size_t> expected = {
        {"bsi-2022-0001.json", 6},  {"rhsa-2021_5186.json", 1},  {"rhsa-2022_0011.json", 3},
        {"rhsa-2024_0010.json", 1}, {"rhsa-2024_0811.json", 9},  {"rhsa-2024_6163.json", 3},
        {"rhsa-2024_9371.json", 3}, {"rhsa-2025_23414.json", 2},
    };
    std::map<std::string, std::size_t> found;
    std::map<std::string, Cpe> parsed;
    std::size_t total = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".json") {
            continue;
        }
        std::vector<std::string> cpes;
        collect_helper_cpes(nlohmann::json::parse(read_text(entry.path().string())), cpes);
        for (const std::string& text : cpes) {
            auto cpe = parse_cpe22_uri(text);
            if (!cpe) {
                ADD_FAILURE() << entry.path() << ": " << text << ": " << cpe.error().message;
                continue;
            }
            ++found[entry.path().filename().string()];
            ++total;
            parsed.emplace(text, *cpe);
        }
    }
    EXPECT_EQ(found, expected);
    EXPECT_EQ(total, 28U);
    EXPECT_EQ(parsed.size(), 21U);

    ASSERT_EQ(parsed.count("cpe:/o:redhat:rhel_els:6"), 1U);
    const Cpe& els = parsed.at("cpe:/o:redhat:rhel_els:6");
    EXPECT_EQ(els.part().text, "o");
    EXPECT_EQ(els.vendor().text, "redhat");
    EXPECT_EQ(els.product().text, "rhel_els");
    EXPECT_EQ(els.version().text, "6");
    EXPECT_TRUE(els.update().is_any());
    ASSERT_EQ(parsed.count("cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha"), 1U);
    EXPECT_EQ(to_cpe23(parsed.at("cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha")),
              "cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha:*:*:*:*:*:*:*");
    ASSERT_EQ(parsed.count("cpe:/a:redhat:enterprise_linux:9::appstream"), 1U);
    EXPECT_EQ(parsed.at("cpe:/a:redhat:enterprise_linux:9::appstream").edition().text, "appstream");
}

}  // namespace
}  // namespace wardround::vuln
