// SPDX-License-Identifier: Apache-2.0
// The header of an inventory-style CSV is read once, through the user's --map, into a table from
// our columns to field indexes; rows are then read value by value so that every value that cannot
// be used is reported where it is.
#include "inventory/csv/csv_columns.h"

#include <algorithm>
#include <utility>

#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/inventory/observation.h>

namespace wardround::inventory {
namespace {

// Header names are compared lower-cased, trimmed, with spaces and hyphens read as underscores, so
// "Last Seen" and "os-version" find last_seen and os_version.
std::string column_key(std::string_view name) {
    std::string key = to_lower(trim(name));
    std::replace_if(
        key.begin(), key.end(), [](char c) { return c == ' ' || c == '-'; }, '_');
    return key;
}

std::optional<std::size_t> find_column(std::span<const std::string_view> columns,
                                       std::string_view name) {
    const std::string key = column_key(name);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i] == key) {
            return i;
        }
    }
    return std::nullopt;
}

std::string column_list(std::span<const std::string_view> columns) {
    std::string list;
    for (const std::string_view column : columns) {
        if (!list.empty()) {
            list += ", ";
        }
        list += column;
    }
    return list;
}

Error map_error(std::string message) {
    return Error{ErrorCode::kInvalidArgument, std::move(message), "--map"};
}

}  // namespace

Result<std::map<std::string, std::string>> parse_column_map(
    std::string_view text, std::span<const std::string_view> known_columns) {
    if (trim(text).empty()) {
        return propagate(map_error("the --map text is empty; expected From=to[,From2=to2]"));
    }
    std::map<std::string, std::string> map;
    for (const std::string_view raw_pair : split(text, ',')) {
        const std::string_view pair = trim(raw_pair);
        const std::size_t equals = pair.find('=');
        if (pair.empty() || equals == std::string_view::npos) {
            return propagate(map_error("'" + truncate_utf8(pair, 80) +
                                       "' is not of the form From=to (the --map text is '" +
                                       truncate_utf8(text, 200) + "')"));
        }
        const std::string_view from = trim(pair.substr(0, equals));
        const std::string_view to = trim(pair.substr(equals + 1));
        if (from.empty() || to.empty() || to.find('=') != std::string_view::npos) {
            return propagate(map_error("'" + truncate_utf8(pair, 80) +
                                       "' is not of the form From=to with both names given"));
        }
        const auto column = find_column(known_columns, to);
        if (!column) {
            return propagate(map_error("'" + truncate_utf8(to, 80) +
                                       "' is not a column of this format; the columns are " +
                                       column_list(known_columns)));
        }
        for (const auto& [source, target] : map) {
            if (iequals(source, from)) {
                return propagate(
                    map_error("the column '" + truncate_utf8(from, 80) + "' is mapped twice"));
            }
            if (target == known_columns[*column]) {
                return propagate(map_error("both '" + truncate_utf8(source, 80) + "' and '" +
                                           truncate_utf8(from, 80) + "' are mapped to " +
                                           std::string(target)));
            }
        }
        map.emplace(std::string(from), std::string(known_columns[*column]));
    }
    return map;
}

namespace detail {
namespace {

struct MapEntry {
    std::string source;  // lower-cased, trimmed
    std::string original;
    std::size_t column = 0;
    bool used = false;
};

Result<std::vector<MapEntry>> map_entries(std::span<const std::string_view> columns,
                                          const CsvImportOptions& options) {
    std::vector<MapEntry> entries;
    for (const auto& [source, target] : options.column_map) {
        const auto column = find_column(columns, target);
        if (!column || trim(source).empty()) {
            return propagate(
                map_error("'" + truncate_utf8(source, 80) + "=" + truncate_utf8(target, 80) +
                          "' does not map a column to one of " + column_list(columns)));
        }
        entries.push_back(MapEntry{to_lower(trim(source)), source, *column, false});
    }
    return entries;
}

bool has_control_characters(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && c != '\t') || byte == 0x7F;
    });
}

// The reasons a header is not one at all, before its names are looked at.
std::optional<std::string> unusable_header(const std::vector<std::string>& record) {
    const std::string_view first = record.empty() ? std::string_view() : record.front();
    if (first.starts_with("\xFF\xFE") || first.starts_with("\xFE\xFF")) {
        return "the file is UTF-16 text; save it as CSV in UTF-8";
    }
    if (record.size() > kMaxColumns) {
        return "the header has " + std::to_string(record.size()) + " columns, more than " +
               std::to_string(kMaxColumns) + "; this is not an inventory";
    }
    for (const std::string& name : record) {
        if (!is_valid_utf8(name)) {
            return std::string("the header is not valid UTF-8; save the file as CSV in UTF-8");
        }
        if (has_control_characters(name)) {
            return std::string(
                "the header holds control characters; this does not look like a CSV file");
        }
    }
    return std::nullopt;
}

