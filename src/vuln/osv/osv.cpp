// SPDX-License-Identifier: Apache-2.0
// OSV records read with simdjson's DOM: a record is small, simdjson validates the whole document
// (syntax, UTF-8, depth) before we look at it, and the DOM lets the required fields be checked for
// every record of an array before any diagnostics are raised, so a rejected file leaves none
// behind.
#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <functional>
#include <iterator>
#include <new>
#include <string>
#include <unordered_set>
#include <utility>

#include <simdjson.h>

#include <wardround/core/identifiers.h>
#include <wardround/core/json_text.h>
#include <wardround/core/text.h>
#include <wardround/vuln/osv.h>

#include "vuln/osv/cvss.h"

namespace wardround::vuln {
namespace {

using JsonElement = simdjson::dom::element;
using JsonObject = simdjson::dom::object;
using JsonArray = simdjson::dom::array;
using ElementType = simdjson::dom::element_type;

// Prefixes that contain a '-' themselves (OSV's table of database prefixes).
constexpr std::array<std::string_view, 7> kTwoPartPrefixes{
    "ASB-A-", "PUB-A-", "SUSE-SU-", "SUSE-RU-", "SUSE-FU-", "SUSE-OU-", "openSUSE-SU-"};

constexpr std::array<std::string_view, 15> kRecordKeys{
    "schema_version", "id",       "modified",   "published",         "withdrawn",
    "aliases",        "related",  "upstream",   "summary",           "details",
    "severity",       "affected", "references", "database_specific", "credits"};
enum RecordKey : std::size_t {
    kSchemaVersionKey,
    kIdKey,
    kModifiedKey,
    kPublishedKey,
    kWithdrawnKey,
    kAliasesKey,
    kRelatedKey,
    kUpstreamKey,
    kSummaryKey,
    kDetailsKey,
    kSeverityKey,
    kAffectedKey,
    kReferencesKey,
    kDatabaseSpecificKey,
    kCreditsKey,
};

constexpr std::array<std::string_view, 6> kAffectedKeys{
    "package", "severity", "ranges", "versions", "ecosystem_specific", "database_specific"};
enum AffectedKey : std::size_t {
    kPackageKey,
    kAffectedSeverityKey,
    kRangesKey,
    kVersionsKey,
    kEcosystemSpecificKey,
    kAffectedDatabaseSpecificKey,
};

constexpr std::array<std::string_view, 4> kRangeKeys{"type", "repo", "events", "database_specific"};
enum RangeKey : std::size_t { kRangeTypeKey, kRepoKey, kEventsKey, kRangeDatabaseSpecificKey };

// Small objects whose readers pick the field by position: 0 is the first key, and so on.
constexpr std::array<std::string_view, 3> kPackageKeys{"ecosystem", "name", "purl"};
constexpr std::array<std::string_view, 2> kSeverityKeys{"type", "score"};
constexpr std::array<std::string_view, 2> kReferenceKeys{"type", "url"};

std::string_view json_type_name(JsonElement element) {
    switch (element.type()) {
        case ElementType::ARRAY:
            return "an array";
        case ElementType::OBJECT:
            return "an object";
        case ElementType::INT64:
        case ElementType::UINT64:
        case ElementType::DOUBLE:
            return "a number";
        case ElementType::STRING:
            return "a string";
        case ElementType::BOOL:
            return "a boolean";
        case ElementType::NULL_VALUE:
            return "null";
    }
    return "a value";
}

std::optional<OsvRangeType> range_type_from_name(std::string_view name) {
    for (const OsvRangeType type :
         {OsvRangeType::kSemver, OsvRangeType::kEcosystem, OsvRangeType::kGit}) {
        if (name == osv_range_type_name(type)) {
            return type;
        }
    }
    return std::nullopt;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool digits_at(std::string_view text, std::size_t position, std::size_t count) {
    for (std::size_t i = position; i < position + count; ++i) {
        if (i >= text.size() || !is_digit(text[i])) {
            return false;
        }
    }
    return true;
}

int two_digits(std::string_view text, std::size_t position) {
    return (text[position] - '0') * 10 + (text[position + 1] - '0');
}

// RFC 3339 section 5.6 date-time: full-date "T" HH:MM:SS [.fraction] ("Z" | +HH:MM | -HH:MM).
// core's parse_timestamp also takes ISO 8601 forms RFC 3339 lacks (no zone, no seconds, a bare
// date), which OSV does not allow, so the shape is checked here and the calendar there.
Result<Timestamp> parse_rfc3339(std::string_view text) {
    const auto bad = [&] {
        return make_error(ErrorCode::kInvalidArgument,
                          "'" + truncate_utf8(text, 64) +
                              "' is not an RFC 3339 date-time such as 2023-10-18T18:04:18Z");
    };
    if (text.size() < 20 || !digits_at(text, 0, 4) || text[4] != '-' || !digits_at(text, 5, 2) ||
        text[7] != '-' || !digits_at(text, 8, 2) || (text[10] != 'T' && text[10] != 't') ||
        !digits_at(text, 11, 2) || text[13] != ':' || !digits_at(text, 14, 2) || text[16] != ':' ||
        !digits_at(text, 17, 2)) {
        return bad();
    }
    std::size_t position = 19;
    if (text[position] == '.') {
        ++position;
        const std::size_t first_digit = position;
        while (position < text.size() && is_digit(text[position])) {
            ++position;
        }
        if (position == first_digit) {
            return bad();
        }
    }
    const std::string_view zone = text.substr(position);
    if (zone != "Z" && zone != "z") {
        if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !digits_at(zone, 1, 2) ||
            zone[3] != ':' || !digits_at(zone, 4, 2) || two_digits(zone, 1) > 23 ||
            two_digits(zone, 4) > 59) {
            return bad();
        }
    }
    auto parsed = parse_timestamp(text);
    if (!parsed) {
        return bad();
    }
    return *parsed;
}

// Checks an id before anything else is read: it keys the advisory in the database.
Status check_id(std::string_view id) {
    if (id.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "id is empty");
    }
    if (id.size() > kOsvMaxIdBytes) {
        return make_error(ErrorCode::kInvalidArgument,
                          "id is " + std::to_string(id.size()) + " bytes long; at most " +
                              std::to_string(kOsvMaxIdBytes) + " are allowed");
    }
    for (char c : id) {
        if (c <= ' ' || c > '~') {
            return make_error(
                ErrorCode::kInvalidArgument,
                "id '" + truncate_utf8(id, 64) + "' has a character other than printable ASCII");
        }
    }
    if (osv_publisher(id).empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "id '" + std::string(id) +
                              "' has no database prefix (OSV ids are <DB>-<ENTRYID>, such as "
                              "GHSA-vp9c-fpxx-744v)");
    }
    return {};
}

