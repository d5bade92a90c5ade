// SPDX-License-Identifier: Apache-2.0
// MDS2 workbooks (.xlsx, Office Open XML SpreadsheetML, ECMA-376). The parts are found the way
// the package says, not by fixed names: _rels/.rels names the workbook part, the workbook's
// relationships name each worksheet part and the shared string table. A worksheet is
// <worksheet><sheetData><row r="7"><c r="B7" t="s"><v>12</v></c>...; a cell's text is an index
// into the shared strings (t="s"), inline (t="inlineStr", <is><t>), a formula's cached text
// (t="str") or a number as written (no t), which may be a date counted in days. Element names are
// compared without their namespace prefix, since some writers use "x:row".
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include <wardround/core/text.h>
#include <wardround/inventory/mds2.h>

#include "inventory/mds2/mds2_grid.h"
#include "inventory/mds2/zip_archive.h"

namespace wardround::inventory {
namespace {

using mds2_detail::HeaderBlock;
using mds2_detail::kMaxCells;
using mds2_detail::Mds2Cell;
using mds2_detail::Mds2Grid;
using mds2_detail::Mds2Row;
using mds2_detail::ZipArchive;

constexpr std::uint32_t kMaxColumn = 16384;  // XFD
constexpr std::uint32_t kMaxRow = 1048576;

std::string_view local_name(std::string_view name) {
    const std::size_t colon = name.rfind(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
    for (const pugi::xml_node& node : parent.children()) {
        if (local_name(node.name()) == name) {
            return node;
        }
    }
    return {};
}

std::string_view attribute(const pugi::xml_node& node, std::string_view name) {
    for (const pugi::xml_attribute& attr : node.attributes()) {
        if (local_name(attr.name()) == name) {
            return attr.value();
        }
    }
    return {};
}

// The workbook's r:id attribute: "id" in a namespace (the sheet's own "sheetId" is another).
std::string_view relationship_id(const pugi::xml_node& sheet) {
    for (const pugi::xml_attribute& attr : sheet.attributes()) {
        const std::string_view name = attr.name();
        if (name.find(':') != std::string_view::npos && local_name(name) == "id") {
            return attr.value();
        }
    }
    return {};
}

// A parsed part. The document points into `text`, so they live together.
struct XmlPart {
    std::string text;
    pugi::xml_document document;
};

Status parse_part(ZipArchive& archive, const std::string& entry, XmlPart& part) {
    auto text = archive.read(entry);
    if (!text) {
        return propagate(text.error());
    }
    part.text = std::move(*text);
    const pugi::xml_parse_result result =
        part.document.load_buffer_inplace(part.text.data(), part.text.size());
    if (!result) {
        return make_error(
            ErrorCode::kInvalidArgument,
            std::string("not well-formed XML: ") + result.description(),
            archive.name() + " entry " + entry + " byte " + std::to_string(result.offset));
    }
    return {};
}

// "xl/worksheets/sheet1.xml" from the folder of the part that names it and a Target
// ("worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml", "../xl/x.xml").
std::string resolve(std::string_view folder, std::string_view target) {
    std::vector<std::string_view> segments;
    if (!target.starts_with('/')) {
        for (const std::string_view segment : split(folder, '/')) {
            if (!segment.empty()) {
                segments.push_back(segment);
            }
        }
    }
    for (const std::string_view segment : split(target, '/')) {
        if (segment == "..") {
            if (!segments.empty()) {
                segments.pop_back();
            }
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
    }
    std::string path;
    for (const std::string_view segment : segments) {
        path += (path.empty() ? "" : "/") + std::string(segment);
    }
    return path;
}

std::string folder_of(std::string_view part) {
    const std::size_t slash = part.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash));
}

struct Relationship {
    std::string type;    // the URI's last segment: "worksheet", "sharedStrings", "officeDocument"
    std::string target;  // resolved part name
};

// The relationships of `part` (in <folder>/_rels/<file>.rels), by id; none when it has none.
Result<std::map<std::string, Relationship>> relationships(ZipArchive& archive,
                                                          std::string_view part) {
    const std::string folder = folder_of(part);
    const std::string file = std::string(part.substr(part.rfind('/') + 1));
    const std::string rels = (folder.empty() ? "" : folder + "/") + "_rels/" + file + ".rels";
    std::map<std::string, Relationship> out;
    if (!archive.contains(rels)) {
        return out;
    }
    XmlPart xml;
    WARDROUND_TRY(parse_part(archive, rels, xml));
    for (const pugi::xml_node& node : child(xml.document, "Relationships").children()) {
        if (local_name(node.name()) != "Relationship" ||
            attribute(node, "TargetMode") == "External") {
            continue;
        }
        const std::string_view type = attribute(node, "Type");
        out.emplace(std::string(attribute(node, "Id")),
                    Relationship{std::string(type.substr(type.rfind('/') + 1)),
                                 resolve(folder, attribute(node, "Target"))});
    }
    return out;
}

// OOXML writes characters XML cannot hold as _xHHHH_ ("_x000D_" for a carriage return).
std::string decode_escapes(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    constexpr std::size_t kEscapeLength = 7;
    while (i < text.size()) {
        if (text[i] == '_' && i + kEscapeLength <= text.size() && text[i + 1] == 'x' &&
            text[i + kEscapeLength - 1] == '_' &&
            std::all_of(text.begin() + static_cast<std::ptrdiff_t>(i + 2),
                        text.begin() + static_cast<std::ptrdiff_t>(i + 6),
                        [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; })) {
            const unsigned long code = std::stoul(std::string(text.substr(i + 2, 4)), nullptr, 16);
            if (code < 0x80) {
                out += static_cast<char>(code);
            } else if (code < 0x800) {
                out += static_cast<char>(0xC0 | (code >> 6));
                out += static_cast<char>(0x80 | (code & 0x3F));
            } else {
                out += static_cast<char>(0xE0 | (code >> 12));
                out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (code & 0x3F));
            }
            i += kEscapeLength;
        } else {
            out += text[i++];
        }
    }
    return out;
}

// The text of a shared string or an inline string: <t>, or the <t> of each rich-text run <r>.
// Phonetic runs (<rPh>) are not the text.
std::string string_item(const pugi::xml_node& item) {
    std::string text;
    for (const pugi::xml_node& node : item.children()) {
        const std::string_view name = local_name(node.name());
        if (name == "t") {
            text += node.text().get();
        } else if (name == "r") {
            text += child(node, "t").text().get();
        }
    }
    return decode_escapes(text);
}

Result<std::vector<std::string>> shared_strings(ZipArchive& archive, const std::string& part) {
    std::vector<std::string> strings;
    if (part.empty() || !archive.contains(part)) {
        return strings;
    }
    XmlPart xml;
    WARDROUND_TRY(parse_part(archive, part, xml));
    for (const pugi::xml_node& node : child(xml.document, "sst").children()) {
        if (local_name(node.name()) == "si") {
            strings.push_back(string_item(node));
        }
    }
    return strings;
}

// "C7" -> column 2; nullopt when malformed or beyond XFD1048576.
std::optional<std::uint32_t> column_of(std::string_view reference) {
    std::uint32_t column = 0;
    std::size_t i = 0;
    constexpr std::size_t kMaxLetters = 3;
    while (i < reference.size() && i < kMaxLetters && reference[i] >= 'A' && reference[i] <= 'Z') {
        column = column * 26 + static_cast<std::uint32_t>(reference[i] - 'A' + 1);
        ++i;
    }
    if (i == 0 || column > kMaxColumn || i == reference.size()) {
        return std::nullopt;
    }
    const std::string_view digits = reference.substr(i);
    if (digits.size() > 7 || digits[0] == '0' ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return column - 1;
}

std::optional<std::uint32_t> row_number(std::string_view text) {
    if (text.empty() || text.size() > 7 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const auto number = static_cast<std::uint32_t>(std::stoul(std::string(text)));
    return number >= 1 && number <= kMaxRow ? std::optional(number) : std::nullopt;
}

struct Workbook {
    std::vector<std::string> shared;
    bool date1904 = false;
};

// Reads one worksheet's cells into a grid; cell-level problems are diagnostics.
class SheetReader {
public:
    SheetReader(const Workbook& workbook,
                Mds2Grid& grid,
                Diagnostics& diagnostics,
                std::string source,
                std::size_t& cells)
        : workbook_(workbook),
          grid_(grid),
          diagnostics_(diagnostics),
          source_(std::move(source)),
          cells_(cells) {}

    Status read(const pugi::xml_node& sheet_data) {
        std::uint32_t next_row = 1;
        for (const pugi::xml_node& node : sheet_data.children()) {
            if (local_name(node.name()) != "row") {
                continue;
            }
            const std::uint32_t number = row_number(attribute(node, "r")).value_or(next_row);
            next_row = std::min(number + 1, kMaxRow);
            Mds2Row row;
            row.number = number;
            WARDROUND_TRY(read_cells(node, row));
            if (!row.cells.empty()) {
                grid_.rows.push_back(std::move(row));
            }
        }
        std::stable_sort(grid_.rows.begin(), grid_.rows.end(),
                         [](const Mds2Row& a, const Mds2Row& b) { return a.number < b.number; });
        return {};
    }

private:
    Status read_cells(const pugi::xml_node& row_node, Mds2Row& row) {
        std::uint32_t next_column = 0;
        bool repaired = false;
        for (const pugi::xml_node& node : row_node.children()) {
            if (local_name(node.name()) != "c") {
                continue;
            }
            const std::string_view reference = attribute(node, "r");
            const auto column =
                reference.empty() ? std::optional(next_column) : column_of(reference);
            if (!column) {
                report("mds2.bad_cell_reference", grid_.row_location(row.number),
                       "cell reference " + mds2_detail::in_quotes(reference) +
                           " is not a column and row such as C7; the cell is left out");
                continue;
            }
            next_column = std::min(*column + 1, kMaxColumn - 1);
            Mds2Cell cell{*column, cell_text(node, row.number, *column), false};
            cell.numeric = attribute(node, "t").empty() || attribute(node, "t") == "n";
            if (trim(cell.text).empty()) {
                continue;
            }
            cell.text = mds2_detail::valid_utf8(cell.text, repaired);
            if (++cells_ > kMaxCells) {
                return make_error(ErrorCode::kInvalidArgument,
                                  "more than " + std::to_string(kMaxCells) +
                                      " filled cells: not an MDS2 form (one has a few thousand)",
                                  source_ + " " + grid_.row_location(row.number));
            }
            row.cells.push_back(std::move(cell));
        }
        if (repaired) {
            report("mds2.bad_utf8", grid_.row_location(row.number),
                   "bytes that are not UTF-8 were replaced by U+FFFD");
        }
        // Writers emit cells left to right; keep the first of any column given twice.
        std::stable_sort(row.cells.begin(), row.cells.end(),
                         [](const Mds2Cell& a, const Mds2Cell& b) { return a.column < b.column; });
        row.cells.erase(
            std::unique(row.cells.begin(), row.cells.end(),
                        [](const Mds2Cell& a, const Mds2Cell& b) { return a.column == b.column; }),
            row.cells.end());
        return {};
    }

    std::string cell_text(const pugi::xml_node& cell, std::uint32_t row, std::uint32_t column) {
        const std::string_view type = attribute(cell, "t");
        const std::string_view value = child(cell, "v").text().get();
        if (type == "inlineStr") {
            return string_item(child(cell, "is"));
        }
        if (type == "b") {
            return value.empty() ? std::string() : (value == "1" ? "TRUE" : "FALSE");
        }
        if (type != "s") {
            return std::string(value);  // numbers, formula text (str), ISO dates (d), errors (e)
        }
        const std::string_view index = trim(value);
        const bool digits =
            !index.empty() && index.size() <= 9 &&
            std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; });
        const std::size_t n = digits ? std::stoul(std::string(index)) : workbook_.shared.size();
        if (n >= workbook_.shared.size()) {
            report("mds2.bad_shared_string", grid_.cell_location(row, column),
                   "shared string " + mds2_detail::in_quotes(value) + " is not in the table's " +
                       std::to_string(workbook_.shared.size()) + " strings; the cell is left out");
            return {};
        }
        return workbook_.shared[n];
    }

    void report(std::string code, std::string location, std::string message) {
        diagnostics_.add(Severity::kWarning, std::move(code), source_, std::move(location),
                         std::move(message));
    }

    const Workbook& workbook_;
    Mds2Grid& grid_;
    Diagnostics& diagnostics_;
    std::string source_;
    std::size_t& cells_;
};

// A sheet the workbook lists: its name and part.
struct SheetEntry {
    std::string name;
    std::string part;
};

// The workbook part, from the package relationships (xl/workbook.xml when they do not say).
Result<std::string> workbook_part(ZipArchive& archive) {
    auto package = relationships(archive, "/");  // _rels/.rels
    if (!package) {
        return propagate(package.error());
    }
    for (const auto& [id, relationship] : *package) {
        if (relationship.type == "officeDocument" && archive.contains(relationship.target)) {
            return relationship.target;
        }
    }
    return std::string("xl/workbook.xml");
}

class WorkbookReader {
public:
    WorkbookReader(ZipArchive& archive, std::string file_name)
        : archive_(archive), source_(std::move(file_name)) {}

