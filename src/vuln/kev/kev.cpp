// SPDX-License-Identifier: Apache-2.0
// KEV catalogue parsing. The JSON has 11 fields per entry (schema:
// cisagov/kev-data known_exploited_vulnerabilities_schema.json): cveID, vendorProject, product,
// vulnerabilityName, dateAdded, shortDescription, requiredAction, dueDate are required;
// knownRansomwareCampaignUse, notes and cwes are optional. The CSV has the same columns, with cwes
// comma-joined inside one field.
#include <algorithm>
#include <charconv>
#include <string_view>

#include <simdjson.h>

#include <wardround/core/csv.h>
#include <wardround/core/identifiers.h>
#include <wardround/core/json_stream.h>
#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/vuln/kev.h>

namespace wardround::vuln {
namespace {

constexpr std::string_view kRequired[] = {
    "cveID",     "vendorProject",    "product",        "vulnerabilityName",
    "dateAdded", "shortDescription", "requiredAction", "dueDate"};

class EntryChecker {
public:
    EntryChecker(Diagnostics& diagnostics, std::string source, KevCatalogue& catalogue)
        : diagnostics_(diagnostics), source_(std::move(source)), catalogue_(catalogue) {}

    // Validates a filled-in entry and adds it to the catalogue, or reports why not.
    void accept(KevEntry entry, const std::string& location) {
        if (!is_cve_id(entry.cve_id)) {
            reject(entry.cve_id, location, "kev.bad_cve_id",
                   "cveID '" + entry.cve_id + "' is not a CVE id");
            return;
        }
        for (auto [field, value] :
             {std::pair{"dateAdded", &entry.date_added}, std::pair{"dueDate", &entry.due_date}}) {
            if (!parse_date(*value)) {
                reject(entry.cve_id, location, "kev.bad_date",
                       std::string(field) + " '" + *value + "' of " + entry.cve_id +
                           " is not a date of the form YYYY-MM-DD");
                return;
            }
        }
        if (!seen_.insert(entry.cve_id).second) {
            reject(entry.cve_id, location, "kev.duplicate",
                   entry.cve_id + " is listed twice; the first entry is kept");
            catalogue_.rejected_ids.erase(entry.cve_id);  // it is still in the catalogue
            return;
        }
        if (entry.known_ransomware_use != "Known" && entry.known_ransomware_use != "Unknown") {
            diagnostics_.add(Severity::kWarning, "kev.bad_ransomware_use", source_, location,
                             "knownRansomwareCampaignUse '" + entry.known_ransomware_use + "' of " +
                                 entry.cve_id + " is neither Known nor Unknown; kept as Unknown");
            entry.known_ransomware_use = "Unknown";
        }
        if (entry.due_date < entry.date_added) {
            diagnostics_.add(Severity::kInfo, "kev.due_before_added", source_, location,
                             entry.cve_id + " is due " + entry.due_date +
                                 ", before it was added on " + entry.date_added +
                                 " (a deadline set before the catalogue)");
        }
        catalogue_.entries.push_back(std::move(entry));
    }

