// SPDX-License-Identifier: Apache-2.0
// Reads an MDS2 form from a grid of cells. The 2019 form is a table whose rows are questions: a
// question id (column "Question ID"), the question, the answer (Yes / No / N/A / See note) and a
// note, with section headings and the standards each question maps to (IEC TR 80001-2-2, NIST SP
// 800-53, ISO 27002) around them. Manufacturers move, merge and relabel columns, so the columns are
// found from the table's header row when there is one, and from the data when there is not: the
// column where the ids are, and the column to its right that holds the most Yes/No/N/A answers.
#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

#include <wardround/core/text.h>

#include "inventory/mds2/mds2_grid.h"

namespace wardround::inventory::mds2_detail {
namespace {

constexpr std::array<std::string_view, kHeaderFieldCount> kFieldNames{
    "manufacturer", "device description",   "device model",
    "document id",  "manufacturer contact", "release date"};

std::string_view field_name(HeaderField field) {
    return kFieldNames[static_cast<std::size_t>(field)];
}

bool is_id_header(std::string_view label) {
    static constexpr std::array<std::string_view, 8> kIdHeaders{
        "question id",     "question #", "question no", "question no.",
        "question number", "id",         "ref",         "reference"};
    return std::find(kIdHeaders.begin(), kIdHeaders.end(), label) != kIdHeaders.end();
}

bool is_answer_header(std::string_view label) {
    return label.starts_with("answer") || label.starts_with("response") ||
           label.starts_with("yes/no") || label.starts_with("yes / no") ||
           label == "manufacturer response";
}

bool is_note_header(std::string_view label) {
    return label.find("note") != std::string_view::npos ||
           label.find("comment") != std::string_view::npos ||
           label.find("remark") != std::string_view::npos ||
           label.find("explanation") != std::string_view::npos;
}

// A question row starts with its id; a model called "GI-9" further right does not make one.
bool starts_with_question_id(const Mds2Row& row) {
    return !row.cells.empty() && !normalise_question_id(row.cells.front().text).empty();
}

// Where the form's columns are.
struct Layout {
    std::optional<std::size_t> header_row;  // index into the grid's rows
    std::uint32_t id = 0;
    std::optional<std::uint32_t> question;
    std::optional<std::uint32_t> answer;  // from the header; else found from the data
    std::optional<std::uint32_t> note;
};

// The table's header row: one that labels both the question id and the question.
std::optional<Layout> header_layout(const Mds2Grid& grid) {
    for (std::size_t i = 0; i < grid.rows.size(); ++i) {
        Layout layout;
        bool id = false;
        for (const Mds2Cell& cell : grid.rows[i].cells) {
            const std::string label = normalise_label(cell.text);
            if (!id && is_id_header(label)) {
                layout.id = cell.column;
                id = true;
            } else if (!layout.question && label.starts_with("question")) {
                layout.question = cell.column;
            } else if (!layout.answer && is_answer_header(label)) {
                layout.answer = cell.column;
            } else if (!layout.note && is_note_header(label)) {
                layout.note = cell.column;
            }
        }
        if (id && layout.question) {
            layout.header_row = i;
            return layout;
        }
    }
    return std::nullopt;
}

// Without a header row: the column holding the most question ids.
Layout data_layout(const Mds2Grid& grid) {
    std::map<std::uint32_t, std::size_t> ids_by_column;
    for (const Mds2Row& row : grid.rows) {
        if (starts_with_question_id(row)) {
            ++ids_by_column[row.cells.front().column];
        }
    }
    Layout layout;
    std::size_t best = 0;
    for (const auto& [column, count] : ids_by_column) {
        if (count > best) {
            best = count;
            layout.id = column;
        }
    }
    return layout;
}

// The answer column: the one right of the ids, not already the question's or the note's, that
// holds the most Yes/No/N/A/See note answers on question rows; `fallback` (or the next free one)
// when none does.
std::uint32_t answer_column(const Mds2Grid& grid, const Layout& layout, std::uint32_t fallback) {
    const auto taken = [&layout](std::uint32_t column) {
        return column == layout.id || column == layout.question || column == layout.note;
    };
    std::map<std::uint32_t, std::size_t> answers_by_column;
    for (std::size_t i = 0; i < grid.rows.size(); ++i) {
        const Mds2Row& row = grid.rows[i];
        if (i == layout.header_row || normalise_question_id(row.text(layout.id)).empty()) {
            continue;
        }
        for (const Mds2Cell& cell : row.cells) {
            if (cell.column > layout.id && !taken(cell.column) && is_form_answer(cell.text)) {
                ++answers_by_column[cell.column];
            }
        }
    }
    std::uint32_t best_column = fallback;
    while (taken(best_column)) {
        ++best_column;
    }
    std::size_t best = 0;
    for (const auto& [column, count] : answers_by_column) {
        if (count > best) {
            best = count;
            best_column = column;
        }
    }
    return best_column;
}

Layout find_layout(const Mds2Grid& grid) {
    if (auto layout = header_layout(grid)) {
        if (!layout->answer) {
            layout->answer = answer_column(grid, *layout, *layout->question + 1);
        }
        return *layout;
    }
    // No header: id, question, answer, note from left to right, unless the data says otherwise.
    Layout layout = data_layout(grid);
    layout.answer = answer_column(grid, layout, layout.id + 2);
    if (*layout.answer != layout.id + 1) {
        layout.question = layout.id + 1;
    }
    layout.note = *layout.answer + 1;
    return layout;
}

std::optional<HeaderField> label_at(const Mds2Row& row, std::size_t index) {
    return header_label(row.cells[index].text);
}

// "Manufacturer: Acme Medical" in one cell.
std::optional<std::pair<HeaderField, std::string>> label_and_value(std::string_view text) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    const auto field = header_label(text.substr(0, colon));
    const std::string_view value = trim(text.substr(colon + 1));
    if (!field || value.empty()) {
        return std::nullopt;
    }
    return std::make_pair(*field, std::string(value));
}

class FormReader {
public:
    FormReader(const Mds2Grid& grid, Diagnostics diagnostics, std::string_view file_name)
        : grid_(grid), source_(file_name) {
        form_.sheet = grid.sheet;
        form_.diagnostics = std::move(diagnostics);
    }

