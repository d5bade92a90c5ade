// SPDX-License-Identifier: Apache-2.0
// Scheme names and look-ups, the checks every scheme makes before its own parser runs, and the
// dispatch to the per-scheme parsers and comparators (one source file each).
#include <array>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#include <wardround/vuln/version.h>

#include "vuln/version/version_internal.h"

namespace wardround::vuln {

namespace {

constexpr std::array<std::string_view, kVersionSchemeCount> kSchemeNames = {
    "generic", "semver", "debian", "rpm", "windows", "maven", "pypi", "nuget", "rubygems", "alpine",
};

struct NamedScheme {
    std::string_view name;
    VersionScheme scheme;
};

// purl types (lower case; the purl specification makes the type case-insensitive).
constexpr std::array<NamedScheme, 12> kPurlTypes = {{
    {"npm", VersionScheme::kSemver},
    {"golang", VersionScheme::kSemver},
    {"cargo", VersionScheme::kSemver},
    {"deb", VersionScheme::kDebian},
    {"rpm", VersionScheme::kRpm},
    {"maven", VersionScheme::kMaven},
    {"pypi", VersionScheme::kPypi},
    {"nuget", VersionScheme::kNuget},
    {"gem", VersionScheme::kRubyGems},
    {"apk", VersionScheme::kAlpine},
    {"generic", VersionScheme::kGeneric},
    {"hex", VersionScheme::kSemver},
}};

// OSV ecosystem names as OSV spells them (case matters there). Each names the ordering its
// advisories' ECOSYSTEM ranges use: Ubuntu packages are dpkg packages; the RPM distributions all
// order with rpmvercmp; Wolfi and Chainguard build apk packages; Hex, Bitnami and SwiftURL use
// SemVer.
constexpr std::array<NamedScheme, 23> kOsvEcosystems = {{
    {"npm", VersionScheme::kSemver},        {"Go", VersionScheme::kSemver},
    {"crates.io", VersionScheme::kSemver},  {"Hex", VersionScheme::kSemver},
    {"Bitnami", VersionScheme::kSemver},    {"SwiftURL", VersionScheme::kSemver},
    {"PyPI", VersionScheme::kPypi},         {"Maven", VersionScheme::kMaven},
    {"NuGet", VersionScheme::kNuget},       {"RubyGems", VersionScheme::kRubyGems},
    {"Debian", VersionScheme::kDebian},     {"Ubuntu", VersionScheme::kDebian},
    {"Alpine", VersionScheme::kAlpine},     {"Wolfi", VersionScheme::kAlpine},
    {"Chainguard", VersionScheme::kAlpine}, {"Red Hat", VersionScheme::kRpm},
    {"AlmaLinux", VersionScheme::kRpm},     {"Rocky Linux", VersionScheme::kRpm},
    {"SUSE", VersionScheme::kRpm},          {"openSUSE", VersionScheme::kRpm},
    {"Mageia", VersionScheme::kRpm},        {"openEuler", VersionScheme::kRpm},
    {"Photon OS", VersionScheme::kRpm},
}};

std::string_view trim(std::string_view text) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    return text;
}

// What no scheme accepts: nothing, too much, bytes that are not printable ASCII.
Status check_text(std::string_view text) {
    if (text.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "empty version");
    }
    if (text.size() > kVersionMaxLength) {
        return make_error(ErrorCode::kInvalidArgument,
                          "version longer than " + std::to_string(kVersionMaxLength) + " bytes");
    }
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            return make_error(ErrorCode::kInvalidArgument,
                              "control character in version " + detail::quoted(text));
        }
        if (byte >= 0x80) {
            return make_error(ErrorCode::kInvalidArgument,
                              "non-ASCII character in version " + detail::quoted(text));
        }
    }
    if (!detail::has_digit(text)) {
        return make_error(ErrorCode::kInvalidArgument, "no digits in " + detail::quoted(text));
    }
    return {};
}

}  // namespace

std::string_view version_scheme_name(VersionScheme scheme) {
    const auto index = static_cast<std::size_t>(scheme);
    return index < kSchemeNames.size() ? kSchemeNames.at(index) : std::string_view("unknown");
}

std::optional<VersionScheme> parse_version_scheme(std::string_view name) {
    for (std::size_t i = 0; i < kSchemeNames.size(); ++i) {
        if (kSchemeNames.at(i) == name) {
            return static_cast<VersionScheme>(i);
        }
    }
    return std::nullopt;
}

VersionScheme scheme_for_cpe(std::string_view vendor, std::string_view product) {
    if (!detail::equals_folded(vendor, "microsoft")) {
        return VersionScheme::kGeneric;
    }
    constexpr std::string_view kWindows = "windows";
    if (product.size() < kWindows.size() ||
        !detail::equals_folded(product.substr(0, kWindows.size()), kWindows)) {
        return VersionScheme::kGeneric;
    }
    if (product.size() == kWindows.size() || product[kWindows.size()] == '_') {
        return VersionScheme::kWindows;
    }
    return VersionScheme::kGeneric;
}

std::optional<VersionScheme> scheme_for_purl_type(std::string_view purl_type) {
    for (const auto& entry : kPurlTypes) {
        if (detail::equals_folded(entry.name, purl_type)) {
            return entry.scheme;
        }
    }
    return std::nullopt;
}

