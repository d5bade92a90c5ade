// SPDX-License-Identifier: Apache-2.0
// Every version text and every ICSMA vendor name in the real CSAF documents of ../shared/data/csaf
// (CISA's 144 ICSMA advisories, 10 ICS and 13 IT documents). Each version text either reads or is
// reported not evaluable with a reason; the counts are exact so that a change in either direction
// shows. Counts were measured by walking the documents' product_tree branches.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <wardround/vuln/advisory_text.h>

#include "support/test_support.h"
#include "unit/vuln/advisory_text/dotted_comparator.h"

namespace wardround::vuln {
namespace {

nlohmann::json read_json(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return nlohmann::json::parse(text.str());
}

std::vector<std::filesystem::path> documents(const std::string& folder) {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == ".json") {
            paths.push_back(entry.path());
        }
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

// Calls `visit(category, name)` for every branch of a product tree, depth first.
template <typename Visit>
void walk_branches(const nlohmann::json& branches, Visit& visit) {
    for (const auto& branch : branches) {
        visit(branch.value("category", ""), branch.value("name", ""));
        if (branch.contains("branches")) {
            walk_branches(branch.at("branches"), visit);
        }
    }
}

struct VersionCounts {
    int files = 0;
    int texts = 0;
    int parsed = 0;
    int all_versions = 0;
    int not_evaluable = 0;
    std::set<std::string> refused;
};

VersionCounts count_versions(const std::string& folder) {
    VersionCounts counts;
    const VersionComparator compare = advisory_test::dotted_comparator();
    for (const auto& path : documents(folder)) {
        ++counts.files;
        const nlohmann::json document = read_json(path);
        if (!document.contains("product_tree") ||
            !document.at("product_tree").contains("branches")) {
            continue;
        }
        auto visit = [&](const std::string& category, const std::string& name) {
            if (category != "product_version" && category != "product_version_range") {
                return;
            }
            ++counts.texts;
            const auto range = parse_version_range_text(name);
            if (!range) {
                ++counts.not_evaluable;
                counts.refused.insert(name);
                EXPECT_TRUE(range.error().message.starts_with("not evaluable: ")) << name;
                EXPECT_GT(range.error().message.size(), 16U) << name;
                return;
            }
            if (range->all_versions) {
                ++counts.all_versions;
                return;
            }
            ++counts.parsed;
            EXPECT_FALSE(range->alternatives.empty()) << name;
            // Every reading can be evaluated without surprises, and its own bounds are inside.
            for (const auto& alternative : range->alternatives) {
                for (const auto& constraint : alternative) {
                    EXPECT_FALSE(constraint.version.empty()) << name;
                    const RangeEvaluation evaluation =
                        evaluate_version_range(*range, constraint.version, compare);
                    EXPECT_FALSE(evaluation.reason.empty()) << name;
                    if (constraint.op == VersionConstraint::kLe ||
                        constraint.op == VersionConstraint::kEq ||
                        constraint.op == VersionConstraint::kGe) {
                        EXPECT_NE(evaluation.verdict, RangeVerdict::kOutside)
                            << name << " at " << constraint.version << ": " << evaluation.reason;
                    }
                }
            }
        };
        walk_branches(document.at("product_tree").at("branches"), visit);
    }
    return counts;
}

TEST(AdvisoryTextData, IcsmaVersionTexts) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, "csaf/icsma");
    const VersionCounts counts = count_versions(folder);
    EXPECT_EQ(counts.files, 144);
    EXPECT_EQ(counts.texts, 607);
    EXPECT_EQ(counts.parsed, 247);
    EXPECT_EQ(counts.all_versions, 259);
    EXPECT_EQ(counts.not_evaluable, 101);
    // The ICSMA version texts that are refused, by text, so that a person can judge each one:
    // model numbers and product names in the version field, dates, parenthesised conditions
    // (Baxter's battery modules), prose, and the two ambiguous intervals.
    const std::set<std::string> expected_refused = {
        "* running on old, unsupported operating systems such as Windows 2000",
        "053L000091 (global) / 054U000091 (U.S.) and 053L000092 (global) / 054U000092 (U.S.)",
        "2nd Edition",
        "3rd Edition",
        "6.x (Wireless Battery Modules (16 | 16D38 | 17 | 17D19 | >= 20D29 | <= v20D32 | >= 22D24 "
        "| <= v22D28)",
        "6.x model 35700BAX",
        "653 MCE 3.x",
        "7100 | 7900 MRI",
        "7100 | 7900 | 100 | Protiva Carestation View",
        "8.x (Wireless Battery Modules v17 | v17D19 >= 20D29 | <= 20D32 | >= 22D24 | <= 22D28)",
        "8.x model 35700BAX2",
        "882160 Gemini Dual",
        "882300 Gemini 16 Slice",
        "882390 Gemini GXL 6 Slice",
        "882400 Gemini GXL 10 Slice",
        "882410 Gemini GXL 16 Slice",
        "882412 GEMINI LXL",
        "882438 TruFlight Select PET/CT",
        "882470 Gemini TF 16 w/ TOF Performance",
        "882471 Gemini TF 64 w/ TOF Performance",
        "882473 Gemini TF Ready",
        "882476 Gemini TF Big Bore",
        "9.x (with Wireless Battery Modules >= 22D19 | <= v22D28)",
        "9.x model 35700BAX3",
        "<  july 1 2017",
        "<  november 29 2017",
        "< august 28",
        "<8/30/2024",
        "<=11.2 on Windows 8.1 with IIS 7.5",
        "<May 2018",
        "A.01 <= C.0x | 4.0",
        "A10 < A11",
        "Accu-Chek Inform II",
        "Accu-Chek Inform II Base Unit Light",
        "Accu-Chek Inform II Base Unit NEW with Software 04.00.00 or newer",
        "CR-IR 357",
        "CS2  Avance | Amingo | Avance CS2",
        "CoaguChek Pro II",
        "CoaguChek XS Plus",
        "CoaguChek XS Pro",
        "HD 16 | HD23",
        "IGS",
        "LPI 3.5.12.P30",
        "MMT-1710",
        "MMT-1711 | MMT-1712 | MMT-1751 | MMT-1752",
        "MMT-1715 | MMT-1754 | MMT-1755",
        "MMT-1740 | MMT-1741 | MMT-1742 | MMT-1760 | MMT-1762 | MMT-1762 | MMT-1780 | MMT-1781 | "
        "MMT-1782",
        "MMT-508 MiniMed pump",
        "MMT-511 pump Paradigm",
        "MMT-512 / MMT-712 Paradigm x12",
        "MMT-515 / MMT-715 Paradigm x15",
        "MMT-522 / MMT-722 Paradigm REAL-TIME",
        "MMT-522(K) / MMT-722(K) Paradigm REAL-TIME",
        "MMT-523 / MMT-723 Paradigm Revel",
        "MMT-523(K) / MMT-723(K) Paradigm",
        "MMT-551 / MMT-751 MiniMed 530G",
        "MMT-554 / MMT-754 MiniMed Veo",
        "Product ID/Reorder number 19191 | 40160",
        "Rev J-M | (X3/MX100 for Rev M only)",
        "UDI/Model/NDC number ZXP425 (10-Pack) | ZXR425 (10-Pack Canada)",
        "Version A, Firmware A.03.09",
        "Version A, Firmware A.03.09, Part #: M8096-67501",
        "Version B, Firmware A.01.09, Part #: N/A (Replaced by Version C)",
        "Windows 10 Professional Operating System U.S. release",
        "Windows 10 Professional Operating System, U.S. and Malaysian Releases, between November "
        "2017 and November 2018",
        "base units (BU)|handheld base units (HBU)",
        "cobas h 232 POC",
        "distributed  < april 1, 2018",
        "v6.x (with Wireless Battery Modules v9 | v11 | v13 | v14 | v15 | v16 | v16D38 | v17 | "
        "v17D19 | >= v20D29 | <= v20D32 | >= v22D24 | <= v22D28)",
        "v6.x model 35700BAX",
        "v8.x (with Wireless Battery Modules v17 | v17D19 | >= v20D29 | <= v20D32 | >= v22D24 | <= "
        "v22D28)",
        "v8.x model 35700BAX2",
        "v9.x (with Wireless Battery Module >= v22D19 | <= v22D28)",
        "v9.x model 35700BAX3",
        "with ViewForum option (shipped between 2016-August 2018)",
        "with ViewForum option (shipped between 26-June-2017 through 07-August 2018)",
        "with wireless option (shipped between 2016-August 2018)",
        "with wireless option (shipped between 26-June-2017 through 07-August 2018)",
    };
    EXPECT_EQ(counts.refused, expected_refused);
}

