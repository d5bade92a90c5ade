// SPDX-License-Identifier: Apache-2.0
// OSCAL catalogues: our small XML and JSON fixtures give the expected tree, statements and skipped
// entries; broken input is refused with its place; NIST's CSF 2.0 catalogue gives exactly the 6
// functions, 22 categories and 106 subcategories of CSF 2.0 and reports the CSF 1.1 entries it
// carries; NIST's SP 800-53 LOW baseline catalogue (JSON) loads whole.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/assess/oscal_catalog.h>

#include "support/test_support.h"

namespace wardround::assess {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t withdrawn(const FrameworkImport& import) {
    const auto& counts = import.diagnostics.count_by_code();
    const auto found = counts.find("framework.withdrawn");
    return found == counts.end() ? 0 : found->second;
}

std::string refusal(std::string_view bytes, std::string_view name = "bad.json") {
    auto import = parse_oscal_catalog(bytes, name);
    EXPECT_FALSE(import) << bytes;
    return import ? std::string() : import.error().to_string();
}

TEST(OscalCatalogTest, AJsonCatalogueGivesGroupsControlsAndStatements) {
    auto import = parse_oscal_catalog(read_text(testing::fixture("frameworks/oscal-mini.json")),
                                      "oscal-mini.json");
    ASSERT_TRUE(import) << import.error().to_string();
    const Framework& framework = import->framework;
    EXPECT_EQ(import->format, OscalFormat::kJson);
    EXPECT_EQ(framework.kind, FrameworkKind::kControls);
    EXPECT_EQ(framework.title, "Test Catalogue of Controls");
    EXPECT_EQ(framework.qualified_id(), "TEST-CATALOGUE-OF-CONTROLS-1.2");
    EXPECT_EQ(framework.published, "2024-02-26");

    std::vector<std::string> order;
    for (const Node& node : framework.nodes) {
        order.push_back(std::string(node_type_name(node.type)) + " " + node.id);
    }
    EXPECT_EQ(order, (std::vector<std::string>{"category ac", "requirement ac-1", "control ac-2",
                                               "requirement ac-2.1", "function ops",
                                               "category ops-b", "requirement ops-b-1"}));
    EXPECT_EQ(framework.find("ac-1")->text,
              "Write down:\na. an access policy for {{ insert: param, ac-1_prm_1 }};\nb. who owns "
              "it.");
    EXPECT_EQ(framework.find("ac-2")->title, "Accounts");
    EXPECT_EQ(framework.path(framework.index_of("ac-2.1").value()), "ac/ac-2/ac-2.1");
    EXPECT_EQ(framework.find("ops-b-1")->location,
              "oscal-mini.json $.catalog.groups[1].groups[0].controls[0]");

    // The withdrawn enhancement is reported, not dropped silently.
    EXPECT_EQ(framework.find("ac-2.2"), nullptr);
    EXPECT_EQ(import->skipped, 1U);
    ASSERT_EQ(withdrawn(*import), 1U);
    const Diagnostic& skipped = import->diagnostics.kept().front();
    EXPECT_EQ(skipped.location, "$.catalog.groups[0].controls[1].controls[1]");
    EXPECT_EQ(skipped.message, "ac-2.2: skipped: its status is withdrawn");
}

TEST(OscalCatalogTest, TheCallerNamesTheFrameworkAndItsVersion) {
    auto import = parse_oscal_catalog(read_text(testing::fixture("frameworks/oscal-mini.json")),
                                      "oscal-mini.json", {"TEST-CAT", "2024"});
    ASSERT_TRUE(import) << import.error().to_string();
    EXPECT_EQ(import->framework.qualified("ac-1"), "TEST-CAT-2024:ac-1");
    auto bad = parse_oscal_catalog(read_text(testing::fixture("frameworks/oscal-mini.json")),
                                   "oscal-mini.json", {"test cat", ""});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().to_string(),
              "oscal-mini.json: framework id 'test cat' is not upper-case letters, digits and "
              "hyphens: name it");
}

