// SPDX-License-Identifier: Apache-2.0
// Question ids, answers, header labels and dates as manufacturers write them in MDS2 forms. The
// 2019 form (ANSI/NEMA HN 1-2019) numbers its questions per section: a section code of letters, a
// hyphen and a hierarchical number ("MPII-2.1", "AUDT-2.8.1"). The answer column holds Yes, No,
// N/A or See note, often followed by a few words ("Yes, LDAP"); the DOC-1 to DOC-7 rows hold the
// header facts (manufacturer, device, model, document id, contact, intended use, release date).
#include "inventory/mds2/mds2_text.h"

#include <array>
#include <cstdint>
#include <string>

#include <wardround/core/text.h>
#include <wardround/core/time.h>

namespace wardround::inventory::mds2_detail {
namespace {

constexpr std::size_t kMinLetters = 2;
constexpr std::size_t kMaxLetters = 5;
constexpr std::size_t kMaxDigits = 3;
constexpr std::size_t kMaxSubNumbers = 3;

bool is_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Word processors turn the form's hyphen into a dash; the id is the same question.
std::string ascii_hyphens(std::string_view text) {
    static constexpr std::array<std::string_view, 4> kDashes{
        "\xE2\x80\x91",  // non-breaking hyphen
        "\xE2\x80\x93",  // en dash
        "\xE2\x80\x94",  // em dash
        "\xE2\x88\x92",  // minus sign
    };
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        bool dash = false;
        for (const std::string_view candidate : kDashes) {
            if (text.substr(i, candidate.size()) == candidate) {
                out += '-';
                i += candidate.size();
                dash = true;
                break;
            }
        }
        if (!dash) {
            out += text[i++];
        }
    }
    return out;
}

// Reads 1..kMaxDigits digits at `pos`; false when there are none or too many.
bool read_number(std::string_view text, std::size_t& pos) {
    const std::size_t start = pos;
    while (pos < text.size() && is_digit(text[pos])) {
        ++pos;
    }
    return pos > start && pos - start <= kMaxDigits;
}

// The 2019 sections, and CNFS (configuration of security features) from the 2013 form, which some
// manufacturers still carry over.
constexpr std::array<std::string_view, 25> kSections{
    "DOC",  "MPII", "ALOF", "AUDT", "AUTH", "CSUP", "DIDT", "DTBK", "EMRG",
    "IGAU", "MLDP", "NAUT", "CONN", "PAUT", "PLOK", "RDMP", "SBOM", "SAHD",
    "SGUD", "STCF", "TXCF", "TXIG", "RMOT", "OTHR", "CNFS",
};

struct Label {
    std::string_view text;  // normalised
    HeaderField field;
};

constexpr std::array<Label, 24> kLabels{{
    {"manufacturer name", HeaderField::kManufacturer},
    {"manufacturer", HeaderField::kManufacturer},
    {"manufacturer's name", HeaderField::kManufacturer},
    {"device description", HeaderField::kDescription},
    {"device category", HeaderField::kDescription},
    {"description", HeaderField::kDescription},
    {"device model", HeaderField::kModel},
    {"device model(s)", HeaderField::kModel},
    {"model", HeaderField::kModel},
    {"model number", HeaderField::kModel},
    {"model name", HeaderField::kModel},
    {"document id", HeaderField::kDocumentId},
    {"document number", HeaderField::kDocumentId},
    {"document identifier", HeaderField::kDocumentId},
    {"doc id", HeaderField::kDocumentId},
    {"manufacturer contact information", HeaderField::kContact},
    {"manufacturer contact", HeaderField::kContact},
    {"manufacturer or representative contact information", HeaderField::kContact},
    {"contact information", HeaderField::kContact},
    {"document release date", HeaderField::kDate},
    {"release date", HeaderField::kDate},
    {"document date", HeaderField::kDate},
    {"form date", HeaderField::kDate},
    {"date", HeaderField::kDate},
}};

// The first word of an answer: up to the first space or punctuation that ends it ("Yes, LDAP").
std::string_view first_word(std::string_view text) {
    std::size_t end = 0;
    while (end < text.size()) {
        const char c = text[end];
        if (c == ' ' || c == ',' || c == ';' || c == ':' || c == '(' || c == '-' || c == '.' ||
            c == '\t') {
            break;
        }
        ++end;
    }
    return text.substr(0, end);
}

bool is_see_note(std::string_view lower) {
    for (const std::string_view prefix : {"see note", "see comment", "see remark", "note "}) {
        if (lower.substr(0, prefix.size()) == prefix) {
            return true;
        }
    }
    return lower == "note" || lower == "notes";
}

std::optional<int> to_number(std::string_view digits) {
    if (digits.empty() || digits.size() > 4) {
        return std::nullopt;
    }
    int value = 0;
    for (const char c : digits) {
        if (!is_digit(c)) {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

std::optional<std::string> checked_date(int year, int month, int day) {
    if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31) {
        return std::nullopt;
    }
    std::string text = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month) +
                       (day < 10 ? "-0" : "-") + std::to_string(day);
    if (!parse_date(text)) {  // 31 April, 29 February 2021
        return std::nullopt;
    }
    return text;
}

// An Excel serial day: 1 is 1900-01-01 on the 1900 system, which counts a 29 February 1900 that
// never was (serial 60); 0 is 1904-01-01 on the 1904 system. Fractions are times of day.
std::optional<std::string> excel_serial_date(std::string_view text, bool date1904) {
    const std::size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    if (whole.empty() || whole.size() > 7) {
        return std::nullopt;
    }
    std::int32_t serial = 0;
    for (const char c : whole) {
        if (!is_digit(c)) {
            return std::nullopt;
        }
        serial = serial * 10 + (c - '0');
    }
    constexpr std::int32_t kLastSerial = 2958465;  // 9999-12-31
    if (serial > kLastSerial || (!date1904 && (serial == 0 || serial == 60))) {
        return std::nullopt;
    }
    constexpr std::int32_t kDay1900 = 25568;  // days from 1900-01-01 (serial 1) to 1970-01-01, +1
    constexpr std::int32_t kDay1904 = 24107;  // days from 1904-01-01 (serial 0) to 1970-01-01
    std::int32_t days = 0;
    if (date1904) {
        days = serial - kDay1904;
    } else {
        days = serial - (serial < 60 ? kDay1900 : kDay1900 + 1);
    }
    return format_date(Date{days});
}

std::optional<int> month_number(std::string_view word) {
    static constexpr std::array<std::string_view, 12> kMonths{
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    const std::string lower = to_lower(word);
    if (lower.size() < 3) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (kMonths[i].substr(0, lower.size()) == lower || (lower == "sept" && i == 8)) {
            return static_cast<int>(i) + 1;
        }
    }
    return std::nullopt;
}

// "15th" -> "15".
std::string_view without_ordinal(std::string_view word) {
    for (const std::string_view suffix : {"st", "nd", "rd", "th"}) {
        if (word.size() > suffix.size() &&
            iequals(word.substr(word.size() - suffix.size()), suffix)) {
            return word.substr(0, word.size() - suffix.size());
        }
    }
    return word;
}

std::vector<std::string_view> date_parts(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const bool separator = i == text.size() || text[i] == ' ' || text[i] == ',' ||
                               text[i] == '-' || text[i] == '/' || text[i] == '.';
        if (separator) {
            if (i > start) {
                parts.push_back(text.substr(start, i - start));
            }
            start = i + 1;
        }
    }
    return parts;
}

// Three numbers: year first, or day and month in an order the values settle.
std::optional<std::string> numeric_date(const std::vector<std::string_view>& parts) {
    const auto a = to_number(parts[0]);
    const auto b = to_number(parts[1]);
    const auto c = to_number(parts[2]);
    if (!a || !b || !c) {
        return std::nullopt;
    }
    if (parts[0].size() == 4) {
        return checked_date(*a, *b, *c);
    }
    if (parts[2].size() != 4) {
        return std::nullopt;  // two-digit years are left as written
    }
    if (*a > 12 && *b <= 12) {
        return checked_date(*c, *b, *a);  // day first
    }
    if ((*b > 12 && *a <= 12) || *a == *b) {
        return checked_date(*c, *a, *b);  // month first
    }
    return std::nullopt;  // 03/04/2020: March or April
}

// "15 January 2020", "January 15, 2020", "15-Jan-2020".
std::optional<std::string> named_month_date(const std::vector<std::string_view>& parts) {
    const auto year = parts[2].size() == 4 ? to_number(parts[2]) : std::nullopt;
    if (!year) {
        return std::nullopt;
    }
    if (const auto month = month_number(parts[1])) {
        if (const auto day = to_number(without_ordinal(parts[0]))) {
            return checked_date(*year, *month, *day);
        }
    }
    if (const auto month = month_number(parts[0])) {
        if (const auto day = to_number(without_ordinal(parts[1]))) {
            return checked_date(*year, *month, *day);
        }
    }
    return std::nullopt;
}

}  // namespace