    void read_rows(const Layout& layout) {
        for (std::size_t i = 0; i < grid_.rows.size(); ++i) {
            if (i != layout.header_row) {
                read_row(grid_.rows[i], layout);
            }
        }
    }

    Result<Mds2Form> finish(const HeaderBlock& header, std::string_view searched) {
        for (std::size_t f = 0; f < kHeaderFieldCount; ++f) {
            set_field(static_cast<HeaderField>(f), doc_values_[f], header[f]);
        }
        // A "Date" cell in some other spreadsheet does not make it a form: it needs questions,
        // or a header that names the device.
        if (form_.answers.empty() && form_.manufacturer.empty() && form_.model.empty()) {
            return not_a_form(searched);
        }
        if (form_.answers.empty()) {
            report(Severity::kWarning, "mds2.no_answers", "",
                   "the form has a header but no question with an id (such as AUTH-1)");
        }
        if (form_.manufacturer.empty()) {
            report(Severity::kWarning, "mds2.missing_manufacturer", "",
                   "the form does not name the manufacturer (DOC-1, Manufacturer Name)");
        }
        if (form_.model.empty()) {
            report(Severity::kWarning, "mds2.missing_model", "",
                   "the form does not name the device model (DOC-3, Device Model)");
        }
        return std::move(form_);
    }

private:
    void report(Severity severity, std::string code, std::string location, std::string message) {
        form_.diagnostics.add(severity, std::move(code), source_, std::move(location),
                              std::move(message));
    }

    void read_row(const Mds2Row& row, const Layout& layout) {
        const std::string_view raw_id = row.text(layout.id);
        const std::string_view answer = row.text(*layout.answer);
        if (raw_id.empty()) {
            if (seen_question_ && is_form_answer(answer) && layout.question &&
                !row.text(*layout.question).empty()) {
                report(Severity::kError, "mds2.missing_question_id", grid_.row_location(row.number),
                       "a question answered " + in_quotes(answer) +
                           " has no question id; the row is left out");
            }
            return;
        }
        std::string id = normalise_question_id(raw_id);
        if (id.empty()) {
            if (looks_like_question_id(raw_id) || is_form_answer(answer)) {
                bad_id(row, layout, raw_id);
            }
            return;
        }
        seen_question_ = true;
        std::string location = grid_.row_location(row.number);
        const auto [first, inserted] = seen_.emplace(id, location);
        if (!inserted) {
            report(Severity::kError, "mds2.duplicate_question", location,
                   id + " is answered again (first at " + first->second +
                       "); the first answer is kept");
            return;
        }
        Mds2Answer entry{std::move(id), classify_answer(answer), std::string(answer),
                         layout.note ? std::string(row.text(*layout.note)) : std::string(),
                         std::move(location)};
        check_answer(row, layout, entry);
        form_.answers.push_back(std::move(entry));
    }

