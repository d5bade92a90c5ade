// SPDX-License-Identifier: Apache-2.0
// Debian package versions as dpkg orders them (deb-version(7)): [epoch:]upstream[-revision].
// The epoch is a number (missing means 0). The upstream version starts with a digit and runs to
// the last hyphen; the revision follows it (missing means the same as "0"). Upstream and revision
// compare by dpkg's rule: alternate runs of non-digits, compared character by character, and runs
// of digits, compared as numbers. In the non-digit runs '~' sorts before everything, the end of
// the run included, then letters, then the other characters (1.0~rc1 < 1.0 < 1.0+b1).
#include <array>
#include <string_view>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

namespace {

constexpr std::string_view kWhat = "Debian";

enum DebianPart : std::uint8_t { kEpoch = 0, kUpstream = 1, kRevision = 2 };

// The weight of one character of a non-digit run; 0 stands for the end of the run.
int dpkg_order(char c) {
    if (c == '\0' || is_digit(c)) {
        return 0;
    }
    if (is_alpha(c)) {
        return static_cast<unsigned char>(c);
    }
    if (c == '~') {
        return -1;
    }
    return static_cast<unsigned char>(c) + 256;
}

char at(std::string_view text, std::size_t i) {
    return i < text.size() ? text[i] : '\0';
}

bool allowed_in_upstream(char c, bool has_epoch) {
    return is_alnum(c) || c == '.' || c == '+' || c == '~' || c == '-' || (has_epoch && c == ':');
}

bool allowed_in_revision(char c) {
    return is_alnum(c) || c == '.' || c == '+' || c == '~';
}

// The non-digit runs at a[i] and b[j], character by character; moves both past them.
int compare_non_digit_runs(std::string_view a, std::size_t& i, std::string_view b, std::size_t& j) {
    while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
        const int x = dpkg_order(at(a, i));
        const int y = dpkg_order(at(b, j));
        if (x != y) {
            return x < y ? -1 : 1;
        }
        ++i;
        ++j;
    }
    return 0;
}

// The digit runs at a[i] and b[j], compared as numbers; moves both past them.
int compare_digit_runs(std::string_view a, std::size_t& i, std::string_view b, std::size_t& j) {
    while (at(a, i) == '0') {
        ++i;
    }
    while (at(b, j) == '0') {
        ++j;
    }
    // Without leading zeros, the longer run is the larger number; of two as long, the first
    // digit that differs decides.
    int first_difference = 0;
    while (is_digit(at(a, i)) && is_digit(at(b, j))) {
        if (first_difference == 0) {
            first_difference = at(a, i) - at(b, j);
        }
        ++i;
        ++j;
    }
    if (is_digit(at(a, i))) {
        return 1;
    }
    if (is_digit(at(b, j))) {
        return -1;
    }
    return sign(first_difference);
}

}  // namespace

int dpkg_compare(std::string_view a, std::string_view b) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() || j < b.size()) {
        if (const int order = compare_non_digit_runs(a, i, b, j); order != 0) {
            return order;
        }
        if (const int order = compare_digit_runs(a, i, b, j); order != 0) {
            return order;
        }
    }
    return 0;
}

Result<Version> parse_debian(std::string_view text) {
    Version version = VersionAccess::make(VersionScheme::kDebian, text);
    auto& parts = VersionAccess::parts(version);
    std::size_t upstream_begin = 0;
    const std::size_t colon = text.find(':');
    const bool has_epoch = colon != std::string_view::npos;
    if (has_epoch) {
        if (!all_digits(text.substr(0, colon))) {
            return bad_version(kWhat, text, "the epoch before ':' must be a number");
        }
        parts.push_back(number_part(text, 0, colon, kEpoch));
        upstream_begin = colon + 1;
    }
    const std::size_t hyphen = text.rfind('-');
    std::size_t upstream_end = text.size();
    if (hyphen != std::string_view::npos && hyphen >= upstream_begin) {
        upstream_end = hyphen;
        if (hyphen + 1 == text.size()) {
            return bad_version(kWhat, text, "empty revision after the last '-'");
        }
        for (const char c : text.substr(hyphen + 1)) {
            if (!allowed_in_revision(c)) {
                return bad_version(kWhat, text,
                                   "the revision may hold only letters, digits and . + ~");
            }
        }
    }
    const std::string_view upstream = text.substr(upstream_begin, upstream_end - upstream_begin);
    if (upstream.empty() || !is_digit(upstream[0])) {
        return bad_version(kWhat, text, "the upstream version must start with a digit");
    }
    for (const char c : upstream) {
        if (!allowed_in_upstream(c, has_epoch)) {
            return bad_version(kWhat, text,
                               "the upstream version may hold only letters, digits and . + ~ - :");
        }
    }
    parts.push_back(make_part(upstream_begin, upstream.size(), kUpstream));
    if (upstream_end < text.size()) {
        parts.push_back(make_part(upstream_end + 1, text.size() - upstream_end - 1, kRevision));
    }
    return version;
}

int compare_debian(const Version& a, const Version& b) {
    std::array<std::string_view, 3> field_a{};
    std::array<std::string_view, 3> field_b{};
    for (const auto& part : VersionAccess::parts(a)) {
        field_a.at(part.kind) = VersionAccess::view(a, part);
    }
    for (const auto& part : VersionAccess::parts(b)) {
        field_b.at(part.kind) = VersionAccess::view(b, part);
    }
    if (const int order = compare_digits(field_a[kEpoch], field_b[kEpoch]); order != 0) {
        return order;
    }
    if (const int order = dpkg_compare(field_a[kUpstream], field_b[kUpstream]); order != 0) {
        return order;
    }
    return dpkg_compare(field_a[kRevision], field_b[kRevision]);
}

}  // namespace wardround::vuln::detail
