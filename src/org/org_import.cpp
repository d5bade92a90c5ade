// SPDX-License-Identifier: Apache-2.0
// Organisation import. Each supported file is turned into OrgRows (an organisation, whether this
// source is authoritative for its name, and optionally a DSPT status observation); the rows are
// then applied parents-first in one transaction.
//
// The NHS files join on codes, never names: names differ between publications ("... TRUST (R0B)",
// capitals or not), so a trust snapshot names a region or ICB only when it creates it.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <wardround/core/csv.h>
#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/org/org_import.h>
#include <wardround/org/organisation.h>

namespace wardround::org {
namespace {

using store::Value;

constexpr std::string_view kNationCode = "E92000001";  // ONS code for England

struct RegionFact {
    std::string_view code;
    std::string_view ons_code;
    std::string_view name;
};

// NHS England's seven regions (ODS and ONS codes, as in the April 2023 ONS lookup), so that a trust
// snapshot alone can build a named tree.
constexpr RegionFact kRegions[] = {
    {"Y56", "E40000003", "London"},
    {"Y58", "E40000006", "South West"},
    {"Y59", "E40000005", "South East"},
    {"Y60", "E40000011", "Midlands"},
    {"Y61", "E40000007", "East of England"},
    {"Y62", "E40000010", "North West"},
    {"Y63", "E40000012", "North East and Yorkshire"},
};

const RegionFact* find_region(std::string_view code) {
    for (const RegionFact& region : kRegions) {
        if (region.code == code) {
            return &region;
        }
    }
    return nullptr;
}

struct OrgRow {
    Organisation org;
    bool authoritative = true;  // may overwrite the stored name and type
    bool parent_known = true;  // false: parent_code is the nation only because the source says none
    bool implied = false;      // a region or ICB made from a trust's codes, not a row of the file
    std::optional<DsptStatus> dspt;
    std::size_t line = 0;
};

struct Parsed {
    std::vector<OrgRow> rows;
    std::int64_t records = 0;
    std::set<std::string> lookup_codes;  // ONS lookup rows repeat each region and ICB
};

class RowSink {
public:
    RowSink(Diagnostics& diagnostics, std::string source)
        : diagnostics_(diagnostics), source_(std::move(source)) {}

    void diagnose(Severity severity, std::string code, std::size_t line, std::string message) {
        diagnostics_.add(severity, std::move(code), source_, "line " + std::to_string(line),
                         std::move(message));
    }