    void reject(const std::string& cve_id,
                const std::string& location,
                std::string code,
                std::string message) {
        diagnostics_.add(Severity::kError, std::move(code), source_, location, std::move(message));
        ++catalogue_.rejected;
        if (is_cve_id(cve_id)) {
            catalogue_.rejected_ids.insert(cve_id);
        } else {
            catalogue_.rejected_without_id = true;
        }
    }

private:
    Diagnostics& diagnostics_;
    std::string source_;
    KevCatalogue& catalogue_;
    std::set<std::string> seen_;
};

std::string json_location(std::size_t index, std::string_view field = {}) {
    std::string location = "$.vulnerabilities[" + std::to_string(index) + "]";
    if (!field.empty()) {
        location += ".";
        location += field;
    }
    return location;
}

// An optional string member: "" when absent; a warning (and "") when it has another type.
std::string optional_text(simdjson::dom::object object,
                          std::string_view key,
                          const std::string& location,
                          Diagnostics* diagnostics,
                          const std::string& source) {
    std::string_view value;
    const auto error = object[key].get(value);
    if (error == simdjson::SUCCESS) {
        return std::string(value);
    }
    if (error != simdjson::NO_SUCH_FIELD && diagnostics != nullptr) {
        diagnostics->add(Severity::kWarning, "kev.bad_type", source,
                         location + "." + std::string(key),
                         std::string(key) + " is not a string; ignored");
    }
    return {};
}

// Reads the entry at `element`; returns false (after a diagnostic) when it cannot be used.
bool read_json_entry(simdjson::dom::element element,
                     std::size_t index,
                     EntryChecker& checker,
                     Diagnostics& diagnostics,
                     const std::string& source,
                     KevEntry& entry) {
    simdjson::dom::object object;
    if (element.get(object) != simdjson::SUCCESS) {
        checker.reject("", json_location(index), "kev.bad_entry", "the entry is not a JSON object");
        return false;
    }
    entry.cve_id = optional_text(object, "cveID", json_location(index), nullptr, source);
    for (std::string_view field : kRequired) {
        std::string_view value;
        const auto error = object[field].get(value);
        if (error == simdjson::NO_SUCH_FIELD) {
            checker.reject(entry.cve_id, json_location(index, field), "kev.missing_field",
                           "required field " + std::string(field) + " is missing");
            return false;
        }
        if (error != simdjson::SUCCESS) {
            checker.reject(entry.cve_id, json_location(index, field), "kev.bad_type",
                           std::string(field) + " is not a string");
            return false;
        }
        std::string text(trim(value));
        if (field == "cveID") {
            entry.cve_id = std::move(text);
        } else if (field == "vendorProject") {
            entry.vendor_project = std::move(text);
        } else if (field == "product") {
            entry.product = std::move(text);
        } else if (field == "vulnerabilityName") {
            entry.vulnerability_name = std::move(text);
        } else if (field == "dateAdded") {
            entry.date_added = std::move(text);
        } else if (field == "shortDescription") {
            entry.short_description = std::move(text);
        } else if (field == "requiredAction") {
            entry.required_action = std::move(text);
        } else {
            entry.due_date = std::move(text);
        }
    }
    const std::string location = json_location(index);
    entry.known_ransomware_use =
        optional_text(object, "knownRansomwareCampaignUse", location, &diagnostics, source);
    if (entry.known_ransomware_use.empty()) {
        entry.known_ransomware_use = "Unknown";
    }
    entry.notes = optional_text(object, "notes", location, &diagnostics, source);
    simdjson::dom::array cwes;
    const auto cwes_error = object["cwes"].get(cwes);
    if (cwes_error == simdjson::SUCCESS) {
        for (simdjson::dom::element cwe : cwes) {
            std::string_view text;
            if (cwe.get(text) == simdjson::SUCCESS) {
                entry.cwes.emplace_back(text);
            } else {
                diagnostics.add(Severity::kWarning, "kev.bad_type", source, location + ".cwes",
                                "a cwes item is not a string; ignored");
            }
        }
    } else if (cwes_error != simdjson::NO_SUCH_FIELD) {
        diagnostics.add(Severity::kWarning, "kev.bad_type", source, location + ".cwes",
                        "cwes is not an array; ignored");
    }
    return true;
}

// A root member's raw JSON text as a string; "" when absent or not a string (a warning then).
std::string member_text(const JsonArrayStream& stream,
                        std::string_view key,
                        Diagnostics& diagnostics,
                        const std::string& source) {
    const JsonMember* member = stream.member(key);
    if (member == nullptr) {
        return {};
    }
    auto text = decode_json_string(member->value);
    if (!text) {
        diagnostics.add(Severity::kWarning, "kev.bad_type", source, "$." + std::string(key),
                        std::string(key) + " is not a string; ignored");
        return {};
    }
    return *text;
}

}  // namespace

Result<KevCatalogue> parse_kev_json(InputFile& file, Diagnostics& diagnostics) {
    // Streamed element by element, so that a damaged catalogue is reported at its byte offset and
    // memory does not grow with the file.
    auto stream = JsonArrayStream::open(file, {"vulnerabilities"});
    if (!stream) {
        return propagate(stream.error());
    }
    KevCatalogue catalogue;
    EntryChecker checker(diagnostics, file.name(), catalogue);
    simdjson::dom::parser parser;
    std::size_t index = 0;
    for (;;) {
        auto element = stream->next();
        if (!element) {
            return propagate(element.error());
        }
        if (!*element) {
            break;
        }
        const JsonElement& bytes = **element;
        simdjson::dom::element root;
        if (const auto error =
                parser.parse(bytes.bytes.data(), bytes.bytes.size(), false).get(root);
            error != simdjson::SUCCESS) {
            return make_error(ErrorCode::kInvalidArgument,
                              std::string("not valid JSON: ") + simdjson::error_message(error),
                              file.name() + " " + stream->element_path(bytes.index) + " (byte " +
                                  std::to_string(bytes.offset) + ")");
        }
        KevEntry entry;
        if (read_json_entry(root, index, checker, diagnostics, file.name(), entry)) {
            checker.accept(std::move(entry), json_location(index));
        }
        ++index;
    }
    catalogue.catalog_version =
        std::string(trim(member_text(*stream, "catalogVersion", diagnostics, file.name())));
    if (catalogue.catalog_version.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "not a KEV catalogue: catalogVersion is missing (it orders catalogues)",
                          file.name() + " $.catalogVersion");
    }
    catalogue.title = member_text(*stream, "title", diagnostics, file.name());
    const std::string released = member_text(*stream, "dateReleased", diagnostics, file.name());
    if (!released.empty()) {
        if (auto timestamp = parse_timestamp(released)) {
            catalogue.date_released = format_timestamp(*timestamp);
        } else {
            diagnostics.add(Severity::kWarning, "kev.bad_date", file.name(), "$.dateReleased",
                            timestamp.error().message);
        }
    }
    if (const JsonMember* count = stream->member("count")) {
        std::int64_t declared = 0;
        const auto [end_of_number, parse_error] = std::from_chars(
            count->value.data(), count->value.data() + count->value.size(), declared);
        if (parse_error == std::errc() &&
            end_of_number == count->value.data() + count->value.size()) {
            catalogue.declared_count = declared;
        }
    }
    if (catalogue.declared_count && *catalogue.declared_count != static_cast<std::int64_t>(index)) {
        diagnostics.add(Severity::kWarning, "kev.count_mismatch", file.name(), "$.count",
                        "the catalogue says it has " + std::to_string(*catalogue.declared_count) +
                            " entries but lists " + std::to_string(index));
    }
    return catalogue;
}

