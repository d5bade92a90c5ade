// SPDX-License-Identifier: Apache-2.0
// Version texts of CSAF advisories to ranges, and ranges evaluated with a caller's comparator.
//
// Two inputs arrive here. The purl-spec "vers:<scheme>/<c>|<c>|..." form is read strictly. CISA's
// free text (product_version and product_version_range of ICS and ICSMA advisories) is read with a
// small grammar: '|'-separated parts, each an exact version, a bound ("< 4.2", "4.2 and prior"),
// or an interval ("A.01 <= C.02", "1.X"); bounds pair up the way vers does. Anything else (dates,
// model numbers, other products, parenthesised conditions, unknown words) is refused with its
// reason: a version range read wrongly would hide a device that is exposed.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/core/text.h>
#include <wardround/vuln/advisory_text.h>

namespace wardround::vuln {

namespace {

using Op = VersionConstraint::Op;
using Alternative = std::vector<VersionConstraint>;

tl::unexpected<Error> not_evaluable(std::string reason) {
    return make_error(ErrorCode::kInvalidArgument, "not evaluable: " + std::move(reason));
}

bool is_lower(Op op) {
    return op == VersionConstraint::kGt || op == VersionConstraint::kGe;
}

bool is_upper(Op op) {
    return op == VersionConstraint::kLt || op == VersionConstraint::kLe;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool has_digit(std::string_view text) {
    return std::any_of(text.begin(), text.end(), is_digit);
}

std::string_view op_text(Op op) {
    switch (op) {
        case VersionConstraint::kLt:
            return "<";
        case VersionConstraint::kLe:
            return "<=";
        case VersionConstraint::kGt:
            return ">";
        case VersionConstraint::kGe:
            return ">=";
        case VersionConstraint::kEq:
            return "=";
        case VersionConstraint::kNe:
            return "!=";
    }
    return "?";
}

// Trims and collapses runs of white space (a no-break space counts) into one space.
std::string collapse_spaces(std::string_view text) {
    std::string out;
    bool pending_space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool nbsp = static_cast<unsigned char>(c) == 0xC2 && i + 1 < text.size() &&
                          static_cast<unsigned char>(text[i + 1]) == 0xA0;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || nbsp) {
            pending_space = !out.empty();
            i += nbsp ? 1 : 0;
            continue;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        out.push_back(c);
    }
    return out;
}

// Takes a comparator from the front of `text` (after spaces).
std::optional<Op> take_operator(std::string_view& text) {
    text = trim(text);
    struct Spelling {
        std::string_view text;
        Op op;
    };
    static constexpr std::array<Spelling, 7> kSpellings = {{
        {"<=", VersionConstraint::kLe},
        {">=", VersionConstraint::kGe},
        {"!=", VersionConstraint::kNe},
        {"==", VersionConstraint::kEq},
        {"<", VersionConstraint::kLt},
        {">", VersionConstraint::kGt},
        {"=", VersionConstraint::kEq},
    }};
    for (const Spelling& spelling : kSpellings) {
        if (text.starts_with(spelling.text)) {
            text.remove_prefix(spelling.text.size());
            text = trim(text);
            return spelling.op;
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Version words

bool is_ordinal(std::string_view word) {
    std::size_t digits = 0;
    while (digits < word.size() && is_digit(word[digits])) {
        ++digits;
    }
    if (digits == 0) {
        return false;
    }
    const std::string suffix = to_lower(word.substr(digits));
    return suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
}

// "MMT-1710": letters, a hyphen, digits only. CISA puts such model numbers in version fields.
bool looks_like_model_number(std::string_view word) {
    const std::size_t hyphen = word.find('-');
    if (hyphen == std::string_view::npos || hyphen < 2 || hyphen + 1 >= word.size()) {
        return false;
    }
    return std::all_of(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(hyphen),
                       is_alpha) &&
           std::all_of(word.begin() + static_cast<std::ptrdiff_t>(hyphen) + 1, word.end(),
                       is_digit);
}

// "IPv4", "ICMPv6": a name with a generation number, not a version of the product.
bool looks_like_generation_name(std::string_view word) {
    std::size_t letters = 0;
    while (letters < word.size() && is_alpha(word[letters])) {
        ++letters;
    }
    return letters >= 3 && letters < word.size() && is_digit(word[letters]) &&
           (word[letters - 1] == 'v' || word[letters - 1] == 'V');
}

// Why `word` cannot be a version, or nullopt when it can.
std::optional<std::string> version_word_problem(std::string_view word) {
    const std::string quoted = "'" + std::string(word) + "'";
    for (char c : word) {
        if (c == '/') {
            return quoted + " has a slash, as dates and lists of models do";
        }
        if (!is_alpha(c) && !is_digit(c) && c != '.' && c != '-' && c != '_' && c != '+' &&
            c != '~' && c != ':' && c != '*') {
            return quoted + " has a character that is not part of a version";
        }
    }
    if (is_ordinal(word)) {
        return quoted + " is an ordinal (an edition), not a version";
    }
    if (!has_digit(word)) {
        if (word.size() == 1 && is_alpha(word.front())) {
            return std::nullopt;  // a revision letter: "<= K"
        }
        return quoted + " is a word, not a version";
    }
    if (looks_like_model_number(word)) {
        return quoted + " looks like a model number, not a version";
    }
    if (looks_like_generation_name(word)) {
        return quoted + " names a protocol or product generation, not a version";
    }
    return std::nullopt;
}

// Words that may follow a version and belong to it: "1.1.3 MR Build 11", "1.8.4 Service Pack 01".
bool is_version_qualifier(std::string_view lower_word) {
    static constexpr std::array<std::string_view, 13> kQualifiers = {
        "build", "sp",     "sr", "mr",      "service",  "pack", "update",
        "patch", "hotfix", "hf", "release", "revision", "rev"};
    return std::find(kQualifiers.begin(), kQualifiers.end(), lower_word) != kQualifiers.end();
}

// A leading 'v' or 'V' before a digit is a prefix, not part of the version ("v20D32").
std::string_view without_v_prefix(std::string_view word) {
    if (word.size() >= 2 && (word.front() == 'v' || word.front() == 'V') && is_digit(word[1])) {
        word.remove_prefix(1);
    }
    return word;
}

// One version as written in a part: a version word, then qualifiers and further words with digits
// ("3.0 D15", "S4 A.07.107"). Returns the version text or why it is not one.
Result<std::string> read_version(std::string_view text) {
    const std::string collapsed = collapse_spaces(text);
    const std::vector<std::string_view> words = split(collapsed, ' ');
    std::vector<std::string> kept;
    bool dotted = false;
    for (std::string_view word : words) {
        if (word.empty()) {
            continue;
        }
        if (kept.empty()) {
            word = without_v_prefix(word);
            if (auto problem = version_word_problem(word)) {
                return not_evaluable(*problem);
            }
            dotted = word.find('.') != std::string_view::npos;
            kept.emplace_back(word);
            continue;
        }
        if (is_version_qualifier(to_lower(word))) {
            kept.emplace_back(word);
            continue;
        }
        if (!has_digit(word)) {
            return not_evaluable("'" + std::string(word) +
                                 "' is not part of a version: the text names other products, "
                                 "conditions or prose");
        }
        if (auto problem = version_word_problem(word)) {
            return not_evaluable(*problem);
        }
        const bool word_dotted = word.find('.') != std::string_view::npos;
        if (dotted && word_dotted) {
            return not_evaluable("two versions side by side ('" + kept.front() + "', '" +
                                 std::string(word) + "') without a separator");
        }
        dotted = dotted || word_dotted;
        kept.emplace_back(word);
    }
    if (kept.empty()) {
        return not_evaluable("a comparison without a version");
    }
    return join(kept, " ");
}

// ---------------------------------------------------------------------------------------------
// Release lines ("12.x", "5.x.x")

bool is_wildcard_segment(std::string_view segment) {
    return segment == "x" || segment == "X" || segment == "*";
}

// "12.2" -> "12.3": the next release line after a prefix whose last component is a number.
std::optional<std::string> next_release_line(std::string_view prefix) {
    const std::size_t dot = prefix.rfind('.');
    const std::string_view head = dot == std::string_view::npos ? "" : prefix.substr(0, dot + 1);
    const std::string_view last = dot == std::string_view::npos ? prefix : prefix.substr(dot + 1);
    if (last.empty() || last.size() > 9 || !std::all_of(last.begin(), last.end(), is_digit)) {
        return std::nullopt;
    }
    return std::string(head) + std::to_string(std::stoul(std::string(last)) + 1);
}

// The constraints (AND-ed) that `op version` stands for, expanding a release-line wildcard.
Result<Alternative> constraints_for(Op op, const std::string& version) {
    const std::vector<std::string_view> segments = split(version, '.');
    std::size_t first_wildcard = segments.size();
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string_view segment = segments[i];
        if (is_wildcard_segment(segment)) {
            first_wildcard = std::min(first_wildcard, i);
            continue;
        }
        if (first_wildcard < segments.size()) {
            return not_evaluable("'" + version + "' has a component after a wildcard");
        }
        if (segment.size() >= 2 && is_digit(segment[segment.size() - 2]) &&
            (segment.back() == 'x' || segment.back() == 'X')) {
            return not_evaluable("'" + version + "' has a wildcard inside a component");
        }
        if (segment.find('*') != std::string_view::npos) {
            return not_evaluable("'" + version + "' has a wildcard inside a component");
        }
    }
    if (first_wildcard == segments.size()) {
        return Alternative{{op, version}};
    }
    if (first_wildcard == 0 || version.find(' ') != std::string::npos) {
        return not_evaluable("'" + version + "' is a wildcard without a release line");
    }
    std::string prefix;
    for (std::size_t i = 0; i < first_wildcard; ++i) {
        prefix += (i == 0 ? "" : ".") + std::string(segments[i]);
    }
    const std::optional<std::string> next = next_release_line(prefix);
    if (!next) {
        return not_evaluable("release line '" + version + "' does not end in a number");
    }
    switch (op) {
        case VersionConstraint::kEq:
            return Alternative{{VersionConstraint::kGe, prefix}, {VersionConstraint::kLt, *next}};
        case VersionConstraint::kLt:
        case VersionConstraint::kGe:
            return Alternative{{op, prefix}};
        case VersionConstraint::kLe:
            return Alternative{{VersionConstraint::kLt, *next}};
        case VersionConstraint::kGt:
            return Alternative{{VersionConstraint::kGe, *next}};
        case VersionConstraint::kNe:
            break;
    }
    return not_evaluable("'!= " + version + "' excludes a whole release line");
}

// ---------------------------------------------------------------------------------------------
// Parts of a free text

// What one '|'-separated part says: a complete alternative (an exact version or an interval), a
// single bound waiting to pair with a neighbour, or an exclusion.
struct Piece {
    enum Kind { kAlternative, kBound, kExclusion } kind = kAlternative;
    Alternative constraints;
};

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

Result<std::vector<Piece>> pieces_for(Op op, std::string_view version_text) {
    auto version = read_version(version_text);
    if (!version) {
        return propagate(version.error());
    }
    auto constraints = constraints_for(op, *version);
    if (!constraints) {
        return propagate(constraints.error());
    }
    Piece piece;
    piece.constraints = std::move(*constraints);
    if (op == VersionConstraint::kNe) {
        piece.kind = Piece::kExclusion;
    } else if (op != VersionConstraint::kEq && piece.constraints.size() == 1) {
        piece.kind = Piece::kBound;
    }
    return std::vector<Piece>{std::move(piece)};
}

Result<std::vector<Piece>> interval_pieces(std::string_view low_text,
                                           Op low_op,
                                           std::string_view high_text,
                                           Op high_op) {
    auto low = read_version(low_text);
    if (!low) {
        return propagate(low.error());
    }
    auto high = read_version(high_text);
    if (!high) {
        return propagate(high.error());
    }
    auto low_constraints = constraints_for(low_op, *low);
    if (!low_constraints) {
        return propagate(low_constraints.error());
    }
    auto high_constraints = constraints_for(high_op, *high);
    if (!high_constraints) {
        return propagate(high_constraints.error());
    }
    Piece piece;
    piece.constraints = std::move(*low_constraints);
    piece.constraints.insert(piece.constraints.end(), high_constraints->begin(),
                             high_constraints->end());
    return std::vector<Piece>{std::move(piece)};
}

// Reads "X <op> Y" written as an interval ("0 < 8.0.1", "A.01 <= C.02"); nullopt when the part
// has no comparator in the middle.
std::optional<Result<std::vector<Piece>>> middle_operator_pieces(std::string_view part) {
    const std::size_t at = part.find_first_of("<>=!");
    if (at == std::string_view::npos || at == 0) {
        return std::nullopt;
    }
    const std::string_view low = trim(part.substr(0, at));
    std::string_view rest = part.substr(at);
    const std::optional<Op> op = take_operator(rest);
    if (!op || low.empty()) {
        return std::nullopt;
    }
    if (low == "0") {
        // CISA writes "0 < 8.0.1" for every version before 8.0.1.
        return pieces_for(*op, rest);
    }
    if (*op == VersionConstraint::kLe) {
        return interval_pieces(low, VersionConstraint::kGe, rest, VersionConstraint::kLe);
    }
    return Result<std::vector<Piece>>(not_evaluable(
        "'" + std::string(part) +
        "' is ambiguous: CISA writes 'A10 < A11' for both versions and '0 < 8.0.1' for those "
        "before the second"));
}

// "Rev B-M": revision letters B through M.
std::optional<std::vector<Piece>> revision_letter_range(std::string_view rest) {
    if (rest.size() == 3 && is_alpha(rest[0]) && rest[1] == '-' && is_alpha(rest[2])) {
        Piece piece;
        piece.constraints = {{VersionConstraint::kGe, std::string(1, rest[0])},
                             {VersionConstraint::kLe, std::string(1, rest[2])}};
        return std::vector<Piece>{std::move(piece)};
    }
    return std::nullopt;
}

// Reads one '|'-separated part of a free text.
Result<std::vector<Piece>> read_part(std::string_view raw_part) {
    const std::string part = collapse_spaces(raw_part);
    if (part.empty()) {
        return not_evaluable("an empty alternative between '|'");
    }
    const std::string lower = to_lower(part);
    std::string_view text = part;
    if (auto op = take_operator(text)) {
        return pieces_for(*op, text);
    }
    struct Phrase {
        std::string_view words;
        Op op;
    };
    static constexpr std::array<Phrase, 16> kTrailing = {{
        {" and prior", VersionConstraint::kLe},
        {" and earlier", VersionConstraint::kLe},
        {" and below", VersionConstraint::kLe},
        {" and lower", VersionConstraint::kLe},
        {" and older", VersionConstraint::kLe},
        {" or earlier", VersionConstraint::kLe},
        {" or prior", VersionConstraint::kLe},
        {" or lower", VersionConstraint::kLe},
        {" or older", VersionConstraint::kLe},
        {" and later", VersionConstraint::kGe},
        {" and newer", VersionConstraint::kGe},
        {" and above", VersionConstraint::kGe},
        {" and higher", VersionConstraint::kGe},
        {" or later", VersionConstraint::kGe},
        {" or newer", VersionConstraint::kGe},
        {" or higher", VersionConstraint::kGe},
    }};
    for (const Phrase& phrase : kTrailing) {
        if (ends_with(lower, phrase.words)) {
            return pieces_for(phrase.op,
                              std::string_view(part).substr(0, part.size() - phrase.words.size()));
        }
    }
    static constexpr std::array<Phrase, 4> kLeading = {{
        {"prior to ", VersionConstraint::kLt},
        {"before ", VersionConstraint::kLt},
        {"earlier than ", VersionConstraint::kLt},
        {"up to ", VersionConstraint::kLe},
    }};
    for (const Phrase& phrase : kLeading) {
        if (lower.starts_with(phrase.words)) {
            return pieces_for(phrase.op, std::string_view(part).substr(phrase.words.size()));
        }
    }
    for (std::string_view keyword : {"revisions ", "revision ", "rev "}) {
        if (lower.starts_with(keyword)) {
            if (auto letters =
                    revision_letter_range(std::string_view(part).substr(keyword.size()))) {
                return *letters;
            }
        }
    }
    for (std::string_view joiner : {" through ", " to "}) {
        if (const std::size_t at = lower.find(joiner); at != std::string::npos) {
            return interval_pieces(std::string_view(part).substr(0, at), VersionConstraint::kGe,
                                   std::string_view(part).substr(at + joiner.size()),
                                   VersionConstraint::kLe);
        }
    }
    if (auto pieces = middle_operator_pieces(part)) {
        return std::move(*pieces);
    }
    if (const std::size_t at = lower.find(" and "); at != std::string::npos) {
        // "2131 and 2141": two exact versions.
        auto first = pieces_for(VersionConstraint::kEq, std::string_view(part).substr(0, at));
        if (!first) {
            return first;
        }
        auto second = pieces_for(VersionConstraint::kEq, std::string_view(part).substr(at + 5));
        if (!second) {
            return second;
        }
        first->insert(first->end(), second->begin(), second->end());
        return first;
    }
    return pieces_for(VersionConstraint::kEq, part);
}

// ---------------------------------------------------------------------------------------------
// Whole texts

bool is_month_word(std::string_view lower_word) {
    static constexpr std::array<std::string_view, 23> kMonths = {
        "january",   "february", "march",    "april",    "may", "june", "july", "august",
        "september", "october",  "november", "december", "jan", "feb",  "apr",  "jun",
        "jul",       "aug",      "sep",      "sept",     "oct", "nov",  "dec"};
    return std::find(kMonths.begin(), kMonths.end(), lower_word) != kMonths.end();
}

// Why the text is a date or a shipping period rather than a version, if it is.
std::optional<std::string> date_problem(const std::string& lower) {
    for (std::string_view word : split(lower, ' ')) {
        while (!word.empty() && !is_alpha(word.back()) && !is_digit(word.back())) {
            word.remove_suffix(1);
        }
        while (!word.empty() && !is_alpha(word.front()) && !is_digit(word.front())) {
            word.remove_prefix(1);
        }
        if (is_month_word(word)) {
            return "'" + std::string(word) + "' makes this a date, not a version";
        }
        if (word == "distributed" || word == "shipped" || word == "manufactured" ||
            word == "sold" || word == "produced") {
            return "a " + std::string(word) + " period, not a version";
        }
    }
    return std::nullopt;
}

// Drops trailing notes that neither widen nor narrow the range: "(end-of-life Nov 2017)",
// "(integrated into GE MobileLink)".
std::string without_harmless_notes(std::string text) {
    while (!text.empty() && text.back() == ')') {
        const std::size_t open = text.rfind('(');
        if (open == std::string::npos) {
            break;
        }
        const std::string inner = to_lower(text.substr(open + 1, text.size() - open - 2));
        if (!inner.starts_with("end-of-life") && !inner.starts_with("end of life") &&
            !inner.starts_with("integrated into")) {
            break;
        }
        text = collapse_spaces(text.substr(0, open));
    }
    return text;
}

bool is_all_versions(const std::string& lower) {
    return lower == "*" || lower == "all" || lower == "all versions" || lower == "any" ||
           lower == "any version" || lower == "any versions";
}

// "(Release 1.3.2 1.4.0 1.4.1)" or "Releases 1.3.2 1.4.0": a keyword, then exact versions
// separated by spaces. nullopt when the text has no such keyword.
std::optional<Result<ParsedVersionRange>> release_list(const std::string& text) {
    const std::string lower = to_lower(text);
    for (std::string_view keyword : {"releases ", "release ", "versions ", "version "}) {
        if (!lower.starts_with(keyword)) {
            continue;
        }
        const std::string_view rest = std::string_view(text).substr(keyword.size());
        if (rest.find_first_of("|<>=,") != std::string_view::npos ||
            to_lower(rest).find(" and ") != std::string::npos) {
            return std::nullopt;  // read by the general grammar after the keyword
        }
        ParsedVersionRange range;
        for (std::string_view word : split(rest, ' ')) {
            if (word.empty()) {
                continue;
            }
            word = without_v_prefix(word);
            if (auto problem = version_word_problem(word); problem || !has_digit(word)) {
                return Result<ParsedVersionRange>(
                    not_evaluable(problem ? *problem : "'" + std::string(word) + "' in a list"));
            }
            auto constraints = constraints_for(VersionConstraint::kEq, std::string(word));
            if (!constraints) {
                return Result<ParsedVersionRange>(propagate(constraints.error()));
            }
            range.alternatives.push_back(std::move(*constraints));
        }
        if (range.alternatives.empty()) {
            return Result<ParsedVersionRange>(not_evaluable("a keyword without versions"));
        }
        return Result<ParsedVersionRange>(std::move(range));
    }
    return std::nullopt;
}

// Pairs bounds into alternatives. In vers (strict), a lower bound must be followed by an upper
// bound or end the list, and an upper bound may only open it; in free text, bounds that do not
// pair stand alone.
Status pair_bounds(const std::vector<Alternative>& bounds,
                   bool strict,
                   std::vector<Alternative>& alternatives) {
    std::size_t i = 0;
    while (i < bounds.size()) {
        const VersionConstraint& current = bounds[i].front();
        const bool has_next = i + 1 < bounds.size();
        if (is_lower(current.op) && has_next && is_upper(bounds[i + 1].front().op)) {
            alternatives.push_back({current, bounds[i + 1].front()});
            i += 2;
            continue;
        }
        if (strict) {
            if (is_lower(current.op) && has_next) {
                return not_evaluable("two lower bounds in a row in a vers range");
            }
            if (is_upper(current.op) && i != 0) {
                return not_evaluable("an upper bound after a closed interval in a vers range");
            }
        }
        alternatives.push_back({current});
        ++i;
    }
    return {};
}

Result<ParsedVersionRange> assemble(const std::vector<Piece>& pieces, bool strict) {
    ParsedVersionRange range;
    std::vector<Alternative> bounds;
    Alternative exclusions;
    for (const Piece& piece : pieces) {
        switch (piece.kind) {
            case Piece::kAlternative:
                range.alternatives.push_back(piece.constraints);
                break;
            case Piece::kBound:
                bounds.push_back(piece.constraints);
                break;
            case Piece::kExclusion:
                exclusions.insert(exclusions.end(), piece.constraints.begin(),
                                  piece.constraints.end());
                break;
        }
    }
    std::vector<Alternative> paired;
    if (auto status = pair_bounds(bounds, strict, paired); !status) {
        return propagate(status.error());
    }
    range.alternatives.insert(range.alternatives.end(), paired.begin(), paired.end());
    if (!exclusions.empty()) {
        if (range.alternatives.empty()) {
            range.alternatives.push_back(exclusions);
        } else {
            for (Alternative& alternative : range.alternatives) {
                alternative.insert(alternative.end(), exclusions.begin(), exclusions.end());
            }
        }
    }
    if (range.alternatives.empty()) {
        return not_evaluable("no version in the range");
    }
    return range;
}

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size() || std::isxdigit(static_cast<unsigned char>(text[i + 1])) == 0 ||
            std::isxdigit(static_cast<unsigned char>(text[i + 2])) == 0) {
            return std::nullopt;
        }
        out.push_back(
            static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
    }
    return out;
}

// vers:<scheme>/<constraint>|<constraint>|... (purl-spec VERSION-RANGE-SPEC).
Result<ParsedVersionRange> parse_vers(std::string_view text) {
    std::string_view rest = text.substr(5);
    const std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos) {
        return not_evaluable("a vers range without '/' after its scheme");
    }
    const std::string scheme = to_lower(trim(rest.substr(0, slash)));
    if (scheme.empty() || !std::all_of(scheme.begin(), scheme.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || is_digit(c) || c == '.' || c == '-' || c == '+';
        })) {
        return not_evaluable("vers scheme '" + scheme + "' is not a scheme name");
    }
    const std::string_view body = trim(rest.substr(slash + 1));
    if (body == "*") {
        ParsedVersionRange range;
        range.all_versions = true;
        range.vers_scheme = scheme;
        return range;
    }
    std::vector<Piece> pieces;
    for (std::string_view raw : split(body, '|')) {
        std::string_view constraint = trim(raw);
        if (constraint.empty()) {
            return not_evaluable("an empty vers constraint");
        }
        if (constraint == "*") {
            return not_evaluable("'*' in a vers range must stand alone");
        }
        const Op op = take_operator(constraint).value_or(VersionConstraint::kEq);
        const std::optional<std::string> version = percent_decode(constraint);
        if (!version || version->empty() ||
            version->find_first_of(" <>=!|*") != std::string::npos) {
            return not_evaluable("vers constraint '" + std::string(trim(raw)) +
                                 "' has no well-formed version");
        }
        Piece piece;
        piece.constraints = {{op, *version}};
        piece.kind = op == VersionConstraint::kNe   ? Piece::kExclusion
                     : op == VersionConstraint::kEq ? Piece::kAlternative
                                                    : Piece::kBound;
        pieces.push_back(std::move(piece));
    }
    auto range = assemble(pieces, true);
    if (range) {
        range->vers_scheme = scheme;
    }
    return range;
}

}  // namespace

