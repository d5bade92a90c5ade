// SPDX-License-Identifier: Apache-2.0
// The words of an MDS2 form: question ids, answers, header labels and release dates, each read the
// way manufacturers really write them. Internal to the mds2 module.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <wardround/inventory/mds2.h>

namespace wardround::inventory::mds2_detail {

// The question id in `text` (trimmed) normalised to upper case with an ASCII hyphen (an en or em
// dash is taken for one), or "" when it is not a 2019 id.
[[nodiscard]] std::string normalise_question_id(std::string_view text);

// True when `text` is not a question id but was meant as one: "AUTH1", "AUTH 1", "AUTH-1a",
// "AUTH-1.", "AUTH-". Section headings ("AUTOMATIC LOGOFF (ALOF)") and notes ("Note 1") are not.
[[nodiscard]] bool looks_like_question_id(std::string_view text);

// True when the id's letters name a section of the 2019 form (DOC, MPII, ..., OTHR) or of the
// 2013 form's CNFS.
[[nodiscard]] bool is_known_section(std::string_view question_id);

// The kind of an answer as written ("Yes", "N/A", "See note 3", "No - kiosk only").
[[nodiscard]] Mds2AnswerKind classify_answer(std::string_view answer);
// Yes, No, N/A or See note: an answer the form offers.
[[nodiscard]] bool is_form_answer(std::string_view answer);

// The fields of the form's header, in both the DOC-n rows and label/value blocks.
enum class HeaderField : std::size_t {
    kManufacturer,
    kDescription,
    kModel,
    kDocumentId,
    kContact,
    kDate,
};
inline constexpr std::size_t kHeaderFieldCount = 6;

// The field a label names ("Manufacturer Name", "Device Model:", "Document Release Date"), if any.
[[nodiscard]] std::optional<HeaderField> header_label(std::string_view text);
// The field DOC-n answers in the 2019 form (DOC-1 manufacturer ... DOC-7 release date), if any.
[[nodiscard]] std::optional<HeaderField> doc_field(std::string_view question_id);
// True for DOC-1 to DOC-7, whose answers are facts in free text rather than Yes/No.
[[nodiscard]] bool is_doc_fact(std::string_view question_id);

// Lower case, runs of white space (and no-break spaces) as one space, trimmed, without a trailing
// ':' or '*': the form in which labels and header cells are compared.
[[nodiscard]] std::string normalise_label(std::string_view text);

// A release date as YYYY-MM-DD: "2020-01-15", "2020/01/15", "15/01/2020" and "1/15/2020" when the
// day tells which is which, "15 January 2020", "Jan 15, 2020", "15-Jan-2020", and, for a numeric
// spreadsheet cell, an Excel serial day number (`date1904` for workbooks on the 1904 system).
// nullopt when it does not parse or is ambiguous ("03/04/2020").
[[nodiscard]] std::optional<std::string> parse_form_date(std::string_view text,
                                                         bool numeric,
                                                         bool date1904);

// `text` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD; `repaired` is
// set when any was.
[[nodiscard]] std::string valid_utf8(std::string_view text, bool& repaired);

// `text` quoted for a message, cut to 80 bytes, as valid UTF-8.
[[nodiscard]] std::string in_quotes(std::string_view text);

}  // namespace wardround::inventory::mds2_detail
