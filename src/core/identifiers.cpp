// SPDX-License-Identifier: Apache-2.0
#include <algorithm>

#include <wardround/core/identifiers.h>

namespace wardround {

bool is_cve_id(std::string_view text) {
    if (text.size() < 13 || text.substr(0, 4) != "CVE-" || text[8] != '-') {
        return false;
    }
    const auto digits = [](std::string_view part) {
        return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const std::size_t number_length = text.size() - 9;
    return digits(text.substr(4, 4)) && digits(text.substr(9)) && number_length >= 4 &&
           number_length <= 19;
}

}  // namespace wardround