Result<ParsedVersionRange> parse_version_range_text(std::string_view raw_text) {
    std::string text = collapse_spaces(raw_text);
    if (text.empty()) {
        return not_evaluable("the version text is empty");
    }
    if (to_lower(text.substr(0, std::min<std::size_t>(5, text.size()))) == "vers:") {
        return parse_vers(text);
    }
    text = without_harmless_notes(std::move(text));
    if (text.size() >= 2 && text.front() == '(' && text.back() == ')' &&
        text.find_first_of("()", 1) == text.size() - 1) {
        text = collapse_spaces(std::string_view(text).substr(1, text.size() - 2));
    }
    const std::string lower = to_lower(text);
    if (is_all_versions(lower)) {
        ParsedVersionRange range;
        range.all_versions = true;
        return range;
    }
    if (auto problem = date_problem(lower)) {
        return not_evaluable(*problem);
    }
    if (text.find_first_of("()") != std::string::npos) {
        return not_evaluable("a parenthesised condition or product list");
    }
    if (text.find(',') != std::string::npos) {
        return not_evaluable("a comma-separated description, not a range");
    }
    if (auto list = release_list(text)) {
        return std::move(*list);
    }
    std::string_view body = text;
    for (std::string_view keyword :
         {"all versions ", "versions ", "version ", "releases ", "release "}) {
        if (lower.starts_with(keyword)) {
            body.remove_prefix(keyword.size());
            break;
        }
    }
    std::vector<Piece> pieces;
    for (std::string_view part : split(body, '|')) {
        auto read = read_part(part);
        if (!read) {
            return propagate(read.error());
        }
        pieces.insert(pieces.end(), read->begin(), read->end());
    }
    return assemble(pieces, false);
}