// The column a header name gives: through --map first (marking the entry used), else by name.
std::optional<std::size_t> resolve_column(std::string_view name,
                                          std::span<const std::string_view> columns,
                                          std::vector<MapEntry>& entries) {
    const std::string lowered = to_lower(name);
    std::optional<std::size_t> column;
    for (MapEntry& entry : entries) {
        if (entry.source == lowered) {
            column = entry.column;
            entry.used = true;
        }
    }
    return column ? column : find_column(columns, name);
}

}  // namespace

Result<CsvLayout> CsvLayout::read(CsvReader& reader,
                                  std::span<const std::string_view> columns,
                                  const CsvImportOptions& options,
                                  Diagnostics& diagnostics) {
    const std::string where = reader.name() + " line 1";
    auto entries = map_entries(columns, options);
    if (!entries) {
        return propagate(entries.error());
    }
    std::vector<std::string> record;
    auto more = next_record(reader, record);
    if (!more) {
        return propagate(more.error());
    }
    if (!*more) {
        return make_error(ErrorCode::kInvalidArgument,
                          "the file is empty; expected a header line naming the columns", where);
    }
    if (auto problem = unusable_header(record)) {
        return make_error(ErrorCode::kInvalidArgument, std::move(*problem), where);
    }
    CsvLayout layout;
    layout.columns_ = columns;
    layout.fields_.assign(columns.size(), std::nullopt);
    layout.width_ = record.size();
    // The column each field gives (ours or, for an unknown one, its own key) -> field index.
    std::map<std::string, std::size_t> given;
    for (std::size_t i = 0; i < record.size(); ++i) {
        const std::string_view name = trim(record[i]);
        const std::string field_number = "field " + std::to_string(i + 1);
        if (name.empty()) {
            diagnostics.add(Severity::kWarning, "csv.unknown_column", reader.name(), "line 1",
                            field_number + " of the header has no name; its values are ignored");
            continue;
        }
        const std::optional<std::size_t> column = resolve_column(name, columns, *entries);
        const std::string key = column ? std::string(columns[*column]) : column_key(name);
        if (const auto [previous, inserted] = given.emplace(key, i); !inserted) {
            std::string message = "duplicate columns: ";
            message += quoted(trim(record[previous->second]));
            message += " (field ";
            message += std::to_string(previous->second + 1);
            message += ") and ";
            message += quoted(name);
            message += " (";
            message += field_number;
            message += ") both give ";
            message += key;
            if (!options.column_map.empty()) {
                message += " (after --map)";
            }
            return make_error(ErrorCode::kInvalidArgument, std::move(message), where);
        }
        if (column) {
            layout.fields_[*column] = i;
        } else {
            diagnostics.add(Severity::kWarning, "csv.unknown_column", reader.name(), "line 1",
                            "unknown column " + quoted(name) + " (" + field_number +
                                ") is ignored; the columns are " + column_list(columns));
        }
    }
    for (const MapEntry& entry : *entries) {
        if (!entry.used) {
            diagnostics.add(
                Severity::kWarning, "csv.unused_map", reader.name(), "line 1",
                "--map names " + quoted(entry.original) + ", which is not a column of this file");
        }
    }
    return layout;
}

CsvRow::CsvRow(const CsvLayout& layout,
               const std::vector<std::string>& record,
               std::size_t line,
               Diagnostics& diagnostics,
               const std::string& source)
    : layout_(layout),
      record_(record),
      line_(line),
      location_("line " + std::to_string(line)),
      diagnostics_(diagnostics),
      source_(source) {
    if (record.size() > layout.width() &&
        std::any_of(record.begin() + static_cast<std::ptrdiff_t>(layout.width()), record.end(),
                    [](const std::string& field) { return !trim(field).empty(); })) {
        report(Severity::kWarning, "csv.ragged_row",
               "the row has " + std::to_string(record.size()) + " fields but the header has " +
                   std::to_string(layout.width()) + "; the extra fields are ignored");
    }
}

void CsvRow::report(Severity severity, std::string code, std::string message) {
    diagnostics_.add(severity, std::move(code), source_, location_, std::move(message));
}

std::string CsvRow::text(std::size_t column) {
    const auto index = layout_.field(column);
    if (!index || *index >= record_.size()) {
        return {};
    }
    const std::string_view value = trim(record_[*index]);
    if (value.empty()) {
        return {};
    }
    if (!is_valid_utf8(value)) {
        report(Severity::kWarning, "inventory.bad_text",
               std::string(column_name(column)) + " is not valid UTF-8; the value is dropped");
        return {};
    }
    if (value.size() > kMaxValueBytes) {
        report(Severity::kWarning, "inventory.bad_value",
               std::string(column_name(column)) + " is " + std::to_string(value.size()) +
                   " bytes long, over the limit of " + std::to_string(kMaxValueBytes) +
                   "; the value is dropped");
        return {};
    }
    return std::string(value);
}

namespace {

std::vector<std::string_view> list_items(std::string_view text) {
    std::vector<std::string_view> items;
    std::size_t start = 0;
    const auto is_separator = [](char c) {
        return c == ';' || c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    };
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || is_separator(text[i])) {
            if (i > start) {
                items.push_back(text.substr(start, i - start));
            }
            start = i + 1;
        }
    }
    return items;
}

