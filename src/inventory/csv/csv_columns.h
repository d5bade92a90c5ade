// SPDX-License-Identifier: Apache-2.0
// Column and value handling shared by the inventory CSV and the medical device register importers:
// reading the header through --map, reading one row's values with their diagnostics, and the value
// forms both formats accept (yes/no flags, UK and ISO dates, lists of addresses). Internal to the
// inventory_csv module; the device register links it.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/csv.h>
#include <wardround/core/diagnostic.h>
#include <wardround/core/result.h>
#include <wardround/inventory/inventory_csv.h>

namespace wardround::inventory::detail {

// A value longer than this is dropped with inventory.bad_value: no hostname, product name or CPE
// comes near it, and the model should not carry megabytes of text per field.
inline constexpr std::size_t kMaxValueBytes = 4096;
// A header with more columns than this is not an inventory.
inline constexpr std::size_t kMaxColumns = 1024;

// Where each of a format's columns is in the file, after --map. Columns are identified by their
// index in the format's column list (kInventoryCsvColumns, kDeviceRegisterColumns).
class CsvLayout {
public:
    // Reads the header record and checks it. Unknown and unnamed columns are csv.unknown_column
    // warnings and --map sources the header lacks are csv.unused_map warnings (location "line 1").
    // Errors (kInvalidArgument, where "<file> line 1"): an empty file, a header that is UTF-16, has
    // control characters or is not UTF-8, more than kMaxColumns columns, two columns that give the
    // same column (directly or through --map), a --map target not in `columns`; reader errors.
    [[nodiscard]] static Result<CsvLayout> read(CsvReader& reader,
                                                std::span<const std::string_view> columns,
                                                const CsvImportOptions& options,
                                                Diagnostics& diagnostics);

    [[nodiscard]] bool has(std::size_t column) const { return fields_[column].has_value(); }
    // The index of the field that feeds `column`, if the header has it.
    [[nodiscard]] std::optional<std::size_t> field(std::size_t column) const {
        return fields_[column];
    }
    [[nodiscard]] std::string_view column_name(std::size_t column) const {
        return columns_[column];
    }
    // The number of fields in the header.
    [[nodiscard]] std::size_t width() const { return width_; }

private:
    std::span<const std::string_view> columns_;
    std::vector<std::optional<std::size_t>> fields_;  // parallel to columns_
    std::size_t width_ = 0;
};

// One data row, read value by value. Every problem found is a diagnostic at "line N" of the row.
class CsvRow {
public:
    // Warns (csv.ragged_row) when the record has non-blank fields beyond the header's width.
    CsvRow(const CsvLayout& layout,
           const std::vector<std::string>& record,
           std::size_t line,
           Diagnostics& diagnostics,
           const std::string& source);

    // The value under `column`, spaces trimmed; "" when the column or field is absent or blank,
    // and "" after a diagnostic when it is not valid UTF-8 (inventory.bad_text) or is longer than
    // kMaxValueBytes (inventory.bad_value). Call once per column: each call reports again.
    [[nodiscard]] std::string text(std::size_t column);

    [[nodiscard]] const std::string& location() const { return location_; }
    [[nodiscard]] std::size_t line() const { return line_; }
    [[nodiscard]] std::string_view column_name(std::size_t column) const {
        return layout_.column_name(column);
    }

    void report(Severity severity, std::string code, std::string message);

    // Splits a list of IP addresses (';', ',' or spaces between them) and keeps the valid ones,
    // without repeats; each invalid one is an inventory.bad_ip warning.
    [[nodiscard]] std::vector<std::string> ips(std::string_view text);
    // The same for MACs, made canonical; each invalid one is an inventory.bad_mac warning.
    [[nodiscard]] std::vector<std::string> macs(std::string_view text);
    // A yes/no flag (flag_value); inventory.bad_value and nullopt when it is neither.
    [[nodiscard]] std::optional<bool> flag(std::size_t column, std::string_view text);
    // A calendar date as YYYY-MM-DD (calendar_date); inventory.bad_date and "" when it is not one.
    [[nodiscard]] std::string date(std::size_t column, std::string_view text);
    // A moment as canonical UTC (moment); inventory.bad_date and "" when it is not one.
    [[nodiscard]] std::string timestamp(std::size_t column, std::string_view text);

private:
    const CsvLayout& layout_;
    const std::vector<std::string>& record_;
    std::size_t line_;
    std::string location_;
    Diagnostics& diagnostics_;
    const std::string& source_;
};

// yes/no/true/false/1/0/y/n, case-insensitive; nullopt otherwise.
[[nodiscard]] std::optional<bool> flag_value(std::string_view text);
// "YYYY-MM-DD" or the UK "DD/MM/YYYY" as YYYY-MM-DD; nullopt otherwise.
[[nodiscard]] std::optional<std::string> calendar_date(std::string_view text);
// An ISO 8601 timestamp or date (core/time.h parse_timestamp), or "DD/MM/YYYY" with an optional
// " HH:MM[:SS]" (as spreadsheets write UK times, taken as UTC), as canonical UTC text.
[[nodiscard]] std::optional<std::string> moment(std::string_view text);

// Reads the next data record; the CsvReader's "<file>:N" places become "<file> line N".
[[nodiscard]] Result<bool> next_record(CsvReader& reader, std::vector<std::string>& record);

// Reads every data record after the header and passes it to `row` with its line number, stopping
// at the first error `row` returns. Errors: next_record's; `row`'s; kInvalidArgument (where
// "<source> line 2") when the header is followed by no rows, since an empty `format` ("inventory",
// "register") is refused rather than read as an estate with nothing in it.
[[nodiscard]] Status for_each_row(
    CsvReader& reader,
    const std::string& source,
    std::string_view format,
    const std::function<Status(const std::vector<std::string>&, std::size_t)>& row);

// Text quoted in a message: cut to a readable length.
[[nodiscard]] std::string quoted(std::string_view text);

}  // namespace wardround::inventory::detail
