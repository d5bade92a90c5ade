// SPDX-License-Identifier: Apache-2.0
// Name normalisation: what Add/Remove Programs, Defender, SBOMs and asset registers call a product
// to the words CPE names are made of. Every rule is a table or a short pass over words, each with
// the example it exists for; nothing here allocates per rule or uses regular expressions.
#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "inventory/identity/identity_internal.h"

namespace wardround::inventory {

namespace {

using detail::Token;

// Legal-form words removed from the end of a vendor name, repeatedly, after the trailing '.' of
// each word has gone: "Google LLC" -> google, "Oracle Corporation" -> oracle, "Samsung Electronics
// Co., Ltd." -> samsung_electronics, "Avast Software s.r.o." -> avast_software, "Siemens AG" ->
// siemens, "Philips Medical Systems Nederland B.V." -> philips_medical_systems_nederland.
// "Drägerwerk AG & Co. KGaA" -> drägerwerk ('&' joins two legal forms).
constexpr std::array<std::string_view, 43> kLegalSuffixes{
    "inc", "incorporated", "corporation", "corp", "llc",   "l.l.c", "ltd", "limited", "gmbh",
    "co",  "s.r.o",        "sro",         "ag",   "b.v",   "bv",    "plc", "sa",      "s.a",
    "nv",  "n.v",          "oy",          "oyj",  "ab",    "as",    "a/s", "aps",     "pty",
    "kg",  "srl",          "s.r.l",       "spa",  "s.p.a", "sas",   "kk",  "k.k",     "lp",
    "l.p", "llp",          "sarl",        "s.l",  "se",    "kgaa",  "&",
};

// Words inside brackets that are trademark signs: "Java(TM) SE Development Kit" -> java_se_...,
// "Intel(R) Graphics Driver" -> graphics_driver (vendor intel).
constexpr std::array<std::string_view, 4> kTrademarks{"tm", "r", "c", "registered"};

// Architecture markers and the architecture each names: "7-Zip 23.01 (x64)", "Python 3.11.4
// (64-bit)", "Notepad++ (x86)", "PowerShell 7-arm64", "Git x86_64" (split at '_', see kArchPairs).
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kArchMarkers{{
    {"x64", "x64"},
    {"amd64", "x64"},
    {"x86-64", "x64"},
    {"64-bit", "x64"},
    {"64bit", "x64"},
    {"win64", "x64"},
    {"x86", "x86"},
    {"32-bit", "x86"},
    {"32bit", "x86"},
    {"i386", "x86"},
    {"i686", "x86"},
    {"arm64", "arm64"},
    {"aarch64", "arm64"},
    {"ia64", "ia64"},
}};
// Two-word architecture markers: "64 bit", "32 bit", and "x86_64" (the '_' splits it).
struct ArchPair {
    std::string_view first;
    std::string_view second;
    std::string_view arch;
};
constexpr std::array<ArchPair, 3> kArchPairs{{
    {"64", "bit", "x64"},
    {"32", "bit", "x86"},
    {"x86", "64", "x64"},
}};

// Languages of locale suffixes: "Mozilla Firefox (x64 en-GB)", "Microsoft 365 Apps for enterprise
// - en-gb", "Microsoft Office Professional Plus 2016 - de-de". Only ll-cc words whose ll is one of
// these count, so a product word such as "hp-ux" is kept.
constexpr std::array<std::string_view, 44> kLanguages{
    "en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "fi", "nb", "no", "pl", "cs", "hu",
    "ja", "ko", "zh", "ru", "tr", "el", "he", "ar", "uk", "ro", "sk", "sl", "hr", "bg", "et",
    "lv", "lt", "cy", "ga", "ca", "eu", "gl", "is", "hi", "th", "vi", "id", "ms", "sr",
};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& table, std::string_view word) {
    return std::find(table.begin(), table.end(), word) != table.end();
}

bool is_alpha(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string_view arch_of(std::string_view word) {
    for (const auto& [marker, arch] : kArchMarkers) {
        if (word == marker) {
            return arch;
        }
    }
    return {};
}

// "en-gb", "de-de", "zh-hans", "mui" (Office's multilingual user interface packs).
bool is_locale(std::string_view word) {
    if (word == "mui") {
        return true;
    }
    if (word.size() < 5 || word.size() > 7 || word[2] != '-' ||
        !contains(kLanguages, word.substr(0, 2))) {
        return false;
    }
    return std::all_of(word.begin() + 3, word.end(), is_alpha);
}

// A version written into a name: "23.01", "14.36.32532", "3.11.4", "v2.5.1", "1.2.3b". It has a
// dot and starts with a digit (or 'v' and a digit), so "node.js" and "smc2.0" are not versions.
bool is_dotted_version(std::string_view word) {
    std::string_view rest = word;
    if (rest.size() > 1 && rest[0] == 'v' && is_digit(rest[1])) {
        rest.remove_prefix(1);
    }
    if (rest.empty() || !is_digit(rest[0]) || rest.find('.') == std::string_view::npos) {
        return false;
    }
    return std::all_of(rest.begin(), rest.end(), [](char c) {
        return is_digit(c) || is_alpha(c) || c == '.' || c == '-' || c == '+';
    });
}

// A release number at the end of a name that the observed version starts with ("Foo 2019",
// version "2019.1.3"), or its year-month form ("Citrix Workspace 2309", version "23.9.0.24").
bool is_release_of(std::string_view word, std::string_view version) {
    if (word.size() < 2 || !detail::all_digits(word) || version.empty()) {
        return false;
    }
    if (version.substr(0, word.size()) == word &&
        (version.size() == word.size() || version[word.size()] == '.')) {
        return true;
    }
    if (word.size() != 4) {
        return false;
    }
    // "23.9" -> "2309"
    const std::size_t dot = version.find('.');
    if (dot != 2) {
        return false;
    }
    std::size_t end = 3;
    while (end < version.size() && is_digit(version[end])) {
        ++end;
    }
    const std::string_view month = version.substr(3, end - 3);
    if (month.empty() || month.size() > 2) {
        return false;
    }
    std::string yymm(version.substr(0, 2));
    if (month.size() == 1) {
        yymm += '0';
    }
    yymm += month;
    return yymm == word;
}

bool is_separator(unsigned char c) {
    return c <= ' ' || c == ',' || c == ';' || c == '(' || c == ')' || c == '[' || c == ']' ||
           c == '{' || c == '}' || c == '"' || c == '\'' || c == '_' || c == '|' || c == '`' ||
           c == 0x7F;
}

// Multi-byte signs read as separators: ® (C2 AE), © (C2 A9), no-break space (C2 A0), ™ (E2 84
// A2), en and em dashes (E2 80 93 / 94). Returns how many bytes the sign at `at` has, 0 if none.
std::size_t sign_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) {
        return at + i < text.size() ? static_cast<unsigned char>(text[at + i]) : 0U;
    };
    if (byte(0) == 0xC2 && (byte(1) == 0xAE || byte(1) == 0xA9 || byte(1) == 0xA0)) {
        return 2;
    }
    if (byte(0) == 0xE2 && byte(1) == 0x84 && byte(2) == 0xA2) {
        return 3;
    }
    if (byte(0) == 0xE2 && byte(1) == 0x80 && (byte(2) == 0x93 || byte(2) == 0x94)) {
        return 3;
    }
    return 0;
}

