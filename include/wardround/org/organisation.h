// SPDX-License-Identifier: Apache-2.0
// Organisations: the tree nation > region > ICB > organisation > site that every organisation-owned
// row hangs from, addressed by ODS-style codes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>

namespace wardround::org {

enum class OrgLevel { kNation, kRegion, kIcb, kOrganisation, kSite };

[[nodiscard]] std::string_view org_level_name(OrgLevel level);
[[nodiscard]] std::optional<OrgLevel> parse_org_level(std::string_view name);
// Depth in the tree: nation 0 ... site 4. A parent is always shallower than its child.
[[nodiscard]] int org_level_depth(OrgLevel level);

// The organisation types Wardround knows and the level each sits at. The documented CSV's `type`
// column takes one of these names.
struct OrgType {
    std::string_view name;  // "trust", "care-trust", "csu", ...
    OrgLevel level;
    std::string_view description;
};
[[nodiscard]] const std::vector<OrgType>& org_types();
[[nodiscard]] const OrgType* find_org_type(std::string_view name);

struct DsptStatus {
    std::string period;        // "2022-23"
    std::string status;        // "Standards Met", "Approaching Standards", "Not Published", ...
    std::string published_on;  // YYYY-MM-DD or ""
};

struct Organisation {
    std::int64_t id = 0;
    std::string code;
    std::string name;
    OrgLevel level = OrgLevel::kOrganisation;
    std::string type;
    std::string parent_code;  // "" for the root
    std::string ons_code;
    std::string sector;
    std::optional<double> latitude;
    std::optional<double> longitude;
    std::string opened_on;
    std::string closed_on;
};

}  // namespace wardround::org