TEST(AdvisoryTextData, IcsAndItVersionTexts) {
    WARDROUND_SHARED_DATA_OR_SKIP(ics, "csaf/ics");
    WARDROUND_SHARED_DATA_OR_SKIP(it, "csaf/it");
    const VersionCounts ics_counts = count_versions(ics);
    EXPECT_EQ(ics_counts.files, 10);
    EXPECT_EQ(ics_counts.texts, 248);
    EXPECT_EQ(ics_counts.parsed, 176);
    EXPECT_EQ(ics_counts.all_versions, 54);
    EXPECT_EQ(ics_counts.not_evaluable, 18);
    const VersionCounts it_counts = count_versions(it);
    EXPECT_EQ(it_counts.files, 13);
    EXPECT_EQ(it_counts.texts, 239);
    EXPECT_EQ(it_counts.parsed, 193);
    EXPECT_EQ(it_counts.all_versions, 2);
    EXPECT_EQ(it_counts.not_evaluable, 44);
}

TEST(AdvisoryTextData, IcsmaVendorNames) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, "csaf/icsma");
    std::set<std::string> names;
    for (const auto& path : documents(folder)) {
        const nlohmann::json document = read_json(path);
        auto visit = [&](const std::string& category, const std::string& name) {
            if (category == "vendor") {
                names.insert(name);
            }
        };
        walk_branches(document.at("product_tree").at("branches"), visit);
    }
    // Every distinct vendor branch name in the ICSMA set and the key it normalises to.
    const std::map<std::string, std::string> expected = {
        {"Abbott Laboratories", "abbott"},
        {"AliveCor", "alivecor"},
        {"B. Braun", "b_braun"},
        {"B. Braun Medical", "b_braun"},
        {"B. Braun Melsungen AG", "b_braun"},
        {"BIOTRONIK", "biotronik"},
        {"BMC Medical, 3B Medical", "bmc_medical_3b_medical"},
        {"BPL Medical Technologies", "bpl_medical_technologies"},
        {"Baxter", "baxter"},
        {"BeaconMedaes", "beaconmedaes"},
        {"Becton, Dickinson and Company (BD)", "bd"},
        {"Boston Scientific", "boston_scientific"},
        {"Capsule Technologies", "capsule_technologies"},
        {"Carestream", "carestream"},
        {"Change Healthcare", "change_healthcare"},
        {"Contec Health", "contec_health"},
        {"Dräger", "drager"},
        {"ENEA, Green Hills Software, ITRON, IP Infusion, and Wind River",
         "enea_green_hills_software_itron_ip_infusion_and_wind_river"},
        {"Fresenius Kabi", "fresenius_kabi"},
        {"Fujifilm", "fujifilm"},
        {"GE Healthcare", "ge_healthcare"},
        {"General Electric (GE)", "ge_healthcare"},
        {"Hamilton Medical AG", "hamilton_medical"},
        {"Hillrom", "hillrom"},
        {"Hillrom and ELI, Baxter International Inc.", "hillrom_and_eli_baxter_international"},
        {"Illumina", "illumina"},
        {"Innokas YhtymÃ¤ Oy", "innokas"},
        {"Insulet", "insulet"},
        {"Johnson & Johnson", "johnson_johnson"},
        {"LifePoint Informatics", "lifepoint_informatics"},
        {"Medtronic", "medtronic"},
        {"Medtronic ", "medtronic"},
        {"MicroDicom", "microdicom"},
        {"Natus Medical, Inc. (Natus)", "natus"},
        {"OFFIS", "offis"},
        {"OpenClinic GA", "openclinic_ga"},
        {"Orthanc", "orthanc"},
        {"Philips", "philips"},
        {"Phillips", "philips"},
        {"Qualcomm Life", "qualcomm_life"},
        {"Roche Diagnostics", "roche"},
        {"SOOIL Developments Co, Ltd.", "sooil_developments"},
        {"Santesoft", "santesoft"},
        {"Siemens", "siemens"},
        {"Silex Technology and GE Healthcare", "silex_technology_and_ge_healthcare"},
        {"Smiths Medical", "smiths_medical"},
        {"Softneta", "softneta"},
        {"Spacelabs", "spacelabs"},
        {"St. Jude Medical", "st_jude_medical"},
        {"Stryker", "stryker"},
        {"Swisslog Healthcare", "swisslog_healthcare"},
        {"Vyaire Medical", "vyaire_medical"},
        {"Ypsomed", "ypsomed"},
        {"ZOLL", "zoll"},
        {"i-SENS Inc", "i_sens"},
    };
    std::map<std::string, std::string> actual;
    for (const std::string& name : names) {
        actual[name] = normalise_vendor_name(name);
    }
    EXPECT_EQ(actual, expected);

    // Distinct companies stay distinct: no two of these share a key.
    const std::vector<std::string> distinct = {"Philips",
                                               "BD",
                                               "GE Healthcare",
                                               "B. Braun",
                                               "Medtronic",
                                               "Baxter",
                                               "Smiths Medical",
                                               "Siemens",
                                               "Hillrom",
                                               "Stryker",
                                               "Abbott",
                                               "Boston Scientific",
                                               "Fresenius Kabi",
                                               "Roche",
                                               "Fujifilm",
                                               "Dräger",
                                               "St. Jude Medical",
                                               "Spacelabs",
                                               "Natus",
                                               "ZOLL",
                                               "Johnson & Johnson",
                                               "Change Healthcare",
                                               "Insulet",
                                               "Illumina",
                                               "Vyaire Medical"};
    std::map<std::string, std::string> owner;
    for (const std::string& name : distinct) {
        const std::string key = normalise_vendor_name(name);
        EXPECT_FALSE(key.empty()) << name;
        const auto [it, inserted] = owner.emplace(key, name);
        EXPECT_TRUE(inserted) << name << " and " << it->second << " share " << key;
    }
}

TEST(AdvisoryTextData, AliasGroupsCollapse) {
    const std::vector<std::vector<std::string>> groups = {
        {"Philips", "Phillips", "Philips Healthcare", "Koninklijke Philips N.V."},
        {"BD", "Becton Dickinson", "Becton, Dickinson and Company",
         "Becton, Dickinson and Company (BD)", "CareFusion"},
        {"GE Healthcare", "General Electric (GE)", "GE", "General Electric"},
        {"B. Braun", "B. Braun Medical", "B. Braun Melsungen AG", "B Braun Medical Inc."},
        {"Dräger", "Draeger", "Drägerwerk AG & Co. KGaA", "Dräger Medical"},
        {"Innokas YhtymÃ¤ Oy", "Innokas Yhtymä Oy"},
    };
    for (const auto& group : groups) {
        const std::string key = normalise_vendor_name(group.front());
        for (const std::string& name : group) {
            EXPECT_EQ(normalise_vendor_name(name), key) << name << " vs " << group.front();
        }
    }
}

}  // namespace
}  // namespace wardround::vuln
