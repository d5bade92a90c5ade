// SPDX-License-Identifier: Apache-2.0
// Vendor and product names to comparable keys. Advisories and asset registers write names in
// UTF-8 with accents, trademark signs, legal forms and free punctuation; the keys here are plain
// ASCII so that the two sides compare byte for byte.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/core/text.h>
#include <wardround/vuln/advisory_text.h>

#include "vuln/advisory_text/advisory_text_internal.h"

namespace wardround::vuln {

namespace detail {

namespace {

// ASCII spellings of U+00C0..U+00FF; "" for the two signs in the block (multiplication and
// division), which become separators.
constexpr std::array<std::string_view, 64> kLatin1Folds = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",
};

// ASCII spellings of U+0100..U+017F (Latin Extended-A), in runs of one base letter.
struct FoldRun {
    std::uint32_t last;
    std::string_view ascii;
};
constexpr std::array<FoldRun, 22> kLatinExtendedFolds = {{
    {0x105, "a"}, {0x10D, "c"},  {0x111, "d"}, {0x11B, "e"}, {0x123, "g"}, {0x127, "h"},
    {0x131, "i"}, {0x133, "ij"}, {0x135, "j"}, {0x138, "k"}, {0x142, "l"}, {0x14B, "n"},
    {0x151, "o"}, {0x153, "oe"}, {0x159, "r"}, {0x161, "s"}, {0x167, "t"}, {0x173, "u"},
    {0x175, "w"}, {0x178, "y"},  {0x17E, "z"}, {0x17F, "s"},
}};

bool is_trademark_sign(std::uint32_t code_point) {
    return code_point == 0x2122 || code_point == 0x00AE || code_point == 0x00A9 ||
           code_point == 0x2120;
}

// Decodes one UTF-8 sequence at `text[at]`; returns the code point and its length, or length 1
// and U+FFFD for a byte that does not start a well-formed sequence.
std::pair<std::uint32_t, std::size_t> decode_utf8(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) {
        return static_cast<unsigned char>(text[i]);
    };
    const unsigned char lead = byte(at);
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code_point = lead & 0x1FU;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0FU;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code_point = lead & 0x07U;
    } else {
        return {0xFFFD, 1};
    }
    if (at + length > text.size()) {
        return {0xFFFD, 1};
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0U) != 0x80U) {
            return {0xFFFD, 1};
        }
        code_point = (code_point << 6U) | (byte(at + i) & 0x3FU);
    }
    return {code_point, length};
}

std::string_view fold_code_point(std::uint32_t code_point) {
    if (code_point >= 0xC0 && code_point <= 0xFF) {
        return kLatin1Folds[code_point - 0xC0];
    }
    if (code_point >= 0x100 && code_point <= 0x17F) {
        for (const FoldRun& run : kLatinExtendedFolds) {
            if (code_point <= run.last) {
                return run.ascii;
            }
        }
    }
    return "";
}

// Words that only name a company's legal form. Dropped from the end of a vendor name, so
// "Hamilton Medical AG" and "Hamilton Medical" are one key. "Medical", "Healthcare",
// "Diagnostics", "Systems", "International" and "Group" are not here: they tell companies apart.
bool is_legal_form(std::string_view word) {
    static constexpr std::array<std::string_view, 30> kLegalForms = {
        "inc",         "incorporated", "ltd", "limited", "llc", "llp", "lp",  "gmbh",
        "ag",          "sa",           "se",  "nv",      "bv",  "plc", "co",  "corp",
        "corporation", "company",      "oy",  "oyj",     "ab",  "as",  "asa", "spa",
        "srl",         "sas",          "kg",  "kgaa",    "pty", "pte",
    };
    for (std::string_view form : kLegalForms) {
        if (word == form) {
            return true;
        }
    }
    return false;
}

// Two-letter legal forms written with dots ("S.A.", "N.V.", "B.V.") arrive as two tokens.
bool is_split_legal_form(std::string_view first, std::string_view second) {
    return (first == "s" && second == "a") || (first == "n" && second == "v") ||
           (first == "b" && second == "v") || (first == "s" && second == "e");
}

// Removes "( ... )" groups: "Becton, Dickinson and Company (BD)" -> "Becton, Dickinson and
// Company ". An unclosed '(' removes the rest.
std::string without_parentheses(std::string_view text) {
    std::string out;
    int depth = 0;
    for (char c : text) {
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (depth > 0) {
                --depth;
            }
        } else if (depth == 0) {
            out.push_back(c);
        }
    }
    return out;
}

std::string key_of_tokens(std::vector<std::string> tokens) {
    while (tokens.size() > 1) {
        if (is_legal_form(tokens.back()) || tokens.back() == "and") {
            tokens.pop_back();
        } else if (tokens.size() > 2 &&
                   is_split_legal_form(tokens[tokens.size() - 2], tokens.back())) {
            tokens.resize(tokens.size() - 2);
        } else {
            break;
        }
    }
    if (tokens.size() == 1 && is_legal_form(tokens.front())) {
        return "";
    }
    return join(tokens, "_");
}

