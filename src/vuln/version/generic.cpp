// SPDX-License-Identifier: Apache-2.0
// The generic ordering, for NVD's version bounds and anything without a scheme of its own. NVD
// defines no ordering, so this one is ours, chosen to agree with what vendors mean in the bounds
// NVD really publishes (2.0-beta9, 9.8p1, 1.0.1g, 13.1-49.13, 2019.1, 2021-12-13, R2):
//
//   - A leading "v" or "V" directly before a digit is dropped (v8 == 8).
//   - The text splits into runs of digits and runs of letters; every other character only
//     separates (2.0-beta9 == 2.0.beta.9, 13.1-49.13 == 13.1.49.13).
//   - The leading numbers are the release; the rest, which starts with a word, is the suffix.
//   - Releases compare number by number, missing numbers counting as 0 (2.15 == 2.15.0).
//   - Suffix words: dev < alpha == a < beta == b < milestone == m < pre == preview < rc == cr <
//     snapshot are pre-releases and sort before the release (2.0-rc1 < 2.0); the one-letter forms
//     count only directly before a digit (1.0b2), so 2.4a is a letter suffix. Every other word
//     sorts after the release (1.0.1g > 1.0.1, 9.8p1 > 9.8), words against words alphabetically
//     and case-insensitively (1.0.1g < 1.0.1h).
//   - Position by position in the suffix: pre-release word < nothing or 0 < other word < a number
//     above 0. Numbers compare by value however many digits they have.
//   - Dates (YYYY-MM-DD, or YYYYMMDD with a year from 1990 to 2099) order only against dates, and
//     a version that starts with a letter (R2, a.01) only against others that do.
#include <array>
#include <string_view>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