TEST(OscalCatalogTest, AnXmlCatalogueInTheShapeOfCsf2KeepsOnlyCsf2) {
    auto import = parse_oscal_catalog(read_text(testing::fixture("frameworks/oscal-mini.xml")),
                                      "oscal-mini.xml");
    ASSERT_TRUE(import) << import.error().to_string();
    const Framework& framework = import->framework;
    EXPECT_EQ(import->format, OscalFormat::kXml);
    EXPECT_EQ(framework.qualified_id(), "CSF-2.0");
    EXPECT_EQ(framework.nodes.size(), 3U);
    EXPECT_EQ(framework.find("GV")->type, NodeType::kFunction);
    EXPECT_EQ(framework.find("GV")->title, "GOVERN");
    EXPECT_EQ(framework.find("GV")->text, "") << "an overview is not a statement";
    EXPECT_EQ(framework.find("GV.OC")->type, NodeType::kCategory);
    EXPECT_EQ(framework.find("GV.OC")->text, "The context is understood");
    EXPECT_EQ(framework.find("GV.OC-01")->type, NodeType::kRequirement);
    EXPECT_EQ(framework.find("GV.OC-01")->text, "The mission is understood");
    EXPECT_EQ(framework.find("GV.OC-01")->location, "oscal-mini.xml line 23 (byte 1163)");
    EXPECT_EQ(import->skipped, 3U);
    EXPECT_EQ(withdrawn(*import), 3U);
    std::vector<std::string> messages;
    for (const Diagnostic& diagnostic : import->diagnostics.kept()) {
        messages.push_back(diagnostic.code + " " + diagnostic.message);
    }
    EXPECT_EQ(messages,
              (std::vector<std::string>{
                  "framework.withdrawn GV.OC-02: skipped: a CSF 1.1 subcategory withdrawn in CSF "
                  "2.0 (it has no implementation examples)",
                  "framework.withdrawn ID.BE: skipped: a CSF 1.1 category that CSF 2.0 does not "
                  "have (its statement is empty)",
                  "framework.withdrawn ID.BE-01: skipped: under ID.BE, which is skipped",
                  // A fixture with one category of CSF 2.0 is not CSF 2.0: the check says so.
                  "framework.csf_check the categories kept differ from the 22 of CSF 2.0 as "
                  "published: DE.AE, DE.CM, GV.OV, GV.PO, GV.RM, GV.RR, GV.SC, ID.AM, ID.IM, "
                  "ID.RA, PR.AA, PR.AT, PR.DS, PR.IR, PR.PS, RC.CO, RC.RP, RS.AN, RS.CO, RS.MA, "
                  "RS.MI"}));
}

TEST(OscalCatalogTest, BrokenInputIsRefusedWithItsPlace) {
    EXPECT_EQ(refusal("name,title\n", "x.csv"),
              "x.csv: neither XML nor JSON: an OSCAL catalogue starts with '<' or '{'");
    EXPECT_EQ(refusal("<catalog>\n<group id='a'>\n</catalog>", "x.xml"),
              "x.xml line 3 (byte 27): not valid XML: Start-end tags mismatch");
    EXPECT_EQ(refusal("<profile/>", "x.xml"),
              "x.xml line 1 (byte 1): the document is <profile>, not an OSCAL <catalog>");
    EXPECT_EQ(refusal("{\"catalog\": {\"metadata\": {}}"),
              "bad.json byte 29: not valid JSON: [json.exception.parse_error.101] parse error at "
              "line 1, column 29: syntax error while parsing object - unexpected end of input; "
              "expected '}'");
    EXPECT_EQ(refusal("{\"profile\": {}}"),
              "bad.json $: the document has no \"catalog\" object: not an OSCAL catalogue");
    EXPECT_EQ(refusal(R"({"catalog": {"metadata": {"title": "T", "version": "1"},
                         "groups": [{"id": "g", "controls": [{"id": "c", "title": 7}]}]}})"),
              "bad.json $.catalog.groups[0].controls[0].title: is not a string");
    EXPECT_EQ(refusal(R"({"catalog": {"metadata": {"title": "T", "version": "1"},
                         "controls": [{"id": "c"}, {"id": "c"}]}})"),
              "bad.json $.catalog.controls[1]: id 'c' is used twice in the catalogue");
    EXPECT_EQ(refusal(R"({"catalog": {"metadata": {"title": "T", "version": "1"},
                         "controls": [{"title": "no id"}]}})"),
              "bad.json $.catalog.controls[0]: id '' is empty or holds spaces, ':' or '/'");
}