// id and modified of one record, checked for all records of a document before any is read.
struct RecordKeys {
    std::string_view id;
    Timestamp modified;
};

Result<RecordKeys> read_required(JsonObject object,
                                 const std::string& path,
                                 std::string_view source) {
    const auto fail = [&](std::string_view key, std::string message) {
        return make_error(ErrorCode::kInvalidArgument, std::move(message),
                          std::string(source) + " " + path + "." + std::string(key));
    };
    JsonElement id_value;
    JsonElement modified_value;
    const bool has_id = object.at_key("id").get(id_value) == simdjson::SUCCESS;
    const bool has_modified = object.at_key("modified").get(modified_value) == simdjson::SUCCESS;
    if (!has_id && !has_modified) {
        return fail("id",
                    "not an OSV record: it has neither 'id' nor 'modified' (OSV requires both)");
    }
    if (!has_id) {
        return fail("id", "the record has no 'id' (OSV requires it)");
    }
    std::string_view id;
    if (id_value.get(id) != simdjson::SUCCESS) {
        return fail("id", "id must be a string, not " + std::string(json_type_name(id_value)));
    }
    if (auto checked = check_id(id); !checked) {
        return fail("id", checked.error().message);
    }
    if (!has_modified) {
        return fail("modified", "record " + std::string(id) +
                                    " has no 'modified' (OSV requires it: it orders revisions)");
    }
    std::string_view modified_text;
    if (modified_value.get(modified_text) != simdjson::SUCCESS) {
        return fail("modified", "modified must be a string, not " +
                                    std::string(json_type_name(modified_value)));
    }
    auto modified = parse_rfc3339(modified_text);
    if (!modified) {
        return fail("modified", "modified: " + modified.error().message);
    }
    return RecordKeys{id, *modified};
}

// A set of ids seen in one list, to leave repeats out in linear time.
using IdSet = std::unordered_set<std::string_view>;

// Reads one record whose id and modified are known to be good. Everything else that is wrong
// becomes a diagnostic at the JSON path of the offending value; `path_` grows and shrinks as the
// reader descends so that the path costs nothing until a diagnostic needs it.
class RecordReader {
public:
    RecordReader(std::string_view source, Diagnostics& diagnostics, std::string path)
        : source_(source), diagnostics_(diagnostics), path_(std::move(path)) {}