namespace {

enum GenericShape : std::uint8_t { kDotted = 0, kLettered = 1, kDate = 2 };

// Part kinds. The values order the classes at one suffix position.
enum GenericKind : std::uint8_t {
    kPreWord = 0,
    kZero = 1,  // a number 0, and what a shorter suffix is padded with
    kWord = 2,
    kNumber = 3,
};

struct PreWord {
    std::string_view word;
    std::uint8_t rank;
};

constexpr std::array<PreWord, 10> kPreWords = {{
    {"dev", 1},
    {"alpha", 2},
    {"beta", 3},
    {"milestone", 4},
    {"pre", 5},
    {"preview", 5},
    {"rc", 6},
    {"cr", 6},
    {"snapshot", 7},
    {"", 0},
}};

// The pre-release rank of a word, or 0 for a word that sorts after the release.
std::uint8_t pre_rank(std::string_view word, bool digit_follows) {
    if (word.size() == 1 && digit_follows) {
        switch (to_lower(word[0])) {
            case 'a':
                return 2;
            case 'b':
                return 3;
            case 'm':
                return 4;
            default:
                return 0;
        }
    }
    for (const auto& entry : kPreWords) {
        if (!entry.word.empty() && equals_folded(entry.word, word)) {
            return entry.rank;
        }
    }
    return 0;
}

bool valid_month_day(int month, int day) {
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

int two_digits(std::string_view text, std::size_t at) {
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

// YYYY-MM-DD, or YYYYMMDD with a plausible year: the three numbers' offsets, or false.
bool date_fields(std::string_view text, std::array<std::size_t, 3>& at) {
    if (text.size() == 10 && text[4] == '-' && text[7] == '-' && all_digits(text.substr(0, 4)) &&
        all_digits(text.substr(5, 2)) && all_digits(text.substr(8, 2))) {
        at = {0, 5, 8};
        return valid_month_day(two_digits(text, 5), two_digits(text, 8));
    }
    if (text.size() == 8 && all_digits(text)) {
        const int century = two_digits(text, 0);
        const int year = two_digits(text, 2);
        const bool plausible = (century == 19 && year >= 90) || century == 20;
        at = {0, 4, 6};
        return plausible && valid_month_day(two_digits(text, 4), two_digits(text, 6));
    }
    return false;
}

void trim_zeros(std::vector<VersionPart>& parts, std::size_t keep) {
    while (parts.size() > keep && parts.back().kind == kZero) {
        parts.pop_back();
    }
}

// One position of two suffixes; `a` or `b` is null past the end of its suffix (padding).
int compare_suffix_part(const Version& va,
                        const VersionPart* a,
                        const Version& vb,
                        const VersionPart* b) {
    const std::uint8_t kind_a = a == nullptr ? std::uint8_t{kZero} : a->kind;
    const std::uint8_t kind_b = b == nullptr ? std::uint8_t{kZero} : b->kind;
    if (kind_a != kind_b) {
        return kind_a < kind_b ? -1 : 1;
    }
    switch (kind_a) {
        case kPreWord:
            return a->rank == b->rank ? 0 : (a->rank < b->rank ? -1 : 1);
        case kWord:
            return compare_folded(VersionAccess::view(va, *a), VersionAccess::view(vb, *b));
        case kNumber:
            return compare_digits(VersionAccess::view(va, *a), VersionAccess::view(vb, *b));
        default:
            return 0;
    }
}

// A date (YYYY-MM-DD or YYYYMMDD): its year, month and day as the release, nothing after it.
bool read_date(std::string_view text, Version& version) {
    std::array<std::size_t, 3> date_at{};
    if (!date_fields(text, date_at)) {
        return false;
    }
    auto& parts = VersionAccess::parts(version);
    VersionAccess::shape(version) = kDate;
    parts.push_back(number_part(text, date_at[0], date_at[0] + 4, kNumber));
    parts.push_back(number_part(text, date_at[1], date_at[1] + 2, kNumber));
    parts.push_back(number_part(text, date_at[2], date_at[2] + 2, kNumber));
    VersionAccess::split(version) = 3;
    return true;
}

// Where the version proper starts: after a "v" or "V" directly before a digit.
std::size_t skip_v(std::string_view text) {
    return (text[0] == 'v' || text[0] == 'V') && text.size() > 1 && is_digit(text[1]) ? 1 : 0;
}

// The end of the run of characters `in_run` accepts that starts at `begin`.
template <typename Predicate>
std::size_t run_end(std::string_view text, std::size_t begin, Predicate in_run) {
    std::size_t end = begin;
    while (end < text.size() && in_run(text[end])) {
        ++end;
    }
    return end;
}

// The number text[begin, end); a 0 is kZero, so that padding and trailing zeros compare alike.
VersionPart generic_number(std::string_view text, std::size_t begin, std::size_t end) {
    VersionPart part = number_part(text, begin, end, kNumber);
    if (part.size == 0) {
        part.kind = kZero;
    }
    return part;
}

// The word text[begin, end): a pre-release word with its rank, or another word.
VersionPart generic_word(std::string_view text, std::size_t begin, std::size_t end) {
    const bool digit_follows = end < text.size() && is_digit(text[end]);
    const std::uint8_t rank = pre_rank(text.substr(begin, end - begin), digit_follows);
    return make_part(begin, end - begin, rank > 0 ? kPreWord : kWord, rank);
}

// Splits text[i, end) into numbers and words, the release first: returns the release's size in
// parts. Trailing zeros of the release do not count (2.0-rc1 == 2.0.0-rc1), nor those of the
// suffix.
std::size_t split_generic(std::string_view text, std::size_t i, std::vector<VersionPart>& parts) {
    bool in_release = true;
    std::size_t release_size = 0;
    while (i < text.size()) {
        const std::size_t begin = i;
        if (is_digit(text[i])) {
            i = run_end(text, begin, is_digit);
            parts.push_back(generic_number(text, begin, i));
            if (in_release) {
                release_size = parts.size();
            }
        } else if (is_alpha(text[i])) {
            i = run_end(text, begin, is_alpha);
            if (in_release) {
                trim_zeros(parts, 0);
                release_size = parts.size();
                in_release = false;
            }
            parts.push_back(generic_word(text, begin, i));
        } else {
            ++i;
        }
    }
    trim_zeros(parts, in_release ? 0 : release_size);
    return in_release ? parts.size() : release_size;
}

}  // namespace

Result<Version> parse_generic(std::string_view text) {
    Version version = VersionAccess::make(VersionScheme::kGeneric, text);
    if (read_date(text, version)) {
        return version;
    }
    const std::size_t begin = skip_v(text);
    // The first letter or digit decides whether the version is dotted or lettered (there is a
    // digit, so the search ends).
    std::size_t first = begin;
    while (!is_alnum(text[first])) {
        ++first;
    }
    VersionAccess::shape(version) = is_digit(text[first]) ? kDotted : kLettered;
    const std::size_t release_size = split_generic(text, begin, VersionAccess::parts(version));
    VersionAccess::split(version) = static_cast<std::uint16_t>(release_size);
    return version;
}

int compare_generic(const Version& a, const Version& b) {
    const auto& pa = VersionAccess::parts(a);
    const auto& pb = VersionAccess::parts(b);
    const std::size_t ra = VersionAccess::split(a);
    const std::size_t rb = VersionAccess::split(b);
    // Releases: number by number, a missing number counting as 0.
    for (std::size_t i = 0; i < ra || i < rb; ++i) {
        const std::string_view x = i < ra ? VersionAccess::view(a, pa[i]) : std::string_view();
        const std::string_view y = i < rb ? VersionAccess::view(b, pb[i]) : std::string_view();
        if (const int order = compare_digits(x, y); order != 0) {
            return order;
        }
    }
    const std::size_t sa = pa.size() - ra;
    const std::size_t sb = pb.size() - rb;
    for (std::size_t i = 0; i < sa || i < sb; ++i) {
        const VersionPart* x = i < sa ? &pa[ra + i] : nullptr;
        const VersionPart* y = i < sb ? &pb[rb + i] : nullptr;
        if (const int order = compare_suffix_part(a, x, b, y); order != 0) {
            return order;
        }
    }
    return 0;
}

}  // namespace wardround::vuln::detail
