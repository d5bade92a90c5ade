// SPDX-License-Identifier: Apache-2.0
// Version ordering, one scheme per packaging world: NVD's unspecified "generic" versions, SemVer,
// Debian, RPM, Windows builds, Maven, PEP 440, NuGet, RubyGems and Alpine. The matcher parses each
// range bound and each installed version once into a `Version`, then compares pairs without
// allocating. Two versions that cannot be ordered against each other (different schemes, a date
// against a dotted release) compare as "not orderable", never as equal: the caller reports such a
// pair as not evaluable. Each scheme's rules are written at the top of its source file in
// src/vuln/version/ and pinned down line by line by the case files in tests/data/version.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>

namespace wardround::vuln {

enum class VersionScheme : std::uint8_t {
    kGeneric,   // NVD's unspecified ordering: numeric and alphabetic segments (docs for the rules)
    kSemver,    // SemVer 2.0 (npm, Go with a leading v, crates.io)
    kDebian,    // dpkg: epoch, upstream, revision, '~'
    kRpm,       // rpmvercmp: epoch, '~', '^', alphanumeric segments
    kWindows,   // Windows builds: 10.0.19045.3803, 6.1.7601 (1 to 4 numeric parts)
    kMaven,     // Maven ComparableVersion (as Maven: not transitive when a word follows a dot)
    kPypi,      // PEP 440 (epochs, pre-, post- and dev-releases, local versions)
    kNuget,     // NuGet: up to 4 numeric parts and a SemVer pre-release, case-insensitive
    kRubyGems,  // Gem::Version
    kAlpine,    // apk-tools
};
inline constexpr std::size_t kVersionSchemeCount = 10;

// Versions longer than this are rejected: real ones are under 100 bytes, and the bound keeps the
// offsets inside a Version small.
inline constexpr std::size_t kVersionMaxLength = 256;

// "generic", "semver", "debian", "rpm", "windows", "maven", "pypi", "nuget", "rubygems", "alpine".
[[nodiscard]] std::string_view version_scheme_name(VersionScheme scheme);
// The inverse of version_scheme_name (exact, lower case); std::nullopt for any other text.
[[nodiscard]] std::optional<VersionScheme> parse_version_scheme(std::string_view name);

// The scheme for the version attribute of a CPE name: Microsoft's Windows products (vendor
// "microsoft", product "windows" or "windows_...") use kWindows, everything else kGeneric.
// Compared case-insensitively.
[[nodiscard]] VersionScheme scheme_for_cpe(std::string_view vendor, std::string_view product);
// The scheme for a package URL type (case-insensitive): npm, golang, cargo -> kSemver; deb ->
// kDebian; rpm -> kRpm; maven; pypi; nuget; gem -> kRubyGems; apk -> kAlpine; generic -> kGeneric.
// std::nullopt for a type whose ordering Wardround does not know.
[[nodiscard]] std::optional<VersionScheme> scheme_for_purl_type(std::string_view purl_type);
// The scheme for an OSV ecosystem name as OSV spells it ("npm", "Go", "crates.io", "PyPI",
// "Maven", "NuGet", "RubyGems", "Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.20", "Red Hat",
// "AlmaLinux:9", "Rocky Linux:9", "SUSE:...", "openSUSE:...", ...). Only the part before the first
// ':' is looked at. std::nullopt for an ecosystem whose ordering Wardround does not know.
[[nodiscard]] std::optional<VersionScheme> scheme_for_osv_ecosystem(std::string_view ecosystem);

namespace detail {
// One piece of a parsed version: a span of the version's text and what it means in its scheme.
struct VersionPart {
    std::uint16_t begin = 0;  // offset into Version::text()
    std::uint16_t size = 0;   // for numbers: the digits without leading zeros (may be 0 for zero)
    std::uint8_t kind = 0;    // scheme-specific
    std::uint8_t rank = 0;    // scheme-specific (the order of a known word)
};
struct VersionAccess;
}  // namespace detail

// A version parsed once in one scheme and compared many times. A value type, cheap to move;
// comparing two of them does not allocate.
class Version {
public:
    [[nodiscard]] VersionScheme scheme() const { return scheme_; }
    // The text as given to parse_version (surrounding white space removed).
    [[nodiscard]] std::string_view text() const { return text_; }

private:
    friend struct detail::VersionAccess;
    Version() = default;

    VersionScheme scheme_ = VersionScheme::kGeneric;
    // Versions of different shapes within one scheme cannot be ordered (a generic date against a
    // dotted release).
    std::uint8_t shape_ = 0;
    // Scheme-specific: where one section of parts_ ends and the next begins.
    std::uint16_t split_ = 0;
    std::string text_;
    std::vector<detail::VersionPart> parts_;
};

// Parses `text` as a version of `scheme`. Errors (kInvalidArgument, with a reason a person can act
// on, such as "no digits" or "not a Debian version: ..."): empty text, over kVersionMaxLength
// bytes, control or non-ASCII characters, and text that is not a version in that scheme ("*", "-",
// "latest", "unknown", ...). White space around the text is ignored.
[[nodiscard]] Result<Version> parse_version(VersionScheme scheme, std::string_view text);

// <0, 0 or >0 as `a` sorts before, equal to or after `b`. std::nullopt when the two cannot be
// ordered against each other: different schemes, or different shapes within a scheme (for
// kGeneric: a date such as 2021-12-13 against a dotted release such as 2.15.0, or a version that
// starts with letters against one that starts with a digit). The caller must report such a pair as
// not evaluable, never as safe or vulnerable. Does not allocate.
[[nodiscard]] std::optional<int> compare_versions(const Version& a, const Version& b);

// Parses both texts in `scheme` and compares them. Errors: those of parse_version, the message
// saying which side ("first version: ..." or "second version: ..."), and kInvalidArgument when the
// two parse but cannot be ordered against each other.
[[nodiscard]] Result<int> compare_version_text(VersionScheme scheme,
                                               std::string_view a,
                                               std::string_view b);

}  // namespace wardround::vuln
