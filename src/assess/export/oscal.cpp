// SPDX-License-Identifier: Apache-2.0
// OSCAL 1.1 assessment results from an assessment revision (docs/assessments.md, "Export"): the
// answered nodes as reviewed controls, one finding per node, one observation per current answer
// and per declared certification citing its evidence (kept in back-matter), the improvement plan
// as tasks, sign-off as an attestation. Everything of ours that OSCAL has no field for is a prop in
// our namespace.
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <wardround/assess/assessment_export.h>

#include "assess/export/export_internal.h"

namespace wardround::assess::detail {
namespace {

using Json = nlohmann::ordered_json;

Json prop(std::string_view name, const std::string& value) {
    return Json{{"name", name}, {"ns", kOscalPropNamespace}, {"value", value}};
}

// Props with values: OSCAL refuses an empty value, and an absent prop says "not given" as well.
Json props(std::initializer_list<std::pair<std::string_view, std::string>> pairs) {
    Json list = Json::array();
    for (const auto& [name, value] : pairs) {
        if (!value.empty()) {
            list.push_back(prop(name, value));
        }
    }
    return list;
}

// OSCAL control ids are tokens, which start with a letter or '_' and hold only letters, digits,
// '.', '-' and '_'; standards ids such as "1.1.1" start with a digit, so they gain a '_'.
std::string control_id(const std::string& id) {
    std::string token;
    for (const char c : id) {
        const bool allowed =
            std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
        token += allowed ? c : '_';
    }
    if (token.empty() || std::isalpha(static_cast<unsigned char>(token.front())) == 0) {
        token.insert(token.begin(), '_');
    }
    return token;
}

class OscalWriter {
public:
    explicit OscalWriter(const ExportData& data) : data_(data) {}

    [[nodiscard]] Json document() {
        const Json results = result();
        Json document{{"uuid", uuid("assessment-results")},
                      {"metadata", metadata()},
                      {"import-ap",
                       {{"href", "#" + uuid("assessment-plan")},
                        {"remarks",
                         "The assessment plan is implicit: the framework's answered "
                         "items, self-assessed by the organisation; see back-matter."}}},
                      {"results", Json::array({results})},
                      {"back-matter", back_matter()}};
        return Json{{"assessment-results", std::move(document)}};
    }

private:
    [[nodiscard]] std::string uuid(std::string_view kind, std::string_view id = {}) const {
        return export_uuid(data_.assessment(), kind, id);
    }

    // The party a person is, added on first mention.
    std::string person(const std::string& name) {
        people_.insert(name);
        return uuid("party", name);
    }

    Json metadata() {
        const Assessment& a = data_.assessment();
        Json metadata{
            {"title", fmt::format("Self-assessment of {} against {}, {}, revision {}", a.org_code,
                                  a.framework, a.period, a.revision)},
            {"last-modified", data_.last_modified},
            {"version",
             a.signed_off() ? fmt::format("{}", a.revision) : fmt::format("{}-draft", a.revision)},
            {"oscal-version", kOscalVersion},
            {"props", props({{"framework", a.framework},
                             {"period", a.period},
                             {"revision", std::to_string(a.revision)},
                             {"status", a.status},
                             {"category", a.category},
                             {"profile", a.profile}})},
            {"roles",
             Json::array({Json{{"id", "assessor"}, {"title", "Answered items"}},
                          Json{{"id", "signer"}, {"title", "Signed the assessment off"}}})}};
        Json parties = Json::array({Json{
            {"uuid", uuid("party-organisation")}, {"type", "organization"}, {"name", a.org_code}}});
        for (const std::string& name : people_) {
            parties.push_back(
                Json{{"uuid", uuid("party", name)}, {"type", "person"}, {"name", name}});
        }
        metadata["parties"] = std::move(parties);
        Json responsible = Json::array();
        if (!answerers_.empty()) {
            Json uuids = Json::array();
            for (const std::string& name : answerers_) {
                uuids.push_back(uuid("party", name));
            }
            responsible.push_back(Json{{"role-id", "assessor"}, {"party-uuids", std::move(uuids)}});
        }
        if (a.signed_off()) {
            responsible.push_back(
                Json{{"role-id", "signer"},
                     {"party-uuids", Json::array({uuid("party", a.signed_off_by)})}});
        }
        if (!responsible.empty()) {
            metadata["responsible-parties"] = std::move(responsible);
        }
        return metadata;
    }

    [[nodiscard]] Json reviewed_controls() const {
        Json controls = Json::array();
        for (const NodeStatus& node : data_.status.nodes) {
            if (node.answered > 0) {
                controls.push_back(Json{{"control-id", control_id(node.id)}});
            }
        }
        Json selection = Json::object();
        if (!controls.empty()) {
            selection["include-controls"] = std::move(controls);
        }
        return Json{{"control-selections", Json::array({selection})}};
    }

