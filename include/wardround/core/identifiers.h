// SPDX-License-Identifier: Apache-2.0
// Checks for identifiers that every feed carries.
#pragma once

#include <string_view>

namespace wardround {

// True for "CVE-YYYY-NNNN" with 4 to 19 digits after the year (the KEV schema's pattern; numbers
// now pass 6 digits).
[[nodiscard]] bool is_cve_id(std::string_view text);

}  // namespace wardround
