// SPDX-License-Identifier: Apache-2.0
#include <wardround/core/text.h>
#include <wardround/org/organisation.h>

namespace wardround::org {

std::string_view org_level_name(OrgLevel level) {
    switch (level) {
        case OrgLevel::kNation:
            return "nation";
        case OrgLevel::kRegion:
            return "region";
        case OrgLevel::kIcb:
            return "icb";
        case OrgLevel::kOrganisation:
            return "organisation";
        case OrgLevel::kSite:
            return "site";
    }
    return "organisation";
}

std::optional<OrgLevel> parse_org_level(std::string_view name) {
    for (OrgLevel level : {OrgLevel::kNation, OrgLevel::kRegion, OrgLevel::kIcb,
                           OrgLevel::kOrganisation, OrgLevel::kSite}) {
        if (iequals(name, org_level_name(level))) {
            return level;
        }
    }
    return std::nullopt;
}

int org_level_depth(OrgLevel level) {
    return static_cast<int>(level);
}

const std::vector<OrgType>& org_types() {
    static const std::vector<OrgType> kTypes = {
        {"nation", OrgLevel::kNation, "a nation's health service (England)"},
        {"region", OrgLevel::kRegion, "an NHS England region"},
        {"icb", OrgLevel::kIcb, "an integrated care board"},
        {"trust", OrgLevel::kOrganisation, "an NHS trust or foundation trust"},
        {"care-trust", OrgLevel::kOrganisation, "a care trust"},
        {"ambulance-trust", OrgLevel::kOrganisation, "an ambulance service trust"},
        {"csu", OrgLevel::kOrganisation, "a commissioning support unit"},
        {"gp-practice", OrgLevel::kOrganisation, "a general practice"},
        {"pcn", OrgLevel::kOrganisation, "a primary care network"},
        {"gp-federation", OrgLevel::kOrganisation, "a GP federation"},
        {"independent-provider", OrgLevel::kOrganisation, "an independent provider of NHS care"},
        {"other", OrgLevel::kOrganisation, "any other organisation"},
        {"site", OrgLevel::kSite, "a hospital or other site of an organisation"},
    };
    return kTypes;
}

const OrgType* find_org_type(std::string_view name) {
    const std::string_view wanted = trim(name);
    for (const OrgType& type : org_types()) {
        if (iequals(type.name, wanted)) {
            return &type;
        }
    }
    return nullptr;
}

}  // namespace wardround::org