    // A piece of evidence an observation rests on, pointing at its back-matter resource.
    [[nodiscard]] Json relevant_evidence(const EvidenceRecord& record) const {
        return Json{{"href", "#" + uuid("evidence", record.key)},
                    {"description", fmt::format("{} revision {}: {}{}", record.key, record.revision,
                                                record.title, record.expired ? " (expired)" : "")},
                    {"props", props({{"evidence-key", record.key},
                                     {"expired", record.expired ? "true" : "false"}})}};
    }

    Json observation(const ExportedAnswer& exported) {
        const AnswerRecord& answer = exported.answer;
        answerers_.insert(answer.answered_by);
        Json observation{
            {"uuid", uuid("observation", answer.item_id)},
            {"title", answer.item_id},
            {"description", exported.text.empty() ? answer.item_id : exported.text},
            {"props", props({{"item-id", answer.item_id},
                             {"answer", answer.value},
                             {"reason", answer.reason},
                             {"support", exported.support}})},
            // Evidence examined, or the organisation's word alone.
            {"methods", Json::array({exported.evidence.empty() ? "INTERVIEW" : "EXAMINE"})},
            {"origins",
             Json::array({Json{
                 {"actors", Json::array({Json{{"type", "party"},
                                              {"actor-uuid", person(answer.answered_by)}}})}}})}};
        if (!exported.evidence.empty()) {
            Json evidence = Json::array();
            for (const EvidenceRecord* record : exported.evidence) {
                evidence.push_back(relevant_evidence(*record));
            }
            observation["relevant-evidence"] = std::move(evidence);
        }
        observation["collected"] = answer.answered_at;
        if (!answer.comment.empty()) {
            observation["remarks"] = answer.comment;
        }
        return observation;
    }

    // A declared certification: its certificate examined, judged on the day of the export. OSCAL
    // has no place for a certification held, and it is no finding on a control (it lifts the DSPT
    // status, never an item), so it is an observation of the result, told apart from the answers
    // by its `certification` prop.
    Json observation(const CertificationDeclaration& declared) {
        Json observation{
            {"uuid", uuid("certification", declared.certification)},
            {"title", fmt::format("Certification {}", declared.certification)},
            {"description", fmt::format("{} on {} ({}): {}; {}", declared.certification,
                                        declared.evidence_key, declared.evidence_title,
                                        declared.counts ? "counts towards the DSPT status"
                                                        : "does not count towards the DSPT status",
                                        declared.why)},
            {"props", props({{"certification", declared.certification},
                             {"evidence-key", declared.evidence_key},
                             {"expires-on", declared.expires_on},
                             {"counts", declared.counts ? "true" : "false"},
                             {"why", declared.why}})},
            {"methods", Json::array({"EXAMINE"})},
            {"origins",
             Json::array({Json{
                 {"actors", Json::array({Json{{"type", "party"},
                                              {"actor-uuid", person(declared.declared_by)}}})}}})}};
        // The export cites every certification's evidence (collect_export), so the link resolves;
        // without the record there would be nothing to point at.
        if (const EvidenceRecord* record = data_.find_evidence(declared.evidence_key)) {
            observation["relevant-evidence"] = Json::array({relevant_evidence(*record)});
        }
        observation["collected"] = declared.declared_at;
        return observation;
    }

    [[nodiscard]] Json finding(const NodeStatus& node) const {
        // Satisfied only at the top level: partial achievement is a shortfall to plan for, and the
        // level itself travels as a prop.
        const bool satisfied = node.status == "achieved" || node.status == "met";
        Json status{{"state", satisfied ? "satisfied" : "not-satisfied"}};
        if (!node.reason.empty()) {
            status["remarks"] = node.reason;
        }
        Json related = Json::array();
        for (const ExportedAnswer& answer : data_.answers) {
            if (answer.node_id == node.id) {
                related.push_back(
                    Json{{"observation-uuid", uuid("observation", answer.answer.item_id)}});
            }
        }
        Json finding{{"uuid", uuid("finding", node.id)},
                     {"title", fmt::format("{} {}", node.id, node.title)},
                     {"description", fmt::format("{} {}: {}{}", node.type, node.id, node.status,
                                                 node.complete ? "" : " (incomplete)")},
                     {"props", props({{"owner", node.owner}})},
                     {"target",
                      {{"type", "objective-id"},
                       {"target-id", control_id(node.id)},
                       {"props", props({{"achievement-level", node.status},
                                        {"complete", node.complete ? "true" : "false"},
                                        {"expected-level", node.expected},
                                        {"standing", node.standing}})},
                       {"status", std::move(status)}}}};
        if (!related.empty()) {
            finding["related-observations"] = std::move(related);
        }
        return finding;
    }