// ---------------------------------------------------------------------------------------------
// Evaluation

namespace {

std::string describe_constraint(const VersionConstraint& constraint) {
    return std::string(op_text(constraint.op)) + " " + constraint.version;
}

std::string describe_alternative(const Alternative& alternative) {
    std::vector<std::string> parts;
    parts.reserve(alternative.size());
    for (const VersionConstraint& constraint : alternative) {
        parts.push_back(describe_constraint(constraint));
    }
    return join(parts, " and ");
}

bool holds(Op op, int order) {
    switch (op) {
        case VersionConstraint::kLt:
            return order < 0;
        case VersionConstraint::kLe:
            return order <= 0;
        case VersionConstraint::kGt:
            return order > 0;
        case VersionConstraint::kGe:
            return order >= 0;
        case VersionConstraint::kEq:
            return order == 0;
        case VersionConstraint::kNe:
            return order != 0;
    }
    return false;
}

// A lower bound above an upper bound (or equal with a strict side) leaves nothing: the text was
// read wrongly or written wrongly, and either way its answer cannot be trusted.
std::optional<std::string> bounds_problem(const Alternative& alternative,
                                          const VersionComparator& compare) {
    for (const VersionConstraint& low : alternative) {
        if (!is_lower(low.op)) {
            continue;
        }
        for (const VersionConstraint& high : alternative) {
            if (!is_upper(high.op)) {
                continue;
            }
            const std::optional<int> order = compare(low.version, high.version);
            if (order && (*order > 0 || (*order == 0 && (low.op == VersionConstraint::kGt ||
                                                         high.op == VersionConstraint::kLt)))) {
                return "bounds out of order in '" + describe_alternative(alternative) + "'";
            }
        }
    }
    return std::nullopt;
}

// One alternative against a version: failed when a constraint is decided false; otherwise
// `unordered` names the first pair the comparator could not order, or is empty when all hold.
struct AlternativeCheck {
    bool failed = false;
    std::string unordered;
    std::string because;
};

AlternativeCheck check_alternative(const Alternative& alternative,
                                   const std::string& wanted,
                                   const VersionComparator& compare) {
    AlternativeCheck check;
    std::vector<std::string> because;
    for (const VersionConstraint& constraint : alternative) {
        const std::optional<int> order = compare(wanted, constraint.version);
        if (!order) {
            if (check.unordered.empty()) {
                check.unordered = "cannot order '" + wanted + "' and '" + constraint.version + "'";
            }
            continue;
        }
        if (!holds(constraint.op, *order)) {
            check.failed = true;
            return check;
        }
        because.push_back(wanted + " " + describe_constraint(constraint));
    }
    check.because = join(because, " and ");
    return check;
}

}  // namespace

