// SPDX-License-Identifier: Apache-2.0
// MDS2 forms (Manufacturer Disclosure Statement for Medical Device Security, ANSI/NEMA HN 1-2019)
// read from the manufacturer's XLSX workbook or a CSV saved from it: the device it describes
// (manufacturer, model, document id, release date) and every answer by question id. Pure: bytes
// in, a typed form and diagnostics out; storing it is the caller's business. The accepted layout
// is documented for users in docs/mds2.md.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/diagnostic.h>
#include <wardround/core/result.h>

namespace wardround::inventory {

enum class Mds2AnswerKind {
    kYes,            // "Yes", also "Yes, via LDAP" (the kind of the answer's first word)
    kNo,             // "No", "No - not applicable to the kiosk build"
    kNotApplicable,  // "N/A", "NA", "Not applicable"
    kSeeNote,        // "See note", "See notes", "See note 4"
    kOther,          // anything else (reported as mds2.unknown_answer), and the DOC-1..DOC-7
                     // facts, whose answers are free text (the manufacturer's name, the model)
    kUnanswered,     // the answer cell is empty
};

// "yes", "no", "n/a", "see-note", "other", "unanswered": the spelling the database keeps.
[[nodiscard]] std::string_view mds2_answer_kind_name(Mds2AnswerKind kind);

struct Mds2Answer {
    std::string question_id;  // "AUTH-1", "MPII-2.1", "AUDT-2.8.1": upper case, hyphen
    Mds2AnswerKind kind = Mds2AnswerKind::kUnanswered;
    std::string answer;    // as written, trimmed
    std::string note;      // the note or comment column, as written, trimmed; "" when none
    std::string location;  // "line 42" (CSV) or "sheet MDS2 row 42" (XLSX)
};

struct Mds2Form {
    // From the DOC-1..DOC-7 rows of the 2019 form, or from a header block of label/value cells
    // ("Manufacturer Name", "Device Model", ...). "" when the form does not say.
    std::string manufacturer;
    std::string model;
    std::string document_id;
    std::string device_description;
    std::string manufacturer_contact;
    std::string form_date;            // YYYY-MM-DD when the release date parses, else as written
    std::string sheet;                // the worksheet the answers came from ("" for CSV)
    std::vector<Mds2Answer> answers;  // in the order of the form, one per question id
    // Rows and cells that could not be used, with stable codes (mds2.bad_question_id,
    // mds2.duplicate_question, mds2.unknown_answer, ...; docs/mds2.md lists them). Bounded: every
    // one is counted, the first 200 of each code kept.
    Diagnostics diagnostics;
};

// True for a 2019 question id as written in the form (case-insensitive): two to five letters, a
// hyphen, a number and up to three dotted sub-numbers ("DOC-1", "MPII-2.1", "AUDT-2.8.1").
[[nodiscard]] bool is_mds2_question_id(std::string_view text);

// Reads an MDS2 form saved as CSV (RFC 4180; UTF-8, with or without a byte-order mark).
//
// Errors (kInvalidArgument; where = "<file_name> line N", "<file_name>:N" from the CSV reader, or
// the file name alone): not an MDS2 form (no question id, and no header naming the manufacturer or
// the model), a quoted field never closed, a field over 1 MiB, UTF-16 text, a zip archive (a
// workbook passed as CSV), more than a million filled fields. Unusable rows are diagnostics and the
// rest of the form is read.
[[nodiscard]] Result<Mds2Form> parse_mds2_csv(std::string_view text, std::string_view file_name);

// Reads an MDS2 workbook (.xlsx: Office Open XML, a zip archive) from its bytes. Every worksheet
// the workbook lists is read; the one with the most question ids is the form.
//
// Errors (where = "<file_name>", "<file_name> entry <zip path> byte N" or
// "<file_name> sheet <name> cell C7"):
//   kInvalidArgument: not a zip archive, or one cut short; no workbook part; XML that is not
//     well-formed; an entry that decompresses to more than kMds2MaxEntryBytes, or all the entries
//     read to more than kMds2MaxWorkbookBytes (a zip bomb); more than kMds2MaxSheets sheets or a
//     million filled cells; not an MDS2 form (as for CSV).
//   kDataLoss: an entry whose compressed data is corrupt (CRC mismatch, bad deflate stream).
[[nodiscard]] Result<Mds2Form> parse_mds2_xlsx(std::string_view bytes, std::string_view file_name);

// Reads `path` by its extension (.csv or .xlsx, case-insensitive).
// Errors: those of the parsers; kInvalidArgument for another extension or a file over
// kMds2MaxFileBytes; kNotFound/kPermissionDenied when it cannot be opened. Every error names the
// file.
[[nodiscard]] Result<Mds2Form> read_mds2_file(const std::filesystem::path& path);

inline constexpr std::size_t kMds2MaxEntryBytes = std::size_t{64} << 20;
inline constexpr std::size_t kMds2MaxWorkbookBytes = std::size_t{256} << 20;
inline constexpr std::size_t kMds2MaxFileBytes = std::size_t{64} << 20;
inline constexpr std::size_t kMds2MaxSheets = 256;

}  // namespace wardround::inventory