std::string normalise_question_id(std::string_view text) {
    // Most cells are not ids: turn them away before allocating.
    text = trim(text);
    constexpr std::size_t kShortest = 4;  // "TX-1"
    constexpr std::size_t kLongest = 25;  // "ABCDE-999.999.999.999", with a dash of three bytes
    if (text.size() < kShortest || text.size() > kLongest || !is_letter(text.front())) {
        return {};
    }
    std::string id = to_upper(text.find('\xE2') == std::string_view::npos ? std::string(text)
                                                                          : ascii_hyphens(text));
    std::size_t pos = 0;
    while (pos < id.size() && is_letter(id[pos])) {
        ++pos;
    }
    if (pos < kMinLetters || pos > kMaxLetters || pos >= id.size() || id[pos] != '-') {
        return {};
    }
    ++pos;
    if (!read_number(id, pos)) {
        return {};
    }
    std::size_t sub_numbers = 0;
    while (pos < id.size()) {
        if (id[pos] != '.' || ++sub_numbers > kMaxSubNumbers) {
            return {};
        }
        ++pos;
        if (!read_number(id, pos)) {
            return {};
        }
    }
    return id;
}

bool looks_like_question_id(std::string_view text) {
    const std::string id = ascii_hyphens(trim(text));
    constexpr std::size_t kMaxLength = 24;
    if (id.size() > kMaxLength) {
        return false;
    }
    std::size_t pos = 0;
    while (pos < id.size() && id[pos] >= 'A' && id[pos] <= 'Z') {
        ++pos;
    }
    constexpr std::size_t kMaxAttemptLetters = 8;
    if (pos < kMinLetters || pos > kMaxAttemptLetters || pos == id.size()) {
        return false;
    }
    bool digit = false;
    bool hyphen = false;
    std::size_t letters_after = 0;
    for (std::size_t i = pos; i < id.size(); ++i) {
        const char c = id[i];
        if (is_digit(c)) {
            digit = true;
        } else if (c == '-' || c == '_') {
            hyphen = true;
        } else if (is_letter(c)) {
            ++letters_after;
        } else if (c != '.' && c != ' ' && c != ':') {
            return false;
        }
    }
    return (digit || hyphen) && letters_after <= 1;
}

