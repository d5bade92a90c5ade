// SPDX-License-Identifier: Apache-2.0
// CsvReader: RFC 4180 records streamed from an InputFile (quoted fields, doubled quotes, line
// breaks inside quotes, CRLF or LF, a UTF-8 byte-order mark at the start). Each record knows the
// line it started on, so diagnostics can name it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/input_file.h>
#include <wardround/core/result.h>

namespace wardround {

class CsvReader {
public:
    explicit CsvReader(InputFile& file);

    // Reads the next record into `fields`; returns false at the end of input. Blank lines are
    // skipped. Errors: kInvalidArgument for a quote left open at the end of input, or a field
    // longer than `kMaxFieldBytes` (a binary file passed as CSV); kDataLoss/kUnavailable from the
    // file.
    [[nodiscard]] Result<bool> next(std::vector<std::string>& fields);

    // Line (1-based) on which the record last returned by next() started.
    [[nodiscard]] std::size_t line() const { return record_line_; }
    [[nodiscard]] const std::string& name() const { return file_.name(); }
    [[nodiscard]] std::uint64_t bytes_read() const { return file_.raw_bytes_read(); }

    static constexpr std::size_t kMaxFieldBytes = 1 << 20;

private:
    // How read_record() ended: a record, the end of input, or a blank line to skip.
    enum class RecordEnd { kRecord, kEndOfInput, kBlankLine };
    struct FieldState;  // the field being read; defined in csv.cpp

    [[nodiscard]] Result<int> get();  // next byte, or -1 at the end
    [[nodiscard]] Status skip_byte_order_mark();
    [[nodiscard]] Result<RecordEnd> read_record(std::vector<std::string>& fields);
    [[nodiscard]] Status read_quoted(int c, FieldState& state);
    [[nodiscard]] RecordEnd end_of_line(FieldState& state, std::vector<std::string>& fields);
    [[nodiscard]] Result<RecordEnd> end_of_input(FieldState& state,
                                                 std::vector<std::string>& fields) const;

    InputFile& file_;
    std::string buffer_;
    std::size_t pos_ = 0;
    bool eof_ = false;
    bool at_start_ = true;
    std::size_t line_ = 1;
    std::size_t record_line_ = 0;
};

// Column lookup by header name: case-insensitive, surrounding spaces ignored.
class CsvHeader {
public:
    CsvHeader() = default;
    explicit CsvHeader(const std::vector<std::string>& names);

    [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const;
    [[nodiscard]] bool has(std::string_view name) const { return find(name).has_value(); }
    [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

    // The field under `name` in `record`, or "" when the column or the field is absent.
    [[nodiscard]] std::string_view get(const std::vector<std::string>& record,
                                       std::string_view name) const;

private:
    std::vector<std::string> names_;  // normalised
};

}  // namespace wardround
