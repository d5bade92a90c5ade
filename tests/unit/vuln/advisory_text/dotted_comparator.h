// SPDX-License-Identifier: Apache-2.0
// A small comparator for the advisory_text tests only: versions split at '.', each component read
// as leading digits (compared as numbers) then the rest (compared as text); missing components
// count as 0. A component with digits against one without cannot be ordered.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/vuln/advisory_text.h>

namespace wardround::vuln::advisory_test {

inline std::optional<int> compare_dotted(std::string_view a, std::string_view b) {
    const auto components = [](std::string_view text) {
        std::vector<std::string_view> parts;
        std::size_t start = 0;
        while (true) {
            const std::size_t dot = text.find('.', start);
            parts.push_back(text.substr(start, dot - start));
            if (dot == std::string_view::npos) {
                return parts;
            }
            start = dot + 1;
        }
    };
    const std::vector<std::string_view> left = components(a);
    const std::vector<std::string_view> right = components(b);
    for (std::size_t i = 0; i < left.size() || i < right.size(); ++i) {
        const std::string_view x = i < left.size() ? left[i] : "0";
        const std::string_view y = i < right.size() ? right[i] : "0";
        const auto digits = [](std::string_view text) {
            std::size_t n = 0;
            while (n < text.size() && text[n] >= '0' && text[n] <= '9') {
                ++n;
            }
            return n;
        };
        const std::size_t dx = digits(x);
        const std::size_t dy = digits(y);
        if ((dx == 0) != (dy == 0)) {
            return std::nullopt;
        }
        if (dx > 9 || dy > 9) {
            return std::nullopt;
        }
        if (dx > 0) {
            const unsigned long nx = std::stoul(std::string(x.substr(0, dx)));
            const unsigned long ny = std::stoul(std::string(y.substr(0, dy)));
            if (nx != ny) {
                return nx < ny ? -1 : 1;
            }
        }
        const int rest = x.substr(dx).compare(y.substr(dy));
        if (rest != 0) {
            return rest < 0 ? -1 : 1;
        }
    }
    return 0;
}

inline VersionComparator dotted_comparator() {
    return [](std::string_view a, std::string_view b) {
        return compare_dotted(a, b);
    };
}

}  // namespace wardround::vuln::advisory_test
