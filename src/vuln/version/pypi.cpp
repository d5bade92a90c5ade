// SPDX-License-Identifier: Apache-2.0
// Python package versions, PEP 440: [v][N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], with the
// spellings PEP 440 normalises (case, alpha/beta/c/pre/preview, rev/r, an implicit post-release
// "-N", optional separators and numbers). Order: epoch; release with trailing zeros ignored; then
// a dev-release of the release itself (1.0.dev1) < pre-releases (a < b < rc, by number) < the
// release < post-releases, each later phase's dev-release sorting before it (1.0.post1.dev1 <
// 1.0.post1); a local version sorts after the same version without one, its segments compared
// numbers by value above words, words case-insensitively.
#include <array>
#include <string_view>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

namespace {

constexpr std::string_view kWhat = "PEP 440";

enum PypiKind : std::uint8_t {
    kEpoch = 0,
    kRelease = 1,
    kPre = 2,  // rank: 1 a, 2 b, 3 rc
    kPost = 3,
    kDev = 4,
    kLocalNumber = 5,
    kLocalWord = 6,
};

struct Spelling {
    std::string_view word;
    std::uint8_t rank;
};

// Longer spellings first, so that "alpha" is not read as "a" followed by "lpha".
constexpr std::array<Spelling, 8> kPreSpellings = {{
    {"preview", 3},
    {"alpha", 1},
    {"beta", 2},
    {"pre", 3},
    {"rc", 3},
    {"a", 1},
    {"b", 2},
    {"c", 3},
}};
constexpr std::array<Spelling, 3> kPostSpellings = {{{"post", 1}, {"rev", 1}, {"r", 1}}};
constexpr std::array<Spelling, 1> kDevSpellings = {{{"dev", 1}}};

bool is_separator(char c) {
    return c == '.' || c == '-' || c == '_';
}

bool starts_with_folded(std::string_view text, std::size_t at, std::string_view word) {
    return text.size() - at >= word.size() && equals_folded(text.substr(at, word.size()), word);
}

// An optional separator, one of `spellings`, an optional separator and optional digits. On a
// match, appends the part (the number, empty meaning 0) and moves `i` past it.
template <std::size_t N>
bool read_phase(std::string_view text,
                std::size_t& i,
                const std::array<Spelling, N>& spellings,
                std::uint8_t kind,
                std::vector<VersionPart>& parts) {
    std::size_t at = i;
    if (at < text.size() && is_separator(text[at])) {
        ++at;
    }
    for (const auto& spelling : spellings) {
        if (!starts_with_folded(text, at, spelling.word)) {
            continue;
        }
        std::size_t end = at + spelling.word.size();
        std::size_t digits = end;
        if (digits < text.size() && is_separator(text[digits]) && digits + 1 < text.size() &&
            is_digit(text[digits + 1])) {
            ++digits;
        }
        std::size_t digits_end = digits;
        while (digits_end < text.size() && is_digit(text[digits_end])) {
            ++digits_end;
        }
        if (digits_end > digits) {
            end = digits_end;
        } else {
            digits = digits_end = end;
        }
        VersionPart part = number_part(text, digits, digits_end, kind);
        part.rank = spelling.rank;
        parts.push_back(part);
        i = end;
        return true;
    }
    return false;
}

// The parts of one version, found once per comparison without allocating.
struct PypiView {
    std::string_view epoch;
    std::size_t release_begin = 0;
    std::size_t release_end = 0;
    const VersionPart* pre = nullptr;
    const VersionPart* post = nullptr;
    const VersionPart* dev = nullptr;
    std::size_t local_begin = 0;
};

PypiView view_of(const Version& version) {
    const auto& parts = VersionAccess::parts(version);
    PypiView view;
    std::size_t i = 0;
    if (i < parts.size() && parts[i].kind == kEpoch) {
        view.epoch = VersionAccess::view(version, parts[i]);
        ++i;
    }
    view.release_begin = i;
    while (i < parts.size() && parts[i].kind == kRelease) {
        ++i;
    }
    view.release_end = i;
    if (i < parts.size() && parts[i].kind == kPre) {
        view.pre = &parts[i++];
    }
    if (i < parts.size() && parts[i].kind == kPost) {
        view.post = &parts[i++];
    }
    if (i < parts.size() && parts[i].kind == kDev) {
        view.dev = &parts[i++];
    }
    view.local_begin = i;
    return view;
}

int compare_numbers(const Version& a,
                    const VersionPart& x,
                    const Version& b,
                    const VersionPart& y) {
    return compare_digits(VersionAccess::view(a, x), VersionAccess::view(b, y));
}

// The pre-release phase: 0 for a bare dev-release of the release, 1-3 for a, b, rc, 4 for none.
int pre_phase(const PypiView& view) {
    if (view.pre != nullptr) {
        return view.pre->rank;
    }
    if (view.post == nullptr && view.dev != nullptr) {
        return 0;
    }
    return 4;
}

std::size_t digits_end(std::string_view text, std::size_t begin) {
    std::size_t end = begin;
    while (end < text.size() && is_digit(text[end])) {
        ++end;
    }
    return end;
}

// An epoch "N!", if there is one.
void read_epoch(std::string_view text, std::size_t& i, std::vector<VersionPart>& parts) {
    const std::size_t end = digits_end(text, i);
    if (end > i && end < text.size() && text[end] == '!') {
        parts.push_back(number_part(text, i, end, kEpoch));
        i = end + 1;
    }
}

// The release N(.N)*; false when it does not start with a number.
bool read_release(std::string_view text, std::size_t& i, std::vector<VersionPart>& parts) {
    while (true) {
        const std::size_t begin = i;
        i = digits_end(text, begin);
        if (i == begin) {
            return false;
        }
        parts.push_back(number_part(text, begin, i, kRelease));
        if (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1])) {
            ++i;
            continue;
        }
        return true;
    }
}

