// SPDX-License-Identifier: Apache-2.0
#include "vuln/nvd/cve_parser.h"

#include <wardround/core/identifiers.h>
#include <wardround/core/json_stream.h>
#include <wardround/core/text.h>

namespace wardround::vuln::detail {

static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING,
              "JsonArrayStream must leave the padding simdjson reads past the end");

std::string RecordPlace::element_path() const {
    if (array_path.empty()) {
        return "$";
    }
    return std::string(array_path) + "[" + std::to_string(index) + "]";
}

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

std::string_view type_name(element_type type) {
    switch (type) {
        case element_type::ARRAY:
            return "an array";
        case element_type::OBJECT:
            return "an object";
        case element_type::INT64:
        case element_type::UINT64:
        case element_type::DOUBLE:
            return "a number";
        case element_type::STRING:
            return "a string";
        case element_type::BOOL:
            return "a boolean";
        case element_type::NULL_VALUE:
            return "null";
    }
    return "a value";
}

// The value as an object or array, once its type has been checked. By value: a range-for over
// get_object().value_unsafe() would iterate a reference into a destroyed temporary.
object object_of(element value) {
    return value.get_object().value_unsafe();
}
array array_of(element value) {
    return value.get_array().value_unsafe();
}

// A JSON path below the record, kept as a chain of stack frames and turned into text only when a
// diagnostic needs it: most records need none, and building "…cpeMatch[3].criteria" for every
// field would cost an allocation per field.
struct Path {
    const Path* parent = nullptr;
    std::string_view key;  // a member name, or "" for an array index
    std::size_t index = 0;

    [[nodiscard]] Path member(std::string_view name) const { return Path{this, name, 0}; }
    [[nodiscard]] Path item(std::size_t position) const { return Path{this, {}, position}; }

    // ".configurations[0].nodes[1]", relative to the record.
    [[nodiscard]] std::string text() const {
        if (parent == nullptr) {
            return {};
        }
        const std::string above = parent->text();
        return key.empty() ? above + "[" + std::to_string(index) + "]"
                           : json_member_path(above, key);
    }
};

// Reads one `cve` object into a CveRecord. Every malformed part is reported and skipped, so that
// one bad field costs that field, not the record (required fields aside).
class RecordReader {
public:
    RecordReader(const RecordPlace& place, Diagnostics& diagnostics, bool wrapped)
        : place_(place), diagnostics_(diagnostics), wrapped_(wrapped) {}

    // Fills `out` from `cve`; false when a required field is unusable (reported as an error).
    bool read(object cve, CveRecord& out) {
        reset(out);
        if (!read_required(cve, out)) {
            return false;
        }
        for (const auto field : cve) {
            read_field(field.key, field.value, out);
        }
        out.has_configurations = !out.configurations.empty();
        return true;
    }

    void report(Severity severity, std::string_view code, const Path& path, std::string message) {
        if (!id_.empty()) {
            message = std::string(id_) + ": " + message;
        }
        diagnostics_.add(
            severity, std::string(code), std::string(place_.source), base_path() + path.text(),
            std::move(message) + " (record at byte " + std::to_string(place_.offset) + ")");
    }

    [[nodiscard]] const Path& root() const { return root_; }

private:
    [[nodiscard]] std::string base_path() const {
        return place_.element_path() + (wrapped_ ? ".cve" : "");
    }

    void bad_field(const Path& path, std::string message) {
        report(Severity::kWarning, "nvd.bad_field", path, std::move(message));
    }

    void wrong_type(const Path& path, std::string_view expected, element found) {
        bad_field(path, "expected " + std::string(expected) + ", found " +
                            std::string(type_name(found.type())) + "; ignored");
    }

    static void reset(CveRecord& out) {
        out.id.clear();
        out.source_identifier.clear();
        out.published.reset();
        out.last_modified = Timestamp{};
        out.vuln_status.clear();
        out.description.clear();
        out.cve_tags.clear();
        out.cisa_exploit_add.reset();
        out.cisa_action_due.reset();
        out.cisa_required_action.clear();
        out.cisa_vulnerability_name.clear();
        out.evaluator_comment.clear();
        out.evaluator_solution.clear();
        out.evaluator_impact.clear();
        out.metrics.clear();
        out.weaknesses.clear();
        out.references.clear();
        out.configurations.clear();
        out.has_configurations = false;
    }

