// SPDX-License-Identifier: Apache-2.0
// RPM versions: [epoch:]version[-release], ordered as rpm orders them (rpm-version(7)). The epoch
// is a number (missing means 0). Version and release each compare with rpmvercmp: characters other
// than letters, digits, '~' and '^' only separate; the rest splits into runs of digits and runs of
// letters, compared pair by pair. Numbers compare by value (leading zeros ignored, 10.0001 ==
// 10.1), letters byte by byte (case matters), and a number sorts after letters. '~' sorts before
// everything, even the end (1.0~rc1 < 1.0); '^' sorts after the end but before anything else
// (1.0 < 1.0^git1 < 1.0.1). rpm compares releases only when both versions have one; that is not a
// total order, so here a missing release sorts before every release (1.0 < 1.0-1).
#include <string_view>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

namespace {

constexpr std::string_view kWhat = "RPM";

enum RpmPart : std::uint8_t { kEpoch = 0, kVersion = 1, kRelease = 2 };

bool is_separator(char c) {
    return !is_alnum(c) && c != '~' && c != '^';
}

}  // namespace

int rpm_compare(std::string_view a, std::string_view b) {
    if (a == b) {
        return 0;
    }
    std::size_t i = 0;
    std::size_t j = 0;
    const auto at_a = [&a](std::size_t k) {
        return k < a.size() ? a[k] : '\0';
    };
    const auto at_b = [&b](std::size_t k) {
        return k < b.size() ? b[k] : '\0';
    };
    while (i < a.size() || j < b.size()) {
        while (i < a.size() && is_separator(a[i])) {
            ++i;
        }
        while (j < b.size() && is_separator(b[j])) {
            ++j;
        }
        // '~' sorts before everything, the end included.
        if (at_a(i) == '~' || at_b(j) == '~') {
            if (at_a(i) != '~') {
                return 1;
            }
            if (at_b(j) != '~') {
                return -1;
            }
            ++i;
            ++j;
            continue;
        }
        // '^' sorts after the end but before everything else.
        if (at_a(i) == '^' || at_b(j) == '^') {
            if (i == a.size()) {
                return -1;
            }
            if (j == b.size()) {
                return 1;
            }
            if (at_a(i) != '^') {
                return 1;
            }
            if (at_b(j) != '^') {
                return -1;
            }
            ++i;
            ++j;
            continue;
        }
        if (i == a.size() || j == b.size()) {
            break;
        }
        // One run of digits or of letters, of the type a's run has.
        const bool numeric = is_digit(a[i]);
        const auto same_type = [numeric](char c) {
            return numeric ? is_digit(c) : is_alpha(c);
        };
        std::size_t end_a = i;
        std::size_t end_b = j;
        while (end_a < a.size() && same_type(a[end_a])) {
            ++end_a;
        }
        while (end_b < b.size() && same_type(b[end_b])) {
            ++end_b;
        }
        if (end_b == j) {
            // Different types: a number is newer than letters.
            return numeric ? 1 : -1;
        }
        std::string_view run_a = a.substr(i, end_a - i);
        std::string_view run_b = b.substr(j, end_b - j);
        int order = 0;
        if (numeric) {
            while (!run_a.empty() && run_a.front() == '0') {
                run_a.remove_prefix(1);
            }
            while (!run_b.empty() && run_b.front() == '0') {
                run_b.remove_prefix(1);
            }
            order = compare_digits(run_a, run_b);
        } else {
            order = compare_bytes(run_a, run_b);
        }
        if (order != 0) {
            return order;
        }
        i = end_a;
        j = end_b;
    }
    if (i == a.size() && j == b.size()) {
        return 0;
    }
    return i == a.size() ? -1 : 1;
}

Result<Version> parse_rpm(std::string_view text) {
    Version version = VersionAccess::make(VersionScheme::kRpm, text);
    auto& parts = VersionAccess::parts(version);
    std::size_t version_begin = 0;
    const std::size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
        if (!all_digits(text.substr(0, colon))) {
            return bad_version(kWhat, text, "the epoch before ':' must be a number");
        }
        parts.push_back(number_part(text, 0, colon, kEpoch));
        version_begin = colon + 1;
    }
    for (const char c : text.substr(version_begin)) {
        if (c == ' ' || c == ':') {
            return bad_version(kWhat, text, "a space or a second ':'");
        }
    }
    const std::size_t hyphen = text.rfind('-');
    std::size_t version_end = text.size();
    if (hyphen != std::string_view::npos && hyphen >= version_begin) {
        version_end = hyphen;
        if (hyphen + 1 == text.size()) {
            return bad_version(kWhat, text, "empty release after the last '-'");
        }
    }
    const std::string_view body = text.substr(version_begin, version_end - version_begin);
    if (body.empty()) {
        return bad_version(kWhat, text, "empty version");
    }
    if (body.find('-') != std::string_view::npos) {
        return bad_version(kWhat, text, "a version with a '-' in it");
    }
    bool alnum = false;
    for (const char c : body) {
        alnum = alnum || is_alnum(c);
    }
    if (!alnum) {
        return bad_version(kWhat, text, "no letters or digits in the version");
    }
    parts.push_back(make_part(version_begin, body.size(), kVersion));
    if (version_end < text.size()) {
        parts.push_back(make_part(version_end + 1, text.size() - version_end - 1, kRelease));
    }
    return version;
}

int compare_rpm(const Version& a, const Version& b) {
    std::string_view epoch_a;
    std::string_view epoch_b;
    std::string_view body_a;
    std::string_view body_b;
    std::string_view release_a;
    std::string_view release_b;
    for (const auto& part : VersionAccess::parts(a)) {
        const std::string_view view = VersionAccess::view(a, part);
        (part.kind == kEpoch ? epoch_a : part.kind == kVersion ? body_a : release_a) = view;
    }
    for (const auto& part : VersionAccess::parts(b)) {
        const std::string_view view = VersionAccess::view(b, part);
        (part.kind == kEpoch ? epoch_b : part.kind == kVersion ? body_b : release_b) = view;
    }
    if (const int order = compare_digits(epoch_a, epoch_b); order != 0) {
        return order;
    }
    if (const int order = rpm_compare(body_a, body_b); order != 0) {
        return order;
    }
    return rpm_compare(release_a, release_b);
}

}  // namespace wardround::vuln::detail