    OsvRecord read(JsonObject object, const RecordKeys& keys) {
        OsvRecord record;
        record.id = std::string(keys.id);
        record.publisher = std::string(osv_publisher(keys.id));
        record.modified = keys.modified;
        std::array<std::vector<OsvAlias>, 3> lists;
        for_each_field(object, kRecordKeys, [&](std::size_t key, JsonElement value) {
            switch (key) {
                case kSchemaVersionKey:
                    record.schema_version = std::string(optional_string(value));
                    break;
                case kIdKey:
                case kModifiedKey:
                case kCreditsKey:
                    // id and modified are read already; credits has no place in the schema.
                    break;
                case kPublishedKey:
                    record.published = optional_timestamp(value, Severity::kWarning, "");
                    break;
                case kWithdrawnKey:
                    record.withdrawn = optional_timestamp(value, Severity::kError,
                                                          "; the record is kept as not withdrawn");
                    break;
                case kAliasesKey:
                    read_ids(value, OsvRelation::kAlias, lists[0]);
                    break;
                case kRelatedKey:
                    read_ids(value, OsvRelation::kRelated, lists[1]);
                    break;
                case kUpstreamKey:
                    read_ids(value, OsvRelation::kUpstream, lists[2]);
                    break;
                case kSummaryKey:
                    record.summary = text(value);
                    break;
                case kDetailsKey:
                    record.details = text(value);
                    break;
                case kSeverityKey:
                    read_severities(value, record.severity);
                    break;
                case kAffectedKey:
                    read_affected_list(value, record.affected);
                    break;
                case kReferencesKey:
                    read_references(value, record.references);
                    break;
                case kDatabaseSpecificKey:
                    record.database_specific_json = compact_object(value);
                    break;
                default:
                    break;
            }
        });
        record.aliases.reserve(lists[0].size() + lists[1].size() + lists[2].size());
        for (auto& list : lists) {
            std::move(list.begin(), list.end(), std::back_inserter(record.aliases));
        }
        collect_cve_ids(record);
        return record;
    }

private:
    class [[nodiscard]] PathScope {
    public:
        PathScope(std::string& path, std::string_view key) : path_(path), keep_(path.size()) {
            path_ += '.';
            path_ += key;
        }
        PathScope(std::string& path, std::size_t index) : path_(path), keep_(path.size()) {
            path_ += '[';
            path_ += std::to_string(index);
            path_ += ']';
        }
        ~PathScope() { path_.resize(keep_); }
        PathScope(const PathScope&) = delete;
        PathScope& operator=(const PathScope&) = delete;

    private:
        std::string& path_;
        std::size_t keep_;
    };

    void report(Severity severity, std::string_view code, std::string message) {
        report_at(severity, code, path_, std::move(message));
    }
    void report_at(Severity severity,
                   std::string_view code,
                   std::string location,
                   std::string message) {
        diagnostics_.add(severity, std::string(code), std::string(source_), std::move(location),
                         std::move(message));
    }
    void wrong_type(JsonElement value, std::string_view expected) {
        report(Severity::kWarning, "osv.wrong_type",
               "expected " + std::string(expected) + ", found " +
                   std::string(json_type_name(value)) + "; ignored");
    }

    // Calls handle(index, value) for each member of `object` named in `keys`, with path_ at the
    // member. Unknown members are ignored (OSV adds fields in minor versions); a repeated member
    // is reported and skipped so that what we read is what the first reader of the file saw.
    template <std::size_t N, typename Handler>
    void for_each_field(JsonObject object,
                        const std::array<std::string_view, N>& keys,
                        Handler&& handle) {
        std::array<bool, N> seen{};
        for (const simdjson::dom::key_value_pair field : object) {
            std::size_t index = 0;
            while (index < N && keys[index] != field.key) {
                ++index;
            }
            if (index == N) {
                continue;
            }
            PathScope scope(path_, keys[index]);
            if (seen[index]) {
                report(
                    Severity::kWarning, "osv.duplicate_key",
                    "'" + std::string(keys[index]) + "' appears more than once; the first is used");
                continue;
            }
            seen[index] = true;
            handle(index, field.value);
        }
    }

    // A string, or "" for null and (reported) other types.
    std::string_view optional_string(JsonElement value) {
        std::string_view text;
        if (value.get(text) == simdjson::SUCCESS) {
            return text;
        }
        if (!value.is_null()) {
            wrong_type(value, "a string");
        }
        return {};
    }

    std::string text(JsonElement value) {
        const std::string_view content = optional_string(value);
        if (content.size() <= kOsvMaxTextBytes) {
            return std::string(content);
        }
        report(Severity::kWarning, "osv.text_too_long",
               "a text of " + std::to_string(content.size()) + " bytes was cut to " +
                   std::to_string(kOsvMaxTextBytes));
        return truncate_utf8(content, kOsvMaxTextBytes);
    }

