// SPDX-License-Identifier: Apache-2.0
// Semantic Versioning 2.0.0: MAJOR.MINOR.PATCH[-pre-release][+build], exactly as semver.org
// defines precedence. The three numbers compare by value (no leading zeros allowed, any size); a
// version with a pre-release sorts before the same version without one; pre-release identifiers
// compare left to right, numbers by value, others by ASCII, a number before a word, and a shorter
// list before a longer one it starts. Build metadata is checked but ignored in ordering. A leading
// 'v' (Go modules) is accepted.
#include <string_view>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

namespace {

constexpr std::string_view kWhat = "SemVer";

bool identifier_char(char c) {
    return is_alnum(c) || c == '-';
}

}  // namespace

Result<Version> parse_semver(std::string_view text) {
    Version version = VersionAccess::make(VersionScheme::kSemver, text);
    auto& parts = VersionAccess::parts(version);
    std::size_t i = (text[0] == 'v' || text[0] == 'V') ? 1 : 0;
    // MAJOR.MINOR.PATCH
    for (int n = 0; n < 3; ++n) {
        const std::size_t begin = i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
        }
        if (i == begin) {
            return bad_version(kWhat, text, "MAJOR.MINOR.PATCH must be three numbers");
        }
        if (text[begin] == '0' && i - begin > 1) {
            return bad_version(kWhat, text, "a number with a leading zero");
        }
        parts.push_back(number_part(text, begin, i, kSemverNumber));
        if (n < 2) {
            if (i == text.size() || text[i] != '.') {
                return bad_version(kWhat, text, "MAJOR.MINOR.PATCH must be three numbers");
            }
            ++i;
        }
    }
    VersionAccess::split(version) = 3;
    if (i < text.size() && text[i] == '-') {
        ++i;
        while (true) {
            const std::size_t begin = i;
            while (i < text.size() && identifier_char(text[i])) {
                ++i;
            }
            const std::string_view identifier = text.substr(begin, i - begin);
            if (identifier.empty()) {
                return bad_version(kWhat, text, "an empty pre-release identifier");
            }
            if (all_digits(identifier)) {
                if (identifier.size() > 1 && identifier[0] == '0') {
                    return bad_version(kWhat, text,
                                       "a numeric pre-release identifier with a leading zero");
                }
                parts.push_back(number_part(text, begin, i, kSemverNumber));
            } else {
                parts.push_back(make_part(begin, i - begin, kSemverWord));
            }
            if (i < text.size() && text[i] == '.') {
                ++i;
                continue;
            }
            break;
        }
    }
    if (i < text.size() && text[i] == '+') {
        ++i;
        while (true) {
            const std::size_t begin = i;
            while (i < text.size() && identifier_char(text[i])) {
                ++i;
            }
            if (i == begin) {
                return bad_version(kWhat, text, "an empty build identifier");
            }
            if (i < text.size() && text[i] == '.') {
                ++i;
                continue;
            }
            break;
        }
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
        const VersionPart& x = pa[sa + i];
        const VersionPart& y = pb[sb + i];
        if (x.kind != y.kind) {
            return x.kind == kSemverNumber ? -1 : 1;
        }
        const std::string_view vx = VersionAccess::view(a, x);
        const std::string_view vy = VersionAccess::view(b, y);
        int order = 0;
        if (x.kind == kSemverNumber) {
            order = compare_digits(vx, vy);
        } else {
            order = fold_case ? compare_folded(vx, vy) : compare_bytes(vx, vy);
        }
        if (order != 0) {
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
