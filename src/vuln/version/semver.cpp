// SPDX-License-Identifier: Apache-2.0
// Semantic Versioning 2.0.0: MAJOR.MINOR.PATCH[-pre-release][+build], exactly as semver.org
// defines precedence. The three numbers compare by value (no leading zeros allowed, any size); a
// version with a pre-release sorts before the same version without one; pre-release identifiers
// compare left to right, numbers by value, others by ASCII, a number before a word, and a shorter
// list before a longer one it starts. Build metadata is checked but ignored in ordering. A leading
// 'v' (Go modules) is accepted.
#include <string_view>
#include <vector>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

namespace {

constexpr std::string_view kWhat = "SemVer";

bool identifier_char(char c) {
    return is_alnum(c) || c == '-';
}

// The reasons a version is rejected; empty means it was read.
constexpr std::string_view kNotThreeNumbers = "MAJOR.MINOR.PATCH must be three numbers";

// MAJOR.MINOR.PATCH, moving `i` past it: why it cannot be read, or empty.
std::string_view read_core(std::string_view text, std::size_t& i, std::vector<VersionPart>& parts) {
    for (int n = 0; n < 3; ++n) {
        const std::size_t begin = i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
        }
        if (i == begin) {
            return kNotThreeNumbers;
        }
        if (text[begin] == '0' && i - begin > 1) {
            return "a number with a leading zero";
        }
        parts.push_back(number_part(text, begin, i, kSemverNumber));
        if (n == 2) {
            break;
        }
        if (i == text.size() || text[i] != '.') {
            return kNotThreeNumbers;
        }
        ++i;
    }
    return {};
}

// The end of the identifier starting at `begin`.
std::size_t identifier_end(std::string_view text, std::size_t begin) {
    std::size_t end = begin;
    while (end < text.size() && identifier_char(text[end])) {
        ++end;
    }
    return end;
}

// One pre-release identifier text[begin, end): why it cannot be read, or empty.
std::string_view read_prerelease_identifier(std::string_view text,
                                            std::size_t begin,
                                            std::size_t end,
                                            std::vector<VersionPart>& parts) {
    const std::string_view identifier = text.substr(begin, end - begin);
    if (identifier.empty()) {
        return "an empty pre-release identifier";
    }
    if (!all_digits(identifier)) {
        parts.push_back(make_part(begin, end - begin, kSemverWord));
        return {};
    }
    if (identifier.size() > 1 && identifier[0] == '0') {
        return "a numeric pre-release identifier with a leading zero";
    }
    parts.push_back(number_part(text, begin, end, kSemverNumber));
    return {};
}

// "-identifier(.identifier)*", if there is one.
std::string_view read_prerelease(std::string_view text,
                                 std::size_t& i,
                                 std::vector<VersionPart>& parts) {
    if (i == text.size() || text[i] != '-') {
        return {};
    }
    do {
        const std::size_t begin = ++i;
        i = identifier_end(text, begin);
        if (const std::string_view why = read_prerelease_identifier(text, begin, i, parts);
            !why.empty()) {
            return why;
        }
    } while (i < text.size() && text[i] == '.');
    return {};
}

// "+identifier(.identifier)*", if there is one: checked, but not kept.
std::string_view read_build(std::string_view text, std::size_t& i) {
    if (i == text.size() || text[i] != '+') {
        return {};
    }
    do {
        const std::size_t begin = ++i;
        i = identifier_end(text, begin);
        if (i == begin) {
            return "an empty build identifier";
        }
    } while (i < text.size() && text[i] == '.');
    return {};
}

// One pre-release identifier of each: a number before a word, numbers by value, words by ASCII
// (or, when `fold_case`, case-insensitively).
int compare_identifier(const Version& a,
                       const VersionPart& x,
                       const Version& b,
                       const VersionPart& y,
                       bool fold_case) {
    if (x.kind != y.kind) {
        return x.kind == kSemverNumber ? -1 : 1;
    }
    const std::string_view vx = VersionAccess::view(a, x);
    const std::string_view vy = VersionAccess::view(b, y);
    if (x.kind == kSemverNumber) {
        return compare_digits(vx, vy);
    }
    return fold_case ? compare_folded(vx, vy) : compare_bytes(vx, vy);
}

}  // namespace

Result<Version> parse_semver(std::string_view text) {
    Version version = VersionAccess::make(VersionScheme::kSemver, text);
    auto& parts = VersionAccess::parts(version);
    std::size_t i = (text[0] == 'v' || text[0] == 'V') ? 1 : 0;
    if (const std::string_view why = read_core(text, i, parts); !why.empty()) {
        return bad_version(kWhat, text, why);
    }
    VersionAccess::split(version) = 3;
    if (const std::string_view why = read_prerelease(text, i, parts); !why.empty()) {
        return bad_version(kWhat, text, why);
    }
    if (const std::string_view why = read_build(text, i); !why.empty()) {
        return bad_version(kWhat, text, why);
    }
    if (i != text.size()) {
        return bad_version(kWhat, text, "unexpected " + quoted(text.substr(i, 1)));
    }
    return version;
}

int compare_prerelease(const Version& a, const Version& b, bool fold_case) {
    const auto& pa = VersionAccess::parts(a);
    const auto& pb = VersionAccess::parts(b);
    const std::size_t sa = VersionAccess::split(a);
    const std::size_t sb = VersionAccess::split(b);
    const bool release_a = pa.size() == sa;
    const bool release_b = pb.size() == sb;
    if (release_a || release_b) {
        return release_a == release_b ? 0 : (release_a ? 1 : -1);
    }
    for (std::size_t i = 0; sa + i < pa.size() || sb + i < pb.size(); ++i) {
        if (sa + i == pa.size()) {
            return -1;
        }
        if (sb + i == pb.size()) {
            return 1;
        }
        if (const int order = compare_identifier(a, pa[sa + i], b, pb[sb + i], fold_case);
            order != 0) {
            return order;
        }
    }
    return 0;
}

int compare_semver(const Version& a, const Version& b) {
    const auto& pa = VersionAccess::parts(a);
    const auto& pb = VersionAccess::parts(b);
    for (std::size_t i = 0; i < 3; ++i) {
        if (const int order =
                compare_digits(VersionAccess::view(a, pa[i]), VersionAccess::view(b, pb[i]));
            order != 0) {
            return order;
        }
    }
    return compare_prerelease(a, b, false);
}

}  // namespace wardround::vuln::detail