    std::optional<Timestamp> optional_timestamp(JsonElement value,
                                                Severity severity,
                                                std::string_view consequence) {
        std::string_view content;
        if (value.get(content) != simdjson::SUCCESS) {
            if (!value.is_null()) {
                report(severity, "osv.bad_timestamp",
                       "expected an RFC 3339 date-time string, found " +
                           std::string(json_type_name(value)) + std::string(consequence));
            }
            return std::nullopt;
        }
        auto parsed = parse_rfc3339(content);
        if (!parsed) {
            report(severity, "osv.bad_timestamp",
                   parsed.error().message + std::string(consequence));
            return std::nullopt;
        }
        return *parsed;
    }

    // The value as compact JSON text when it is an object; "" for null and (reported) others.
    std::string compact_object(JsonElement value) {
        if (value.is_object()) {
            return simdjson::minify(value);
        }
        if (!value.is_null()) {
            wrong_type(value, "an object");
        }
        return {};
    }

    // The array under path_, or nullopt for null and (reported) other types.
    std::optional<JsonArray> optional_array(JsonElement value,
                                            Severity severity = Severity::kWarning,
                                            std::string_view code = "osv.wrong_type",
                                            std::string_view consequence = "; ignored") {
        JsonArray array;
        if (value.get(array) == simdjson::SUCCESS) {
            return array;
        }
        if (!value.is_null()) {
            report(severity, code,
                   "expected an array, found " + std::string(json_type_name(value)) +
                       std::string(consequence));
        }
        return std::nullopt;
    }

    void read_ids(JsonElement value, OsvRelation relation, std::vector<OsvAlias>& out) {
        const auto array = optional_array(value);
        if (!array) {
            return;
        }
        IdSet seen;
        std::size_t index = 0;
        for (const JsonElement element : *array) {
            PathScope scope(path_, index++);
            std::string_view id;
            if (element.get(id) != simdjson::SUCCESS || id.empty()) {
                report(Severity::kWarning, "osv.bad_alias",
                       "expected a non-empty id string, found " +
                           std::string(element.is_string() ? "\"\"" : json_type_name(element)) +
                           "; left out");
                continue;
            }
            if (!seen.insert(id).second) {
                report(Severity::kInfo, "osv.duplicate_alias",
                       "'" + std::string(id) + "' is listed again; the repeat is left out");
                continue;
            }
            out.push_back(OsvAlias{std::string(id), relation});
        }
    }

    void read_references(JsonElement value, std::vector<OsvReference>& out) {
        const auto array = optional_array(value);
        if (!array) {
            return;
        }
        std::size_t index = 0;
        for (const JsonElement element : *array) {
            PathScope scope(path_, index++);
            JsonObject object;
            if (element.get(object) != simdjson::SUCCESS) {
                report(Severity::kWarning, "osv.bad_reference",
                       "a reference must be an object, not " +
                           std::string(json_type_name(element)) + "; left out");
                continue;
            }
            OsvReference reference;
            for_each_field(object, kReferenceKeys, [&](std::size_t key, JsonElement member) {
                (key == 0 ? reference.type : reference.url) = std::string(optional_string(member));
            });
            if (reference.url.empty()) {
                report(Severity::kWarning, "osv.bad_reference",
                       "the reference has no url; left out");
                continue;
            }
            if (reference.type.empty()) {
                report(Severity::kWarning, "osv.bad_reference",
                       "the reference to " + truncate_utf8(reference.url, 200) +
                           " has no type; kept without one");
            }
            out.push_back(std::move(reference));
        }
    }

    void read_severities(JsonElement value, std::vector<OsvSeverity>& out) {
        const auto array = optional_array(value);
        if (!array) {
            return;
        }
        std::size_t index = 0;
        for (const JsonElement element : *array) {
            PathScope scope(path_, index++);
            if (auto severity = read_severity(element)) {
                out.push_back(std::move(*severity));
            }
        }
    }