    // A required string member; reports and returns false when it is absent or not a string.
    bool required_string(object cve, std::string_view key, std::string_view& text) {
        element value;
        if (cve.at_key(key).get(value) != simdjson::SUCCESS) {
            report(Severity::kError, "nvd.missing_field", root_.member(key),
                   "required field \"" + std::string(key) + "\" is missing; record skipped");
            return false;
        }
        if (value.get_string().get(text) != simdjson::SUCCESS) {
            report(Severity::kError, "nvd.bad_type", root_.member(key),
                   "required field \"" + std::string(key) + "\" is " +
                       std::string(type_name(value.type())) + ", not a string; record skipped");
            return false;
        }
        return true;
    }

    // id, lastModified and vulnStatus: without them a record cannot be stored or ordered against
    // another version of itself. Every problem among them is reported, not just the first.
    bool read_required(object cve, CveRecord& out) {
        bool ok = true;
        std::string_view id;
        if (!required_string(cve, "id", id)) {
            ok = false;
        } else if (!is_cve_id(id)) {
            report(Severity::kError, "nvd.bad_value", root_.member("id"),
                   "id \"" + truncate_utf8(id, 60) + "\" is not a CVE id; record skipped");
            ok = false;
        } else {
            out.id.assign(id);
            id_ = out.id;
        }
        std::string_view last_modified;
        if (required_string(cve, "lastModified", last_modified)) {
            auto parsed = parse_timestamp(last_modified);
            if (parsed) {
                out.last_modified = *parsed;
            } else {
                report(Severity::kError, "nvd.bad_value", root_.member("lastModified"),
                       "lastModified: " + parsed.error().message + "; record skipped");
                ok = false;
            }
        } else {
            ok = false;
        }
        std::string_view status;
        if (!required_string(cve, "vulnStatus", status)) {
            ok = false;
        } else if (status.empty()) {
            report(Severity::kError, "nvd.bad_value", root_.member("vulnStatus"),
                   "vulnStatus is empty; record skipped");
            ok = false;
        } else {
            out.vuln_status.assign(status);
        }
        return ok;
    }

    // The plain text members: where each goes.
    static std::string* text_field(std::string_view key, CveRecord& out) {
        if (key == "sourceIdentifier") {
            return &out.source_identifier;
        }
        if (key == "cisaRequiredAction") {
            return &out.cisa_required_action;
        }
        if (key == "cisaVulnerabilityName") {
            return &out.cisa_vulnerability_name;
        }
        if (key == "evaluatorComment") {
            return &out.evaluator_comment;
        }
        if (key == "evaluatorSolution") {
            return &out.evaluator_solution;
        }
        if (key == "evaluatorImpact") {
            return &out.evaluator_impact;
        }
        return nullptr;
    }

    void read_field(std::string_view key, element value, CveRecord& out) {
        // Required members were read first; JSON null in an optional one means it is absent.
        if (key == "id" || key == "lastModified" || key == "vulnStatus" || value.is_null()) {
            return;
        }
        const Path path = root_.member(key);
        if (std::string* text = text_field(key, out)) {
            read_string(value, path, *text);
        } else if (key == "descriptions") {
            read_descriptions(value, path, out);
        } else if (key == "references") {
            read_references(value, path, out);
        } else if (key == "metrics") {
            read_metrics(value, path, out);
        } else if (key == "weaknesses") {
            read_weaknesses(value, path, out);
        } else if (key == "configurations") {
            read_configurations(value, path, out);
        } else if (key == "published") {
            read_timestamp(value, path, out.published);
        } else if (key == "cisaExploitAdd") {
            read_date(value, path, out.cisa_exploit_add);
        } else if (key == "cisaActionDue") {
            read_date(value, path, out.cisa_action_due);
        } else if (key == "cveTags") {
            if (value.is_array()) {
                out.cve_tags = simdjson::minify(value);
            } else {
                wrong_type(path, "an array", value);
            }
        } else if (key == "affected" || key == "vendorComments") {
            // Known NVD members the schema deliberately has no place for (CNA product text,
            // vendor remarks). In 7% of real records: reporting them would bury real problems.
        } else {
            // Members NVD adds later: saying so keeps the loss visible.
            report(Severity::kInfo, "nvd.ignored_field", path,
                   "member \"" + std::string(key) + "\" is not stored");
        }
    }