void add_unique(std::vector<std::string>& values, std::string value) {
    if (std::find(values.begin(), values.end(), value) == values.end()) {
        values.push_back(std::move(value));
    }
}

}  // namespace

std::vector<std::string> CsvRow::ips(std::string_view text) {
    std::vector<std::string> addresses;
    for (const std::string_view item : list_items(text)) {
        if (is_ip_address(item)) {
            add_unique(addresses, std::string(item));
        } else {
            report(Severity::kWarning, "inventory.bad_ip",
                   quoted(item) + " is not an IP address; it is dropped");
        }
    }
    return addresses;
}

std::vector<std::string> CsvRow::macs(std::string_view text) {
    std::vector<std::string> macs;
    for (const std::string_view item : list_items(text)) {
        if (auto mac = canonical_mac(item)) {
            add_unique(macs, std::move(*mac));
        } else {
            report(Severity::kWarning, "inventory.bad_mac",
                   quoted(item) + " is not a MAC address; it is dropped");
        }
    }
    return macs;
}

std::optional<bool> CsvRow::flag(std::size_t column, std::string_view text) {
    auto value = flag_value(text);
    if (!value) {
        report(Severity::kWarning, "inventory.bad_value",
               std::string(column_name(column)) + " " + quoted(text) +
                   " is not yes or no (or y/n, true/false, 1/0); it is dropped");
    }
    return value;
}

std::string CsvRow::date(std::size_t column, std::string_view text) {
    auto value = calendar_date(text);
    if (!value) {
        report(Severity::kWarning, "inventory.bad_date",
               std::string(column_name(column)) + " " + quoted(text) +
                   " is not a date of the form YYYY-MM-DD or DD/MM/YYYY; it is dropped");
        return {};
    }
    return std::move(*value);
}

std::string CsvRow::timestamp(std::size_t column, std::string_view text) {
    auto value = moment(text);
    if (!value) {
        report(Severity::kWarning, "inventory.bad_date",
               std::string(column_name(column)) + " " + quoted(text) +
                   " is not a date (YYYY-MM-DD or DD/MM/YYYY) or an ISO 8601 time; it is dropped");
        return {};
    }
    return std::move(*value);
}

std::optional<bool> flag_value(std::string_view text) {
    const std::string value = to_lower(trim(text));
    if (value == "yes" || value == "y" || value == "true" || value == "1") {
        return true;
    }
    if (value == "no" || value == "n" || value == "false" || value == "0") {
        return false;
    }
    return std::nullopt;
}

std::optional<std::string> calendar_date(std::string_view text) {
    text = trim(text);
    auto date = parse_date(text);
    if (!date) {
        date = parse_date_dmy(text);
    }
    if (!date) {
        return std::nullopt;
    }
    return format_date(*date);
}

std::optional<std::string> moment(std::string_view text) {
    text = trim(text);
    constexpr std::size_t kDateLength = 10;
    if (text.size() >= kDateLength && text[2] == '/') {
        // DD/MM/YYYY[ HH:MM[:SS]]: rewritten as ISO text so parse_timestamp checks the time.
        auto date = parse_date_dmy(text.substr(0, kDateLength));
        if (!date) {
            return std::nullopt;
        }
        const std::string_view time = text.substr(kDateLength);
        if (!time.empty() && time.front() != ' ') {
            return std::nullopt;
        }
        auto timestamp = parse_timestamp(format_date(*date) + std::string(time));
        if (!timestamp) {
            return std::nullopt;
        }
        return format_timestamp(*timestamp);
    }
    auto timestamp = parse_timestamp(text);
    if (!timestamp) {
        return std::nullopt;
    }
    return format_timestamp(*timestamp);
}

Result<bool> next_record(CsvReader& reader, std::vector<std::string>& record) {
    auto more = reader.next(record);
    if (more) {
        return more;
    }
    Error error = std::move(more).error();
    const std::string prefix = reader.name() + ":";
    if (error.where.size() > prefix.size() && error.where.starts_with(prefix)) {
        const std::string_view line = std::string_view(error.where).substr(prefix.size());
        if (std::all_of(line.begin(), line.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            error.where = reader.name() + " line " + std::string(line);
        }
    }
    return propagate(std::move(error));
}

Status for_each_row(
    CsvReader& reader,
    const std::string& source,
    std::string_view format,
    const std::function<Status(const std::vector<std::string>&, std::size_t)>& row) {
    std::vector<std::string> record;
    std::size_t rows = 0;
    for (;;) {
        auto more = next_record(reader, record);
        if (!more) {
            return propagate(more.error());
        }
        if (!*more) {
            break;
        }
        ++rows;
        WARDROUND_TRY(row(record, reader.line()));
    }
    if (rows == 0) {
        return make_error(ErrorCode::kInvalidArgument,
                          "the file has a header but no rows: an empty " + std::string(format) +
                              " is refused rather than read as an estate with nothing in it",
                          source + " line 2");
    }
    return {};
}

std::string quoted(std::string_view text) {
    constexpr std::size_t kShown = 80;
    return "'" + truncate_utf8(text, kShown) + "'";
}

}  // namespace detail
}  // namespace wardround::inventory