Result<KevCatalogue> parse_kev_csv(InputFile& file, Diagnostics& diagnostics) {
    CsvReader reader(file);
    std::vector<std::string> record;
    auto has_header = reader.next(record);
    if (!has_header) {
        return propagate(has_header.error());
    }
    const CsvHeader header(*has_header ? record : std::vector<std::string>{});
    for (std::string_view column : kRequired) {
        if (!header.has(column)) {
            return make_error(ErrorCode::kInvalidArgument,
                              "not a KEV CSV: the column " + std::string(column) + " is missing",
                              file.name() + ":1");
        }
    }
    KevCatalogue catalogue;
    catalogue.from_csv = true;
    catalogue.title = "CISA Catalog of Known Exploited Vulnerabilities (CSV)";
    EntryChecker checker(diagnostics, file.name(), catalogue);
    for (;;) {
        auto more = reader.next(record);
        if (!more) {
            return propagate(more.error());
        }
        if (!*more) {
            break;
        }
        const std::string location = "line " + std::to_string(reader.line());
        bool valid_text = true;
        for (const std::string& field : record) {
            valid_text = valid_text && is_valid_utf8(field);
        }
        const std::string cve_id(trim(header.get(record, "cveID")));
        if (!valid_text) {
            checker.reject(cve_id, location, "kev.invalid_utf8", "the row is not valid UTF-8");
            continue;
        }
        KevEntry entry;
        entry.cve_id = cve_id;
        entry.vendor_project = std::string(trim(header.get(record, "vendorProject")));
        entry.product = std::string(trim(header.get(record, "product")));
        entry.vulnerability_name = std::string(trim(header.get(record, "vulnerabilityName")));
        entry.date_added = std::string(trim(header.get(record, "dateAdded")));
        entry.short_description = std::string(trim(header.get(record, "shortDescription")));
        entry.required_action = std::string(trim(header.get(record, "requiredAction")));
        entry.due_date = std::string(trim(header.get(record, "dueDate")));
        entry.known_ransomware_use =
            std::string(trim(header.get(record, "knownRansomwareCampaignUse")));
        if (entry.known_ransomware_use.empty()) {
            entry.known_ransomware_use = "Unknown";
        }
        entry.notes = std::string(trim(header.get(record, "notes")));
        for (std::string_view cwe : split(header.get(record, "cwes"), ',')) {
            if (!trim(cwe).empty()) {
                entry.cwes.emplace_back(trim(cwe));
            }
        }
        checker.accept(std::move(entry), location);
    }
    // The CSV carries no catalogue version; the newest dateAdded stands in for it.
    std::string newest;
    for (const KevEntry& entry : catalogue.entries) {
        newest = std::max(newest, entry.date_added);
    }
    if (newest.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "the KEV CSV has no usable entries",
                          file.name());
    }
    catalogue.catalog_version =
        newest.substr(0, 4) + "." + newest.substr(5, 2) + "." + newest.substr(8, 2);
    diagnostics.add(Severity::kInfo, "kev.csv_version_derived", file.name(), "",
                    "a KEV CSV has no catalogVersion; version " + catalogue.catalog_version +
                        " was taken from its newest dateAdded");
    return catalogue;
}

}  // namespace wardround::vuln
