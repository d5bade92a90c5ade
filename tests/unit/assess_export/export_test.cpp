// SPDX-License-Identifier: Apache-2.0
// Assessment exports on both backends, over a small assessment of the CAF-aligned DSPT fixture
// (answers, an expired and a current piece of evidence, a plan item), draft and signed off:
// - OSCAL: the fields the OSCAL 1.1 assessment-results schema requires, written out from its
//   model reference (assessment-results, metadata, party, import-ap, result, reviewed-controls,
//   selected control, observation, relevant-evidence, finding, finding target, status, task,
//   attestation, prop, back-matter resource), tokens where the schema wants tokens, and UUIDs
//   that are valid, unique and the same on a second export;
// - XLSX: the sheets by name, cell values read from the sheet XML, dates as dates, and a comment
//   starting with "=" stored as text and never as a formula;
// - an older revision: exported after the next one changed an answer, as it was signed off;
// - certifications of a standards assessment (the classic DSPT's shape), one current and one
//   expired: an observation each in OSCAL citing its certificate, and rows on the Summary sheet.
// Every internal link of an OSCAL document (back-matter hrefs, observations, parties, roles) is
// checked to resolve.
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <zip.h>

#include <wardround/assess/assessment.h>
#include <wardround/assess/assessment_export.h>
#include <wardround/assess/framework_library.h>
#include <wardround/core/input_file.h>
#include <wardround/org/org_import.h>

#include "support/test_support.h"

namespace wardround::assess {
namespace {

using Json = nlohmann::ordered_json;
using ::wardround::testing::at;
using ::wardround::testing::fixture;

const AssessmentRef kDspt{"CT1", "DSPT-CAF-2024-25", "2024-25"};
const AssessmentRef kStandards{"CT1", "TEST-STANDARDS-2023-24", "2023-24"};
// A comment a spreadsheet would run if it were written as a formula.
const std::string kFormulaLike = R"(=HYPERLINK("https://evil.example","click"))";
// Expiry of the patch report has passed by the export; the policy link has none.
const char* const kExportDay = "2025-03-01T12:00:00Z";

class AssessmentExportTest : public ::wardround::testing::BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped()) {
            return;
        }
        auto file = InputFile::open(fixture("checks/organisations.csv"));
        ASSERT_TRUE(file) << file.error().to_string();
        auto organisations = org::import_organisations(*database_, *file);
        ASSERT_TRUE(organisations) << organisations.error().to_string();
        for (const char* name :
             {"caf-3.2-mini.yaml", "dspt-caf-mini.yaml", "standards-mini.yaml"}) {
            auto imported =
                import_framework_file(*database_, fixture(std::string("frameworks/") + name));
            ASSERT_TRUE(imported) << imported.error().to_string();
        }
        scratch_ = std::filesystem::path(::testing::TempDir()) /
                   ("assess-export-" + std::string(store::backend_name(GetParam())));
        std::filesystem::remove_all(scratch_);
        std::filesystem::create_directories(scratch_);
    }

    void answer(const std::string& item,
                const std::string& value,
                const std::string& comment = {}) {
        AnswerRequest request{item, value, {}, comment, "cara.cyber", false};
        auto answered = answer_item(*database_, kDspt, request, at("2025-01-11T09:00:00Z"));
        ASSERT_TRUE(answered) << item << ": " << answered.error().to_string();
    }

    // Every item mandatory for category 1 answered, two pieces of evidence, one plan item.
    void build_assessment(bool sign) {
        auto started = start_assessment(*database_, {kDspt, "category-1", {}, "ian.governance"},
                                        at("2025-01-10T09:00:00Z"));
        ASSERT_TRUE(started) << started.error().to_string();
        answer("A2.a.A.1", "true", kFormulaLike);
        answer("A2.a.PA.1", "true");
        answer("A2.a.NA.1", "false");
        answer("B4.d.A.1", "true");
        answer("B4.d.NA.1", "false");
        answer("E1.a.A.1", "true");
        answer("E1.a.NA.1", "false");

        EvidenceContent report;
        report.kind = "note";
        report.title = "Patch compliance report";
        report.note = "97% of servers patched within 14 days";
        report.effective_on = "2025-01-02";
        report.expires_on = "2025-01-31";
        report.collected_by = "cara.cyber";
        report.collected_from = "the patch console";
        auto added =
            add_evidence(*database_, kDspt, report, {"B4.d.A.1"}, at("2025-01-12T09:00:00Z"));
        ASSERT_TRUE(added) << added.error().to_string();
        EvidenceContent policy;
        policy.kind = "link";
        policy.title = "Risk management policy";
        policy.url = "https://intranet.example/policy";
        policy.effective_on = "2024-12-01";
        policy.collected_by = "ian.governance";
        added = add_evidence(*database_, kDspt, policy, {"A2.a.A.1", "B4.d.A.1"},
                             at("2025-01-12T10:00:00Z"));
        ASSERT_TRUE(added) << added.error().to_string();

        PlanItemRequest plan{
            {"A2.a.NA.1"}, "Test the risk controls", "cara.cyber", "2025-02-28", "ian.governance"};
        auto planned = add_plan_item(*database_, kDspt, plan, at("2025-01-13T09:00:00Z"));
        ASSERT_TRUE(planned) << planned.error().to_string();

        if (sign) {
            auto signed_off =
                sign_off(*database_, kDspt, {"sam.siro", "SIRO", "A true account of our position."},
                         at("2025-01-20T09:00:00Z"));
            ASSERT_TRUE(signed_off) << signed_off.error().to_string();
        }
    }

    // A certificate linked to no item (as a certificate usually is) and declared as
    // `certification`.
    void certify(const std::string& certification,
                 const std::string& title,
                 const std::string& effective_on,
                 const std::string& expires_on) {
        EvidenceContent certificate;
        certificate.kind = "note";
        certificate.title = title;
        certificate.note = "Certificate held by the trust";
        certificate.effective_on = effective_on;
        certificate.expires_on = expires_on;
        certificate.collected_by = "ian.governance";
        certificate.collected_from = "the certification body";
        auto added =
            add_evidence(*database_, kStandards, certificate, {}, at("2025-01-12T09:00:00Z"));
        ASSERT_TRUE(added) << added.error().to_string();
        auto declared = declare_certification(*database_, kStandards,
                                              {certification, added->key, "ian.governance"},
                                              at("2025-01-14T09:00:00Z"));
        ASSERT_TRUE(declared) << declared.error().to_string();
    }

    // The mandatory item met, Cyber Essentials Plus current on the export day (EV-1) and ISO/IEC
    // 27001 expired by then (EV-2): Standards Exceeded on the one that counts.
    void build_certified_standards() {
        auto started =
            start_assessment(*database_, {kStandards, "category-1", {}, "ian.governance"},
                             at("2025-01-10T09:00:00Z"));
        ASSERT_TRUE(started) << started.error().to_string();
        AnswerRequest request{"1.1.1", "met", {}, {}, "cara.cyber", false};
        auto answered = answer_item(*database_, kStandards, request, at("2025-01-11T09:00:00Z"));
        ASSERT_TRUE(answered) << answered.error().to_string();
        certify("cyber-essentials-plus", "Cyber Essentials Plus certificate", "2024-07-01",
                "2025-06-30");
        certify("iso-27001", "ISO/IEC 27001 certificate", "2022-02-01", "2025-01-31");
    }

    Json oscal() {
        auto text = oscal_assessment_results(*database_, kDspt, at(kExportDay));
        EXPECT_TRUE(text) << text.error().to_string();
        return text ? Json::parse(*text) : Json{};
    }

    std::filesystem::path scratch_;
};

