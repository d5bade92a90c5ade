// SPDX-License-Identifier: Apache-2.0
// What the per-scheme parsers and comparators share: building a Version and reading its parts,
// the text checks every scheme makes first, and comparisons of digit strings and words.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/vuln/version.h>

namespace wardround::vuln::detail {

struct VersionAccess {
    static Version make(VersionScheme scheme, std::string_view text) {
        Version version;
        version.scheme_ = scheme;
        version.text_ = std::string(text);
        return version;
    }
    static std::uint8_t& shape(Version& version) { return version.shape_; }
    static std::uint8_t shape(const Version& version) { return version.shape_; }
    static std::uint16_t& split(Version& version) { return version.split_; }
    static std::uint16_t split(const Version& version) { return version.split_; }
    static std::vector<VersionPart>& parts(Version& version) { return version.parts_; }
    static const std::vector<VersionPart>& parts(const Version& version) { return version.parts_; }
    // The text of one part.
    static std::string_view view(const Version& version, const VersionPart& part) {
        return std::string_view(version.text_).substr(part.begin, part.size);
    }
};

// A part covering text[begin, begin + size).
inline VersionPart make_part(std::size_t begin,
                             std::size_t size,
                             std::uint8_t kind = 0,
                             std::uint8_t rank = 0) {
    return VersionPart{static_cast<std::uint16_t>(begin), static_cast<std::uint16_t>(size), kind,
                       rank};
}

// A part holding the number text[begin, end) without its leading zeros.
VersionPart number_part(std::string_view text,
                        std::size_t begin,
                        std::size_t end,
                        std::uint8_t kind = 0);

// The text quoted for an error message, shortened and with unprintable bytes escaped.
std::string quoted(std::string_view text);

// kInvalidArgument "not a <what> version: \"text\": reason".
tl::unexpected<Error> bad_version(std::string_view what,
                                  std::string_view text,
                                  std::string_view reason);

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
inline bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool is_alnum(char c) {
    return is_digit(c) || is_alpha(c);
}
inline char to_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool has_digit(std::string_view text);
bool all_digits(std::string_view text);

// Numbers given as digit strings without leading zeros, of any length: never overflows.
int compare_digits(std::string_view a, std::string_view b);
// Byte-wise and ASCII-case-insensitive three-way comparisons.
int compare_bytes(std::string_view a, std::string_view b);
int compare_folded(std::string_view a, std::string_view b);
bool equals_folded(std::string_view a, std::string_view b);

inline int sign(int value) {
    return (value > 0) - (value < 0);
}

// One function pair per scheme, each in its own source file. The text given to parse_* has passed
// the common checks: not empty, at most kVersionMaxLength bytes, printable ASCII, trimmed.
// compare_* gets two versions of its scheme and returns <0, 0, >0, or std::nullopt when their
// shapes differ (compare_versions checks the shapes before calling, so most need not).
Result<Version> parse_generic(std::string_view text);
int compare_generic(const Version& a, const Version& b);
Result<Version> parse_semver(std::string_view text);
int compare_semver(const Version& a, const Version& b);
Result<Version> parse_debian(std::string_view text);
int compare_debian(const Version& a, const Version& b);
Result<Version> parse_rpm(std::string_view text);
int compare_rpm(const Version& a, const Version& b);
Result<Version> parse_windows(std::string_view text);
int compare_windows(const Version& a, const Version& b);
Result<Version> parse_maven(std::string_view text);
int compare_maven(const Version& a, const Version& b);
Result<Version> parse_pypi(std::string_view text);
int compare_pypi(const Version& a, const Version& b);
Result<Version> parse_nuget(std::string_view text);
int compare_nuget(const Version& a, const Version& b);
Result<Version> parse_rubygems(std::string_view text);
int compare_rubygems(const Version& a, const Version& b);
Result<Version> parse_alpine(std::string_view text);
int compare_alpine(const Version& a, const Version& b);

// SemVer and NuGet: the parts before split() are numbers, those after it pre-release identifiers
// of these kinds.
enum SemverKind : std::uint8_t { kSemverNumber = 0, kSemverWord = 1 };
// Compares the pre-release identifiers (no pre-release sorts after any), words case-insensitively
// when `fold_case` (NuGet).
int compare_prerelease(const Version& a, const Version& b, bool fold_case);

// dpkg's comparison of two upstream versions or two revisions (shared by Debian and, for its
// character order, nothing else; exposed for the tests).
int dpkg_compare(std::string_view a, std::string_view b);
// rpm's rpmvercmp of two version or release strings.
int rpm_compare(std::string_view a, std::string_view b);

}  // namespace wardround::vuln::detail