// A post-release is "-N" or a spelling of "post".
void read_post(std::string_view text, std::size_t& i, std::vector<VersionPart>& parts) {
    if (i + 1 < text.size() && text[i] == '-' && is_digit(text[i + 1])) {
        const std::size_t begin = ++i;
        i = digits_end(text, begin);
        VersionPart part = number_part(text, begin, i, kPost);
        part.rank = 1;
        parts.push_back(part);
        return;
    }
    read_phase(text, i, kPostSpellings, kPost, parts);
}

// A local version "+segment(.segment)*", if there is one; false for an empty segment.
bool read_local(std::string_view text, std::size_t& i, std::vector<VersionPart>& parts) {
    if (i == text.size() || text[i] != '+') {
        return true;
    }
    ++i;
    while (true) {
        const std::size_t begin = i;
        while (i < text.size() && is_alnum(text[i])) {
            ++i;
        }
        if (i == begin) {
            return false;
        }
        const std::string_view segment = text.substr(begin, i - begin);
        parts.push_back(all_digits(segment) ? number_part(text, begin, i, kLocalNumber)
                                            : make_part(begin, i - begin, kLocalWord));
        if (i + 1 < text.size() && is_separator(text[i])) {
            ++i;
            continue;
        }
        return true;
    }
}

// The releases number by number, missing numbers (and trailing zeros) counting as 0.
int compare_release(const Version& a, const PypiView& x, const Version& b, const PypiView& y) {
    const auto& pa = VersionAccess::parts(a);
    const auto& pb = VersionAccess::parts(b);
    const std::size_t na = x.release_end - x.release_begin;
    const std::size_t nb = y.release_end - y.release_begin;
    for (std::size_t i = 0; i < na || i < nb; ++i) {
        const std::string_view u =
            i < na ? VersionAccess::view(a, pa[x.release_begin + i]) : std::string_view();
        const std::string_view v =
            i < nb ? VersionAccess::view(b, pb[y.release_begin + i]) : std::string_view();
        if (const int order = compare_digits(u, v); order != 0) {
            return order;
        }
    }
    return 0;
}