    bool read_string(element value, const Path& path, std::string& out) {
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) {
            wrong_type(path, "a string", value);
            return false;
        }
        out.assign(text);
        return true;
    }

    void read_timestamp(element value, const Path& path, std::optional<Timestamp>& out) {
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) {
            wrong_type(path, "a string", value);
            return;
        }
        auto parsed = parse_timestamp(text);
        if (!parsed) {
            bad_field(path, parsed.error().message + "; ignored");
            return;
        }
        out = *parsed;
    }

    void read_date(element value, const Path& path, std::optional<Date>& out) {
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) {
            wrong_type(path, "a string", value);
            return;
        }
        auto parsed = parse_date(text);
        if (!parsed) {
            bad_field(path, parsed.error().message + "; ignored");
            return;
        }
        out = *parsed;
    }

    void read_number(element value, const Path& path, std::optional<double>& out) {
        double number = 0;
        if (value.get_double().get(number) != simdjson::SUCCESS) {
            wrong_type(path, "a number", value);
            return;
        }
        out = number;
    }

    void read_descriptions(element value, const Path& path, CveRecord& out) {
        array list;
        if (value.get_array().get(list) != simdjson::SUCCESS) {
            wrong_type(path, "an array", value);
            return;
        }
        std::size_t index = 0;
        for (const element item : list) {
            std::string_view lang;
            std::string_view text;
            if (item.at_key("lang").get_string().get(lang) != simdjson::SUCCESS ||
                item.at_key("value").get_string().get(text) != simdjson::SUCCESS) {
                bad_field(path.item(index), R"(a description needs string "lang" and "value"; )"
                                            "ignored");
            } else if (lang == "en" && out.description.empty()) {
                out.description.assign(text);
            }
            ++index;
        }
    }

    void read_references(element value, const Path& path, CveRecord& out) {
        array list;
        if (value.get_array().get(list) != simdjson::SUCCESS) {
            wrong_type(path, "an array", value);
            return;
        }
        std::size_t index = 0;
        for (const element item : list) {
            read_reference(item, path.item(index++), out);
        }
    }

    void read_reference(element item, const Path& path, CveRecord& out) {
        object fields;
        if (item.get_object().get(fields) != simdjson::SUCCESS) {
            wrong_type(path, "an object", item);
            return;
        }
        CveReference reference;
        bool has_url = false;
        bool bad_url = false;
        for (const auto field : fields) {
            if (field.key == "url") {
                has_url = read_string(field.value, path.member("url"), reference.url);
                bad_url = !has_url;
            } else if (field.key == "source") {
                read_string(field.value, path.member("source"), reference.source);
            } else if (field.key == "tags") {
                read_tags(field.value, path.member("tags"), reference.tags);
            }
        }
        if (!has_url) {
            if (!bad_url) {  // a wrong type was reported already
                bad_field(path.member("url"), "a reference needs a url; ignored");
            }
            return;
        }
        out.references.push_back(std::move(reference));
    }

    void read_tags(element value, const Path& path, std::vector<std::string>& tags) {
        array list;
        if (value.get_array().get(list) != simdjson::SUCCESS) {
            wrong_type(path, "an array", value);
            return;
        }
        for (const element tag : list) {
            std::string_view text;
            if (tag.get_string().get(text) != simdjson::SUCCESS) {
                tags.clear();
                wrong_type(path, "an array of strings", tag);
                return;
            }
            tags.emplace_back(text);
        }
    }

    // The CVSS lists by name; nullopt for others.
    static std::optional<CvssVersion> cvss_list(std::string_view key) {
        if (key == "cvssMetricV40") {
            return CvssVersion::kV40;
        }
        if (key == "cvssMetricV31") {
            return CvssVersion::kV31;
        }
        if (key == "cvssMetricV30") {
            return CvssVersion::kV30;
        }
        if (key == "cvssMetricV2") {
            return CvssVersion::kV2;
        }
        return std::nullopt;
    }

    void read_metrics(element value, const Path& path, CveRecord& out) {
        object lists;
        if (value.get_object().get(lists) != simdjson::SUCCESS) {
            wrong_type(path, "an object", value);
            return;
        }
        for (const auto list_field : lists) {
            const Path list_path = path.member(list_field.key);
            const std::optional<CvssVersion> version = cvss_list(list_field.key);
            if (!version) {
                // CISA's SSVC decision (in about 17% of records) is not a CVSS score and has no
                // column; it is known, so not reported.
                if (list_field.key != "ssvcV203") {
                    report(Severity::kWarning, "nvd.unknown_metric", list_path,
                           "metric list \"" + std::string(list_field.key) + "\" is not stored");
                }
                continue;
            }
            array entries;
            if (list_field.value.get_array().get(entries) != simdjson::SUCCESS) {
                wrong_type(list_path, "an array", list_field.value);
                continue;
            }
            std::size_t index = 0;
            for (const element entry : entries) {
                read_metric(entry, *version, list_path.item(index++), out);
            }
        }
    }

    // cvssData: the vector, the score and (v3, v4) the severity. False when it is not an object.
    bool read_cvss_data(
        element value, const Path& path, CvssMetric& metric, bool& has_vector, bool& has_score) {
        object data;
        if (value.get_object().get(data) != simdjson::SUCCESS) {
            wrong_type(path, "an object", value);
            return false;
        }
        for (const auto item : data) {
            if (item.key == "vectorString") {
                has_vector = read_string(item.value, path.member(item.key), metric.vector);
            } else if (item.key == "baseScore") {
                std::optional<double> score;
                read_number(item.value, path.member(item.key), score);
                metric.base_score = score.value_or(0);
                has_score = score.has_value();
            } else if (item.key == "baseSeverity") {
                read_string(item.value, path.member(item.key), metric.base_severity);
            }
        }
        return true;
    }

    void read_metric(element entry, CvssVersion version, const Path& path, CveRecord& out) {
        object fields;
        if (entry.get_object().get(fields) != simdjson::SUCCESS) {
            wrong_type(path, "an object", entry);
            return;
        }
        CvssMetric metric;
        metric.version = version;
        bool has_vector = false;
        bool has_score = false;
        for (const auto field : fields) {
            const element value = field.value;
            const Path field_path = path.member(field.key);
            if (field.key == "source") {
                read_string(value, field_path, metric.source);
            } else if (field.key == "type") {
                read_string(value, field_path, metric.type);
            } else if (field.key == "exploitabilityScore") {
                read_number(value, field_path, metric.exploitability_score);
            } else if (field.key == "impactScore") {
                read_number(value, field_path, metric.impact_score);
            } else if (field.key == "baseSeverity") {
                // CVSS v2 keeps the severity beside cvssData.
                read_string(value, field_path, metric.base_severity);
            } else if (field.key == "cvssData" &&
                       !read_cvss_data(value, field_path, metric, has_vector, has_score)) {
                return;
            }
        }
        if (!has_vector || !has_score) {
            bad_field(path, "a metric needs cvssData with a vectorString and a baseScore; ignored");
            return;
        }
        out.metrics.push_back(std::move(metric));
    }

    void read_weaknesses(element value, const Path& path, CveRecord& out) {
        array list;
        if (value.get_array().get(list) != simdjson::SUCCESS) {
            wrong_type(path, "an array", value);
            return;
        }
        std::size_t index = 0;
        for (const element item : list) {
            read_weakness(item, path.item(index++), out);
        }
    }

    void read_weakness(element item, const Path& path, CveRecord& out) {
        object fields;
        if (item.get_object().get(fields) != simdjson::SUCCESS) {
            wrong_type(path, "an object", item);
            return;
        }
        std::string source;
        std::string type;
        array descriptions;
        bool has_descriptions = false;
        for (const auto field : fields) {
            if (field.key == "source") {
                read_string(field.value, path.member(field.key), source);
            } else if (field.key == "type") {
                read_string(field.value, path.member(field.key), type);
            } else if (field.key == "description") {
                has_descriptions = field.value.get_array().get(descriptions) == simdjson::SUCCESS;
                if (!has_descriptions) {
                    wrong_type(path.member(field.key), "an array", field.value);
                }
            }
        }
        if (!has_descriptions) {
            return;
        }
        const Path list_path = path.member("description");
        std::size_t index = 0;
        for (const element description : descriptions) {
            std::string_view cwe;
            if (description.at_key("value").get_string().get(cwe) != simdjson::SUCCESS) {
                bad_field(list_path.item(index).member("value"),
                          "a weakness description needs a string value; ignored");
            } else {
                out.weaknesses.push_back(CveWeakness{source, type, std::string(cwe)});
            }
            ++index;
        }
    }

    // Applicability is all or nothing: on the first malformed part the configurations read so
    // far are dropped, so the record says "not evaluable" instead of matching the wrong assets.
    void read_configurations(element value, const Path& path, CveRecord& out) {
        array list;
        if (value.get_array().get(list) != simdjson::SUCCESS) {
            wrong_type(path, "an array", value);
            return;
        }
        out.configurations.reserve(list.size());
        std::size_t index = 0;
        for (const element item : list) {
            Configuration configuration;
            if (!read_configuration(item, path.item(index++), configuration)) {
                out.configurations.clear();
                return;
            }
            out.configurations.push_back(std::move(configuration));
        }
    }

    bool drop_configurations(const Path& path, std::string why) {
        bad_field(path, std::move(why) + "; all configurations of the record ignored");
        return false;
    }

    bool is_a(element value, element_type type, const Path& path, std::string_view what) {
        if (value.type() == type) {
            return true;
        }
        return drop_configurations(
            path, std::string(what) + " is " + std::string(type_name(value.type())));
    }

    bool read_operator(element value, const Path& path, ConfigOperator& op) {
        if (!is_a(value, element_type::STRING, path, "operator")) {
            return false;
        }
        const std::string_view text = value.get_string().value_unsafe();
        if (text == "OR" || text == "AND") {
            op = text == "OR" ? ConfigOperator::kOr : ConfigOperator::kAnd;
            return true;
        }
        return drop_configurations(
            path, "operator \"" + truncate_utf8(text, 20) + "\" is neither AND nor OR");
    }

    bool read_flag(element value, const Path& path, bool& flag) {
        if (!is_a(value, element_type::BOOL, path, "a flag")) {
            return false;
        }
        flag = value.get_bool().value_unsafe();
        return true;
    }

    bool read_configuration(element item, const Path& path, Configuration& out) {
        if (!is_a(item, element_type::OBJECT, path, "a configuration")) {
            return false;
        }
        bool has_nodes = false;
        for (const auto field : object_of(item)) {
            const Path field_path = path.member(field.key);
            bool ok = true;
            if (field.key == "operator") {
                ok = read_operator(field.value, field_path, out.op);
            } else if (field.key == "negate") {
                ok = read_flag(field.value, field_path, out.negate);
            } else if (field.key == "nodes") {
                has_nodes = true;
                ok = read_nodes(field.value, field_path, out);
            }
            if (!ok) {
                return false;
            }
        }
        return has_nodes ||
               drop_configurations(path.member("nodes"), "a configuration has no nodes");
    }

    bool read_nodes(element value, const Path& path, Configuration& out) {
        if (!is_a(value, element_type::ARRAY, path, "nodes")) {
            return false;
        }
        std::size_t index = 0;
        for (const element node : array_of(value)) {
            ConfigNode parsed;
            if (!read_node(node, path.item(index++), parsed)) {
                return false;
            }
            out.nodes.push_back(std::move(parsed));
        }
        return true;
    }

    bool read_node(element item, const Path& path, ConfigNode& out) {
        if (!is_a(item, element_type::OBJECT, path, "a node")) {
            return false;
        }
        bool has_matches = false;
        for (const auto field : object_of(item)) {
            const Path field_path = path.member(field.key);
            bool ok = true;
            if (field.key == "operator") {
                ok = read_operator(field.value, field_path, out.op);
            } else if (field.key == "negate") {
                ok = read_flag(field.value, field_path, out.negate);
            } else if (field.key == "cpeMatch") {
                has_matches = true;
                ok = read_matches(field.value, field_path, out);
            }
            if (!ok) {
                return false;
            }
        }
        return has_matches ||
               drop_configurations(path.member("cpeMatch"), "a node has no cpeMatch");
    }

    bool read_matches(element value, const Path& path, ConfigNode& out) {
        if (!is_a(value, element_type::ARRAY, path, "cpeMatch")) {
            return false;
        }
        const array matches = array_of(value);
        out.matches.reserve(matches.size());
        std::size_t index = 0;
        for (const element match : matches) {
            CpeMatch parsed;
            if (!read_match(match, path.item(index++), parsed)) {
                return false;
            }
            out.matches.push_back(std::move(parsed));
        }
        return true;
    }

    bool read_text(element value, const Path& path, std::string_view what, std::string& out) {
        if (!is_a(value, element_type::STRING, path, what)) {
            return false;
        }
        out.assign(value.get_string().value_unsafe());
        return true;
    }

    bool read_bound(element value, const Path& path, std::optional<std::string>& bound) {
        if (!is_a(value, element_type::STRING, path, "a version bound")) {
            return false;
        }
        bound.emplace(value.get_string().value_unsafe());
        return true;
    }

    // One cpeMatch member; false when it is malformed (reported).
    bool read_match_field(std::string_view key, element value, const Path& path, CpeMatch& out) {
        if (key == "criteria") {
            return read_text(value, path, "criteria", out.criteria);
        }
        if (key == "vulnerable") {
            return read_flag(value, path, out.vulnerable);
        }
        if (key == "matchCriteriaId") {
            return read_text(value, path, "matchCriteriaId", out.match_criteria_id);
        }
        if (key == "versionStartIncluding") {
            return read_bound(value, path, out.version_start_including);
        }
        if (key == "versionStartExcluding") {
            return read_bound(value, path, out.version_start_excluding);
        }
        if (key == "versionEndIncluding") {
            return read_bound(value, path, out.version_end_including);
        }
        if (key == "versionEndExcluding") {
            return read_bound(value, path, out.version_end_excluding);
        }
        return true;
    }

    bool read_match(element item, const Path& path, CpeMatch& out) {
        if (!is_a(item, element_type::OBJECT, path, "a cpeMatch entry")) {
            return false;
        }
        bool has_vulnerable = false;
        bool has_criteria = false;
        for (const auto field : object_of(item)) {
            if (!read_match_field(field.key, field.value, path.member(field.key), out)) {
                return false;
            }
            has_vulnerable = has_vulnerable || field.key == "vulnerable";
            has_criteria = has_criteria || field.key == "criteria";
        }
        return (has_criteria && has_vulnerable) ||
               drop_configurations(path, "a cpeMatch entry needs criteria and vulnerable");
    }

    const RecordPlace& place_;
    Diagnostics& diagnostics_;
    bool wrapped_;
    Path root_;
    std::string_view id_;
};

}  // namespace