// Cuts at `limit` without splitting a UTF-8 sequence.
std::string_view cut(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) {
        return text;
    }
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) {
        --end;
    }
    return text.substr(0, end);
}

void push_word(std::vector<Token>& tokens, std::string& word, bool in_brackets) {
    // Trim what joins words rather than belongs to them: "Inc." -> inc, "- en-gb" -> en-gb.
    constexpr std::string_view kTrim = ".-:/";
    const std::size_t begin = word.find_first_not_of(kTrim);
    if (begin != std::string::npos) {
        const std::size_t end = word.find_last_not_of(kTrim);
        tokens.push_back(Token{word.substr(begin, end - begin + 1), in_brackets});
    }
    word.clear();
}

std::vector<Token> vendor_tokens(std::string_view vendor) {
    std::vector<Token> tokens = detail::tokenise(vendor);
    // "The Mozilla Foundation" -> mozilla_foundation
    if (tokens.size() > 1 && tokens.front().text == "the") {
        tokens.erase(tokens.begin());
    }
    while (tokens.size() > 1 && contains(kLegalSuffixes, tokens.back().text)) {
        tokens.pop_back();
    }
    return tokens;
}

// Removes architecture and locale markers (never the first word: "x86 Emulator" stays) and
// bracketed trademark signs, recording what they said.
void remove_markers(std::vector<Token>& tokens, NormalisedName& out) {
    std::vector<Token> kept;
    kept.reserve(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& token = tokens[i];
        if (token.in_brackets && contains(kTrademarks, token.text)) {
            continue;
        }
        if (kept.empty()) {
            kept.push_back(token);
            continue;
        }
        if (const std::string_view arch = arch_of(token.text); !arch.empty()) {
            out.arch = arch;
            continue;
        }
        bool paired = false;
        if (i + 1 < tokens.size()) {
            for (const ArchPair& pair : kArchPairs) {
                if (token.text == pair.first && tokens[i + 1].text == pair.second) {
                    out.arch = pair.arch;
                    paired = true;
                    ++i;
                    break;
                }
            }
        }
        if (paired) {
            continue;
        }
        if (is_locale(token.text)) {
            out.language = token.text;
            continue;
        }
        kept.push_back(token);
    }
    tokens = std::move(kept);
}