bool is_known_section(std::string_view question_id) {
    const std::string_view letters = question_id.substr(0, question_id.find('-'));
    for (const std::string_view section : kSections) {
        if (section == letters) {
            return true;
        }
    }
    return false;
}

Mds2AnswerKind classify_answer(std::string_view answer) {
    std::string lower = normalise_label(answer);
    while (!lower.empty() && (lower.back() == '.' || lower.back() == '!')) {
        lower.pop_back();
    }
    if (lower.empty()) {  // nothing, or only punctuation (".", "*"), which is no answer either
        return trim(answer).empty() ? Mds2AnswerKind::kUnanswered : Mds2AnswerKind::kOther;
    }
    if (is_see_note(lower)) {
        return Mds2AnswerKind::kSeeNote;
    }
    if (lower.starts_with("not applicable") || lower.starts_with("n / a") || lower == "n.a" ||
        lower.starts_with("n.a.")) {
        return Mds2AnswerKind::kNotApplicable;
    }
    // Words end at a space or punctuation, but not at '/', so "N/A" is one word.
    const std::string_view word = first_word(lower);
    if (word == "yes" || word == "y") {
        return Mds2AnswerKind::kYes;
    }
    if (word == "no" || word == "n") {
        return Mds2AnswerKind::kNo;
    }
    if (word == "n/a" || word == "na") {
        return Mds2AnswerKind::kNotApplicable;
    }
    return Mds2AnswerKind::kOther;
}