    Result<Mds2Form> read() {
        auto found = workbook_part(archive_);
        if (!found) {
            return propagate(found.error());
        }
        const std::string part = std::move(*found);
        if (!archive_.contains(part)) {
            return make_error(ErrorCode::kInvalidArgument,
                              "a zip archive but not an XLSX workbook: it has no " + part, source_);
        }
        auto sheets = sheet_entries(part);
        if (!sheets) {
            return propagate(sheets.error());
        }
        std::optional<Mds2Grid> best;
        std::size_t best_ids = 0;
        Diagnostics best_diagnostics;
        std::vector<HeaderBlock> blocks;  // in workbook order
        std::size_t best_index = 0;
        std::string searched;
        std::size_t cells = 0;
        for (const SheetEntry& sheet : *sheets) {
            Mds2Grid grid;
            grid.sheet = sheet.name;
            grid.date1904 = workbook_.date1904;
            Diagnostics sheet_diagnostics;
            WARDROUND_TRY(read_sheet(sheet, grid, sheet_diagnostics, cells));
            const std::size_t ids = mds2_detail::count_question_ids(grid);
            blocks.push_back(mds2_detail::scan_header_block(grid));
            constexpr std::size_t kNamedSheets = 10;
            if (blocks.size() <= kNamedSheets) {
                searched += (searched.empty() ? "sheets " : ", ") + sheet.name;
            } else if (blocks.size() == kNamedSheets + 1) {
                searched += ", ...";
            }
            if (!best || ids > best_ids) {
                best_ids = ids;
                best_index = blocks.size() - 1;
                best = std::move(grid);
                best_diagnostics = std::move(sheet_diagnostics);
            }
        }
        if (!best) {
            return make_error(ErrorCode::kInvalidArgument,
                              "not an MDS2 form: the workbook has no worksheet", source_);
        }
        // The form's own sheet speaks first; other sheets (a cover sheet) fill what it lacks.
        HeaderBlock header = blocks[best_index];
        for (const HeaderBlock& block : blocks) {
            for (std::size_t f = 0; f < header.size(); ++f) {
                if (!header[f]) {
                    header[f] = block[f];
                }
            }
        }
        diagnostics_.merge(best_diagnostics);
        return mds2_detail::read_form(*best, header, std::move(diagnostics_), source_, searched);
    }

private:
    Result<std::vector<SheetEntry>> sheet_entries(const std::string& part) {
        XmlPart xml;
        WARDROUND_TRY(parse_part(archive_, part, xml));
        const pugi::xml_node workbook = child(xml.document, "workbook");
        const std::string_view date1904 = attribute(child(workbook, "workbookPr"), "date1904");
        workbook_.date1904 = date1904 == "1" || date1904 == "true";
        auto rels = relationships(archive_, part);
        if (!rels) {
            return propagate(rels.error());
        }
        std::string shared_part;
        for (const auto& [id, relationship] : *rels) {
            if (relationship.type == "sharedStrings") {
                shared_part = relationship.target;
            }
        }
        if (shared_part.empty()) {
            shared_part = resolve(folder_of(part), "sharedStrings.xml");
        }
        auto shared = shared_strings(archive_, shared_part);
        if (!shared) {
            return propagate(shared.error());
        }
        workbook_.shared = std::move(*shared);

        std::vector<SheetEntry> sheets;
        for (const pugi::xml_node& node : child(workbook, "sheets").children()) {
            if (local_name(node.name()) != "sheet") {
                continue;
            }
            if (sheets.size() == kMds2MaxSheets) {
                return make_error(
                    ErrorCode::kInvalidArgument,
                    "the workbook lists more than " + std::to_string(kMds2MaxSheets) + " sheets",
                    source_ + " entry " + part);
            }
            bool repaired = false;
            std::string name = mds2_detail::valid_utf8(attribute(node, "name"), repaired);
            const auto found = rels->find(std::string(relationship_id(node)));
            if (found == rels->end() || found->second.type != "worksheet") {
                continue;  // a chart sheet or a dialog sheet: no cells
            }
            sheets.push_back(SheetEntry{std::move(name), found->second.target});
        }
        return sheets;
    }

