// SPDX-License-Identifier: Apache-2.0
// Internals of the identity resolver shared between its source files: the embedded tables, the
// tokeniser, and the helpers that build CPE names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <wardround/inventory/identity.h>

namespace wardround::inventory::detail {

extern const char* const kAliasesCsv;
extern const char* const kWindowsBuildsCsv;

// Hashing for unordered containers keyed by std::string but looked up by std::string_view.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
        return std::hash<std::string_view>{}(text);
    }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

// The parsed tables, built once on first use.
struct IdentityTables {
    std::vector<AliasRow> aliases;
    std::vector<WindowsBuildRow> windows;
    std::vector<std::string> problems;
    StringMap<std::string> vendor_aliases;   // observed vendor key -> CPE vendor
    StringMap<std::size_t> product_aliases;  // "vendor_key|product_key" -> index in aliases
    StringMap<std::vector<std::size_t>> windows_by_build;  // "19045" -> indexes in windows
};
[[nodiscard]] const IdentityTables& identity_tables();

// A word of a name, lower case, with whether it stood inside brackets.
struct Token {
    std::string text;
    bool in_brackets = false;
};
// Splits a name into lower-case words at spaces, punctuation that CPE names do not keep (commas,
// brackets, quotes, '_') and the ®, ™, © signs; trims '.', '-', ':' and '/' from each word's ends.
// Cuts the input at kMaxNameBytes first.
[[nodiscard]] std::vector<Token> tokenise(std::string_view text);
[[nodiscard]] std::string join_tokens(const std::vector<Token>& tokens, char separator);

// The observed version as a CPE value: trimmed, lower case, spaces as '_'; "" when empty or not
// printable ASCII (CPE values cannot hold anything else).
[[nodiscard]] std::string cpe_version_token(std::string_view version);

// Tokens of a CPE 2.3 name to its formatted string; "" when a value cannot be bound.
struct CpeTokens {
    std::string_view part;
    std::string_view vendor;
    std::string_view product;
    std::string_view version;  // "" = ANY; "-" = NA
    std::string_view update;
    std::string_view sw_edition;
    std::string_view target_hw;
};
[[nodiscard]] std::string format_cpe(const CpeTokens& tokens);
// Fills part..target_hw and cpe of `resolution` and formats the CPE; false (and nothing changed
// but the note) when a value is not valid in a CPE name.
bool set_cpe(Resolution& resolution, const CpeTokens& tokens);

// True when `text` is a string of ASCII digits.
[[nodiscard]] bool all_digits(std::string_view text);

}  // namespace wardround::inventory::detail