std::vector<std::string> split_table_line(std::string_view line) {
    std::vector<std::string> fields;
    for (std::string_view field : split(line, ',')) {
        fields.emplace_back(trim(field));
    }
    return fields;
}

VendorAliasTable load_vendor_aliases() {
    VendorAliasTable table;
    bool header_seen = false;
    std::size_t line_number = 0;
    for (std::string_view line : split(kVendorAliasesCsv, '\n')) {
        ++line_number;
        line = trim(line);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        if (!header_seen) {
            header_seen = true;
            continue;
        }
        const std::vector<std::string> fields = split_table_line(line);
        const std::string where = "vendor_aliases.csv line " + std::to_string(line_number) + ": ";
        if (fields.size() != 4 || fields[0].empty() || fields[1].empty()) {
            table.problems.push_back(where + "expected name,key,relation,note");
            continue;
        }
        if (vendor_key_without_aliases(fields[0]) != fields[0]) {
            table.problems.push_back(where + fields[0] + " is not a normalised key");
        }
        auto& target = fields[2] == "same" ? table.same : table.part_of;
        if (fields[2] != "same" && fields[2] != "part_of") {
            table.problems.push_back(where + "unknown relation " + fields[2]);
            continue;
        }
        if (!target.emplace(fields[0], fields[1]).second) {
            table.problems.push_back(where + fields[0] + " listed twice");
        }
    }
    for (const auto& [name, key] : table.same) {
        if (table.same.contains(key)) {
            std::string problem = name;
            problem += " maps to ";
            problem += key;
            problem += ", which is itself an alias";
            table.problems.push_back(std::move(problem));
        }
    }
    return table;
}

}  // namespace

std::string fold_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    while (at < text.size()) {
        const auto c = static_cast<unsigned char>(text[at]);
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.push_back(static_cast<char>(c));
            } else if (c >= 'A' && c <= 'Z') {
                out.push_back(static_cast<char>(c - 'A' + 'a'));
            } else {
                out.push_back(' ');
            }
            ++at;
            continue;
        }
        const auto [code_point, length] = decode_utf8(text, at);
        at += length;
        if (is_trademark_sign(code_point)) {
            continue;
        }
        const std::string_view folded = fold_code_point(code_point);
        if (folded.empty()) {
            out.push_back(' ');
        } else {
            out.append(folded);
        }
    }
    return out;
}

std::vector<std::string> tokens_of(std::string_view text) {
    std::vector<std::string> tokens;
    for (std::string_view token : split(text, ' ')) {
        if (!token.empty()) {
            tokens.emplace_back(token);
        }
    }
    return tokens;
}

std::string vendor_key_without_aliases(std::string_view vendor) {
    std::string text = without_parentheses(vendor);
    std::vector<std::string> tokens = tokens_of(fold_text(text));
    if (tokens.empty()) {
        // Nothing outside the parentheses: "(BD)" alone is still a name.
        tokens = tokens_of(fold_text(vendor));
    }
    return key_of_tokens(std::move(tokens));
}

const VendorAliasTable& vendor_alias_table() {
    static const VendorAliasTable kTable = load_vendor_aliases();
    return kTable;
}

}  // namespace detail

std::string normalise_vendor_name(std::string_view vendor) {
    std::string key = detail::vendor_key_without_aliases(vendor);
    const auto& same = detail::vendor_alias_table().same;
    if (auto alias = same.find(key); alias != same.end()) {
        return alias->second;
    }
    return key;
}

std::vector<std::string> vendor_keys(std::string_view vendor) {
    std::vector<std::string> keys;
    const std::string whole = normalise_vendor_name(vendor);
    if (whole.empty()) {
        return keys;
    }
    keys.push_back(whole);
    const auto& same = detail::vendor_alias_table().same;
    if (same.contains(detail::vendor_key_without_aliases(vendor))) {
        return keys;  // a known name of one company, commas and "and" included
    }
    // Several companies in one field: "Silex Technology and GE Healthcare", "ENEA, Green Hills
    // Software, ITRON, IP Infusion, and Wind River". Parts that are only a legal form ("Inc.")
    // give no key.
    const std::string text = detail::without_parentheses(vendor);
    std::vector<std::string> parts;
    for (std::string_view comma_part : split(text, ',')) {
        std::string_view rest = comma_part;
        while (true) {
            const std::size_t and_at = rest.find(" and ");
            parts.emplace_back(rest.substr(0, and_at));
            if (and_at == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(and_at + 5);
        }
    }
    if (parts.size() < 2) {
        return keys;
    }
    for (const std::string& part : parts) {
        std::string key = normalise_vendor_name(part);
        if (key.empty() || key == "and") {
            continue;
        }
        bool seen = false;
        for (const std::string& existing : keys) {
            seen = seen || existing == key;
        }
        if (!seen) {
            keys.push_back(std::move(key));
        }
    }
    return keys;
}

std::string normalise_product_text(std::string_view text) {
    return join(detail::tokens_of(detail::fold_text(text)), " ");
}

}  // namespace wardround::vuln
