// SPDX-License-Identifier: Apache-2.0
// Windows build numbers: one to four numbers separated by dots (10.0.19045.3803, 6.1.7601),
// compared number by number with missing numbers counting as 0. Anything else, such as a service
// pack or edition name ("r2", "sp1"), is not a build number and does not parse.
#include <string_view>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

Result<Version> parse_windows(std::string_view text) {
    constexpr std::string_view kWhat = "Windows build";
    constexpr std::size_t kMaxParts = 4;
    Version version = VersionAccess::make(VersionScheme::kWindows, text);
    auto& parts = VersionAccess::parts(version);
    std::size_t begin = 0;
    while (true) {
        std::size_t end = text.find('.', begin);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        if (!all_digits(text.substr(begin, end - begin))) {
            return bad_version(kWhat, text, "only numbers separated by dots");
        }
        if (parts.size() == kMaxParts) {
            return bad_version(kWhat, text, "more than 4 numbers");
        }
        parts.push_back(number_part(text, begin, end));
        if (end == text.size()) {
            break;
        }
        begin = end + 1;
    }
    return version;
}

int compare_windows(const Version& a, const Version& b) {
    const auto& pa = VersionAccess::parts(a);
    const auto& pb = VersionAccess::parts(b);
    for (std::size_t i = 0; i < pa.size() || i < pb.size(); ++i) {
        const std::string_view x =
            i < pa.size() ? VersionAccess::view(a, pa[i]) : std::string_view();
        const std::string_view y =
            i < pb.size() ? VersionAccess::view(b, pb[i]) : std::string_view();
        if (const int order = compare_digits(x, y); order != 0) {
            return order;
        }
    }
    return 0;
}

}  // namespace wardround::vuln::detail