    std::optional<OsvSeverity> read_severity(JsonElement value) {
        JsonObject object;
        if (value.get(object) != simdjson::SUCCESS) {
            report(Severity::kWarning, "osv.bad_severity",
                   "a severity entry must be an object, not " + std::string(json_type_name(value)) +
                       "; left out");
            return std::nullopt;
        }
        OsvSeverity severity;
        for_each_field(object, kSeverityKeys, [&](std::size_t key, JsonElement member) {
            (key == 0 ? severity.type : severity.score) = std::string(optional_string(member));
        });
        if (severity.type.empty() || severity.score.empty()) {
            report(Severity::kWarning, "osv.bad_severity",
                   std::string("the severity entry has no ") +
                       (severity.type.empty() ? "type" : "score") + "; left out");
            return std::nullopt;
        }
        Status vector_ok;
        if (severity.type == "CVSS_V3") {
            auto scored = detail::cvss_v3_base_score(severity.score);
            if (scored) {
                severity.base_score = scored->base_score;
                severity.base_severity = std::string(scored->severity);
            } else {
                vector_ok = propagate(scored.error());
            }
        } else if (severity.type == "CVSS_V2") {
            vector_ok = detail::check_cvss_v2_vector(severity.score);
        } else if (severity.type == "CVSS_V4") {
            vector_ok = detail::check_cvss_v4_vector(severity.score);
        } else if (severity.type != "Ubuntu") {
            report(Severity::kInfo, "osv.unknown_severity_type",
                   "severity type '" + truncate_utf8(severity.type, 64) +
                       "' is not one OSV defines; kept as published");
        }
        if (!vector_ok) {
            report(Severity::kWarning, "osv.bad_cvss",
                   vector_ok.error().message + "; kept without a base score");
        }
        return severity;
    }

    void read_affected_list(JsonElement value, std::vector<OsvAffected>& out) {
        const auto array = optional_array(value, Severity::kError, "osv.bad_affected",
                                          "; no affected package is kept");
        if (!array) {
            return;
        }
        std::size_t index = 0;
        for (const JsonElement element : *array) {
            PathScope scope(path_, index++);
            JsonObject object;
            if (element.get(object) != simdjson::SUCCESS) {
                report(Severity::kError, "osv.bad_affected",
                       "an affected entry must be an object, not " +
                           std::string(json_type_name(element)) + "; left out");
                continue;
            }
            out.push_back(read_affected(object));
        }
    }

    OsvAffected read_affected(JsonObject object) {
        OsvAffected affected;
        for_each_field(object, kAffectedKeys, [&](std::size_t key, JsonElement value) {
            switch (key) {
                case kPackageKey:
                    read_package(value, affected);
                    break;
                case kAffectedSeverityKey:
                    read_severities(value, affected.severity);
                    break;
                case kRangesKey:
                    read_ranges(value, affected.ranges);
                    break;
                case kVersionsKey:
                    read_versions(value, affected.versions);
                    break;
                case kEcosystemSpecificKey:
                    affected.ecosystem_specific_json = compact_object(value);
                    break;
                case kAffectedDatabaseSpecificKey:
                    affected.database_specific_json = compact_object(value);
                    break;
                default:
                    break;
            }
        });
        return affected;
    }

    void read_package(JsonElement value, OsvAffected& affected) {
        if (value.is_null()) {
            return;
        }
        JsonObject object;
        if (value.get(object) != simdjson::SUCCESS) {
            report(Severity::kWarning, "osv.bad_package",
                   "package must be an object, not " + std::string(json_type_name(value)) +
                       "; the entry is kept without a package");
            return;
        }
        for_each_field(object, kPackageKeys, [&](std::size_t key, JsonElement member) {
            std::string& field =
                key == 0 ? affected.ecosystem : (key == 1 ? affected.name : affected.purl);
            field = std::string(optional_string(member));
        });
        if (affected.ecosystem.empty() || affected.name.empty()) {
            report(Severity::kWarning, "osv.bad_package",
                   std::string("the package has no ") +
                       (affected.ecosystem.empty() ? "ecosystem" : "name") +
                       " (OSV requires ecosystem and name); the entry is kept");
        }
    }

    void read_versions(JsonElement value, std::vector<std::string>& out) {
        const auto array = optional_array(value, Severity::kError, "osv.bad_affected",
                                          "; no listed version of this package is kept");
        if (!array) {
            return;
        }
        out.reserve(array->size());
        std::size_t index = 0;
        for (const JsonElement element : *array) {
            PathScope scope(path_, index++);
            std::string_view version;
            if (element.get(version) != simdjson::SUCCESS || version.empty()) {
                report(Severity::kError, "osv.bad_version",
                       "expected a non-empty version string, found " +
                           std::string(element.is_string() ? "\"\"" : json_type_name(element)) +
                           "; left out");
                continue;
            }
            out.emplace_back(version);
        }
    }

    void read_ranges(JsonElement value, std::vector<OsvRange>& out) {
        const auto array = optional_array(value, Severity::kError, "osv.bad_affected",
                                          "; no range of this package is kept");
        if (!array) {
            return;
        }
        std::size_t index = 0;
        for (const JsonElement element : *array) {
            PathScope scope(path_, index++);
            if (auto range = read_range(element)) {
                out.push_back(std::move(*range));
            }
        }
    }