Result<bool> CveParser::parse(std::string_view json,
                              bool padded,
                              const RecordPlace& place,
                              Diagnostics& diagnostics,
                              CveRecord& record) {
    element root;
    const simdjson::error_code error =
        parser_.parse(json.data(), json.size(), /*realloc_if_needed=*/!padded).get(root);
    if (error != simdjson::SUCCESS) {
        return make_error(
            error == simdjson::MEMALLOC ? ErrorCode::kInternal : ErrorCode::kInvalidArgument,
            std::string("not well-formed JSON: ") + simdjson::error_message(error),
            std::string(place.source) + " " + place.element_path() + " (byte " +
                std::to_string(place.offset) + ")");
    }
    object top;
    const bool is_object = root.get_object().get(top) == simdjson::SUCCESS;
    RecordReader element_level(place, diagnostics, false);
    if (!is_object) {
        element_level.report(
            Severity::kError, "nvd.bad_type", element_level.root(),
            "a record is " + std::string(type_name(root.type())) + ", not an object; skipped");
        return false;
    }
    bool wrapped = place.shape == RecordShape::kWrapped;
    if (place.shape == RecordShape::kEither && top.at_key("id").error() &&
        !top.at_key("cve").error()) {
        wrapped = true;
    }
    object cve = top;
    if (wrapped) {
        element inner;
        const Path cve_path = element_level.root().member("cve");
        if (top.at_key("cve").get(inner) != simdjson::SUCCESS) {
            element_level.report(Severity::kError, "nvd.missing_field", cve_path,
                                 "the element has no \"cve\" object; skipped");
            return false;
        }
        if (inner.get_object().get(cve) != simdjson::SUCCESS) {
            element_level.report(
                Severity::kError, "nvd.bad_type", cve_path,
                "\"cve\" is " + std::string(type_name(inner.type())) + ", not an object; skipped");
            return false;
        }
    }
    record.element_index = place.index;
    record.byte_offset = place.offset;
    return RecordReader(place, diagnostics, wrapped).read(cve, record);
}

}  // namespace wardround::vuln::detail