// A post- or dev-release part of each version, either may be missing: `missing` is the order of
// a version without one against a version with one.
int compare_optional_part(
    const Version& a, const VersionPart* x, const Version& b, const VersionPart* y, int missing) {
    if ((x == nullptr) != (y == nullptr)) {
        return x == nullptr ? missing : -missing;
    }
    if (x == nullptr) {
        return 0;
    }
    return compare_numbers(a, *x, b, *y);
}

// Pre-, post- and dev-release, in that order.
int compare_phases(const Version& a, const PypiView& x, const Version& b, const PypiView& y) {
    const int phase_a = pre_phase(x);
    const int phase_b = pre_phase(y);
    if (phase_a != phase_b) {
        return phase_a < phase_b ? -1 : 1;
    }
    // The same phase: both have a pre-release or neither has.
    if (x.pre != nullptr) {
        if (const int order = compare_numbers(a, *x.pre, b, *y.pre); order != 0) {
            return order;
        }
    }
    // No post-release sorts before any post-release.
    if (const int order = compare_optional_part(a, x.post, b, y.post, -1); order != 0) {
        return order;
    }
    // A dev-release sorts before the same version without one.
    return compare_optional_part(a, x.dev, b, y.dev, 1);
}

// Local versions: none sorts first; then segment by segment, a number above a word, a shorter
// list before a longer one it starts.
int compare_local(const Version& a, const PypiView& x, const Version& b, const PypiView& y) {
    const auto& pa = VersionAccess::parts(a);
    const auto& pb = VersionAccess::parts(b);
    const std::size_t la = pa.size() - x.local_begin;
    const std::size_t lb = pb.size() - y.local_begin;
    for (std::size_t i = 0; i < la || i < lb; ++i) {
        if (i == la || i == lb) {
            return i == la ? -1 : 1;
        }
        const VersionPart& u = pa[x.local_begin + i];
        const VersionPart& v = pb[y.local_begin + i];
        if (u.kind != v.kind) {
            return u.kind == kLocalNumber ? 1 : -1;
        }
        const int order =
            u.kind == kLocalNumber
                ? compare_digits(VersionAccess::view(a, u), VersionAccess::view(b, v))
                : compare_folded(VersionAccess::view(a, u), VersionAccess::view(b, v));
        if (order != 0) {
            return order;
        }
    }
    return 0;
}

}  // namespace

Result<Version> parse_pypi(std::string_view text) {
    Version version = VersionAccess::make(VersionScheme::kPypi, text);
    auto& parts = VersionAccess::parts(version);
    std::size_t i = (text[0] == 'v' || text[0] == 'V') ? 1 : 0;
    read_epoch(text, i, parts);
    if (!read_release(text, i, parts)) {
        return bad_version(kWhat, text, "the release must be numbers separated by dots");
    }
    read_phase(text, i, kPreSpellings, kPre, parts);
    read_post(text, i, parts);
    read_phase(text, i, kDevSpellings, kDev, parts);
    if (!read_local(text, i, parts)) {
        return bad_version(kWhat, text, "an empty local version segment");
    }
    if (i != text.size()) {
        return bad_version(kWhat, text, "unexpected " + quoted(text.substr(i)));
    }
    return version;
}

int compare_pypi(const Version& a, const Version& b) {
    const PypiView x = view_of(a);
    const PypiView y = view_of(b);
    if (const int order = compare_digits(x.epoch, y.epoch); order != 0) {
        return order;
    }
    if (const int order = compare_release(a, x, b, y); order != 0) {
        return order;
    }
    if (const int order = compare_phases(a, x, b, y); order != 0) {
        return order;
    }
    return compare_local(a, x, b, y);
}

}  // namespace wardround::vuln::detail