std::optional<VersionScheme> scheme_for_osv_ecosystem(std::string_view ecosystem) {
    const std::string_view name = ecosystem.substr(0, ecosystem.find(':'));
    for (const auto& entry : kOsvEcosystems) {
        if (entry.name == name) {
            return entry.scheme;
        }
    }
    return std::nullopt;
}

Result<Version> parse_version(VersionScheme scheme, std::string_view text) {
    text = trim(text);
    WARDROUND_TRY(check_text(text));
    switch (scheme) {
        case VersionScheme::kGeneric:
            return detail::parse_generic(text);
        case VersionScheme::kSemver:
            return detail::parse_semver(text);
        case VersionScheme::kDebian:
            return detail::parse_debian(text);
        case VersionScheme::kRpm:
            return detail::parse_rpm(text);
        case VersionScheme::kWindows:
            return detail::parse_windows(text);
        case VersionScheme::kMaven:
            return detail::parse_maven(text);
        case VersionScheme::kPypi:
            return detail::parse_pypi(text);
        case VersionScheme::kNuget:
            return detail::parse_nuget(text);
        case VersionScheme::kRubyGems:
            return detail::parse_rubygems(text);
        case VersionScheme::kAlpine:
            return detail::parse_alpine(text);
    }
    return make_error(ErrorCode::kInvalidArgument, "unknown version scheme");
}

std::optional<int> compare_versions(const Version& a, const Version& b) {
    using detail::VersionAccess;
    if (a.scheme() != b.scheme() || VersionAccess::shape(a) != VersionAccess::shape(b)) {
        return std::nullopt;
    }
    int result = 0;
    switch (a.scheme()) {
        case VersionScheme::kGeneric:
            result = detail::compare_generic(a, b);
            break;
        case VersionScheme::kSemver:
            result = detail::compare_semver(a, b);
            break;
        case VersionScheme::kDebian:
            result = detail::compare_debian(a, b);
            break;
        case VersionScheme::kRpm:
            result = detail::compare_rpm(a, b);
            break;
        case VersionScheme::kWindows:
            result = detail::compare_windows(a, b);
            break;
        case VersionScheme::kMaven:
            result = detail::compare_maven(a, b);
            break;
        case VersionScheme::kPypi:
            result = detail::compare_pypi(a, b);
            break;
        case VersionScheme::kNuget:
            result = detail::compare_nuget(a, b);
            break;
        case VersionScheme::kRubyGems:
            result = detail::compare_rubygems(a, b);
            break;
        case VersionScheme::kAlpine:
            result = detail::compare_alpine(a, b);
            break;
    }
    return detail::sign(result);
}

Result<int> compare_version_text(VersionScheme scheme, std::string_view a, std::string_view b) {
    auto first = parse_version(scheme, a);
    if (!first) {
        Error error = std::move(first).error();
        error.message = "first version: " + error.message;
        return propagate(std::move(error));
    }
    auto second = parse_version(scheme, b);
    if (!second) {
        Error error = std::move(second).error();
        error.message = "second version: " + error.message;
        return propagate(std::move(error));
    }
    const auto order = compare_versions(*first, *second);
    if (!order) {
        return make_error(ErrorCode::kInvalidArgument,
                          detail::quoted(first->text()) + " and " + detail::quoted(second->text()) +
                              " cannot be ordered against each other as " +
                              std::string(version_scheme_name(scheme)) + " versions");
    }
    return *order;
}

namespace detail {

VersionPart number_part(std::string_view text,
                        std::size_t begin,
                        std::size_t end,
                        std::uint8_t kind) {
    while (begin < end && text[begin] == '0') {
        ++begin;
    }
    return make_part(begin, end - begin, kind);
}

std::string quoted(std::string_view text) {
    constexpr std::size_t kShown = 80;
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size() && i < kShown; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte >= 0x7f || byte == '"' || byte == '\\') {
            std::array<char, 8> escaped{};
            std::snprintf(escaped.data(), escaped.size(), "\\x%02x", byte);
            out += escaped.data();
        } else {
            out += text[i];
        }
    }
    if (text.size() > kShown) {
        out += "...";
    }
    out += '"';
    return out;
}

tl::unexpected<Error> bad_version(std::string_view what,
                                  std::string_view text,
                                  std::string_view reason) {
    return make_error(ErrorCode::kInvalidArgument, "not a " + std::string(what) + " version: " +
                                                       quoted(text) + ": " + std::string(reason));
}

bool has_digit(std::string_view text) {
    for (const char c : text) {
        if (is_digit(c)) {
            return true;
        }
    }
    return false;
}

bool all_digits(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    for (const char c : text) {
        if (!is_digit(c)) {
            return false;
        }
    }
    return true;
}

int compare_digits(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return a.size() < b.size() ? -1 : 1;
    }
    return compare_bytes(a, b);
}

int compare_bytes(std::string_view a, std::string_view b) {
    const int result = a.compare(b);
    return sign(result);
}

int compare_folded(std::string_view a, std::string_view b) {
    const std::size_t common = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < common; ++i) {
        const char x = to_lower(a[i]);
        const char y = to_lower(b[i]);
        if (x != y) {
            return static_cast<unsigned char>(x) < static_cast<unsigned char>(y) ? -1 : 1;
        }
    }
    if (a.size() == b.size()) {
        return 0;
    }
    return a.size() < b.size() ? -1 : 1;
}

bool equals_folded(std::string_view a, std::string_view b) {
    return a.size() == b.size() && compare_folded(a, b) == 0;
}

}  // namespace detail

}  // namespace wardround::vuln