    // The first thing wrong with a range, at the most precise path known.
    struct RangeProblem {
        std::string location;
        std::string message;
    };

    std::optional<OsvRange> read_range(JsonElement value) {
        std::optional<RangeProblem> problem;
        auto range = check_range(value, problem);
        if (problem) {
            report_at(Severity::kError, "osv.bad_range", std::move(problem->location),
                      problem->message + "; the range is left out");
            return std::nullopt;
        }
        return range;
    }

    OsvRange check_range(JsonElement value, std::optional<RangeProblem>& problem) {
        const auto fail = [&](std::string location, std::string message) {
            if (!problem) {
                problem = RangeProblem{std::move(location), std::move(message)};
            }
        };
        OsvRange range;
        JsonObject object;
        if (value.get(object) != simdjson::SUCCESS) {
            fail(path_, "a range must be an object, not " + std::string(json_type_name(value)));
            return range;
        }
        std::optional<std::string_view> type;
        std::optional<JsonElement> events;
        for_each_field(object, kRangeKeys, [&](std::size_t key, JsonElement member) {
            switch (key) {
                case kRangeTypeKey:
                    if (std::string_view text; member.get(text) == simdjson::SUCCESS) {
                        type = text;
                    } else if (!member.is_null()) {
                        fail(path_,
                             "type must be a string, not " + std::string(json_type_name(member)));
                    }
                    break;
                case kRepoKey:
                    range.repo = std::string(optional_string(member));
                    break;
                case kEventsKey:
                    if (!member.is_null()) {
                        events = member;
                    }
                    break;
                default:
                    range.database_specific_json = compact_object(member);
                    break;
            }
        });
        if (problem) {
            return range;
        }
        if (!type) {
            fail(path_, "the range has no type");
        } else if (auto known = range_type_from_name(*type)) {
            range.type = *known;
        } else {
            fail(path_ + ".type", "unknown range type '" + truncate_utf8(*type, 64) +
                                      "' (OSV defines SEMVER, ECOSYSTEM and GIT)");
        }
        JsonArray list;
        if (!events) {
            fail(path_, "the range has no events");
        } else if (events->get(list) != simdjson::SUCCESS) {
            fail(path_ + ".events",
                 "events must be an array, not " + std::string(json_type_name(*events)));
        }
        if (problem) {
            return range;
        }
        read_events(list, range, problem);
        if (!problem) {
            problem = check_event_rules(range);
        }
        return range;
    }

    // The rules OSV sets on a range's events as a whole (each event is checked as it is read).
    [[nodiscard]] std::optional<RangeProblem> check_event_rules(const OsvRange& range) const {
        std::array<std::size_t, 4> counts{};
        std::size_t first_limit = 0;
        for (std::size_t i = 0; i < range.events.size(); ++i) {
            const auto kind = static_cast<std::size_t>(range.events[i].kind);
            if (range.events[i].kind == OsvEventKind::kLimit && counts[kind] == 0) {
                first_limit = i;
            }
            ++counts[kind];
        }
        const auto count = [&](OsvEventKind kind) {
            return counts[static_cast<std::size_t>(kind)];
        };
        if (count(OsvEventKind::kIntroduced) == 0) {
            return RangeProblem{path_ + ".events", "the range has no introduced event"};
        }
        if (count(OsvEventKind::kFixed) > 0 && count(OsvEventKind::kLastAffected) > 0) {
            return RangeProblem{
                path_ + ".events",
                "the range has both fixed and last_affected events (OSV allows one kind)"};
        }
        if (count(OsvEventKind::kLimit) > 0 && range.type != OsvRangeType::kGit) {
            return RangeProblem{path_ + ".events[" + std::to_string(first_limit) + "]",
                                "a limit event is only allowed in a GIT range, not " +
                                    std::string(osv_range_type_name(range.type))};
        }
        if (range.type == OsvRangeType::kGit && range.repo.empty()) {
            return RangeProblem{path_, "a GIT range needs a repo"};
        }
        return std::nullopt;
    }