TEST(OscalCatalogTest, NistCsf2CatalogueGivesExactlyCsf2) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "frameworks/nist-csf-2.0/NIST_CSF_v2.0_catalog.xml");
    auto import = parse_oscal_catalog(read_text(path), "NIST_CSF_v2.0_catalog.xml");
    ASSERT_TRUE(import) << import.error().to_string();
    const Framework& csf = import->framework;
    EXPECT_EQ(csf.qualified_id(), "CSF-2.0");
    EXPECT_EQ(csf.title, "NIST Cybersecurity Framework 2.0");
    EXPECT_EQ(csf.count(NodeType::kFunction), 6U);
    EXPECT_EQ(csf.count(NodeType::kCategory), 22U);
    EXPECT_EQ(csf.count(NodeType::kRequirement), 106U);
    EXPECT_EQ(csf.nodes.size(), 134U);
    EXPECT_EQ(csf.answered_items().size(), 106U);
    // The file holds 34 categories and 185 subcategories: 12 categories of CSF 1.1 with their 53
    // subcategories, and 26 subcategories withdrawn from categories CSF 2.0 kept.
    EXPECT_EQ(import->skipped, 91U);
    EXPECT_EQ(withdrawn(*import), 91U);
    EXPECT_EQ(import->diagnostics.count_by_code().count("framework.csf_check"), 0U);
    for (const char* legacy :
         {"ID.BE", "ID.GV", "ID.RM", "ID.SC", "PR.AC", "PR.IP", "PR.MA", "PR.PT", "DE.DP", "RS.RP",
          "RS.IM", "RC.IM", "PR.AC-01", "ID.AM-06", "DE.AE-01", "RS.AN-01"}) {
        EXPECT_EQ(csf.find(legacy), nullptr) << legacy;
    }
    const Node* mission = csf.find("GV.OC-01");
    ASSERT_NE(mission, nullptr);
    EXPECT_EQ(mission->text,
              "The organizational mission is understood and informs cybersecurity risk "
              "management");
    EXPECT_EQ(csf.path(csf.index_of("GV.OC-01").value()), "GV/GV.OC/GV.OC-01");
    EXPECT_EQ(csf.find("PR.AA")->title, "Identity Management, Authentication, and Access Control");
}

TEST(OscalCatalogTest, NistSp80053LowBaselineCatalogueLoads) {
    WARDROUND_SHARED_DATA_OR_SKIP(
        path,
        "frameworks/nist-sp800-53-rev5/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog-"
        "min.json");
    auto import = parse_oscal_catalog(read_text(path), "low.json");
    ASSERT_TRUE(import) << import.error().to_string();
    const Framework& low = import->framework;
    EXPECT_EQ(import->format, OscalFormat::kJson);
    EXPECT_EQ(low.version, "5.1.1+u4");
    EXPECT_EQ(low.count(NodeType::kCategory), 18U);  // the families
    // 149 controls: 131 base controls and 18 enhancements; a control with enhancements is a
    // control over them, every other one a requirement.
    EXPECT_EQ(low.count(NodeType::kControl) + low.count(NodeType::kRequirement), 149U);
    EXPECT_EQ(import->skipped, 0U);
    const Node* policy = low.find("ac-1");
    ASSERT_NE(policy, nullptr);
    EXPECT_EQ(policy->title, "Policy and Procedures");
    EXPECT_TRUE(policy->text.starts_with("a. Develop, document, and disseminate to"))
        << policy->text;
    EXPECT_EQ(low.find("ac-2")->type, NodeType::kRequirement) << "no enhancements in LOW";
    EXPECT_EQ(low.find("ia-2")->type, NodeType::kControl);
    EXPECT_EQ(low.find("ia-2.1")->type, NodeType::kRequirement);
}

}  // namespace
}  // namespace wardround::assess
