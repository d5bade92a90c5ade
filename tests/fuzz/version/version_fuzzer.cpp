// SPDX-License-Identifier: Apache-2.0
// Parses arbitrary bytes as two versions (split at the first newline; one version when there is
// none) in every scheme and checks properties, not just survival:
//   - a version equals itself, and its text parses again to an equal version;
//   - comparing the two both ways gives opposite answers, or "not orderable" both ways;
//   - compare_version_text agrees with parse_version and compare_versions.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <wardround/vuln/version.h>

namespace {

using wardround::vuln::Version;
using wardround::vuln::VersionScheme;

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

void check_self(VersionScheme scheme, const Version& version) {
    check(wardround::vuln::compare_versions(version, version) == 0);
    auto again = wardround::vuln::parse_version(scheme, version.text());
    check(again.has_value());
    check(wardround::vuln::compare_versions(*again, version) == 0);
}

void check_scheme(VersionScheme scheme, std::string_view first, std::string_view second) {
    auto a = wardround::vuln::parse_version(scheme, first);
    auto b = wardround::vuln::parse_version(scheme, second);
    if (a) {
        check(a->scheme() == scheme);
        check_self(scheme, *a);
    }
    if (b) {
        check_self(scheme, *b);
    }
    auto text = wardround::vuln::compare_version_text(scheme, first, second);
    if (!a || !b) {
        check(!text.has_value());
        return;
    }
    const auto ab = wardround::vuln::compare_versions(*a, *b);
    const auto ba = wardround::vuln::compare_versions(*b, *a);
    check(ab.has_value() == ba.has_value());
    check(text.has_value() == ab.has_value());
    if (ab) {
        check(*ab >= -1 && *ab <= 1);
        check(*ab == -*ba);
        check(*text == *ab);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    const std::string_view first = input.substr(0, newline);
    const std::string_view second =
        newline == std::string_view::npos ? first : input.substr(newline + 1);
    for (std::size_t i = 0; i < wardround::vuln::kVersionSchemeCount; ++i) {
        check_scheme(static_cast<VersionScheme>(i), first, second);
    }
    return 0;
}