    Diagnostics& diagnostics() { return diagnostics_; }

private:
    Diagnostics& diagnostics_;
    std::string source_;
};

// "22/23 Standards Met" -> period 2022-23, status "Standards Met". "Not Published" carries no
// period; it is given the file's period afterwards.
struct StatusText {
    std::string period;
    std::string status;
};

std::optional<StatusText> parse_status(std::string_view text) {
    text = trim(text);
    if (text.empty()) {
        return std::nullopt;
    }
    StatusText out;
    if (text.size() > 6 && text[2] == '/' && text[5] == ' ' && std::isdigit(text[0]) &&
        std::isdigit(text[1]) && std::isdigit(text[3]) && std::isdigit(text[4])) {
        out.period = "20" + std::string(text.substr(0, 2)) + "-" + std::string(text.substr(3, 2));
        text.remove_prefix(6);
    }
    static constexpr std::string_view kKnown[] = {
        "Standards Met", "Standards Exceeded", "Approaching Standards", "Standards Not Met",
        "Not Met",       "Not Published"};
    for (std::string_view known : kKnown) {
        if (iequals(trim(text), known)) {
            out.status = std::string(known);
            return out;
        }
    }
    return std::nullopt;
}

// Adds the DSPT status of `row` from the Status and Date Of Publication fields.
void read_dspt(RowSink& sink,
               OrgRow& row,
               std::string_view status_text,
               std::string_view date_text,
               std::size_t line) {
    if (trim(status_text).empty()) {
        return;
    }
    const auto status = parse_status(status_text);
    if (!status) {
        sink.diagnose(Severity::kWarning, "org.bad_status", line,
                      "DSPT status '" + std::string(trim(status_text)) +
                          "' is not one Wardround knows; the organisation is imported without it");
        return;
    }
    DsptStatus dspt{status->period, status->status, ""};
    if (!trim(date_text).empty()) {
        auto date = parse_date_dmy(trim(date_text));
        if (date) {
            dspt.published_on = format_date(*date);
        } else {
            sink.diagnose(Severity::kWarning, "org.bad_date", line,
                          "Date Of Publication: " + date.error().message);
        }
    }
    row.dspt = dspt;
}

std::optional<double> parse_coordinate(std::string_view text) {
    text = trim(text);
    if (text.empty()) {
        return std::nullopt;
    }
    try {
        std::size_t used = 0;
        const double value = std::stod(std::string(text), &used);
        if (used != text.size()) {
            return std::nullopt;
        }
        return value;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

bool looks_like_code(std::string_view code) {
    if (code.empty() || code.size() > 12) {
        return false;
    }
    return std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
}

// Regions and ICBs implied by a trust's codes; the applier skips those that exist already.
void add_parents(std::vector<OrgRow>& parents,
                 std::string_view region_code,
                 std::string_view icb_code,
                 std::string_view icb_name,
                 std::size_t line) {
    if (!region_code.empty()) {
        OrgRow region;
        region.org.code = std::string(region_code);
        region.org.level = OrgLevel::kRegion;
        region.org.type = "region";
        region.org.parent_code = std::string(kNationCode);
        const RegionFact* fact = find_region(region_code);
        region.org.name = fact != nullptr ? std::string(fact->name) : "Region " + region.org.code;
        region.org.ons_code = fact != nullptr ? std::string(fact->ons_code) : "";
        region.authoritative = false;
        region.implied = true;
        region.line = line;
        parents.push_back(std::move(region));
    }
    if (!icb_code.empty()) {
        OrgRow icb;
        icb.org.code = std::string(icb_code);
        icb.org.level = OrgLevel::kIcb;
        icb.org.type = "icb";
        icb.org.parent_code =
            region_code.empty() ? std::string(kNationCode) : std::string(region_code);
        icb.org.name = icb_name.empty() ? "ICB " + icb.org.code : std::string(icb_name);
        icb.authoritative = false;
        icb.implied = true;
        icb.parent_known = !region_code.empty();
        icb.line = line;
        parents.push_back(std::move(icb));
    }
}

Result<OrgFileFormat> detect_format(const CsvHeader& header,
                                    const std::vector<std::string>& first) {
    if (header.has("code") && header.has("name") && header.has("type") &&
        header.has("parent_code")) {
        return OrgFileFormat::kWardround;
    }
    for (const std::string& name : header.names()) {
        if (name.size() == 9 && name.starts_with("sicbl") && name.ends_with("cd")) {
            return OrgFileFormat::kOnsLookup;
        }
        if (name.size() == 8 && name.starts_with("icb") && name.ends_with("cdh") &&
            header.has("status")) {
            return OrgFileFormat::kDsptIcbs;
        }
    }
    if (header.has("code") && header.has("national grouping") &&
        header.has("high level health geography") && header.has("status")) {
        return OrgFileFormat::kDsptTrusts;
    }
    if (header.has("ods code") && header.has("status")) {
        return OrgFileFormat::kDsptTrustDevices;
    }
    if (header.has("code") && header.has("organisation name") && header.has("status")) {
        return OrgFileFormat::kDsptOrganisations;
    }
    if (first.size() == 27 && looks_like_code(first[0]) &&
        (first[10].empty() || parse_date_compact(first[10]))) {
        return OrgFileFormat::kOdsTrusts;
    }
    return make_error(ErrorCode::kInvalidArgument,
                      "not an organisation file Wardround knows: expected the columns "
                      "code,name,type,parent_code, a DSPT snapshot, the ONS sub-ICB lookup or an "
                      "ODS trust extract");
}

void parse_wardround_row(RowSink& sink,
                         const CsvHeader& header,
                         const std::vector<std::string>& record,
                         std::size_t line,
                         Parsed& parsed) {
    OrgRow row;
    row.line = line;
    row.org.code = std::string(trim(header.get(record, "code")));
    row.org.name = std::string(trim(header.get(record, "name")));
    row.org.parent_code = std::string(trim(header.get(record, "parent_code")));
    const std::string_view type_name = trim(header.get(record, "type"));
    if (!looks_like_code(row.org.code)) {
        sink.diagnose(Severity::kError, "org.bad_code", line,
                      "code '" + row.org.code + "' must be 1 to 12 letters and digits");
        return;
    }
    if (row.org.name.empty()) {
        sink.diagnose(Severity::kError, "org.missing_name", line,
                      "organisation " + row.org.code + " has no name");
        return;
    }
    const OrgType* type = find_org_type(type_name);
    if (type == nullptr) {
        sink.diagnose(Severity::kError, "org.unknown_type", line,
                      "type '" + std::string(type_name) + "' is not one of the documented types");
        return;
    }
    row.org.type = std::string(type->name);
    row.org.level = type->level;
    if (row.org.level != OrgLevel::kNation && row.org.parent_code.empty()) {
        sink.diagnose(
            Severity::kError, "org.missing_parent", line,
            "organisation " + row.org.code + " (" + row.org.type + ") needs a parent_code");
        return;
    }
    row.org.ons_code = std::string(trim(header.get(record, "ons_code")));
    row.org.sector = std::string(trim(header.get(record, "sector")));
    row.org.latitude = parse_coordinate(header.get(record, "latitude"));
    row.org.longitude = parse_coordinate(header.get(record, "longitude"));
    for (auto [column, target] :
         {std::pair{"opened_on", &row.org.opened_on}, std::pair{"closed_on", &row.org.closed_on}}) {
        const std::string_view text = trim(header.get(record, column));
        if (text.empty()) {
            continue;
        }
        if (auto date = parse_date(text)) {
            *target = format_date(*date);
        } else {
            sink.diagnose(Severity::kWarning, "org.bad_date", line,
                          std::string(column) + ": " + date.error().message);
        }
    }
    parsed.rows.push_back(std::move(row));
}

void parse_dspt_trust_row(RowSink& sink,
                          const CsvHeader& header,
                          const std::vector<std::string>& record,
                          std::size_t line,
                          Parsed& parsed) {
    OrgRow row;
    row.line = line;
    row.org.code = std::string(trim(header.get(record, "code")));
    row.org.name = std::string(trim(header.get(record, "organisation name")));
    row.org.level = OrgLevel::kOrganisation;
    row.org.type = "trust";
    row.org.sector = std::string(trim(header.get(record, "primary sector")));
    row.org.latitude = parse_coordinate(header.get(record, "lat"));
    row.org.longitude = parse_coordinate(header.get(record, "long"));
    row.authoritative = false;
    if (!looks_like_code(row.org.code)) {
        sink.diagnose(Severity::kError, "org.bad_code", line,
                      "code '" + row.org.code + "' is not an ODS code");
        return;
    }
    const std::string_view region = trim(header.get(record, "national grouping"));
    const std::string_view icb = trim(header.get(record, "high level health geography"));
    row.org.parent_code = std::string(!icb.empty() ? icb : !region.empty() ? region : kNationCode);
    row.parent_known = !icb.empty() || !region.empty();
    add_parents(parsed.rows, region, icb,
                trim(header.get(record, "integrated care board (where available, from ods)")),
                line);
    read_dspt(sink, row, header.get(record, "status"), header.get(record, "date of publication"),
              line);
    parsed.rows.push_back(std::move(row));
}

void parse_dspt_icb_row(RowSink& sink,
                        const CsvHeader& header,
                        const std::vector<std::string>& record,
                        std::size_t line,
                        Parsed& parsed) {
    // The ICB columns carry the ONS year (ICB23CD); find them by shape, not by year.
    std::string_view ons_code;
    std::string_view code;
    std::string_view name;
    for (std::size_t i = 0; i < header.names().size() && i < record.size(); ++i) {
        const std::string& column = header.names()[i];
        if (column.size() == 7 && column.starts_with("icb") && column.ends_with("cd")) {
            ons_code = trim(record[i]);
        } else if (column.size() == 8 && column.starts_with("icb") && column.ends_with("cdh")) {
            code = trim(record[i]);
        } else if (column.size() == 7 && column.starts_with("icb") && column.ends_with("nm")) {
            name = trim(record[i]);
        }
    }
    OrgRow row;
    row.line = line;
    row.org.code = std::string(code.empty() ? trim(header.get(record, "code")) : code);
    row.org.name = std::string(name.empty() ? trim(header.get(record, "organisation name")) : name);
    row.org.ons_code = std::string(ons_code);
    row.org.level = OrgLevel::kIcb;
    row.org.type = "icb";
    row.org.sector = std::string(trim(header.get(record, "primary sector")));
    // The ICB snapshot does not say which region an ICB is in; an existing parent is kept.
    row.org.parent_code = std::string(kNationCode);
    row.parent_known = false;
    row.authoritative = !name.empty();
    if (!looks_like_code(row.org.code)) {
        sink.diagnose(Severity::kError, "org.bad_code", line,
                      "code '" + row.org.code + "' is not an ODS code");
        return;
    }
    read_dspt(sink, row, header.get(record, "status"), header.get(record, "date of publication"),
              line);
    parsed.rows.push_back(std::move(row));
}

void parse_dspt_organisation_row(RowSink& sink,
                                 const CsvHeader& header,
                                 const std::vector<std::string>& record,
                                 std::size_t line,
                                 Parsed& parsed,
                                 bool devices_file) {
    OrgRow row;
    row.line = line;
    row.org.code = std::string(trim(header.get(record, devices_file ? "ods code" : "code")));
    row.org.name =
        std::string(trim(header.get(record, devices_file ? "ods org name" : "organisation name")));
    row.org.level = OrgLevel::kOrganisation;
    row.org.sector = std::string(trim(header.get(record, "primary sector")));
    row.org.type = devices_file || !starts_with_icase(row.org.sector, "commissioning support")
                       ? "trust"
                       : "csu";
    row.org.parent_code = std::string(kNationCode);
    row.parent_known = false;
    row.org.latitude = parse_coordinate(header.get(record, "latitude"));
    row.org.longitude = parse_coordinate(header.get(record, "longitude"));
    row.authoritative = false;
    if (!looks_like_code(row.org.code)) {
        sink.diagnose(Severity::kError, "org.bad_code", line,
                      "code '" + row.org.code + "' is not an ODS code");
        return;
    }
    read_dspt(sink, row, header.get(record, "status"), header.get(record, "date of publication"),
              line);
    parsed.rows.push_back(std::move(row));
}

void parse_ons_lookup_row(RowSink& sink,
                          const CsvHeader& header,
                          const std::vector<std::string>& record,
                          std::size_t line,
                          Parsed& parsed) {
    std::map<std::string, std::string_view> field;  // by column shape: icbcd, icbcdh, ...
    for (std::size_t i = 0; i < header.names().size() && i < record.size(); ++i) {
        std::string shape;
        for (char c : header.names()[i]) {
            if (c < '0' || c > '9') {
                shape.push_back(c);
            }
        }
        field[shape] = trim(record[i]);
    }
    const std::string_view region_code = field["nhsercdh"];
    const std::string_view icb_code = field["icbcdh"];
    if (!looks_like_code(region_code) || !looks_like_code(icb_code)) {
        sink.diagnose(Severity::kError, "org.bad_code", line,
                      "the row has no usable ICB or region code");
        return;
    }
    OrgRow region;
    region.line = line;
    region.org.code = std::string(region_code);
    region.org.ons_code = std::string(field["nhsercd"]);
    region.org.name = std::string(field["nhsernm"]);
    region.org.level = OrgLevel::kRegion;
    region.org.type = "region";
    region.org.parent_code = std::string(kNationCode);
    OrgRow icb;
    icb.line = line;
    icb.org.code = std::string(icb_code);
    icb.org.ons_code = std::string(field["icbcd"]);
    icb.org.name = std::string(field["icbnm"]);
    icb.org.level = OrgLevel::kIcb;
    icb.org.type = "icb";
    icb.org.parent_code = region.org.code;
    for (OrgRow* row : {&region, &icb}) {
        if (parsed.lookup_codes.insert(row->org.code).second) {
            parsed.rows.push_back(std::move(*row));
        }
    }
}

void parse_ods_row(RowSink& sink,
                   const std::vector<std::string>& record,
                   std::size_t line,
                   Parsed& parsed) {
    if (record.size() < 12) {
        sink.diagnose(
            Severity::kError, "org.short_row", line,
            "an ODS extract row has 27 columns; this one has " + std::to_string(record.size()));
        return;
    }
    OrgRow row;
    row.line = line;
    row.org.code = std::string(trim(record[0]));
    row.org.name = std::string(trim(record[1]));
    const std::string_view region = trim(record[2]);
    const std::string_view icb = trim(record[3]);
    row.org.level = OrgLevel::kOrganisation;
    row.org.type = row.org.code.starts_with("T") ? "care-trust" : "trust";
    if (!looks_like_code(row.org.code)) {
        sink.diagnose(Severity::kError, "org.bad_code", line,
                      "code '" + row.org.code + "' is not an ODS code");
        return;
    }
    if (find_region(region) == nullptr) {
        // W00 (Wales) and Q99 sit outside NHS England's regions.
        sink.diagnose(Severity::kWarning, "org.outside_england", line,
                      row.org.code + " is in national grouping '" + std::string(region) +
                          "', outside NHS England's regions; it was not imported");
        return;
    }
    for (auto [index, target] : {std::pair{std::size_t{10}, &row.org.opened_on},
                                 std::pair{std::size_t{11}, &row.org.closed_on}}) {
        const std::string_view text = trim(record[index]);
        if (text.empty()) {
            continue;
        }
        if (auto date = parse_date_compact(text)) {
            *target = format_date(*date);
        } else {
            sink.diagnose(Severity::kWarning, "org.bad_date", line, date.error().message);
        }
    }
    row.org.parent_code = std::string(icb.empty() ? region : icb);
    add_parents(parsed.rows, region, icb, "", line);
    parsed.rows.push_back(std::move(row));
}

// The period that rows without one ("Not Published") belong to: the file's most common period.
void fill_missing_periods(Parsed& parsed) {
    std::map<std::string, int> periods;
    for (const OrgRow& row : parsed.rows) {
        if (row.dspt && !row.dspt->period.empty()) {
            ++periods[row.dspt->period];
        }
    }
    if (periods.empty()) {
        return;
    }
    const auto common =
        std::max_element(periods.begin(), periods.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    for (OrgRow& row : parsed.rows) {
        if (row.dspt && row.dspt->period.empty()) {
            row.dspt->period = common->first;
        }
    }
}

Result<Parsed> parse_file(InputFile& file, Diagnostics& diagnostics, OrgFileFormat& format) {
    CsvReader reader(file);
    RowSink sink(diagnostics, file.name());
    std::vector<std::string> record;
    auto has_header = reader.next(record);
    if (!has_header) {
        return propagate(has_header.error());
    }
    if (!*has_header) {
        return make_error(ErrorCode::kInvalidArgument, "the file is empty", file.name());
    }
    const CsvHeader header(record);
    auto detected = detect_format(header, record);
    if (!detected) {
        return make_error(ErrorCode::kInvalidArgument, detected.error().message,
                          file.name() + ":1");
    }
    format = *detected;
    Parsed parsed;
    bool first_is_data = format == OrgFileFormat::kOdsTrusts;
    for (;;) {
        if (!first_is_data) {
            auto more = reader.next(record);
            if (!more) {
                return propagate(more.error());
            }
            if (!*more) {
                break;
            }
        }
        first_is_data = false;
        const std::size_t line = reader.line();
        ++parsed.records;
        bool valid_text = true;
        for (const std::string& field : record) {
            valid_text = valid_text && is_valid_utf8(field);
        }
        if (!valid_text) {
            sink.diagnose(Severity::kError, "org.invalid_utf8", line,
                          "the row is not valid UTF-8; save the file as UTF-8");
            continue;
        }
        switch (format) {
            case OrgFileFormat::kWardround:
                parse_wardround_row(sink, header, record, line, parsed);
                break;
            case OrgFileFormat::kDsptTrusts:
                parse_dspt_trust_row(sink, header, record, line, parsed);
                break;
            case OrgFileFormat::kDsptIcbs:
                parse_dspt_icb_row(sink, header, record, line, parsed);
                break;
            case OrgFileFormat::kDsptOrganisations:
                parse_dspt_organisation_row(sink, header, record, line, parsed, false);
                break;
            case OrgFileFormat::kDsptTrustDevices:
                parse_dspt_organisation_row(sink, header, record, line, parsed, true);
                break;
            case OrgFileFormat::kOnsLookup:
                parse_ons_lookup_row(sink, header, record, line, parsed);
                break;
            case OrgFileFormat::kOdsTrusts:
                parse_ods_row(sink, record, line, parsed);
                break;
        }
    }
    if (format == OrgFileFormat::kOnsLookup) {
        diagnostics.add(Severity::kInfo, "org.sub_icb_not_stored", file.name(), "",
                        std::to_string(parsed.records) +
                            " sub-ICB locations were read for their ICB and region; sub-ICB "
                            "locations are not a level of the organisation tree");
    }
    fill_missing_periods(parsed);
    return parsed;
}

struct StoredOrg {
    std::int64_t id = 0;
    OrgLevel level = OrgLevel::kOrganisation;
    std::int64_t parent_id = 0;
    std::string name;
    std::string type;
    std::string ons_code;
    std::string sector;
    std::optional<double> latitude;
    std::optional<double> longitude;
    std::string opened_on;
    std::string closed_on;
};

class Applier {
public:
    Applier(store::Database& database, OrgImportReport& report, std::string now)
        : database_(database), report_(report), now_(std::move(now)) {}

    Status load() {
        return database_.query(
            "SELECT id, code, level, COALESCE(parent_id, 0), name, type, COALESCE(ons_code, ''), "
            "COALESCE(sector, ''), latitude, longitude, COALESCE(opened_on, ''), "
            "COALESCE(closed_on, '') FROM organisation",
            {}, [&](const store::Row& row) -> Status {
                StoredOrg org;
                org.id = row.get_int(0);
                org.level = parse_org_level(row.get_text(2)).value_or(OrgLevel::kOrganisation);
                org.parent_id = row.get_int(3);
                org.name = row.get_text(4);
                org.type = row.get_text(5);
                org.ons_code = row.get_text(6);
                org.sector = row.get_text(7);
                if (!row.is_null(8)) {
                    org.latitude = row.get_double(8);
                }
                if (!row.is_null(9)) {
                    org.longitude = row.get_double(9);
                }
                org.opened_on = row.get_text(10);
                org.closed_on = row.get_text(11);
                by_code_.emplace(row.get_text(1), std::move(org));
                return {};
            });
    }

    Status ensure_nation() {
        if (by_code_.count(std::string(kNationCode)) > 0) {
            return {};
        }
        OrgRow nation;
        nation.org.code = std::string(kNationCode);
        nation.org.name = "England";
        nation.org.level = OrgLevel::kNation;
        nation.org.type = "nation";
        nation.org.ons_code = std::string(kNationCode);
        nation.authoritative = false;
        auto created = insert(nation, 0);
        if (!created) {
            return propagate(created.error());
        }
        ++report_.parents_created;
        return {};
    }

    Status apply(std::vector<OrgRow>& rows, RowSink& sink) {
        // Parents first: a stable sort by depth keeps the file's order within a level.
        std::stable_sort(rows.begin(), rows.end(), [](const OrgRow& a, const OrgRow& b) {
            return org_level_depth(a.org.level) < org_level_depth(b.org.level);
        });
        for (OrgRow& row : rows) {
            WARDROUND_TRY(apply_row(row, sink));
        }
        return {};
    }

private:
    Status apply_row(OrgRow& row, RowSink& sink) {
        std::int64_t parent_id = 0;
        if (row.org.level != OrgLevel::kNation) {
            auto parent = by_code_.find(row.org.parent_code);
            if (parent == by_code_.end()) {
                sink.diagnose(Severity::kError, "org.unknown_parent", row.line,
                              "parent '" + row.org.parent_code + "' of " + row.org.code +
                                  " is neither stored nor in this file");
                ++report_.run.counts.rejected;
                return {};
            }
            const bool site_misplaced =
                row.org.level == OrgLevel::kSite && parent->second.level != OrgLevel::kOrganisation;
            if (site_misplaced ||
                org_level_depth(parent->second.level) >= org_level_depth(row.org.level)) {
                sink.diagnose(Severity::kError, "org.parent_level", row.line,
                              "parent " + row.org.parent_code + " is a " +
                                  std::string(org_level_name(parent->second.level)) +
                                  ", which cannot contain a " +
                                  std::string(org_level_name(row.org.level)));
                ++report_.run.counts.rejected;
                return {};
            }
            parent_id = parent->second.id;
        }
        auto existing = by_code_.find(row.org.code);
        if (existing == by_code_.end()) {
            auto created = insert(row, parent_id);
            if (!created) {
                return propagate(created.error());
            }
            ++(row.implied ? report_.parents_created : report_.run.counts.inserted);
        } else if (!row.implied) {
            auto changed = update(existing->second, row, parent_id, sink);
            if (!changed) {
                return propagate(changed.error());
            }
            ++(*changed ? report_.run.counts.updated : report_.run.counts.unchanged);
        }
        if (row.dspt) {
            WARDROUND_TRY(add_dspt(by_code_.at(row.org.code).id, *row.dspt));
        }
        return {};
    }

    Result<std::int64_t> insert(const OrgRow& row, std::int64_t parent_id) {
        const Value params[] = {Value{row.org.code},
                                Value{row.org.name},
                                Value{std::string(org_level_name(row.org.level))},
                                Value{row.org.type},
                                parent_id == 0 ? Value{} : Value{parent_id},
                                store::text_or_null(row.org.ons_code),
                                store::text_or_null(row.org.sector),
                                row.org.latitude ? Value{*row.org.latitude} : Value{},
                                row.org.longitude ? Value{*row.org.longitude} : Value{},
                                store::text_or_null(row.org.opened_on),
                                store::text_or_null(row.org.closed_on),
                                Value{now_},
                                Value{now_}};
        std::int64_t id = 0;
        WARDROUND_TRY(database_.query(
            "INSERT INTO organisation (code, name, level, type, parent_id, ons_code, sector, "
            "latitude, longitude, opened_on, closed_on, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            params, [&](const store::Row& result) -> Status {
                id = result.get_int(0);
                return {};
            }));
        StoredOrg stored{id,
                         row.org.level,
                         parent_id,
                         row.org.name,
                         row.org.type,
                         row.org.ons_code,
                         row.org.sector,
                         row.org.latitude,
                         row.org.longitude,
                         row.org.opened_on,
                         row.org.closed_on};
        by_code_[row.org.code] = std::move(stored);
        return id;
    }

    // Fields a source gives overwrite the stored ones; fields it leaves empty keep theirs. A
    // non-authoritative source (a DSPT snapshot) never renames or retypes.
    Result<bool> update(StoredOrg& stored,
                        const OrgRow& row,
                        std::int64_t parent_id,
                        RowSink& sink) {
        StoredOrg next = stored;
        // An authoritative source overwrites what it gives; others (DSPT snapshots, geocoded from
        // postcodes) only fill gaps, so re-importing them in any order changes nothing.
        const bool overwrite = row.authoritative;
        if (row.authoritative) {
            next.name = row.org.name.empty() ? next.name : row.org.name;
            next.type = row.org.type;
            if (stored.level != row.org.level) {
                sink.diagnose(Severity::kWarning, "org.level_changed", row.line,
                              row.org.code + " was a " + std::string(org_level_name(stored.level)) +
                                  " and is now a " + std::string(org_level_name(row.org.level)));
            }
            next.level = row.org.level;
        }
        // A source that does not know the parent (an ICB snapshot says nothing of regions) must
        // not pull an organisation back up to the nation.
        if (row.parent_known || stored.parent_id == 0) {
            next.parent_id = parent_id;
        }
        auto take = [overwrite](std::string& target, const std::string& value) {
            if (!value.empty() && (overwrite || target.empty())) {
                target = value;
            }
        };
        auto take_number = [overwrite](std::optional<double>& target, std::optional<double> value) {
            if (value && (overwrite || !target)) {
                target = value;
            }
        };
        take(next.ons_code, row.org.ons_code);
        take(next.sector, row.org.sector);
        take(next.opened_on, row.org.opened_on);
        take(next.closed_on, row.org.closed_on);
        take_number(next.latitude, row.org.latitude);
        take_number(next.longitude, row.org.longitude);
        const bool changed = next.name != stored.name || next.type != stored.type ||
                             next.level != stored.level || next.parent_id != stored.parent_id ||
                             next.ons_code != stored.ons_code || next.sector != stored.sector ||
                             next.opened_on != stored.opened_on ||
                             next.closed_on != stored.closed_on ||
                             next.latitude != stored.latitude || next.longitude != stored.longitude;
        if (!changed) {
            return false;
        }
        const Value params[] = {Value{next.name},
                                Value{std::string(org_level_name(next.level))},
                                Value{next.type},
                                next.parent_id == 0 ? Value{} : Value{next.parent_id},
                                store::text_or_null(next.ons_code),
                                store::text_or_null(next.sector),
                                next.latitude ? Value{*next.latitude} : Value{},
                                next.longitude ? Value{*next.longitude} : Value{},
                                store::text_or_null(next.opened_on),
                                store::text_or_null(next.closed_on),
                                Value{now_},
                                Value{stored.id}};
        auto updated = database_.execute(
            "UPDATE organisation SET name = ?, level = ?, type = ?, parent_id = ?, ons_code = ?, "
            "sector = ?, latitude = ?, longitude = ?, opened_on = ?, closed_on = ?, updated_at = ? "
            "WHERE id = ?",
            params);
        if (!updated) {
            return propagate(updated.error());
        }
        stored = std::move(next);
        return true;
    }

    Status add_dspt(std::int64_t org_id, const DsptStatus& dspt) {
        const Value params[] = {Value{org_id}, Value{dspt.period}, Value{dspt.status},
                                Value{dspt.published_on}, Value{report_.run.id}};
        auto added = database_.execute(
            "INSERT INTO org_dspt_status (org_id, period, status, published_on, import_id) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id, period, status, published_on) DO NOTHING",
            params);
        if (!added) {
            return propagate(added.error());
        }
        report_.dspt_statuses_added += *added;
        return {};
    }

    store::Database& database_;
    OrgImportReport& report_;
    std::string now_;
    std::map<std::string, StoredOrg> by_code_;
};

}  // namespace

std::string_view org_file_format_name(OrgFileFormat format) {
    switch (format) {
        case OrgFileFormat::kWardround:
            return "wardround-org-csv";
        case OrgFileFormat::kDsptTrusts:
            return "dspt-trusts";
        case OrgFileFormat::kDsptIcbs:
            return "dspt-icbs";
        case OrgFileFormat::kDsptOrganisations:
            return "dspt-organisations";
        case OrgFileFormat::kDsptTrustDevices:
            return "dspt-trust-devices";
        case OrgFileFormat::kOnsLookup:
            return "ons-sub-icb-lookup";
        case OrgFileFormat::kOdsTrusts:
            return "ods-trusts";
    }
    return "unknown";
}

Result<OrgImportReport> import_organisations(store::Database& database, InputFile& file) {
    OrgImportReport report;
    report.run.kind = "org";
    report.run.source = file.name();
    report.run.started_at = now_utc();
    auto parsed = parse_file(file, report.diagnostics, report.format);
    if (!parsed) {
        return propagate(parsed.error());
    }
    auto sha = file.sha256_hex();
    if (!sha) {
        return propagate(sha.error());
    }
    report.run.sha256 = *sha;
    report.run.compression = std::string(compression_name(file.compression()));
    report.run.bytes = file.raw_bytes_read();
    report.run.feed_version = std::string(org_file_format_name(report.format));
    report.run.counts.records = parsed->records;
    report.run.counts.rejected =
        static_cast<std::int64_t>(report.diagnostics.count(Severity::kError));

    auto transaction = store::Transaction::begin(database);
    if (!transaction) {
        return propagate(transaction.error());
    }
    auto run_id = store::begin_import_run(database, report.run);
    if (!run_id) {
        return propagate(run_id.error());
    }
    report.run.id = *run_id;
    Applier applier(database, report, format_timestamp(report.run.started_at));
    RowSink sink(report.diagnostics, file.name());
    WARDROUND_TRY(applier.load());
    WARDROUND_TRY(applier.ensure_nation());
    // Rows of the file and the parents implied by them are applied together, parents first.
    WARDROUND_TRY(applier.apply(parsed->rows, sink));
    const auto& counts = report.run.counts;
    report.run.outcome =
        counts.inserted + counts.updated + report.dspt_statuses_added + report.parents_created > 0
            ? store::ImportOutcome::kApplied
            : store::ImportOutcome::kUnchanged;
    report.run.finished_at = now_utc();
    WARDROUND_TRY(store::finish_import_run(database, report.run, report.diagnostics));
    WARDROUND_TRY(transaction->commit());
    return report;
}

}  // namespace wardround::org