    void read_events(JsonArray list, OsvRange& range, std::optional<RangeProblem>& problem) {
        range.events.reserve(list.size());
        std::size_t index = 0;
        // The event's path is built only when something is wrong with it.
        const auto fail = [&](std::string_view suffix, std::string message) {
            problem =
                RangeProblem{path_ + ".events[" + std::to_string(index) + "]" + std::string(suffix),
                             std::move(message)};
        };
        for (const JsonElement element : list) {
            JsonObject object;
            if (element.get(object) != simdjson::SUCCESS) {
                fail("", "an event must be an object, not " + std::string(json_type_name(element)));
                return;
            }
            if (object.size() != 1) {
                fail("",
                     "an event must have exactly one of introduced, fixed, last_affected and "
                     "limit; this one has " +
                         std::to_string(object.size()) + " keys");
                return;
            }
            const simdjson::dom::key_value_pair field = *object.begin();
            std::optional<OsvEventKind> kind;
            for (const OsvEventKind candidate :
                 {OsvEventKind::kIntroduced, OsvEventKind::kFixed, OsvEventKind::kLastAffected,
                  OsvEventKind::kLimit}) {
                if (field.key == osv_event_kind_name(candidate)) {
                    kind = candidate;
                }
            }
            if (!kind) {
                fail("", "unknown event '" + truncate_utf8(field.key, 64) +
                             "' (OSV defines introduced, fixed, last_affected and limit)");
                return;
            }
            std::string_view version;
            if (field.value.get(version) != simdjson::SUCCESS || version.empty()) {
                fail("." + std::string(field.key),
                     "an event's version must be a non-empty string, not " +
                         std::string(field.value.is_string() ? "\"\""
                                                             : json_type_name(field.value)));
                return;
            }
            range.events.push_back(OsvEvent{*kind, std::string(version)});
            ++index;
        }
    }

    static void collect_cve_ids(OsvRecord& record) {
        IdSet seen;
        const auto add = [&](const std::string& id) {
            if (is_cve_id(id) && seen.insert(id).second) {
                record.cve_ids.push_back(id);
            }
        };
        add(record.id);
        for (const OsvAlias& alias : record.aliases) {
            if (alias.relation != OsvRelation::kRelated) {
                add(alias.id);
            }
        }
    }

    std::string_view source_;
    Diagnostics& diagnostics_;
    std::string path_;
};

}  // namespace

std::string_view osv_range_type_name(OsvRangeType type) {
    switch (type) {
        case OsvRangeType::kSemver:
            return "SEMVER";
        case OsvRangeType::kEcosystem:
            return "ECOSYSTEM";
        case OsvRangeType::kGit:
            return "GIT";
    }
    return "ECOSYSTEM";
}

std::string_view osv_event_kind_name(OsvEventKind kind) {
    switch (kind) {
        case OsvEventKind::kIntroduced:
            return "introduced";
        case OsvEventKind::kFixed:
            return "fixed";
        case OsvEventKind::kLastAffected:
            return "last_affected";
        case OsvEventKind::kLimit:
            return "limit";
    }
    return "introduced";
}

std::string_view osv_relation_name(OsvRelation relation) {
    switch (relation) {
        case OsvRelation::kAlias:
            return "alias";
        case OsvRelation::kRelated:
            return "related";
        case OsvRelation::kUpstream:
            return "upstream";
    }
    return "alias";
}

std::string OsvRange::events_json() const {
    std::string out = "[";
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += "{\"";
        out += osv_event_kind_name(events[i].kind);
        out += "\":";
        out += json_quote(events[i].version);
        out += '}';
    }
    out += ']';
    return out;
}

std::string_view OsvAffected::bare_ecosystem() const {
    return osv_bare_ecosystem(ecosystem);
}

std::string_view OsvAffected::ecosystem_release() const {
    const std::size_t colon = ecosystem.find(':');
    return colon == std::string::npos ? std::string_view{}
                                      : std::string_view(ecosystem).substr(colon + 1);
}

std::string OsvAffected::versions_json() const {
    return json_string_array(versions);
}

std::string_view osv_bare_ecosystem(std::string_view ecosystem) {
    return ecosystem.substr(0, ecosystem.find(':'));
}

std::string_view osv_publisher(std::string_view id) {
    for (const std::string_view prefix : kTwoPartPrefixes) {
        if (id.size() > prefix.size() && id.starts_with(prefix)) {
            return id.substr(0, prefix.size() - 1);
        }
    }
    const std::size_t dash = id.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 == id.size()) {
        return {};
    }
    const std::string_view prefix = id.substr(0, dash);
    for (char c : prefix) {
        const bool alphanumeric = is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!alphanumeric) {
            return {};
        }
    }
    return prefix;
}

struct OsvParser::State {
    simdjson::dom::parser parser;
    std::size_t max_document_bytes = kOsvMaxDocumentBytes;
    // The document with simdjson's padding after it; kept to reuse its allocation.
    std::string buffer;

    Result<std::vector<OsvRecord>> parse_buffer(std::size_t size,
                                                std::string_view source,
                                                Diagnostics& diagnostics);
};