RangeEvaluation evaluate_version_range(const ParsedVersionRange& range,
                                       std::string_view version,
                                       const VersionComparator& compare) {
    const std::string wanted(trim(version));
    if (range.all_versions) {
        return {RangeVerdict::kInside, "all versions are affected"};
    }
    if (wanted.empty()) {
        return {RangeVerdict::kNotEvaluable, "the device has no version"};
    }
    if (range.alternatives.empty()) {
        return {RangeVerdict::kNotEvaluable, "the range has no alternative"};
    }
    if (!compare) {
        return {RangeVerdict::kNotEvaluable, "no version comparator"};
    }
    std::string undecided;
    for (const Alternative& alternative : range.alternatives) {
        if (alternative.empty()) {
            return {RangeVerdict::kNotEvaluable, "the range has an empty alternative"};
        }
        if (auto problem = bounds_problem(alternative, compare)) {
            return {RangeVerdict::kNotEvaluable, *problem};
        }
        const AlternativeCheck check = check_alternative(alternative, wanted, compare);
        if (check.failed) {
            continue;
        }
        if (check.unordered.empty()) {
            return {RangeVerdict::kInside, check.because};
        }
        const std::string& unordered = check.unordered;
        if (undecided.empty()) {
            undecided = unordered;
        }
    }
    if (!undecided.empty()) {
        return {RangeVerdict::kNotEvaluable, undecided};
    }
    return {RangeVerdict::kOutside, wanted + " is outside " + describe_version_range(range)};
}

std::string describe_version_range(const ParsedVersionRange& range) {
    if (range.all_versions) {
        return "all versions";
    }
    if (range.alternatives.empty()) {
        return "no versions";
    }
    std::vector<std::string> parts;
    parts.reserve(range.alternatives.size());
    for (const Alternative& alternative : range.alternatives) {
        parts.push_back(describe_alternative(alternative));
    }
    return join(parts, " or ");
}

}  // namespace wardround::vuln
