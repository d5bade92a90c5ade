// SPDX-License-Identifier: Apache-2.0
// One sheet of an MDS2 form as rows of cells, whatever it was read from (a CSV file, a worksheet of
// a workbook), and the reading of the form from it. Internal to the mds2 module.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/diagnostic.h>
#include <wardround/core/result.h>
#include <wardround/inventory/mds2.h>

#include "inventory/mds2/mds2_text.h"

namespace wardround::inventory::mds2_detail {

struct Mds2Cell {
    std::uint32_t column = 0;  // 0-based: CSV field index, or A = 0 in a worksheet
    std::string text;          // valid UTF-8, never empty (empty cells are not kept)
    bool numeric = false;      // a worksheet's number cell (a date may be a serial day number)
};

struct Mds2Row {
    std::uint32_t number = 0;     // 1-based line (CSV) or worksheet row
    std::vector<Mds2Cell> cells;  // ascending column

    [[nodiscard]] const Mds2Cell* cell(std::uint32_t column) const;
    // The cell's text, trimmed; "" when absent.
    [[nodiscard]] std::string_view text(std::uint32_t column) const;
};

struct Mds2Grid {
    std::string sheet;  // "" for CSV
    std::vector<Mds2Row> rows;
    bool date1904 = false;  // the workbook counts serial days from 1904

    // "line 7" or "sheet MDS2 row 7".
    [[nodiscard]] std::string row_location(std::uint32_t row) const;
    // "line 7" or "sheet MDS2 cell C7".
    [[nodiscard]] std::string cell_location(std::uint32_t row, std::uint32_t column) const;
};

// Filled cells a file may have: an MDS2 form has a few thousand, so a million means it is not one
// (and keeps memory bounded whatever the file).
inline constexpr std::size_t kMaxCells = std::size_t{1} << 20;

// A spreadsheet column's letters: 0 -> "A", 26 -> "AA".
[[nodiscard]] std::string column_letters(std::uint32_t column);

// A header fact found in a label/value block ("Manufacturer Name" | "Acme Medical").
struct HeaderValue {
    std::string value;
    std::string location;
    bool numeric = false;
    bool date1904 = false;
};
using HeaderBlock = std::array<std::optional<HeaderValue>, kHeaderFieldCount>;

// Label/value pairs outside the question rows: a label with its value to its right, or a row of
// labels with their values in the row below. The first value of each field wins.
[[nodiscard]] HeaderBlock scan_header_block(const Mds2Grid& grid);

// Rows that start with a question id: how the sheet that holds the form is chosen.
[[nodiscard]] std::size_t count_question_ids(const Mds2Grid& grid);

// Reads the form from the grid that holds its questions. `header` holds the header blocks found in
// the file (this grid's first); they fill what the DOC rows leave empty. `searched` says where the
// file was looked at, for the error ("12 lines", "sheets Intro, Form").
// Errors: kInvalidArgument when the grid has no question id and `header` no field.
[[nodiscard]] Result<Mds2Form> read_form(const Mds2Grid& grid,
                                         const HeaderBlock& header,
                                         Diagnostics diagnostics,
                                         std::string_view file_name,
                                         std::string_view searched);

}  // namespace wardround::inventory::mds2_detail