bool is_form_answer(std::string_view answer) {
    const Mds2AnswerKind kind = classify_answer(answer);
    return kind != Mds2AnswerKind::kOther && kind != Mds2AnswerKind::kUnanswered;
}

std::optional<HeaderField> header_label(std::string_view text) {
    const std::string label = normalise_label(text);
    for (const Label& entry : kLabels) {
        if (entry.text == label) {
            return entry.field;
        }
    }
    return std::nullopt;
}

std::optional<HeaderField> doc_field(std::string_view question_id) {
    static constexpr std::array<std::optional<HeaderField>, 7> kDocFields{
        HeaderField::kManufacturer, HeaderField::kDescription, HeaderField::kModel,
        HeaderField::kDocumentId,   HeaderField::kContact,     std::nullopt,
        HeaderField::kDate};
    if (!is_doc_fact(question_id)) {
        return std::nullopt;
    }
    return kDocFields[static_cast<std::size_t>(question_id[4] - '1')];
}

bool is_doc_fact(std::string_view question_id) {
    return question_id.size() == 5 && question_id.starts_with("DOC-") && question_id[4] >= '1' &&
           question_id[4] <= '7';
}

std::string normalise_label(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {  // no-break space
            ++i;
            c = ' ';
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    while (!out.empty() && (out.back() == ':' || out.back() == '*' || out.back() == ' ')) {
        out.pop_back();
    }
    return out;
}

std::optional<std::string> parse_form_date(std::string_view text, bool numeric, bool date1904) {
    text = trim(text);
    if (numeric) {
        if (auto serial = excel_serial_date(text, date1904)) {
            return serial;
        }
    }
    constexpr std::size_t kIsoLength = 10;
    if (text.size() >= kIsoLength &&
        (text.size() == kIsoLength || text[kIsoLength] == 'T' || text[kIsoLength] == ' ')) {
        if (const auto date = parse_date(text.substr(0, kIsoLength))) {
            return std::string(text.substr(0, kIsoLength));
        }
    }
    const std::vector<std::string_view> parts = date_parts(text);
    if (parts.size() != 3) {
        return std::nullopt;
    }
    if (auto date = numeric_date(parts)) {
        return date;
    }
    return named_month_date(parts);
}

std::string valid_utf8(std::string_view text, bool& repaired) {
    if (is_valid_utf8(text)) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size() + 8);
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        std::size_t length = 1;
        if (byte >= 0xF0) {
            length = 4;
        } else if (byte >= 0xE0) {
            length = 3;
        } else if (byte >= 0xC0) {
            length = 2;
        }
        if (byte < 0x80) {
            out += text[i++];
        } else if (i + length <= text.size() && is_valid_utf8(text.substr(i, length))) {
            out.append(text.substr(i, length));
            i += length;
        } else {
            out += "\xEF\xBF\xBD";
            repaired = true;
            ++i;
        }
    }
    return out;
}

std::string in_quotes(std::string_view text) {
    constexpr std::size_t kMaxQuoted = 80;
    bool repaired = false;  // cell references and indexes come straight from the XML
    return "'" + truncate_utf8(valid_utf8(text, repaired), kMaxQuoted) + "'";
}

}  // namespace wardround::inventory::mds2_detail
