// SPDX-License-Identifier: Apache-2.0
// The ids of the end-of-life rules (data/checks/unsupported-systems.yaml) that other modules read
// results of, and which of them make a system "unsupported". The report's headline, its
// unsupported-systems section and the auto-evidence figures must agree on that, so it is said once.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace wardround::checks::end_of_life {

constexpr std::string_view kPack = "unsupported-systems";
constexpr std::string_view kOperatingSystem = "WR-EOL-001";  // past all support
// Supported only by paid extended updates: shown, but not counted as unsupported, since whether
// the organisation bought them is in no inventory.
constexpr std::string_view kExtendedUpdatesOnly = "WR-EOL-002";
constexpr std::string_view kSoftware = "WR-EOL-003";
constexpr std::string_view kMedicalDevice = "WR-EOL-004";

// The rules whose failure makes a system unsupported, in id order.
constexpr std::array<std::string_view, 3> kUnsupportedRules{kOperatingSystem, kSoftware,
                                                            kMedicalDevice};

[[nodiscard]] constexpr bool counts_as_unsupported(std::string_view rule_id) {
    return std::find(kUnsupportedRules.begin(), kUnsupportedRules.end(), rule_id) !=
           kUnsupportedRules.end();
}

}  // namespace wardround::checks::end_of_life