    void bad_id(const Mds2Row& row, const Layout& layout, std::string_view raw_id) {
        const std::string location = grid_.cell_location(row.number, layout.id);
        report(Severity::kError, "mds2.bad_question_id", location,
               in_quotes(raw_id) +
                   " is not a question id of the form SECTION-n[.n] (such as AUTH-1 or "
                   "MPII-2.1); the row is left out");
        if (first_malformed_.empty()) {
            first_malformed_ = in_quotes(raw_id) + " at " + location;
        }
        ++malformed_;
    }

    // The DOC facts fill the header; other answers should be one the form offers.
    void check_answer(const Mds2Row& row, const Layout& layout, Mds2Answer& entry) {
        if (is_doc_fact(entry.question_id)) {
            entry.kind =
                entry.answer.empty() ? Mds2AnswerKind::kUnanswered : Mds2AnswerKind::kOther;
            auto field = layout.question ? header_label(row.text(*layout.question)) : std::nullopt;
            if (!field) {
                field = doc_field(entry.question_id);
            }
            if (field && !entry.answer.empty()) {
                auto& slot = doc_values_[static_cast<std::size_t>(*field)];
                const Mds2Cell* cell = row.cell(*layout.answer);
                if (!slot) {
                    slot = HeaderValue{entry.answer, entry.question_id + " at " + entry.location,
                                       cell != nullptr && cell->numeric, grid_.date1904};
                }
            }
        } else if (entry.kind == Mds2AnswerKind::kOther) {
            report(Severity::kWarning, "mds2.unknown_answer", entry.location,
                   entry.question_id + " is answered " + in_quotes(entry.answer) +
                       ", not Yes, No, N/A or See note; kept as written");
        }
        if (!is_known_section(entry.question_id)) {
            report(Severity::kWarning, "mds2.unknown_section", entry.location,
                   entry.question_id +
                       " is not in a section of the 2019 form (DOC, MPII, ALOF, ..., RMOT, "
                       "OTHR); kept");
        }
    }

    // Sets one header field from the DOC row, else the header block.
    void set_field(HeaderField field,
                   const std::optional<HeaderValue>& doc,
                   const std::optional<HeaderValue>& block) {
        const std::optional<HeaderValue>& chosen = doc ? doc : block;
        if (!chosen) {
            return;
        }
        if (doc && block && normalise_label(doc->value) != normalise_label(block->value)) {
            report(Severity::kWarning, "mds2.header_conflict", block->location,
                   "the header gives the " + std::string(field_name(field)) + " as " +
                       in_quotes(block->value) + " but " + doc->location + " gives " +
                       in_quotes(doc->value) + "; the DOC answer is kept");
        }
        std::string value = chosen->value;
        if (field == HeaderField::kDate) {
            if (auto date = parse_form_date(value, chosen->numeric, chosen->date1904)) {
                value = std::move(*date);
            } else {
                report(Severity::kInfo, "mds2.bad_date", chosen->location,
                       "the release date " + in_quotes(value) +
                           " is not a date that reads one way only; kept as written");
            }
        }
        field_ref(field) = std::move(value);
    }

    std::string& field_ref(HeaderField field) {
        switch (field) {
            case HeaderField::kManufacturer:
                return form_.manufacturer;
            case HeaderField::kDescription:
                return form_.device_description;
            case HeaderField::kModel:
                return form_.model;
            case HeaderField::kDocumentId:
                return form_.document_id;
            case HeaderField::kContact:
                return form_.manufacturer_contact;
            case HeaderField::kDate:
                break;
        }
        return form_.form_date;
    }

