// SPDX-License-Identifier: Apache-2.0
// Internals of the advisory_text module shared by its sources (and its tests).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace wardround::vuln::detail {

// data/advisory/vendor_aliases.csv, embedded at build time.
extern const char* const kVendorAliasesCsv;

struct VendorAliasTable {
    std::map<std::string, std::string, std::less<>> same;     // name key -> key
    std::map<std::string, std::string, std::less<>> part_of;  // name key -> parent key
    std::vector<std::string> problems;                        // malformed rows, for a test
};

// The embedded table, read once on first use.
const VendorAliasTable& vendor_alias_table();

// The vendor key before the alias table: folded, lower case, legal-form words removed.
std::string vendor_key_without_aliases(std::string_view vendor);

// Lower case ASCII with Latin accents folded; trademark signs removed; every other byte that is
// not a letter or digit becomes a space. Runs of spaces are not yet collapsed.
std::string fold_text(std::string_view text);

// Splits on spaces, dropping empty tokens.
std::vector<std::string> tokens_of(std::string_view text);

}  // namespace wardround::vuln::detail
