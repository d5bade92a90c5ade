// SPDX-License-Identifier: Apache-2.0
// NuGet versions: one to four numbers (MAJOR.MINOR.PATCH.REVISION, missing ones 0, leading zeros
// allowed), then an optional SemVer 2.0 pre-release and build metadata. Ordering follows NuGet's
// default comparer: the numbers by value, then the pre-release as in SemVer except that words
// compare case-insensitively (1.0.0-Beta == 1.0.0-beta); build metadata is ignored.
#include <string_view>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

namespace {

constexpr std::string_view kWhat = "NuGet";
constexpr std::size_t kNumbers = 4;

bool label_char(char c) {
    return is_alnum(c) || c == '-';
}

// Reads dot-separated labels from text[i] up to a stop character or the end; false on an empty
// label or a character that is not allowed.
bool read_labels(std::string_view text, std::size_t& i, std::vector<VersionPart>* parts) {
    while (true) {
        const std::size_t begin = i;
        while (i < text.size() && label_char(text[i])) {
            ++i;
        }
        if (i == begin) {
            return false;
        }
        if (parts != nullptr) {
            const std::string_view label = text.substr(begin, i - begin);
            parts->push_back(all_digits(label) ? number_part(text, begin, i, kSemverNumber)
                                               : make_part(begin, i - begin, kSemverWord));
        }
        if (i < text.size() && text[i] == '.') {
            ++i;
            continue;
        }
        return true;
    }
}

}  // namespace

Result<Version> parse_nuget(std::string_view text) {
    Version version = VersionAccess::make(VersionScheme::kNuget, text);
    auto& parts = VersionAccess::parts(version);
    std::size_t i = 0;
    while (true) {
        const std::size_t begin = i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
        }
        if (i == begin) {
            return bad_version(kWhat, text, "the version must be one to four numbers");
        }
        if (parts.size() == kNumbers) {
            return bad_version(kWhat, text, "more than four numbers");
        }
        parts.push_back(number_part(text, begin, i, kSemverNumber));
        if (i < text.size() && text[i] == '.') {
            ++i;
            continue;
        }
        break;
    }
    while (parts.size() < kNumbers) {
        parts.push_back(make_part(0, 0, kSemverNumber));  // an empty number is 0
    }
    VersionAccess::split(version) = kNumbers;
    if (i < text.size() && text[i] == '-') {
        ++i;
        if (!read_labels(text, i, &parts)) {
            return bad_version(kWhat, text, "an empty or malformed pre-release label");
        }
    }
    if (i < text.size() && text[i] == '+') {
        ++i;
        if (!read_labels(text, i, nullptr)) {
            return bad_version(kWhat, text, "empty or malformed build metadata");
        }
    }
    if (i != text.size()) {
        return bad_version(kWhat, text, "unexpected " + quoted(text.substr(i, 1)));
    }
    return version;
}

int compare_nuget(const Version& a, const Version& b) {
    const auto& pa = VersionAccess::parts(a);
    const auto& pb = VersionAccess::parts(b);
    for (std::size_t i = 0; i < kNumbers; ++i) {
        const int order =
            compare_digits(VersionAccess::view(a, pa[i]), VersionAccess::view(b, pb[i]));
        if (order != 0) {
            return order;
        }
    }
    return compare_prerelease(a, b, true);
}

}  // namespace wardround::vuln::detail
