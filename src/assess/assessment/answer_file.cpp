// SPDX-License-Identifier: Apache-2.0
// The answers file reader (answer_file.h).
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <wardround/assess/answer_file.h>
#include <wardround/core/csv.h>
#include <wardround/core/text.h>

namespace wardround::assess {
namespace {

std::string line_of(const CsvReader& reader) {
    return fmt::format("{} line {}", reader.name(), reader.line());
}

}  // namespace

Result<AnswerFile> read_answer_file(InputFile& file) {
    CsvReader reader(file);
    std::vector<std::string> record;
    auto has_header = reader.next(record);
    WARDROUND_TRY(has_header);
    if (!*has_header) {
        return make_error(ErrorCode::kInvalidArgument,
                          "the file is empty: it needs a header naming the Item and Answer columns",
                          file.name());
    }
    const CsvHeader header(record);
    for (const char* column : {"Item", "Answer"}) {
        if (!header.has(column)) {
            return make_error(ErrorCode::kInvalidArgument,
                              fmt::format("the header has no {} column (it has: {})", column,
                                          fmt::join(header.names(), ", ")),
                              line_of(reader));
        }
    }

    AnswerFile out;
    out.name = file.name();
    std::map<std::string, std::size_t> line_of_item;
    while (true) {
        auto more = reader.next(record);
        WARDROUND_TRY(more);
        if (!*more) {
            break;
        }
        AnswerRow row{reader.line(), std::string(trim(header.get(record, "Item"))),
                      // Spreadsheets turn a typed `true` into TRUE; the vocabulary is lower case.
                      to_lower(trim(header.get(record, "Answer"))),
                      std::string(trim(header.get(record, "Reason"))),
                      std::string(header.get(record, "Comment"))};
        if (row.item.empty()) {
            if (row.value.empty()) {
                continue;  // a spacer row
            }
            return make_error(ErrorCode::kInvalidArgument, "an answer with no item",
                              line_of(reader));
        }
        const auto [earlier, first] = line_of_item.emplace(row.item, row.line);
        if (!first) {
            return make_error(
                ErrorCode::kInvalidArgument,
                fmt::format("{} is answered twice, here and on line {}", row.item, earlier->second),
                line_of(reader));
        }
        if (row.value.empty()) {
            ++out.blank;
            continue;
        }
        out.rows.push_back(std::move(row));
    }
    return out;
}

}  // namespace wardround::assess