// Takes a version off the end of the name: "7-Zip 23.01" -> 7-zip + 23.01; "Java 8 Update 381" ->
// java + "8 update 381"; "Microsoft Visual C++ 2015-2022 Redistributable - 14.36.32532" ->
// ... redistributable + 14.36.32532; "Foo version 2.1" -> foo + 2.1. The first word always stays.
void remove_embedded_version(std::vector<Token>& tokens,
                             std::string_view observed_version,
                             NormalisedName& out) {
    const std::size_t n = tokens.size();
    if (n >= 4 && detail::all_digits(tokens[n - 3].text) && tokens[n - 2].text == "update" &&
        detail::all_digits(tokens[n - 1].text)) {
        out.embedded_version = tokens[n - 3].text + " update " + tokens[n - 1].text;
        tokens.resize(n - 3);
        return;
    }
    while (tokens.size() >= 2) {
        const std::string& last = tokens.back().text;
        if (!is_dotted_version(last) && !is_release_of(last, observed_version)) {
            break;
        }
        if (out.embedded_version.empty()) {
            out.embedded_version = last[0] == 'v' ? last.substr(1) : last;
        }
        tokens.pop_back();
        if (tokens.size() >= 2 && (tokens.back().text == "version" || tokens.back().text == "v" ||
                                   tokens.back().text == "ver")) {
            tokens.pop_back();
        }
    }
}

// "Google Chrome" from "Google LLC" -> chrome; "Adobe Acrobat Reader DC" from "Adobe Systems
// Incorporated" -> acrobat_reader_dc (the vendor's first word is enough); never empties the name.
void remove_vendor_prefix(std::vector<Token>& tokens, const std::vector<Token>& vendor) {
    if (vendor.empty() || tokens.size() < 2) {
        return;
    }
    std::size_t same = 0;
    while (same < vendor.size() && same < tokens.size() && vendor[same].text == tokens[same].text) {
        ++same;
    }
    if (same == 0) {
        return;
    }
    if (same < vendor.size()) {
        same = 1;  // only the first word matched: "Adobe Acrobat" from "Adobe Systems"
    }
    if (same < tokens.size()) {
        tokens.erase(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(same));
    }
}

}  // namespace

namespace detail {

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

std::vector<Token> tokenise(std::string_view text) {
    text = cut(text, kMaxNameBytes);
    std::vector<Token> tokens;
    std::string word;
    int depth = 0;
    bool word_in_brackets = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (const std::size_t sign = sign_length(text, i); sign > 0) {
            push_word(tokens, word, word_in_brackets);
            i += sign - 1;
            continue;
        }
        if (is_separator(c)) {
            push_word(tokens, word, word_in_brackets);
            if (c == '(' || c == '[' || c == '{') {
                ++depth;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                --depth;
            }
            continue;
        }
        if (word.empty()) {
            word_in_brackets = depth > 0;
        }
        word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    }
    push_word(tokens, word, word_in_brackets);
    return tokens;
}

std::string join_tokens(const std::vector<Token>& tokens, char separator) {
    std::string joined;
    for (const Token& token : tokens) {
        if (!joined.empty()) {
            joined += separator;
        }
        joined += token.text;
    }
    return joined;
}

std::string cpe_version_token(std::string_view version) {
    std::string token;
    std::size_t begin = 0;
    std::size_t end = version.size();
    while (begin < end && static_cast<unsigned char>(version[begin]) <= ' ') {
        ++begin;
    }
    while (end > begin && static_cast<unsigned char>(version[end - 1]) <= ' ') {
        --end;
    }
    if (end - begin > kMaxNameBytes) {
        return {};
    }
    for (std::size_t i = begin; i < end; ++i) {
        const auto c = static_cast<unsigned char>(version[i]);
        if (c == ' ') {
            token += '_';
        } else if (c < ' ' || c >= 0x7F) {
            return {};
        } else {
            token +=
                (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
        }
    }
    return token;
}

}  // namespace detail

std::string normalise_vendor(std::string_view vendor) {
    return detail::join_tokens(vendor_tokens(vendor), '_');
}

NormalisedName normalise_name(std::string_view vendor,
                              std::string_view product,
                              std::string_view version) {
    NormalisedName out;
    const std::vector<Token> vendor_words = vendor_tokens(vendor);
    out.vendor_key = detail::join_tokens(vendor_words, '_');

    std::vector<Token> words = detail::tokenise(product);
    remove_markers(words, out);
    const std::string observed = detail::cpe_version_token(version);
    remove_embedded_version(words, observed, out);
    remove_vendor_prefix(words, vendor_words);
    out.product_key = detail::join_tokens(words, '_');
    out.version = observed.empty() ? out.embedded_version : observed;
    return out;
}

std::string identity_key(const NormalisedName& name) {
    std::string key;
    key.reserve(name.vendor_key.size() + 1 + name.product_key.size());
    key += name.vendor_key;
    key += '|';
    key += name.product_key;
    return key;
}

}  // namespace wardround::inventory
