// SPDX-License-Identifier: Apache-2.0
// An answers file: many answers to one assessment in a CSV, so that a team can fill the DSPT in a
// spreadsheet and load it in one go. The columns are those of the Answers sheet of the workbook
// export (`Item`, `Answer`, `Reason`, `Comment`; any others, such as `Node` or `By`, are
// ignored), so the sheet saved as CSV reads back. Pure: this reads and checks the file's shape;
// whether each item and value fits the framework is for import_answers (assessment.h).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <wardround/core/input_file.h>
#include <wardround/core/result.h>

namespace wardround::assess {

struct AnswerRow {
    std::size_t line = 0;  // where the record starts, for messages
    std::string item;      // as written: plain or qualified
    std::string value;
    std::string reason;
    std::string comment;
};

struct AnswerFile {
    std::string name;             // the file's name, for messages
    std::vector<AnswerRow> rows;  // in file order, each with an answer
    std::size_t blank = 0;        // rows naming an item with no answer: left as they are
};

// Errors (kInvalidArgument, `where` naming the file and line): no header, a header without an
// `Item` or an `Answer` column, a row with an answer but no item, the same item on two rows (both
// lines named); the CSV reader's own errors (a quote left open, a field over its limit).
[[nodiscard]] Result<AnswerFile> read_answer_file(InputFile& file);

}  // namespace wardround::assess
