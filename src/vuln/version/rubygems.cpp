// SPDX-License-Identifier: Apache-2.0
// RubyGems versions as Gem::Version reads and orders them. A version is a number, then
// dot-separated runs of letters and digits, then optionally '-' and a pre-release
// ([0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?). Each '-' counts as ".pre.". The
// version splits into numbers and letter runs; a version with any letters is a pre-release.
// Trailing zeros are dropped from the numbers before the first letters and from the rest
// separately (1.0.a.0 == 1.a). Segments compare in turn, missing ones counting as 0: numbers by
// value, words byte by byte (case matters), and a word sorts before a number.
#include <string>
#include <string_view>
#include <vector>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

namespace {

constexpr std::string_view kWhat = "RubyGems";
constexpr std::string_view kPreWord = "pre";

enum GemKind : std::uint8_t { kGemNumber = 0, kGemWord = 1, kGemHyphen = 2 };

std::string_view segment(const Version& version, const VersionPart* part) {
    if (part == nullptr) {
        return {};
    }
    return part->kind == kGemHyphen ? kPreWord : VersionAccess::view(version, *part);
}

bool is_zero(const VersionPart& part) {
    return part.kind == kGemNumber && part.size == 0;
}

// Why the text is not a RubyGems version, or nothing when its shape is right.
std::string shape_error(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    if (i == 0) {
        return "must start with a number";
    }
    bool prerelease = false;
    while (i < text.size()) {
        if (text[i] == '-' && !prerelease) {
            prerelease = true;
        } else if (text[i] != '.') {
            return "unexpected " + quoted(text.substr(i, 1));
        }
        const std::size_t begin = ++i;
        while (i < text.size() && (is_alnum(text[i]) || (prerelease && text[i] == '-'))) {
            ++i;
        }
        if (i == begin) {
            return "an empty segment";
        }
    }
    return {};
}

// Splits into numbers, letter runs and the "pre" each hyphen stands for.
void split_gem(std::string_view text, std::vector<VersionPart>& parts) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t begin = i;
        if (is_digit(text[i])) {
            while (i < text.size() && is_digit(text[i])) {
                ++i;
            }
            parts.push_back(number_part(text, begin, i, kGemNumber));
        } else if (is_alpha(text[i])) {
            while (i < text.size() && is_alpha(text[i])) {
                ++i;
            }
            parts.push_back(make_part(begin, i - begin, kGemWord));
        } else {
            if (text[i] == '-') {
                parts.push_back(make_part(begin, 1, kGemHyphen));
            }
            ++i;
        }
    }
}

// Drops trailing zeros from the numbers before the first word, and from the rest.
std::vector<VersionPart> canonical_gem(const std::vector<VersionPart>& parts) {
    std::size_t first_word = 0;
    while (first_word < parts.size() && parts[first_word].kind == kGemNumber) {
        ++first_word;
    }
    std::vector<VersionPart> canonical;
    canonical.reserve(parts.size());
    std::size_t numbers_end = first_word;
    while (numbers_end > 0 && is_zero(parts[numbers_end - 1])) {
        --numbers_end;
    }
    canonical.insert(canonical.end(), parts.begin(),
                     parts.begin() + static_cast<long>(numbers_end));
    std::size_t rest_end = parts.size();
    while (rest_end > first_word && is_zero(parts[rest_end - 1])) {
        --rest_end;
    }
    canonical.insert(canonical.end(), parts.begin() + static_cast<long>(first_word),
                     parts.begin() + static_cast<long>(rest_end));
    return canonical;
}

}  // namespace

Result<Version> parse_rubygems(std::string_view text) {
    // Check the shape first.
    if (const std::string why = shape_error(text); !why.empty()) {
        return bad_version(kWhat, text, why);
    }
    Version version = VersionAccess::make(VersionScheme::kRubyGems, text);
    auto& parts = VersionAccess::parts(version);
    split_gem(text, parts);
    parts = canonical_gem(parts);
    return version;
}

int compare_rubygems(const Version& a, const Version& b) {
    const auto& pa = VersionAccess::parts(a);
    const auto& pb = VersionAccess::parts(b);
    for (std::size_t i = 0; i < pa.size() || i < pb.size(); ++i) {
        const VersionPart* x = i < pa.size() ? &pa[i] : nullptr;
        const VersionPart* y = i < pb.size() ? &pb[i] : nullptr;
        const bool number_x = x == nullptr || x->kind == kGemNumber;
        const bool number_y = y == nullptr || y->kind == kGemNumber;
        if (number_x != number_y) {
            return number_x ? 1 : -1;
        }
        const int order = number_x ? compare_digits(segment(a, x), segment(b, y))
                                   : compare_bytes(segment(a, x), segment(b, y));
        if (order != 0) {
            return order;
        }
    }
    return 0;
}

}  // namespace wardround::vuln::detail