Result<std::vector<OsvRecord>> OsvParser::State::parse_buffer(std::size_t size,
                                                              std::string_view source,
                                                              Diagnostics& diagnostics) {
    JsonElement root;
    if (const auto error = parser.parse(buffer.data(), size, false).get(root);
        error != simdjson::SUCCESS) {
        std::string message;
        switch (error) {
            case simdjson::EMPTY:
                message = "the document is empty";
                break;
            case simdjson::UTF8_ERROR:
                message = "the document is not valid UTF-8";
                break;
            case simdjson::DEPTH_ERROR:
                message = "the document nests deeper than 1024 levels";
                break;
            default:
                message = std::string("not valid JSON: ") + simdjson::error_message(error);
                break;
        }
        return make_error(ErrorCode::kInvalidArgument, std::move(message), std::string(source));
    }
    // One record, or an array of them; paths are "$..." or "$[i]...".
    std::vector<std::pair<JsonObject, std::string>> objects;
    if (JsonObject object; root.get(object) == simdjson::SUCCESS) {
        objects.emplace_back(object, "$");
    } else if (JsonArray array; root.get(array) == simdjson::SUCCESS) {
        objects.reserve(array.size());
        for (const JsonElement element : array) {
            std::string path = "$[" + std::to_string(objects.size()) + "]";
            JsonObject record;
            if (element.get(record) != simdjson::SUCCESS) {
                return make_error(ErrorCode::kInvalidArgument,
                                  "an array of OSV records holds " +
                                      std::string(json_type_name(element)) + ", not an object",
                                  std::string(source) + " " + path);
            }
            objects.emplace_back(record, std::move(path));
        }
    } else {
        return make_error(ErrorCode::kInvalidArgument,
                          "not an OSV document: the top level is " +
                              std::string(json_type_name(root)) +
                              ", not a record object or an array of records",
                          std::string(source) + " $");
    }
    std::vector<RecordKeys> keys;
    keys.reserve(objects.size());
    for (const auto& [object, path] : objects) {
        auto required = read_required(object, path, source);
        if (!required) {
            return propagate(std::move(required).error());
        }
        keys.push_back(*required);
    }
    std::vector<OsvRecord> records;
    records.reserve(objects.size());
    for (std::size_t i = 0; i < objects.size(); ++i) {
        RecordReader reader(source, diagnostics, objects[i].second);
        records.push_back(reader.read(objects[i].first, keys[i]));
    }
    return records;
}

OsvParser::OsvParser() : state_(std::make_unique<State>()) {}
OsvParser::~OsvParser() = default;
OsvParser::OsvParser(OsvParser&&) noexcept = default;
OsvParser& OsvParser::operator=(OsvParser&&) noexcept = default;

void OsvParser::set_max_document_bytes(std::size_t max_document_bytes) {
    state_->max_document_bytes = max_document_bytes;
}

Result<std::vector<OsvRecord>> OsvParser::parse(InputFile& file, Diagnostics& diagnostics) {
    try {
        auto bytes = file.read_all(state_->max_document_bytes);
        if (!bytes) {
            return propagate(std::move(bytes).error());
        }
        const std::size_t size = bytes->size();
        state_->buffer = std::move(*bytes);
        state_->buffer.resize(size + simdjson::SIMDJSON_PADDING);
        return state_->parse_buffer(size, file.name(), diagnostics);
    } catch (const std::exception& e) {
        // Only allocation can throw here; the library reports rather than propagates it.
        return make_error(ErrorCode::kInternal, std::string("OSV parsing failed: ") + e.what(),
                          file.name());
    }
}

Result<std::vector<OsvRecord>> OsvParser::parse(std::string_view json,
                                                std::string_view source,
                                                Diagnostics& diagnostics) {
    if (json.size() > state_->max_document_bytes) {
        return make_error(ErrorCode::kInvalidArgument,
                          "the document is " + std::to_string(json.size()) +
                              " bytes, over the limit of " +
                              std::to_string(state_->max_document_bytes),
                          std::string(source));
    }
    try {
        state_->buffer.assign(json);
        state_->buffer.resize(json.size() + simdjson::SIMDJSON_PADDING);
        return state_->parse_buffer(json.size(), source, diagnostics);
    } catch (const std::exception& e) {
        return make_error(ErrorCode::kInternal, std::string("OSV parsing failed: ") + e.what(),
                          std::string(source));
    }
}

Result<std::vector<OsvRecord>> parse_osv_file(const std::string& path, Diagnostics& diagnostics) {
    auto file = InputFile::open(path);
    if (!file) {
        return propagate(std::move(file).error());
    }
    OsvParser parser;
    return parser.parse(*file, diagnostics);
}

}  // namespace wardround::vuln