    // The improvement plan: OSCAL's risks need likelihood and impact that the plan does not hold,
    // so its items are tasks (actions) with owner, due date and status as props.
    [[nodiscard]] Json tasks() const {
        Json tasks = Json::array();
        for (const PlanItem& item : data_.plan) {
            Json task{{"uuid", uuid("plan-item", std::to_string(item.number))},
                      {"type", "action"},
                      {"title", item.action},
                      {"props", props({{"plan-item", std::to_string(item.number)},
                                       {"owner", item.owner},
                                       {"due-on", item.due_on},
                                       {"plan-status", item.status},
                                       {"overdue", item.overdue ? "true" : "false"}})}};
            for (const std::string& target : item.items) {
                task["props"].push_back(prop("addresses", target));
            }
            tasks.push_back(std::move(task));
        }
        return tasks;
    }

    Json result() {
        const Assessment& a = data_.assessment();
        Json observations = Json::array();
        for (const ExportedAnswer& answer : data_.answers) {
            observations.push_back(observation(answer));
        }
        for (const CertificationDeclaration& declared : data_.status.certifications) {
            observations.push_back(observation(declared));
        }
        Json findings = Json::array();
        for (const NodeStatus& node : data_.status.nodes) {
            if (node.answered > 0) {
                findings.push_back(finding(node));
            }
        }
        person(a.started_by);
        Json result{{"uuid", uuid("result")},
                    {"title", fmt::format("Revision {} ({})", a.revision, a.status)},
                    {"description", fmt::format("{}'s self-assessment against {} for {}",
                                                a.org_code, a.framework, a.period)},
                    {"start", a.started_at}};
        if (a.signed_off()) {
            result["end"] = a.signed_off_at;
        }
        result["props"] = props({{"assessment-status", a.status},
                                 {"started-by", a.started_by},
                                 {"dspt-status", data_.status.dspt_status},
                                 {"dspt-reason", data_.status.dspt_reason}});
        if (!data_.plan.empty()) {
            result["local-definitions"] = Json{{"tasks", tasks()}};
        }
        result["reviewed-controls"] = reviewed_controls();
        if (a.signed_off()) {
            result["attestations"] = Json::array({Json{
                {"responsible-parties",
                 Json::array({Json{{"role-id", "signer"},
                                   {"party-uuids", Json::array({person(a.signed_off_by)})}}})},
                {"parts", Json::array({Json{
                              {"name", "sign-off"},
                              {"title", fmt::format("Signed off by {} ({}) at {}", a.signed_off_by,
                                                    a.signer_role, a.signed_off_at)},
                              {"prose", a.signoff_statement}}})}}});
        }
        if (!observations.empty()) {
            result["observations"] = std::move(observations);
        }
        if (!findings.empty()) {
            result["findings"] = std::move(findings);
        }
        return result;
    }

    [[nodiscard]] Json evidence_resource(const EvidenceRecord& record) const {
        Json resource{{"uuid", uuid("evidence", record.key)},
                      {"title", record.title},
                      {"description", fmt::format("{} revision {} ({})", record.key,
                                                  record.revision, record.kind)},
                      {"props", props({{"evidence-key", record.key},
                                       {"evidence-revision", std::to_string(record.revision)},
                                       {"kind", record.kind},
                                       {"file-name", record.file_name},
                                       {"sha256", record.sha256},
                                       {"effective-on", record.effective_on},
                                       {"expires-on", record.expires_on},
                                       {"expired", record.expired ? "true" : "false"},
                                       {"collected-by", record.collected_by},
                                       {"collected-from", record.collected_from},
                                       {"uploaded-at", record.uploaded_at}})}};
        if (!record.url.empty()) {
            resource["rlinks"] = Json::array({Json{{"href", record.url}}});
        }
        if (!record.note.empty()) {
            resource["remarks"] = record.note;
        }
        return resource;
    }

    [[nodiscard]] Json back_matter() const {
        const Assessment& a = data_.assessment();
        Json resources = Json::array(
            {Json{{"uuid", uuid("assessment-plan")},
                  {"title", "Implicit assessment plan"},
                  {"description",
                   fmt::format("Every answered item of {} for {}, self-assessed by {}; there is no "
                               "separate assessment plan document.",
                               a.framework, a.period, a.org_code)}}});
        for (const EvidenceRecord& record : data_.evidence) {
            resources.push_back(evidence_resource(record));
        }
        return Json{{"resources", std::move(resources)}};
    }

    const ExportData& data_;
    std::set<std::string> people_;
    std::set<std::string> answerers_;
};

}  // namespace

std::string oscal_json_text(const ExportData& data) {
    OscalWriter writer(data);
    return writer.document().dump(2) + "\n";
}

}  // namespace wardround::assess::detail