// ---------------------------------------------------------------------------------------------
// The OSCAL 1.1 assessment-results schema's required fields, from its model reference.

const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
// OSCAL tokens, narrowed to ASCII (std::regex has no Unicode classes; our ids are ASCII).
const std::regex kToken("^[A-Za-z_][A-Za-z0-9._-]*$");
const std::regex kDateTimeWithZone(
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$");

void expect_fields(const Json& object,
                   std::initializer_list<const char*> fields,
                   const std::string& where) {
    ASSERT_TRUE(object.is_object()) << where << " is not an object";
    for (const char* field : fields) {
        EXPECT_TRUE(object.contains(field)) << where << " lacks required " << field;
    }
}

void expect_uuid(const Json& value,
                 const std::string& where,
                 std::set<std::string>* seen = nullptr) {
    ASSERT_TRUE(value.is_string()) << where;
    const auto text = value.get<std::string>();
    EXPECT_TRUE(std::regex_match(text, kUuid)) << where << ": " << text;
    if (seen != nullptr) {
        EXPECT_TRUE(seen->insert(text).second) << where << " repeats " << text;
    }
}

void expect_date_time(const Json& value, const std::string& where) {
    ASSERT_TRUE(value.is_string()) << where;
    EXPECT_TRUE(std::regex_match(value.get<std::string>(), kDateTimeWithZone))
        << where << ": " << value.get<std::string>();
}

// prop: name (token) and value (non-empty) required.
void expect_props(const Json& holder, const std::string& where) {
    if (!holder.contains("props")) {
        return;
    }
    for (const Json& prop : holder["props"]) {
        expect_fields(prop, {"name", "value"}, where + " prop");
        EXPECT_TRUE(std::regex_match(prop["name"].get<std::string>(), kToken)) << where;
        EXPECT_FALSE(prop["value"].get<std::string>().empty()) << where << " " << prop["name"];
    }
}

std::string prop_value(const Json& holder, const std::string& name) {
    for (const Json& prop : holder.value("props", Json::array())) {
        if (prop["name"] == name) {
            return prop["value"].get<std::string>();
        }
    }
    return {};
}

void expect_metadata(const Json& metadata, std::set<std::string>& uuids) {
    expect_fields(metadata, {"title", "last-modified", "version", "oscal-version"}, "metadata");
    expect_date_time(metadata["last-modified"], "metadata last-modified");
    EXPECT_EQ(metadata["oscal-version"], std::string(kOscalVersion));
    expect_props(metadata, "metadata");
    std::set<std::string> roles;
    for (const Json& role : metadata.value("roles", Json::array())) {
        expect_fields(role, {"id", "title"}, "role");
        roles.insert(role["id"].get<std::string>());
    }
    for (const Json& party : metadata["parties"]) {
        expect_fields(party, {"uuid", "type"}, "party");
        expect_uuid(party["uuid"], "party", &uuids);
        EXPECT_TRUE(party["type"] == "person" || party["type"] == "organization") << party;
    }
    for (const Json& responsible : metadata.value("responsible-parties", Json::array())) {
        expect_fields(responsible, {"role-id", "party-uuids"}, "responsible-party");
        EXPECT_TRUE(roles.count(responsible["role-id"].get<std::string>()) == 1) << responsible;
    }
}

void expect_observation(const Json& observation, std::set<std::string>& uuids) {
    expect_fields(observation, {"uuid", "description", "methods", "collected"}, "observation");
    expect_uuid(observation["uuid"], "observation", &uuids);
    expect_date_time(observation["collected"], "observation collected");
    ASSERT_FALSE(observation["methods"].empty());
    for (const Json& method : observation["methods"]) {
        EXPECT_TRUE(method == "EXAMINE" || method == "INTERVIEW" || method == "TEST" ||
                    method == "UNKNOWN")
            << method;
    }
    expect_props(observation, "observation");
    for (const Json& evidence : observation.value("relevant-evidence", Json::array())) {
        expect_fields(evidence, {"description"}, "relevant-evidence");
        expect_props(evidence, "relevant-evidence");
    }
}

void expect_finding(const Json& finding, std::set<std::string>& uuids) {
    expect_fields(finding, {"uuid", "title", "description", "target"}, "finding");
    expect_uuid(finding["uuid"], "finding", &uuids);
    const Json& target = finding["target"];
    expect_fields(target, {"type", "target-id", "status"}, "finding target");
    EXPECT_TRUE(target["type"] == "objective-id" || target["type"] == "statement-id");
    EXPECT_TRUE(std::regex_match(target["target-id"].get<std::string>(), kToken));
    expect_fields(target["status"], {"state"}, "finding target status");
    EXPECT_TRUE(target["status"]["state"] == "satisfied" ||
                target["status"]["state"] == "not-satisfied");
    expect_props(target, "finding target");
}

void expect_task(const Json& task, std::set<std::string>& uuids) {
    expect_fields(task, {"uuid", "type", "title"}, "task");
    expect_uuid(task["uuid"], "task", &uuids);
    EXPECT_TRUE(task["type"] == "action" || task["type"] == "milestone");
    expect_props(task, "task");
}

void expect_result(const Json& result, std::set<std::string>& uuids) {
    expect_fields(result, {"uuid", "title", "description", "start", "reviewed-controls"}, "result");
    expect_uuid(result["uuid"], "result", &uuids);
    expect_date_time(result["start"], "result start");
    expect_fields(result["reviewed-controls"], {"control-selections"}, "reviewed-controls");
    ASSERT_FALSE(result["reviewed-controls"]["control-selections"].empty());
    for (const Json& selection : result["reviewed-controls"]["control-selections"]) {
        for (const Json& control : selection.value("include-controls", Json::array())) {
            expect_fields(control, {"control-id"}, "selected control");
            EXPECT_TRUE(std::regex_match(control["control-id"].get<std::string>(), kToken));
        }
    }
    for (const Json& observation : result.value("observations", Json::array())) {
        expect_observation(observation, uuids);
    }
    for (const Json& finding : result.value("findings", Json::array())) {
        expect_finding(finding, uuids);
    }
    for (const Json& task :
         result.value("local-definitions", Json::object()).value("tasks", Json::array())) {
        expect_task(task, uuids);
    }
    for (const Json& attestation : result.value("attestations", Json::array())) {
        expect_fields(attestation, {"parts"}, "attestation");
        for (const Json& part : attestation["parts"]) {
            expect_fields(part, {"name"}, "attestation part");
        }
    }
}

// Every value under `key` anywhere in `value`, a list's elements one by one.
void collect_values(const Json& value, const std::string& key, std::vector<std::string>& found) {
    if (value.is_object()) {
        for (const auto& [name, member] : value.items()) {
            if (name == key && member.is_string()) {
                found.push_back(member.get<std::string>());
            } else if (name == key && member.is_array()) {
                for (const Json& element : member) {
                    found.push_back(element.get<std::string>());
                }
            } else {
                collect_values(member, key, found);
            }
        }
    } else if (value.is_array()) {
        for (const Json& element : value) {
            collect_values(element, key, found);
        }
    }
}

std::set<std::string> values_of(const Json& list, const std::string& field) {
    std::set<std::string> values;
    for (const Json& entry : list) {
        values.insert(entry[field].get<std::string>());
    }
    return values;
}

// Each value under `key` in the document is one of `targets`.
void expect_all_in(const Json& document,
                   const std::string& key,
                   const std::set<std::string>& targets) {
    std::vector<std::string> links;
    collect_values(document, key, links);
    for (const std::string& link : links) {
        EXPECT_EQ(targets.count(link), 1U) << key << " " << link << " resolves to nothing";
    }
}

// Every internal link resolves: an href starting with '#' to a back-matter resource (no other
// fragments are written; an http(s) href is a link's URL), an observation reference to an
// observation of the results, an actor or responsible party to a party, a role reference to a role.
void expect_links_resolve(const Json& document) {
    const Json& results = document["assessment-results"];
    const Json& metadata = results["metadata"];
    const std::set<std::string> resources = values_of(
        results.value("back-matter", Json::object()).value("resources", Json::array()), "uuid");
    std::vector<std::string> hrefs;
    collect_values(document, "href", hrefs);
    for (const std::string& href : hrefs) {
        if (href.rfind("http", 0) != 0) {
            EXPECT_EQ(resources.count(href.substr(std::min<std::size_t>(1, href.size()))), 1U)
                << "href " << href << " resolves to nothing";
            EXPECT_EQ(href.rfind('#', 0), 0U) << href;
        }
    }
    std::set<std::string> observations;
    for (const Json& result : results["results"]) {
        const std::set<std::string> in_result =
            values_of(result.value("observations", Json::array()), "uuid");
        observations.insert(in_result.begin(), in_result.end());
    }
    expect_all_in(document, "observation-uuid", observations);
    const std::set<std::string> parties = values_of(metadata["parties"], "uuid");
    expect_all_in(document, "actor-uuid", parties);
    expect_all_in(document, "party-uuids", parties);
    expect_all_in(document, "role-id", values_of(metadata.value("roles", Json::array()), "id"));
}

// The whole document against the schema's required fields, its links resolving; returns every
// UUID it holds.
std::set<std::string> expect_valid_assessment_results(const Json& document) {
    std::set<std::string> uuids;
    expect_fields(document, {"assessment-results"}, "document");
    const Json& results = document["assessment-results"];
    expect_fields(results, {"uuid", "metadata", "import-ap", "results"}, "assessment-results");
    expect_uuid(results["uuid"], "assessment-results", &uuids);
    expect_metadata(results["metadata"], uuids);
    expect_fields(results["import-ap"], {"href"}, "import-ap");
    EXPECT_FALSE(results["results"].empty()) << "results needs at least one result";
    for (const Json& result : results["results"]) {
        expect_result(result, uuids);
    }
    for (const Json& resource :
         results.value("back-matter", Json::object()).value("resources", Json::array())) {
        expect_fields(resource, {"uuid"}, "resource");
        expect_uuid(resource["uuid"], "resource", &uuids);
        expect_props(resource, "resource");
    }
    expect_links_resolve(document);
    return uuids;
}

const Json* find_by(const Json& list, const std::string& field, const std::string& value) {
    for (const Json& entry : list) {
        if (entry.contains(field) && entry[field] == value) {
            return &entry;
        }
    }
    return nullptr;
}

TEST_P(AssessmentExportTest, OscalDraftHasWhatTheSchemaRequiresAndOurFacts) {
    build_assessment(false);
    const Json document = oscal();
    expect_valid_assessment_results(document);
    const Json& results = document["assessment-results"];
    EXPECT_EQ(results["metadata"]["version"], "1-draft");
    EXPECT_EQ(results["metadata"]["last-modified"], "2025-01-13T09:00:00.000Z");
    const Json& result = results["results"][0];
    EXPECT_FALSE(result.contains("end")) << "a draft has not ended";
    EXPECT_FALSE(result.contains("attestations"));

    // The import-ap points at the implicit plan in back-matter.
    const std::string plan_href = results["import-ap"]["href"].get<std::string>();
    ASSERT_EQ(plan_href.front(), '#');
    EXPECT_NE(find_by(results["back-matter"]["resources"], "uuid", plan_href.substr(1)), nullptr);

    const Json* b4d = find_by(result["findings"], "title", "B4.d Vulnerability management");
    ASSERT_NE(b4d, nullptr) << result["findings"].dump(2);
    EXPECT_EQ((*b4d)["target"]["target-id"], "B4.d");
    EXPECT_EQ(prop_value((*b4d)["target"], "achievement-level"), "achieved");
    EXPECT_EQ((*b4d)["target"]["status"]["state"], "satisfied");

    const Json* observation = find_by(result["observations"], "title", "B4.d.A.1");
    ASSERT_NE(observation, nullptr);
    EXPECT_EQ(prop_value(*observation, "answer"), "true");
    EXPECT_EQ((*observation)["methods"][0], "EXAMINE");
    ASSERT_EQ((*observation)["relevant-evidence"].size(), 2U);
    const Json& report = (*observation)["relevant-evidence"][0];
    EXPECT_EQ(prop_value(report, "evidence-key"), "EV-1");
    EXPECT_EQ(prop_value(report, "expired"), "true") << "January's report expired by March";
    EXPECT_EQ(prop_value((*observation)["relevant-evidence"][1], "expired"), "false");
    // Each piece of evidence is a back-matter resource its href points at.
    const std::string href = report["href"].get<std::string>();
    const Json* resource = find_by(results["back-matter"]["resources"], "uuid", href.substr(1));
    ASSERT_NE(resource, nullptr);
    EXPECT_EQ((*resource)["title"], "Patch compliance report");
    EXPECT_EQ(prop_value(*resource, "expires-on"), "2025-01-31");

    const Json* commented = find_by(result["observations"], "title", "A2.a.A.1");
    ASSERT_NE(commented, nullptr);
    EXPECT_EQ((*commented)["remarks"], kFormulaLike);

    const Json& task = result["local-definitions"]["tasks"][0];
    EXPECT_EQ(task["title"], "Test the risk controls");
    EXPECT_EQ(prop_value(task, "overdue"), "true");
    EXPECT_EQ(prop_value(task, "addresses"), "A2.a.NA.1");
}

TEST_P(AssessmentExportTest, OscalSignedOffCarriesTheAttestationAndStableUuids) {
    build_assessment(true);
    const Json first = oscal();
    const std::set<std::string> uuids = expect_valid_assessment_results(first);
    const Json& results = first["assessment-results"];
    EXPECT_EQ(results["metadata"]["version"], "1");
    const Json& result = results["results"][0];
    EXPECT_EQ(result["end"], "2025-01-20T09:00:00.000Z");
    ASSERT_EQ(result["attestations"].size(), 1U);
    EXPECT_EQ(result["attestations"][0]["parts"][0]["prose"], "A true account of our position.");
    EXPECT_NE(find_by(results["metadata"]["parties"], "name", "sam.siro"), nullptr);
    EXPECT_NE(find_by(results["metadata"]["parties"], "name", "cara.cyber"), nullptr);

    // Exported again a day later: the same UUIDs (and, signed off, the same document).
    auto again = oscal_assessment_results(*database_, kDspt, at("2025-03-02T12:00:00Z"));
    ASSERT_TRUE(again);
    const Json second = Json::parse(*again);
    EXPECT_EQ(expect_valid_assessment_results(second), uuids);
    EXPECT_EQ(second, first);
}

// What the export of build_certified_standards() says of one certification.
struct ExpectedCertification {
    const char* certification;
    const char* key;
    const char* title;
    bool counts;
    const char* why;
};

const ExpectedCertification kCurrentCertification{"cyber-essentials-plus", "EV-1",
                                                  "Cyber Essentials Plus certificate", true,
                                                  "EV-1 is current until 2025-06-30"};
const ExpectedCertification kExpiredCertification{"iso-27001", "EV-2", "ISO/IEC 27001 certificate",
                                                  false,
                                                  "EV-2 expired (its last day was 2025-01-31)"};

// The observation's origin is the party named `name`.
void expect_origin(const Json& results, const Json& observation, const std::string& name) {
    const Json* party = find_by(results["metadata"]["parties"], "uuid",
                                observation["origins"][0]["actors"][0]["actor-uuid"]);
    ASSERT_NE(party, nullptr);
    EXPECT_EQ((*party)["name"], name);
}

// The certification's certificate, linked to no item, is in back-matter for the observation's
// relevant evidence to point at.
void expect_certificate_cited(const Json& results,
                              const Json& observation,
                              const ExpectedCertification& expected) {
    ASSERT_EQ(observation["relevant-evidence"].size(), 1U);
    const Json& evidence = observation["relevant-evidence"][0];
    const std::string expired = expected.counts ? "false" : "true";
    EXPECT_EQ(prop_value(evidence, "expired"), expired);
    const Json* resource = find_by(results["back-matter"]["resources"], "uuid",
                                   evidence["href"].get<std::string>().substr(1));
    ASSERT_NE(resource, nullptr);
    EXPECT_EQ((*resource)["title"], expected.title);
    EXPECT_EQ(prop_value(*resource, "evidence-key"), expected.key);
}

// The certification's observation: its facts as props, the certificate examined, its declarer as
// origin, its certificate cited.
void expect_certification(const Json& results, const ExpectedCertification& expected) {
    SCOPED_TRACE(expected.certification);
    const Json& observations = results["results"][0]["observations"];
    const Json* observation =
        find_by(observations, "title", std::string("Certification ") + expected.certification);
    ASSERT_NE(observation, nullptr) << observations.dump(2);
    const std::pair<const char*, std::string> props[] = {
        {"certification", expected.certification},
        {"evidence-key", expected.key},
        {"counts", expected.counts ? "true" : "false"},
        {"why", expected.why}};
    for (const auto& [name, value] : props) {
        EXPECT_EQ(prop_value(*observation, name), value) << name;
    }
    EXPECT_EQ((*observation)["methods"], Json::array({"EXAMINE"}));
    EXPECT_EQ((*observation)["collected"], "2025-01-14T09:00:00.000Z");
    expect_origin(results, *observation, "ian.governance");
    expect_certificate_cited(results, *observation, expected);
}

TEST_P(AssessmentExportTest, OscalCarriesEachCertificationWithWhetherItCounts) {
    build_certified_standards();
    auto text = oscal_assessment_results(*database_, kStandards, at(kExportDay));
    ASSERT_TRUE(text) << text.error().to_string();
    const Json document = Json::parse(*text);
    expect_valid_assessment_results(document);
    const Json& results = document["assessment-results"];
    EXPECT_EQ(results["metadata"]["last-modified"], "2025-01-14T09:00:00.000Z")
        << "a declaration changes the draft";
    EXPECT_EQ(prop_value(results["results"][0], "dspt-status"), "Standards Exceeded");
    EXPECT_FALSE(prop_value(results["results"][0], "dspt-reason").empty());
    expect_certification(results, kCurrentCertification);
    expect_certification(results, kExpiredCertification);

    // Exported again the same day: the same document, UUIDs included.
    auto again = oscal_assessment_results(*database_, kStandards, at(kExportDay));
    ASSERT_TRUE(again);
    EXPECT_EQ(Json::parse(*again), document);
}

TEST_P(AssessmentExportTest, UnknownAssessmentWritesNothing) {
    const std::string path = (scratch_ / "none.json").string();
    auto written =
        write_assessment_export(*database_, kDspt, ExportFormat::kOscalJson, path, at(kExportDay));
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().code, ErrorCode::kNotFound);
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

// ---------------------------------------------------------------------------------------------
// XLSX

// A workbook's parts, read as the zip it is.
class Workbook {
public:
    explicit Workbook(const std::string& path) {
        int error = 0;
        zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
        if (archive == nullptr) {
            return;
        }
        const zip_int64_t entries = zip_get_num_entries(archive, 0);
        for (zip_int64_t i = 0; i < entries; ++i) {
            const auto index = static_cast<zip_uint64_t>(i);
            zip_stat_t stat;
            zip_stat_init(&stat);
            zip_stat_index(archive, index, 0, &stat);
            std::string bytes(stat.size, '\0');
            zip_file_t* file = zip_fopen_index(archive, index, 0);
            if (file != nullptr) {
                zip_fread(file, bytes.data(), stat.size);
                zip_fclose(file);
            }
            parts_[stat.name] = std::move(bytes);
        }
        zip_close(archive);
        load_shared_strings();
    }

    [[nodiscard]] bool opened() const { return !parts_.empty(); }
    [[nodiscard]] std::string part(const std::string& name) const {
        const auto found = parts_.find(name);
        return found == parts_.end() ? std::string() : found->second;
    }

    [[nodiscard]] std::vector<std::string> sheet_names() const {
        pugi::xml_document document;
        document.load_string(part("xl/workbook.xml").c_str());
        std::vector<std::string> names;
        for (const auto& sheet : document.select_nodes("//*[local-name()='sheet']")) {
            names.emplace_back(sheet.node().attribute("name").value());
        }
        return names;
    }

    // The cell's <c> element in sheet `number` (1-based, in creation order).
    [[nodiscard]] std::string cell_text(int number, const std::string& reference) const {
        pugi::xml_document document;
        document.load_string(part("xl/worksheets/sheet" + std::to_string(number) + ".xml").c_str());
        return text_of(
            document.select_node(("//*[local-name()='c'][@r='" + reference + "']").c_str()).node());
    }
    // A field/value sheet's fields (column A's text) to the references of their values (column B),
    // for rows whose place depends on what the assessment holds.
    [[nodiscard]] std::map<std::string, std::string> fields(int number) const {
        pugi::xml_document document;
        document.load_string(part("xl/worksheets/sheet" + std::to_string(number) + ".xml").c_str());
        std::map<std::string, std::string> fields;
        for (const auto& found : document.select_nodes("//*[local-name()='c']")) {
            const std::string reference = found.node().attribute("r").value();
            if (reference.size() > 1 && reference.front() == 'A') {
                fields[text_of(found.node())] = "B" + reference.substr(1);
            }
        }
        return fields;
    }
    [[nodiscard]] bool cell_is_string(int number, const std::string& reference) const {
        pugi::xml_document document;
        document.load_string(part("xl/worksheets/sheet" + std::to_string(number) + ".xml").c_str());
        const auto cell =
            document.select_node(("//*[local-name()='c'][@r='" + reference + "']").c_str()).node();
        const std::string type = cell.attribute("t").value();
        return (type == "s" || type == "inlineStr") && !cell.child("f");
    }

private:
    [[nodiscard]] std::string text_of(const pugi::xml_node& cell) const {
        std::string value = cell.child("v").text().get();
        if (std::string(cell.attribute("t").value()) == "s") {
            return shared_.at(std::stoul(value));
        }
        if (std::string(cell.attribute("t").value()) == "inlineStr") {
            return cell.child("is").child("t").text().get();
        }
        return value;
    }

    void load_shared_strings() {
        pugi::xml_document document;
        document.load_string(part("xl/sharedStrings.xml").c_str());
        for (const auto& item : document.select_nodes("//*[local-name()='si']")) {
            shared_.emplace_back(item.node().child("t").text().get());
        }
    }

    std::map<std::string, std::string> parts_;
    std::vector<std::string> shared_;
};

// A cell's value as cell_text reads it.
struct ExpectedCell {
    int sheet;
    const char* reference;
    std::string text;
};

// The sheets by name, each with a frozen header and an autofilter.
void expect_sheets(const Workbook& workbook) {
    EXPECT_EQ(workbook.sheet_names(), (std::vector<std::string>{"Summary", "Outcomes", "Answers",
                                                                "Evidence", "Improvement plan"}));
    for (std::size_t sheet = 1; sheet <= workbook.sheet_names().size(); ++sheet) {
        const std::string xml =
            workbook.part("xl/worksheets/sheet" + std::to_string(sheet) + ".xml");
        EXPECT_NE(xml.find("autoFilter"), std::string::npos) << "sheet " << sheet;
        EXPECT_NE(xml.find("frozen"), std::string::npos) << "sheet " << sheet;
    }
}

// No sheet of the workbook holds a formula: every text went in as a string.
void expect_no_formulas(const Workbook& workbook) {
    for (std::size_t sheet = 1; sheet <= workbook.sheet_names().size(); ++sheet) {
        EXPECT_EQ(workbook.part("xl/worksheets/sheet" + std::to_string(sheet) + ".xml").find("<f>"),
                  std::string::npos)
            << "sheet " << sheet << " holds a formula";
    }
}

TEST_P(AssessmentExportTest, WorkbookHoldsTheSheetsAndFormulaLikeTextStaysText) {
    build_assessment(true);
    const std::string path = (scratch_ / "assessment.xlsx").string();
    auto written =
        write_assessment_export(*database_, kDspt, ExportFormat::kXlsx, path, at(kExportDay));
    ASSERT_TRUE(written) << written.error().to_string();
    EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
    const Workbook workbook(path);
    ASSERT_TRUE(workbook.opened());
    expect_sheets(workbook);

    const ExpectedCell cells[] = {
        // Summary: field, value.
        {1, "A2", "Organisation"},
        {1, "B2", "CT1"},
        {1, "B6", "signed-off"},
        // Outcomes: every outcome in the framework's order, answered or not.
        {2, "A1", "Id"},
        {2, "A2", "A1.a"},
        {2, "A3", "A2.a"},
        // Answers: the first is A2.a.A.1 with the formula-like comment.
        {3, "A2", "A2.a.A.1"},
        {3, "F2", kFormulaLike},
        // Evidence: EV-1 effective 2025-01-02 as a date (the spreadsheet's day 45659), expired.
        {4, "A2", "EV-1"},
        {4, "E2", "45659"},
        {4, "G2", "yes"},
        // Improvement plan: the item, overdue by March.
        {5, "B2", "Test the risk controls"},
        {5, "G2", "yes"}};
    for (const ExpectedCell& cell : cells) {
        EXPECT_EQ(workbook.cell_text(cell.sheet, cell.reference), cell.text)
            << "sheet " << cell.sheet << " " << cell.reference;
    }
    EXPECT_TRUE(workbook.cell_is_string(3, "F2")) << "the formula-like comment is a string";
    expect_no_formulas(workbook);
}

// The certification's rows on the Summary sheet: text as strings, the expiry as a date.
void expect_certification_rows(const Workbook& workbook,
                               const ExpectedCertification& expected,
                               const char* expires_serial) {
    SCOPED_TRACE(expected.certification);
    const std::map<std::string, std::string> summary = workbook.fields(1);
    const std::string field = std::string("Certification ") + expected.certification + ": ";
    const std::pair<std::string, std::string> rows[] = {{"evidence", expected.key},
                                                        {"evidence title", expected.title},
                                                        {"expires", expires_serial},
                                                        {"counts?", expected.counts ? "yes" : "no"},
                                                        {"why", expected.why}};
    for (const auto& [name, value] : rows) {
        const auto found = summary.find(field + name);
        ASSERT_NE(found, summary.end()) << "no Summary row " << field << name;
        EXPECT_EQ(workbook.cell_text(1, found->second), value) << name;
        EXPECT_EQ(workbook.cell_is_string(1, found->second), name != "expires") << name;
    }
}

TEST_P(AssessmentExportTest, WorkbookSummaryListsEachCertificationWithWhetherItCounts) {
    build_certified_standards();
    const std::string path = (scratch_ / "certified.xlsx").string();
    auto written =
        write_assessment_export(*database_, kStandards, ExportFormat::kXlsx, path, at(kExportDay));
    ASSERT_TRUE(written) << written.error().to_string();
    const Workbook workbook(path);
    ASSERT_TRUE(workbook.opened());
    EXPECT_EQ(workbook.cell_text(1, workbook.fields(1)["DSPT status"]), "Standards Exceeded");
    // Expiry dates as the spreadsheet's days: 2025-06-30 and 2025-01-31.
    expect_certification_rows(workbook, kCurrentCertification, "45838");
    expect_certification_rows(workbook, kExpiredCertification, "45688");
    expect_no_formulas(workbook);
    // The certificates are on the Evidence sheet though linked to no item.
    EXPECT_EQ(workbook.cell_text(4, "A2"), "EV-1");
    EXPECT_EQ(workbook.cell_text(4, "A3"), "EV-2");
}

TEST_P(AssessmentExportTest, AnOlderRevisionExportsAsItWasSignedOff) {
    build_assessment(true);
    const Json signed_off = oscal();
    // Revision 2 changes an answer; revision 1 still exports as it was, the newest is the draft.
    auto second =
        start_assessment(*database_, {kDspt, {}, {}, "ian.governance"}, at("2025-02-01T09:00:00Z"));
    ASSERT_TRUE(second) << second.error().to_string();
    AnswerRequest request{"A2.a.A.1", "false", {}, "tested again", "cara.cyber", false};
    auto answered = answer_item(*database_, kDspt, request, at("2025-02-02T09:00:00Z"));
    ASSERT_TRUE(answered) << answered.error().to_string();

    auto first = oscal_assessment_results(*database_, kDspt, at(kExportDay), 1);
    ASSERT_TRUE(first) << first.error().to_string();
    EXPECT_EQ(Json::parse(*first), signed_off);
    const Json newest = oscal();
    EXPECT_EQ(newest["assessment-results"]["metadata"]["version"], "2-draft");
    const Json* changed =
        find_by(newest["assessment-results"]["results"][0]["observations"], "title", "A2.a.A.1");
    ASSERT_NE(changed, nullptr);
    EXPECT_EQ(prop_value(*changed, "answer"), "false");

    const std::string path = (scratch_ / "revision-1.xlsx").string();
    auto written =
        write_assessment_export(*database_, kDspt, ExportFormat::kXlsx, path, at(kExportDay), 1);
    ASSERT_TRUE(written) << written.error().to_string();
    EXPECT_EQ(written->revision, 1);
    const Workbook workbook(path);
    ASSERT_TRUE(workbook.opened());
    EXPECT_EQ(workbook.cell_text(1, "B5"), "1");
    EXPECT_EQ(workbook.cell_text(1, "B6"), "signed-off");

    const std::string missing = (scratch_ / "revision-9.json").string();
    auto refused = write_assessment_export(*database_, kDspt, ExportFormat::kOscalJson, missing,
                                           at(kExportDay), 9);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
    EXPECT_FALSE(std::filesystem::exists(missing));
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         AssessmentExportTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::assess