    tl::unexpected<Error> not_a_form(std::string_view searched) const {
        std::string message =
            "not an MDS2 form: no question id (such as DOC-1 or AUTH-1) and no manufacturer or "
            "device model in a header (such as Manufacturer Name) in " +
            std::string(searched);
        if (malformed_ > 0) {
            message += "; " + std::to_string(malformed_) +
                       " cells look like malformed question ids, the first " + first_malformed_;
        }
        return make_error(ErrorCode::kInvalidArgument, std::move(message), source_);
    }

    const Mds2Grid& grid_;
    std::string source_;
    Mds2Form form_;
    std::unordered_map<std::string, std::string> seen_;  // question id -> where first answered
    std::array<std::optional<HeaderValue>, kHeaderFieldCount> doc_values_;
    bool seen_question_ = false;
    std::size_t malformed_ = 0;
    std::string first_malformed_;
};

}  // namespace

const Mds2Cell* Mds2Row::cell(std::uint32_t column) const {
    const auto it = std::lower_bound(
        cells.begin(), cells.end(), column,
        [](const Mds2Cell& cell, std::uint32_t wanted) { return cell.column < wanted; });
    return it != cells.end() && it->column == column ? &*it : nullptr;
}

std::string_view Mds2Row::text(std::uint32_t column) const {
    const Mds2Cell* found = cell(column);
    return found != nullptr ? trim(found->text) : std::string_view();
}

std::string Mds2Grid::row_location(std::uint32_t row) const {
    if (sheet.empty()) {
        return "line " + std::to_string(row);
    }
    return "sheet " + sheet + " row " + std::to_string(row);
}

std::string Mds2Grid::cell_location(std::uint32_t row, std::uint32_t column) const {
    if (sheet.empty()) {
        return "line " + std::to_string(row);
    }
    return "sheet " + sheet + " cell " + column_letters(column) + std::to_string(row);
}

std::string column_letters(std::uint32_t column) {
    std::string letters;
    std::uint32_t n = column + 1;
    while (n > 0) {
        letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
        n = (n - 1) / 26;
    }
    return letters;
}

HeaderBlock scan_header_block(const Mds2Grid& grid) {
    HeaderBlock block;
    const auto keep = [&block, &grid](HeaderField field, std::string_view value, const Mds2Row& row,
                                      const Mds2Cell* cell) {
        auto& slot = block[static_cast<std::size_t>(field)];
        if (!slot && !value.empty()) {
            slot = HeaderValue{std::string(value), grid.cell_location(row.number, cell->column),
                               cell->numeric, grid.date1904};
        }
    };
    for (std::size_t i = 0; i < grid.rows.size(); ++i) {
        const Mds2Row& row = grid.rows[i];
        if (row.cells.empty() || starts_with_question_id(row)) {
            continue;
        }
        std::vector<std::pair<std::uint32_t, HeaderField>> labels;
        for (std::size_t c = 0; c < row.cells.size(); ++c) {
            if (const auto field = label_at(row, c)) {
                labels.emplace_back(row.cells[c].column, *field);
            }
        }
        if (labels.size() >= 2 && i + 1 < grid.rows.size() &&
            !starts_with_question_id(grid.rows[i + 1])) {
            // A row of labels with the values beneath them.
            const Mds2Row& below = grid.rows[i + 1];
            for (const auto& [column, field] : labels) {
                if (const Mds2Cell* cell = below.cell(column); cell != nullptr) {
                    keep(field, trim(cell->text), below, cell);
                }
            }
        } else if (labels.size() == 1 && labels[0].first == row.cells[0].column &&
                   row.cells.size() > 1) {
            keep(labels[0].second, trim(row.cells[1].text), row, &row.cells[1]);
        } else if (const auto pair = label_and_value(row.cells[0].text)) {
            keep(pair->first, pair->second, row, &row.cells[0]);
        }
    }
    return block;
}

std::size_t count_question_ids(const Mds2Grid& grid) {
    return static_cast<std::size_t>(
        std::count_if(grid.rows.begin(), grid.rows.end(), starts_with_question_id));
}

Result<Mds2Form> read_form(const Mds2Grid& grid,
                           const HeaderBlock& header,
                           Diagnostics diagnostics,
                           std::string_view file_name,
                           std::string_view searched) {
    FormReader reader(grid, std::move(diagnostics), file_name);
    reader.read_rows(find_layout(grid));
    return reader.finish(header, searched);
}

}  // namespace wardround::inventory::mds2_detail