    Status read_sheet(const SheetEntry& sheet,
                      Mds2Grid& grid,
                      Diagnostics& diagnostics,
                      std::size_t& cells) {
        if (!archive_.contains(sheet.part)) {
            diagnostics_.add(
                Severity::kWarning, "mds2.missing_sheet", source_, "sheet " + sheet.name,
                "the workbook lists the sheet but has no part " + sheet.part + "; it is skipped");
            return {};
        }
        XmlPart xml;
        WARDROUND_TRY(parse_part(archive_, sheet.part, xml));
        const pugi::xml_node data = child(child(xml.document, "worksheet"), "sheetData");
        SheetReader reader(workbook_, grid, diagnostics, source_, cells);
        return reader.read(data);
    }

    ZipArchive& archive_;
    std::string source_;
    Workbook workbook_;
    Diagnostics diagnostics_;
};

}  // namespace

Result<Mds2Form> parse_mds2_xlsx(std::string_view bytes, std::string_view file_name) {
    auto archive =
        ZipArchive::open(bytes, std::string(file_name), kMds2MaxEntryBytes, kMds2MaxWorkbookBytes);
    if (!archive) {
        return propagate(archive.error());
    }
    WorkbookReader reader(*archive, std::string(file_name));
    return reader.read();
}

}  // namespace wardround::inventory
