// SPDX-License-Identifier: Apache-2.0
// MDS2 forms from CSV and from files by extension. A CSV form is the form's worksheet saved as
// CSV, so it is read into the same grid of cells as a worksheet and then read the same way.
#include <utility>
#include <vector>

#include <wardround/core/csv.h>
#include <wardround/core/input_file.h>
#include <wardround/core/text.h>
#include <wardround/inventory/mds2.h>

#include "inventory/mds2/mds2_grid.h"

namespace wardround::inventory {
namespace {

using mds2_detail::Mds2Cell;
using mds2_detail::Mds2Grid;
using mds2_detail::Mds2Row;

// Adds a record's filled fields to the grid. Errors: kInvalidArgument past kMaxCells.
Status add_record(std::vector<std::string>& fields,
                  std::size_t line,
                  Mds2Grid& grid,
                  Diagnostics& diagnostics,
                  std::size_t& cells,
                  const std::string& name) {
    Mds2Row row;
    row.number = static_cast<std::uint32_t>(line);
    bool repaired = false;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (trim(fields[i]).empty()) {
            continue;
        }
        if (++cells > mds2_detail::kMaxCells) {
            return make_error(ErrorCode::kInvalidArgument,
                              "more than " + std::to_string(mds2_detail::kMaxCells) +
                                  " filled fields: not an MDS2 form (one has a few thousand)",
                              name + " line " + std::to_string(line));
        }
        row.cells.push_back(Mds2Cell{static_cast<std::uint32_t>(i),
                                     mds2_detail::valid_utf8(fields[i], repaired), false});
    }
    if (repaired) {
        diagnostics.add(Severity::kWarning, "mds2.bad_utf8", name, grid.row_location(row.number),
                        "bytes that are not UTF-8 were replaced by U+FFFD (save the CSV as UTF-8)");
    }
    if (!row.cells.empty()) {
        grid.rows.push_back(std::move(row));
    }
    return {};
}

bool has_prefix(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string_view mds2_answer_kind_name(Mds2AnswerKind kind) {
    switch (kind) {
        case Mds2AnswerKind::kYes:
            return "yes";
        case Mds2AnswerKind::kNo:
            return "no";
        case Mds2AnswerKind::kNotApplicable:
            return "n/a";
        case Mds2AnswerKind::kSeeNote:
            return "see-note";
        case Mds2AnswerKind::kOther:
            return "other";
        case Mds2AnswerKind::kUnanswered:
            break;
    }
    return "unanswered";
}

bool is_mds2_question_id(std::string_view text) {
    return !mds2_detail::normalise_question_id(text).empty() && trim(text) == text &&
           text.find('\xE2') == std::string_view::npos;
}

Result<Mds2Form> parse_mds2_csv(std::string_view text, std::string_view file_name) {
    const std::string name(file_name);
    if (has_prefix(text, "\xFF\xFE") || has_prefix(text, "\xFE\xFF")) {
        return make_error(ErrorCode::kInvalidArgument,
                          "the text is UTF-16; save the CSV as UTF-8 (\"CSV UTF-8\" in Excel)",
                          name + " line 1");
    }
    if (has_prefix(text, "PK\x03\x04")) {
        return make_error(ErrorCode::kInvalidArgument,
                          "a zip archive, not CSV text: an XLSX workbook is read as .xlsx",
                          name + " line 1");
    }
    InputFile file = InputFile::from_memory(name, std::string(text));
    CsvReader reader(file);
    Mds2Grid grid;
    Diagnostics diagnostics;
    std::vector<std::string> fields;
    std::size_t cells = 0;
    std::size_t records = 0;
    for (;;) {
        auto more = reader.next(fields);
        if (!more) {
            return propagate(more.error());
        }
        if (!*more) {
            break;
        }
        if (file.bytes_delivered() > kMds2MaxFileBytes) {  // a compressed CSV that expands
            return make_error(ErrorCode::kInvalidArgument,
                              "larger than the " + std::to_string(kMds2MaxFileBytes >> 20) +
                                  " MiB an MDS2 form may have",
                              name + " line " + std::to_string(reader.line()));
        }
        ++records;
        WARDROUND_TRY(add_record(fields, reader.line(), grid, diagnostics, cells, name));
    }
    const mds2_detail::HeaderBlock header = mds2_detail::scan_header_block(grid);
    return mds2_detail::read_form(grid, header, std::move(diagnostics), name,
                                  std::to_string(records) + " lines");
}

Result<Mds2Form> read_mds2_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    const std::string extension = to_lower(path.extension().string());
    const bool csv = extension == ".csv";
    if (!csv && extension != ".xlsx" && extension != ".xlsm") {
        return make_error(
            ErrorCode::kInvalidArgument,
            extension == ".xls"
                ? "the old binary .xls workbook is not read: save it as .xlsx"
                : "an MDS2 form is read from its workbook (.xlsx) or a CSV saved "
                  "from it (.csv), not from " +
                      (extension.empty() ? std::string("a file without extension") : extension),
            name);
    }
    auto file = InputFile::open(name);
    if (!file) {
        return propagate(file.error());
    }
    auto bytes = file->read_all(kMds2MaxFileBytes);
    if (!bytes) {
        return propagate(bytes.error());
    }
    return csv ? parse_mds2_csv(*bytes, name) : parse_mds2_xlsx(*bytes, name);
}

}  // namespace wardround::inventory
