// SPDX-License-Identifier: Apache-2.0
// Internals of the eol module shared by its sources and its tests: the embedded CSV and the text
// rules recognition is built on (tokens of a name, version patterns, CPE names).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wardround::checks::detail {

// data/eol/catalogue.csv, embedded at build time.
extern const char* const kEolCatalogueCsv;

// Lower-case ASCII tokens of a name or version: every byte that is not a letter, a digit or a dot
// separates tokens, and dots at either end of a token are dropped ("Debian GNU/Linux 12
// (bookworm)" -> debian gnu linux 12 bookworm; "Windows 8.1" -> windows 8.1).
[[nodiscard]] std::vector<std::string> tokens_of(std::string_view text);

// Whether `version` matches a version pattern. Both are split into parts at '.', '_', '-', '+' and
// spaces; parts compare without case; a pattern part "*" matches any part and "x*" any part that
// starts with x; a pattern with fewer parts matches a longer version ("22.04" matches "22.04.3",
// "16.0.4*" matches "16.0.4266.1001", "8u*" matches "8u381"). A lone "*" matches anything, even
// "". A lone "-" matches only an unspecified version ("", "*" or "-", as CPE names write it).
[[nodiscard]] bool version_matches(std::string_view pattern, std::string_view version);

// True for "", "*" and "-": a CPE version that says nothing.
[[nodiscard]] bool unspecified_version(std::string_view version);

struct CpeName {
    std::string vendor;
    std::string product;
    std::string version;  // as written, unescaped; "*" or "-" when unspecified
};

// Vendor, product and version of a CPE 2.3 formatted string ("cpe:2.3:o:microsoft:windows_10:...")
// or a CPE 2.2 URI ("cpe:/o:microsoft:windows_10"), lower case. nullopt for anything else.
[[nodiscard]] std::optional<CpeName> parse_cpe(std::string_view cpe);

// A catalogue cpes entry: "vendor:product" or "vendor:product:version pattern".
struct CpeEntry {
    std::string vendor;
    std::string product;
    std::optional<std::string> version;
};

// nullopt when the entry has fewer than two or more than three non-empty parts.
[[nodiscard]] std::optional<CpeEntry> parse_cpe_entry(std::string_view entry);

}  // namespace wardround::checks::detail
